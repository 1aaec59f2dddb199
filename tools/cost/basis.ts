/**
 * What an environment's monthly cost is priced from without a plan (the launcher's list): the
 * tier's platform config resolved from `Pulumi.<tier>.yaml` (as `tools/envs/platform-settings.ts`
 * resolves it), its game pool as `lib/cost/pool.ts` `poolBasisFromConfig` sees it, the tier's default
 * sleep schedule over its working hours, and the region's price table.
 */
import { BOTTLEROCKET_OS_VOLUME } from "../../lib/karpenter";
import { poolBasisFromConfig, type GamePoolBasis } from "../../lib/cost/pool";
import { PriceTableError } from "../../lib/cost/prices";
import { defaultSchedule, type Awake } from "../../lib/cost/schedule";
import { parseBytes } from "../../lib/quantity";
import { poolSizing } from "../../lib/sizing";
import { readRawConfig } from "../../stacks/loader";
import { resolveStackConfig } from "../../stacks/resolve";
import type { TierName } from "../../stacks/tier";
import { TIERS } from "../../stacks/tiers";
import { runUnderMocks } from "../engine/run";
import { readStackFiles } from "../plan/stack-files";
import { loadPriceTable, type LoadedPrices } from "./load";

/** Everything an environment's cost needs from its tier, or why it cannot be had. */
export type CostBasis =
  | { readonly basis: GamePoolBasis; readonly prices: LoadedPrices; readonly awake: Awake }
  | { readonly error: string };

/** The tier's cost basis from its stack file; a config or price table problem becomes `error`. */
export async function platformCostBasis(root: string, tier: TierName): Promise<CostBasis> {
  const files = readStackFiles(root, tier);
  const run = await runUnderMocks({
    project: files.project,
    stack: tier,
    config: files.config,
    secretKeys: files.secretKeys,
    program: (): { error: string } | { region: string; basis: GamePoolBasis; awake: Awake } => {
      const config = resolveStackConfig(readRawConfig());
      const pool = config.nodePools.find((p) => p.name === "game");
      if (!pool || pool.provisioner !== "karpenter") {
        return { error: `the ${tier} platform has no Karpenter game pool to price environments on` };
      }
      const sizing = poolSizing(pool.instanceTypes);
      const basis = poolBasisFromConfig(
        pool,
        {
          kubeReservedCpuMillicores: sizing.kubeReservedCpuMillicores,
          kubeReservedMemoryMiB: sizing.kubeReservedMemoryMiB,
          evictionHardMemoryMiB: sizing.evictionHardMemoryMiB,
        },
        (parseBytes(BOTTLEROCKET_OS_VOLUME) ?? 0) / 2 ** 30,
        config.logging.requests.collector,
      );
      return {
        region: config.region,
        basis,
        awake: defaultSchedule(TIERS[tier].environments.sleep.schedule, config.karpenter.workingHours),
      };
    },
  });
  const outputs = run.outputs;
  if ("error" in outputs) return { error: outputs.error };
  try {
    return { basis: outputs.basis, awake: outputs.awake, prices: loadPriceTable(root, outputs.region) };
  } catch (err) {
    if (err instanceof PriceTableError) return { error: err.message };
    throw err;
  }
}
