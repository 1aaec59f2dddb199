/** `npm run bench`: its targets, judged as a pure function, and its progress and exit code. */
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { describe, it } from "node:test";
import { parseBenchArgs } from "../tools/bench/args";
import { DEFAULT_TARGETS, evaluateTargets, missedTargets } from "../tools/bench/targets";
import { ROOT } from "./paths";

const SCRIPT = join(ROOT, "tools/bench.ts");

/** Figures of one size: tier and baseline seconds, tier peak MiB, one environment stack's peak MiB. */
const row = (
  environments: number,
  programSeconds: number,
  baselineSeconds: number,
  programPeakMiB = 500,
  environmentPeakMiB = 300,
) => ({
  environments,
  programSeconds,
  baselineSeconds,
  programPeakMiB,
  environmentPeakMiB,
});

describe("benchmark targets", () => {
  it("are the documented ones: ratio 1.3, scaling 2.2, 2 GiB at 200 environments, environment memory flat (1.5x)", () => {
    assert.deepEqual(DEFAULT_TARGETS, { maxRatio: 1.3, maxScaling: 2.2, maxPeakMiB: 2048, maxGrowth: 1.5 });
  });

  it("are met when every figure is within its limit", () => {
    const results = evaluateTargets([
      row(10, 2.0, 1.6, 314),
      row(100, 14.77, 14.16, 1055),
      row(200, 28.13, 24.65, 1945),
    ]);
    assert.deepEqual(
      results.map((r) => [r.name, r.met]),
      [
        ["worst program/baseline ratio", true],
        ["time(200)/time(100)", true],
        ["peak memory at 200", true],
        ["environment stack peak memory, 200 vs smallest size", true],
      ],
    );
    assert.deepEqual(missedTargets(results), []);
    assert.equal(results[0]!.text, "worst program/baseline ratio = 1.250 (target <= 1.3)");
    assert.equal(results[1]!.text, "time(200)/time(100) = 1.905 (target <= 2.2)");
    assert.equal(results[2]!.text, "peak memory at 200 = 1945 MiB (target <= 2048 MiB)");
  });

  it("counts a ratio just over the limit as missed, and shows it so (1.306 must not read as 1.30)", () => {
    const [ratio] = evaluateTargets([row(10, 2.05, 1.57)]);
    assert.equal(ratio!.met, false);
    assert.equal(ratio!.text, "worst program/baseline ratio = 1.306 (target <= 1.3)");
  });

  it("names every missed target with its value and limit", () => {
    const missed = missedTargets(
      evaluateTargets([row(10, 3, 2, 500, 300), row(100, 10, 9), row(200, 25, 22, 2100, 451)]),
    );
    assert.deepEqual(
      missed.map((r) => r.text),
      [
        "worst program/baseline ratio = 1.500 (target <= 1.3)",
        "time(200)/time(100) = 2.500 (target <= 2.2)",
        "peak memory at 200 = 2100 MiB (target <= 2048 MiB)",
        "environment stack peak memory, 200 vs smallest size = 1.503 (target <= 1.5)",
      ],
    );
  });

  it("says which targets the sizes run could not measure, and does not count them as missed", () => {
    const results = evaluateTargets([row(10, 2, 2)], DEFAULT_TARGETS);
    assert.deepEqual(
      results.map((r) => r.text),
      [
        "worst program/baseline ratio = 1.000 (target <= 1.3)",
        "time(200)/time(100): not measured (needs sizes 100 and 200; target <= 2.2)",
        "peak memory at 200: not measured (needs size 200; target <= 2048 MiB)",
        "environment stack peak memory, 200 vs smallest size: not measured (needs size 200 and a smaller one, with environment stacks measured; target <= 1.5)",
      ],
    );
    assert.deepEqual(missedTargets(results), []);
  });

  it("reads sizes and limits from the command line", () => {
    assert.deepEqual(parseBenchArgs([]), { sizes: [10, 50, 100, 200], targets: DEFAULT_TARGETS });
    assert.deepEqual(parseBenchArgs(["1,2", "--max-ratio", "2.5"]), {
      sizes: [1, 2],
      targets: { ...DEFAULT_TARGETS, maxRatio: 2.5 },
    });
    assert.equal(parseBenchArgs(["--help"]), "help");
    assert.throws(() => parseBenchArgs(["10,x"]), /SIZES: "10,x" is not a comma-separated list/);
    assert.throws(() => parseBenchArgs(["--max-ratio"]), /--max-ratio needs a positive number/);
    assert.throws(() => parseBenchArgs(["--fast"]), /unknown option --fast; allowed: --max-ratio/);
  });
});

describe("npm run bench", () => {
  /** Runs the benchmark on one environment with one timed run per measurement. */
  async function bench(...args: string[]) {
    const child = spawn(process.execPath, ["--import", "tsx", SCRIPT, "1", ...args], {
      cwd: ROOT,
      env: { ...process.env, BENCH_REPEAT: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const [code] = (await once(child, "close")) as [number | null];
    return { code, stdout, stderr };
  }

  // One run (each measurement is a process that plans a synthetic tier): that met targets exit 0 is
  // missedTargets' job, tested above as a pure function.
  it("reports each measurement as it runs, and exits 1 naming a missed target", async () => {
    const run = await bench("--max-ratio", "0.01");
    assert.match(run.stderr, /^bench \[1\/4\] tier, 1 environment \.\.\.$/m);
    assert.match(
      run.stderr,
      /^bench \[1\/4\] tier, 1 environment: \d+ resources, [\d.]+ s \(median of 1\), peak \d+ MiB$/m,
    );
    assert.match(run.stderr, /^bench \[2\/4\] baseline, 1 environment: \d+ resources/m);
    // A dev environment at the tier defaults: its 40 objects and the SleepInfo of the dev default schedule.
    assert.match(run.stderr, /^bench \[3\/4\] environment, 1 environment: 41 resources/m);
    assert.match(run.stderr, /^bench \[4\/4\] platform, 1 environment: \d+ resources/m);
    assert.match(run.stdout, /^ {4}1 +\d+ /m, "the table row of size 1");
    assert.equal(run.code, 1, run.stderr);
    assert.match(
      run.stderr,
      /^bench: missed 1 target\(s\): worst program\/baseline ratio = [\d.]+ \(target <= 0\.01\)$/m,
    );
  });

  it("rejects bad arguments with exit 2 before measuring anything", () => {
    const result = spawnSync(process.execPath, ["--import", "tsx", SCRIPT, "ten"], {
      cwd: ROOT,
      encoding: "utf8",
    });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^bench: SIZES: "ten" is not a comma-separated list/);
    assert.doesNotMatch(result.stderr, /\[1\//);
  });
});
