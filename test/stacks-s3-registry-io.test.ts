/**
 * Edges of reading a tier's registry folder (stacks/registry.ts) and of the change rules between two
 * commits (stacks/registry-changes.ts) that the other suites leave open: the order of names the
 * operating system does not sort the way JavaScript does, a folder named like an environment file, a
 * file name holding a backslash; a base Redis DB that is not a whole number, a base retired list that
 * is absent or unreadable (it releases nothing), and a release while other numbers stay retired.
 * Literal sources and a temporary folder; no git, no Pulumi.
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { readRegistrySource } from "../stacks/registry";
import { registryChangeIssues } from "../stacks/registry-changes";
import type { RegistrySource } from "../stacks/resolve-registry";

const TODAY = "2026-12-01";

describe("reading a tier's folder: edges", () => {
  const root = mkdtempSync(join(tmpdir(), "registry-s3-"));
  after(() => rmSync(root, { recursive: true, force: true }));

  it("lists names in JavaScript's order, not the file system's byte order", () => {
    // U+FF01 is EF BC 81 in UTF-8 and U+1F600 is F0 9F 98 80: the folder lists U+FF01 first; in
    // UTF-16, U+1F600 starts with the surrogate D83D and sorts first.
    const dir = join(root, "environments", "qa");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "\uFF01"), "");
    writeFileSync(join(dir, "\u{1F600}"), "");
    assert.deepEqual(readRegistrySource(root, "qa").strays, [
      "environments/qa/\u{1F600}",
      "environments/qa/\uFF01",
    ]);
  });

  it("reports a folder named like an environment file as a stray, without reading it", () => {
    const dir = join(root, "environments", "stage");
    mkdirSync(join(dir, "stage2.yaml"), { recursive: true });
    writeFileSync(join(dir, "stage1.yaml"), "redisDb: 1\n");
    assert.deepEqual(readRegistrySource(root, "stage"), {
      tier: "stage",
      environments: new Map([["stage1", { path: "environments/stage/stage1.yaml", text: "redisDb: 1\n" }]]),
      strays: ["environments/stage/stage2.yaml"],
    });
  });

  it("keeps a backslash in a file name as written (it is no path separator here)", () => {
    const dir = join(root, "environments", "dev");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "a\\b.txt"), "");
    assert.deepEqual(readRegistrySource(root, "dev").strays, ["environments/dev/a\\b.txt"]);
  });
});

function source(environments: Record<string, string>, retired?: string): RegistrySource {
  return {
    tier: "dev",
    environments: new Map(
      Object.entries(environments).map(([name, text]) => [
        name,
        { path: `environments/dev/${name}.yaml`, text },
      ]),
    ),
    ...(retired === undefined
      ? {}
      : { retired: { path: "environments/dev/retired-redis-dbs.yaml", text: retired } }),
  };
}

const lines = (base: RegistrySource, head: RegistrySource) =>
  registryChangeIssues(base, head, TODAY).map((i) => `${i.path}: ${i.message}`);

describe("registry changes: edges", () => {
  it("skips a removed environment whose base Redis DB is not a whole number", () => {
    for (const text of ['redisDb: "4"\n', "redisDb: 4.5\n"]) {
      assert.deepEqual(lines(source({ dev1: text }), source({})), [], text);
    }
  });

  it("releases nothing when the base has no readable retired list", () => {
    // The head retires 9 and adds dev2 with no readable Redis DB: nothing the base retired can be
    // released, so nothing can be taken again.
    const head = source(
      { dev2: "owner: a@b.example\n" },
      '- { db: 9, environment: old, retired: "2026-11-01" }\n',
    );
    for (const baseRetired of [undefined, "", "db: 4\n", "- [unclosed\n"]) {
      assert.deepEqual(lines(source({}, baseRetired), head), [], String(baseRetired));
    }
  });

  it("refuses a number released and taken again while other numbers stay retired", () => {
    const base = source(
      {},
      '- { db: 3, environment: a, retired: "2026-11-01" }\n- { db: 4, environment: b, retired: "2026-11-01" }\n',
    );
    const head = source({ dev5: "redisDb: 3\n" }, '- { db: 4, environment: b, retired: "2026-11-01" }\n');
    assert.deepEqual(lines(base, head), [
      'environments/dev/dev5.yaml: redisDb: 3 is released from environments/dev/retired-redis-dbs.yaml in this same change; release it on its own (after flushing it, docs/data-stores.md "Redis DB numbers") and use it in a later change',
    ]);
  });
});
