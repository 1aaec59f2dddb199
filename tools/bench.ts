/**
 * `npm run bench -- [SIZES] [--max-ratio R] [--max-scaling S] [--max-peak-mib M]`: cost of the
 * offline plan as environments grow. For 10, 50, 100 and 200 synthetic dev environments it runs the
 * whole program under the mock runtime, and a flat baseline that registers the identical resources
 * directly, each in its own process, and prints resources, wall seconds, peak memory and resources
 * per second, with the ratio between them. A run takes minutes, so each measurement reports on
 * stderr as it goes. Targets (tools/bench/targets.ts): ratio <= 1.3, time(200) / time(100) <= 2.2,
 * peak memory at 200 <= 2 GiB; a missed target is named and the exit code is 1.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { BENCH_USAGE, BenchArgsError, parseBenchArgs } from "./bench/args";
import { evaluateTargets, missedTargets, type BenchRow } from "./bench/targets";

interface Measurement {
  mode: string;
  environments: number;
  resources: number;
  seconds: number;
  peakMiB: number;
  /** Timed runs the median is taken over. */
  runs: number;
  /** Baseline resources replayed without their SDK class (should be 0 for a fair comparison). */
  generic: number;
}

function measure(mode: string, environments: number): Measurement {
  const result = spawnSync(
    process.execPath,
    ["--import", "tsx", "--expose-gc", join(__dirname, "bench", "measure.ts"), mode, String(environments)],
    {
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  const line = result.stdout.trim().split("\n").pop() ?? "";
  if (result.status !== 0 || !line.startsWith("{")) {
    throw new Error(`bench ${mode} ${environments} failed (exit ${result.status}):\n${result.stderr}`);
  }
  return JSON.parse(line) as Measurement;
}

function main(argv: readonly string[]): number {
  let parsed;
  try {
    parsed = parseBenchArgs(argv);
  } catch (err) {
    if (!(err instanceof BenchArgsError)) throw err;
    console.error(`bench: ${err.message}\n${BENCH_USAGE}`);
    return 2;
  }
  if (parsed === "help") {
    console.log(BENCH_USAGE);
    return 0;
  }
  const { sizes, targets } = parsed;
  const progress = (text: string) => process.stderr.write(`bench ${text}\n`);
  const total = sizes.length * 2;
  let done = 0;
  const timed = (mode: string, n: number): Measurement => {
    const step = `[${++done}/${total}] ${mode}, ${n} environment${n === 1 ? "" : "s"}`;
    progress(`${step} ...`);
    const m = measure(mode, n);
    progress(
      `${step}: ${m.resources} resources, ${m.seconds.toFixed(2)} s (median of ${m.runs}), peak ${Math.round(m.peakMiB)} MiB`,
    );
    return m;
  };
  const rows: Array<{ n: number; program: Measurement; baseline: Measurement }> = [];
  for (const n of sizes) rows.push({ n, program: timed("program", n), baseline: timed("baseline", n) });

  const pad = (v: string | number, w: number) => String(v).padStart(w);
  console.log(
    `${pad("envs", 5)} ${pad("resources", 9)} ${pad("program s", 10)} ${pad("baseline s", 10)} ${pad("ratio", 6)} ${pad("res/s", 7)} ${pad("peak MiB", 9)} ${pad("base MiB", 9)}`,
  );
  for (const { n, program, baseline } of rows) {
    if (program.resources !== baseline.resources)
      throw new Error(`baseline registered ${baseline.resources}, program ${program.resources}`);
    console.log(
      `${pad(n, 5)} ${pad(program.resources, 9)} ${pad(program.seconds.toFixed(2), 10)} ${pad(baseline.seconds.toFixed(2), 10)} ${pad((program.seconds / baseline.seconds).toFixed(2), 6)} ${pad(Math.round(program.resources / program.seconds), 7)} ${pad(Math.round(program.peakMiB), 9)} ${pad(Math.round(baseline.peakMiB), 9)}`,
    );
  }
  const results = evaluateTargets(
    rows.map(({ n, program, baseline }): BenchRow => ({
      environments: n,
      programSeconds: program.seconds,
      baselineSeconds: baseline.seconds,
      programPeakMiB: program.peakMiB,
    })),
    targets,
  );
  console.log("");
  for (const r of results) console.log(r.text);
  const missed = missedTargets(results);
  if (missed.length === 0) return 0;
  console.error(`bench: missed ${missed.length} target(s): ${missed.map((r) => r.text).join("; ")}`);
  return 1;
}

process.exitCode = main(process.argv.slice(2));
