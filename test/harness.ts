/**
 * The test harness: runs the whole stack program, or a single component, under the Pulumi mock
 * runtime and returns what was registered (urn, type, name, parent, inputs, options). It uses the
 * same engine as the offline plan (tools/engine).
 */
import { ROOT, TEST_TODAY } from "./paths";
import { defineStack, type StackOutputs } from "../program";
import { readRawConfig } from "../stacks/loader";
import { resolveStackConfig } from "../stacks/resolve";
import type { StackConfig } from "../stacks/config";
import { ConfigError } from "../stacks/errors";
import type { RecordedResource } from "../tools/engine/recorder";
import { runUnderMocks } from "../tools/engine/run";
import { readStackFiles } from "../tools/plan/stack-files";
import { stringify } from "yaml";
import { environmentStack } from "../environment/main";
import type { EnvironmentStackOutputs } from "../environment/program";
import { ENVIRONMENT_PROJECT, environmentStackName, platformStackReference } from "../lib/naming";
import type { EnvironmentConfig } from "../stacks/config";
import { environmentSettingsFromConfig, type EnvironmentSettings } from "../stacks/environment-settings";
import { environmentFilePath, readRegistrySource, retiredFilePath } from "../stacks/registry";
import {
  RegistryError,
  resolveRegistry,
  type Registry,
  type RegistrySource,
} from "../stacks/resolve-registry";
import type { TierName } from "../stacks/tier";
import type { StackReferenceAnswer } from "../tools/engine/run";
import { buildPlatformPlan } from "../tools/plan/build";
import { OFFLINE_ORGANIZATION } from "../tools/plan/build-environment";

export { ROOT, TEST_TODAY };
export { resolveOutputs, valueOf } from "../tools/engine/run";
export type { RecordedResource } from "../tools/engine/recorder";

/** What a mock run registered, with finders that fail loudly when nothing matches. */
export class Registered {
  constructor(readonly resources: readonly RecordedResource[]) {}

  /** Every resource of a type token (`aws:ec2/vpc:Vpc`). */
  ofType(type: string): RecordedResource[] {
    return this.resources.filter((r) => r.type === type);
  }

  /** The one resource of `type` whose name is `name` (or ends with `-<name>`); throws otherwise. */
  one(type: string, name?: string): RecordedResource {
    const matches = this.ofType(type).filter(
      (r) => name === undefined || r.name === name || r.name.endsWith(`-${name}`),
    );
    if (matches.length !== 1) {
      const names = this.ofType(type).map((r) => r.name);
      throw new Error(
        `expected one ${type}${name ? ` named ${name}` : ""}, found ${matches.length}: ${names.join(", ")}`,
      );
    }
    return matches[0]!;
  }

  /** The resource with this URN; throws if absent. */
  byUrn(urn: string): RecordedResource {
    const found = this.resources.find((r) => r.urn === urn);
    if (!found) throw new Error(`no resource with urn ${urn}`);
    return found;
  }

  /** Direct children of a resource. */
  childrenOf(urn: string): RecordedResource[] {
    return this.resources.filter((r) => r.parent === urn);
  }
}

/** Config overrides: short `game-infra` keys (or full `ns:key`) to values; `undefined` removes a key. */
export type ConfigOverrides = Readonly<Record<string, unknown>>;

/** A stack's config files as the engine would pass them, with overrides applied. */
export function stackConfig(
  stack: string,
  overrides: ConfigOverrides = {},
): { project: string; config: Record<string, string>; secretKeys: string[] } {
  const files = readStackFiles(ROOT, stack);
  const config = { ...files.config };
  for (const [key, value] of Object.entries(overrides)) {
    const fullKey = key.includes(":") ? key : `${files.project}:${key}`;
    if (value === undefined) delete config[fullKey];
    else config[fullKey] = typeof value === "string" ? value : JSON.stringify(value);
  }
  return { project: files.project, config, secretKeys: files.secretKeys };
}

/** Resolves a stack's config (with overrides) exactly as the program does; throws `ConfigError`. */
export async function loadConfig(stack: string, overrides: ConfigOverrides = {}): Promise<StackConfig> {
  const { project, config, secretKeys } = stackConfig(stack, overrides);
  const run = await runUnderMocks({
    project,
    stack,
    config,
    secretKeys,
    program: () => resolveStackConfig(readRawConfig()),
  });
  return run.outputs;
}

/** The issues a config produces; fails (throws) if the config is accepted. */
export async function configIssues(
  stack: string,
  overrides: ConfigOverrides,
): Promise<Array<{ path: string; message: string }>> {
  try {
    await loadConfig(stack, overrides);
  } catch (err) {
    if (err instanceof ConfigError) return [...err.issues];
    throw err;
  }
  throw new Error(`the ${stack} config with these overrides was accepted: ${JSON.stringify(overrides)}`);
}

/**
 * Runs the whole stack program for `stack` with its committed config plus `overrides`. Without
 * overrides the run is shared by every test of the process: treat what it returns as read-only.
 */
export async function runStack(
  stack: string,
  overrides: ConfigOverrides = {},
): Promise<{ registered: Registered; outputs: StackOutputs; config: StackConfig }> {
  // A committed stack without overrides runs once per test process: many files read the same run.
  if (Object.keys(overrides).length === 0) {
    let run = committedRuns.get(stack);
    if (!run) {
      run = runStackNow(stack, overrides);
      committedRuns.set(stack, run);
    }
    return run;
  }
  return runStackNow(stack, overrides);
}

