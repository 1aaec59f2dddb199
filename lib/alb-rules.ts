/**
 * How many values one ALB listener rule can hold, and how many of them the AWS Load Balancer
 * Controller spends on an Ingress path's host and path: the one place the program counts them.
 * Config validation, the components and any policy that checks an Ingress's extra conditions import
 * these. Facts: upstream/aws-elb/alb-listener-rule-limits.json (AWS quotas) and
 * upstream/aws-load-balancer-controller/ (how controller v2.16.0 builds a rule's conditions).
 */

/** AWS quota "Condition values per rule" (not adjustable): host, path and every extra condition together. */
export const ALB_CONDITION_VALUES_PER_RULE = 5;

/** At most this many values in one condition (e.g. the CIDRs of one source-ip condition). */
export const ALB_VALUES_PER_CONDITION = 3;

/** The Ingress path types the controller understands. */
export type IngressPathType = "Prefix" | "Exact" | "ImplementationSpecific";

/** One path of one Ingress rule, which the controller turns into one listener rule. */
export interface IngressRulePath {
  /** The rule's host; absent for a rule without one. */
  readonly host?: string;
  /** The path; absent for a rule that matches every path. */
  readonly path?: string;
  readonly pathType: IngressPathType;
}

/**
 * The host-header and path-pattern values controller v2.16.0 builds for a path (glob paths only;
 * regex paths are not used here): the host is one value; a Prefix path is `/*` for `/` and
 * `<path>` plus `<path>/*` otherwise; Exact and ImplementationSpecific paths are themselves.
 */
export function ingressPathConditionValues(rule: IngressRulePath): {
  readonly hostHeader: readonly string[];
  readonly pathPattern: readonly string[];
} {
  const hostHeader = rule.host ? [rule.host] : [];
  let pathPattern: string[] = [];
  if (rule.path) {
    if (rule.pathType !== "Prefix") pathPattern = [rule.path];
    else if (rule.path === "/") pathPattern = ["/*"];
    else {
      const trimmed = rule.path.replace(/\/$/, "");
      pathPattern = [trimmed, `${trimmed}/*`];
    }
  }
  // With no condition at all the controller matches every path with `/*`.
  if (hostHeader.length === 0 && pathPattern.length === 0) pathPattern = ["/*"];
  return { hostHeader, pathPattern };
}

/** How many CIDRs fit in the one source-ip condition of the listener rule for `rule`. */
export function maxSourceIpValues(rule: IngressRulePath): number {
  const { hostHeader, pathPattern } = ingressPathConditionValues(rule);
  const leftInRule = ALB_CONDITION_VALUES_PER_RULE - hostHeader.length - pathPattern.length;
  return Math.max(0, Math.min(ALB_VALUES_PER_CONDITION, leftInRule));
}

/** Why `maxSourceIpValues(rule)` is what it is, in words for an error message. */
export function sourceIpLimitReason(rule: IngressRulePath): string {
  const { hostHeader, pathPattern } = ingressPathConditionValues(rule);
  return (
    `one ALB listener rule holds at most ${ALB_CONDITION_VALUES_PER_RULE} condition values ` +
    `(${ALB_VALUES_PER_CONDITION} in one condition), and this rule's host and path take ` +
    `${hostHeader.length + pathPattern.length}`
  );
}
