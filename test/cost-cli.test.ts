/**
 * `npm run cost` and `npm run prices` as command lines (child processes; in `npm run test:e2e`):
 * argument errors exit 2 with the problem and no stack trace, and one full estimate of an
 * environment stack, text and --json, priced with a test table of round figures so every amount
 * below is worked out by hand in the comments.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { gamePoolTestPrices } from "./support/cost-table";
import { ROOT } from "./support/git-repo";

function run(script: string, args: readonly string[]) {
  const result = spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "tools", script), ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, INIT_CWD: ROOT },
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}
const runCost = (args: readonly string[]) => run("cost.ts", args);

/**
 * The dev game pool allows m6i, m6a and m5 in xlarge and 2xlarge; only m6i.2xlarge has a price here
 * ($0.50 an hour), so every share is of an m6i.2xlarge. gp3 is $0.10 per GiB-month.
 */
const TABLE = gamePoolTestPrices();

describe("npm run cost: bad arguments", () => {
  for (const [args, message] of [
    [[], /^cost: missing <target>/],
    [["dev", "--bogus"], /^cost: unknown option --bogus/],
    [["prod"], /^cost: unknown stack "prod": a target is a tier \(dev, qa, stage\)/],
    [["dev", "--prices", "no-such-table.json"], /^cost: --prices: .*no-such-table\.json does not exist$/m],
  ] as const) {
    it(`${args.join(" ") || "(nothing)"}: exit 2, the problem, no stack trace`, () => {
      const run = runCost(args);
      assert.equal(run.code, 2, run.err);
      assert.match(run.err, message);
      assert.doesNotMatch(run.err, /\n\s+at /);
      assert.equal(run.out, "");
    });
  }
});

