import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { REDIS_MAX_DATABASES, redisParameters, replicationGroupIdProblems } from "../lib/redis-settings";
import {
  backupRetentionProblem,
  dbInstanceIdentifierProblems,
  minimumMaxAllocatedStorage,
  mysqlParameterFamily,
  supportsPerformanceInsights,
} from "../lib/mysql-settings";
import { configIssues, loadConfig } from "./harness";

/** The one issue at `path`; fails when there is none. */
function issueAt(issues: Array<{ path: string; message: string }>, path: string): string {
  const found = issues.find((i) => i.path === path);
  assert.ok(found, `an issue at ${path}; got ${issues.map((i) => i.path).join(", ")}`);
  return found.message;
}

describe("data store config: tier defaults and overrides", () => {
  it("gives dev a small single-AZ MySQL and a replica-less Redis, and stage a protected multi-AZ pair", async () => {
    const dev = await loadConfig("dev");
    assert.deepEqual(dev.mysql, {
      engineVersion: "8.0",
      instanceClass: "db.t4g.medium",
      allocatedStorageGiB: 20,
      maxAllocatedStorageGiB: 100,
      backupRetentionDays: 7,
      multiAz: false,
      deletionProtection: false,
      finalSnapshot: false,
    });
    assert.deepEqual(dev.redis, {
      databases: 64,
      nodeType: "cache.t4g.small",
      replicas: 0,
      snapshotRetentionDays: 1,
      finalSnapshot: false,
    });
    const stage = await loadConfig("stage");
    assert.equal(stage.mysql.multiAz, true);
    assert.equal(stage.mysql.deletionProtection, true);
    assert.equal(stage.mysql.finalSnapshot, true);
    assert.ok(stage.mysql.backupRetentionDays >= 7);
    assert.equal(stage.redis.replicas, 1);
    assert.equal(stage.redis.finalSnapshot, true);
  });

  it("lets a stack override single fields and keeps the tier's for the rest", async () => {
    const cfg = await loadConfig("dev", {
      mysql: { instanceClass: "db.m7g.large", engineVersion: "8.4" },
      redis: { databases: 128, replicas: 1 },
    });
    assert.equal(cfg.mysql.instanceClass, "db.m7g.large");
    assert.equal(cfg.mysql.engineVersion, "8.4");
    assert.equal(cfg.mysql.allocatedStorageGiB, 20);
    assert.equal(cfg.redis.databases, 128);
    assert.equal(cfg.redis.replicas, 1);
    assert.equal(cfg.redis.nodeType, "cache.t4g.small");
  });
});

