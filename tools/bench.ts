/**
 * `npm run bench -- [SIZES] [--max-ratio R] [--max-scaling S] [--max-peak-mib M] [--max-growth G]`:
 * cost of the offline plan as a tier's environments grow. For 10, 50, 100 and 200 synthetic dev
 * environments (each its own stack) it measures, each in its own process: the whole tier's plan
 * (platform, then every environment stack), a flat baseline that registers the identical resources
 * stack by stack, one environment stack's plan, and the platform stack's plan; and it prints how
 * many resources the engine visits to launch one environment, against the old layout's one stack
 * per tier. A run takes minutes, so each measurement reports on stderr as it goes. Targets
 * (tools/bench/targets.ts): tier/baseline <= 1.3, time(200) / time(100) <= 2.2, peak memory at 200
 * <= 2 GiB, and an environment stack's peak memory flat (at 200 at most 1.5x at 10); a missed target
 * is named and the exit code is 1.
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
  const modes = ["tier", "baseline", "environment", "platform"] as const;
  const total = sizes.length * modes.length;
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
  type Row = { n: number } & Record<(typeof modes)[number], Measurement>;
  const rows: Row[] = [];
  for (const n of sizes) {
    const row = { n } as Row;
    for (const mode of modes) row[mode] = timed(mode, n);
    rows.push(row);
  }

  const pad = (v: string | number, w: number) => String(v).padStart(w);
  console.log(
    [
      pad("envs", 5),
      pad("resources", 9),
      pad("tier s", 7),
      pad("flat s", 7),
      pad("ratio", 6),
      pad("tier MiB", 9),
      pad("env s", 6),
      pad("env MiB", 8),
      pad("platform s", 10),
      pad("platform MiB", 12),
      pad("launch visits", 13),
    ].join(" "),
  );
  for (const { n, tier, baseline, environment, platform } of rows) {
    if (tier.resources !== baseline.resources)
      throw new Error(`baseline registered ${baseline.resources}, the tier ${tier.resources}`);
    // To launch one environment the engine visits its stack's resources; in the old layout, every
    // resource of the tier's one stack.
    const visits = tier.resources / environment.resources;
    console.log(
      [
        pad(n, 5),
        pad(tier.resources, 9),
        pad(tier.seconds.toFixed(2), 7),
        pad(baseline.seconds.toFixed(2), 7),
        pad((tier.seconds / baseline.seconds).toFixed(2), 6),
        pad(Math.round(tier.peakMiB), 9),
        pad(environment.seconds.toFixed(2), 6),
        pad(Math.round(environment.peakMiB), 8),
        pad(platform.seconds.toFixed(2), 10),
        pad(Math.round(platform.peakMiB), 12),
        pad(`1/${visits.toFixed(1)}`, 13),
      ].join(" "),
    );
  }
  const results = evaluateTargets(
    rows.map(({ n, tier, baseline, environment }): BenchRow => ({
      environments: n,
      programSeconds: tier.seconds,
      baselineSeconds: baseline.seconds,
      programPeakMiB: tier.peakMiB,
      environmentPeakMiB: environment.peakMiB,
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
