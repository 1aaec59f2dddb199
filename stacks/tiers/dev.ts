import type { TierProfile } from "../tier";

/**
 * dev: many short-lived environments, cost first. Game nodes on spot across several instance
 * types (a reclaimed node costs a developer a reconnect, not an outage), one NAT gateway, short
 * log retention, and a 240 s grace period so a brief network blip does not reshuffle everyone.
 */
export const devTier: TierProfile = {
  name: "dev",
  azCount: 3,
  natGateways: "single",
  nodeMonitorGracePeriod: "240s",
  logRetentionDays: 7,
  redisDatabases: 64,
  nodePools: {
    system: {
      instanceTypes: ["m6i.large"],
      capacityType: "ON_DEMAND",
      minSize: 2,
      desiredSize: 2,
      maxSize: 4,
      diskSizeGiB: 40,
      dedicated: false,
      labels: {},
    },
    game: {
      instanceTypes: ["m6i.xlarge", "m6a.xlarge", "m5.xlarge"],
      capacityType: "SPOT",
      minSize: 2,
      desiredSize: 3,
      maxSize: 10,
      diskSizeGiB: 60,
      dedicated: true,
      labels: {},
    },
  },
};
