/**
 * The environment registry as a whole (`stacks/resolve-registry.ts`): names, file shapes, Redis DB
 * numbers (unique, in range, never retired), teams, dates and lifetimes, host names, the retired
 * list, and every problem of every file reported at once as `<file>: <key>: <message>`. The rules a
 * file's workload keys follow are in environment-config.test.ts.
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { readRegistrySource } from "../stacks/registry";
import { RegistryError, resolveRegistry } from "../stacks/resolve-registry";
import {
  ROOT,
  TEST_TODAY,
  environmentSettings,
  registryIssues,
  registrySource,
  resolveTestRegistry,
} from "./harness";
import { devEnvironmentFile } from "./support/registry-file";

const file = devEnvironmentFile;

/** The issues as `<path>: <message>` lines, sorted. */
async function lines(...args: Parameters<typeof registryIssues>): Promise<string[]> {
  return (await registryIssues(...args)).map((i) => `${i.path}: ${i.message}`).sort();
}

/** The one issue of a registry, as a `<path>: <message>` line. */
async function onlyLine(...args: Parameters<typeof registryIssues>): Promise<string> {
  const found = await lines(...args);
  assert.equal(found.length, 1, found.join("\n"));
  return found[0]!;
}

describe("registry: environment names (the file names)", () => {
  it("takes DNS-1123 labels up to 40 characters and refuses 41", async () => {
    const forty = "e".repeat(40);
    const registry = await resolveTestRegistry("dev", { [forty]: file() });
    assert.deepEqual(
      registry.environments.map((e) => e.name),
      [forty],
    );
    assert.equal(
      await onlyLine("dev", { ["e".repeat(41)]: file() }),
      `environments/dev/${"e".repeat(41)}.yaml: (file name): "${"e".repeat(41)}" is 41 characters; at most 40 are allowed so derived names fit`,
    );
  });

  it("refuses a name that is not a DNS-1123 label", async () => {
    assert.equal(
      await onlyLine("dev", { Dev_1: file() }),
      `environments/dev/Dev_1.yaml: (file name): "Dev_1" is not a DNS-1123 label (lower-case letters, digits and '-', starting and ending with a letter or digit)`,
    );
    assert.match(await onlyLine("dev", { "-dev1": file() }), /"-dev1" is not a DNS-1123 label/);
  });

  for (const reserved of [
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
  ]) {
    it(`refuses the reserved namespace ${reserved}`, async () => {
      assert.equal(
        await onlyLine("dev", { [reserved]: file() }),
        `environments/dev/${reserved}.yaml: (file name): "${reserved}" is a namespace reserved for Kubernetes or the platform (default, kube-system, kube-public, kube-node-lease, logging, platform, launcher, external-dns, aws-load-balancer-controller, arc-systems, arc-runners)`,
      );
    });
  }
  for (const reserved of ["retired-redis-dbs", "defaults"]) {
    it(`refuses the registry's own file name ${reserved}`, async () => {
      assert.equal(
        await onlyLine("dev", { [reserved]: file() }),
        `environments/dev/${reserved}.yaml: (file name): "${reserved}" is reserved for the registry's own files (retired-redis-dbs.yaml, defaults.yaml)`,
      );
    });
  }

  it("refuses an environment whose host names would not fit a DNS label, naming the pattern", async () => {
    // backoffice-<30 a>-games-platform-preview is 64 characters; game-<30 a>-... is 58.
    const name = "a".repeat(30);
    const settings = { hostPattern: "{server}-{env}-games-platform-preview" };
    const issue = await onlyLine("dev", { [name]: file() }, { settings });
    assert.match(issue, new RegExp(`^environments/dev/${name}\\.yaml: \\(file name\\): .*at most 63`));
    assert.match(
      issue,
      /\(hostPattern "\{server\}-\{env\}-games-platform-preview"\); use a shorter name or pattern$/,
    );
    // The same name fits the default pattern, and a 29-character one fits the long pattern.
    await resolveTestRegistry("dev", { [name]: file() });
    await resolveTestRegistry("dev", { ["a".repeat(29)]: file() }, { settings });
  });
});

