import type { TierProfile } from "../tier";
import { STANDARD_LOGGING_REQUESTS } from "../../lib/logging/resources";

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
  // Production-shaped: a standby in another AZ, refusal to delete, a last snapshot if deleted anyway.
  mysql: {
    engineVersion: "8.0",
    instanceClass: "db.m7g.large",
    allocatedStorageGiB: 100,
    maxAllocatedStorageGiB: 500,
    backupRetentionDays: 14,
    multiAz: true,
    deletionProtection: true,
    finalSnapshot: true,
  },
  redis: { nodeType: "cache.m7g.large", replicas: 1, snapshotRetentionDays: 7, finalSnapshot: true },
  // Production-shaped: the cluster refuses deletion, store changes wait for the maintenance window,
  // and the stack config may not take away the standby, the protections or a week of backups.
  protection: {
    clusterDeletionProtection: true,
    applyDataStoreChangesImmediately: false,
    dataStoreFloor: {
      reason: "the stage tier is sized and protected like production; use tier qa for a cheaper stack",
      requireMysqlStandbyAndProtection: true,
      minBackupRetentionDays: 7,
      minRedisReplicas: 1,
    },
  },
  // Release investigations: three OpenSearch nodes, and a Kafka buffer so a store restart loses nothing.
  logging: {
    retentionDays: 14,
    buffer: true,
    openSearchNodes: 3,
    storageGiB: 50,
    kafkaNodes: 3,
    kafkaStorageGiB: 30,
    bufferRetentionHours: 24,
    dashboardsReplicas: 2,
    logstashReplicas: 2,
    requests: STANDARD_LOGGING_REQUESTS,
  },
  nodePools: {
    system: {
      provisioner: "managed",
      instanceTypes: ["m6i.large"],
      capacityType: "ON_DEMAND",
      minSize: 3,
      desiredSize: 3,
      maxSize: 6,
      diskSizeGiB: 50,
      dedicated: false,
      labels: {},
    },
    // On-demand 2xlarge nodes as before; one node replaced at a time, and only after half an hour
    // of being empty or underused, so a release test is not reshuffled.
    game: {
      provisioner: "karpenter",
      instanceFamilies: ["m6i", "m6a"],
      instanceSizes: ["2xlarge"],
      capacityTypes: ["on-demand"],
      limits: { cpu: "72", memory: "288Gi" },
      consolidateAfter: "30m",
      expireAfter: "720h",
      disruptionBudget: "1",
      diskSizeGiB: 80,
      dedicated: true,
      labels: {},
    },
  },
  karpenter: {
    bottlerocketVersion: "v1.68.1",
    workingHours: {
      timeZone: "Europe/Berlin",
      days: ["Mon", "Tue", "Wed", "Thu", "Fri"],
      start: "08:00",
      end: "22:00",
    },
  },
  // Production-sized: several replicas of every stateless server, never two on one node, memory
  // requests equal to limits for the game server, and a blue/green game server so players never
  // see two API versions at once. The quota holds both colours at full scale.
  environments: {
    deployment: "blueGreen",
    spread: "required",
    autoscaleCpuPercent: 70,
    servers: {
      gameserver: { replicas: 3, maxReplicas: 8, cpu: "1", memory: "2Gi", memoryLimit: "2Gi" },
      league: { replicas: 2, maxReplicas: 2, cpu: "500m", memory: "1Gi", memoryLimit: "1Gi" },
      scheduler: { replicas: 1, maxReplicas: 1, cpu: "250m", memory: "512Mi", memoryLimit: "512Mi" },
      backoffice: { replicas: 2, maxReplicas: 2, cpu: "250m", memory: "512Mi", memoryLimit: "1Gi" },
      couchbase: {
        replicas: 1,
        maxReplicas: 1,
        cpu: "2",
        memory: "8Gi",
        memoryLimit: "8Gi",
        storage: "100Gi",
      },
    },
    quota: {
      cpu: "24",
      memory: "56Gi",
      memoryLimit: "64Gi",
      pods: 40,
      storage: "200Gi",
      volumeClaims: 2,
      containerMaxMemory: "16Gi",
    },
    // Always on: release checks, soak tests and other time zones use stage around the clock.
    sleep: { schedule: "alwaysOn", alwaysOnNeedsReason: false },
  },
  // Launcher changes: stage is shared and production-sized: a second pair of eyes.
  registryPublish: "pullRequest",
};
