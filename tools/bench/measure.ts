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
  let resources: number;
  let seconds: number;
  let generic = 0;
  // Both modes run the program once untimed first, so module loading and JIT warm-up are paid
  // before the clock starts and the two timings compare like with like.
  const recorded = await runUnderMocks({ ...base, program });
  global.gc?.();
  if (mode === "program") {
    const start = performance.now();
    const run = await runUnderMocks({ ...base, program });
    seconds = (performance.now() - start) / 1000;
    resources = run.resources.length;
  } else if (mode === "baseline") {
    const start = performance.now();
    const replay = await runUnderMocks({ ...base, program: () => replayRegistrations(recorded.resources) });
    seconds = (performance.now() - start) / 1000;
    resources = replay.resources.length;
    generic = replay.outputs.generic;
  } else {
    throw new Error(`mode must be program or baseline, got ${mode}`);
  }
  const peakMiB = process.resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify({ mode, environments: count, resources, seconds, peakMiB, generic }));
}

void main(process.argv[2] ?? "", Number(process.argv[3] ?? "0"));
