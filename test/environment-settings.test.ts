/**
 * The contract between a platform stack and its environment stacks (`stacks/environment-settings.ts`):
 * the settings a platform computes from its config and exports, and how an environment stack
 * checks what its StackReference read.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { environmentSettingsFromConfig, parseEnvironmentSettings } from "../stacks/environment-settings";
import { loadConfig, resolveOutputs, runStack } from "./harness";

/** A not-ready/unreachable toleration of `seconds`. */
const grace = (seconds: number) => [
  {
    key: "node.kubernetes.io/not-ready",
    operator: "Exists",
    effect: "NoExecute",
    tolerationSeconds: seconds,
  },
  {
    key: "node.kubernetes.io/unreachable",
    operator: "Exists",
    effect: "NoExecute",
    tolerationSeconds: seconds,
  },
];

/** What the dev platform's committed config (Pulumi.dev.yaml, the dev tier) gives its environments. */
const DEV_SETTINGS = {
  version: 1,
  project: "game-infra",
  stack: "dev",
  tier: "dev",
  region: "eu-west-1",
  clusterName: "game-infra-dev",
  domain: "dev.game.example.com",
  hostPattern: "{server}-{env}",
  ingressGroupName: "game-infra-dev",
  images: {
    registry: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/game",
    repositories: {
      gameserver: "gameserver",
      league: "league-server",
      scheduler: "scheduler-server",
      backoffice: "backoffice",
    },
    couchbase: "couchbase/server:7.6.6",
  },
  redisDatabases: 64,
  teams: ["balance", "server"],
  nodeMonitorGracePeriodSeconds: 240,
  graceTolerations: grace(200),
  gameScheduling: {
    nodeSelector: { "game-infra/pool": "game" },
    tolerations: [
      { key: "game-infra/pool", operator: "Equal", value: "game", effect: "NoSchedule" },
      ...grace(200),
    ],
  },
  systemScheduling: { nodeSelector: { "game-infra/pool": "system" }, tolerations: grace(200) },
  // The VPC's public subnets (10.20.0.0/16 over 3 AZs), where the ALB's nodes are.
  loadBalancerCidrs: ["10.20.128.0/24", "10.20.129.0/24", "10.20.130.0/24"],
  // Karpenter's game pool limits, less what each node keeps for itself (docs/nodes.md).
  gamePoolCapacity: { cpu: "38700m", memory: "140980Mi" },
  gamePoolProvisioner: "karpenter",
  // The dev tier's karpenter.workingHours: no consolidation then, and officeHours' waking day.
  workingHours: {
    timeZone: "Europe/Berlin",
    days: ["Mon", "Tue", "Wed", "Thu", "Fri"],
    start: "08:00",
    end: "20:00",
  },
  platformNamespace: "platform",
  dataAccess: {
    bootstrapServiceAccount: "db-bootstrap",
    mysqlAdminSecretName: "mysql-admin",
    mysqlPort: 3306,
    redisPort: 6379,
  },
};

const PLATFORM = "organization/game-infra/dev";

describe("environment settings a platform computes", () => {
  it("gives dev's environments its domain, host pattern, IngressGroup, images, teams, placement and LB CIDRs", async () => {
    assert.deepEqual(environmentSettingsFromConfig(await loadConfig("dev")), DEV_SETTINGS);
  });

  it("follows the platform's config: stage's 120 s grace period gives 80 s tolerations", async () => {
    const stage = environmentSettingsFromConfig(await loadConfig("stage"));
    assert.deepEqual(stage.graceTolerations, grace(80));
    assert.deepEqual(stage.teams, ["release"]);
    assert.equal(stage.ingressGroupName, "game-infra-stage");
  });

  it("is what the platform stack exports as environmentSettings", async () => {
    const { outputs, config } = await runStack("dev");
    assert.deepEqual(
      await resolveOutputs(outputs.environmentSettings),
      environmentSettingsFromConfig(config),
    );
  });
});

describe("environment settings as an environment stack reads them", () => {
  it("accepts what a platform of this version exports, as JSON through the StackReference", () => {
    const read = JSON.parse(JSON.stringify(DEV_SETTINGS)) as unknown;
    assert.deepEqual(parseEnvironmentSettings(read, PLATFORM), DEV_SETTINGS);
  });

  it("says to update the platform first when it exports no settings", () => {
    const expected =
      'platform stack organization/game-infra/dev has no "environmentSettings" output: update the platform stack (pulumi up -s dev in the repository root) before its environments';
    assert.equal(parseEnvironmentSettings(undefined, PLATFORM), expected);
    assert.equal(parseEnvironmentSettings(null, PLATFORM), expected);
  });

  it("names the first field it does not understand when the shape is another version's", () => {
    const older = { ...DEV_SETTINGS, version: 0 };
    assert.equal(
      parseEnvironmentSettings(older, PLATFORM),
      'platform stack organization/game-infra/dev exports "environmentSettings" in a shape this program does not understand (version: Invalid input: expected 1); update the platform stack to this program version first',
    );
    const { teams: _teams, ...withoutTeams } = DEV_SETTINGS;
    assert.match(
      parseEnvironmentSettings(withoutTeams, PLATFORM) as string,
      /does not understand \(teams: Invalid input: expected array, received undefined\)/,
    );
    assert.match(
      parseEnvironmentSettings("settings", PLATFORM) as string,
      /does not understand \(\(root\): Invalid input: expected object, received string\)/,
    );
  });
});
