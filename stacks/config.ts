import type * as pulumi from "@pulumi/pulumi";
/** The fully-typed, defaults-resolved stack config that the program consumes. */
import type { EnvironmentWorkloadConfig, ImagesConfig } from "../lib/environment/profile";
import type { CiRunnersConfig } from "./ci-runners-schema";
import type { LauncherConfig } from "./launcher-schema";
import type { LoggingSettings } from "../lib/logging/settings";
import type { EnvironmentIdentity } from "../lib/environment/metadata";
import type { KarpenterPool } from "../lib/karpenter";
import type {
  CapacityType,
  KarpenterProfile,
  MysqlProfile,
  NatGatewayMode,
  RedisProfile,
  TierName,
} from "./tier";

/** What every resolved pool has. */
interface NodePoolConfigBase {
  readonly name: string;
  readonly diskSizeGiB: number;
  readonly dedicated: boolean;
  readonly labels: Readonly<Record<string, string>>;
}

/** A managed node group pool with every default resolved. */
export interface ManagedNodePoolConfig extends NodePoolConfigBase {
  readonly provisioner: "managed";
  readonly instanceTypes: readonly string[];
  readonly capacityType: CapacityType;
  readonly minSize: number;
  readonly desiredSize: number;
  readonly maxSize: number;
}

/** A Karpenter pool with every default resolved. */
export interface KarpenterNodePoolConfig extends NodePoolConfigBase, KarpenterPool {
  readonly provisioner: "karpenter";
  /** Every allowed instance type (each family in each size), sorted: what the sizing maths covers. */
  readonly instanceTypes: readonly string[];
}

/** A node pool with every default resolved. */
export type NodePoolConfig = ManagedNodePoolConfig | KarpenterNodePoolConfig;

/** One game environment with every default resolved (its servers' sizing and release in {@link EnvironmentWorkloadConfig}). */
export interface EnvironmentConfig extends EnvironmentWorkloadConfig, EnvironmentIdentity {
  readonly name: string;
  /** The tier whose platform stack the environment runs on. */
  readonly tier: TierName;
  /** Who asked for it: an e-mail address. */
  readonly owner: string;
  /** The team whose Kubernetes group gets edit rights in the namespace (`teams` in the platform config). */
  readonly team: string;
  readonly purpose: string;
  readonly version: string;
  readonly gameDataVersion: string;
  readonly resourceVersion: string;
  readonly redisDb: number;
  /** The day it was launched (`YYYY-MM-DD`). */
  readonly created: string;
  /** Its last day (`YYYY-MM-DD`); required where the tier limits lifetimes. */
  readonly expires?: string;
  /** Server clock offset, as written (`+72h`), and in seconds. */
  readonly clockOffset: string;
  readonly clockOffsetSeconds: number;
  /** Bumped to rotate the environment's MySQL password (re-runs its bootstrap Job). */
  readonly credentialsRevision: number;
}

/** Everything the program reads from a stack's config, resolved against its tier. */
export interface StackConfig {
  readonly project: string;
  readonly stack: string;
  readonly tier: TierName;
  readonly region: string;
  readonly domain: string;
  readonly hostedZoneId: string;
  /** Where the game servers' images come from. */
  readonly images: ImagesConfig;
  /** Host name pattern under `domain` (`{server}-{env}`). */
  readonly hostPattern: string;
  readonly network: {
    readonly cidr: string;
    readonly azCount: number;
    readonly natGateways: NatGatewayMode;
  };
  readonly cluster: {
    readonly version: string;
    /** As written in config (`240s`). */
    readonly nodeMonitorGracePeriod: string;
    readonly nodeMonitorGracePeriodSeconds: number;
    readonly publicAccessCidrs: readonly string[];
    readonly admins: readonly string[];
    readonly logRetentionDays: number;
  };
  /** Node pools in a stable order: `system`, `game`, then the rest by name. */
  readonly nodePools: readonly NodePoolConfig[];
  /** Karpenter's settings: the tier's, with the stack's `karpenter` overrides. */
  readonly karpenter: KarpenterConfig;
  readonly mysql: MysqlConfig;
  readonly redis: RedisConfig;
  /** `redisAuthToken`, set with `--secret`; kept a Pulumi secret. @default generated */
  readonly redisAuthToken?: pulumi.Output<string>;
  /** Teams that own environments: each team's IAM principals get its Kubernetes group. */
  readonly teams: Readonly<Record<string, TeamConfig>>;
  /** The shared log pipeline: the tier's logging profile with the stack's `logging` overrides. */
  readonly logging: LoggingSettings;
  /** Self-hosted CI runners in the VPC (`ciRunners`). @default none */
  readonly ciRunners?: CiRunnersConfig;
  /** The launcher web service (`launcher`); absent, only its image repository. @default none */
  readonly launcher?: LauncherConfig;
}

/** Karpenter's resolved settings (the Bottlerocket release its nodes run, the tier's working hours). */
export type KarpenterConfig = KarpenterProfile;

/** A team that owns environments. */
export interface TeamConfig {
  /** IAM roles or users whose EKS access entry maps them to the team's Kubernetes group. */
  readonly principalArns: readonly string[];
}

/** The shared MySQL (RDS) with every default resolved. */
export type MysqlConfig = MysqlProfile;

/** The shared Redis (ElastiCache) with every default resolved. */
export interface RedisConfig extends RedisProfile {
  /** Logical databases (`SELECT 0..databases-1`); every environment's `redisDb` is below it. */
  readonly databases: number;
}
