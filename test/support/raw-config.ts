/**
 * A committed stack's config as `stacks/loader.ts` hands it to `resolveStackConfig`, read straight
 * from the YAML files, without the Pulumi mock runtime: the fast way to test config rules
 * (test/harness.ts `configIssues` runs the same resolver under mocks, at several seconds a file).
 */
import { join } from "node:path";
import { readStackFiles } from "../../tools/plan/stack-files";
import { CONFIG_NAMESPACE, resolveStackConfig, type RawStackConfig } from "../../stacks/resolve";
import { ConfigError } from "../../stacks/errors";
import type { StackConfig } from "../../stacks/config";

const ROOT_DIR = join(__dirname, "..", "..");

/** The committed stack files, read once per process (they do not change during a test run). */
const stackFiles = new Map<string, ReturnType<typeof readStackFiles>>();

/** Short keys to values (objects as objects, scalars as the CLI's text); `undefined` removes a key. */
export type RawOverrides = Readonly<Record<string, unknown>>;

/**
 * The raw config of `stack` with `overrides` applied. Like the CLI, a mapping or list arrives
 * decoded and a scalar as its text; `secretKeys` are the short keys set with `--secret`.
 */
export function rawStackConfig(
  stack: string,
  overrides: RawOverrides = {},
  options: { secretKeys?: readonly string[]; otherKeys?: readonly string[]; region?: string | null } = {},
): RawStackConfig {
  let files = stackFiles.get(stack);
  if (!files) {
    files = readStackFiles(ROOT_DIR, stack);
    stackFiles.set(stack, files);
  }
  const prefix = `${CONFIG_NAMESPACE}:`;
  const values: Record<string, unknown> = {};
  const otherKeys: string[] = [];
  for (const [key, text] of Object.entries(files.config)) {
    if (key.startsWith(prefix))
      values[key.slice(prefix.length)] = /^\s*[[{]/.test(text) ? JSON.parse(text) : text;
    else if (key !== "aws:region") otherKeys.push(key);
  }
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete values[key];
    else values[key] = value;
  }
  const region = options.region === null ? undefined : (options.region ?? files.config["aws:region"]);
  return {
    project: files.project,
    stack,
    region,
    values,
    secretKeys: options.secretKeys ?? files.secretKeys.map((k) => k.slice(prefix.length)),
    otherKeys: [...(options.otherKeys ?? otherKeys), ...(region === undefined ? [] : ["aws:region"])].sort(),
  };
}

/** `stack`'s config resolved with `overrides`; throws `ConfigError` as the program would. */
export function resolvedConfig(stack: string, overrides: RawOverrides = {}): StackConfig {
  return resolveStackConfig(rawStackConfig(stack, overrides));
}

/** The problems of a raw config, as `path: message` lines; fails if it is accepted. */
export function rawProblems(raw: RawStackConfig): string[] {
  try {
    resolveStackConfig(raw);
  } catch (err) {
    if (err instanceof ConfigError) return err.issues.map((i) => `${i.path}: ${i.message}`);
    throw err;
  }
  throw new Error(`the ${raw.stack} config was accepted: ${JSON.stringify(raw.values)}`);
}

/** The problems `overrides` make in `stack`'s committed config, as `path: message` lines. */
export function configProblems(stack: string, overrides: RawOverrides): string[] {
  return rawProblems(rawStackConfig(stack, overrides));
}