describe("registry: what a tier's folder may hold", () => {
  const dir = mkdtempSync(join(tmpdir(), "registry-"));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("reads <name>.yaml files and the retired list, and reports anything else as a stray", () => {
    const tierDir = join(dir, "environments", "dev");
    mkdirSync(join(tierDir, "archive"), { recursive: true });
    writeFileSync(join(tierDir, "dev1.yaml"), "owner: a@studio.example\n");
    writeFileSync(join(tierDir, "dev5.yml"), "owner: a@studio.example\n");
    writeFileSync(join(tierDir, "notes.txt"), "hello\n");
    writeFileSync(join(tierDir, "retired-redis-dbs.yaml"), "[]\n");
    writeFileSync(join(tierDir, ".gitkeep"), "");
    const source = readRegistrySource(dir, "dev");
    assert.deepEqual([...source.environments.keys()], ["dev1"]);
    assert.deepEqual(source.environments.get("dev1"), {
      path: "environments/dev/dev1.yaml",
      text: "owner: a@studio.example\n",
    });
    assert.deepEqual(source.retired, { path: "environments/dev/retired-redis-dbs.yaml", text: "[]\n" });
    assert.deepEqual(source.strays, [
      "environments/dev/archive",
      "environments/dev/dev5.yml",
      "environments/dev/notes.txt",
    ]);
  });

  it("refuses stray files, naming each", async () => {
    const settings = await environmentSettings("dev");
    const source = { ...registrySource("dev", { dev9: file() }), strays: ["environments/dev/dev5.yml"] };
    assert.throws(
      () => resolveRegistry(source, { settings, today: TEST_TODAY }),
      (err: RegistryError) => {
        assert.deepEqual(err.issues, [
          {
            path: "environments/dev/dev5.yml",
            message:
              "is not a registry file: environments are <name>.yaml files, retired Redis DBs live in retired-redis-dbs.yaml, defaults for new environments in defaults.yaml",
          },
        ]);
        return true;
      },
    );
  });

  it("reads a missing folder as a tier with no environments", async () => {
    const source = readRegistrySource(dir, "stage");
    assert.deepEqual([...source.environments.keys()], []);
    const registry = resolveRegistry(source, {
      settings: await environmentSettings("stage"),
      today: TEST_TODAY,
    });
    assert.deepEqual(registry, { tier: "stage", environments: [], retired: [], defaults: {} });
  });

  it("refuses to check a tier's folder against another tier's settings", async () => {
    const settings = await environmentSettings("qa");
    assert.throws(
      () => resolveRegistry(registrySource("dev", {}), { settings, today: TEST_TODAY }),
      /environments\/dev: is checked against the settings of tier "qa"; a registry folder is one tier's/,
    );
  });
});

