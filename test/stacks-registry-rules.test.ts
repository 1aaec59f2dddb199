/**
 * The environment registry's rules (stacks/resolve-registry.ts, registry-schema.ts,
 * environment-schema.ts, resolve-environment-workloads.ts, environment-entry.ts) at their limits,
 * each both ways, with the message a user sees. Settings come from the committed dev config through
 * the resolver directly (no Pulumi mock runtime), so this is fast enough to run for every mutant.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { stringify } from "yaml";
import { environmentSettingsFromConfig } from "../stacks/environment-settings";
import {
  RegistryError,
  resolveRegistry,
  type Registry,
  type RegistrySource,
} from "../stacks/resolve-registry";
import { resolvedConfig } from "./support/raw-config";

const TODAY = "2026-12-01";
const devSettings = environmentSettingsFromConfig(resolvedConfig("dev"));
const stageSettings = environmentSettingsFromConfig(resolvedConfig("stage"));

/** A valid dev environment file; tests change one key at a time. */
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
} as const;

function source(
  files: Readonly<Record<string, unknown>>,
  extra: Partial<Omit<RegistrySource, "environments">> = {},
): RegistrySource {
  const tier = extra.tier ?? "dev";
  return {
    tier,
    ...extra,
    environments: new Map(
      Object.entries(files).map(([name, value]) => [
        name,
        {
          path: `environments/${tier}/${name}.yaml`,
          text: typeof value === "string" ? value : stringify(value),
        },
      ]),
    ),
  };
}

function resolve(
  files: Readonly<Record<string, unknown>>,
  extra: Partial<Omit<RegistrySource, "environments">> = {},
  today = TODAY,
): Registry {
  const settings = (extra.tier ?? "dev") === "stage" ? stageSettings : devSettings;
  return resolveRegistry(source(files, extra), { settings, today });
}

/** `path: message` lines of a refused registry; fails when it is accepted. */
function problems(
  files: Readonly<Record<string, unknown>>,
  extra: Partial<Omit<RegistrySource, "environments">> = {},
  today = TODAY,
): string[] {
  try {
    resolve(files, extra, today);
  } catch (err) {
    if (err instanceof RegistryError) return err.issues.map((i) => `${i.path}: ${i.message}`);
    throw err;
  }
  throw new Error(`accepted: ${JSON.stringify(files)}`);
}

const one = (patch: Record<string, unknown>) => ({ dev9: { ...BASE, ...patch } });
const p = "environments/dev/dev9.yaml";

describe("registry: environment names", () => {
  it("takes a 40-character name and refuses 41", () => {
    const name40 = "a".repeat(40);
    assert.deepEqual(
      resolve({ [name40]: BASE }).environments.map((e) => e.name),
      [name40],
    );
    const name41 = "a".repeat(41);
    assert.deepEqual(problems({ [name41]: BASE }), [
      `environments/dev/${name41}.yaml: (file name): "${name41}" is 41 characters; at most 40 are allowed so derived names fit`,
    ]);
  });

  it("refuses a name that is not a DNS-1123 label", () => {
    for (const bad of ["Dev9", "dev_9", "-dev9", "dev9-"]) {
      assert.deepEqual(problems({ [bad]: BASE }), [
        `environments/dev/${bad}.yaml: (file name): "${bad}" is not a DNS-1123 label (lower-case letters, digits and '-', starting and ending with a letter or digit)`,
      ]);
    }
  });

  it("refuses each reserved namespace and registry file name", () => {
    const namespaces = [
      "default",
      "kube-system",
      "kube-public",
      "kube-node-lease",
      "logging",
      "platform",
      "launcher",
      "external-dns",
      "aws-load-balancer-controller",
      "arc-systems",
      "arc-runners",
    ];
    for (const name of namespaces) {
      assert.deepEqual(problems({ [name]: BASE }), [
        `environments/dev/${name}.yaml: (file name): "${name}" is a namespace reserved for Kubernetes or the platform (${namespaces.join(", ")})`,
      ]);
    }
    for (const name of ["retired-redis-dbs", "defaults"]) {
      assert.deepEqual(problems({ [name]: BASE }), [
        `environments/dev/${name}.yaml: (file name): "${name}" is reserved for the registry's own files (retired-redis-dbs.yaml, defaults.yaml)`,
      ]);
    }
    // Near misses are ordinary names.
    assert.deepEqual(
      resolve({ default2: BASE, "kube-systems": { ...BASE, redisDb: 6 } }).environments.map((e) => e.name),
      ["default2", "kube-systems"],
    );
  });

  it("reports stray files and a registry checked against another tier's settings", () => {
    assert.deepEqual(problems({}, { strays: ["environments/dev/notes.txt"] }), [
      "environments/dev/notes.txt: is not a registry file: environments are <name>.yaml files, retired Redis DBs live in retired-redis-dbs.yaml, defaults for new environments in defaults.yaml",
    ]);
    assert.throws(
      () => resolveRegistry(source({}, { tier: "qa" }), { settings: devSettings, today: TODAY }),
      (err: RegistryError) => {
        assert.deepEqual(
          err.issues.map((i) => `${i.path}: ${i.message}`),
          [
            'environments/qa: is checked against the settings of tier "dev"; a registry folder is one tier\'s',
          ],
        );
        return true;
      },
    );
  });
});

