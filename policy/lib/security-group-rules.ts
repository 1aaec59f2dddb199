// One shape for the three ways a security-group rule can be written: inline `ingress`/`egress` on
// aws.ec2.SecurityGroup (and DefaultSecurityGroup), the standalone aws.vpc rules, and the older
// aws.ec2.SecurityGroupRule. The network policies check this shape only.
import {
  DefaultSecurityGroup,
  SecurityGroup,
  SecurityGroupEgressRule,
  SecurityGroupIngressRule,
  SecurityGroupRule,
} from "./resource-types";
import { arrayOf, isSet, type Props } from "./values";

/** A security-group rule, whichever resource declared it. */
export interface RuleView {
  readonly direction: "ingress" | "egress";
  /** Where it was declared, for messages: `ingress[0]` for inline rules, `rule` for standalone ones. */
  readonly origin: string;
  /** Lower-case protocol name, `all` for -1. */
  readonly protocol: string;
  readonly fromPort: number;
  readonly toPort: number;
  /** IPv4 and IPv6 CIDR sources/destinations. */
  readonly cidrs: readonly string[];
  /** True when the rule names another security group, itself or a prefix list rather than CIDRs. */
  readonly referencesGroup: boolean;
  readonly description: string | undefined;
}

const protocolNames: Readonly<Record<string, string>> = {
  "-1": "all",
  "6": "tcp",
  "17": "udp",
  "1": "icmp",
  "58": "icmpv6",
};

/** The standalone and legacy rule types. */
export const standaloneRuleClasses = [
  SecurityGroupIngressRule,
  SecurityGroupEgressRule,
  SecurityGroupRule,
] as const;

/** Every rule a resource declares: inline rules of a security group, or the one standalone rule. */
export function rulesOf(resource: { props: Props; isType(cls: object): boolean }): RuleView[] {
  const props = resource.props;
  if (resource.isType(SecurityGroup) || resource.isType(DefaultSecurityGroup)) {
    return [
      ...arrayOf<Props>(props.ingress).map((r, i) => inlineRule("ingress", i, r)),
      ...arrayOf<Props>(props.egress).map((r, i) => inlineRule("egress", i, r)),
    ];
  }
  if (resource.isType(SecurityGroupIngressRule) || resource.isType(SecurityGroupEgressRule)) {
    const direction = resource.isType(SecurityGroupIngressRule) ? "ingress" : "egress";
    const cidrs = [props.cidrIpv4, props.cidrIpv6].filter((c): c is string => typeof c === "string");
    return [
      view(direction, "rule", props.ipProtocol, props.fromPort, props.toPort, cidrs, props.description, [
        isSet(props, "referencedSecurityGroupId"),
        isSet(props, "prefixListId"),
      ]),
    ];
  }
  if (resource.isType(SecurityGroupRule)) {
    const direction = props.type === "egress" ? "egress" : "ingress";
    const cidrs = [...arrayOf<string>(props.cidrBlocks), ...arrayOf<string>(props.ipv6CidrBlocks)];
    return [
      view(direction, "rule", props.protocol, props.fromPort, props.toPort, cidrs, props.description, [
        isSet(props, "sourceSecurityGroupId"),
        props.self === true,
        arrayOf(props.prefixListIds).length > 0,
      ]),
    ];
  }
  return [];
}

function inlineRule(direction: "ingress" | "egress", index: number, r: Props): RuleView {
  const cidrs = [...arrayOf<string>(r.cidrBlocks), ...arrayOf<string>(r.ipv6CidrBlocks)];
  return view(direction, `${direction}[${index}]`, r.protocol, r.fromPort, r.toPort, cidrs, r.description, [
    arrayOf(r.securityGroups).length > 0,
    r.self === true,
    arrayOf(r.prefixListIds).length > 0,
  ]);
}

function view(
  direction: "ingress" | "egress",
  origin: string,
  protocol: unknown,
  fromPort: unknown,
  toPort: unknown,
  cidrs: readonly string[],
  description: unknown,
  references: readonly boolean[],
): RuleView {
  const raw = String(protocol ?? "all").toLowerCase();
  const name = protocolNames[raw] ?? raw;
  const all = name === "all";
  return {
    direction,
    origin,
    protocol: name,
    fromPort: all || typeof fromPort !== "number" ? 0 : fromPort,
    toPort: all || typeof toPort !== "number" ? 65535 : toPort,
    cidrs,
    referencesGroup: references.some(Boolean),
    description: typeof description === "string" && description.trim() !== "" ? description : undefined,
  };
}

/** True when the rule carries TCP or UDP traffic (ICMP rules have no ports). */
export function hasPorts(rule: RuleView): boolean {
  return rule.protocol === "all" || rule.protocol === "tcp" || rule.protocol === "udp";
}

/** True when the rule admits traffic to `port`. */
export function coversPort(rule: RuleView, port: number): boolean {
  return hasPorts(rule) && rule.fromPort <= port && port <= rule.toPort;
}

/** True when the rule admits some port that is not in `allowed`. */
export function coversPortOutside(rule: RuleView, allowed: readonly number[]): boolean {
  if (!hasPorts(rule)) return false;
  const inRange = new Set(allowed.filter((p) => rule.fromPort <= p && p <= rule.toPort));
  return rule.toPort - rule.fromPort + 1 > inRange.size;
}

/** A rule in a few words, e.g. `ingress[0] (tcp 22-22)`. */
export function describeRule(rule: RuleView): string {
  const ports = rule.protocol === "all" ? "all traffic" : `${rule.protocol} ${rule.fromPort}-${rule.toPort}`;
  return `${rule.origin} (${ports})`;
}
