import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConfigError } from "../stacks/errors";
import { configIssues, loadConfig, runStack, stackConfig, type Registered } from "./harness";

/** The part of a Deployment's inputs the grace checks read. */
interface DeploymentInputs {
  spec: { template: { spec: { tolerations: Array<{ key: string; tolerationSeconds?: number }> } } };
}
import { runUnderMocks } from "../tools/engine/run";
import type { RecordedResource } from "../tools/engine/recorder";
import { readRawConfig } from "../stacks/loader";
import { resolveStackConfig } from "../stacks/resolve";
import { defineStack } from "../program";

/** The dev stack's committed teams (Pulumi.dev.yaml), to add one to. */
const DEV_TEAMS = {
  server: { principalArns: ["arn:aws:iam::123456789012:role/dev-server-team"] },
  balance: { principalArns: ["arn:aws:iam::123456789012:role/dev-balance-team"] },
};

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
      // dev's launcher image is in dev's own repository, which a stack named otherwise may not use.
      launcher: undefined,
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
      teams: { ...DEV_TEAMS, Dev_Team: { principalArns: ["arn:aws:iam::123456789012:role/x"] } },
      nodePools: { system: { minSize: 5, desiredSize: 2 }, game: { desiredSize: 3 } },
      network: { cidr: "10.20.0.1/16" },
    });
    const paths = issues.map((i) => i.path);
    assert.ok(paths.includes("nodePools.system"));
    assert.ok(paths.includes("nodePools.game.desiredSize"));
    assert.ok(paths.includes("network.cidr"));
    assert.ok(paths.includes("teams.Dev_Team"));
    assert.match(
      issues.find((i) => i.path === "teams.Dev_Team")!.message,
      /"Dev_Team" is not a team name: a DNS-1123 label/,
    );
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

  it("takes team names up to 40 characters, each team with at least one IAM principal", async () => {
    const principal = { principalArns: ["arn:aws:iam::123456789012:role/t"] };
    const ok = await loadConfig("dev", { teams: { ...DEV_TEAMS, ["t".repeat(40)]: principal } });
    assert.deepEqual(Object.keys(ok.teams), ["balance", "server", "t".repeat(40)]);
    const issues = await configIssues("dev", {
      teams: { ...DEV_TEAMS, ["t".repeat(41)]: principal, qa: { principalArns: [] } },
    });
    assert.deepEqual(
      issues.map((i) => i.path),
      [`teams.${"t".repeat(41)}`, "teams.qa.principalArns"],
    );
    assert.match(issues[0]!.message, /at most 40 characters/);
    assert.match(issues[1]!.message, /needs at least one IAM role or user ARN/);
  });

  it("refuses environments in the platform config, pointing at the registry files", async () => {
    const issues = await configIssues("dev", { environments: [{ name: "dev1" }] });
    assert.deepEqual(
      issues.map((i) => i.path),
      ["environments"],
    );
    assert.match(
      issues[0]!.message,
      /^environments are no longer part of the platform stack's config: each one is a file environments\/<tier>\/<name>\.yaml applied as its own stack/,
    );
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
    const { project, config, secretKeys } = stackConfig("dev", { teams: { BAD: { principalArns: [] } } });
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

function devLogging() {
  return JSON.parse(stackConfig("dev").config["game-infra:logging"]!) as Record<string, unknown>;
}

describe("stack config: mistakes a new user makes get a config error, never a stack trace", () => {
  it("reports a VPC block the subnet layout cannot carve as network.cidr, naming /16 to /20", async () => {
    for (const cidr of ["10.20.0.0/24", "10.0.0.0/12", "10.20.0.0"]) {
      const issues = await configIssues("dev", { network: { cidr } });
      assert.deepEqual(
        issues.map((i) => i.path),
        ["network.cidr"],
        cidr,
      );
      assert.match(issues[0]!.message, /\/16 to \/20/, cidr);
    }
    // The whole program stops at the config, before the network component's layout could throw.
    await assert.rejects(runStack("dev", { network: { cidr: "10.20.0.0/24" } }), ConfigError);
  });

  it("lays out the smallest block with the most AZs the config allows", async () => {
    const { registered } = await runStack("dev", { network: { cidr: "10.20.0.0/20", azCount: 4 } });
    const subnets = registered
      .ofType("aws:ec2/subnet:Subnet")
      .map((s) => s.inputs.cidrBlock)
      .sort();
    // A /20 is 10.20.0.0-10.20.15.255: four /23 private subnets in the lower half, four /28 public
    // ones at the start of the upper half (10.20.8.0).
    assert.deepEqual(subnets, [
      "10.20.0.0/23",
      "10.20.2.0/23",
      "10.20.4.0/23",
      "10.20.6.0/23",
      "10.20.8.0/28",
      "10.20.8.16/28",
      "10.20.8.32/28",
      "10.20.8.48/28",
    ]);
  });

  it("refuses a Dashboards or Logstash CPU request above the chart's 1000m limit", async () => {
    const issues = await configIssues("dev", {
      logging: {
        ...devLogging(),
        requests: { dashboards: { cpuMillicores: 2000 }, logstash: { cpuMillicores: 1001 } },
      },
    });
    assert.deepEqual(issues.map((i) => i.path).sort(), [
      "logging.requests.dashboards.cpuMillicores",
      "logging.requests.logstash.cpuMillicores",
    ]);
    assert.match(issues[0]!.message, /must be at most 1000 millicores \(the CPU limit/);
    await assert.rejects(
      runStack("dev", { logging: { ...devLogging(), requests: { dashboards: { cpuMillicores: 2000 } } } }),
      ConfigError,
    );
    const { registered } = await runStack("dev", {
      logging: { ...devLogging(), requests: { dashboards: { cpuMillicores: 1000 } } },
    });
    assert.ok(registered.ofType("kubernetes:helm.sh/v3:Release").length > 0);
  });

  it("runs the whole program at the bounds the config allows, without a raw error from lib/", async () => {
    // The platform's own pod template (the log retention Job) carries the stack's grace tolerations.
    const graceOf = (registered: Registered) =>
      registered
        .ofType("kubernetes:batch/v1:Job")
        .flatMap((d) => (d.inputs as unknown as DeploymentInputs).spec.template.spec.tolerations)
        .find((t) => t.key === "node.kubernetes.io/unreachable")?.tolerationSeconds;
    const highest = await runStack("dev", {
      network: { cidr: "10.20.0.0/20", azCount: 4, natGateways: "perAz" },
      cluster: { ...devCluster(), nodeMonitorGracePeriod: "1h" },
      redis: { databases: 1_200_000, replicas: 5, snapshotRetentionDays: 35 },
      mysql: { allocatedStorageGiB: 59_578, maxAllocatedStorageGiB: 65_536, backupRetentionDays: 35 },
      logging: {
        ...devLogging(),
        retentionDays: 365,
        buffer: true,
        bufferRetentionHours: 168,
        requests: { dashboards: { cpuMillicores: 1000 }, logstash: { cpuMillicores: 1000 } },
      },
    });
    assert.equal(graceOf(highest.registered), 3560);
    const lowest = await runStack("dev", {
      cluster: { ...devCluster(), nodeMonitorGracePeriod: "40s", logRetentionDays: 1 },
      redis: { databases: 2, replicas: 0, snapshotRetentionDays: 0 },
      mysql: { allocatedStorageGiB: 20, maxAllocatedStorageGiB: 22, backupRetentionDays: 1 },
      logging: {
        ...devLogging(),
        retentionDays: 1,
        openSearchNodes: 1,
        kafkaNodes: 1,
        buffer: true,
        bufferRetentionHours: 1,
        storageGiB: 10,
        kafkaStorageGiB: 10,
        requests: {
          collector: { cpuMillicores: 1, memoryMiB: 16 },
          openSearch: { cpuMillicores: 1, memoryMiB: 512 },
          kafka: { cpuMillicores: 1, memoryMiB: 512 },
          logstash: { cpuMillicores: 1, memoryMiB: 512 },
          dashboards: { cpuMillicores: 1, memoryMiB: 16 },
        },
      },
    });
    assert.equal(graceOf(lowest.registered), 0);
  });

  it("checks aws:region: a name, a commercial region, with a did-you-mean", async () => {
    // The launcher's image must come from the stack's own region, so it follows the region here.
    const typo = await configIssues("dev", { "aws:region": "euwest1", launcher: undefined });
    assert.deepEqual(
      typo.map((i) => i.path),
      ["aws:region"],
    );
    assert.match(typo[0]!.message, /"euwest1" is not an AWS region name \(did you mean eu-west-1\?\)/);
    const gov = await configIssues("dev", { "aws:region": "us-gov-west-1", launcher: undefined });
    assert.match(gov[0]!.message, /aws-us-gov partition/);
    const unknown = await configIssues("dev", { "aws:region": "eu-west-9", launcher: undefined });
    assert.match(unknown[0]!.message, /not a region @pulumi\/aws 7\.48\.0 knows/);
    assert.equal(
      (await loadConfig("dev", { "aws:region": "ap-southeast-6", launcher: undefined })).region,
      "ap-southeast-6",
    );
  });

  it("reports a key in a config namespace nothing reads, with a did-you-mean for the project's", async () => {
    const domain = stackConfig("dev").config["game-infra:domain"]!;
    const issues = await configIssues("dev", { domain: undefined, "game-infr:domain": domain });
    const namespace = issues.find((i) => i.path === "game-infr:domain");
    assert.equal(
      namespace?.message,
      "unknown config namespace game-infr (did you mean game-infra?): nothing reads it; namespaces read: game-infra, aws, kubernetes, pulumi, eks, random",
    );
    assert.ok(issues.some((i) => i.path === "domain"));
    const other = await configIssues("dev", { "mycompany:owner": "ops", "Game-Infra:tier": "dev" });
    assert.match(
      other.find((i) => i.path === "mycompany:owner")!.message,
      /^unknown config namespace mycompany:/,
    );
    assert.match(other.find((i) => i.path === "Game-Infra:tier")!.message, /did you mean game-infra\?/);
  });

  it("accepts keys in the provider namespaces the program uses", async () => {
    const config = await loadConfig("dev", {
      "aws:profile": "studio",
      "kubernetes:enableServerSideApply": "true",
      "pulumi:disable-default-providers": '["kubernetes"]',
      "eks:someSetting": "x",
      "random:someSetting": "x",
    });
    assert.equal(config.region, "eu-west-1");
  });

  it("keeps a top-level value as the text written: an all-digit Redis token stays a string", async () => {
    const token = "1234567890123456";
    const { project, config, secretKeys } = stackConfig("dev", { redisAuthToken: token });
    const run = await runUnderMocks({
      project,
      stack: "dev",
      config,
      secretKeys: [...secretKeys, "game-infra:redisAuthToken"],
      program: () => resolveStackConfig(readRawConfig()),
    });
    assert.ok(run.outputs.redisAuthToken !== undefined);
  });
});
