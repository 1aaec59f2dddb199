// W6: EKS fixes the controller-manager's node-monitor-grace-period, so the stack's
// nodeMonitorGracePeriod is honoured through pod tolerations of the not-ready and unreachable
// NoExecute taints (DESIGN.md, EKS-NOTES.md). The expected tolerationSeconds comes from the stack
// itself, never from a copy in policy config: GameCluster declares the stack's grace period as
// `nodeMonitorGracePeriodSeconds`, and GameEnvironment the grace period of the tolerations its
// cluster handed it, both as an input (what the offline plan records and the runner hands stack
// policies) and as a registered output (what the engine's AnalyzeStack hands them: a component's
// outputs replace its inputs). A stack policy then checks every pod template, and every Helm
// release's values that set `tolerations`, against its nearest declaring ancestor, or else the one
// value the stack declares.
import type * as k8s from "@pulumi/kubernetes";
import type { PolicyResource } from "@pulumi/policy";
import type { Unwrap } from "@pulumi/pulumi";

import { stackPolicy } from "../../lib/define-policy";
import { walkValues } from "../../lib/helm-values";
import { podTemplateOf, workloadClasses } from "../../lib/pod-templates";
import { HelmRelease } from "../../lib/resource-types";
import { readKnown } from "../../lib/stack-resources";
import { arrayOf } from "../../lib/values";

type Toleration = Unwrap<k8s.types.input.core.v1.Toleration>;

/** The taints a node gets when it stops reporting. */
export const graceTaints = ["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"];

/**
 * EKS's node-monitor-grace-period in seconds, which nobody can change (EKS-NOTES.md). The pack does
 * not import the program, so this is the pack's own statement of the fact; a test holds it equal to
 * the program's `EKS_NODE_MONITOR_GRACE_SECONDS` in lib/grace.ts.
 */
export const EKS_NODE_MONITOR_GRACE_SECONDS = 40;

/**
 * The component types that declare the stack's grace period, and the property they declare it in
 * (both an input and a registered output).
 */
export const GRACE_DECLARING_TYPES = ["game:index:GameCluster", "game:index:GameEnvironment"] as const;
export const GRACE_PERIOD_PROPERTY = "nodeMonitorGracePeriodSeconds";

/** The tolerationSeconds that make eviction happen `gracePeriodSeconds` after the last heartbeat. */
export function expectedTolerationSeconds(gracePeriodSeconds: number): number {
  return Math.max(0, Math.round(gracePeriodSeconds) - EKS_NODE_MONITOR_GRACE_SECONDS);
}

/** Where an expected value comes from, for messages. */
export interface GraceExpectation {
  readonly gracePeriodSeconds: number;
  /** e.g. `game:index:GameCluster "dev"`. */
  readonly declaredBy: string;
}

/**
 * Problems with `tolerations` against the grace-period rule. Without an expectation only the
 * tolerations' presence and shape are judged.
 */
export function graceTolerationProblems(
  tolerations: readonly Toleration[],
  expectation: GraceExpectation | undefined,
): string[] {
  return graceTaints.flatMap((taint) => {
    const match = tolerations.find(
      (t) => t.key === taint && t.effect === "NoExecute" && t.operator === "Exists",
    );
    if (!match) return [`no toleration for ${taint} (operator Exists, effect NoExecute)`];
    if (typeof match.tolerationSeconds !== "number")
      return [`the ${taint} toleration has no tolerationSeconds`];
    if (expectation === undefined) return [];
    const seconds = expectedTolerationSeconds(expectation.gracePeriodSeconds);
    if (match.tolerationSeconds === seconds) return [];
    return [
      `the ${taint} toleration waits ${match.tolerationSeconds}s, not ${seconds}s (the nodeMonitorGracePeriod of ${expectation.gracePeriodSeconds}s that ${expectation.declaredBy} declares, minus EKS's fixed ${EKS_NODE_MONITOR_GRACE_SECONDS}s)`,
    ];
  });
}

interface Declaration extends GraceExpectation {
  readonly resource: PolicyResource;
}

/** The resource's declared grace period: a number, an invalid value, or none. */
function declarationOf(resource: PolicyResource): Declaration | "invalid" | undefined {
  if (!(GRACE_DECLARING_TYPES as readonly string[]).includes(resource.type)) return undefined;
  const value: unknown = readKnown(() => resource.props[GRACE_PERIOD_PROPERTY]);
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) return "invalid";
  return { resource, gracePeriodSeconds: value, declaredBy: `${resource.type} "${resource.name}"` };
}

