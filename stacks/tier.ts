/** What a tier profile holds: the defaults that make a stack dev-, qa- or stage-shaped. */
import type { EnvironmentProfile } from "../lib/environment/profile";
import type { LoggingProfile } from "../lib/logging/settings";
import type { KarpenterCapacityType } from "../lib/karpenter";
import type { WorkingHours } from "../lib/karpenter-schedule";
import type { MysqlEngineVersion } from "../lib/mysql-settings";

/** The tiers a stack can be. A stack's tier is its `tier` key, defaulting to the stack name. */
export const TIER_NAMES = ["dev", "qa", "stage"] as const;
/** One of {@link TIER_NAMES}. */
export type TierName = (typeof TIER_NAMES)[number];

/** Spot capacity is cheap but can be taken back with two minutes' notice; on-demand is not. */
export type CapacityType = "ON_DEMAND" | "SPOT";

/** How many NAT gateways the VPC gets: one shared by every AZ, or one per AZ. */
export type NatGatewayMode = "single" | "perAz";

/** Who provisions a pool's nodes: an EKS managed node group (fixed min/desired/max) or Karpenter. */
export const NODE_PROVISIONERS = ["managed", "karpenter"] as const;
/** One of {@link NODE_PROVISIONERS}. */
export type NodeProvisioner = (typeof NODE_PROVISIONERS)[number];

/** What every pool has, whoever provisions it. */
interface NodePoolProfileBase {
  /** Data volume size in GiB. */
  readonly diskSizeGiB: number;
  /**
   * Whether only workloads that tolerate the pool's taint may run there. The `game` pool is
   * dedicated so game servers and shared services never compete for one node.
   */
  readonly dedicated: boolean;
  /** Extra node labels, on top of `game-infra/pool: <name>`. */
  readonly labels: Readonly<Record<string, string>>;
}

/** A pool of an EKS managed node group: a fixed range of nodes of listed instance types. */
export interface ManagedNodePoolProfile extends NodePoolProfileBase {
  readonly provisioner: "managed";
  /** Instance types, all of one CPU architecture; several types help spot capacity find room. */
  readonly instanceTypes: readonly string[];
  readonly capacityType: CapacityType;
  readonly minSize: number;
  readonly desiredSize: number;
  readonly maxSize: number;
}

/** A pool Karpenter provisions: nodes come and go with the pods that need them, within `limits`. */
export interface KarpenterNodePoolProfile extends NodePoolProfileBase {
  readonly provisioner: "karpenter";
  /** Instance families (`m6i`); every family in every size is allowed. */
  readonly instanceFamilies: readonly string[];
  /** Instance sizes (`xlarge`). */
  readonly instanceSizes: readonly string[];
  /** `spot` and/or `on-demand`; with both, spot first and on-demand when spot has no capacity. */
  readonly capacityTypes: readonly KarpenterCapacityType[];
  /** Total CPU and memory of the pool's nodes at most (Kubernetes quantities). */
  readonly limits: { readonly cpu: string; readonly memory: string };
  /** How long a node stays empty or underused before Karpenter consolidates it (`5m`). */
  readonly consolidateAfter: string;
  /** Longest life of a node (`720h`). */
  readonly expireAfter: string;
  /** Nodes disrupted at once outside working hours (`10%` or a count). */
  readonly disruptionBudget: string;
}

/** A node pool as a tier profile describes it. */
export type NodePoolProfile = ManagedNodePoolProfile | KarpenterNodePoolProfile;

/** Karpenter's tier-wide settings. */
export interface KarpenterProfile {
  /** The Bottlerocket release every Karpenter node runs (`v1.68.1`): the AMI changes only when this does. */
  readonly bottlerocketVersion: string;
  /** When the tier's environments are in use: no consolidation or drift replacement then. */
  readonly workingHours: WorkingHours;
}

/** How the shared MySQL (RDS) is sized and protected. */
export interface MysqlProfile {
  readonly engineVersion: MysqlEngineVersion;
  /** RDS instance class, e.g. `db.t4g.medium`. */
  readonly instanceClass: string;
  /** Initial gp3 storage in GiB. */
  readonly allocatedStorageGiB: number;
  /** Storage autoscaling ceiling in GiB. */
  readonly maxAllocatedStorageGiB: number;
  /** Days of automated backups (point-in-time restore window), 1-35. */
  readonly backupRetentionDays: number;
  /** A synchronous standby in a second AZ. */
  readonly multiAz: boolean;
  /** RDS refuses to delete the instance while this is on. */
  readonly deletionProtection: boolean;
  /** Take a final snapshot when the instance is deleted. */
  readonly finalSnapshot: boolean;
}

/** How the shared Redis (ElastiCache) is sized and protected; its DB count is `redisDatabases`. */
export interface RedisProfile {
  /** ElastiCache node type, e.g. `cache.t4g.small`. */
  readonly nodeType: string;
  /** Read replicas (0-5); one or more turns on automatic failover and multi-AZ. */
  readonly replicas: number;
  /** Days of automatic snapshots; 0 turns them off. */
  readonly snapshotRetentionDays: number;
  /** Take a final snapshot when the replication group is deleted. */
  readonly finalSnapshot: boolean;
}

/** Everything a tier decides by default; stack config overrides any of it. */
export interface TierProfile {
  readonly name: TierName;
  readonly azCount: number;
  readonly natGateways: NatGatewayMode;
  /** How long a node may stop reporting before its pods are moved, as a duration (`240s`). */
  readonly nodeMonitorGracePeriod: string;
  /** Retention of control-plane logs and VPC flow logs in CloudWatch, in days. */
  readonly logRetentionDays: number;
  /** Redis logical databases configured on the shared Redis; environments' `redisDb` must be below it. */
  readonly redisDatabases: number;
  /** The shared MySQL (RDS) every environment gets its own database on. */
  readonly mysql: MysqlProfile;
  /** The shared Redis (ElastiCache) every environment gets its own DB number on. */
  readonly redis: RedisProfile;
  /** Node pools by name; `system` (a managed node group) and `game` are required. */
  readonly nodePools: Readonly<Record<string, NodePoolProfile>>;
  /** Karpenter's settings for the tier's Karpenter pools. */
  readonly karpenter: KarpenterProfile;
  /** The shared log pipeline: retention, buffer, store size and the requests its node cost comes from. */
  readonly logging: LoggingProfile;
  /** What every environment of the tier runs and may use: server sizing, quota, release strategy. */
  readonly environments: EnvironmentProfile;
  /**
   * How long an environment of the tier may live: `expires` is required, defaults to `defaultDays`
   * after creation and may be at most `maxDays` ahead of the day it is set or extended.
   * Absent: environments may be permanent (stage).
   */
  readonly environmentLifetime?: EnvironmentLifetime;
  /**
   * How the launcher publishes a registry change: straight to `main` once the registry check
   * passes (the environment is the requester's own business), or as a pull request someone reviews.
   */
  readonly registryPublish: "main" | "pullRequest";
}

/** Expiry rules of a tier's environments, in days. */
export interface EnvironmentLifetime {
  readonly defaultDays: number;
  readonly maxDays: number;
}
