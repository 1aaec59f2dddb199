/**
 * What the registry check (stacks/resolve-registry.ts) says that no other fast suite pinned down:
 * the tier against its game pool (the shortfall lines, the setting they name for a Karpenter or a
 * managed pool, and no pool judgement once an environment's sizing could not be read), the retired
 * list's entries with a missing field or an unknown key, a YAML error the parser raises without a
 * position, and the defaults file's compareUrl. Literal expectations; the settings are the committed
 * dev config's, read without the Pulumi mock runtime, with the pool's room replaced per test.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { stringify } from "yaml";
import { environmentSettingsFromConfig } from "../stacks/environment-settings";
import { RegistryError, resolveRegistry, type RegistrySource } from "../stacks/resolve-registry";
import { TEST_TODAY } from "./paths";
import { resolvedConfig } from "./support/raw-config";

const settings = environmentSettingsFromConfig(resolvedConfig("dev"));
type Settings = typeof settings;
const BASE = {
  owner: "mina.park@studio.example",
  team: "server",
  purpose: "integration",
  version: "1.42.0",
  gameDataVersion: "gd-2026.11.3",
  resourceVersion: "res-2026.11.1",
  redisDb: 5,
  created: "2026-11-01",
  expires: "2026-12-20",
};
const RETIRED = "environments/dev/retired-redis-dbs.yaml";
const DEFAULTS = "environments/dev/defaults.yaml";

function source(files: Record<string, unknown>, extra: Partial<RegistrySource> = {}): RegistrySource {
  return {
    tier: "dev",
    environments: new Map(
      Object.entries(files).map(([name, v]) => [
        name,
        { path: `environments/dev/${name}.yaml`, text: typeof v === "string" ? v : stringify(v) },
      ]),
    ),
    ...extra,
  };
}

/** Every problem of a refused registry as `<path>: <message>`, in the order they were found. */
function problems(
  files: Record<string, unknown>,
  extra: Partial<RegistrySource> = {},
  s: Settings = settings,
) {
  try {
    resolveRegistry(source(files, extra), { settings: s, today: TEST_TODAY });
  } catch (err) {
    if (err instanceof RegistryError) return err.issues.map((i) => `${i.path}: ${i.message}`);
    throw err;
  }
  return assert.fail("the registry was accepted");
}

// A dev environment on the tier's defaults needs, at full scale: game server 3 replicas + 1 surge pod
// at 250m/512Mi, league and backoffice 1 + 1 surge at 100m/256Mi, scheduler 1 (Recreate, no surge) at
// 100m/256Mi, Couchbase 500m/2Gi: 2000m CPU and 5376Mi memory (stacks/tiers/dev.ts).
const FULL_SCALE =
  "Full scale is every server at its autoscaling maximum, one surge pod per rolling Deployment, both colours of a blue/green game server, and Couchbase; sleeping environments count, since they wake up.";
const REMEDY = "lower an environment's replicas or resources, or delete one";

