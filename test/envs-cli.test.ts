/**
 * `npm run envs` as people and CI run it: `check` (with the base-branch rules for Redis DBs),
 * `sync --dry-run` against a real git history, `migrate`, and the errors for bad arguments.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { registryChangeIssues } from "../stacks/registry-changes";
import { checkRegistry, migrationCommands } from "../tools/envs/commands";
import { parseEnvsArgs } from "../tools/envs/args";
import { ROOT, TEST_TODAY, environmentSettings, registrySource } from "./harness";
import { devEnvironmentFile } from "./support/registry-file";

const file = devEnvironmentFile;

describe("envs check: what a change may do to Redis DB numbers", () => {
  const base = registrySource("dev", { dev1: file({ redisDb: 1 }), dev2: file({ redisDb: 2 }) });

  it("refuses removing an environment without retiring its Redis DB in the same change", () => {
    const head = registrySource("dev", { dev1: file({ redisDb: 1 }) });
    assert.deepEqual(registryChangeIssues(base, head, TEST_TODAY), [
      {
        path: "environments/dev/dev2.yaml",
        message: `was removed without retiring its Redis DB 2: add { db: 2, environment: dev2, retired: "${TEST_TODAY}" } to environments/dev/retired-redis-dbs.yaml in the same change (npm run env -- delete dev/dev2 does both)`,
      },
    ]);
    const retired = registrySource("dev", { dev1: file({ redisDb: 1 }) }, [
      { db: 2, environment: "dev2", retired: TEST_TODAY },
    ]);
    assert.deepEqual(registryChangeIssues(base, retired, TEST_TODAY), []);
    const wrongEnvironment = registrySource("dev", { dev1: file({ redisDb: 1 }) }, [
      { db: 2, environment: "dev1", retired: TEST_TODAY },
    ]);
    assert.equal(registryChangeIssues(base, wrongEnvironment, TEST_TODAY).length, 1);
  });

  it("refuses changing an environment's Redis DB", () => {
    const head = registrySource("dev", { dev1: file({ redisDb: 5 }), dev2: file({ redisDb: 2 }) });
    assert.deepEqual(registryChangeIssues(base, head, TEST_TODAY), [
      {
        path: "environments/dev/dev1.yaml: redisDb",
        message:
          "changed from 1 to 5: an environment keeps its Redis DB for life (its data is in DB 1); to start with an empty one, delete the environment and create a new one",
      },
    ]);
  });

  it("refuses giving a number away in the change that releases it; a later change may", () => {
    const retiredBase = registrySource("dev", { dev1: file({ redisDb: 1 }) }, [
      { db: 2, environment: "dev2", retired: "2026-10-01" },
    ]);
    const reused = registrySource("dev", { dev1: file({ redisDb: 1 }), dev9: file({ redisDb: 2 }) }, []);
    assert.deepEqual(
      registryChangeIssues(retiredBase, reused, TEST_TODAY).map((i) => i.path),
      ["environments/dev/dev9.yaml: redisDb"],
    );
    const released = registrySource("dev", { dev1: file({ redisDb: 1 }) }, []);
    assert.deepEqual(registryChangeIssues(retiredBase, released, TEST_TODAY), []);
    assert.deepEqual(registryChangeIssues(released, reused, TEST_TODAY), []);
  });

  it("reports the registry's own problems and the change's together", async () => {
    const head = registrySource("dev", { dev1: file({ redisDb: 1, team: "nope" }) });
    const outcome = checkRegistry({
      tier: "dev",
      head,
      settings: await environmentSettings("dev"),
      today: TEST_TODAY,
      base: { label: "main", source: base },
    });
    assert.ok("problems" in outcome);
    assert.match(
      outcome.problems,
      /^invalid environment registry for tier "dev" \(2 problems; nothing was created or changed\):/,
    );
    assert.match(outcome.problems, /environments\/dev\/dev1\.yaml: team: "nope" is not a team/);
    assert.match(
      outcome.problems,
      /environments\/dev\/dev2\.yaml: was removed without retiring its Redis DB 2/,
    );
  });
});

describe("envs migrate", () => {
  it("prints the stack init, state move, up and expect-no-changes commands for every environment", () => {
    assert.equal(
      migrationCommands("qa", ["qa-event", "qa-release"], "studio"),
      [
        "# Migrating tier qa: 2 environment(s) move out of platform stack studio/game-infra/qa.",
        "# Run from the repository root, with the program at this commit checked out and",
        "# the registry files (environments/qa/) committed. Nothing here is destroyed or recreated.",
        "",
        "# 1. Create one stack per environment in the environment project.",
        "pulumi -C environment stack init studio/game-environment/qa.qa-event",
        "pulumi -C environment stack init studio/game-environment/qa.qa-release",
        "",
        "# 2. Move each environment (its GameEnvironment and every child; Pulumi copies the providers they use).",
        "pulumi -C environment state move --yes --source studio/game-infra/qa --dest studio/game-environment/qa.qa-event 'urn:pulumi:qa::game-infra::game:index:GameEnvironment::qa-event'",
        "pulumi -C environment state move --yes --source studio/game-infra/qa --dest studio/game-environment/qa.qa-release 'urn:pulumi:qa::game-infra::game:index:GameEnvironment::qa-release'",
        "",
        "# 3. The platform stack without its environments. Expect: access entries per team; no GameEnvironment deleted.",
        "pulumi -C . preview --stack studio/game-infra/qa --diff",
        "pulumi -C . up --stack studio/game-infra/qa",
        "",
        "# 4. Each environment stack. Expect: its team RoleBinding and an aws provider created; nothing replaced.",
        "pulumi -C environment up --stack studio/game-environment/qa.qa-event",
        "pulumi -C environment up --stack studio/game-environment/qa.qa-release",
        "",
        "# 5. Every stack is quiet.",
        "pulumi -C . preview --stack studio/game-infra/qa --expect-no-changes",
        "pulumi -C environment preview --stack studio/game-environment/qa.qa-event --expect-no-changes",
        "pulumi -C environment preview --stack studio/game-environment/qa.qa-release --expect-no-changes",
      ].join("\n"),
    );
  });
});

describe("envs arguments", () => {
  it("parses each command's options and refuses what a command does not take", () => {
    assert.deepEqual(
      parseEnvsArgs(["sync", "dev", "--dry-run", "--base", "origin/main", "--only", "dev1, dev2"]),
      {
        command: "sync",
        tier: "dev",
        dryRun: true,
        base: "origin/main",
        parallel: 4,
        only: ["dev1", "dev2"],
        force: false,
        logs: ".envs-logs",
      },
    );
    assert.throws(() => parseEnvsArgs(["sync", "prod"]), /"prod" is not a tier; tiers: dev, qa, stage/);
    assert.throws(() => parseEnvsArgs(["sync", "dev", "--base", "main"]), /--base only applies to --dry-run/);
    assert.throws(
      () => parseEnvsArgs(["sync", "dev", "--parallel", "0"]),
      /--parallel: "0" is not a whole number from 1 to 32/,
    );
    assert.throws(
      () => parseEnvsArgs(["check", "dev", "--force"]),
      /check does not take --force; it takes --base/,
    );
    assert.throws(
      () => parseEnvsArgs(["deploy", "dev"]),
      /unknown command "deploy"; commands: check, sync, migrate/,
    );
    assert.throws(() => parseEnvsArgs(["sync"]), /sync needs a <tier>: one of dev, qa, stage/);
    assert.throws(() => parseEnvsArgs(["sync", "dev", "--jobs", "2"]), /Unknown option '--jobs'/);
    assert.throws(
      () => parseEnvsArgs(["check", "dev", "--today", "1.12.2026"]),
      /--today: "1\.12\.2026" is not a date/,
    );
  });
});

/** Runs `npm run envs` (its script, as npm would) in `cwd`. */
function envs(cwd: string, ...args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", join(cwd, "tools/envs.ts"), ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
}

