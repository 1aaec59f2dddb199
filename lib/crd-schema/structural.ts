/**
 * Validation of a JSON value against a CRD's structural OpenAPI v3 schema, the way the API server
 * does it on create: defaults are applied first, then types, required fields, enums, patterns,
 * lengths, bounds, list and map constraints, and the CEL rules (`x-kubernetes-validations`, through
 * `cel.ts`) of every node that is present.
 *
 * One difference is deliberate: the API server silently *prunes* fields its schema does not declare;
 * here an undeclared field is a problem, because a field that is dropped on the way in is a setting
 * that never takes effect (a misspelt key, or one a newer or older CRD version has).
 *
 * CEL rules are evaluated where the value is present and its subtree passed the other checks (a rule
 * over a malformed value would only add confusing follow-up errors). Transition rules, which read
 * `oldSelf`, apply only when an object is updated, so they are skipped, as on create.
 */
import { CelError, evaluateCel, freeVariables, parseCel, type CelNode, type CelValue } from "./cel";

/** The subset of an OpenAPI v3 schema node that structural CRD schemas use. */
export interface StructuralSchema {
  readonly type?: "object" | "array" | "string" | "integer" | "number" | "boolean";
  readonly properties?: Readonly<Record<string, StructuralSchema>>;
  readonly additionalProperties?: StructuralSchema | boolean;
  readonly items?: StructuralSchema;
  readonly required?: readonly string[];
  readonly enum?: readonly unknown[];
  readonly pattern?: string;
  readonly format?: string;
  readonly maxLength?: number;
  readonly minLength?: number;
  readonly maxItems?: number;
  readonly minItems?: number;
  readonly maxProperties?: number;
  readonly minProperties?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: boolean;
  readonly exclusiveMaximum?: boolean;
  readonly multipleOf?: number;
  readonly nullable?: boolean;
  readonly default?: unknown;
  readonly anyOf?: readonly StructuralSchema[];
  readonly allOf?: readonly StructuralSchema[];
  readonly oneOf?: readonly StructuralSchema[];
  readonly not?: StructuralSchema;
  readonly "x-kubernetes-int-or-string"?: boolean;
  readonly "x-kubernetes-preserve-unknown-fields"?: boolean;
  readonly "x-kubernetes-embedded-resource"?: boolean;
  readonly "x-kubernetes-list-type"?: "atomic" | "set" | "map";
  readonly "x-kubernetes-list-map-keys"?: readonly string[];
  readonly "x-kubernetes-map-type"?: string;
  readonly "x-kubernetes-validations"?: ReadonlyArray<{
    readonly rule: string;
    readonly message?: string;
    readonly messageExpression?: string;
    readonly reason?: string;
    readonly fieldPath?: string;
    readonly optionalOldSelf?: boolean;
  }>;
  readonly description?: string;
}

/** One problem: where (`spec.template.spec.requirements[0].key`) and what. */
export interface SchemaViolation {
  readonly path: string;
  readonly message: string;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

const join = (path: string, key: string | number) =>
  typeof key === "number" ? `${path}[${key}]` : path === "" ? key : `${path}.${key}`;

const INT32 = [-(2 ** 31), 2 ** 31 - 1] as const;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** The value with every absent field that has a `default` set to it, recursively (a new value). */
export function applyDefaults(schema: StructuralSchema, value: unknown): unknown {
  if (Array.isArray(value)) {
    return schema.items ? value.map((item) => applyDefaults(schema.items!, item)) : value;
  }
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    const childSchema =
      schema.properties?.[key] ??
      (isObject(schema.additionalProperties) ? schema.additionalProperties : undefined);
    out[key] = childSchema ? applyDefaults(childSchema, child) : child;
  }
  for (const [key, childSchema] of Object.entries(schema.properties ?? {})) {
    if (out[key] === undefined && childSchema.default !== undefined) {
      out[key] = applyDefaults(childSchema, structuredClone(childSchema.default));
    }
  }
  return out;
}

/** Compiled CEL rules, by rule text (the same rule appears at many nodes). */
const compiled = new Map<string, CelNode | CelError>();

function compile(rule: string): CelNode | CelError {
  let node = compiled.get(rule);
  if (!node) {
    try {
      node = parseCel(rule);
    } catch (err) {
      if (!(err instanceof CelError)) throw err;
      node = err;
    }
    compiled.set(rule, node);
  }
  return node;
}

/** Whether a rule is a transition rule (reads `oldSelf`), evaluated only on updates. */
export function isTransitionRule(rule: string): boolean {
  const node = compile(rule);
  return !(node instanceof CelError) && freeVariables(node).has("oldSelf");
}

