import type { TierProfile } from "../tier";

/**
 * qa: the dev shape on on-demand capacity, so a test run is never cut short by a spot reclaim.
 * Still one NAT gateway and short retention; a QA environment is rebuilt, not repaired.
 */
export const qaTier: TierProfile = {
  name: "qa",
  azCount: 3,
  natGateways: "single",
  nodeMonitorGracePeriod: "240s",
  logRetentionDays: 14,
  redisDatabases: 32,
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
      instanceTypes: ["m6i.xlarge"],
      capacityType: "ON_DEMAND",
      minSize: 2,
      desiredSize: 2,
      maxSize: 6,
      diskSizeGiB: 60,
      dedicated: true,
      labels: {},
    },
  },
};
