import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConfigError } from "../stacks/errors";
import { configIssues, loadConfig, stackConfig } from "./harness";
import { runUnderMocks } from "../tools/engine/run";
import type { RecordedResource } from "../tools/engine/recorder";
import { readRawConfig } from "../stacks/loader";
import { resolveStackConfig } from "../stacks/resolve";
import { defineStack } from "../program";

const env = (over: Record<string, unknown> = {}) => ({
  name: "dev9",
  owner: "a@studio.example",
  purpose: "testing",
  version: "1.0.0",
  gameDataVersion: "gd-1",
  resourceVersion: "res-1",
  redisDb: 9,
  ...over,
});

describe("stack config: defaults", () => {
  it("takes the tier from the stack name and resolves the tier's defaults", async () => {
    const dev = await loadConfig("dev");
    assert.equal(dev.tier, "dev");
    assert.equal(dev.network.natGateways, "single");
    assert.equal(dev.cluster.nodeMonitorGracePeriodSeconds, 240);
    assert.deepEqual(
      dev.nodePools.map((p) => [p.name, p.provisioner === "managed" ? p.capacityType : p.capacityTypes]),
      [
        ["system", "ON_DEMAND"],
        ["game", ["spot", "on-demand"]],
      ],
    );
    const stage = await loadConfig("stage");
    assert.equal(stage.network.natGateways, "perAz");
    assert.equal(stage.cluster.nodeMonitorGracePeriodSeconds, 120);
    const stageGame = stage.nodePools.find((p) => p.name === "game");
    assert.deepEqual(stageGame?.provisioner === "karpenter" && stageGame.capacityTypes, ["on-demand"]);
  });

  it("lets a stack named otherwise pick its tier, and overrides win over tier defaults", async () => {
    const { project, config, secretKeys } = stackConfig("dev", {
      tier: "qa",
      cluster: { ...devCluster(), nodeMonitorGracePeriod: "4m" },
    });
    const run = await runUnderMocks({
      project,
      stack: "dev-eu",
      config,
      secretKeys,
      program: () => resolveStackConfig(readRawConfig()),
    });
    assert.equal(run.outputs.tier, "qa");
    assert.equal(run.outputs.cluster.nodeMonitorGracePeriodSeconds, 240);
    const game = run.outputs.nodePools.find((p) => p.name === "game");
    assert.deepEqual(game?.provisioner === "karpenter" && game.capacityTypes, ["on-demand"]);
  });

  it("merges a pool override field by field", async () => {
    const cfg = await loadConfig("dev", {
      nodePools: { system: { maxSize: 6, labels: { team: "server" } } },
    });
    const system = cfg.nodePools.find((p) => p.name === "system")!;
    assert.ok(system.provisioner === "managed");
    assert.equal(system.maxSize, 6);
    assert.equal(system.minSize, 2);
    assert.deepEqual(system.labels, { team: "server" });
  });
});

function devCluster() {
  return JSON.parse(stackConfig("dev").config["game-infra:cluster"]!) as Record<string, unknown>;
}