/** Every problem with `value` against `schema` (defaults are expected to be applied already). */
export function validateStructural(schema: StructuralSchema, value: unknown, path = ""): SchemaViolation[] {
  const problems: SchemaViolation[] = [];
  const add = (message: string, at = path) => problems.push({ path: at || "(root)", message });

  if (value === null) {
    if (!schema.nullable) add("must not be null");
    return problems;
  }
  if (!typeMatches(schema, value)) {
    add(`must be ${expectedType(schema)}, got ${describe(value)}`);
    return problems;
  }
  if (schema.enum && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
    add(
      `must be one of ${schema.enum.map((e) => JSON.stringify(e)).join(", ")}, got ${JSON.stringify(value)}`,
    );
  }
  if (typeof value === "string") {
    const length = [...value].length;
    if (schema.maxLength !== undefined && length > schema.maxLength)
      add(`must be at most ${schema.maxLength} characters`);
    if (schema.minLength !== undefined && length < schema.minLength)
      add(`must be at least ${schema.minLength} characters`);
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, "u").test(value)) {
      add(`${JSON.stringify(value)} does not match ${schema.pattern}`);
    }
    if (schema.format === "date-time" && !DATE_TIME.test(value)) add("must be an RFC 3339 date-time");
  }
  if (typeof value === "number") {
    if (schema.format === "int32" && (value < INT32[0] || value > INT32[1])) add("must fit in 32 bits");
    if (
      schema.minimum !== undefined &&
      (schema.exclusiveMinimum ? value <= schema.minimum : value < schema.minimum)
    ) {
      add(`must be ${schema.exclusiveMinimum ? "more than" : "at least"} ${schema.minimum}`);
    }
    if (
      schema.maximum !== undefined &&
      (schema.exclusiveMaximum ? value >= schema.maximum : value > schema.maximum)
    ) {
      add(`must be ${schema.exclusiveMaximum ? "less than" : "at most"} ${schema.maximum}`);
    }
    if (schema.multipleOf !== undefined && value % schema.multipleOf !== 0)
      add(`must be a multiple of ${schema.multipleOf}`);
  }
  for (const branch of schema.allOf ?? []) problems.push(...validateStructural(branch, value, path));
  if (schema.anyOf && !schema.anyOf.some((b) => validateStructural(b, value, path).length === 0)) {
    add("matches none of the schema's anyOf alternatives");
  }
  if (
    schema.oneOf &&
    schema.oneOf.filter((b) => validateStructural(b, value, path).length === 0).length !== 1
  ) {
    add("must match exactly one of the schema's oneOf alternatives");
  }
  if (schema.not && validateStructural(schema.not, value, path).length === 0)
    add("matches a schema it must not match");

  if (Array.isArray(value)) {
    if (schema.maxItems !== undefined && value.length > schema.maxItems)
      add(`must have at most ${schema.maxItems} items`);
    if (schema.minItems !== undefined && value.length < schema.minItems)
      add(`must have at least ${schema.minItems} items`);
    const listType = schema["x-kubernetes-list-type"];
    const keyOf =
      listType === "set"
        ? (item: unknown) => JSON.stringify(item)
        : listType === "map"
          ? (item: unknown) =>
              JSON.stringify(
                (schema["x-kubernetes-list-map-keys"] ?? []).map((k) =>
                  isObject(item) ? item[k] : undefined,
                ),
              )
          : undefined;
    if (keyOf) {
      const seen = new Set<string>();
      value.forEach((item, i) => {
        const key = keyOf(item);
        if (seen.has(key)) add(`duplicates an earlier item (list type ${listType})`, join(path, i));
        seen.add(key);
      });
    }
    if (schema.items)
      value.forEach((item, i) => problems.push(...validateStructural(schema.items!, item, join(path, i))));
  }

  if (isObject(value)) {
    const keys = Object.keys(value);
    if (schema.maxProperties !== undefined && keys.length > schema.maxProperties) {
      add(`must have at most ${schema.maxProperties} entries`);
    }
    if (schema.minProperties !== undefined && keys.length < schema.minProperties) {
      add(`must have at least ${schema.minProperties} entries`);
    }
    for (const field of schema.required ?? []) {
      if (value[field] === undefined) add("is required", join(path, field));
    }
    const open =
      schema["x-kubernetes-preserve-unknown-fields"] === true || schema.additionalProperties === true;
    for (const key of keys) {
      if (value[key] === undefined) continue;
      const child = schema.properties?.[key];
      if (child) {
        problems.push(...validateStructural(child, value[key], join(path, key)));
      } else if (isObject(schema.additionalProperties)) {
        problems.push(...validateStructural(schema.additionalProperties, value[key], join(path, key)));
      } else if (!open && (schema.properties !== undefined || schema.additionalProperties === false)) {
        add(
          "is not in the CRD schema (the API server would drop it, so it would never take effect)",
          join(path, key),
        );
      }
    }
  }

  if (problems.length === 0) problems.push(...celProblems(schema, value, path));
  return problems;
}

function celProblems(schema: StructuralSchema, value: unknown, path: string): SchemaViolation[] {
  const problems: SchemaViolation[] = [];
  for (const rule of schema["x-kubernetes-validations"] ?? []) {
    const node = compile(rule.rule);
    const at = rule.fieldPath ? `${path}${rule.fieldPath}` : path || "(root)";
    if (node instanceof CelError) {
      problems.push({
        path: at,
        message: `rule ${JSON.stringify(rule.rule)} cannot be evaluated: ${node.message}`,
      });
      continue;
    }
    if (freeVariables(node).has("oldSelf")) continue;
    try {
      if (evaluateCel(node, { self: value as CelValue }) !== true) {
        problems.push({ path: at, message: rule.message ?? `failed rule: ${rule.rule}` });
      }
    } catch (err) {
      if (!(err instanceof CelError)) throw err;
      problems.push({ path: at, message: `${rule.message ?? rule.rule} (evaluation error: ${err.message})` });
    }
  }
  return problems;
}

function typeMatches(schema: StructuralSchema, value: unknown): boolean {
  if (schema["x-kubernetes-int-or-string"]) return typeof value === "string" || Number.isInteger(value);
  switch (schema.type) {
    case undefined:
      return true;
    case "object":
      return isObject(value);
    case "array":
      return Array.isArray(value);
    case "string":
      return typeof value === "string";
    case "integer":
      return Number.isInteger(value);
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "boolean":
      return typeof value === "boolean";
  }
}

function expectedType(schema: StructuralSchema): string {
  if (schema["x-kubernetes-int-or-string"]) return "an integer or a string";
  return schema.type === "integer" || schema.type === "array" || schema.type === "object"
    ? `an ${schema.type}`
    : `a ${schema.type ?? "value"}`;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return "an array";
  if (isObject(value)) return "an object";
  return `${typeof value} ${JSON.stringify(value)}`;
}
