/**
 * What `pulumi up -s <tier>.<env>` runs in this project: reads the platform stack through a
 * StackReference, validates the tier's whole registry against the platform's settings, and defines
 * the one environment the stack is named after. A user's mistake (a bad stack name, a registry
 * problem, a platform that is not deployed yet) ends the program as a `RunError`: its message alone,
 * no stack trace, and nothing created.
 */
import * as pulumi from "@pulumi/pulumi";
import { todayUtc } from "../lib/dates";
import { environmentFilePath, readRegistrySource } from "../stacks/registry";
import { parseEnvironmentStackName, platformStackReference } from "../lib/naming";
import { parseEnvironmentSettings, PLATFORM_OUTPUTS } from "../stacks/environment-settings";
import { RegistryError, resolveRegistry, type Registry } from "../stacks/resolve-registry";
import { TIER_NAMES, type TierName } from "../stacks/tier";
import { defineEnvironmentStack, type EnvironmentStackOutputs, type PlatformRuntime } from "./program";

/** Where the registry is read from, and what day it is (lifetimes are measured from it). */
export interface EnvironmentStackOptions {
  /** The repository root (holds `environments/`). */
  readonly root: string;
  /** @default today in UTC */
  readonly today?: string;
  /**
   * The tier's registry, already validated against this platform's settings (the offline tier
   * planner resolves it once for all of a tier's stacks). @default read and validated here
   */
  readonly registry?: Registry;
}

/** A user-facing problem with an environment stack (its name, its platform, its registry file). */
export class EnvironmentStackError extends Error {
  override readonly name = "EnvironmentStackError";
}

/**
 * Runs the environment program for the current stack under the real engine: problems a user can fix
 * end it as a `RunError` (the message, no stack trace).
 */
export async function environmentStackProgram(
  options: EnvironmentStackOptions,
): Promise<EnvironmentStackOutputs> {
  try {
    return await environmentStack(options);
  } catch (err) {
    if (err instanceof EnvironmentStackError || err instanceof RegistryError) {
      throw new pulumi.RunError(err.message);
    }
    throw err;
  }
}

/**
 * Defines the current stack's environment; throws {@link EnvironmentStackError} or `RegistryError`
 * for problems a user can fix (the offline plan reports those as such).
 */
export async function environmentStack(options: EnvironmentStackOptions): Promise<EnvironmentStackOutputs> {
  const stack = pulumi.getStack();
  const parsed = parseEnvironmentStackName(stack);
  if (!parsed || !(TIER_NAMES as readonly string[]).includes(parsed.tier)) {
    throw new EnvironmentStackError(
      `stack "${stack}" is not an environment stack: its name must be <tier>.<environment> with tier one of ${TIER_NAMES.join(", ")} (for example dev.dev1)`,
    );
  }
  const tier = parsed.tier as TierName;
  const platformName = platformStackReference(pulumi.getOrganization(), tier);
  const platform = new pulumi.StackReference("platform", { name: platformName });
  const details = await platform.getOutputDetails(PLATFORM_OUTPUTS.settings);
  const settings = parseEnvironmentSettings(details.value ?? details.secretValue, platformName);
  if (typeof settings === "string") throw new EnvironmentStackError(settings);

  const registry =
    options.registry?.tier === tier
      ? options.registry
      : resolveRegistry(readRegistrySource(options.root, tier), {
          settings,
          today: options.today ?? todayUtc(),
        });
  const environment = registry.environments.find((env) => env.name === parsed.environment);
  if (!environment) {
    throw new EnvironmentStackError(
      `stack ${stack} has no registry file: ${environmentFilePath(tier, parsed.environment)} does not exist (create it with npm run env -- create ${tier}/${parsed.environment}, or destroy this stack if the environment was removed)`,
    );
  }
  return defineEnvironmentStack(environment, settings, platformRuntime(platform));
}

/** The platform's runtime values, as Outputs of the StackReference. */
function platformRuntime(platform: pulumi.StackReference): PlatformRuntime {
  const dataStores = platform.requireOutput(PLATFORM_OUTPUTS.dataStores) as pulumi.Output<{
    mysql: { endpoint: string };
    redis: { endpoint: string; authSecretArn: string };
  }>;
  return {
    kubeconfig: pulumi.secret(platform.requireOutput(PLATFORM_OUTPUTS.kubeconfig) as pulumi.Output<string>),
    certificateArn: platform.requireOutput(PLATFORM_OUTPUTS.certificateArn) as pulumi.Output<string>,
    mysqlEndpoint: dataStores.apply((d) => d.mysql.endpoint),
    redisEndpoint: dataStores.apply((d) => d.redis.endpoint),
    redisAuthSecretArn: dataStores.apply((d) => d.redis.authSecretArn),
  };
}
