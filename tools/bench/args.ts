/** Command-line arguments of `npm run bench`. */
import { DEFAULT_TARGETS, type BenchTargets } from "./targets";

/** Parsed `bench` arguments. */
export interface BenchArgs {
  /** Environment counts to measure, in order. */
  readonly sizes: number[];
  readonly targets: BenchTargets;
}

/** A bad command line, reported as one line. */
export class BenchArgsError extends Error {}

/** How to call the benchmark. */
export const BENCH_USAGE = [
  "usage: npm run bench -- [SIZES] [--max-ratio R] [--max-scaling S] [--max-peak-mib M] [--max-growth G]",
  "  SIZES            comma-separated environment counts (default 10,50,100,200)",
  `  --max-ratio R    largest tier/baseline time ratio at any size (default ${DEFAULT_TARGETS.maxRatio})`,
  `  --max-scaling S  largest time(200)/time(100) (default ${DEFAULT_TARGETS.maxScaling})`,
  `  --max-peak-mib M largest peak memory of the tier's plan at 200 environments, MiB (default ${DEFAULT_TARGETS.maxPeakMiB})`,
  `  --max-growth G   largest growth of one environment stack's peak memory, 200 vs the smallest size (default ${DEFAULT_TARGETS.maxGrowth})`,
  "Progress goes to stderr as each measurement runs; the table to stdout. Exit 1 when a target is",
  "missed (each one named), 2 for bad arguments. BENCH_REPEAT sets the timed runs per measurement (default 3).",
].join("\n");

const LIMITS: Readonly<Record<string, keyof BenchTargets>> = {
  "--max-ratio": "maxRatio",
  "--max-scaling": "maxScaling",
  "--max-peak-mib": "maxPeakMiB",
  "--max-growth": "maxGrowth",
};

/** Parses `argv` (without node and script); "help" for `--help`; throws BenchArgsError naming the bad argument. */
export function parseBenchArgs(argv: readonly string[]): BenchArgs | "help" {
  let sizes = [10, 50, 100, 200];
  const targets: { -readonly [K in keyof BenchTargets]: number } = { ...DEFAULT_TARGETS };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--help" || arg === "-h") return "help";
    const limit = LIMITS[arg];
    if (limit) {
      const value = argv[++i];
      if (value === undefined || !/^\d+(\.\d+)?$/.test(value) || Number(value) <= 0)
        throw new BenchArgsError(`${arg} needs a positive number, got ${JSON.stringify(value ?? "")}`);
      targets[limit] = Number(value);
    } else if (arg.startsWith("-")) {
      throw new BenchArgsError(`unknown option ${arg}; allowed: ${Object.keys(LIMITS).join(", ")}, --help`);
    } else {
      const parts = arg.split(",");
      if (!parts.every((p) => /^[1-9]\d*$/.test(p)))
        throw new BenchArgsError(
          `SIZES: "${arg}" is not a comma-separated list of environment counts (1 or more)`,
        );
      sizes = parts.map(Number);
    }
  }
  return { sizes, targets };
}
