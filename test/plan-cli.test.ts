import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { parse, stringify } from "yaml";
import { PAUSE_AFTER_WORKTREE_ENV } from "../tools/plan/base-plan";
import { COMMENT_MARKER } from "../tools/plan/render-markdown";
import { ROOT } from "./paths";

const SCRIPT = join(ROOT, "tools/plan.ts");

function plan(...args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", SCRIPT, ...args], {
    cwd: ROOT,
    encoding: "utf8",
  });
}

/** `git worktree list --porcelain` of this repository. */
function worktrees(): string {
  return spawnSync("git", ["worktree", "list", "--porcelain"], { cwd: ROOT, encoding: "utf8" }).stdout;
}

describe("npm run plan", () => {
  it("rejects a bad config with every key named, exit 2, no stack trace and no plan", () => {
    const dir = mkdtempSync(join(tmpdir(), "plan-"));
    const settings = parse(readFileSync(join(ROOT, "Pulumi.dev.yaml"), "utf8")) as {
      config: Record<string, unknown>;
    };
    settings.config["game-infra:network"] = { cidr: "10.20.0.0/33" };
    settings.config["game-infra:teams"] = {
      Server: { principalArns: ["arn:aws:iam::123456789012:role/x"] },
      ops: { principalArns: [] },
    };
    settings.config["game-infra:nodepools"] = { game: { maxSize: 3 } };
    const file = join(dir, "bad.yaml");
    writeFileSync(file, stringify(settings));
    const result = plan("dev", "--platform-only", "--config-file", file, "--json", join(dir, "out.json"));
    assert.equal(result.status, 2);
    assert.match(result.stderr, /network\.cidr: "10\.20\.0\.0\/33" is not an IPv4 CIDR block/);
    assert.match(result.stderr, /teams\.Server: "Server" is not a team name/);
    assert.match(result.stderr, /teams\.ops\.principalArns: needs at least one IAM role or user ARN/);
    assert.match(result.stderr, /nodepools: unknown key \(did you mean "nodePools"\?\)/);
    assert.doesNotMatch(result.stderr, /^\s+at /m);
    assert.equal(result.stdout.includes("resources"), false);
  });

  it("names a bad argument and what is allowed", () => {
    const result = plan("dev", "--jsn", "x");
    assert.equal(result.status, 2);
    assert.match(
      result.stderr,
      /unknown option --jsn; allowed: --platform-only, --config-file, --json, --json-dir, --diff/,
    );
  });

  it("prints its usage and every option with --help (and -h), exit 0", () => {
    for (const flag of ["--help", "-h"]) {
      const result = plan(flag);
      assert.equal(result.status, 0, result.stderr);
      assert.match(result.stdout, /^usage: npm run plan -- <tier\|tier\.env>\.\.\./);
      for (const option of [
        "--diff",
        "--base REF",
        "--format",
        "--json FILE",
        "--config-file FILE",
        "--update",
        "--platform-only",
        "--json-dir DIR",
        "--registry DIR",
      ]) {
        assert.match(result.stdout, new RegExp(`^ {2}${option}`, "m"), `${option} is explained`);
      }
      assert.match(result.stdout, /^ {2}-h, --help/m);
    }
  });

  it("checks stack names, output paths and the base ref before planning anything", () => {
    const stacks = readdirSync(ROOT)
      .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
      .filter((s) => s !== undefined);
    assert.ok(stacks.includes("dev") && stacks.includes("qa"));
    const committed = readFileSync(join(ROOT, "plans", "qa.json"), "utf8");
    const cases: Array<[string[], RegExp]> = [
      [
        ["prod", "--diff"],
        /^plan: unknown stack "prod": a target is a tier \(dev, qa, stage\), its platform stack \(with --platform-only\) or an environment stack <tier>\.<environment> such as dev\.dev1$/m,
      ],
      [
        ["qa", "--json", "x.json"],
        /^plan: --json writes one stack; qa plans several .*: use --json-dir DIR, or --platform-only$/m,
      ],
      [
        ["qa", "--platform-only", "--json", "/nonexistent-plan-dir/qa.json"],
        /^plan: --json: cannot write \/nonexistent-plan-dir\/qa\.json: the directory \/nonexistent-plan-dir does not exist$/m,
      ],
      [["qa", "--platform-only", "--json", tmpdir()], /^plan: --json: cannot write .*: .* is a directory$/m],
      [
        ["qa", "--diff", "--base", "no-such-ref"],
        /^plan: --base: "no-such-ref" is not a commit in this repository/,
      ],
      [
        ["qa", "--platform-only", "--update", "--config-file", join(ROOT, "Pulumi.qa.yaml")],
        /^plan: --update rewrites the committed plans\/qa\.json from Pulumi\.qa\.yaml and cannot take --config-file/,
      ],
    ];
    for (const [args, message] of cases) {
      const result = plan(...args);
      assert.equal(result.status, 2, `${args.join(" ")}: ${result.stderr}`);
      assert.match(result.stderr, message);
      // Planning a stack prints its headline or tree on stdout: nothing was planned.
      assert.equal(result.stdout, "", `${args.join(" ")} planned nothing`);
    }
    const unknown = plan("prod").stderr;
    for (const tier of ["dev", "qa", "stage"])
      assert.ok(unknown.includes(tier), `the tier ${tier} is listed`);
    assert.equal(readFileSync(join(ROOT, "plans", "qa.json"), "utf8"), committed, "plans/qa.json untouched");
  });

  it("with --diff prints one line per stack and the diff, not the tree: platform against its committed plan, environments against HEAD", () => {
    const result = plan("qa", "--diff");
    assert.equal(result.status, 0, result.stderr);
    assert.match(
      result.stdout,
      /^game-infra \/ qa: \d+ resources \(\d+ components, \d+ custom resources\); \d+ Kubernetes object\(s\) valid against the upstream schema\.$/m,
    );
    for (const stack of ["qa.qa-event", "qa.qa-release"]) {
      assert.match(
        result.stdout,
        new RegExp(`^game-environment / ${stack.replace(".", "\\.")}: \\d+ resources`, "m"),
      );
    }
    assert.doesNotMatch(result.stdout, /├─|└─/, "no tree");
    assert.doesNotMatch(result.stdout, /Resources by type:/);
    assert.match(
      result.stdout,
      /Compared with plans\/qa\.json:\nNo changes: the plan matches plans\/qa\.json\./,
    );
    assert.match(
      result.stdout,
      /Compared with the program and registry at HEAD \([0-9a-f]{7}\):\nNo changes: the plan matches the program and registry at HEAD \([0-9a-f]{7}\)\./,
    );
  });

  it("without --diff prints the tree; relative --json and --config-file are taken from the directory npm ran in", () => {
    const dir = mkdtempSync(join(tmpdir(), "plan-cwd-"));
    writeFileSync(join(dir, "settings.yaml"), readFileSync(join(ROOT, "Pulumi.qa.yaml"), "utf8"));
    // npm runs the script in the package root and keeps the caller's directory in INIT_CWD.
    const result = spawnSync(
      "npm",
      [
        "--prefix",
        ROOT,
        "run",
        "--silent",
        "plan",
        "--",
        "qa",
        "--platform-only",
        "--config-file",
        "settings.yaml",
        "--json",
        "out.json",
      ],
      { cwd: dir, encoding: "utf8" },
    );
    try {
      assert.equal(result.status, 0, result.stderr);
      assert.match(result.stdout, /^game-infra \/ qa: \d+ resources/m);
      assert.match(result.stdout, /├─ game:index:GameCluster qa/);
      assert.match(result.stdout, /Resources by type:/);
      assert.match(result.stdout, /Kubernetes object\(s\) valid against the upstream schema\./);
      assert.ok(result.stdout.includes(`Plan JSON written to ${join(dir, "out.json")}`));
      assert.equal(
        (JSON.parse(readFileSync(join(dir, "out.json"), "utf8")) as { stack: string }).stack,
        "qa",
      );
      assert.equal(existsSync(join(ROOT, "out.json")), false, "nothing written in the package root");
    } finally {
      rmSync(join(ROOT, "out.json"), { force: true });
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("prints only the pull-request comment on stdout with --format markdown, policy result included", () => {
    const result = plan("qa", "--format", "markdown");
    assert.ok(result.stdout.startsWith(`${COMMENT_MARKER}\n`), result.stderr);
    const row = /^\| `qa` \| (?:\d+ \| ){5}[^|]+\| (✅|❌) (\d+) mandatory, \d+ advisory \(0 new\) \|$/m.exec(
      result.stdout,
    );
    assert.ok(row, "a summary row with the policy result, compared with the committed plan");
    assert.equal(result.status, Number(row[2]) > 0 ? 1 : 0, "a mandatory violation fails the run");
    assert.doesNotMatch(result.stdout, /Resources by type:/, "the tree goes to stderr");
    assert.match(result.stderr, /^qa: \d+ resources$/m);
  });

  it("removes its --base worktree when interrupted (SIGINT, SIGTERM) right after creating it", async () => {
    const interrupt = async (signal: NodeJS.Signals) => {
      const child = spawn(process.execPath, ["--import", "tsx", SCRIPT, "qa", "--base", "HEAD"], {
        cwd: ROOT,
        env: { ...process.env, [PAUSE_AFTER_WORKTREE_ENV]: "1" },
        stdio: ["ignore", "ignore", "pipe"],
      });
      const exited = once(child, "exit");
      let stderr = "";
      // The tool announces the worktree, then (with the hook) waits there until it is interrupted.
      const dir = await new Promise<string>((found, fail) => {
        child.stderr.setEncoding("utf8").on("data", (d: string) => {
          stderr += d;
          const m = /in a temporary worktree \((.+)\)\n/.exec(stderr);
          if (m) found(m[1]!);
        });
        void exited.then(() => fail(new Error(`the tool ended before creating its worktree:\n${stderr}`)));
      });
      assert.ok(worktrees().includes(`worktree ${dir}\n`), "the worktree exists while the tool runs");
      assert.ok(
        worktrees().includes(`locked npm run plan --base, pid ${child.pid} on ${hostname()}\n`),
        "locked with its pid and host",
      );
      child.kill(signal);
      const [code, ended] = (await exited) as [number | null, NodeJS.Signals | null];
      assert.equal(ended, signal, `ended by ${signal} (exit code ${code})`);
      assert.equal(worktrees().includes(dir), false, `${signal}: the worktree is gone from git`);
      assert.equal(existsSync(dir), false, `${signal}: its directory is gone`);
    };
    await Promise.all([interrupt("SIGINT"), interrupt("SIGTERM")]);
  });
});

describe("npm run plan --detailed-exitcode", () => {
  it("exits 0 when nothing changes and 3 when something does", () => {
    const unchanged = plan("qa", "--platform-only", "--detailed-exitcode");
    assert.equal(unchanged.status, 0, unchanged.stderr);
    const dir = mkdtempSync(join(tmpdir(), "plan-exit-"));
    const settings = parse(readFileSync(join(ROOT, "Pulumi.qa.yaml"), "utf8")) as {
      config: Record<string, Record<string, unknown>>;
    };
    settings.config["game-infra:logging"] = { ...settings.config["game-infra:logging"], retentionDays: 30 };
    const file = join(dir, "qa.yaml");
    writeFileSync(file, stringify(settings));
    const changed = plan("qa", "--platform-only", "--config-file", file, "--detailed-exitcode");
    assert.equal(changed.status, 3, changed.stderr);
    assert.match(changed.stdout, /Compared with plans\/qa\.json:\n.*to update/);
    rmSync(dir, { recursive: true, force: true });
  });
});
