// W10 as two stack policies: a NetworkPolicy selects pods by label within its namespace, so coverage
// is a property of the whole set. A namespace's default-deny is a NetworkPolicy that selects every
// pod (`podSelector: {}`), isolates it for the required directions (Ingress by default), and has no
// rule that admits every source.
//
// A policy sees one stack, and a namespace's NetworkPolicies belong to the stack that owns the
// namespace. An environment stack's database bootstrap Job runs in the platform namespace, whose
// policies the platform stack creates; such pods are named in `allowedWorkloads` with the reason,
// and test/policy-environment-stacks.test.ts checks over both stacks' plans that they are covered.
import type { PolicyResource } from "@pulumi/policy";

import { allowedWorkloadsSchema, stringListSchema } from "../../lib/config-schemas";
import type { AllowListConfig } from "../../lib/findings";
import { stackPolicy } from "../../lib/define-policy";
import { gameEnvironments } from "../../lib/environments";
import { selectorMatches, selectsAll } from "../../lib/label-selectors";
import { isAllowed, namespaceOf, objectNameOf, podTemplateOf } from "../../lib/pod-templates";
import { NetworkPolicy } from "../../lib/resource-types";
import { readKnown, resourcesOfType } from "../../lib/stack-resources";
import { arrayOf, type Props } from "../../lib/values";

/** W10 (pods): every pod is selected by some NetworkPolicy of its namespace. */
export const k8sPodsSelectedByNetworkPolicy = stackPolicy(
  {
    name: "k8s-pods-selected-by-network-policy",
    catalogueId: "W10",
    check:
      "Every pod template is selected by a NetworkPolicy in its namespace (allowedWorkloads: pods whose namespace's policies another stack creates).",
    enforcementLevel: "mandatory",
    config: { allowedWorkloads: allowedWorkloadsSchema },
  },
  (args, report) => {
    const { allowedWorkloads = [] } = args.getConfig<AllowListConfig>();
    const policies = resourcesOfType(args.resources, NetworkPolicy);
    for (const resource of args.resources) {
      const uncovered = readKnown(() => {
        const template = podTemplateOf(resource);
        if (!template) return undefined;
        const { namespace, kind, name } = template.workload();
        if (isAllowed(allowedWorkloads, { namespace, name })) return undefined;
        const labels = template.podLabels();
        const covered = policies.some(
          (np) =>
            readKnown(
              () => namespaceOf(np) === namespace && selectorMatches(np.props.spec?.podSelector, labels),
            ) ?? false,
        );
        return covered ? undefined : `${kind} ${namespace}/${name}`;
      });
      if (uncovered) report(`no NetworkPolicy selects the pods of ${uncovered}`, resource.urn);
    }
  },
);

/** The policy types a NetworkPolicy isolates: its `policyTypes`, or the API server's default. */
function isolatedDirections(spec: Props | undefined): string[] {
  const declared = arrayOf<string>(spec?.policyTypes);
  if (declared.length > 0) return [...declared];
  return spec?.egress !== undefined ? ["Ingress", "Egress"] : ["Ingress"];
}

/** True when some rule of `direction` admits every peer (no peers listed). */
function admitsEveryone(spec: Props | undefined, direction: string): boolean {
  const rules = arrayOf<Props>(direction === "Ingress" ? spec?.ingress : spec?.egress);
  const peers = direction === "Ingress" ? "from" : "to";
  return rules.some((rule) => arrayOf(rule[peers]).length === 0);
}

/** True when `np` is a default-deny policy for `directions`. */
export function isDefaultDeny(np: PolicyResource, directions: readonly string[]): boolean {
  const spec = np.props.spec;
  if (!selectsAll(spec?.podSelector ?? {})) return false;
  const isolated = isolatedDirections(spec);
  return directions.every((d) => isolated.includes(d) && !admitsEveryone(spec, d));
}

/** W10 (namespaces): every game environment namespace has a default-deny NetworkPolicy. */
export const k8sEnvironmentDefaultDeny = stackPolicy(
  {
    name: "k8s-environment-default-deny",
    catalogueId: "W10",
    check: "Every game environment namespace has a default-deny NetworkPolicy (all pods, no allow-all rule).",
    enforcementLevel: "mandatory",
    config: {
      requiredPolicyTypes: stringListSchema("Directions the default-deny policy must isolate.", ["Ingress"]),
    },
  },
  (args, report) => {
    const { requiredPolicyTypes = ["Ingress"] } = args.getConfig<{ requiredPolicyTypes?: string[] }>();
    const policies = resourcesOfType(args.resources, NetworkPolicy);
    for (const env of gameEnvironments(args.resources)) {
      const found = policies.some(
        (np) =>
          readKnown(
            () => objectNameOf(env.resource) === namespaceOf(np) && isDefaultDeny(np, requiredPolicyTypes),
          ) ?? false,
      );
      if (!found) {
        report(
          `environment ${env.name} (namespace ${env.namespace}) has no default-deny NetworkPolicy for ${requiredPolicyTypes.join(", ")}`,
          env.resource.urn,
        );
      }
    }
  },
);

/** The NetworkPolicy policies. */
export const networkPolicyPolicies = [k8sPodsSelectedByNetworkPolicy, k8sEnvironmentDefaultDeny];
