/**
 * What a GameEnvironment runs and how big it is: the servers, their sizing, the namespace quota, the
 * game server's release strategy and opt-in chaos. Tier profiles set the defaults
 * (`TierProfile.environments`); each environment in config may override them.
 */

/** The servers every environment runs, in the order they are created. */
export const SERVER_NAMES = ["gameserver", "league", "scheduler", "backoffice", "couchbase"] as const;
/** One of {@link SERVER_NAMES}. */
export type ServerName = (typeof SERVER_NAMES)[number];

/** Servers whose replica count config may change: the scheduler and Couchbase always run exactly one pod. */
export const SCALABLE_SERVERS = [
  "gameserver",
  "league",
  "backoffice",
] as const satisfies readonly ServerName[];
/** One of {@link SCALABLE_SERVERS}. */
export type ScalableServer = (typeof SCALABLE_SERVERS)[number];

/** How a new game server version reaches players: rolled pod by pod, or switched all at once between two colours. */
export type DeploymentMode = "rolling" | "blueGreen";
/** The two colours of a blue/green game server. */
export type Color = "blue" | "green";
/** The colours, in a stable order. */
export const COLORS: readonly Color[] = ["blue", "green"];

/**
 * How hard replicas are kept apart: `preferred` spreads when it can (a full node never blocks a
 * pod), `required` never puts two replicas on one node.
 */
export type SpreadPolicy = "preferred" | "required";

/** kube-monkey's kill modes (see its README). */
export const CHAOS_KILL_MODES = ["fixed", "random-max-percent", "fixed-percent", "kill-all"] as const;
/** One of {@link CHAOS_KILL_MODES}. */
export type ChaosKillMode = (typeof CHAOS_KILL_MODES)[number];

/** Opt-in chaos testing with kube-monkey for one environment's workloads. */
export interface ChaosConfig {
  /** Mean time between pod kills, in days (kube-monkey reads a bare number as days). */
  readonly mtbfDays: number;
  readonly killMode: ChaosKillMode;
  /** Pods (`fixed`) or percent (`*-percent`) to kill; unused by `kill-all`. */
  readonly killValue?: number;
}

/** The size of one server: replicas and per-container resources. */
export interface ServerSizing {
  /** Replicas, or the autoscaler's minimum when `maxReplicas` is larger. */
  readonly replicas: number;
  /** The autoscaler's maximum; equal to `replicas` when the server does not autoscale. */
  readonly maxReplicas: number;
  /** CPU request (`250m`, `1`). No CPU limit is set: throttling hurts a game server's tail latency. */
  readonly cpu: string;
  /** Memory request (`512Mi`). */
  readonly memory: string;
  /** Memory limit; at least the request. */
  readonly memoryLimit: string;
  /** Volume size for servers that keep data (Couchbase). */
  readonly storage?: string;
}

/** The namespace's ResourceQuota and LimitRange bounds. */
export interface QuotaConfig {
  /** Sum of CPU requests (`requests.cpu`). */
  readonly cpu: string;
  /** Sum of memory requests (`requests.memory`). */
  readonly memory: string;
  /** Sum of memory limits (`limits.memory`). */
  readonly memoryLimit: string;
  readonly pods: number;
  /** Sum of volume claims' sizes (`requests.storage`). */
  readonly storage: string;
  /** Number of PersistentVolumeClaims. */
  readonly volumeClaims: number;
  /** Largest memory limit one container may have (LimitRange `max`; there is no CPU max, see `limitRange`). */
  readonly containerMaxMemory: string;
}

/** A tier's defaults for every environment of its stacks. */
export interface EnvironmentProfile {
  readonly deployment: DeploymentMode;
  readonly spread: SpreadPolicy;
  /** Average CPU utilisation (percent of the request) the game server's autoscaler aims for. */
  readonly autoscaleCpuPercent: number;
  readonly servers: Readonly<Record<ServerName, ServerSizing>>;
  readonly quota: QuotaConfig;
}

/** The workload side of one environment, with every default resolved (part of `EnvironmentConfig`). */
export interface EnvironmentWorkloadConfig {
  readonly deployment: DeploymentMode;
  /** The colour the game server's Service selects (blue/green only; `blue` otherwise). */
  readonly activeColor: Color;
  /** What the idle colour runs (blue/green only); defaults to `version`. */
  readonly previewVersion?: string;
  readonly chaos?: ChaosConfig;
  readonly spread: SpreadPolicy;
  readonly autoscaleCpuPercent: number;
  readonly servers: Readonly<Record<ServerName, ServerSizing>>;
  readonly quota: QuotaConfig;
}

/** Where the servers' images come from. */
export interface ImagesConfig {
  /** Registry and path prefix, e.g. `123456789012.dkr.ecr.eu-west-1.amazonaws.com/game`. */
  readonly registry: string;
  /** Repository of each game server under the registry. */
  readonly repositories: Readonly<Record<Exclude<ServerName, "couchbase">, string>>;
  /** Couchbase's full image reference, pinned. */
  readonly couchbase: string;
}

/** Repository names used when `images.repositories` does not set one. */
export const DEFAULT_REPOSITORIES: ImagesConfig["repositories"] = {
  gameserver: "gameserver",
  league: "league-server",
  scheduler: "scheduler-server",
  backoffice: "backoffice",
};

/**
 * Couchbase Server Enterprise 7.6.6, the latest 7.6 maintenance release published as
 * `couchbase/server`: the edition production runs, and Enterprise is free for pre-production
 * development and testing, which is all these environments are.
 */
export const DEFAULT_COUCHBASE_IMAGE = "couchbase/server:7.6.6";

/** Host names are `<pattern>.<domain>`; the default keeps them one label so `*.<domain>` covers them. */
export const DEFAULT_HOST_PATTERN = "{server}-{env}";
