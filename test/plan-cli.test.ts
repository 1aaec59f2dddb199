import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { parse, stringify } from "yaml";
import { COMMENT_MARKER } from "../tools/plan/render-markdown";
import { ROOT } from "./harness";

function plan(...args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "tools/plan.ts"), ...args], {
    cwd: ROOT,
    encoding: "utf8",
  });
}

describe("npm run plan", () => {
  it("rejects a bad config with every key named, exit 2, no stack trace and no plan", () => {
    const dir = mkdtempSync(join(tmpdir(), "plan-"));
    const settings = parse(readFileSync(join(ROOT, "Pulumi.dev.yaml"), "utf8")) as {
      config: Record<string, unknown>;
    };
    const envs = settings.config["game-infra:environments"] as Array<Record<string, unknown>>;
    envs[0]!.name = "Dev_1";
    envs[2]!.redisDb = envs[1]!.redisDb;
    settings.config["game-infra:nodepools"] = { game: { maxSize: 3 } };
    const file = join(dir, "bad.yaml");
    writeFileSync(file, stringify(settings));
    const result = plan("dev", "--config-file", file, "--json", join(dir, "out.json"));
    assert.equal(result.status, 2);
    assert.match(result.stderr, /environments\[0\]\.name: "Dev_1" is not a DNS-1123 label/);
    assert.match(result.stderr, /environments\[2\]\.redisDb: 2 is already used by environments\[1\]/);
    assert.match(result.stderr, /nodepools: unknown key \(did you mean "nodePools"\?\)/);
    assert.doesNotMatch(result.stderr, /^\s+at /m);
    assert.equal(result.stdout.includes("resources"), false);
  });

  it("names a bad argument and what is allowed", () => {
    const result = plan("dev", "--jsn", "x");
    assert.equal(result.status, 2);
    assert.match(result.stderr, /unknown option --jsn; allowed: --config-file, --json, --diff, --update/);
  });

  it("prints the tree, counts and a clean diff against the committed plan", () => {
    const result = plan("qa", "--diff");
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /game-infra \/ qa: \d+ resources/);
    assert.match(result.stdout, /├─ game:index:GameCluster qa/);
    assert.match(result.stdout, /Resources by type:/);
    assert.match(result.stdout, /No changes: the plan matches the committed one\./);
  });

  it("prints only the pull-request comment on stdout with --format markdown, policy result included", () => {
    const result = plan("qa", "--format", "markdown");
    assert.ok(result.stdout.startsWith(`${COMMENT_MARKER}\n`), result.stderr);
    const row = /^\| `qa` \| (?:\d+ \| ){5}[^|]+\| (✅|❌) (\d+) mandatory, \d+ advisory \|$/m.exec(
      result.stdout,
    );
    assert.ok(row, "a summary row with the policy result");
    assert.equal(result.status, Number(row[2]) > 0 ? 1 : 0, "a mandatory violation fails the run");
    assert.doesNotMatch(result.stdout, /Resources by type:/, "the tree goes to stderr");
    assert.match(result.stderr, /^qa: \d+ resources$/m);
  });
});
