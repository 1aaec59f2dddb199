/**
 * The one place the program reads its config. `loadStackConfig()` returns a fully-typed,
 * defaults-resolved {@link StackConfig}, or stops the program with every problem listed and no
 * resource registered.
 */
import * as pulumi from "@pulumi/pulumi";
import * as runtimeConfig from "@pulumi/pulumi/runtime/config";
import type { StackConfig } from "./config";
import { ConfigError } from "./errors";
import { CONFIG_NAMESPACE, resolveStackConfig, type RawStackConfig } from "./resolve";

export { CONFIG_NAMESPACE } from "./resolve";

/**
 * Reads the raw config the engine (or the mock runtime) handed to the program. Keys of other
 * namespaces are passed on by name, so the resolver can report a namespace nothing reads.
 */
export function readRawConfig(): RawStackConfig {
  const all = pulumi.runtime.allConfig();
  const values: Record<string, unknown> = {};
  const secretKeys: string[] = [];
  const otherKeys: string[] = [];
  const prefix = `${CONFIG_NAMESPACE}:`;
  for (const [key, text] of Object.entries(all)) {
    if (!key.startsWith(prefix)) {
      otherKeys.push(key);
      continue;
    }
    values[key.slice(prefix.length)] = decode(text);
    if (isConfigSecret(key)) secretKeys.push(key.slice(prefix.length));
  }
  return {
    project: pulumi.getProject(),
    stack: pulumi.getStack(),
    region: all["aws:region"],
    values,
    secretKeys,
    otherKeys: otherKeys.sort(),
  };
}

/** Whether a key was set with `--secret` (the SDK knows; its typings do not declare the function). */
function isConfigSecret(key: string): boolean {
  return (runtimeConfig as unknown as { isConfigSecret(k: string): boolean }).isConfigSecret(key);
}

/**
 * The CLI hands every top-level value over as text: a mapping or list as JSON, YAML null as
 * `null`, and any scalar as its text, whether it was quoted or not (`1.44` and `"1.44"` both
 * arrive as `1.44`). So only mappings, lists and null are decoded: a scalar stays the text the
 * user wrote, and an all-digit Redis token stays a string. Inside a mapping or list, JSON keeps
 * what YAML read: there a number is a number.
 */
function decode(text: string): unknown {
  if (!/^\s*[[{]/.test(text) && text !== "null") return text;
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
