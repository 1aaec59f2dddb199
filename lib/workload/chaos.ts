/**
 * Opt-in chaos testing with kube-monkey: it only kills pods of workloads that carry its labels, on
 * the workload and on its pod template (the identifier is how it finds the pods).
 */
import type { ChaosConfig } from "../environment/profile";

/** The kube-monkey label keys. */
export const KUBE_MONKEY_LABELS = {
  enabled: "kube-monkey/enabled",
  identifier: "kube-monkey/identifier",
  mtbf: "kube-monkey/mtbf",
  killMode: "kube-monkey/kill-mode",
  killValue: "kube-monkey/kill-value",
} as const;

/**
 * kube-monkey's labels for one workload, or none when chaos is off. `identifier` must be unique in
 * the cluster (`<environment>-<workload>`). The MTBF is written as a bare number of days, which
 * every kube-monkey release reads as days.
 */
export function chaosLabels(identifier: string, chaos: ChaosConfig | undefined): Record<string, string> {
  if (!chaos) return {};
  return {
    [KUBE_MONKEY_LABELS.enabled]: "enabled",
    [KUBE_MONKEY_LABELS.identifier]: identifier,
    [KUBE_MONKEY_LABELS.mtbf]: String(chaos.mtbfDays),
    [KUBE_MONKEY_LABELS.killMode]: chaos.killMode,
    ...(chaos.killMode !== "kill-all"
      ? { [KUBE_MONKEY_LABELS.killValue]: String(chaos.killValue ?? 1) }
      : {}),
  };
}