describe("registry: a file's shape", () => {
  it("reports invalid YAML with its line", async () => {
    assert.equal(
      await onlyLine("dev", { dev9: "owner: a@studio.example\nowner: b@studio.example\n" }),
      "environments/dev/dev9.yaml: is not valid YAML (line 2): Map keys must be unique",
    );
    assert.equal(
      await onlyLine("dev", { dev9: "owner: a@studio.example\nteam: [server\n" }),
      "environments/dev/dev9.yaml: is not valid YAML (line 3): Flow sequence in block collection must be sufficiently indented and end with a ]",
    );
  });

  it("wants a mapping of settings, and says what it got", async () => {
    const expected = (got: string) =>
      `environments/dev/dev9.yaml: must be a mapping of settings (owner, team, purpose, version, ...), got ${got}`;
    assert.equal(await onlyLine("dev", { dev9: "- owner: a@studio.example\n" }), expected("a list"));
    assert.equal(await onlyLine("dev", { dev9: "dev9\n" }), expected('the string "dev9"'));
    assert.equal(await onlyLine("dev", { dev9: "" }), expected("an empty file"));
  });

  it("refuses an unknown key and suggests the right one", async () => {
    assert.match(
      await onlyLine("dev", { dev9: file({ ownr: "b@studio.example" }) }),
      /^environments\/dev\/dev9\.yaml: ownr: unknown key \(did you mean "owner"\?\); allowed: owner, team, purpose, version, /,
    );
  });

  for (const key of [
    "owner",
    "team",
    "purpose",
    "version",
    "gameDataVersion",
    "resourceVersion",
    "redisDb",
    "created",
  ]) {
    it(`requires ${key}`, async () => {
      assert.equal(
        await onlyLine("dev", { dev9: file({ [key]: undefined }) }),
        `environments/dev/dev9.yaml: ${key}: is required`,
      );
    });
  }
});

