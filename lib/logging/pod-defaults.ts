/**
 * Defaults every logging pod template shares: the restricted security contexts, the recommended
 * labels, and placement on the system pool with the grace-period tolerations.
 */
import type { Toleration } from "../grace";

/** Where a pod runs: a pool's node selector and the tolerations it needs (grace ones included). */
export interface Placement {
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly tolerations: readonly Toleration[];
}

/** `app.kubernetes.io/part-of` of everything in the logging pipeline. */
export const LOGGING_PART_OF = "game-infra-logging";

/**
 * Labels added to objects a chart renders. Only `part-of`: the charts set `name`, `instance`,
 * `version` and `managed-by` (and some `component`) themselves, and a key given twice in a rendered
 * template is a YAML error that fails the release.
 */
export const CHART_LABELS: Readonly<Record<string, string>> = {
  "app.kubernetes.io/part-of": LOGGING_PART_OF,
};

/** The recommended labels of one logging component. */
export function loggingLabels(name: string, component: string, version?: string): Record<string, string> {
  return {
    "app.kubernetes.io/name": name,
    "app.kubernetes.io/component": component,
    "app.kubernetes.io/part-of": LOGGING_PART_OF,
    "app.kubernetes.io/managed-by": "pulumi",
    ...(version ? { "app.kubernetes.io/version": version } : {}),
  };
}

/** Pod-level security context of the restricted Pod Security Standard. */
export function restrictedPodSecurityContext(uid: number, gid: number = uid, fsGroup?: number) {
  return {
    runAsNonRoot: true,
    runAsUser: uid,
    runAsGroup: gid,
    ...(fsGroup === undefined ? {} : { fsGroup }),
    seccompProfile: { type: "RuntimeDefault" },
  };
}

/** Container-level security context of the restricted Pod Security Standard. */
export function restrictedContainerSecurityContext(uid: number, readOnlyRootFilesystem = true) {
  return {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ["ALL"] },
    privileged: false,
    readOnlyRootFilesystem,
    runAsNonRoot: true,
    runAsUser: uid,
    seccompProfile: { type: "RuntimeDefault" },
  };
}

/** Copies a placement into plain mutable objects (chart values and manifests must not share references). */
export function placementValues(placement: Placement): {
  nodeSelector: Record<string, string>;
  tolerations: Toleration[];
} {
  return {
    nodeSelector: { ...placement.nodeSelector },
    tolerations: placement.tolerations.map((t) => ({ ...t })),
  };
}

/** Preferred anti-affinity that spreads a component's pods over nodes. */
export function spreadOverNodes(matchLabels: Readonly<Record<string, string>>) {
  return {
    podAntiAffinity: {
      preferredDuringSchedulingIgnoredDuringExecution: [
        {
          weight: 100,
          podAffinityTerm: {
            topologyKey: "kubernetes.io/hostname",
            labelSelector: { matchLabels: { ...matchLabels } },
          },
        },
      ],
    },
  };
}
