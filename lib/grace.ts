/**
 * The node-failure grace period on EKS.
 *
 * EKS fixes the kube-controller-manager's `node-monitor-grace-period` (40 s; upstream 50 s since
 * Kubernetes 1.32) and does not let anyone change it. After that period a node that stopped reporting
 * is tainted `node.kubernetes.io/unreachable` or `node.kubernetes.io/not-ready` (NoExecute), and pods
 * are evicted once their `tolerationSeconds` for that taint run out. So the grace period a stack asks
 * for is honoured by giving every pod template both tolerations with
 * `tolerationSeconds = max(0, G - 40)`: eviction then happens about G after the last heartbeat.
 */

/** The controller-manager grace period EKS applies and nobody can change, in seconds. */
export const EKS_NODE_MONITOR_GRACE_SECONDS = 40;

/** The NoExecute taints the node lifecycle controller puts on a node that stopped reporting. */
export const NODE_FAILURE_TAINTS = [
  "node.kubernetes.io/not-ready",
  "node.kubernetes.io/unreachable",
] as const;

/** A pod toleration in the shape the Kubernetes API takes. */
export interface Toleration {
  readonly key: string;
  readonly operator: "Exists" | "Equal";
  readonly value?: string;
  readonly effect: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
  readonly tolerationSeconds?: number;
}

/** Seconds a pod stays bound to a failed node so that eviction happens `gracePeriodSeconds` after its last heartbeat. */
export function graceTolerationSeconds(
  gracePeriodSeconds: number,
  fixedMonitorSeconds: number = EKS_NODE_MONITOR_GRACE_SECONDS,
): number {
  if (!Number.isFinite(gracePeriodSeconds) || gracePeriodSeconds < 0) {
    throw new RangeError(`grace period must be a non-negative number of seconds, got ${gracePeriodSeconds}`);
  }
  return Math.max(0, Math.round(gracePeriodSeconds) - fixedMonitorSeconds);
}

/** The two tolerations every pod template carries for a stack's `nodeMonitorGracePeriod`. */
export function graceTolerations(
  gracePeriodSeconds: number,
  fixedMonitorSeconds: number = EKS_NODE_MONITOR_GRACE_SECONDS,
): Toleration[] {
  const tolerationSeconds = graceTolerationSeconds(gracePeriodSeconds, fixedMonitorSeconds);
  return NODE_FAILURE_TAINTS.map((key) => ({
    key,
    operator: "Exists",
    effect: "NoExecute",
    tolerationSeconds,
  }));
}

/**
 * The grace period that `tolerations` honour: the inverse of {@link graceTolerations} (the seconds
 * of the not-ready and unreachable tolerations plus the fixed monitor period), or `undefined` when
 * either is missing or the two disagree. GameEnvironment declares it as an input, so the grace
 * policy can check the environment's pods against the cluster that handed it the tolerations.
 */
export function gracePeriodOfTolerations(
  tolerations: readonly Toleration[],
  fixedMonitorSeconds: number = EKS_NODE_MONITOR_GRACE_SECONDS,
): number | undefined {
  const seconds = NODE_FAILURE_TAINTS.map(
    (key) =>
      tolerations.find((t) => t.key === key && t.operator === "Exists" && t.effect === "NoExecute")
        ?.tolerationSeconds,
  );
  const [first] = seconds;
  if (first === undefined || seconds.some((s) => s !== first)) return undefined;
  return fixedMonitorSeconds + first;
}
