// `npm run policy -- --plan FILE [--baseline FILE] [--config FILE]`: output format and exit codes.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { test } from "node:test";

import { policies as packPolicies } from "../../pack";
import { ATTENTION_POLICIES } from "../../runner/attention";
import { main } from "../../runner/cli";
import { configTierOf, readConfigFile, tierConfigFile } from "../../runner/config";
import * as aws from "../fixtures/aws";
import { compliantEnvironmentStack, compliantStack } from "../fixtures/compliant-stack";
import { environmentProject, modified, planOf } from "../fixtures/plan-builder";

const dir = mkdtempSync(path.join(tmpdir(), "policy-cli-"));
const repoRoot = path.resolve(__dirname, "..", "..", "..");

function writeJson(name: string, value: unknown): string {
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify(value));
  return file;
}

const cleanPlan = writeJson("clean.json", planOf(compliantStack("dev"), "dev"));
const publicDb = modified(aws.rdsInstance(), (i) => (i.publiclyAccessible = true));
const dirtyPlan = writeJson(
  "dirty.json",
  planOf(
    compliantStack("dev").map((r) => (r.type === publicDb.type ? { ...r, inputs: publicDb.inputs } : r)),
    "dev",
  ),
);
const advisoryOnlyPlan = writeJson(
  "advisory.json",
  planOf(
    compliantStack("dev").map((r) =>
      r.type === publicDb.type ? modified(r, (i) => (i.multiAz = false)) : r,
    ),
    "dev",
  ),
);

/** The compliant environment stack dev.dev1 with one more finding: its environment expired long ago. */
const expiredPlan = writeJson(
  "expired.json",
  planOf(
    compliantEnvironmentStack("dev", "dev1").map((r) =>
      r.type === "kubernetes:core/v1:Namespace"
        ? modified(
            r,
            (i) =>
              ((i.metadata as { annotations: Record<string, string> }).annotations["game-infra/expires"] =
                "2000-01-01"),
          )
        : r,
    ),
    "dev.dev1",
    environmentProject,
  ),
);
/** The advisory plan's finding (multi-AZ off) and a new mandatory one (a public database). */
const dirtierPlan = writeJson(
  "dirtier.json",
  planOf(
    compliantStack("dev").map((r) =>
      r.type === publicDb.type
        ? modified(r, (i) => {
            i.multiAz = false;
            i.publiclyAccessible = true;
          })
        : r,
    ),
    "dev",
  ),
);

async function run(...argv: string[]) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await main(argv, { stdout: (l) => stdout.push(l), stderr: (l) => stderr.push(l) });
  return { code, stdout, stderr };
}

const violationLine = /^(mandatory|advisory) [a-z0-9-]+ urn:pulumi:\S+: .+$/;

test("a clean plan exits 0 with only the summary line", async () => {
  const { code, stdout } = await run("--plan", cleanPlan);
  assert.equal(code, 0);
  assert.equal(stdout.length, 1);
  assert.match(
    stdout[0],
    /^Summary: 0 mandatory, 0 advisory, 0 skipped .* of stack dev, config policy\/config\/dev\.json$/,
  );
});

test("a mandatory violation prints `<level> <policy> <urn>: <message>` and exits 1", async () => {
  const { code, stdout } = await run("--plan", dirtyPlan);
  assert.equal(code, 1);
  assert.deepEqual(stdout.slice(0, -1), [
    "mandatory rds-not-public urn:pulumi:dev::game-infra::game:index:SharedDataStores$aws:rds/instance:Instance::game-mysql: publiclyAccessible is true",
  ]);
  stdout.slice(0, -1).forEach((line) => assert.match(line, violationLine));
  assert.match(stdout[stdout.length - 1], /^Summary: 1 mandatory, 0 advisory, 0 skipped/);
});

test("advisory violations alone exit 0", async () => {
  const { code, stdout } = await run("--plan", advisoryOnlyPlan);
  assert.equal(code, 0);
  assert.match(
    stdout[0],
    /^advisory rds-multi-az urn:pulumi:dev::game-infra::.*game-mysql: multiAz is not true$/,
  );
  assert.match(stdout[1], /^Summary: 0 mandatory, 1 advisory/);
});

test("the plan's stack picks the tier config; --tier and --config pick another", async () => {
  assert.equal(
    (await run("--plan", advisoryOnlyPlan, "--tier", "stage")).code,
    1,
    "multi-AZ is mandatory on stage",
  );
  const config = writeJson("relaxed.json", {
    ...readConfigFile(tierConfigFile("dev")),
    "rds-not-public": "advisory",
  });
  const relaxed = await run("--plan", dirtyPlan, `--config=${config}`);
  assert.equal(relaxed.code, 0);
  assert.match(relaxed.stdout[0], /^advisory rds-not-public /);
});

