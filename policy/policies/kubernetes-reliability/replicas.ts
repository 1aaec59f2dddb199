// Replica policies (catalogue W7-W9) as stack policies: a workload's pod count may come from a
// HorizontalPodAutoscaler, and a PodDisruptionBudget is a separate resource that selects pods by
// label (see lib/replicas.ts and lib/label-selectors.ts).
import type { PolicyResource } from "@pulumi/policy";

import { type AllowedWorkload, allowedWorkloadsSchema, integerSchema } from "../../lib/config-schemas";
import { stackPolicy } from "../../lib/define-policy";
import { selectorMatches } from "../../lib/label-selectors";
import { isAllowed, namespaceOf } from "../../lib/pod-templates";
import { type ReplicatedWorkload, replicatedWorkloads, workloadLabel } from "../../lib/replicas";
import { PodDisruptionBudget } from "../../lib/resource-types";
import { readKnown, resourcesOfType } from "../../lib/stack-resources";
import { arrayOf, type Props } from "../../lib/values";

const defaultMinReplicas = 2;

/** W7: workloads run at least the configured number of replicas (mandatory on stage via tier config). */
export const k8sMinReplicas = stackPolicy(
  {
    name: "k8s-min-replicas",
    catalogueId: "W7",
    check: "Deployments and StatefulSets run at least the tier's minReplicas (autoscaler minimum counts).",
    enforcementLevel: "advisory",
    config: {
      minReplicas: integerSchema("Fewest replicas a workload may run.", defaultMinReplicas, 1),
      // Singletons by design (a scheduler that must never run twice, a one-node database).
      allowedWorkloads: allowedWorkloadsSchema,
    },
  },
  (args, report) => {
    const { minReplicas = defaultMinReplicas, allowedWorkloads = [] } = args.getConfig<{
      minReplicas?: number;
      allowedWorkloads?: readonly AllowedWorkload[];
    }>();
    for (const w of replicatedWorkloads(args.resources)) {
      if (w.minReplicas < minReplicas && !isAllowed(allowedWorkloads, w.ref)) {
        report(
          `${workloadLabel(w.ref)} runs ${w.minReplicas} replica(s); at least ${minReplicas} required`,
          w.resource.urn,
        );
      }
    }
  },
);

/** The PodDisruptionBudgets in the stack that select the workload's pods. */
function budgetsFor(workload: ReplicatedWorkload, budgets: readonly PolicyResource[]): PolicyResource[] {
  return budgets.filter(
    (pdb) =>
      readKnown(
        () =>
          namespaceOf(pdb) === workload.ref.namespace &&
          selectorMatches(pdb.props.spec?.selector, workload.template.podLabels()),
      ) ?? false,
  );
}

/** W8 (advisory part): replicated workloads have a PodDisruptionBudget. */
export const k8sPdbRequired = stackPolicy(
  {
    name: "k8s-pdb-required",
    catalogueId: "W8",
    check: "Every workload that can run more than one replica is selected by a PodDisruptionBudget.",
    enforcementLevel: "advisory",
  },
  (args, report) => {
    const budgets = resourcesOfType(args.resources, PodDisruptionBudget);
    for (const w of replicatedWorkloads(args.resources)) {
      if (w.maxReplicas > 1 && budgetsFor(w, budgets).length === 0) {
        report(
          `${workloadLabel(w.ref)} runs up to ${w.maxReplicas} replicas but no PodDisruptionBudget selects it`,
          w.resource.urn,
        );
      }
    }
  },
);

/** Why a budget admits no voluntary disruption of `workload`, if it does not. */
export function zeroDisruptionReason(spec: Props | undefined, replicas: number): string | undefined {
  const maxUnavailable: unknown = spec?.maxUnavailable;
  const minAvailable: unknown = spec?.minAvailable;
  if (maxUnavailable === 0 || maxUnavailable === "0%" || maxUnavailable === "0") return "maxUnavailable is 0";
  if (minAvailable === "100%") return "minAvailable is 100%";
  if (typeof minAvailable === "number" && minAvailable >= replicas) {
    return `minAvailable ${minAvailable} is not below the ${replicas} replica(s) it guards`;
  }
  return undefined;
}

/** W8 (mandatory part): no budget blocks every voluntary disruption (node drains would hang). */
export const k8sPdbAllowsDisruption = stackPolicy(
  {
    name: "k8s-pdb-allows-disruption",
    catalogueId: "W8",
    check:
      "No PodDisruptionBudget forbids every voluntary disruption (maxUnavailable 0, minAvailable 100% or >= replicas).",
    enforcementLevel: "mandatory",
  },
  (args, report) => {
    const workloads = replicatedWorkloads(args.resources);
    for (const pdb of resourcesOfType(args.resources, PodDisruptionBudget)) {
      const reasons = readKnown(() => {
        const selected = workloads.filter((w) => budgetsFor(w, [pdb]).length > 0);
        const fewest = selected.length > 0 ? Math.min(...selected.map((w) => w.minReplicas)) : Infinity;
        const reason = zeroDisruptionReason(pdb.props.spec, fewest);
        return reason ? [reason] : [];
      });
      for (const reason of reasons ?? [])
        report(`the budget allows no voluntary disruption: ${reason}`, pdb.urn);
    }
  },
);

/** W9: replicated workloads spread their pods over nodes or zones. */
export const k8sReplicaSpread = stackPolicy(
  {
    name: "k8s-replica-spread",
    catalogueId: "W9",
    check:
      "Workloads that can run more than one replica use pod anti-affinity or topology spread constraints.",
    enforcementLevel: "advisory",
  },
  (args, report) => {
    for (const w of replicatedWorkloads(args.resources)) {
      if (w.maxReplicas <= 1) continue;
      const spread = readKnown(() => {
        const spec = w.template.spec;
        const anti = spec.affinity?.podAntiAffinity;
        return (
          arrayOf(spec.topologySpreadConstraints).length > 0 ||
          arrayOf(anti?.requiredDuringSchedulingIgnoredDuringExecution).length > 0 ||
          arrayOf(anti?.preferredDuringSchedulingIgnoredDuringExecution).length > 0
        );
      });
      if (spread === false) {
        report(
          `${workloadLabel(w.ref)} runs up to ${w.maxReplicas} replicas with no anti-affinity or topology spread`,
          w.resource.urn,
        );
      }
    }
  },
);

/** The replica policies. */
export const replicaPolicies = [k8sMinReplicas, k8sPdbRequired, k8sPdbAllowsDisruption, k8sReplicaSpread];
