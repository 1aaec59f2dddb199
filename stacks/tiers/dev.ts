import type { TierProfile } from "../tier";
import { STANDARD_LOGGING_REQUESTS } from "../../lib/logging/resources";

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
  // Burstable and single-AZ: a dev database that is down for a few minutes costs nobody a release.
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
  // Nothing to protect beyond the stores' own settings: changes apply at once, the cluster may be
  // torn down and rebuilt from code.
  protection: { clusterDeletionProtection: false, applyDataStoreChangesImmediately: true },
  // Logs of short-lived environments matter for days: one OpenSearch node, no buffer, 3 days.
  logging: {
    retentionDays: 3,
    buffer: false,
    openSearchNodes: 1,
    storageGiB: 20,
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
    // Karpenter adds nodes as environments are launched and removes them as they expire or sleep.
    // Spot first across three families and two sizes (many spot pools, so a reclaim rarely finds
    // none), on-demand when spot has no capacity. At least xlarge, so the DaemonSets' share stays
    // small; limits of 40 vCPU keep the largest node (a 2xlarge) to a fifth of the pool.
    game: {
      provisioner: "karpenter",
      instanceFamilies: ["m6i", "m6a", "m5"],
      instanceSizes: ["xlarge", "2xlarge"],
      capacityTypes: ["spot", "on-demand"],
      limits: { cpu: "40", memory: "160Gi" },
      consolidateAfter: "5m",
      expireAfter: "720h",
      disruptionBudget: "20%",
      diskSizeGiB: 60,
      dedicated: true,
      labels: {},
    },
  },
  // The AMI Karpenter's nodes run changes only when this version does (docs/nodes.md); nodes stay
  // put during the studio's working day.
  karpenter: {
    bottlerocketVersion: "v1.68.1",
    workingHours: {
      timeZone: "Europe/Berlin",
      days: ["Mon", "Tue", "Wed", "Thu", "Fri"],
      start: "08:00",
      end: "20:00",
    },
  },
  // Small and cheap: one pod per server, the game server may grow to 3 under a load test. Replicas
  // spread where they can; a full spot node never blocks a pod.
  environments: {
    deployment: "rolling",
    spread: "preferred",
    autoscaleCpuPercent: 70,
    servers: {
      gameserver: { replicas: 1, maxReplicas: 3, cpu: "250m", memory: "512Mi", memoryLimit: "1Gi" },
      league: { replicas: 1, maxReplicas: 1, cpu: "100m", memory: "256Mi", memoryLimit: "512Mi" },
      scheduler: { replicas: 1, maxReplicas: 1, cpu: "100m", memory: "256Mi", memoryLimit: "512Mi" },
      backoffice: { replicas: 1, maxReplicas: 1, cpu: "100m", memory: "256Mi", memoryLimit: "512Mi" },
      couchbase: {
        replicas: 1,
        maxReplicas: 1,
        cpu: "500m",
        memory: "2Gi",
        memoryLimit: "2Gi",
        storage: "10Gi",
      },
    },
    quota: {
      cpu: "4",
      memory: "10Gi",
      memoryLimit: "16Gi",
      pods: 24,
      storage: "30Gi",
      volumeClaims: 2,
      containerMaxMemory: "4Gi",
    },
    // Asleep outside the working hours (karpenter.workingHours): nobody uses a dev environment at
    // night or at the weekend, and its nodes go back (docs/environments.md, "Sleep schedules").
    sleep: { schedule: "officeHours", alwaysOnNeedsReason: true },
  },
  // Short-lived by design: two weeks unless the owner asks for more, two months at most ahead.
  environmentLifetime: { defaultDays: 14, maxDays: 60 },
  // Launcher changes: an environment is its owner's own business.
  registryPublish: "main",
};
