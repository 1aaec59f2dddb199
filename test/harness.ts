/**
 * The test harness: runs the whole stack program, or a single component, under the Pulumi mock
 * runtime and returns what was registered (urn, type, name, parent, inputs, options). It uses the
 * same engine as the offline plan (tools/engine).
 */
import { join } from "node:path";
import { defineStack, type StackOutputs } from "../program";
import { readRawConfig } from "../stacks/loader";
import { resolveStackConfig } from "../stacks/resolve";
import type { StackConfig } from "../stacks/config";
import { ConfigError } from "../stacks/errors";
import type { RecordedResource } from "../tools/engine/recorder";
import { runUnderMocks } from "../tools/engine/run";
import { readStackFiles } from "../tools/plan/stack-files";

export { resolveOutputs, valueOf } from "../tools/engine/run";
export type { RecordedResource } from "../tools/engine/recorder";

/** The repository root (where the Pulumi.*.yaml files are). */
export const ROOT = join(__dirname, "..");

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

/** Runs the whole stack program for `stack` with its committed config plus `overrides`. */
export async function runStack(
  stack: string,
  overrides: ConfigOverrides = {},
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