describe("registry: Redis DB numbers", () => {
  it("takes 1 up to the tier's databases - 1 (63 on dev), not 0 or 64", () => {
    assert.equal(resolve(one({ redisDb: 63 })).environments[0]!.redisDb, 63);
    assert.equal(resolve(one({ redisDb: 1 })).environments[0]!.redisDb, 1);
    assert.deepEqual(problems(one({ redisDb: 64 })), [
      `${p}: redisDb: 64 is outside 1..63 (the tier's shared Redis has 64 databases)`,
    ]);
    assert.deepEqual(problems(one({ redisDb: 0 })), [
      `${p}: redisDb: must be 1 or more (database 0 is kept for shared tooling)`,
    ]);
  });

  it("gives each environment its own number", () => {
    assert.deepEqual(problems({ dev8: BASE, dev9: BASE }), [
      `${p}: redisDb: 5 is already used by environment "dev8"; each environment needs its own Redis DB`,
    ]);
  });

  it("never reuses a retired number, and checks the retired list itself", () => {
    const retired = (entries: unknown) => ({
      retired: { path: "environments/dev/retired-redis-dbs.yaml", text: stringify(entries) },
    });
    assert.deepEqual(problems(one({}), retired([{ db: 5, environment: "old", retired: "2026-10-01" }])), [
      `${p}: redisDb: 5 is retired: environment "old" used it until 2026-10-01 and its data may still be there; pick a free number, or release it first (see docs/data-stores.md, "Redis DB numbers")`,
    ]);
    const r = resolve(one({ redisDb: 6 }), retired([{ db: 5, environment: "old", retired: "2026-10-01" }]));
    assert.deepEqual(r.retired, [{ db: 5, environment: "old", retired: "2026-10-01" }]);
    assert.deepEqual(
      problems(
        {},
        retired([
          { db: 7, environment: "a", retired: "2026-10-01" },
          { db: 7, environment: "b", retired: "2026-10-02" },
          { db: 64, environment: "c", retired: "2026-10-03" },
        ]),
      ),
      [
        "environments/dev/retired-redis-dbs.yaml: [1].db: 7 is listed twice (also at [0]); one entry per retired number",
        "environments/dev/retired-redis-dbs.yaml: [2].db: 64 is outside 1..63 (the tier's shared Redis has 64 databases)",
      ],
    );
    assert.deepEqual(problems({}, retired({ db: 7 })), [
      'environments/dev/retired-redis-dbs.yaml: must be a list of { db, environment, retired } entries, got the object {"db":7}',
    ]);
    assert.equal(resolve({}, retired(null)).retired.length, 0, "an empty list retires nothing");
    assert.deepEqual(problems({}, retired([{ db: 3, environment: "", retired: "2026-10-01" }])), [
      "environments/dev/retired-redis-dbs.yaml: [0].environment: must name the environment that used the DB",
    ]);
  });
});

