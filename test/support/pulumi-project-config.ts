/**
 * The Pulumi CLI's rules for project-level config (`config:` in Pulumi.yaml) and how they meet a
 * stack's settings file, re-stated as pure functions so tests can hold every project and stack file
 * of the repository to them without a CLI.
 *
 * Written from pulumi/pulumi at tag v3.259.0 (commit 0ac56e876614aedf12771d73ef7e80959b8a6fd4,
 * read 2026-12-01):
 * - `sdk/go/common/workspace/project.go`: `RewriteShorthandConfigValues` (a bare value under a
 *   project key is its `default`, under another namespace its `value`), `Project.Validate` (no
 *   `default` and `value` together; a project key typed `array` needs `items`; a project key's
 *   `default` must be of its type; a key of another namespace takes neither `type` nor `default`
 *   and must give a `value`), `ValidateConfigValue` (what each type accepts) and `InferFullTypeName`;
 * - `sdk/go/common/workspace/project.json`: a declaration has only `type`, `items`, `description`,
 *   `secret`, `default` and `value`; `type` is one of string, integer, boolean, array, object;
 * - `pkg/workspace/config.go`: `mergeConfig` (run by `ValidateStackConfigAndApplyProjectConfig`
 *   before every preview and update): a key of the project's namespace that the stack does not
 *   set, with no `default` and no `value`, is missing, and all missing keys fail the stack as one
 *   error; otherwise a missing key gets the default (or value); then `validateStackConfigValues`
 *   checks every typed key's value (the stack's or the applied default) against its type, and that
 *   a `secret: true` key's stack value is encrypted;
 * - `sdk/go/common/resource/config/key.go` (`ParseKey`): stack keys are `<namespace>:<name>`;
 * - `sdk/go/common/resource/config/object.go` (`MarshalString`): a scalar stack value reaches the
 *   type check as its text (`3`, `true`), a list or map as parsed JSON.
 * Not modelled: values from Pulumi ESC environments (`environment:` in a stack file), which need
 * the service; the check then says so instead of passing silently.
 */

/** A config type name the CLI accepts in a declaration. */
export const CONFIG_TYPES = ["string", "integer", "boolean", "array", "object"] as const;

/** The `items` of an array type. */
export interface ConfigItemsType {
  readonly type: string;
  readonly items?: ConfigItemsType;
}

/** A project config declaration after the CLI's shorthand rewrite. */
export interface ConfigDeclaration {
  readonly type?: string;
  readonly items?: ConfigItemsType;
  readonly description?: string;
  readonly secret?: boolean;
  readonly default?: unknown;
  readonly value?: unknown;
}

const DECLARATION_FIELDS = ["type", "items", "description", "secret", "default", "value"];

/** `key` is in the project's namespace: no namespace at all, or `<project>:`. */
export function isProjectKey(project: string, key: string): boolean {
  return !key.includes(":") || key.startsWith(`${project}:`);
}

/** The full `<namespace>:<name>` form of a declared key. */
function fullKey(project: string, key: string): string {
  return key.includes(":") ? key : `${project}:${key}`;
}

function isPrimitive(value: unknown): boolean {
  return typeof value === "string" || typeof value === "boolean" || Number.isInteger(value);
}

/** `RewriteShorthandConfigValues`: `key: 3` is `{default: 3}` (project key) or `{value: 3}` (other). */
export function rewriteShorthand(project: string, key: string, raw: unknown): unknown {
  if (isPrimitive(raw) || Array.isArray(raw)) {
    return isProjectKey(project, key) ? { default: raw } : { value: raw };
  }
  return raw;
}

/** `ValidateConfigValue`: whether `value` (as the CLI sees it) is of `type`. */
export function configValueMatches(
  type: string,
  items: ConfigItemsType | undefined,
  value: unknown,
): boolean {
  switch (type) {
    case "string":
      return typeof value === "string";
    case "integer":
      // Whole numbers, or text that Go's strconv.Atoi parses.
      if (typeof value === "number") return Number.isInteger(value);
      return typeof value === "string" && /^[+-]?\d+$/.test(value);
    case "boolean":
      return typeof value === "boolean" || value === "true" || value === "false";
    case "object":
      return value !== null && typeof value === "object" && !Array.isArray(value);
    default:
      // Every other type name falls through to the array check, as in the Go code.
      return (
        Array.isArray(value) &&
        items !== undefined &&
        value.every((item) => configValueMatches(items.type, items.items, item))
      );
  }
}

