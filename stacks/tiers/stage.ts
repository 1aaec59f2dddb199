import type { TierProfile } from "../tier";

/**
 * stage: sized and wired like production. One NAT gateway per AZ (an AZ outage cuts nothing else
 * off), a node in every AZ for each pool, on-demand capacity, a 120 s grace period so pods leave a
 * dead node quickly, and longer log retention for release investigations.
 */
export const stageTier: TierProfile = {
  name: "stage",
  azCount: 3,
  natGateways: "perAz",
  nodeMonitorGracePeriod: "120s",
  logRetentionDays: 30,
  redisDatabases: 16,
  nodePools: {
    system: {
      instanceTypes: ["m6i.large"],
      capacityType: "ON_DEMAND",
      minSize: 3,
      desiredSize: 3,
      maxSize: 6,
      diskSizeGiB: 50,
      dedicated: false,
      labels: {},
    },
    game: {
      instanceTypes: ["m6i.2xlarge"],
      capacityType: "ON_DEMAND",
      minSize: 3,
      desiredSize: 3,
      maxSize: 9,
      diskSizeGiB: 80,
      dedicated: true,
      labels: {},
    },
  },
};