describe("registry: Redis DB numbers", () => {
  it("gives each environment its own number, naming the one that has it", async () => {
    assert.equal(
      await onlyLine("dev", { a1: file({ redisDb: 5 }), b1: file({ redisDb: 5 }) }),
      'environments/dev/b1.yaml: redisDb: 5 is already used by environment "a1"; each environment needs its own Redis DB',
    );
  });

  it("takes numbers from 1 up to the shared Redis's databases - 1 (63 on dev)", async () => {
    const registry = await resolveTestRegistry("dev", {
      low: file({ redisDb: 1 }),
      top: file({ redisDb: 63 }),
    });
    assert.deepEqual(
      registry.environments.map((e) => [e.name, e.redisDb]),
      [
        ["low", 1],
        ["top", 63],
      ],
    );
    assert.equal(
      await onlyLine("dev", { dev9: file({ redisDb: 64 }) }),
      "environments/dev/dev9.yaml: redisDb: 64 is outside 1..63 (the tier's shared Redis has 64 databases)",
    );
    assert.equal(
      await onlyLine("dev", { dev9: file({ redisDb: 0 }) }),
      "environments/dev/dev9.yaml: redisDb: must be 1 or more (database 0 is kept for shared tooling)",
    );
  });

  it("follows the platform's database count", async () => {
    const settings = { redisDatabases: 8 };
    await resolveTestRegistry("dev", { dev9: file({ redisDb: 7 }) }, { settings });
    assert.match(
      await onlyLine("dev", { dev9: file({ redisDb: 8 }) }, { settings }),
      /redisDb: 8 is outside 1\.\.7 \(the tier's shared Redis has 8 databases\)$/,
    );
  });

  it("never gives out a retired number, naming the environment whose data may still be there", async () => {
    const retired = [{ db: 9, environment: "old-event", retired: "2026-10-01" }];
    assert.equal(
      await onlyLine("dev", { dev9: file({ redisDb: 9 }) }, { retired }),
      'environments/dev/dev9.yaml: redisDb: 9 is retired: environment "old-event" used it until 2026-10-01 and its data may still be there; pick a free number, or release it first (see docs/data-stores.md, "Redis DB numbers")',
    );
    const registry = await resolveTestRegistry("dev", { dev9: file({ redisDb: 10 }) }, { retired });
    assert.deepEqual(registry.retired, retired);
  });

  it("keeps everyone's number when an environment is removed (numbers come from the files)", async () => {
    const committed = readRegistrySource(ROOT, "dev");
    const environments = new Map(committed.environments);
    assert.ok(environments.delete("dev2"));
    const registry = resolveRegistry(
      { ...committed, environments },
      { settings: await environmentSettings("dev"), today: TEST_TODAY },
    );
    assert.deepEqual(
      registry.environments.map((e) => [e.name, e.redisDb]),
      [
        ["dev1", 1],
        ["login-dev", 3],
      ],
    );
  });
});

describe("registry: the retired list's shape", () => {
  const check = (retired: unknown) => lines("dev", { dev9: file() }, { retired });

  it("wants a list of { db, environment, retired } entries (empty: nothing retired)", async () => {
    assert.deepEqual((await resolveTestRegistry("dev", { dev9: file() }, { retired: "[]\n" })).retired, []);
    assert.deepEqual((await resolveTestRegistry("dev", { dev9: file() }, { retired: "" })).retired, []);
    assert.deepEqual(await check({ db: 3 }), [
      'environments/dev/retired-redis-dbs.yaml: must be a list of { db, environment, retired } entries, got the object {"db":3}',
    ]);
  });

  it("refuses a number listed twice, a number out of range and a date that is not one", async () => {
    assert.deepEqual(
      await check([
        { db: 3, environment: "a", retired: "2026-10-01" },
        { db: 3, environment: "b", retired: "2026-10-02" },
        { db: 64, environment: "c", retired: "2026-10-03" },
      ]),
      [
        "environments/dev/retired-redis-dbs.yaml: [1].db: 3 is listed twice (also at [0]); one entry per retired number",
        "environments/dev/retired-redis-dbs.yaml: [2].db: 64 is outside 1..63 (the tier's shared Redis has 64 databases)",
      ],
    );
    assert.deepEqual(await check([{ db: 3, environment: "a", retired: "2026-13-01" }]), [
      "environments/dev/retired-redis-dbs.yaml: [0].retired: must be a calendar date written YYYY-MM-DD",
    ]);
  });
});

describe("registry: teams", () => {
  it("takes only a team the platform maps to a Kubernetes group, listing them", async () => {
    assert.equal(
      await onlyLine("dev", { dev9: file({ team: "art" }) }),
      'environments/dev/dev9.yaml: team: "art" is not a team of the dev platform; teams: balance, server (add one under game-infra:teams in Pulumi.dev.yaml)',
    );
  });

  it("says so when the platform has no teams yet", async () => {
    assert.equal(
      await onlyLine("dev", { dev9: file() }, { settings: { teams: [] } }),
      'environments/dev/dev9.yaml: team: "server" is not a team of the dev platform, which has none yet: add it under game-infra:teams in Pulumi.dev.yaml',
    );
  });
});

describe("registry: dates and lifetimes (today is 2026-12-01)", () => {
  it("wants expires after created", async () => {
    for (const expires of ["2026-11-20", "2026-11-19"]) {
      assert.equal(
        await onlyLine("dev", { dev9: file({ expires }) }),
        `environments/dev/dev9.yaml: expires: ${expires} is not after created (2026-11-20)`,
      );
    }
  });

  it("requires expires on dev and qa, suggesting the tier's default lifetime, but not on stage", async () => {
    assert.equal(
      await onlyLine("dev", { dev9: file({ expires: undefined }) }),
      "environments/dev/dev9.yaml: expires: is required on dev (environments there are temporary): a date at most 60 days ahead, such as 2026-12-15",
    );
    assert.equal(
      await onlyLine("qa", { qa9: file({ team: "qa", expires: undefined }) }),
      "environments/qa/qa9.yaml: expires: is required on qa (environments there are temporary): a date at most 90 days ahead, such as 2026-12-31",
    );
    const stage = await resolveTestRegistry("stage", {
      stage9: file({ team: "release", expires: undefined }),
    });
    assert.equal(stage.environments[0]!.expires, undefined);
  });

  it("allows expires exactly the tier's maximum ahead and refuses one day more", async () => {
    await resolveTestRegistry("dev", { dev9: file({ expires: "2027-01-30" }) });
    assert.equal(
      await onlyLine("dev", { dev9: file({ expires: "2027-01-31" }) }),
      "environments/dev/dev9.yaml: expires: 2027-01-31 is more than 60 days ahead (the dev maximum); latest allowed today: 2027-01-30",
    );
    await resolveTestRegistry("qa", { qa9: file({ team: "qa", expires: "2027-03-01" }) });
    assert.match(
      await onlyLine("qa", { qa9: file({ team: "qa", expires: "2027-03-02" }) }),
      /expires: 2027-03-02 is more than 90 days ahead \(the qa maximum\); latest allowed today: 2027-03-01$/,
    );
  });

  it("refuses dates that are not calendar dates", async () => {
    assert.equal(
      await onlyLine("dev", { dev9: file({ created: "2026-02-30" }) }),
      "environments/dev/dev9.yaml: created: must be a calendar date written YYYY-MM-DD",
    );
  });
});

describe("registry: every problem of every file at once", () => {
  it("lists each problem on its own line, sorted, and says nothing was created", async () => {
    const settings = await environmentSettings("dev");
    const source = registrySource(
      "dev",
      {
        Bad: file({ redisDb: 11 }),
        broken: "owner: [unclosed\n",
        dev7: file({ redisDb: 12, purpose: "" }),
        dev8: file({ redisDb: 3, team: "art" }),
        dev9: file({ redisDb: 3, expires: "2027-06-01" }),
      },
      [{ db: 4, environment: "gone", retired: "2026-01-01" }, { db: 5 }],
    );
    assert.throws(
      () => resolveRegistry(source, { settings, today: TEST_TODAY }),
      (err: RegistryError) => {
        assert.ok(err instanceof RegistryError);
        const text = err.message.split("\n");
        assert.equal(
          text[0],
          'invalid environment registry for tier "dev" (8 problems; nothing was created or changed):',
        );
        assert.deepEqual(
          text.slice(1).map((l) => l.replace(/: .*/, "")),
          [
            "  environments/dev/Bad.yaml",
            "  environments/dev/broken.yaml",
            "  environments/dev/dev7.yaml",
            "  environments/dev/dev8.yaml",
            "  environments/dev/dev9.yaml",
            "  environments/dev/dev9.yaml",
            "  environments/dev/retired-redis-dbs.yaml",
            "  environments/dev/retired-redis-dbs.yaml",
          ],
        );
        assert.deepEqual(err.issues.map((i) => i.path).sort(), [
          "environments/dev/Bad.yaml: (file name)",
          "environments/dev/broken.yaml",
          "environments/dev/dev7.yaml: purpose",
          "environments/dev/dev8.yaml: team",
          "environments/dev/dev9.yaml: expires",
          "environments/dev/dev9.yaml: redisDb",
          "environments/dev/retired-redis-dbs.yaml: [1].environment",
          "environments/dev/retired-redis-dbs.yaml: [1].retired",
        ]);
        return true;
      },
    );
  });
});

describe("registry: a resolved environment", () => {
  it("fills what the file leaves out from the tier's defaults (dev: rolling, one pod per server)", async () => {
    const registry = await resolveTestRegistry("dev", { dev9: file() });
    assert.deepEqual(registry, {
      tier: "dev",
      retired: [],
      defaults: {},
      environments: [
        {
          name: "dev9",
          tier: "dev",
          owner: "a@studio.example",
          team: "server",
          purpose: "testing",
          version: "1.0.0",
          gameDataVersion: "gd-1",
          resourceVersion: "res-1",
          redisDb: 9,
          created: "2026-11-20",
          expires: "2026-12-15",
          clockOffset: "0s",
          clockOffsetSeconds: 0,
          credentialsRevision: 1,
          // dev's default: asleep outside the working hours (Mon-Fri 08:00-20:00, Europe/Berlin).
          sleep: {
            mode: "officeHours",
            schedule: { weekdays: "1-5", sleepAt: "20:00", wakeUpAt: "08:00", timeZone: "Europe/Berlin" },
            paused: false,
          },
          deployment: "rolling",
          activeColor: "blue",
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
        },
      ],
    });
  });
});