/** `InferFullTypeName`: `array<string>` and so on. */
export function fullTypeName(type: string, items: ConfigItemsType | undefined): string {
  return items ? `array<${fullTypeName(items.type, items.items)}>` : type;
}

function itemsProblems(key: string, items: unknown, path: string): string[] {
  if (items === null || typeof items !== "object" || Array.isArray(items)) {
    return [`${key}: ${path} must be an object with a 'type'`];
  }
  const { type, items: inner } = items as { type?: unknown; items?: unknown };
  if (typeof type !== "string" || !(CONFIG_TYPES as readonly string[]).includes(type)) {
    return [`${key}: ${path}.type must be one of ${CONFIG_TYPES.join(", ")}`];
  }
  if (type === "array") {
    if (inner === undefined) return [`${key}: ${path} is an array and needs 'items'`];
    return itemsProblems(key, inner, `${path}.items`);
  }
  return [];
}

/**
 * Problems the CLI reports when it loads a project's `config:` block (schema and
 * `Project.Validate`); empty when the block is valid. `config` is the block as parsed from YAML.
 */
export function projectConfigProblems(project: string, config: unknown): string[] {
  if (config === undefined || config === null) return [];
  if (typeof config !== "object" || Array.isArray(config)) return ["config must be a map of keys"];
  const problems: string[] = [];
  for (const [key, raw] of Object.entries(config as Record<string, unknown>)) {
    const decl = rewriteShorthand(project, key, raw);
    if (decl === null || typeof decl !== "object" || Array.isArray(decl)) {
      problems.push(`${key}: must be a string, integer, boolean, array or a declaration`);
      continue;
    }
    const unknownFields = Object.keys(decl).filter((f) => !DECLARATION_FIELDS.includes(f));
    if (unknownFields.length > 0) {
      problems.push(
        `${key}: '${unknownFields.join("', '")}' not allowed (only ${DECLARATION_FIELDS.join(", ")})`,
      );
    }
    const d = decl as ConfigDeclaration;
    if (d.type !== undefined && !(CONFIG_TYPES as readonly string[]).includes(d.type)) {
      problems.push(`${key}: type must be one of ${CONFIG_TYPES.join(", ")}`);
      continue;
    }
    if (d.items !== undefined) problems.push(...itemsProblems(key, d.items, "items"));
    if (d.default !== undefined && d.value !== undefined) {
      problems.push(`project config '${key}' cannot have both a 'default' and 'value' attribute`);
    }
    if (isProjectKey(project, key)) {
      if (d.type === "array" && d.items === undefined) {
        problems.push(
          `The configuration key '${key}' declares an array but does not specify the underlying type via the 'items' attribute`,
        );
      } else if (
        d.type !== undefined &&
        d.default !== undefined &&
        !configValueMatches(d.type, d.items, d.default)
      ) {
        problems.push(
          `The default value specified for configuration key '${key}' is not of the expected type '${fullTypeName(d.type, d.items)}'`,
        );
      }
    } else {
      if (d.type !== undefined) {
        problems.push(
          `Configuration key '${key}' is not namespaced by the project and should not define a type`,
        );
      } else if (d.default !== undefined) {
        problems.push(
          `Configuration key '${key}' is not namespaced by the project and should not define a default value. Did you mean to use the 'value' attribute instead of 'default'?`,
        );
      } else if (d.value === undefined) {
        problems.push(`Configuration key '${key}' is namespaced and must provide an attribute 'value'`);
      }
    }
  }
  return problems;
}

/** A stack value as `mergeConfig` holds it: its text or parsed JSON, and whether it is encrypted. */
interface StackValue {
  readonly content: unknown;
  readonly secure: boolean;
}

