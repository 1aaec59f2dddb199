// W6: EKS fixes the controller-manager's node-monitor-grace-period, so the stack's
// nodeMonitorGracePeriod is honoured through pod tolerations of the not-ready and unreachable
// NoExecute taints (DESIGN.md, EKS-NOTES.md). Every pod template must carry both, with the tier's
// tolerationSeconds (`graceTolerationSeconds` in tier config). Helm values are checked where they
// set `tolerations`.
import type * as k8s from "@pulumi/kubernetes";
import type { Unwrap } from "@pulumi/pulumi";

import { resourcePolicy } from "../../lib/define-policy";
import { helmValueFindings, podTemplateFindings } from "../../lib/findings";
import { arrayOf } from "../../lib/values";

type Toleration = Unwrap<k8s.types.input.core.v1.Toleration>;

/** The taints a node gets when it stops reporting. */
export const graceTaints = ["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"];

/** Problems with `tolerations` against the grace-period rule, given the expected seconds (if configured). */
export function graceTolerationProblems(
  tolerations: readonly Toleration[],
  seconds: number | undefined,
): string[] {
  return graceTaints.flatMap((taint) => {
    const match = tolerations.find(
      (t) => t.key === taint && t.effect === "NoExecute" && t.operator === "Exists",
    );
    if (!match) return [`no toleration for ${taint} (operator Exists, effect NoExecute)`];
    if (typeof match.tolerationSeconds !== "number")
      return [`the ${taint} toleration has no tolerationSeconds`];
    if (seconds !== undefined && match.tolerationSeconds !== seconds) {
      return [`the ${taint} toleration waits ${match.tolerationSeconds}s, not the tier's ${seconds}s`];
    }
    return [];
  });
}

interface GraceConfig {
  readonly graceTolerationSeconds?: number;
}

/** W6: grace-period tolerations on every pod template. */
export const k8sGracePeriodTolerations = resourcePolicy(
  {
    name: "k8s-grace-period-tolerations",
    catalogueId: "W6",
    check:
      "Every pod template tolerates node.kubernetes.io/not-ready and /unreachable (NoExecute) for the tier's graceTolerationSeconds.",
    enforcementLevel: "mandatory",
    config: {
      graceTolerationSeconds: {
        type: "integer",
        minimum: 0,
        description:
          "tolerationSeconds every pod must use (nodeMonitorGracePeriod minus EKS's fixed 40s); unset: any.",
      },
    },
  },
  [
    podTemplateFindings(({ spec }, args) =>
      graceTolerationProblems(
        arrayOf(spec.tolerations),
        args.getConfig<GraceConfig>().graceTolerationSeconds,
      ),
    ),
    helmValueFindings((e, args) => {
      if (e.key !== "tolerations" || !Array.isArray(e.value)) return undefined;
      const problems = graceTolerationProblems(
        e.value as Toleration[],
        args.getConfig<GraceConfig>().graceTolerationSeconds,
      );
      return problems.length > 0 ? problems.join("; ") : undefined;
    }),
  ],
);
