/**
 * One benchmark measurement in a fresh process (so peak memory is this run's own):
 * `tsx tools/bench/measure.ts <program|baseline> <environments>` prints one JSON line.
 */
import { performance } from "node:perf_hooks";
import { resolve } from "node:path";
import { defineStack } from "../../program";
import { readRawConfig } from "../../stacks/loader";
import { resolveStackConfig } from "../../stacks/resolve";
import { runUnderMocks } from "../engine/run";
import { readStackFiles } from "../plan/stack-files";
import { replayRegistrations } from "./replay";
import { syntheticEnvironments } from "./synthetic";

/** Timed runs per measurement; the median is reported. */
const REPEAT = Number(process.env.BENCH_REPEAT ?? "3");

async function main(mode: string, count: number): Promise<void> {
  const files = readStackFiles(resolve(__dirname, "../.."), "dev");
  const config = {
    ...files.config,
    "game-infra:environments": JSON.stringify(syntheticEnvironments(count)),
    "game-infra:redis": JSON.stringify({
      ...JSON.parse(files.config["game-infra:redis"] ?? "{}"),
      databases: Math.max(64, count + 1),
    }),
  };
  const base = { project: files.project, stack: "dev", config, secretKeys: files.secretKeys };
  const program = () => defineStack(resolveStackConfig(readRawConfig()));
  // Both modes run the program once untimed first, so module loading and JIT warm-up are paid
  // before the clock starts; then each is timed REPEAT times and the median is reported, because
  // one run on a shared 2-core machine is noisy.
  const recorded = await runUnderMocks({ ...base, program });
  const times: number[] = [];
  let resources = 0;
  let generic = 0;
  for (let i = 0; i < REPEAT; i++) {
    global.gc?.();
    const start = performance.now();
    if (mode === "program") {
      resources = (await runUnderMocks({ ...base, program })).resources.length;
    } else if (mode === "baseline") {
      const replay = await runUnderMocks({ ...base, program: () => replayRegistrations(recorded.resources) });
      resources = replay.resources.length;
      generic = replay.outputs.generic;
    } else {
      throw new Error(`mode must be program or baseline, got ${mode}`);
    }
    times.push((performance.now() - start) / 1000);
  }
  const seconds = [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
  const peakMiB = process.resourceUsage().maxRSS / 1024;
  console.log(
    JSON.stringify({ mode, environments: count, resources, seconds, peakMiB, runs: REPEAT, generic }),
  );
}

void main(process.argv[2] ?? "", Number(process.argv[3] ?? "0"));
