/**
 * One benchmark measurement in a fresh process (so peak memory is this run's own):
 * `tsx tools/bench/measure.ts <mode> <environments>` prints one JSON line. Modes, on a synthetic dev
 * tier of N environments (tools/bench/synthetic.ts):
 * - `tier`: the whole tier's offline plan (platform stack, then every environment stack);
 * - `baseline`: the same registrations replayed flat, stack by stack (same SDK classes, names,
 *   parents and inputs), with none of our config loading, validation or components;
 * - `environment`: one environment stack's plan (the registry of N checked as a whole, as the real
 *   program does), against the platform's planned outputs;
 * - `platform`: the platform stack's plan alone.
 */
import { rmSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { resolve } from "node:path";
import { ENVIRONMENT_PROJECT, platformStackReference } from "../../lib/naming";
import { runUnderMocks } from "../engine/run";
import type { RecordedResource } from "../engine/recorder";
import { buildPlatformPlan } from "../plan/build";
import { buildEnvironmentPlan, OFFLINE_ORGANIZATION } from "../plan/build-environment";
import { buildTierPlans } from "../plan/tier";
import { readStackFiles } from "../plan/stack-files";
import { replayRegistrations } from "./replay";
import { BENCH_TODAY, syntheticTierRoot } from "./synthetic";

/** Timed runs per measurement; the median is reported. */
const REPEAT = Number(process.env.BENCH_REPEAT ?? "3");

async function main(mode: string, count: number): Promise<void> {
  const root = syntheticTierRoot(resolve(__dirname, "../.."), count);
  try {
    const measure = await runner(mode, root, count);
    // Every mode runs once untimed first, so module loading and JIT warm-up are paid before the
    // clock starts; then it is timed REPEAT times and the median is reported (a shared 2-core
    // machine is noisy).
    await measure();
    const times: number[] = [];
    let resources = 0;
    for (let i = 0; i < REPEAT; i++) {
      global.gc?.();
      const start = performance.now();
      resources = await measure();
      times.push((performance.now() - start) / 1000);
    }
    const seconds = [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
    const peakMiB = process.resourceUsage().maxRSS / 1024;
    console.log(JSON.stringify({ mode, environments: count, resources, seconds, peakMiB, runs: REPEAT }));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** What one timed run of `mode` does; it returns how many resources it registered. */
async function runner(mode: string, root: string, count: number): Promise<() => Promise<number>> {
  const tier = () => buildTierPlans({ root, tier: "dev", today: BENCH_TODAY });
  if (mode === "tier") {
    return async () => {
      const plans = await tier();
      return (
        plans.platform.resources.length +
        [...plans.environments.values()].reduce((n, p) => n + p.resources.length, 0)
      );
    };
  }
  if (mode === "platform")
    return async () => (await buildPlatformPlan({ root, stack: "dev" })).plan.resources.length;
  const platform = (await buildPlatformPlan({ root, stack: "dev" })).reference;
  if (mode === "environment") {
    return async () =>
      (
        await buildEnvironmentPlan({
          registryRoot: root,
          tier: "dev",
          environment: "bench-001",
          platform,
          today: BENCH_TODAY,
        })
      ).resources.length;
  }
  if (mode === "baseline") {
    // Record every stack's registrations once, then replay them stack by stack, as a flat program
    // that knows nothing but the resources would.
    const files = readStackFiles(root, "dev");
    const stacks: Array<{
      project: string;
      stack: string;
      config: Record<string, string>;
      recorded: RecordedResource[];
    }> = [];
    const platformRun = await runUnderMocks({
      project: files.project,
      stack: "dev",
      config: files.config,
      secretKeys: files.secretKeys,
      program: async () =>
        (await import("../../program")).defineStack(
          (await import("../../stacks/resolve")).resolveStackConfig(
            (await import("../../stacks/loader")).readRawConfig(),
          ),
        ),
    });
    stacks.push({
      project: files.project,
      stack: "dev",
      config: files.config,
      recorded: platformRun.resources,
    });
    const { environmentStack } = await import("../../environment/main");
    for (let i = 0; i < count; i++) {
      const stack = `dev.bench-${String(i + 1).padStart(3, "0")}`;
      const run = await runUnderMocks({
        project: ENVIRONMENT_PROJECT,
        stack,
        config: {},
        organization: OFFLINE_ORGANIZATION,
        stackReferences: { [platformStackReference(OFFLINE_ORGANIZATION, "dev")]: platform },
        program: () => environmentStack({ root, today: BENCH_TODAY }),
      });
      stacks.push({ project: ENVIRONMENT_PROJECT, stack, config: {}, recorded: run.resources });
    }
    return async () => {
      let resources = 0;
      for (const s of stacks) {
        const replay = await runUnderMocks({
          project: s.project,
          stack: s.stack,
          config: s.config,
          organization: OFFLINE_ORGANIZATION,
          stackReferences: { [platformStackReference(OFFLINE_ORGANIZATION, "dev")]: platform },
          program: () => replayRegistrations(s.recorded),
        });
        resources += replay.resources.length;
      }
      return resources;
    };
  }
  throw new Error(`mode must be tier, baseline, environment or platform, got ${mode}`);
}

void main(process.argv[2] ?? "", Number(process.argv[3] ?? "0"));
