/**
 * The settings a tier's platform stack exports for its environments, computed offline from its
 * stack file (the same function the platform program exports them with), so the registry can be
 * checked without planning or deploying anything.
 */
import { readRawConfig } from "../../stacks/loader";
import { resolveStackConfig } from "../../stacks/resolve";
import { environmentSettingsFromConfig, type EnvironmentSettings } from "../../stacks/environment-settings";
import type { TierName } from "../../stacks/tier";
import { runUnderMocks } from "../engine/run";
import { readStackFiles } from "../plan/stack-files";

/** Resolves `Pulumi.<tier>.yaml` (or `configFile`) and returns its environment settings; throws ConfigError. */
export async function platformSettings(
  root: string,
  tier: TierName,
  configFile?: string,
): Promise<EnvironmentSettings> {
  const files = readStackFiles(root, tier, configFile);
  const run = await runUnderMocks({
    project: files.project,
    stack: tier,
    config: files.config,
    secretKeys: files.secretKeys,
    program: () => environmentSettingsFromConfig(resolveStackConfig(readRawConfig())),
  });
  return run.outputs;
}
