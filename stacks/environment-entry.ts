/**
 * Checks one environment entry key by key. Parsing the entry as one object would give nothing back
 * when any key is wrong, so the rules that read other keys (a reserved name, a Redis DB out of
 * range, an expiry before creation, ...) would stay silent until the first mistake is fixed; here
 * each key is parsed on its own, the keys that pass are kept, and the rules run on those. The
 * platform config's `environments` list and the per-environment registry files both check entries
 * through this module, so both report every problem of every entry.
 */
import type { z } from "zod";
import { formatPath, type ConfigIssue } from "./errors";
import { describeIssueAt, PARSE_OPTIONS, unknownKeyMessage } from "./issue-messages";
import { environmentSchema, type EnvironmentInput } from "./schema";

/** Namespaces a game environment may not take: they belong to Kubernetes or the platform. */
export const RESERVED_NAMESPACES: readonly string[] = [
  "default",
  "kube-system",
  "kube-public",
  "kube-node-lease",
  "logging",
  "platform",
  "external-dns",
  "aws-load-balancer-controller",
];

/** One environment entry after its keys were checked. */
export interface CheckedEnvironment {
  /** Where the entry is, as messages name it (`environments[2]`). */
  readonly path: string;
  /** The keys that passed the schema, with their parsed values. */
  readonly fields: Partial<EnvironmentInput>;
  /**
   * Keys that were written but failed the schema. Rules that read one of them are skipped rather
   * than run on the tier's default, which the entry did not ask for.
   */
  readonly failedKeys: ReadonlySet<string>;
  /** Whether every key passed: only then is `fields` a whole {@link EnvironmentInput}. */
  readonly complete: boolean;
}

/**
 * Checks the entry found at `prefix` (e.g. `["environments", 2]`): unknown keys, each key against
 * its schema, and the rules that need only this entry. Problems are appended to `issues`.
 */
export function checkEnvironmentEntry(
  value: unknown,
  prefix: ReadonlyArray<PropertyKey>,
  issues: ConfigIssue[],
): CheckedEnvironment {
  const path = formatPath(prefix);
  const shape = environmentSchema.shape as Record<string, z.ZodType>;
  const keys = Object.keys(shape);
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    issues.push({
      path,
      message: `must be a mapping of environment keys (${keys.slice(0, 8).join(", ")}, ...), got ${describeValue(value)}`,
    });
    return { path, fields: {}, failedKeys: new Set(keys), complete: false };
  }
  const entry = value as Record<string, unknown>;
  const before = issues.length;
  for (const key of Object.keys(entry)) {
    if (!keys.includes(key)) issues.push({ path: `${path}.${key}`, message: unknownKeyMessage(key, keys) });
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
      issues.push(...describeIssueAt(prefix, { ...issue, path: [key, ...issue.path] }, environmentSchema));
    }
  }
  const checked: CheckedEnvironment = {
    path,
    fields: fields as Partial<EnvironmentInput>,
    failedKeys,
    complete: issues.length === before,
  };
  issues.push(...entryRuleProblems(checked));
  return checked;
}

/** The rules that read more than one key of one entry, or a key against the platform's names. */
function entryRuleProblems({ path, fields }: CheckedEnvironment): ConfigIssue[] {
  const problems: ConfigIssue[] = [];
  if (fields.name !== undefined && RESERVED_NAMESPACES.includes(fields.name)) {
    problems.push({
      path: `${path}.name`,
      message: `"${fields.name}" is reserved for the platform; reserved: ${RESERVED_NAMESPACES.join(", ")}`,
    });
  }
  if (fields.created && fields.expires && fields.expires <= fields.created) {
    problems.push({
      path: `${path}.expires`,
      message: `${fields.expires} is not after created (${fields.created})`,
    });
  }
  return problems;
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return "nothing";
  if (Array.isArray(value)) return "a list";
  return `the ${typeof value} ${JSON.stringify(value)}`;
}