test("an environment stack's plan (<tier>.<env> of game-environment) is judged with its tier's config", async () => {
  assert.equal(configTierOf("stage.stage"), "stage");
  assert.equal(configTierOf("qa"), "qa");
  const environment = compliantEnvironmentStack("stage", "stage", 1);
  const clean = writeJson("stage.stage.json", planOf(environment, "stage.stage", environmentProject));
  const { code, stdout, stderr } = await run("--plan", clean);
  assert.deepEqual(stderr, []);
  assert.equal(code, 0);
  assert.match(
    stdout[0],
    /^Summary: 0 mandatory, 0 advisory, 0 skipped .* of stack stage\.stage, config policy\/config\/stage\.json$/,
  );
  // One replica is fine on dev but mandatory-short of stage's minimum of 2: the tier config is in force.
  const single = writeJson(
    "stage.stage-single.json",
    planOf(
      environment.map((r) => (r.name === "stage-gameserver" ? modified(r, (i) => (i.spec.replicas = 1)) : r)),
      "stage.stage",
      environmentProject,
    ),
  );
  const judged = await run("--plan", single);
  assert.equal(judged.code, 1);
  assert.match(judged.stdout[0], /^mandatory k8s-min-replicas .*stage-gameserver: /);
});

test("--format json prints the report as JSON", async () => {
  const { code, stdout } = await run("--plan", dirtyPlan, "--format", "json");
  assert.equal(code, 1);
  const report = JSON.parse(stdout.join("\n"));
  assert.deepEqual(report.summary, { mandatory: 1, advisory: 0, skipped: 0 });
  assert.equal(report.violations[0].policyName, "rds-not-public");
});

for (const [argv, message] of [
  [[], /^error: --plan FILE is required/],
  [["--plan"], /^error: --plan needs a value \(a file\)$/],
  [
    ["--plan", "x.json", "--verbose"],
    /^error: unknown argument "--verbose"; allowed: --plan, --baseline, --config, --tier, --format, --help$/,
  ],
  [["--plan", "x.json", "--format", "xml"], /^error: --format "xml" is not allowed; use text or json$/],
  [["--plan", "x.json", "--tier", "prod"], /^error: --tier "prod" has no config; allowed: dev, qa, stage$/],
  [["--plan", path.join(dir, "missing.json")], /^error: --plan: cannot read .*missing\.json$/],
  [
    ["--plan", cleanPlan, "--config", path.join(dir, "missing.json")],
    /^error: --config: cannot read .*missing\.json$/,
  ],
  [["--plan", cleanPlan, "--baseline"], /^error: --baseline needs a value \(a file\)$/],
  [
    ["--plan", cleanPlan, "--baseline", path.join(dir, "missing.json")],
    /^error: --baseline: cannot read .*missing\.json$/,
  ],
] as const) {
  test(`bad arguments (${argv.join(" ") || "none"}) give one error line and exit 2`, async () => {
    const { code, stdout, stderr } = await run(...argv);
    assert.equal(code, 2);
    assert.deepEqual(stdout, []);
    assert.equal(stderr.length, 1);
    assert.match(stderr[0], message);
  });
}

test("--help prints the usage and exits 0", async () => {
  const { code, stdout } = await run("--help");
  assert.equal(code, 0);
  assert.match(stdout[0], /^usage: npm run policy -- --plan FILE \[--baseline FILE\] \[--config FILE\]/);
  assert.match(stdout[0], /^ {2}--baseline FILE /m);
});

test("a plan of the wrong shape names the bad field", async () => {
  const bad = writeJson("bad.json", {
    stack: "dev",
    resources: [{ urn: "urn:pulumi:dev::game-infra::x::y", type: "x" }],
  });
  const { code, stderr } = await run("--plan", bad);
  assert.equal(code, 2);
  assert.match(stderr[0], /^error: --plan: .*bad\.json: resources\[0\]\.name must be a non-empty string$/);
});

test("invalid policy config names the policy and property and exits 2", async () => {
  const config = writeJson("invalid.json", { "rds-backup-retention": { minimumDays: "seven" } });
  const { code, stderr } = await run("--plan", cleanPlan, "--config", config);
  assert.equal(code, 2);
  assert.deepEqual(stderr, [
    "error: policy config: rds-backup-retention.minimumDays: must be of type integer",
  ]);
});

test("the npm script's entry point exits 1 on mandatory violations and 2 on bad arguments, without a stack trace", () => {
  const script = path.join(repoRoot, "tools", "policy.ts");
  const dirty = spawnSync(process.execPath, ["--import", "tsx", script, "--plan", dirtyPlan], {
    cwd: repoRoot,
    encoding: "utf8",
  });
  assert.equal(dirty.status, 1, dirty.stderr);
  assert.match(dirty.stdout, /^mandatory rds-not-public /m);
  const bad = spawnSync(process.execPath, ["--import", "tsx", script, "--plan"], {
    cwd: repoRoot,
    encoding: "utf8",
  });
  assert.equal(bad.status, 2);
  assert.equal(bad.stderr.trim(), "error: --plan needs a value (a file)");
});

