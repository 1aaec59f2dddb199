/**
 * How an environment's namespace says whose it is, what it is for and what it runs: labels (for
 * selecting: `kubectl get ns -l game-infra/owner=...`) and annotations (the full text), plus the
 * Pod Security Admission labels that enforce the restricted profile.
 */
import { labelValue } from "../workload/labels";

/** Label keys on an environment's namespace and on every object in it. */
export const ENVIRONMENT_LABELS = {
  /** The environment's name: what marks a namespace as a game environment. */
  environment: "game-infra/environment",
  tier: "game-infra/tier",
  owner: "game-infra/owner",
  team: "game-infra/team",
  version: "game-infra/version",
  gameDataVersion: "game-infra/game-data-version",
  resourceVersion: "game-infra/resource-version",
} as const;

/** Annotation keys on an environment's namespace (values as written in config). */
export const ENVIRONMENT_ANNOTATIONS = {
  owner: "game-infra/owner",
  team: "game-infra/team",
  purpose: "game-infra/purpose",
  version: "game-infra/version",
  gameDataVersion: "game-infra/game-data-version",
  resourceVersion: "game-infra/resource-version",
  redisDb: "game-infra/redis-db",
  created: "game-infra/created",
  expires: "game-infra/expires",
  clockOffset: "game-infra/clock-offset",
} as const;

/** Pod Security Admission: reject, audit and warn about anything the restricted profile forbids. */
export const POD_SECURITY_LABELS: Readonly<Record<string, string>> = {
  "pod-security.kubernetes.io/enforce": "restricted",
  "pod-security.kubernetes.io/enforce-version": "latest",
  "pod-security.kubernetes.io/audit": "restricted",
  "pod-security.kubernetes.io/warn": "restricted",
};

/**
 * The AWS Load Balancer Controller holds a new pod's readiness until the ALB target is healthy,
 * so a rolling update never removes the last pod the load balancer can reach.
 */
export const POD_READINESS_GATE_LABEL = { "elbv2.k8s.aws/pod-readiness-gate-inject": "enabled" } as const;

/**
 * What the namespace metadata is made from: who owns the environment, what it is for and what it
 * runs. The resolved environment config (`EnvironmentConfig` in `stacks/config.ts`) extends this.
 */
export interface EnvironmentIdentity {
  readonly name: string;
  readonly tier: string;
  readonly owner: string;
  readonly team: string;
  readonly purpose: string;
  readonly version: string;
  readonly gameDataVersion: string;
  readonly resourceVersion: string;
  readonly redisDb: number;
  /** `YYYY-MM-DD`. */
  readonly created: string;
  /** `YYYY-MM-DD`; absent where the tier does not limit lifetimes. */
  readonly expires?: string;
  /** As written in config (`+72h`). */
  readonly clockOffset: string;
}

/** The labels every object of an environment carries. */
export function environmentLabels(name: string): Record<string, string> {
  return { [ENVIRONMENT_LABELS.environment]: name };
}

/** The namespace's name, labels and annotations. */
export function namespaceMetadata(env: EnvironmentIdentity): {
  name: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
} {
  return {
    name: env.name,
    labels: {
      ...environmentLabels(env.name),
      [ENVIRONMENT_LABELS.tier]: env.tier,
      [ENVIRONMENT_LABELS.owner]: labelValue(env.owner),
      [ENVIRONMENT_LABELS.team]: env.team,
      [ENVIRONMENT_LABELS.version]: labelValue(env.version),
      [ENVIRONMENT_LABELS.gameDataVersion]: labelValue(env.gameDataVersion),
      [ENVIRONMENT_LABELS.resourceVersion]: labelValue(env.resourceVersion),
      "app.kubernetes.io/part-of": "game",
      "app.kubernetes.io/managed-by": "pulumi",
      ...POD_SECURITY_LABELS,
      ...POD_READINESS_GATE_LABEL,
    },
    annotations: {
      [ENVIRONMENT_ANNOTATIONS.owner]: env.owner,
      [ENVIRONMENT_ANNOTATIONS.team]: env.team,
      [ENVIRONMENT_ANNOTATIONS.purpose]: env.purpose,
      [ENVIRONMENT_ANNOTATIONS.version]: env.version,
      [ENVIRONMENT_ANNOTATIONS.gameDataVersion]: env.gameDataVersion,
      [ENVIRONMENT_ANNOTATIONS.resourceVersion]: env.resourceVersion,
      [ENVIRONMENT_ANNOTATIONS.redisDb]: String(env.redisDb),
      [ENVIRONMENT_ANNOTATIONS.created]: env.created,
      ...(env.expires ? { [ENVIRONMENT_ANNOTATIONS.expires]: env.expires } : {}),
      [ENVIRONMENT_ANNOTATIONS.clockOffset]: env.clockOffset,
    },
  };
}