describe("data store config: errors name the key and what is allowed", () => {
  it("rejects values outside what RDS and ElastiCache accept", async () => {
    const issues = await configIssues("dev", {
      mysql: {
        engineVersion: "5.7",
        instanceClass: "m6i.large",
        allocatedStorageGiB: 10,
        backupRetentionDays: 0,
        colour: "blue",
      },
      redis: {
        databases: REDIS_MAX_DATABASES + 1,
        replicas: 6,
        nodeType: "t4g.small",
        snapshotRetentionDays: 40,
      },
    });
    assert.match(issueAt(issues, "mysql.engineVersion"), /must be one of "8\.0", "8\.4"/);
    assert.match(issueAt(issues, "mysql.instanceClass"), /RDS instance class such as db\.t4g\.medium/);
    assert.match(issueAt(issues, "mysql.allocatedStorageGiB"), /at least 20/);
    assert.match(issueAt(issues, "mysql.backupRetentionDays"), /1-35 days/);
    assert.match(issueAt(issues, "mysql.colour"), /unknown key/);
    assert.match(issueAt(issues, "redis.databases"), /at most 1200000 \(the ElastiCache limit/);
    assert.match(issueAt(issues, "redis.replicas"), /at most 5 read replicas/);
    assert.match(issueAt(issues, "redis.nodeType"), /ElastiCache node type/);
    assert.match(issueAt(issues, "redis.snapshotRetentionDays"), /0-35 days/);
  });

  it("requires storage autoscaling headroom of at least 10 %", async () => {
    const issues = await configIssues("dev", {
      mysql: { allocatedStorageGiB: 100, maxAllocatedStorageGiB: 105 },
    });
    assert.match(issueAt(issues, "mysql.maxAllocatedStorageGiB"), /105 .* 110 or more/);
  });

  it("refuses to make stage less protected than production", async () => {
    const issues = await configIssues("stage", {
      mysql: { multiAz: false, deletionProtection: false, finalSnapshot: false, backupRetentionDays: 3 },
      redis: { replicas: 0, finalSnapshot: false },
    });
    assert.match(issueAt(issues, "mysql.multiAz"), /must be true on stage .*use tier qa/);
    assert.match(issueAt(issues, "mysql.deletionProtection"), /must be true on stage/);
    assert.match(issueAt(issues, "mysql.finalSnapshot"), /must be true on stage/);
    assert.match(issueAt(issues, "mysql.backupRetentionDays"), /3 is too short for stage; allowed: 7-35/);
    assert.match(issueAt(issues, "redis.replicas"), /1 or more on stage/);
    assert.match(issueAt(issues, "redis.finalSnapshot"), /must be true on stage/);
  });
});

describe("data store settings", () => {
  it("sets the Redis databases parameter within ElastiCache's documented range", () => {
    assert.deepEqual(redisParameters(64)[0], { name: "databases", value: "64" });
    assert.throws(() => redisParameters(1), /2 to 1200000/);
    assert.throws(() => redisParameters(REDIS_MAX_DATABASES + 1), /2 to 1200000/);
  });

  it("knows which instance classes Performance Insights supports", () => {
    assert.equal(supportsPerformanceInsights("db.t4g.small"), false);
    assert.equal(supportsPerformanceInsights("db.t4g.medium"), true);
    assert.equal(supportsPerformanceInsights("db.m7g.large"), true);
  });

  it("checks AWS identifier rules and derives the parameter group family", () => {
    assert.deepEqual(replicationGroupIdProblems("game-infra-dev-redis"), []);
    assert.match(
      replicationGroupIdProblems(`${"a".repeat(36)}-redis`)[0]!,
      /42 characters; ElastiCache allows 40/,
    );
    assert.match(dbInstanceIdentifierProblems("1-game-mysql")[0]!, /starting with a letter/);
    assert.equal(mysqlParameterFamily("8.4"), "mysql8.4");
    assert.equal(minimumMaxAllocatedStorage(20), 22);
    assert.equal(minimumMaxAllocatedStorage(100), 110);
  });
});

describe("backup retention (one rule for config validation and MysqlDatabase)", () => {
  it("accepts 1 and 35 days and refuses 0, 36 and fractions", () => {
    assert.equal(backupRetentionProblem(1), undefined);
    assert.equal(backupRetentionProblem(35), undefined);
    assert.equal(backupRetentionProblem(0), "must be 1-35 days");
    assert.equal(backupRetentionProblem(36), "must be 1-35 days");
    assert.equal(backupRetentionProblem(7.5), "must be 1-35 days");
  });

  it("is what the stack config says at the bounds", async () => {
    assert.match(
      issueAt(await configIssues("dev", { mysql: { backupRetentionDays: 0 } }), "mysql.backupRetentionDays"),
      /must be 1-35 days \(0 would turn automated backups off\)/,
    );
    assert.match(
      issueAt(await configIssues("dev", { mysql: { backupRetentionDays: 36 } }), "mysql.backupRetentionDays"),
      /must be 1-35 days \(RDS keeps automated backups at most 35 days\)/,
    );
    assert.match(
      issueAt(
        await configIssues("dev", { redis: { snapshotRetentionDays: 36 } }),
        "redis.snapshotRetentionDays",
      ),
      /must be 0-35 days \(ElastiCache keeps automatic snapshots at most 35 days\)/,
    );
    assert.equal(
      (await loadConfig("dev", { mysql: { backupRetentionDays: 35 } })).mysql.backupRetentionDays,
      35,
    );
  });
});