test("--baseline lists the new findings first and only counts those the baseline already had", async () => {
  const { code, stdout } = await run("--plan", dirtierPlan, "--baseline", advisoryOnlyPlan);
  assert.equal(code, 1, "a mandatory violation still fails the run");
  assert.deepEqual(stdout.slice(0, -1), [
    "New since the baseline (1):",
    "mandatory rds-not-public urn:pulumi:dev::game-infra::game:index:SharedDataStores$aws:rds/instance:Instance::game-mysql: publiclyAccessible is true",
    "Already in the baseline, not listed: 1 (0 mandatory, 1 advisory); run without --baseline to list them",
  ]);
  assert.match(
    stdout[stdout.length - 1],
    /^Summary: 1 mandatory, 1 advisory, 0 skipped .*; against baseline .*advisory\.json: 1 new, 1 already there$/,
  );
  const same = await run("--plan", advisoryOnlyPlan, "--baseline", advisoryOnlyPlan);
  assert.equal(same.code, 0);
  assert.deepEqual(same.stdout.slice(0, 2), [
    "New since the baseline: none",
    "Already in the baseline, not listed: 1 (0 mandatory, 1 advisory); run without --baseline to list them",
  ]);
});

test("--baseline with --format json marks each violation new or not", async () => {
  const { stdout } = await run("--plan", dirtierPlan, "--baseline", advisoryOnlyPlan, "--format", "json");
  const report = JSON.parse(stdout.join("\n"));
  assert.deepEqual(report.summary, { mandatory: 1, advisory: 1, skipped: 0, new: 1, existing: 1 });
  assert.deepEqual(
    report.violations.map((v: { policyName: string; new: boolean }) => [v.policyName, v.new]),
    [
      ["rds-not-public", true],
      ["rds-multi-az", false],
    ],
  );
});

test("an expired environment is listed first under its own heading, even when the baseline had it", async () => {
  const expiredLine =
    "advisory game-environment-expiry urn:pulumi:dev.dev1::game-environment::game:index:GameEnvironment$kubernetes:core/v1:Namespace::ns-dev1: environment dev1 expired on 2000-01-01; delete it or extend it";
  const alone = await run("--plan", expiredPlan);
  assert.equal(alone.code, 0);
  assert.deepEqual(alone.stdout.slice(0, 2), [
    "Expired environments: delete or extend them (1):",
    expiredLine,
  ]);
  assert.equal(alone.stdout.filter((l) => l === expiredLine).length, 1, "listed once");
  const again = await run("--plan", expiredPlan, "--baseline", expiredPlan);
  assert.deepEqual(again.stdout.slice(0, 3), [
    "Expired environments: delete or extend them (1):",
    expiredLine,
    "New since the baseline: none",
  ]);
});

test("the findings shown apart are of policies the pack has", () => {
  const names = new Set(packPolicies.map((p) => p.name));
  for (const policy of Object.keys(ATTENTION_POLICIES)) assert.ok(names.has(policy), policy);
});

test("--baseline must be a plan of the same stack", async () => {
  const qa = writeJson("qa.json", planOf(compliantStack("qa"), "qa"));
  const { code, stderr } = await run("--plan", cleanPlan, "--baseline", qa);
  assert.equal(code, 2);
  assert.match(
    stderr[0],
    /^error: --baseline: .*qa\.json is a plan of stack qa, --plan of stack dev; compare plans of the same stack$/,
  );
});

test("relative paths start from the given directory, and from npm's INIT_CWD for the npm script", async () => {
  const stdout: string[] = [];
  const code = await main(
    ["--plan", "clean.json", "--baseline", "clean.json"],
    { stdout: (l) => stdout.push(l), stderr: () => {} },
    { cwd: dir },
  );
  assert.equal(code, 0);
  assert.match(stdout[stdout.length - 1], /against baseline clean\.json: 0 new, 0 already there$/);
  const script = path.join(repoRoot, "tools", "policy.ts");
  const viaNpm = spawnSync(process.execPath, ["--import", "tsx", script, "--plan", "dirty.json"], {
    cwd: repoRoot,
    env: { ...process.env, INIT_CWD: dir, npm_lifecycle_event: "policy" },
    encoding: "utf8",
  });
  assert.equal(viaNpm.status, 1, viaNpm.stderr);
  assert.match(viaNpm.stdout, /^mandatory rds-not-public /m);
});
