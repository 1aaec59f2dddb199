/** What the plan tool checks before planning: stack names, output paths, the user's directory. */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { checkStacksExist, knownStacks } from "../tools/plan/stacks";
import { unwritableReason, userDirectory } from "../tools/plan/user-paths";

describe("the plan tool's checks of user input", () => {
  const dir = mkdtempSync(join(tmpdir(), "plan-input-"));
  for (const f of [
    "Pulumi.yaml",
    "Pulumi.dev.yaml",
    "Pulumi.qa.yaml",
    "Pulumi.dev.dev1.yaml",
    "notes.yaml",
  ]) {
    writeFileSync(join(dir, f), "config: {}\n");
  }

  it("knows the stacks from the Pulumi.<stack>.yaml files, dotted names included", () => {
    assert.deepEqual(knownStacks(dir), ["dev", "dev.dev1", "qa"]);
  });

  it("names the unknown stack and lists the known ones", () => {
    assert.doesNotThrow(() => checkStacksExist(dir, ["dev", "dev.dev1"]));
    assert.throws(
      () => checkStacksExist(dir, ["dev", "prod"]),
      (err: Error) =>
        err.message.startsWith(`unknown stack "prod": no Pulumi.<stack>.yaml for it in ${dir}; `) &&
        err.message.includes("the stacks are dev, dev.dev1, qa"),
    );
    assert.throws(
      () => checkStacksExist(dir, ["prd", "stg"]),
      /unknown stacks "prd", "stg": no Pulumi.<stack>.yaml for them/,
    );
  });

  it("says why a file cannot be written: missing directory, a file in the way, a directory", () => {
    assert.equal(unwritableReason(join(dir, "out.json")), undefined);
    assert.equal(
      unwritableReason(join(dir, "missing", "out.json")),
      `the directory ${join(dir, "missing")} does not exist`,
    );
    assert.equal(
      unwritableReason(join(dir, "notes.yaml", "out.json")),
      `${join(dir, "notes.yaml")} is not a directory`,
    );
    mkdirSync(join(dir, "sub"));
    assert.equal(unwritableReason(join(dir, "sub")), `${join(dir, "sub")} is a directory`);
  });

  it("takes relative paths from INIT_CWD only when npm runs this very script", () => {
    const npm = { INIT_CWD: "/home/me/docs", npm_lifecycle_event: "plan" };
    assert.equal(userDirectory("plan", npm, "/repo"), "/home/me/docs");
    // Started some other way (a test under `npm test`): the inherited INIT_CWD is not the user's.
    assert.equal(userDirectory("plan", { ...npm, npm_lifecycle_event: "test:unit" }, "/repo"), "/repo");
    assert.equal(userDirectory("plan", {}, "/repo"), "/repo");
  });
});
