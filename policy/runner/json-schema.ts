// The subset of JSON Schema that the pack's config schemas use, checked the way the Pulumi CLI checks
// policy config before a preview (it validates each policy's config against its schema).
import type { PolicyConfigJSONSchema, PolicyConfigJSONSchemaDefinition } from "@pulumi/policy/schema";

/** Every way `value` breaks `schema`, as `<path>: <problem>` strings (empty when valid). */
export function schemaProblems(
  value: unknown,
  schema: PolicyConfigJSONSchemaDefinition,
  path: string,
): string[] {
  if (schema === true) return [];
  if (schema === false) return [`${path}: is not allowed`];
  const typeProblem = checkType(value, schema, path);
  if (typeProblem) return [typeProblem];
  const problems: string[] = [];
  if (schema.enum && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
    problems.push(`${path}: must be one of ${schema.enum.map((e) => JSON.stringify(e)).join(", ")}`);
  }
  if (typeof value === "number") {
    if (schema.minimum !== undefined && value < schema.minimum)
      problems.push(`${path}: must be >= ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum)
      problems.push(`${path}: must be <= ${schema.maximum}`);
  }
  if (typeof value === "string") {
    if (schema.minLength !== undefined && value.length < schema.minLength)
      problems.push(`${path}: must not be empty`);
    if (schema.pattern !== undefined && !new RegExp(schema.pattern).test(value)) {
      problems.push(`${path}: "${value}" does not match ${schema.pattern}`);
    }
  }
  if (Array.isArray(value) && schema.items !== undefined && !Array.isArray(schema.items)) {
    const items = schema.items;
    value.forEach((item, i) => problems.push(...schemaProblems(item, items, `${path}[${i}]`)));
  }
  if (isRecord(value)) problems.push(...objectProblems(value, schema, path));
  return problems;
}

function objectProblems(
  value: Record<string, unknown>,
  schema: PolicyConfigJSONSchema,
  path: string,
): string[] {
  const problems: string[] = [];
  for (const key of schema.required ?? []) {
    if (value[key] === undefined) problems.push(`${path}.${key}: is required`);
  }
  for (const [key, child] of Object.entries(value)) {
    const declared = schema.properties?.[key];
    if (declared !== undefined) problems.push(...schemaProblems(child, declared, `${path}.${key}`));
    else if (schema.additionalProperties === false) problems.push(`${path}.${key}: is not a known property`);
  }
  return problems;
}

function checkType(value: unknown, schema: PolicyConfigJSONSchema, path: string): string | undefined {
  if (schema.type === undefined) return undefined;
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  const matches = types.some((t) => {
    switch (t) {
      case "integer":
        return Number.isInteger(value);
      case "number":
        return typeof value === "number";
      case "array":
        return Array.isArray(value);
      case "object":
        return isRecord(value);
      case "null":
        return value === null;
      default:
        return typeof value === t;
    }
  });
  return matches ? undefined : `${path}: must be of type ${types.join(" or ")}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