describe("npm run cost -- dev.fixture-rolling (test prices)", () => {
  let dir = "";
  let file = "";
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "cost-cli-"));
    file = join(dir, "prices.json");
    writeFileSync(file, JSON.stringify(TABLE));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  const args = () => [
    "dev.fixture-rolling",
    "--registry",
    "test/fixtures",
    "--today",
    "2026-11-05",
    "--prices",
    file,
  ];

  // The environment requests 1150m CPU and 4608 MiB (test/cost-model.test.ts works them out from its
  // plan). An m6i.2xlarge (8 vCPU, 32768 MiB) leaves 8000 - 80 (kubeReserved) - 50 (log collector)
  // = 7870m and floor(32768 × 0.925 - 893 - 100 - 64) = 29253 MiB: CPU 1150/7870 = 0.146, memory
  // 4608/29253 = 0.1575, so memory decides. A node-hour is $0.50 + (4 + 60) GiB × $0.10 / 730.
  // Always on: 0.1575... × ($0.50 × 730 + $6.40) = 4608 × 371.4 / 29253 = $58.50; volumes 20 GiB ×
  // $0.10 = $2.00; total $60.50. Mon-Fri 08:00-20:00 is 60 h a week, 60 × 730 / 168 = 260.71 h a
  // month: 4608 × (0.50 × 260.714 + 6.40 × 60/168) / 29253 = 4608 × 132.643 / 29253 = $20.89, + $2.00
  // = $22.89.
  it("prints the environment's requests, node share, volumes, 24/7 and scheduled cost", () => {
    const run = runCost(args());
    assert.equal(run.code, 0, run.err);
    const lines = run.out.split("\n");
    assert.equal(
      lines[0],
      `Monthly cost estimate: eu-west-1 (EU (Ireland)) prices taken 2026-12-01, from ${file}; 730 hours a month.`,
    );
    assert.equal(
      lines[2],
      "dev: environments (always on, and on schedule; default schedule Mon-Fri 08:00-20:00 Europe/Berlin, 260.7 h awake a month)",
    );
    assert.match(lines[3]!, /^ {2}Stack +Requests +Volumes +Node share +24\/7 +Scheduled +Schedule$/);
    assert.deepEqual(lines[4]!.trim().split(/\s{2,}/), [
      "dev.fixture-rolling",
      "1.15 CPU, 4.50 GiB, 6 pods",
      "20 GiB",
      "0.158 × m6i.2xlarge",
      "$60.50",
      "$22.89",
      "260.7 h awake",
    ]);
    assert.equal(
      lines[5],
      "  note: spot capacity priced at the on-demand rate (spot discount unknown): a ceiling",
    );
    assert.equal(
      lines[6],
      "  note: priced on the cheapest priced type; m5.2xlarge, m5.xlarge, m6a.2xlarge, m6a.xlarge, m6i.xlarge have no price in the table",
    );
    assert.equal(lines[8], "dev total (environments): $60.50 a month always on, $22.89 on schedules.");
    assert.equal(lines[10], "Assumptions:");
    assert.match(
      run.out,
      /^ {2}- A month is 730 hours; prices are on-demand list prices in USD, without tax\.$/m,
    );
    assert.match(run.out, /^ {2}- Not estimated: nothing$/m); // the test table's notEstimated
    assert.doesNotMatch(run.out, /unknown prices/i);
  });

  it("--json gives the same figures to machines", () => {
    const run = runCost([...args(), "--json"]);
    assert.equal(run.code, 0, run.err);
    const json = JSON.parse(run.out) as {
      region: string;
      hoursPerMonth: number;
      tiers: Array<{
        tier: string;
        platform: unknown;
        defaultSchedule: string;
        environments: Array<Record<string, unknown>>;
        totals: unknown;
      }>;
      unknownPrices: unknown[];
    };
    assert.equal(json.region, "eu-west-1");
    assert.equal(json.hoursPerMonth, 730);
    assert.deepEqual(json.unknownPrices, []);
    const [tier] = json.tiers;
    assert.equal(tier!.tier, "dev");
    assert.equal(tier!.platform, null);
    const env = tier!.environments[0]!;
    const money = (usd: number) => ({ usd, unknown: [], secondary: false });
    assert.deepEqual(
      {
        stack: env["stack"],
        requests: env["requests"],
        pods: env["pods"],
        volumesGiB: env["volumesGiB"],
        instanceType: env["instanceType"],
        nodes: env["nodes"],
        awakeHours: env["awakeHours"],
        alwaysOn: env["alwaysOn"],
        scheduled: env["scheduled"],
      },
      {
        stack: "dev.fixture-rolling",
        requests: { cpuMillicores: 1150, memoryMiB: 4608 },
        pods: 6,
        volumesGiB: 20,
        instanceType: "m6i.2xlarge",
        nodes: 0.1575, // 4608 / 29253, to 4 places
        awakeHours: 260.71,
        alwaysOn: { nodes: money(58.5), volumes: money(2), total: money(60.5) },
        scheduled: { nodes: money(20.89), volumes: money(2), total: money(22.89) },
      },
    );
    assert.deepEqual(tier!.totals, { alwaysOn: money(60.5), scheduled: money(22.89) });
  });
});

describe("npm run prices", () => {
  it("writes nothing when an offer file is missing, and says which (exit 1, no stack trace)", () => {
    const dir = mkdtempSync(join(tmpdir(), "prices-"));
    try {
      const out = join(dir, "out.json");
      const result = run("prices.ts", ["--region", "eu-west-1", "--offers-dir", dir, "--out", out]);
      assert.equal(result.code, 1, result.err);
      assert.match(
        result.err,
        /prices: --offers-dir: .*AmazonEC2\.json does not exist \(download https:\/\/pricing\.us-east-1\.amazonaws\.com\/offers\/v1\.0\/aws\/AmazonEC2\/current\/eu-west-1\/index\.json there first\)/,
      );
      assert.doesNotMatch(result.err, /\n\s+at /);
      assert.equal(existsSync(out), false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
