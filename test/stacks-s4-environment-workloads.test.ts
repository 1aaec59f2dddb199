/**
 * The workload keys of an environment file and the stack's `images` and `hostPattern`
 * (stacks/environment-schema.ts), and how an environment's workload resolves against the dev tier
 * (stacks/resolve-environment-workloads.ts): the schemas' own messages for values of the wrong kind,
 * registry hosts of one character and repositories with path segments, every written quota and
 * Couchbase storage kept over the tier's, no storage on servers without volumes, no
 * `previewVersion` unless written, blue/green keys left alone when `deployment` failed, and the
 * quota judged only when none of the keys it weighs failed. Mutation-run survivors of 2026-12-02.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ConfigIssue } from "../stacks/errors";
import { checkEnvironmentEntry, type CheckedEnvironment } from "../stacks/environment-entry";
import { environmentStackKeys } from "../stacks/environment-schema";
import type { EnvironmentFile } from "../stacks/registry-schema";
import { resolveEnvironmentWorkloads } from "../stacks/resolve-environment-workloads";
import { TIERS } from "../stacks/tiers";
import { configProblems, resolvedConfig } from "./support/raw-config";

const FILE = "environments/dev/dev1.yaml";

/** The problems an environment file's `key` gets from the schema, as `<key>: <message>` lines. */
function keyProblems(value: Record<string, unknown>, key: string): string[] {
  const issues: ConfigIssue[] = [];
  checkEnvironmentEntry(value, FILE, issues);
  return issues
    .filter((i) => i.path.startsWith(`${FILE}: ${key}`))
    .map((i) => `${i.path.slice(FILE.length + 2)}: ${i.message}`);
}

describe("environment schema (s4): the schemas' own messages", () => {
  it("says what a CPU quantity and a size look like when the value is neither text nor a number", () => {
    assert.deepEqual(keyProblems({ resources: { gameserver: { cpu: true, memory: [] } } }, "resources"), [
      "resources.gameserver.cpu: must be a CPU quantity such as 250m, 0.5 or 2",
      "resources.gameserver.memory: must be a size such as 512Mi or 2Gi",
    ]);
  });

  it("says a size YAML read as a number is to be quoted, in the size's own words", () => {
    assert.deepEqual(keyProblems({ quota: { memory: 512 } }, "quota"), [
      'quota.memory: must be a size such as 512Mi or 2Gi; got the number 512; YAML read it as a number: quote it ("512"); YAML drops trailing zeros (1.40 reads as 1.4): check the quoted digits are the ones you meant',
    ]);
  });

  it("says what replicas may be when they are text", () => {
    assert.deepEqual(keyProblems({ replicas: { gameserver: "two" } }, "replicas"), [
      "replicas.gameserver: must be a replica count such as 2, or autoscaling bounds such as { min: 2, max: 8 } (whole numbers, 1-50)",
    ]);
  });

  it("says why a host pattern is wrong", () => {
    assert.deepEqual(configProblems("dev", { hostPattern: "{server}" }), [
      'hostPattern: "{server}" must contain both {server} and {env}, so every server of every environment gets its own host',
    ]);
  });

  it("reports a bad host pattern as a well-formed custom zod issue", () => {
    const result = environmentStackKeys.hostPattern.safeParse("{env}.{server}");
    assert.deepEqual(result.error?.issues, [
      {
        code: "custom",
        path: [],
        message:
          '"{env}.{server}" must be a single DNS label (no dots): the wildcard certificate *.<domain> covers one label only',
      },
    ]);
  });
});

describe("environment schema (s4): image registry and repositories", () => {
  it("takes a one-character registry host and repositories with path segments", () => {
    const images = {
      registry: "r/game",
      repositories: { gameserver: "studio/gameserver", league: "studio/league-server", scheduler: "a/b.c_d" },
    };
    assert.deepEqual(resolvedConfig("dev", { images }).images, {
      registry: "r/game",
      repositories: {
        gameserver: "studio/gameserver",
        league: "studio/league-server",
        scheduler: "a/b.c_d",
        backoffice: "backoffice",
      },
      couchbase: "couchbase/server:7.6.6",
    });
  });
});

/** A checked environment file with `fields`, `failed` naming keys that failed the schema. */
function entry(fields: Partial<EnvironmentFile>, failed: readonly string[] = []): CheckedEnvironment {
  return { path: FILE, fields, failedKeys: new Set(failed), complete: failed.length === 0 };
}

