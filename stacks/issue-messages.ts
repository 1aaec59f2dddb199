/** Turns zod's issues into `<key path>: <what is wrong and what is allowed>` lines. */
import type { z } from "zod";
import { editDistance } from "../lib/edit-distance";
import { formatPath, type ConfigIssue } from "./errors";

type ZodIssue = z.core.$ZodIssue;

/**
 * Parse options every config check uses: zod then keeps each issue's input, which the messages
 * need to tell a number YAML read from `1.44` apart from a missing value.
 */
export const PARSE_OPTIONS = { reportInput: true } as const;

/** Describes one schema issue found under the top-level key `rootKey`; unknown keys give one line each. */
export function describeSchemaIssue(rootKey: string, issue: ZodIssue, rootSchema: z.ZodType): ConfigIssue[] {
  if (issue.path.length === 0 && isMissing(issue)) {
    return [{ path: rootKey, message: `is required (pulumi config set game-infra:${rootKey} ...)` }];
  }
  return describeIssueAt([rootKey], issue, rootSchema);
}

/**
 * Describes one issue that `schema` reported for a value found at `prefix` (the issue's own path is
 * relative to that value). Shared by every place a config or registry file is checked.
 */
export function describeIssueAt(
  prefix: ReadonlyArray<PropertyKey>,
  issue: ZodIssue,
  schema: z.ZodType,
): ConfigIssue[] {
  const path = formatPath([...prefix, ...issue.path]);
  if (issue.code === "unrecognized_keys") {
    const allowed = allowedKeysAt(schema, issue.path);
    return issue.keys.map((key) => ({ path: `${path}.${key}`, message: unknownKeyMessage(key, allowed) }));
  }
  if (issue.code === "invalid_key") {
    // A record's key failed its own schema (a team or pool name): say what the key schema says,
    // not zod's generic "Invalid key in record".
    return issue.issues.map((inner) => ({ path, message: inner.message }));
  }
  if (isMissing(issue)) return [{ path, message: "is required" }];
  const scalar = yamlScalarMessage(issue, schema);
  if (scalar !== undefined) return [{ path, message: scalar }];
  if (issue.code === "invalid_type") return [{ path, message: invalidTypeMessage(issue) }];
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

/** Whether the issue is a value that is not there at all. */
function isMissing(issue: ZodIssue): boolean {
  if (issue.code !== "invalid_type") return false;
  return "input" in issue ? issue.input === undefined : /received undefined/.test(issue.message);
}

/** zod's "Invalid input: expected string, received number" as "must be a string, received number"; a schema's own message as is. */
function invalidTypeMessage(issue: z.core.$ZodIssueInvalidType): string {
  const generic = /^Invalid input: expected \w+/;
  if (!generic.test(issue.message)) return issue.message;
  return `must be ${article(issue.expected)}${issue.message.replace(generic, "")}`;
}

function article(expected: string): string {
  if (expected === "int") return "a whole number";
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

/**
 * The message for a number or boolean where text was expected. YAML reads `version: 1.44` as the
 * number 1.44, `1.40` as 1.4 and `8.0` as 8 (the digits written are gone by the time the program
 * sees them), and `true`/`false` as booleans. Says to quote the value, or, when the quoted text
 * would still be wrong, what the text must look like. `undefined` for any other issue.
 */
function yamlScalarMessage(issue: ZodIssue, schema: z.ZodType): string | undefined {
  const input = (issue as { input?: unknown }).input;
  if (typeof input !== "number" && typeof input !== "boolean") return undefined;
  const allowed = issue.code === "invalid_value" ? issue.values : [];
  const wantedText =
    (issue.code === "invalid_type" && issue.expected === "string") ||
    allowed.some((v) => typeof v === "string");
  if (!wantedText) return undefined;
  const kind = typeof input;
  const text = String(input);
  const got = `got the ${kind} ${text}`;
  if (issue.code === "invalid_value") {
    const expected = `must be one of ${allowed.map((v) => JSON.stringify(v)).join(", ")}`;
    // `8.0` arrives as 8: the allowed value with the same numeric value is what was written.
    const meant = allowed.find((v) => typeof v === "string" && v.trim() !== "" && Number(v) === input);
    if (meant !== undefined) {
      return `${expected}; ${got}: YAML read ${String(meant)} as a number and dropped its trailing zeros; quote it ("${String(meant)}")`;
    }
    return `${expected}; ${got} (YAML read it as a ${kind})`;
  }
  if (issue.code !== "invalid_type") return undefined;
  const zeros = kind === "number" ? "YAML drops trailing zeros (1.40 reads as 1.4)" : "";
  const target = schemaAt(schema, issue.path);
  const retry = target?.safeParse(text, PARSE_OPTIONS);
  if (target && retry && !retry.success) {
    const [quoted] = describeIssueAt([], { ...retry.error.issues[0]!, path: [] }, target);
    const dropped =
      kind === "number" && !Number.isInteger(input) ? `; ${zeros}, so write the digits you meant` : "";
    return `${quoted!.message}; ${got} (YAML read it as a ${kind}, and quoted it would still be wrong)${dropped}`;
  }
  const check = kind === "number" ? `; ${zeros}: check the quoted digits are the ones you meant` : "";
  const expected = invalidTypeMessage(issue).replace(/, received \w+$/, "");
  return `${expected}; ${got}; YAML read it as a ${kind}: quote it ("${text}")${check}`;
}

/** "unknown key" with a did-you-mean when a known key differs only by case or a typo or two. */
export function unknownKeyMessage(key: string, allowed: readonly string[]): string {
  const close = allowed.find((k) => k.toLowerCase() === key.toLowerCase() || editDistance(k, key) <= 2);
  const hint = close ? ` (did you mean "${close}"?)` : "";
  return `unknown key${hint}; allowed: ${allowed.join(", ")}`;
}

/** The schema of the value at `path` inside `schema` (through optionals, pipes, arrays and records). */
export function schemaAt(schema: z.ZodType, path: ReadonlyArray<PropertyKey>): z.ZodType | undefined {
  let current: unknown = schema;
  const steps = [...path];
  for (;;) {
    const def = (current as { def?: { type?: string } } | undefined)?.def;
    if (!def) return undefined;
    if (def.type === "optional" || def.type === "default" || def.type === "nullable") {
      current = (def as unknown as { innerType: unknown }).innerType;
      continue;
    }
    if (def.type === "pipe") {
      current = (def as unknown as { in: unknown }).in;
      continue;
    }
    if (steps.length === 0) return current as z.ZodType;
    const step = steps.shift()!;
    if (def.type === "object") current = (current as { shape: Record<string, unknown> }).shape[String(step)];
    else if (def.type === "array") current = (def as unknown as { element: unknown }).element;
    else if (def.type === "record") current = (def as unknown as { valueType: unknown }).valueType;
    else return undefined;
  }
}

/**
 * The keys an object schema accepts at `path` inside `schema` (through optionals, arrays and
 * records); at a union, those of its object branch (a sleep schedule of its own beside its names).
 */
export function allowedKeysAt(schema: z.ZodType, path: ReadonlyArray<PropertyKey>): string[] {
  type Node = { def?: { type?: string; options?: Node[] }; shape?: object } | undefined;
  const target = schemaAt(schema, path) as Node;
  const branches = target?.def?.type === "union" ? (target.def.options ?? []) : [target];
  const object = branches.find((b) => b?.def?.type === "object" && b.shape);
  return object?.shape ? Object.keys(object.shape) : [];
}
