import type { TierProfile } from "../tier";
import { devTier } from "./dev";
import { STANDARD_LOGGING_REQUESTS } from "../../lib/logging/resources";

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
  mysql: {
    engineVersion: "8.0",
    instanceClass: "db.t4g.medium",
    allocatedStorageGiB: 20,
    maxAllocatedStorageGiB: 100,
    backupRetentionDays: 7,
    multiAz: false,
    deletionProtection: false,
    finalSnapshot: false,
  },
  redis: { nodeType: "cache.t4g.small", replicas: 0, snapshotRetentionDays: 1, finalSnapshot: false },
  // As dev: a QA stack is rebuilt from code; changes to its stores apply at once.
  protection: { clusterDeletionProtection: false, applyDataStoreChangesImmediately: true },
  // A test run's logs are read within the week; one OpenSearch node, no buffer.
  logging: {
    retentionDays: 7,
    buffer: false,
    openSearchNodes: 1,
    storageGiB: 30,
    kafkaNodes: 1,
    kafkaStorageGiB: 10,
    bufferRetentionHours: 24,
    dashboardsReplicas: 1,
    logstashReplicas: 1,
    requests: STANDARD_LOGGING_REQUESTS,
  },
  nodePools: {
    system: {
      provisioner: "managed",
      instanceTypes: ["m6i.large"],
      capacityType: "ON_DEMAND",
      minSize: 2,
      desiredSize: 2,
      maxSize: 4,
      diskSizeGiB: 40,
      dedicated: false,
      labels: {},
    },
    // On-demand only: a test run is never cut short by a spot reclaim.
    game: {
      provisioner: "karpenter",
      instanceFamilies: ["m6i", "m6a"],
      instanceSizes: ["xlarge"],
      capacityTypes: ["on-demand"],
      limits: { cpu: "24", memory: "96Gi" },
      consolidateAfter: "10m",
      expireAfter: "720h",
      disruptionBudget: "10%",
      diskSizeGiB: 60,
      dedicated: true,
      labels: {},
    },
  },
  karpenter: devTier.karpenter,
  // The dev sizes, with room for a game server load test up to 4 pods.
  environments: {
    ...devTier.environments,
    servers: {
      ...devTier.environments.servers,
      gameserver: { ...devTier.environments.servers.gameserver, maxReplicas: 4 },
    },
    // Test passes run in working hours like dev's work; an overnight soak test says alwaysOn (or
    // wakes the environment), and needs no reason here: policy G10 covers dev.
    sleep: { schedule: "officeHours", alwaysOnNeedsReason: false },
  },
  // Test passes run longer than a feature branch: a month by default, three months at most ahead.
  environmentLifetime: { defaultDays: 30, maxDays: 90 },
  // Launcher changes: QA launches its own test passes.
  registryPublish: "main",
};
