/**
 * The tier profiles (stacks/tiers/*.ts, shaped by stacks/tier.ts): the decisions each tier makes by
 * default, held to literal values by concern: network and logs, the shared data stores and their
 * protection (stage production-like), node pools (dev on spot, qa and stage on-demand), Karpenter's
 * AMI pin and calm hours, what an environment runs and may use, sleep and lifetime rules, and how a
 * registry change is published. A stack config resolves against these (docs/config.md).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { NODE_PROVISIONERS, TIER_NAMES } from "../stacks/tier";
import { TIERS } from "../stacks/tiers";

const BERLIN_DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri"];
const REQUESTS = {
  collector: { cpuMillicores: 50, memoryMiB: 64 },
  openSearch: { cpuMillicores: 250, memoryMiB: 2048 },
  dashboards: { cpuMillicores: 100, memoryMiB: 768 },
  kafka: { cpuMillicores: 200, memoryMiB: 2048 },
  logstash: { cpuMillicores: 250, memoryMiB: 1024 },
};

describe("tier profiles: names", () => {
  it("has the tiers dev, qa and stage, each profile named after its key", () => {
    assert.deepEqual(TIER_NAMES, ["dev", "qa", "stage"]);
    assert.deepEqual(Object.keys(TIERS), ["dev", "qa", "stage"]);
    for (const name of TIER_NAMES) assert.equal(TIERS[name].name, name);
    assert.deepEqual(NODE_PROVISIONERS, ["managed", "karpenter"]);
  });
});

describe("tier profiles: network, grace period and logs", () => {
  it("dev and qa share one NAT gateway and a 240 s grace; stage has one per AZ and 120 s", () => {
    const basics = (name: keyof typeof TIERS) => {
      const t = TIERS[name];
      return [t.azCount, t.natGateways, t.nodeMonitorGracePeriod, t.logRetentionDays, t.redisDatabases];
    };
    assert.deepEqual(basics("dev"), [3, "single", "240s", 7, 64]);
    assert.deepEqual(basics("qa"), [3, "single", "240s", 14, 32]);
    assert.deepEqual(basics("stage"), [3, "perAz", "120s", 30, 16]);
  });

  it("dev and qa keep logs days on one OpenSearch node; stage buffers through Kafka on three", () => {
    assert.deepEqual(TIERS.dev.logging, {
      retentionDays: 3,
      buffer: false,
      openSearchNodes: 1,
      storageGiB: 20,
      kafkaNodes: 1,
      kafkaStorageGiB: 10,
      bufferRetentionHours: 24,
      dashboardsReplicas: 1,
      logstashReplicas: 1,
      requests: REQUESTS,
    });
    assert.deepEqual(TIERS.qa.logging, {
      retentionDays: 7,
      buffer: false,
      openSearchNodes: 1,
      storageGiB: 30,
      kafkaNodes: 1,
      kafkaStorageGiB: 10,
      bufferRetentionHours: 24,
      dashboardsReplicas: 1,
      logstashReplicas: 1,
      requests: REQUESTS,
    });
    assert.deepEqual(TIERS.stage.logging, {
      retentionDays: 14,
      buffer: true,
      openSearchNodes: 3,
      storageGiB: 50,
      kafkaNodes: 3,
      kafkaStorageGiB: 30,
      bufferRetentionHours: 24,
      dashboardsReplicas: 2,
      logstashReplicas: 2,
      requests: REQUESTS,
    });
  });
});

describe("tier profiles: shared data stores and protection", () => {
  const cheapMysql = {
    engineVersion: "8.0",
    instanceClass: "db.t4g.medium",
    allocatedStorageGiB: 20,
    maxAllocatedStorageGiB: 100,
    backupRetentionDays: 7,
    multiAz: false,
    deletionProtection: false,
    finalSnapshot: false,
  };
  const cheapRedis = {
    nodeType: "cache.t4g.small",
    replicas: 0,
    snapshotRetentionDays: 1,
    finalSnapshot: false,
  };

  it("dev and qa run burstable single-AZ stores whose changes apply at once, with no floor", () => {
    for (const name of ["dev", "qa"] as const) {
      assert.deepEqual(TIERS[name].mysql, cheapMysql, name);
      assert.deepEqual(TIERS[name].redis, cheapRedis, name);
      assert.deepEqual(
        TIERS[name].protection,
        { clusterDeletionProtection: false, applyDataStoreChangesImmediately: true },
        name,
      );
    }
  });

  it("stage runs production-like stores, refuses deletion and waits for the maintenance window", () => {
    assert.deepEqual(TIERS.stage.mysql, {
      engineVersion: "8.0",
      instanceClass: "db.m7g.large",
      allocatedStorageGiB: 100,
      maxAllocatedStorageGiB: 500,
      backupRetentionDays: 14,
      multiAz: true,
      deletionProtection: true,
      finalSnapshot: true,
    });
    assert.deepEqual(TIERS.stage.redis, {
      nodeType: "cache.m7g.large",
      replicas: 1,
      snapshotRetentionDays: 7,
      finalSnapshot: true,
    });
    assert.deepEqual(TIERS.stage.protection, {
      clusterDeletionProtection: true,
      applyDataStoreChangesImmediately: false,
      dataStoreFloor: {
        reason: "the stage tier is sized and protected like production; use tier qa for a cheaper stack",
        requireMysqlStandbyAndProtection: true,
        minBackupRetentionDays: 7,
        minRedisReplicas: 1,
      },
    });
  });
});

describe("tier profiles: node pools", () => {
  const system = (minSize: number, maxSize: number, diskSizeGiB: number) => ({
    provisioner: "managed",
    instanceTypes: ["m6i.large"],
    capacityType: "ON_DEMAND",
    minSize,
    desiredSize: minSize,
    maxSize,
    diskSizeGiB,
    dedicated: false,
    labels: {},
  });

  it("dev: a managed system pool and a dedicated spot-first Karpenter game pool", () => {
    assert.deepEqual(TIERS.dev.nodePools, {
      system: system(2, 4, 40),
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
    });
  });

  it("qa: the game pool on-demand only, so no test run is cut short by a reclaim", () => {
    assert.deepEqual(TIERS.qa.nodePools, {
      system: system(2, 4, 40),
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
    });
  });

  it("stage: a system node per AZ and on-demand 2xlarge game nodes replaced one at a time", () => {
    assert.deepEqual(TIERS.stage.nodePools, {
      system: system(3, 6, 50),
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
    });
  });
});

describe("tier profiles: Karpenter", () => {
  it("pins Bottlerocket v1.68.1 and keeps nodes calm in Berlin's working day (stage until 22:00)", () => {
    const hours = { timeZone: "Europe/Berlin", days: BERLIN_DAYS, start: "08:00", end: "20:00" };
    assert.deepEqual(TIERS.dev.karpenter, { bottlerocketVersion: "v1.68.1", workingHours: hours });
    assert.deepEqual(TIERS.qa.karpenter, { bottlerocketVersion: "v1.68.1", workingHours: hours });
    assert.deepEqual(TIERS.stage.karpenter, {
      bottlerocketVersion: "v1.68.1",
      workingHours: { ...hours, end: "22:00" },
    });
  });
});

describe("tier profiles: what an environment runs", () => {
  const small = { replicas: 1, maxReplicas: 1, cpu: "100m", memory: "256Mi", memoryLimit: "512Mi" };
  const devServers = {
    gameserver: { replicas: 1, maxReplicas: 3, cpu: "250m", memory: "512Mi", memoryLimit: "1Gi" },
    league: small,
    scheduler: small,
    backoffice: small,
    couchbase: {
      replicas: 1,
      maxReplicas: 1,
      cpu: "500m",
      memory: "2Gi",
      memoryLimit: "2Gi",
      storage: "10Gi",
    },
  };
  const devQuota = {
    cpu: "4",
    memory: "10Gi",
    memoryLimit: "16Gi",
    pods: 24,
    storage: "30Gi",
    volumeClaims: 2,
    containerMaxMemory: "4Gi",
  };

  it("dev: one rolling pod per server, the game server up to 3, asleep outside working hours", () => {
    assert.deepEqual(TIERS.dev.environments, {
      deployment: "rolling",
      spread: "preferred",
      autoscaleCpuPercent: 70,
      servers: devServers,
      quota: devQuota,
      sleep: { schedule: "officeHours", alwaysOnNeedsReason: true },
    });
  });

  it("qa: the dev shape with the game server up to 4, always-on without a reason", () => {
    assert.deepEqual(TIERS.qa.environments, {
      deployment: "rolling",
      spread: "preferred",
      autoscaleCpuPercent: 70,
      servers: { ...devServers, gameserver: { ...devServers.gameserver, maxReplicas: 4 } },
      quota: devQuota,
      sleep: { schedule: "officeHours", alwaysOnNeedsReason: false },
    });
  });

  it("stage: blue/green, replicas on separate nodes, always on", () => {
    assert.deepEqual(TIERS.stage.environments, {
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
      sleep: { schedule: "alwaysOn", alwaysOnNeedsReason: false },
    });
  });
});

describe("tier profiles: lifetime and publishing", () => {
  it("dev lives 14 days (60 at most ahead), qa 30 (90); stage may be permanent", () => {
    assert.deepEqual(TIERS.dev.environmentLifetime, { defaultDays: 14, maxDays: 60 });
    assert.deepEqual(TIERS.qa.environmentLifetime, { defaultDays: 30, maxDays: 90 });
    assert.equal(TIERS.stage.environmentLifetime, undefined);
  });

  it("dev and qa publish registry changes to main; stage through a reviewed pull request", () => {
    assert.deepEqual(
      TIER_NAMES.map((t) => TIERS[t].registryPublish),
      ["main", "main", "pullRequest"],
    );
  });
});