function resolve(fields: Partial<EnvironmentFile>, failed: readonly string[] = []) {
  const issues: ConfigIssue[] = [];
  const result = resolveEnvironmentWorkloads(entry(fields, failed), TIERS.dev, issues);
  return { result, problems: issues.map((i) => `${i.path}: ${i.message}`) };
}

/** The dev tier's servers (stacks/tiers/dev.ts). */
const DEV_SERVERS = {
  gameserver: { replicas: 1, maxReplicas: 3, cpu: "250m", memory: "512Mi", memoryLimit: "1Gi" },
  league: { replicas: 1, maxReplicas: 1, cpu: "100m", memory: "256Mi", memoryLimit: "512Mi" },
  scheduler: { replicas: 1, maxReplicas: 1, cpu: "100m", memory: "256Mi", memoryLimit: "512Mi" },
  backoffice: { replicas: 1, maxReplicas: 1, cpu: "100m", memory: "256Mi", memoryLimit: "512Mi" },
  couchbase: { replicas: 1, maxReplicas: 1, cpu: "500m", memory: "2Gi", memoryLimit: "2Gi", storage: "10Gi" },
};

describe("environment workloads (s4): written values over the tier's", () => {
  it("keeps written quota storage, volume claims, container maximum and Couchbase storage; no preview version", () => {
    assert.deepEqual(
      resolve({
        quota: { storage: "40Gi", volumeClaims: 3, containerMaxMemory: "6Gi" },
        resources: { couchbase: { storage: "20Gi" } },
      }),
      {
        result: {
          deployment: "rolling",
          activeColor: "blue",
          spread: "preferred",
          autoscaleCpuPercent: 70,
          servers: { ...DEV_SERVERS, couchbase: { ...DEV_SERVERS.couchbase, storage: "20Gi" } },
          quota: {
            cpu: "4",
            memory: "10Gi",
            memoryLimit: "16Gi",
            pods: 24,
            storage: "40Gi",
            volumeClaims: 3,
            containerMaxMemory: "6Gi",
          },
        },
        problems: [],
      },
    );
  });

  it("gives storage to Couchbase only, the tier's when none is written", () => {
    const { result } = resolve({});
    assert.deepEqual(result.servers, DEV_SERVERS);
    assert.equal(Object.hasOwn(result, "previewVersion"), false);
    for (const server of ["gameserver", "league", "scheduler", "backoffice"] as const) {
      assert.equal(Object.hasOwn(result.servers[server], "storage"), false, server);
    }
  });
});

describe("environment workloads (s4): rules skipped for keys that failed the schema", () => {
  it("refuses blue/green keys on a rolling environment, but not when its deployment key failed", () => {
    assert.deepEqual(resolve({ activeColor: "green" }).problems, [
      `${FILE}: activeColor: only applies to a blue/green game server; set deployment: blueGreen (this environment is rolling)`,
    ]);
    const failed = resolve({ activeColor: "green" }, ["deployment"]);
    assert.deepEqual(failed.problems, []);
    assert.equal(failed.result.activeColor, "green");
  });

  const tooSmall = [
    `${FILE}: quota.containerMaxMemory: 768Mi is below gameserver's memory limit 1Gi; the LimitRange would reject its pods`,
    `${FILE}: quota.containerMaxMemory: 768Mi is below couchbase's memory limit 2Gi; the LimitRange would reject its pods`,
  ];

  it("judges the quota against the servers when every key it weighs parsed", () => {
    assert.deepEqual(resolve({ quota: { containerMaxMemory: "768Mi" } }).problems, tooSmall);
    // Keys the quota does not weigh failing leave the judgement on.
    assert.deepEqual(
      resolve({ quota: { containerMaxMemory: "768Mi" } }, ["chaos", "sleep"]).problems,
      tooSmall,
    );
  });

  for (const key of ["deployment", "replicas", "resources"]) {
    it(`does not judge the quota when ${key} failed the schema`, () => {
      assert.deepEqual(resolve({ quota: { containerMaxMemory: "768Mi" } }, [key]).problems, []);
    });
  }

  it("does not judge the quota when quota failed the schema", () => {
    // 50 game servers outgrow the tier's quota, which stands in for the failed one.
    assert.deepEqual(resolve({ replicas: { gameserver: 50 } }, ["quota"]).problems, []);
    assert.notDeepEqual(resolve({ replicas: { gameserver: 50 } }).problems, []);
  });
});
