/** Turns zod's issues into `<key path>: <what is wrong and what is allowed>` lines. */
import type { z } from "zod";
import { formatPath, type ConfigIssue } from "./errors";

type ZodIssue = z.core.$ZodIssue;

/** Describes one schema issue found under the top-level key `rootKey`; unknown keys give one line each. */
export function describeSchemaIssue(rootKey: string, issue: ZodIssue, rootSchema: z.ZodType): ConfigIssue[] {
  const path = formatPath([rootKey, ...issue.path]);
  if (issue.code === "unrecognized_keys") {
    const allowed = allowedKeysAt(rootSchema, issue.path);
    return issue.keys.map((key) => ({ path: `${path}.${key}`, message: unknownKeyMessage(key, allowed) }));
  }
  if (issue.code === "invalid_key") {
    // A record's key failed its own schema (a team or pool name): say what the key schema says,
    // not zod's generic "Invalid key in record".
    return issue.issues.map((inner) => ({ path, message: inner.message }));
  }
  if (issue.code === "invalid_type" && /received undefined/.test(issue.message)) {
    const hint = issue.path.length === 0 ? ` (pulumi config set game-infra:${rootKey} ...)` : "";
    return [{ path, message: `is required${hint}` }];
  }
  if (issue.code === "invalid_type") {
    return [
      {
        path,
        message: `must be ${article(issue.expected)}${issue.message.replace(/^Invalid input: expected \w+/, "")}`,
      },
    ];
  }
  if (issue.code === "invalid_value") {
    return [{ path, message: `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}` }];
  }
  if (issue.code === "too_small" && issue.origin === "array") {
    return [
      {
        path,
        message: issue.message.startsWith("Too small")
          ? `needs at least ${issue.minimum} item(s)`
          : issue.message,
      },
    ];
  }
  if ((issue.code === "too_small" || issue.code === "too_big") && issue.message.startsWith("Too ")) {
    const bound = issue.code === "too_small" ? `at least ${issue.minimum}` : `at most ${issue.maximum}`;
    return [{ path, message: `must be ${bound}` }];
  }
  return [{ path, message: issue.message }];
}

function article(expected: string): string {
  if (expected === "int") return "a whole number";
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

/** "unknown key" with a did-you-mean when a known key differs only by case or a typo or two. */
export function unknownKeyMessage(key: string, allowed: readonly string[]): string {
  const close = allowed.find((k) => k.toLowerCase() === key.toLowerCase() || editDistance(k, key) <= 2);
  const hint = close ? ` (did you mean "${close}"?)` : "";
  return `unknown key${hint}; allowed: ${allowed.join(", ")}`;
}

/** Levenshtein distance between two short strings. */
function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

/** The keys an object schema accepts at `path` inside `schema` (through optionals, arrays and records). */
export function allowedKeysAt(schema: z.ZodType, path: ReadonlyArray<PropertyKey>): string[] {
  let current: unknown = schema;
  const steps = [...path];
  for (;;) {
    const def = (current as { def?: { type?: string } }).def;
    if (!def) return [];
    if (def.type === "optional" || def.type === "default" || def.type === "nullable") {
      current = (def as unknown as { innerType: unknown }).innerType;
      continue;
    }
    if (def.type === "pipe") {
      current = (def as unknown as { in: unknown }).in;
      continue;
    }
    if (steps.length === 0) {
      return def.type === "object" ? Object.keys((current as { shape: object }).shape) : [];
    }
    const step = steps.shift()!;
    if (def.type === "object") current = (current as { shape: Record<string, unknown> }).shape[String(step)];
    else if (def.type === "array") current = (def as unknown as { element: unknown }).element;
    else if (def.type === "record") current = (def as unknown as { valueType: unknown }).valueType;
    else return [];
  }
}