/** The tolerations lists a resource carries: its pod template's, or each one its Helm values set. */
function tolerationLists(
  resource: PolicyResource,
): { label: string; tolerations: Toleration[] }[] | undefined {
  if (resource.isType(HelmRelease)) {
    // Values are read past the unknown-checking proxy, as the other Helm value rules do.
    const values: unknown = Object.getOwnPropertyDescriptor(resource.props, "values")?.value;
    return walkValues(values)
      .filter((e) => e.key === "tolerations" && Array.isArray(e.value))
      .map((e) => ({ label: `Helm values ${e.path}: `, tolerations: e.value as Toleration[] }));
  }
  if (!workloadClasses.some((c) => resource.isType(c))) return [];
  return readKnown(() => {
    const template = podTemplateOf(resource);
    return template ? [{ label: "", tolerations: [...arrayOf(template.spec.tolerations)] }] : [];
  });
}

/** The nearest ancestor declaration of `resource`. */
function ancestorDeclaration(
  resource: PolicyResource,
  declarations: ReadonlyMap<string, Declaration>,
): Declaration | undefined {
  for (let r = resource.parent; r !== undefined; r = r.parent) {
    const found = declarations.get(r.urn);
    if (found) return found;
  }
  return undefined;
}

/** W6: grace-period tolerations on every pod template, matching the grace period the stack declares. */
export const k8sGracePeriodTolerations = stackPolicy(
  {
    name: "k8s-grace-period-tolerations",
    catalogueId: "W6",
    check:
      "Every pod template tolerates node.kubernetes.io/not-ready and /unreachable (NoExecute) for the nodeMonitorGracePeriod the stack declares (GameCluster/GameEnvironment nodeMonitorGracePeriodSeconds) minus EKS's fixed 40s.",
    enforcementLevel: "mandatory",
  },
  (args, report) => {
    const declarations = new Map<string, Declaration>();
    for (const resource of args.resources) {
      const declared = declarationOf(resource);
      if (declared === "invalid") {
        report(`${GRACE_PERIOD_PROPERTY} must be a number of seconds, 0 or more`, resource.urn);
      } else if (declared) {
        declarations.set(resource.urn, declared);
      }
    }
    // Every pod of a cluster fails over the same way: all declarations must agree.
    const values = [...new Set([...declarations.values()].map((d) => d.gracePeriodSeconds))];
    if (values.length > 1) {
      for (const d of declarations.values()) {
        const others = [...declarations.values()]
          .filter((o) => o.gracePeriodSeconds !== d.gracePeriodSeconds)
          .map((o) => `${o.declaredBy}: ${o.gracePeriodSeconds}s`);
        report(
          `declares a nodeMonitorGracePeriod of ${d.gracePeriodSeconds}s, but ${others.join(", ")}; one stack has one grace period`,
          d.resource.urn,
        );
      }
    }
    const stackWide = values.length === 1 ? [...declarations.values()][0] : undefined;

    let undeclared = 0;
    for (const resource of args.resources) {
      const lists = tolerationLists(resource);
      if (!lists || lists.length === 0) continue;
      const expectation = ancestorDeclaration(resource, declarations) ?? stackWide;
      if (!expectation && declarations.size === 0) undeclared++;
      for (const { label, tolerations } of lists) {
        for (const problem of graceTolerationProblems(tolerations, expectation)) {
          report(`${label}${problem}`, resource.urn);
        }
      }
    }
    if (undeclared > 0) {
      // The program declares the grace period on every GameCluster and GameEnvironment, so pods
      // without a declaration mean it was lost (a component that stopped declaring it, or component
      // inputs dropped from an offline plan by PULUMI_NODEJS_SKIP_COMPONENT_INPUTS); passing them
      // would let this rule check nothing.
      report(
        `${undeclared} resource(s) carry pod tolerations, but no ${GRACE_DECLARING_TYPES.join(" or ")} declares ${GRACE_PERIOD_PROPERTY}, so their tolerationSeconds cannot be checked against the stack's nodeMonitorGracePeriod`,
      );
    }
  },
);
