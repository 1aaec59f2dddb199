/**
 * The benchmark's targets and whether a run met them (docs/benchmark.md): our code may cost at most
 * 30 % over the flat baseline at any size, doubling the environments from 100 to 200 may at most
 * 2.2x the time (no worse than linear, with noise), and 200 environments must plan in 2 GiB.
 */

/** Limits a run is held to. */
export interface BenchTargets {
  /** Largest program/baseline time ratio at any size. */
  readonly maxRatio: number;
  /** Largest time(200)/time(100). */
  readonly maxScaling: number;
  /** Largest peak memory of the program at 200 environments, MiB. */
  readonly maxPeakMiB: number;
  /** Largest growth of one environment stack's peak memory from the smallest size to 200. */
  readonly maxGrowth: number;
}

/** The targets docs/benchmark.md states. */
export const DEFAULT_TARGETS: BenchTargets = {
  maxRatio: 1.3,
  maxScaling: 2.2,
  maxPeakMiB: 2048,
  maxGrowth: 1.5,
};

/** One size's figures. */
export interface BenchRow {
  readonly environments: number;
  readonly programSeconds: number;
  readonly baselineSeconds: number;
  readonly programPeakMiB: number;
  /** One environment stack's peak memory (absent in runs that do not measure it). */
  readonly environmentPeakMiB?: number;
}

/** One target: its value in this run (absent when the run lacks the sizes it needs) and whether it was met. */
export interface TargetResult {
  /** `worst program/baseline ratio`. */
  readonly name: string;
  readonly value?: number;
  readonly limit: number;
  /** Undefined when not measured (the sizes it needs were not run). */
  readonly met?: boolean;
  /** `worst program/baseline ratio = 1.30 (target <= 1.3)`. */
  readonly text: string;
}

/** Each target's result for `rows` (any sizes; those a target needs may be missing). */
export function evaluateTargets(
  rows: readonly BenchRow[],
  targets: BenchTargets = DEFAULT_TARGETS,
): TargetResult[] {
  const at = (n: number) => rows.find((r) => r.environments === n);
  const [r100, r200] = [at(100), at(200)];
  const smallest = [...rows].sort((a, b) => a.environments - b.environments)[0];
  const result = (
    name: string,
    value: number | undefined,
    limit: number,
    unit = "",
    needs = "",
  ): TargetResult => {
    // Three decimals: 1.306 must not read "1.30 (target <= 1.3)" and pass for met.
    const format = (v: number) => (unit ? `${Math.round(v)}${unit}` : v.toFixed(3));
    if (value === undefined) {
      return { name, limit, text: `${name}: not measured (needs ${needs}; target <= ${limit}${unit})` };
    }
    return {
      name,
      value,
      limit,
      met: value <= limit,
      text: `${name} = ${format(value)} (target <= ${limit}${unit})`,
    };
  };
  const ratios = rows.map((r) => r.programSeconds / r.baselineSeconds);
  return [
    result(
      "worst program/baseline ratio",
      ratios.length > 0 ? Math.max(...ratios) : undefined,
      targets.maxRatio,
      "",
      "a size",
    ),
    result(
      "time(200)/time(100)",
      r100 && r200 ? r200.programSeconds / r100.programSeconds : undefined,
      targets.maxScaling,
      "",
      "sizes 100 and 200",
    ),
    result("peak memory at 200", r200?.programPeakMiB, targets.maxPeakMiB, " MiB", "size 200"),
    result(
      "environment stack peak memory, 200 vs smallest size",
      smallest?.environmentPeakMiB && r200?.environmentPeakMiB && smallest !== r200
        ? r200.environmentPeakMiB / smallest.environmentPeakMiB
        : undefined,
      targets.maxGrowth,
      "",
      "size 200 and a smaller one, with environment stacks measured",
    ),
  ];
}

/** The targets a run missed (measured and over the limit). */
export function missedTargets(results: readonly TargetResult[]): TargetResult[] {
  return results.filter((r) => r.met === false);
}
