/** How workloads are placed on node pools: labels, taints and the tolerations that match them. */
import type { Toleration } from "./grace";
import { POOL_LABEL } from "./naming";

/** What placement needs to know about a node pool (the resolved pool config has these and more). */
export interface PoolIdentity {
  readonly name: string;
  /** A dedicated pool is tainted so only workloads that tolerate it land there. */
  readonly dedicated: boolean;
  readonly labels: Readonly<Record<string, string>>;
}

/** The taint a dedicated pool carries, in the EKS API's shape. */
export interface EksTaint {
  readonly key: string;
  readonly value: string;
  readonly effect: "NO_SCHEDULE" | "NO_EXECUTE" | "PREFER_NO_SCHEDULE";
}

/** What a workload needs to land on a pool: its node selector and the tolerations for its taints. */
export interface PoolScheduling {
  readonly pool: string;
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly tolerations: readonly Toleration[];
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: readonly EksTaint[];
}

/** The node labels of a pool: its own plus `game-infra/pool: <name>`. */
export function poolLabels(pool: Pick<PoolIdentity, "name" | "labels">): Record<string, string> {
  return { ...pool.labels, [POOL_LABEL]: pool.name };
}

/** A dedicated pool's taint keeps every pod off it that does not tolerate `game-infra/pool=<name>`. */
export function poolTaints(pool: Pick<PoolIdentity, "name" | "dedicated">): EksTaint[] {
  return pool.dedicated ? [{ key: POOL_LABEL, value: pool.name, effect: "NO_SCHEDULE" }] : [];
}

/** The Kubernetes API's name of each EKS taint effect. */
const KUBERNETES_EFFECT = {
  NO_SCHEDULE: "NoSchedule",
  NO_EXECUTE: "NoExecute",
  PREFER_NO_SCHEDULE: "PreferNoSchedule",
} as const;

/** A pool's taints in the Kubernetes API's shape, as Karpenter NodePools carry them: the same as its managed node group would get. */
export function poolNodeTaints(pool: Pick<PoolIdentity, "name" | "dedicated">): Array<{
  key: string;
  value: string;
  effect: (typeof KUBERNETES_EFFECT)[EksTaint["effect"]];
}> {
  return poolTaints(pool).map((t) => ({ key: t.key, value: t.value, effect: KUBERNETES_EFFECT[t.effect] }));
}

/** Node selector and tolerations that place a pod on `pool` (and only there). */
export function poolScheduling(pool: Pick<PoolIdentity, "name" | "labels" | "dedicated">): PoolScheduling {
  const taints = poolTaints(pool);
  return {
    pool: pool.name,
    nodeSelector: { [POOL_LABEL]: pool.name },
    tolerations: taints.map((t) => ({ key: t.key, operator: "Equal", value: t.value, effect: "NoSchedule" })),
    labels: poolLabels(pool),
    taints,
  };
}