function isSecure(value: unknown): boolean {
  return (
    value !== null &&
    typeof value === "object" &&
    !Array.isArray(value) &&
    Object.keys(value).length === 1 &&
    typeof (value as { secure?: unknown }).secure === "string"
  );
}

/** What the type check sees for a value from a stack file (or a project default). */
function stackValue(value: unknown): StackValue {
  if (isSecure(value)) return { content: undefined, secure: true };
  if (value !== null && typeof value === "object") {
    // Lists and maps reach the check as parsed JSON; a nested `secure:` stays an object.
    return { content: JSON.parse(JSON.stringify(value)), secure: false };
  }
  return { content: value === null ? "" : String(value), secure: false };
}

/** Problems with a stack settings file's keys (`ParseKey`). */
function stackKeyProblems(stack: string, config: Record<string, unknown>): string[] {
  return Object.keys(config)
    .filter((key) => {
      const parts = key.split(":");
      return !(parts.length === 2 || (parts.length === 3 && parts[1] === "config"));
    })
    .map(
      (key) =>
        `Stack '${stack}': could not parse ${key} as a configuration key (configuration keys should be of the form \`<namespace>:<name>\`)`,
    );
}

function formatMissingKeys(keys: string[]): string {
  if (keys.length === 1) return `'${keys[0]}'`;
  const sorted = [...keys].sort();
  return sorted
    .map((k, i) =>
      i === sorted.length - 1 ? `and '${k}'` : i === sorted.length - 2 ? `'${k}' ` : `'${k}', `,
    )
    .join("");
}

/** A stack's settings file as parsed from YAML (`undefined`: the stack has no settings file). */
export interface StackSettings {
  readonly config?: Record<string, unknown> | null;
  readonly environment?: unknown;
  readonly [key: string]: unknown;
}

/**
 * Problems the CLI reports before it runs the program for `stack`: the project's own problems,
 * malformed stack keys, missing required keys (one error for all, as the CLI words it), then type
 * and secret checks of every typed key. Empty when the CLI would start the program.
 */
export function stackConfigProblems(
  project: string,
  projectConfig: unknown,
  stack: string,
  settings: StackSettings | undefined,
): string[] {
  const projectProblems = projectConfigProblems(project, projectConfig);
  if (projectProblems.length > 0) return projectProblems;
  if (settings?.environment !== undefined) {
    return [`Stack '${stack}': imports Pulumi ESC environments, whose values cannot be checked offline`];
  }
  const stackConfig = { ...(settings?.config ?? {}) };
  const keyProblems = stackKeyProblems(stack, stackConfig);
  if (keyProblems.length > 0) return keyProblems;

  const declarations = Object.entries((projectConfig ?? {}) as Record<string, unknown>)
    .map(([key, raw]) => [key, rewriteShorthand(project, key, raw) as ConfigDeclaration] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const missing: string[] = [];
  const merged: Record<string, StackValue> = {};
  for (const [key, decl] of declarations) {
    const full = fullKey(project, key);
    if (full in stackConfig) {
      merged[full] = stackValue(stackConfig[full]);
    } else if (decl.default !== undefined || decl.value !== undefined) {
      merged[full] = stackValue(decl.default !== undefined ? decl.default : decl.value);
    } else if (full.split(":")[0] === project) {
      missing.push(key);
    }
  }
  if (missing.length > 0) {
    return [
      `Stack '${stack}' is missing configuration ${missing.length > 1 ? "values" : "value"} ${formatMissingKeys(missing)}`,
    ];
  }
  for (const [key, decl] of declarations) {
    if (decl.type === undefined) continue;
    const value = merged[fullKey(project, key)] ?? { content: "", secure: false };
    if (decl.secret === true && !value.secure) {
      return [`Stack '${stack}' with configuration key '${key}' must be encrypted as it's secret`];
    }
    // An encrypted value needs the stack's secrets provider to read; the CLI checks it, we cannot.
    if (value.secure) continue;
    if (!configValueMatches(decl.type, decl.items, value.content)) {
      return [
        `Stack '${stack}' with configuration key '${key}' must be of type '${fullTypeName(decl.type, decl.items)}'`,
      ];
    }
  }
  return [];
}
