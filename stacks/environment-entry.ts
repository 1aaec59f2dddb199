/**
 * Checks one environment's registry file key by key. Parsing the file as one object would give
 * nothing back when any key is wrong, so the rules that read other keys (a Redis DB out of range or
 * retired, an unknown team, an expiry before creation or past the tier's maximum, ...) would stay
 * silent until the first mistake is fixed; here each key is parsed on its own, the keys that pass
 * are kept, and the rules run on those, so every problem of every file is reported at once.
 */
import type { z } from "zod";
import type { ConfigIssue } from "./errors";
import { describeIssueAt, PARSE_OPTIONS, unknownKeyMessage } from "./issue-messages";
import { environmentFileSchema, type EnvironmentFile } from "./registry-schema";

/** One environment file after its keys were checked. */
export interface CheckedEnvironment {
  /** The file, as messages name it (`environments/dev/dev1.yaml`). */
  readonly path: string;
  /** The keys that passed the schema, with their parsed values. */
  readonly fields: Partial<EnvironmentFile>;
  /**
   * Keys that were written but failed the schema. Rules that read one of them are skipped rather
   * than run on the tier's default, which the file did not ask for.
   */
  readonly failedKeys: ReadonlySet<string>;
  /** Whether every key passed: only then is `fields` a whole {@link EnvironmentFile}. */
  readonly complete: boolean;
}

/** `<file>: <key>` (the file alone for a problem with the whole file). */
export function at(file: string, key: string | undefined): string {
  const trimmed = key?.replace(/^\./, "");
  return trimmed ? `${file}: ${trimmed}` : file;
}

/**
 * Checks the parsed YAML `value` of the file at `path`: that it is a mapping, unknown keys, and each
 * key against its schema. Problems are appended to `issues`.
 */
export function checkEnvironmentEntry(
  value: unknown,
  path: string,
  issues: ConfigIssue[],
): CheckedEnvironment {
  const shape = environmentFileSchema.shape as Record<string, z.ZodType>;
  const keys = Object.keys(shape);
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    issues.push({
      path,
      message: `must be a mapping of settings (${keys.slice(0, 4).join(", ")}, ...), got ${describeValue(value)}`,
    });
    return { path, fields: {}, failedKeys: new Set(keys), complete: false };
  }
  const entry = value as Record<string, unknown>;
  const before = issues.length;
  for (const key of Object.keys(entry)) {
    if (!keys.includes(key)) issues.push({ path: at(path, key), message: unknownKeyMessage(key, keys) });
  }
  const fields: Record<string, unknown> = {};
  const failedKeys = new Set<string>();
  for (const key of keys) {
    const result = shape[key]!.safeParse(entry[key], PARSE_OPTIONS);
    if (result.success) {
      if (result.data !== undefined) fields[key] = result.data;
      continue;
    }
    failedKeys.add(key);
    for (const issue of result.error.issues) {
      for (const found of describeIssueAt(
        [],
        { ...issue, path: [key, ...issue.path] },
        environmentFileSchema,
      )) {
        issues.push({ path: at(path, found.path), message: found.message });
      }
    }
  }
  return { path, fields: fields as Partial<EnvironmentFile>, failedKeys, complete: issues.length === before };
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return "an empty file";
  if (Array.isArray(value)) return "a list";
  return `the ${typeof value} ${JSON.stringify(value)}`;
}