describe("stack config: errors name the key and what is allowed", () => {
  it("reports every problem at once", async () => {
    const issues = await configIssues("dev", {
      nodePools: { system: { minSize: 5, desiredSize: 2 }, game: { desiredSize: 3 } },
      network: { cidr: "10.20.0.1/16" },
    });
    const paths = issues.map((i) => i.path);
    assert.ok(paths.includes("nodePools.system"));
    assert.ok(paths.includes("nodePools.game.desiredSize"));
    assert.ok(paths.includes("network.cidr"));
    assert.match(
      issues.find((i) => i.path === "nodePools.system")!.message,
      /minSize <= desiredSize <= maxSize, got 5 <= 2 <= 4/,
    );
  });

  it("rejects an unknown key and suggests the right one", async () => {
    const issues = await configIssues("dev", { nodepools: { game: { maxSize: 3 } } });
    assert.deepEqual(
      issues.map((i) => i.path),
      ["nodepools"],
    );
    assert.match(issues[0]!.message, /unknown key \(did you mean "nodePools"\?\)/);
    const nested = await configIssues("dev", { network: { cidr: "10.20.0.0/16", natGateway: "single" } });
    assert.equal(nested[0]!.path, "network.natGateway");
    assert.match(nested[0]!.message, /did you mean "natGateways"/);
  });

  it("rejects names longer than 40 characters, reserved namespaces and out-of-range Redis DBs", async () => {
    const issues = await configIssues("dev", {
      environments: [
        env({ name: "a".repeat(41) }),
        env({ name: "logging", redisDb: 10 }),
        env({ name: "ok", redisDb: 64 }),
      ],
    });
    assert.match(issues.find((i) => i.path === "environments[0].name")!.message, /41 characters; at most 40/);
    assert.match(issues.find((i) => i.path === "environments[1].name")!.message, /reserved/);
    assert.match(issues.find((i) => i.path === "environments[2].redisDb")!.message, /outside 1\.\.63/);
  });

  it("rejects bad durations, a grace period under EKS's fixed 40 s, open endpoints and unknown tiers", async () => {
    const issues = await configIssues("dev", {
      tier: "prod",
      cluster: { ...devCluster(), nodeMonitorGracePeriod: "4 minutes", publicAccessCidrs: ["0.0.0.0/0"] },
    });
    assert.match(issues.find((i) => i.path === "tier")!.message, /must be one of "dev", "qa", "stage"/);
    assert.match(
      issues.find((i) => i.path === "cluster.nodeMonitorGracePeriod")!.message,
      /duration such as 240s/,
    );
    assert.match(issues.find((i) => i.path === "cluster.publicAccessCidrs[0]")!.message, /whole internet/);
    const short = await configIssues("dev", { cluster: { ...devCluster(), nodeMonitorGracePeriod: "20s" } });
    assert.match(short[0]!.message, /shorter than the 40s/);
  });

  it("rejects instance types the sizing tables do not know, and mixed architectures", async () => {
    const issues = await configIssues("dev", {
      nodePools: {
        system: { instanceTypes: ["m6i.xlarge", "z1.mega"] },
        batch: { instanceTypes: ["m6i.large", "m7g.large"], minSize: 0, desiredSize: 0, maxSize: 2 },
      },
    });
    assert.match(
      issues.find((i) => i.path === "nodePools.system.instanceTypes[1]")!.message,
      /not an instance type the sizing tables know/,
    );
    assert.match(
      issues.find((i) => i.path === "nodePools.batch.instanceTypes")!.message,
      /mixes CPU architectures/,
    );
  });

  it("requires the keys without defaults, naming the pulumi config command", async () => {
    const issues = await configIssues("dev", { domain: undefined, "aws:region": undefined });
    assert.match(
      issues.find((i) => i.path === "domain")!.message,
      /is required \(pulumi config set game-infra:domain/,
    );
    assert.ok(issues.some((i) => i.path === "aws:region"));
  });

  it("refuses a secret value for a key whose value would show in names and plans", async () => {
    const { project, config } = stackConfig("dev");
    const run = runUnderMocks({
      project,
      stack: "dev",
      config,
      secretKeys: ["game-infra:domain"],
      program: () => resolveStackConfig(readRawConfig()),
    });
    await assert.rejects(run, (err: ConfigError) => {
      assert.deepEqual(
        err.issues.map((i) => i.path),
        ["domain"],
      );
      assert.match(err.issues[0]!.message, /set with --secret.*set it without --secret/);
      return true;
    });
  });

  it("takes a Redis AUTH token set with --secret, keeps it secret, and generates none", async () => {
    const token = "studio-chosen-token-0123456789abcdef";
    const { project, config, secretKeys } = stackConfig("dev", { redisAuthToken: token });
    const run = await runUnderMocks({
      project,
      stack: "dev",
      config,
      secretKeys: [...secretKeys, "game-infra:redisAuthToken"],
      program: () => defineStack(resolveStackConfig(readRawConfig())),
    });
    const group = run.resources.find((r) => r.type === "aws:elasticache/replicationGroup:ReplicationGroup")!;
    assert.equal(group.inputs.authToken, "[secret]");
    assert.equal(
      run.resources.filter(
        (r) => r.type === "random:index/randomPassword:RandomPassword" && r.name.endsWith("auth-token"),
      ).length,
      0,
    );
    assert.equal(JSON.stringify(run.resources).includes(token), false);
  });

  it("refuses a Redis AUTH token that was not set with --secret, or breaks ElastiCache's rules", async () => {
    const plain = await configIssues("dev", { redisAuthToken: "studio-chosen-token-0123456789abcdef" });
    assert.match(
      plain.find((i) => i.path === "redisAuthToken")!.message,
      /is a secret: set it with `pulumi config set --secret/,
    );
    const short = await configIssues("dev", { redisAuthToken: "short@token" });
    assert.match(short.find((i) => i.path === "redisAuthToken")!.message, /16-128 printable ASCII/);
  });

  it("registers no resource when the config is invalid", async () => {
    const { project, config, secretKeys } = stackConfig("dev", { environments: [env({ name: "BAD" })] });
    const sink: RecordedResource[] = [];
    const run = runUnderMocks({
      project,
      stack: "dev",
      config,
      secretKeys,
      sink,
      program: () => defineStack(resolveStackConfig(readRawConfig())),
    });
    await assert.rejects(run, ConfigError);
    assert.deepEqual(sink, []);
    // The same program with valid config does register resources, so the empty sink means something.
    const valid = stackConfig("dev");
    const ok = await runUnderMocks({
      ...valid,
      stack: "dev",
      program: () => defineStack(resolveStackConfig(readRawConfig())),
    });
    assert.ok(ok.resources.length > 0);
  });
});