describe("npm run envs in a clone of the repository", () => {
  let clone: string;
  const git = (...args: string[]) => {
    const result = spawnSync("git", args, { cwd: clone, encoding: "utf8" });
    assert.equal(result.status, 0, result.stderr);
    return result.stdout;
  };
  before(() => {
    clone = mkdtempSync(join(tmpdir(), "envs-clone-"));
    const cloned = spawnSync("git", ["clone", "--quiet", "--no-hardlinks", ROOT, clone], {
      encoding: "utf8",
    });
    assert.equal(cloned.status, 0, cloned.stderr);
    symlinkSync(join(ROOT, "node_modules"), join(clone, "node_modules"), "dir");
    symlinkSync(join(ROOT, "policy", "node_modules"), join(clone, "policy", "node_modules"), "dir");
  });
  after(() => rmSync(clone, { recursive: true, force: true }));

  it("checks the committed registry: exit 0 and a summary", () => {
    const result = envs(clone, "check", "dev", "--today", TEST_TODAY);
    assert.equal(result.status, 0, result.stderr);
    assert.match(
      result.stdout,
      /^environments\/dev: 3 environment\(s\) valid \(dev1, dev2, login-dev\), 0 retired Redis DB\(s\)/,
    );
  });

  it("names a bad argument with the usage, exit 2, no stack trace", () => {
    const result = envs(clone, "sync", "prod");
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^envs: "prod" is not a tier; tiers: dev, qa, stage\n\nusage: npm run envs/);
    assert.doesNotMatch(result.stderr, /^\s+at /m);
  });

  it("says what a merge would do: one line per environment stack, compared with HEAD", () => {
    const registry = join(clone, "environments", "qa");
    writeFileSync(
      join(registry, "qa-release.yaml"),
      git("show", "HEAD:environments/qa/qa-release.yaml").replace('version: "1.42.0"', 'version: "1.43.0"'),
    );
    git("rm", "--quiet", "environments/qa/qa-event.yaml");
    writeFileSync(
      join(registry, "retired-redis-dbs.yaml"),
      `- db: 2\n  environment: qa-event\n  retired: "${TEST_TODAY}"\n`,
    );
    writeFileSync(
      join(registry, "qa9.yaml"),
      [
        "owner: someone@studio.example",
        "team: qa",
        "purpose: A new one",
        'version: "1.43.0"',
        'gameDataVersion: "gd-1"',
        'resourceVersion: "res-1"',
        "redisDb: 4",
        `created: "${TEST_TODAY}"`,
        'expires: "2026-12-15"',
        "",
      ].join("\n"),
    );
    const check = envs(clone, "check", "qa", "--base", "HEAD", "--today", TEST_TODAY);
    assert.equal(check.status, 0, check.stderr);
    const result = envs(clone, "sync", "qa", "--dry-run", "--today", TEST_TODAY);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(
      result.stdout,
      ["delete qa.qa-event", "update qa.qa-release", "create qa.qa9", ""].join("\n"),
    );
    assert.match(result.stderr, /compared with HEAD \([0-9a-f]{7}\):/);
    // Removing the retired entry again makes the check fail, naming the file.
    rmSync(join(registry, "retired-redis-dbs.yaml"));
    const unretired = envs(clone, "check", "qa", "--base", "HEAD", "--today", TEST_TODAY);
    assert.equal(unretired.status, 2);
    assert.match(
      unretired.stderr,
      /environments\/qa\/qa-event\.yaml: was removed without retiring its Redis DB 2/,
    );
  });
});
