/**
 * One registry file checked key by key (stacks/environment-entry.ts): what a file that is no mapping
 * gives, unknown keys with and without a suggestion, which keys pass and which fail, and when the file
 * counts as complete. Plain zod parsing of literal values: no stack, no Pulumi runtime.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { at, checkEnvironmentEntry } from "../stacks/environment-entry";
import type { ConfigIssue } from "../stacks/errors";

const FILE = "environments/dev/dev9.yaml";
const KEYS =
  "owner, team, purpose, version, gameDataVersion, resourceVersion, redisDb, created, expires, clockOffset, sleep, deployment, activeColor, previewVersion, chaos, replicas, resources, quota, credentialsRevision";
const REQUIRED = [
  "owner",
  "team",
  "purpose",
  "version",
  "gameDataVersion",
  "resourceVersion",
  "redisDb",
  "created",
];
const COMPLETE = {
  owner: "mina.park@studio.example",
  team: "server",
  purpose: "integration",
  version: "1.42.0",
  gameDataVersion: "gd-2026.11.3",
  resourceVersion: "res-2026.11.1",
  redisDb: 5,
  created: "2026-11-01",
};

function check(value: unknown) {
  const issues: ConfigIssue[] = [{ path: "earlier.yaml", message: "an earlier file's problem" }];
  const result = checkEnvironmentEntry(value, FILE, issues);
  return { ...result, failedKeys: [...result.failedKeys], issues: issues.slice(1) };
}

describe("an environment file checked key by key", () => {
  it("names what a file that is no mapping holds, and fails every key", () => {
    const cases: Array<[unknown, string]> = [
      [null, "an empty file"],
      [undefined, "an empty file"],
      [["a"], "a list"],
      ["dev9", 'the string "dev9"'],
      [5, "the number 5"],
      [true, "the boolean true"],
    ];
    for (const [value, described] of cases) {
      const result = check(value);
      assert.deepEqual(result.issues, [
        {
          path: FILE,
          message: `must be a mapping of settings (owner, team, purpose, version, ...), got ${described}`,
        },
      ]);
      assert.deepEqual(result.fields, {});
      assert.equal(result.failedKeys.length, 19);
      assert.equal(result.complete, false);
      assert.equal(result.path, FILE);
    }
  });

  it("keeps a complete file whole, issues before it notwithstanding", () => {
    const result = check(COMPLETE);
    assert.deepEqual(result.issues, []);
    assert.deepEqual(result.fields, COMPLETE);
    assert.deepEqual(result.failedKeys, []);
    assert.equal(result.complete, true);
  });

  it("reports unknown keys, suggesting a close one, and each missing key", () => {
    const result = check({ owner: "mina.park@studio.example", colour: "blue", Team: "server", purpse: "x" });
    assert.deepEqual(result.issues, [
      { path: `${FILE}: colour`, message: `unknown key; allowed: ${KEYS}` },
      { path: `${FILE}: Team`, message: `unknown key (did you mean "team"?); allowed: ${KEYS}` },
      { path: `${FILE}: purpse`, message: `unknown key (did you mean "purpose"?); allowed: ${KEYS}` },
      ...REQUIRED.slice(1).map((key) => ({ path: `${FILE}: ${key}`, message: "is required" })),
    ]);
    assert.deepEqual(result.fields, { owner: "mina.park@studio.example" });
    assert.deepEqual(result.failedKeys, REQUIRED.slice(1));
    assert.equal(result.complete, false);
  });

  it("keeps the keys that pass and fails only those that do not", () => {
    const result = check({ ...COMPLETE, owner: "nope", redisDb: "five", expires: "2026-12-20" });
    assert.deepEqual(result.issues, [
      { path: `${FILE}: owner`, message: "must be an e-mail address" },
      { path: `${FILE}: redisDb`, message: "must be a number, received string" },
    ]);
    const { owner: _o, redisDb: _r, ...passing } = COMPLETE;
    assert.deepEqual(result.fields, { ...passing, expires: "2026-12-20" });
    assert.deepEqual(result.failedKeys, ["owner", "redisDb"]);
    assert.equal(result.complete, false);
  });

  it("an unknown key alone makes the file incomplete", () => {
    const result = check({ ...COMPLETE, colour: "blue" });
    assert.deepEqual(result.failedKeys, []);
    assert.equal(result.complete, false);
  });

  it("names a problem by file and key, the file alone for the whole file", () => {
    assert.equal(at(FILE, "redisDb"), `${FILE}: redisDb`);
    assert.equal(at(FILE, ".chaos.mtbfDays"), `${FILE}: chaos.mtbfDays`);
    assert.equal(at(FILE, "chaos.mtbfDays"), `${FILE}: chaos.mtbfDays`, "only a leading '.' goes");
    assert.equal(at(FILE, undefined), FILE);
    assert.equal(at(FILE, ""), FILE);
    assert.equal(at(FILE, "."), FILE);
  });
});
