/**
 * The registry on disk and between two commits: where a tier's files live (stacks/registry.ts),
 * reading a tier's folder into a source (environment files, the retired list, defaults, strays,
 * hidden files skipped), and the rules of a change to Redis DB numbers (stacks/registry-changes.ts):
 * a removed environment retires its DB in the same change, an environment keeps its DB for life, and
 * a released number is not taken again in the same change. Literal sources, a temporary folder; no
 * git, no Pulumi.
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import {
  defaultsFilePath,
  environmentFilePath,
  readRegistrySource,
  REGISTRY_DIR,
  retiredFilePath,
  tierRegistryDir,
  tierRegistryPath,
} from "../stacks/registry";
import { registryChangeIssues } from "../stacks/registry-changes";
import type { RegistrySource } from "../stacks/resolve-registry";

const TODAY = "2026-12-01";

describe("registry paths", () => {
  it("keeps each tier's files under environments/<tier>", () => {
    assert.equal(REGISTRY_DIR, "environments");
    assert.equal(tierRegistryPath("qa"), "environments/qa");
    assert.equal(tierRegistryDir("/repo", "qa"), join("/repo", "environments", "qa"));
    assert.equal(environmentFilePath("dev", "dev1"), "environments/dev/dev1.yaml");
    assert.equal(defaultsFilePath("stage"), "environments/stage/defaults.yaml");
    assert.equal(retiredFilePath("dev"), "environments/dev/retired-redis-dbs.yaml");
  });
});

describe("reading a tier's registry folder", () => {
  const root = mkdtempSync(join(tmpdir(), "registry-source-"));
  after(() => rmSync(root, { recursive: true, force: true }));

  it("is an empty registry when the tier has no folder", () => {
    assert.deepEqual(readRegistrySource(root, "qa"), { tier: "qa", environments: new Map(), strays: [] });
  });

  it("reads environment files, the retired list and defaults; lists strays; skips hidden files", () => {
    const dir = join(root, "environments", "dev");
    mkdirSync(join(dir, "notes"), { recursive: true });
    writeFileSync(join(dir, "dev2.yaml"), "redisDb: 2\n");
    writeFileSync(join(dir, "dev1.yaml"), "redisDb: 1\n");
    writeFileSync(join(dir, "retired-redis-dbs.yaml"), "- db: 3\n");
    writeFileSync(join(dir, "defaults.yaml"), "gameDataVersion: a1\n");
    writeFileSync(join(dir, "README.md"), "# dev\n");
    writeFileSync(join(dir, "dev3.yml"), "redisDb: 4\n");
    writeFileSync(join(dir, ".keep"), "");
    writeFileSync(join(dir, ".hidden.yaml"), "redisDb: 9\n");
    const source = readRegistrySource(root, "dev");
    assert.deepEqual(source, {
      tier: "dev",
      environments: new Map([
        ["dev1", { path: "environments/dev/dev1.yaml", text: "redisDb: 1\n" }],
        ["dev2", { path: "environments/dev/dev2.yaml", text: "redisDb: 2\n" }],
      ]),
      retired: { path: "environments/dev/retired-redis-dbs.yaml", text: "- db: 3\n" },
      defaults: { path: "environments/dev/defaults.yaml", text: "gameDataVersion: a1\n" },
      strays: ["environments/dev/README.md", "environments/dev/dev3.yml", "environments/dev/notes"],
    });
    // Sorted by file name, whatever order the folder lists them in.
    assert.deepEqual([...source.environments.keys()], ["dev1", "dev2"]);
  });

  it("has no retired or defaults key when those files are absent", () => {
    const dir = join(root, "environments", "stage");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "stage1.yaml"), "redisDb: 1\n");
    const source = readRegistrySource(root, "stage");
    assert.deepEqual(Object.keys(source).sort(), ["environments", "strays", "tier"]);
  });
});

function source(
  environments: Record<string, string>,
  retired?: string,
  tier: RegistrySource["tier"] = "dev",
): RegistrySource {
  return {
    tier,
    environments: new Map(
      Object.entries(environments).map(([name, text]) => [
        name,
        { path: `environments/${tier}/${name}.yaml`, text },
      ]),
    ),
    ...(retired === undefined
      ? {}
      : { retired: { path: `environments/${tier}/retired-redis-dbs.yaml`, text: retired } }),
  };
}

const lines = (base: RegistrySource, head: RegistrySource) =>
  registryChangeIssues(base, head, TODAY).map((i) => `${i.path}: ${i.message}`);

describe("registry changes: a removed environment retires its Redis DB", () => {
  it("refuses a removal without the retired entry, saying what to add", () => {
    assert.deepEqual(
      lines(source({ dev1: "redisDb: 4\n", dev2: "redisDb: 5\n" }), source({ dev2: "redisDb: 5\n" })),
      [
        'environments/dev/dev1.yaml: was removed without retiring its Redis DB 4: add { db: 4, environment: dev1, retired: "2026-12-01" } to environments/dev/retired-redis-dbs.yaml in the same change (npm run env -- delete dev/dev1 does both)',
      ],
    );
  });

  it("names the head's tier in the retired file and the delete command", () => {
    assert.deepEqual(lines(source({ qa1: "redisDb: 7\n" }, undefined, "qa"), source({}, undefined, "qa")), [
      'environments/qa/qa1.yaml: was removed without retiring its Redis DB 7: add { db: 7, environment: qa1, retired: "2026-12-01" } to environments/qa/retired-redis-dbs.yaml in the same change (npm run env -- delete qa/qa1 does both)',
    ]);
  });

  it("takes a removal whose DB is retired under the environment's name in the same change", () => {
    const retired = '- { db: 4, environment: dev1, retired: "2026-12-01" }\n';
    assert.deepEqual(lines(source({ dev1: "redisDb: 4\n" }), source({}, retired)), []);
  });

  it("wants the retired entry to match both the DB and the environment", () => {
    const otherDb = '- { db: 5, environment: dev1, retired: "2026-12-01" }\n';
    const otherName = '- { db: 4, environment: dev9, retired: "2026-12-01" }\n';
    for (const retired of [otherDb, otherName]) {
      assert.equal(lines(source({ dev1: "redisDb: 4\n" }), source({}, retired)).length, 1, retired);
    }
  });

  it("treats an unreadable head retired list as retiring nothing", () => {
    for (const retired of ["- [unclosed\n", "- { db: 0, environment: dev1, retired: x }\n", "db: 4\n"]) {
      assert.equal(lines(source({ dev1: "redisDb: 4\n" }), source({}, retired)).length, 1, retired);
    }
    // An empty list (YAML null) retires nothing either.
    assert.equal(lines(source({ dev1: "redisDb: 4\n" }), source({}, "")).length, 1);
  });

  it("skips a base file without a whole-number Redis DB (the base check reported it then)", () => {
    for (const text of ["redisDb: four\n", "redisDb: 4.5\n", "owner: a@b.c\n", "", "{ unclosed\n", "- 4\n"]) {
      assert.deepEqual(lines(source({ dev1: text }), source({})), [], JSON.stringify(text));
    }
  });
});

describe("registry changes: an environment keeps its Redis DB for life", () => {
  it("refuses a changed DB, naming both numbers", () => {
    assert.deepEqual(lines(source({ dev1: "redisDb: 4\n" }), source({ dev1: "redisDb: 6\n" })), [
      "environments/dev/dev1.yaml: redisDb: changed from 4 to 6: an environment keeps its Redis DB for life (its data is in DB 4); to start with an empty one, delete the environment and create a new one",
    ]);
  });

  it("leaves an unchanged DB, and a head file whose DB is unreadable, to the other checks", () => {
    assert.deepEqual(
      lines(source({ dev1: "redisDb: 4\n" }), source({ dev1: "redisDb: 4\npurpose: x\n" })),
      [],
    );
    assert.deepEqual(lines(source({ dev1: "redisDb: 4\n" }), source({ dev1: "redisDb: x\n" })), []);
    assert.deepEqual(lines(source({ dev1: "redisDb: 4\n" }), source({ dev1: "redisDb: [\n" })), []);
  });

  it("takes a new environment on a fresh DB", () => {
    assert.deepEqual(lines(source({}), source({ dev1: "redisDb: 4\n" })), []);
  });
});

describe("registry changes: a released DB is not taken again in the same change", () => {
  const retired3 = '- { db: 3, environment: old, retired: "2026-11-01" }\n';
  const released =
    'environments/dev/dev2.yaml: redisDb: 3 is released from environments/dev/retired-redis-dbs.yaml in this same change; release it on its own (after flushing it, docs/data-stores.md "Redis DB numbers") and use it in a later change';

  it("refuses a new environment on a number released in the same change", () => {
    assert.deepEqual(lines(source({}, retired3), source({ dev2: "redisDb: 3\n" }, "[]\n")), [released]);
    assert.deepEqual(lines(source({}, retired3), source({ dev2: "redisDb: 3\n" })), [released]);
  });

  it("takes the release alone, and a new environment on another number", () => {
    assert.deepEqual(lines(source({}, retired3), source({}, "")), []);
    assert.deepEqual(lines(source({}, retired3), source({ dev2: "redisDb: 8\n" }, "[]\n")), []);
  });

  it("takes a number still retired in the head (the registry check refuses its use there)", () => {
    assert.deepEqual(lines(source({}, retired3), source({ dev2: "redisDb: 3\n" }, retired3)), []);
  });

  it("counts an entry as released when its environment differs in the head", () => {
    const renamed = '- { db: 3, environment: older, retired: "2026-11-01" }\n';
    assert.deepEqual(lines(source({}, retired3), source({ dev2: "redisDb: 3\n" }, renamed)), [released]);
  });

  it("does not blame an environment that already had the number in the base", () => {
    assert.deepEqual(
      lines(source({ dev2: "redisDb: 3\n" }, retired3), source({ dev2: "redisDb: 3\n" }, "[]\n")),
      [],
    );
  });

  it("blames an environment that had another number in the base (besides the change of DB)", () => {
    assert.deepEqual(
      lines(source({ dev2: "redisDb: 5\n" }, retired3), source({ dev2: "redisDb: 3\n" }, "[]\n")),
      [
        "environments/dev/dev2.yaml: redisDb: changed from 5 to 3: an environment keeps its Redis DB for life (its data is in DB 5); to start with an empty one, delete the environment and create a new one",
        released,
      ],
    );
  });

  it("ignores an unreadable base retired list", () => {
    assert.deepEqual(lines(source({}, "- [unclosed\n"), source({ dev2: "redisDb: 3\n" })), []);
    assert.deepEqual(lines(source({}, "- { db: -1 }\n"), source({ dev2: "redisDb: 3\n" })), []);
  });
});