describe("registry: dates and lifetimes", () => {
  it("needs expires after created", () => {
    assert.deepEqual(problems(one({ created: "2026-11-01", expires: "2026-11-01" })), [
      `${p}: expires: 2026-11-01 is not after created (2026-11-01)`,
    ]);
    assert.deepEqual(problems(one({ created: "2026-11-02", expires: "2026-11-01" })), [
      `${p}: expires: 2026-11-01 is not after created (2026-11-02)`,
    ]);
    assert.equal(
      resolve(one({ created: "2026-11-01", expires: "2026-11-02" })).environments[0]!.expires,
      "2026-11-02",
    );
  });

  it("limits dev lifetimes to 60 days from today and requires expires there", () => {
    assert.equal(resolve(one({ expires: "2027-01-30" })).environments[0]!.expires, "2027-01-30");
    assert.deepEqual(problems(one({ expires: "2027-01-31" })), [
      `${p}: expires: 2027-01-31 is more than 60 days ahead (the dev maximum); latest allowed today: 2027-01-30`,
    ]);
    assert.deepEqual(problems(one({ expires: undefined })), [
      `${p}: expires: is required on dev (environments there are temporary): a date at most 60 days ahead, such as 2026-12-15`,
    ]);
  });

  it("has no lifetime limit on stage", () => {
    const stage = { ...BASE, team: "release", expires: undefined };
    const r = resolve({ stage9: stage }, { tier: "stage" });
    assert.equal(r.environments[0]!.expires, undefined);
    assert.equal(
      resolve({ stage9: { ...stage, expires: "2030-01-01" } }, { tier: "stage" }).environments[0]!.expires,
      "2030-01-01",
    );
  });

  it("refuses dates that are not calendar dates", () => {
    assert.deepEqual(problems(one({ created: "2026-02-30" })), [
      `${p}: created: must be a calendar date written YYYY-MM-DD`,
    ]);
    assert.deepEqual(problems(one({ created: "2026-1-01" })), [
      `${p}: created: must be a calendar date written YYYY-MM-DD`,
    ]);
  });

  it("defaults the clock offset to 0s and the credentials revision to 1", () => {
    const e = resolve(one({})).environments[0]!;
    assert.equal(e.clockOffset, "0s");
    assert.equal(e.clockOffsetSeconds, 0);
    assert.equal(e.credentialsRevision, 1);
    const shifted = resolve(one({ clockOffset: "-1d", credentialsRevision: 3 })).environments[0]!;
    assert.equal(shifted.clockOffset, "-1d");
    assert.equal(shifted.clockOffsetSeconds, -86400);
    assert.equal(shifted.credentialsRevision, 3);
    assert.deepEqual(problems(one({ credentialsRevision: 0 })), [
      `${p}: credentialsRevision: must be a whole number, 1 or more; bump it to rotate the environment's MySQL password`,
    ]);
  });
});

describe("registry: teams, owners and versions", () => {
  it("takes only teams the platform maps", () => {
    assert.deepEqual(problems(one({ team: "design" })), [
      `${p}: team: "design" is not a team of the dev platform; teams: balance, server (add one under game-infra:teams in Pulumi.dev.yaml)`,
    ]);
    const noTeams = { ...devSettings, teams: [] };
    assert.throws(
      () => resolveRegistry(source(one({})), { settings: noTeams, today: TODAY }),
      (err: RegistryError) => {
        assert.deepEqual(
          err.issues.map((i) => `${i.path}: ${i.message}`),
          [
            `${p}: team: "server" is not a team of the dev platform, which has none yet: add it under game-infra:teams in Pulumi.dev.yaml`,
          ],
        );
        return true;
      },
    );
  });

  it("checks owner, purpose and versions", () => {
    assert.deepEqual(problems(one({ owner: "mina" })), [`${p}: owner: must be an e-mail address`]);
    assert.deepEqual(problems(one({ purpose: "" })), [`${p}: purpose: must say what the environment is for`]);
    assert.deepEqual(problems(one({ purpose: "x".repeat(201) })), [
      `${p}: purpose: must be at most 200 characters`,
    ]);
    assert.equal(resolve(one({ purpose: "x".repeat(200) })).environments[0]!.purpose.length, 200);
    assert.deepEqual(problems(one({ version: "latest" })), [
      `${p}: version: "latest" is not a pinned version; use a release tag such as 1.42.0`,
    ]);
    assert.equal(resolve(one({ version: "a".repeat(128) })).environments[0]!.version.length, 128);
    assert.deepEqual(problems(one({ version: "a".repeat(129) })), [
      `${p}: version: must be an image tag (letters, digits, '_', '.', '-'; at most 128 characters)`,
    ]);
    const label =
      "must be a version of at most 63 letters, digits, '_', '.' or '-', starting and ending alphanumeric";
    assert.equal(
      resolve(one({ gameDataVersion: "g".repeat(63) })).environments[0]!.gameDataVersion.length,
      63,
    );
    assert.deepEqual(problems(one({ gameDataVersion: "g".repeat(64) })), [`${p}: gameDataVersion: ${label}`]);
    assert.deepEqual(problems(one({ resourceVersion: "r-" })), [`${p}: resourceVersion: ${label}`]);
  });

  it("reports an unknown key, a file that is no mapping, and invalid YAML", () => {
    assert.match(
      problems(one({ colour: "blue" }))[0]!,
      /^environments\/dev\/dev9\.yaml: colour: unknown key/,
    );
    assert.deepEqual(problems({ dev9: "- a\n- b\n" }), [
      `${p}: must be a mapping of settings (owner, team, purpose, version, ...), got a list`,
    ]);
    assert.deepEqual(problems({ dev9: "" }), [
      `${p}: must be a mapping of settings (owner, team, purpose, version, ...), got an empty file`,
    ]);
    assert.deepEqual(problems({ dev9: "owner: [\n" })[0]!.startsWith(`${p}: is not valid YAML (line `), true);
  });
});