const committedRuns = new Map<string, ReturnType<typeof runStackNow>>();

async function runStackNow(
  stack: string,
  overrides: ConfigOverrides,
): Promise<{ registered: Registered; outputs: StackOutputs; config: StackConfig }> {
  const { project, config, secretKeys } = stackConfig(stack, overrides);
  const run = await runUnderMocks({
    project,
    stack,
    config,
    secretKeys,
    program: () => {
      const resolved = resolveStackConfig(readRawConfig());
      return { config: resolved, outputs: defineStack(resolved) };
    },
  });
  return {
    registered: new Registered(run.resources),
    outputs: run.outputs.outputs,
    config: run.outputs.config,
  };
}

/** Runs `program` (typically one component) under mocks with the given stack's config available. */
export async function runComponent<T>(
  program: () => T,
  options: { stack?: string; overrides?: ConfigOverrides } = {},
): Promise<{ registered: Registered; outputs: T }> {
  const stack = options.stack ?? "dev";
  const { project, config, secretKeys } = stackConfig(stack, options.overrides);
  const run = await runUnderMocks({ project, stack, config, secretKeys, program });
  return { registered: new Registered(run.resources), outputs: run.outputs };
}

/** Loads a committed stack's resolved config without running anything else. */
export async function devConfig(): Promise<StackConfig> {
  return loadConfig("dev");
}

/** The settings a tier's platform exports for its environments, from its committed config (plus overrides). */
export async function environmentSettings(
  tier: TierName,
  overrides: ConfigOverrides = {},
): Promise<EnvironmentSettings> {
  return environmentSettingsFromConfig(await loadConfig(tier, overrides));
}

/**
 * A registry for `tier` made of `files` (environment name to its settings, as an object or as YAML
 * text; `retired` for the retired-DB list), validated as the program validates the committed one.
 */
export function registrySource(
  tier: TierName,
  files: Readonly<Record<string, unknown>>,
  retired?: unknown,
): RegistrySource {
  const text = (value: unknown) => (typeof value === "string" ? value : stringify(value));
  return {
    tier,
    environments: new Map(
      Object.entries(files).map(([name, value]) => [
        name,
        { path: environmentFilePath(tier, name), text: text(value) },
      ]),
    ),
    ...(retired !== undefined ? { retired: { path: retiredFilePath(tier), text: text(retired) } } : {}),
  };
}

/** Resolves a test registry against the tier's committed platform settings; throws `RegistryError`. */
export async function resolveTestRegistry(
  tier: TierName,
  files: Readonly<Record<string, unknown>>,
  options: { retired?: unknown; settings?: Partial<EnvironmentSettings>; today?: string } = {},
): Promise<Registry> {
  const settings = { ...(await environmentSettings(tier)), ...options.settings };
  return resolveRegistry(registrySource(tier, files, options.retired), {
    settings,
    today: options.today ?? TEST_TODAY,
  });
}

/** The problems a test registry has; fails (throws) if it is accepted. */
export async function registryIssues(
  tier: TierName,
  files: Readonly<Record<string, unknown>>,
  options: { retired?: unknown; settings?: Partial<EnvironmentSettings>; today?: string } = {},
): Promise<Array<{ path: string; message: string }>> {
  try {
    await resolveTestRegistry(tier, files, options);
  } catch (err) {
    if (err instanceof RegistryError) return [...err.issues];
    throw err;
  }
  throw new Error(`the ${tier} registry was accepted: ${JSON.stringify(files)}`);
}

/** The committed registry of a tier (`environments/<tier>/`), resolved. */
export async function committedRegistry(tier: TierName): Promise<Registry> {
  return resolveRegistry(readRegistrySource(ROOT, tier), {
    settings: await environmentSettings(tier),
    today: TEST_TODAY,
  });
}

/** One committed environment's resolved config. */
export async function committedEnvironment(tier: TierName, name: string): Promise<EnvironmentConfig> {
  const found = (await committedRegistry(tier)).environments.find((e) => e.name === name);
  if (!found) throw new Error(`no committed environment ${tier}/${name}`);
  return found;
}

const platformReferences = new Map<string, Promise<StackReferenceAnswer>>();

/** What a StackReference to the tier's platform reads (its offline plan's outputs), built once per process. */
export function platformReference(tier: TierName): Promise<StackReferenceAnswer> {
  let answer = platformReferences.get(tier);
  if (!answer) {
    answer = buildPlatformPlan({ root: ROOT, stack: tier }).then((built) => built.reference);
    platformReferences.set(tier, answer);
  }
  return answer;
}

/**
 * Runs the environment stack `<tier>.<name>` under mocks, against the tier's planned platform, with
 * the registry at `registryRoot` (default: the repository's).
 */
export async function runEnvironmentStack(
  tier: TierName,
  name: string,
  options: { registryRoot?: string; today?: string; platform?: StackReferenceAnswer } = {},
): Promise<{ registered: Registered; outputs: EnvironmentStackOutputs }> {
  const platform = options.platform ?? (await platformReference(tier));
  const run = await runUnderMocks({
    project: ENVIRONMENT_PROJECT,
    stack: environmentStackName(tier, name),
    config: {},
    organization: OFFLINE_ORGANIZATION,
    stackReferences: { [platformStackReference(OFFLINE_ORGANIZATION, tier)]: platform },
    program: () =>
      environmentStack({ root: options.registryRoot ?? ROOT, today: options.today ?? TEST_TODAY }),
  });
  return { registered: new Registered(run.resources), outputs: run.outputs };
}
