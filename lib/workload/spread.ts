/**
 * Where a workload's pods go: the pool's node selector and tolerations plus the cluster's grace
 * tolerations, and topology spread so replicas do not share a node or a zone.
 */
import type * as k8s from "@pulumi/kubernetes";
import type { Toleration } from "../grace";
import type { SpreadPolicy } from "../environment/profile";

/** A node pool's placement: the shape of `GameCluster.gameScheduling`. */
export interface Placement {
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly tolerations: readonly Toleration[];
}

/** The node labels topology spread uses. */
export const TOPOLOGY_KEYS = {
  zone: "topology.kubernetes.io/zone",
  node: "kubernetes.io/hostname",
} as const;

function tolerationKey(t: Toleration): string {
  return [t.key, t.operator, t.value ?? "", t.effect].join("|");
}

/**
 * The pool's placement with the grace tolerations added. A toleration for the same taint that is
 * already there (GameCluster's placements include the grace tolerations) is kept once; when the
 * two disagree, the grace toleration wins, because it is what the stack's grace period asks for.
 */
export function podPlacement(
  pool: Placement,
  graceTolerations: readonly Toleration[],
): { nodeSelector: Record<string, string>; tolerations: Toleration[] } {
  const grace = new Set(graceTolerations.map(tolerationKey));
  return {
    nodeSelector: { ...pool.nodeSelector },
    tolerations: [...pool.tolerations.filter((t) => !grace.has(tolerationKey(t))), ...graceTolerations].map(
      (t) => ({ ...t }),
    ),
  };
}

/**
 * Topology spread for a workload that can have more than one pod: at most one pod of skew per zone
 * (best effort: a zone may have no room) and per node (`required` refuses to stack two replicas on
 * one node; `preferred` only avoids it). None for a single pod, where there is nothing to spread.
 */
export function topologySpread(
  selector: Readonly<Record<string, string>>,
  maxReplicas: number,
  policy: SpreadPolicy,
): k8s.types.input.core.v1.TopologySpreadConstraint[] {
  if (maxReplicas <= 1) return [];
  const labelSelector = { matchLabels: { ...selector } };
  return [
    { maxSkew: 1, topologyKey: TOPOLOGY_KEYS.zone, whenUnsatisfiable: "ScheduleAnyway", labelSelector },
    {
      maxSkew: 1,
      topologyKey: TOPOLOGY_KEYS.node,
      whenUnsatisfiable: policy === "required" ? "DoNotSchedule" : "ScheduleAnyway",
      labelSelector,
    },
  ];
}