describe("registry: workloads, chaos and quota", () => {
  it("takes chaos with a mean time between kills of 1 to 365 days", () => {
    const low = resolve(one({ chaos: { mtbfDays: 1 } })).environments[0]!;
    assert.deepEqual(low.chaos, { mtbfDays: 1, killMode: "fixed" });
    const high = resolve(one({ chaos: { mtbfDays: 365, killMode: "fixed-percent", killValue: 100 } }))
      .environments[0]!;
    assert.deepEqual(high.chaos, { mtbfDays: 365, killMode: "fixed-percent", killValue: 100 });
    const days = "must be a whole number of days, 1-365 (mean time between pod kills)";
    assert.deepEqual(problems(one({ chaos: { mtbfDays: 0 } })), [`${p}: chaos.mtbfDays: ${days}`]);
    assert.deepEqual(problems(one({ chaos: { mtbfDays: 366 } })), [`${p}: chaos.mtbfDays: ${days}`]);
  });

  it("holds percentages to 100 and refuses a value for kill-all", () => {
    for (const killMode of ["fixed-percent", "random-max-percent"]) {
      assert.deepEqual(problems(one({ chaos: { mtbfDays: 7, killMode, killValue: 101 } })), [
        `${p}: chaos.killValue: 101 is a percentage here; allowed: 1-100`,
      ]);
    }
    assert.deepEqual(
      resolve(one({ chaos: { mtbfDays: 7, killMode: "fixed", killValue: 101 } })).environments[0]!.chaos,
      {
        mtbfDays: 7,
        killMode: "fixed",
        killValue: 101,
      },
    );
    assert.deepEqual(problems(one({ chaos: { mtbfDays: 7, killMode: "kill-all", killValue: 1 } })), [
      `${p}: chaos.killValue: does not apply to kill-all, which kills every pod`,
    ]);
    assert.deepEqual(resolve(one({ chaos: { mtbfDays: 7, killMode: "kill-all" } })).environments[0]!.chaos, {
      mtbfDays: 7,
      killMode: "kill-all",
    });
    assert.deepEqual(problems(one({ chaos: { mtbfDays: 7, killValue: 0 } })), [
      `${p}: chaos.killValue: must be a whole number, 1 or more`,
    ]);
    assert.deepEqual(problems(one({ chaos: { mtbfDays: 7, killMode: "some" } })), [
      `${p}: chaos.killMode: must be one of "fixed", "random-max-percent", "fixed-percent", "kill-all"`,
    ]);
  });

  it("takes 1 to 50 replicas, and autoscaling bounds with max at least min", () => {
    const e = resolve(
      one({
        replicas: { gameserver: 50, league: { min: 2, max: 2 } },
        quota: { cpu: "100", memory: "200Gi", memoryLimit: "400Gi", pods: 200 },
      }),
    ).environments[0]!;
    assert.deepEqual([e.servers.gameserver.replicas, e.servers.gameserver.maxReplicas], [50, 50]);
    assert.deepEqual([e.servers.league.replicas, e.servers.league.maxReplicas], [2, 2]);
    assert.deepEqual(problems(one({ replicas: { gameserver: { min: 3, max: 2 } } })), [
      `${p}: replicas.gameserver: max must be at least min`,
    ]);
    for (const bad of [0, 51]) {
      assert.match(
        problems(one({ replicas: { gameserver: bad } }))[0]!,
        /^environments\/dev\/dev9\.yaml: replicas\.gameserver: /,
      );
    }
  });

  it("keeps blue/green keys for blue/green servers", () => {
    assert.deepEqual(problems(one({ activeColor: "green", previewVersion: "1.43.0" })), [
      `${p}: activeColor: only applies to a blue/green game server; set deployment: blueGreen (this environment is rolling)`,
      `${p}: previewVersion: only applies to a blue/green game server; set deployment: blueGreen (this environment is rolling)`,
    ]);
    const e = resolve(one({ deployment: "blueGreen", activeColor: "green", previewVersion: "1.43.0" }))
      .environments[0]!;
    assert.equal(e.deployment, "blueGreen");
    assert.equal(e.activeColor, "green");
    assert.equal(e.previewVersion, "1.43.0");
    assert.equal(resolve(one({})).environments[0]!.activeColor, "blue");
  });

  it("needs a memory limit of at least the request", () => {
    assert.deepEqual(problems(one({ resources: { league: { memory: "1Gi", memoryLimit: "1023Mi" } } })), [
      `${p}: resources.league.memoryLimit: 1023Mi is below the memory request 1Gi; the limit must be at least the request`,
    ]);
    const e = resolve(one({ resources: { league: { memory: "1Gi", memoryLimit: "1Gi", cpu: 0.25 } } }))
      .environments[0]!;
    assert.equal(e.servers.league.memoryLimit, "1Gi");
    assert.equal(e.servers.league.cpu, "0.25");
  });

  it("fits host names into one 63-character DNS label", () => {
    const name = "a".repeat(40);
    // game-preview-<40>-<9> is 63 characters; with 10 it is 64. Only blue/green has the preview host.
    const settings = (suffix: string) => ({ ...devSettings, hostPattern: `{server}-{env}-${suffix}` });
    const files = source({ [name]: { ...BASE, deployment: "blueGreen" } });
    assert.equal(
      resolveRegistry(files, { settings: settings("b".repeat(9)), today: TODAY }).environments.length,
      1,
    );
    assert.throws(
      () => resolveRegistry(files, { settings: settings("b".repeat(10)), today: TODAY }),
      (err: RegistryError) => {
        assert.deepEqual(
          err.issues.map((i) => `${i.path}: ${i.message}`),
          [
            `environments/dev/${name}.yaml: (file name): host "game-preview-${name}-${"b".repeat(10)}" is 64 characters; a DNS label has at most 63 (hostPattern "{server}-{env}-${"b".repeat(10)}"); use a shorter name or pattern`,
          ],
        );
        return true;
      },
    );
    const rolling = source({ [name]: BASE });
    assert.equal(
      resolveRegistry(rolling, { settings: settings("b".repeat(10)), today: TODAY }).environments.length,
      1,
    );
  });

  it("needs a quota that holds the servers at full scale during a rollout", () => {
    assert.deepEqual(problems(one({ resources: { league: { cpu: 2 } } })), [
      `${p}: quota.cpu: 4 CPU is less than the 5.8 CPU of CPU requests the servers need at full scale during a rollout (gameserver 1 CPU, league 4 CPU, scheduler 0.1 CPU, backoffice 0.2 CPU, couchbase 0.5 CPU); raise it or shrink the servers`,
    ]);
    const e = resolve(one({ resources: { league: { cpu: 2 } }, quota: { cpu: "5.8" } })).environments[0]!;
    assert.equal(e.quota.cpu, "5.8");
    assert.deepEqual(problems(one({ resources: { league: { cpu: 2 } }, quota: { cpu: "5.79" } })).length, 1);
  });
});
