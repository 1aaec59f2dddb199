/** What a tier profile holds: the defaults that make a stack dev-, qa- or stage-shaped. */

/** The tiers a stack can be. A stack's tier is its `tier` key, defaulting to the stack name. */
export const TIER_NAMES = ["dev", "qa", "stage"] as const;
/** One of {@link TIER_NAMES}. */
export type TierName = (typeof TIER_NAMES)[number];

/** Spot capacity is cheap but can be taken back with two minutes' notice; on-demand is not. */
export type CapacityType = "ON_DEMAND" | "SPOT";

/** How many NAT gateways the VPC gets: one shared by every AZ, or one per AZ. */
export type NatGatewayMode = "single" | "perAz";

/** A node pool as a tier profile or the stack config describes it. */
export interface NodePoolProfile {
  /** Instance types, all of one CPU architecture; several types help spot capacity find room. */
  readonly instanceTypes: readonly string[];
  readonly capacityType: CapacityType;
  readonly minSize: number;
  readonly desiredSize: number;
  readonly maxSize: number;
  /** Root (data) volume size in GiB. */
  readonly diskSizeGiB: number;
  /**
   * Whether only workloads that tolerate the pool's taint may run there. The `game` pool is
   * dedicated so game servers and shared services never compete for one node.
   */
  readonly dedicated: boolean;
  /** Extra node labels, on top of `game-infra/pool: <name>`. */
  readonly labels: Readonly<Record<string, string>>;
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
  /** Node pools by name; `system` and `game` are required. */
  readonly nodePools: Readonly<Record<string, NodePoolProfile>>;
}
