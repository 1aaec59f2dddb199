import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { readStackFiles, StackFileError } from "../tools/plan/stack-files";
import { ROOT } from "./paths";

/** A project directory with the real Pulumi.yaml and `settings` as Pulumi.<stack>.yaml. */
function project(settings: string, stack = "dev"): string {
  const dir = mkdtempSync(join(tmpdir(), "stack-files-"));
  copyFileSync(join(ROOT, "Pulumi.yaml"), join(dir, "Pulumi.yaml"));
  writeFileSync(join(dir, `Pulumi.${stack}.yaml`), settings);
  return dir;
}

/** The StackFileError reading `settings` gives; fails when it reads fine or throws anything else. */
function refusal(settings: string): string {
  try {
    readStackFiles(project(settings), "dev");
  } catch (err) {
    assert.ok(err instanceof StackFileError, String(err));
    return err.message;
  }
  assert.fail("the file was read as stack settings");
}

describe("reading stack settings files (tools/plan/stack-files.ts)", () => {
  it("reads a settings file: project keys get the project namespace, secrets are masked", () => {
    const files = readStackFiles(
      project(
        "config:\n  aws:region: eu-west-1\n  tier: dev\n  game-infra:redisAuthToken:\n    secure: AAAB\n",
      ),
      "dev",
    );
    assert.equal(files.project, "game-infra");
    assert.equal(files.config["aws:region"], "eu-west-1");
    assert.equal(files.config["game-infra:tier"], "dev");
    assert.deepEqual(files.secretKeys, ["game-infra:redisAuthToken"]);
  });

  it("says an environment registry entry is not a stack settings file, and shows what one looks like", () => {
    const message = refusal("name: dev1\nowner: mina.park@studio.example\nredisDb: 1\nversion: 1.42.0\n");
    assert.match(
      message,
      /not a stack settings file: its top level has name, owner, redisDb, version but no config: mapping \(it looks like an environment's registry entry\)/,
    );
    assert.ok(message.includes("\n  config:\n    aws:region: eu-west-1\n    game-infra:domain: "), message);
    assert.equal(message.split("\n").filter((l) => /is required/.test(l)).length, 0);
  });

  it("refuses an empty file, a list, a project file and a config: that is not a mapping", () => {
    assert.match(refusal(""), /not a stack settings file: it is empty/);
    assert.match(refusal("- a\n- b\n"), /its top level is a list, not a mapping/);
    assert.match(refusal("just text\n"), /its top level is the string "just text", not a mapping/);
    assert.match(refusal("name: x\nruntime: nodejs\nconfig: {}\n"), /it is a project file \(Pulumi\.yaml\)/);
    assert.match(refusal("config:\n"), /its config: is empty, not a mapping of <namespace>:<key> entries/);
    assert.match(refusal("config:\n  - aws:region\n"), /its config: is a list/);
    assert.match(refusal("encryptionsalt: v1:abc\n"), /no config has been set yet/);
    assert.match(refusal("config: [\n"), /not valid YAML/);
  });

  it("makes npm run plan print one clear message for a file that is not a stack settings file", () => {
    const dir = mkdtempSync(join(tmpdir(), "plan-"));
    const file = join(dir, "dev1.yaml");
    writeFileSync(file, "name: dev1\nowner: mina.park@studio.example\nredisDb: 1\n");
    const result = spawnSync(
      process.execPath,
      ["--import", "tsx", join(ROOT, "tools/plan.ts"), "dev", "--config-file", file],
      { cwd: ROOT, encoding: "utf8" },
    );
    assert.equal(result.status, 2);
    assert.match(
      result.stderr,
      /dev1\.yaml: not a stack settings file: its top level has name, owner, redisDb/,
    );
    assert.doesNotMatch(result.stderr, /is required/);
    assert.doesNotMatch(result.stderr, /^\s+at /m);
  });
});
