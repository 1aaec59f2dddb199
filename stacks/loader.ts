/**
 * The one place the program reads its config. `loadStackConfig()` returns a fully-typed,
 * defaults-resolved {@link StackConfig}, or stops the program with every problem listed and no
 * resource registered.
 */
import * as pulumi from "@pulumi/pulumi";
import * as runtimeConfig from "@pulumi/pulumi/runtime/config";
import type { StackConfig } from "./config";
import { ConfigError } from "./errors";
import { resolveStackConfig, type RawStackConfig } from "./resolve";

/** The config namespace of this project (`game-infra:<key>`). */
export const CONFIG_NAMESPACE = "game-infra";

/**
 * Reads the raw config the engine (or the mock runtime) handed to the program. Structured values
 * arrive as JSON text; scalars as plain text.
 */
export function readRawConfig(): RawStackConfig {
  const all = pulumi.runtime.allConfig();
  const values: Record<string, unknown> = {};
  const secretKeys: string[] = [];
  const prefix = `${CONFIG_NAMESPACE}:`;
  for (const [key, text] of Object.entries(all)) {
    if (!key.startsWith(prefix)) continue;
    values[key.slice(prefix.length)] = decode(text);
    if (isConfigSecret(key)) secretKeys.push(key.slice(prefix.length));
  }
  return {
    project: pulumi.getProject(),
    stack: pulumi.getStack(),
    region: all["aws:region"],
    values,
    secretKeys,
  };
}

/** Whether a key was set with `--secret` (the SDK knows; its typings do not declare the function). */
function isConfigSecret(key: string): boolean {
  return (runtimeConfig as unknown as { isConfigSecret(k: string): boolean }).isConfigSecret(key);
}

function decode(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Loads and validates the stack config. A user's mistake ends the program as a `RunError`, which
 * the Pulumi CLI prints as the message alone, without a stack trace.
 */
export function loadStackConfig(): StackConfig {
  try {
    return resolveStackConfig(readRawConfig());
  } catch (err) {
    if (err instanceof ConfigError) throw new pulumi.RunError(err.message);
    throw err;
  }
}