describe("the tier against its game pool", () => {
  it("reports each resource short on a Karpenter pool, naming its limit under nodePools.game.limits", () => {
    const karpenter: Settings = {
      ...settings,
      gamePoolProvisioner: "karpenter",
      gamePoolCapacity: { cpu: "1", memory: "1Gi" },
    };
    assert.deepEqual(problems({ dev9: BASE }, {}, karpenter), [
      `environments/dev: the 1 environment request 2 CPU at full scale, more than the 1 CPU the game pool offers them (gamePoolCapacity.cpu): 1 CPU short. ${FULL_SCALE} By environment, largest first: dev9 2 CPU. Raise nodePools.game.limits.cpu in Pulumi.dev.yaml, ${REMEDY}`,
      `environments/dev: the 1 environment request 5376Mi of memory at full scale, more than the 1Gi the game pool offers them (gamePoolCapacity.memory): 4352Mi short. ${FULL_SCALE} By environment, largest first: dev9 5376Mi. Raise nodePools.game.limits.memory in Pulumi.dev.yaml, ${REMEDY}`,
    ]);
  });

  it("names nodePools.game.maxSize on a managed pool, and counts an environment whose other keys are wrong", () => {
    const managed: Settings = {
      ...settings,
      gamePoolProvisioner: "managed",
      gamePoolCapacity: { cpu: "4", memory: "10Gi" },
    };
    assert.deepEqual(problems({ a: { ...BASE, owner: "x" }, b: { ...BASE, redisDb: 6 } }, {}, managed), [
      "environments/dev/a.yaml: owner: must be an e-mail address",
      `environments/dev: the 2 environments request 10752Mi of memory at full scale, more than the 10Gi the game pool offers them (gamePoolCapacity.memory): 512Mi short. ${FULL_SCALE} By environment, largest first: a 5376Mi, b 5376Mi. Raise nodePools.game.maxSize in Pulumi.dev.yaml, ${REMEDY}`,
    ]);
  });

  it("accepts a tier whose environments fit the pool", () => {
    const roomy: Settings = { ...settings, gamePoolCapacity: { cpu: "2", memory: "5376Mi" } };
    const registry = resolveRegistry(source({ dev9: BASE }), { settings: roomy, today: TEST_TODAY });
    assert.deepEqual(
      registry.environments.map((e) => e.name),
      ["dev9"],
    );
  });

  for (const [key, value, message] of [
    ["replicas", "x", "replicas: must be an object, received string"],
    ["resources", "x", "resources: must be an object, received string"],
    ["deployment", "purple", 'deployment: must be one of "rolling", "blueGreen"'],
  ] as const) {
    it(`does not judge the pool once an environment's ${key} could not be read, and checks the environments after it`, () => {
      const tiny: Settings = { ...settings, gamePoolCapacity: { cpu: "1", memory: "1Gi" } };
      // "a" is checked first: the pool is left unjudged, "b" is still checked (its team is unknown).
      assert.deepEqual(
        problems({ a: { ...BASE, [key]: value }, b: { ...BASE, redisDb: 6, team: "art" } }, {}, tiny),
        [
          `environments/dev/a.yaml: ${message}`,
          'environments/dev/b.yaml: team: "art" is not a team of the dev platform; teams: balance, server (add one under game-infra:teams in Pulumi.dev.yaml)',
        ],
      );
    });
  }
});

describe("the retired list's entries", () => {
  it("says a missing field is required, with no config command", () => {
    assert.deepEqual(
      problems({}, { retired: { path: RETIRED, text: stringify([{ db: 3, retired: "2026-01-01" }]) } }),
      [`${RETIRED}: [0].environment: is required`],
    );
  });

  it("names each unknown key of an entry, with the keys an entry may have", () => {
    const text = stringify([{ db: 3, environment: "a", retired: "2026-01-01", colour: 1, envronment: 2 }]);
    assert.deepEqual(problems({}, { retired: { path: RETIRED, text } }), [
      `${RETIRED}: [0].colour: unknown key; allowed: db, environment, retired`,
      `${RETIRED}: [0].envronment: unknown key (did you mean "environment"?); allowed: db, environment, retired`,
    ]);
  });
});

describe("YAML the parser refuses without a position", () => {
  it("reports an alias to an anchor never set, with no line", () => {
    assert.deepEqual(problems({}, { retired: { path: RETIRED, text: "- *first\n" } }), [
      `${RETIRED}: is not valid YAML: Unresolved alias (the anchor must be set before the alias): first`,
    ]);
  });
});

describe("the defaults file's compareUrl", () => {
  it("must start with https://, not merely contain it", () => {
    const text = stringify({ compareUrl: "see https://github.com/studio/game/compare/{from}...{to}" });
    assert.deepEqual(problems({}, { defaults: { path: DEFAULTS, text } }), [
      `${DEFAULTS}: compareUrl: must be an https:// URL`,
    ]);
  });
});
