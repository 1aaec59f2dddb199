/** The fully-typed, defaults-resolved stack config that the program consumes. */
import type { CapacityType, NatGatewayMode, TierName } from "./tier";

/** A node pool with every default resolved. */
export interface NodePoolConfig {
  readonly name: string;
  readonly instanceTypes: readonly string[];
  readonly capacityType: CapacityType;
  readonly minSize: number;
  readonly desiredSize: number;
  readonly maxSize: number;
  readonly diskSizeGiB: number;
  readonly dedicated: boolean;
  readonly labels: Readonly<Record<string, string>>;
}

/** One game environment with every default resolved. */
export interface EnvironmentConfig {
  readonly name: string;
  readonly owner: string;
  readonly ownerArn?: string;
  readonly purpose: string;
  readonly version: string;
  readonly gameDataVersion: string;
  readonly resourceVersion: string;
  readonly redisDb: number;
  readonly created?: string;
  readonly expires?: string;
  /** Server clock offset, as written (`+72h`), and in seconds. */
  readonly clockOffset: string;
  readonly clockOffsetSeconds: number;
}

/** Everything the program reads from a stack's config, resolved against its tier. */
export interface StackConfig {
  readonly project: string;
  readonly stack: string;
  readonly tier: TierName;
  readonly region: string;
  readonly domain: string;
  readonly hostedZoneId: string;
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
  readonly redis: { readonly databases: number };
  readonly environments: readonly EnvironmentConfig[];
}
