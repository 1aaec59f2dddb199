/**
 * Edges of structural-schema validation (lib/crd-schema/structural.ts) and of the CRD check in
 * lib/crd-schema/index.ts that the suites of the 2026-12-02 mutation run left open: numeric bounds
 * apply to numbers only, list constraints to lists only, property constraints to objects only,
 * `oneOf` with more than two alternatives, failures that are not CEL errors (while parsing or
 * evaluating a rule) propagating instead of reading as a rule violation, and a document whose kind
 * is not CustomResourceDefinition refused.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { crdSchemaValidator } from "../lib/crd-schema";
import { validateStructural, type StructuralSchema } from "../lib/crd-schema/structural";

/** Problems as `<path>: <message>` lines. */
const check = (schema: StructuralSchema, value: unknown): string[] =>
  validateStructural(schema, value).map((p) => `${p.path}: ${p.message}`);

describe("constraints apply only to values of their type", () => {
  it("holds numbers, not numeric strings, to format int32, minimum, maximum and multipleOf", () => {
    const schema: StructuralSchema = {
      "x-kubernetes-int-or-string": true,
      format: "int32",
      minimum: 5,
      maximum: 10,
      multipleOf: 2,
    };
    assert.deepEqual(check(schema, "3"), []);
    assert.deepEqual(check(schema, "-3000000000"), []);
    assert.deepEqual(check(schema, "11"), []);
    assert.deepEqual(check(schema, 3), ["(root): must be at least 5", "(root): must be a multiple of 2"]);
    assert.deepEqual(check(schema, 12), ["(root): must be at most 10"]);
    assert.deepEqual(check(schema, -3000000000), [
      "(root): must fit in 32 bits",
      "(root): must be at least 5",
    ]);
  });

  it("holds lists, not strings or objects, to maxItems, minItems, list types and items", () => {
    const schema: StructuralSchema = {
      maxItems: 1,
      minItems: 1,
      "x-kubernetes-list-type": "set",
      items: { type: "integer" },
    };
    assert.deepEqual(check(schema, "ab"), []);
    assert.deepEqual(check(schema, ""), []);
    assert.deepEqual(check(schema, { a: "x", b: "y" }), []);
    assert.deepEqual(check(schema, [1, 1]), [
      "(root): must have at most 1 items",
      "[1]: duplicates an earlier item (list type set)",
    ]);
    assert.deepEqual(check(schema, []), ["(root): must have at least 1 items"]);
  });

  it("holds objects, not lists or strings, to maxProperties, minProperties and required", () => {
    const schema: StructuralSchema = { maxProperties: 1, minProperties: 1, required: ["name"] };
    assert.deepEqual(check(schema, ["a", "b"]), []);
    assert.deepEqual(check(schema, []), []);
    assert.deepEqual(check(schema, "ab"), []);
    assert.deepEqual(check(schema, { a: 1, b: 2 }), [
      "(root): must have at most 1 entries",
      "name: is required",
    ]);
    assert.deepEqual(check(schema, {}), ["(root): must have at least 1 entries", "name: is required"]);
  });
});

describe("oneOf", () => {
  const schema: StructuralSchema = {
    type: "integer",
    oneOf: [{ minimum: 10 }, { maximum: 0 }, { multipleOf: 7 }],
  };

  it("accepts a value matching exactly one of three alternatives", () => {
    assert.deepEqual(check(schema, 11), []);
    assert.deepEqual(check(schema, -1), []);
    assert.deepEqual(check(schema, 7), []);
  });

  it("refuses a value matching none, or two, of three alternatives", () => {
    assert.deepEqual(check(schema, 5), ["(root): must match exactly one of the schema's oneOf alternatives"]);
    assert.deepEqual(check(schema, 14), [
      "(root): must match exactly one of the schema's oneOf alternatives",
    ]);
  });

  it("accepts a value matching the only alternative and refuses one that does not", () => {
    const single: StructuralSchema = { oneOf: [{ type: "string" }] };
    assert.deepEqual(check(single, "x"), []);
    assert.deepEqual(check(single, 1), ["(root): must match exactly one of the schema's oneOf alternatives"]);
  });
});

describe("failures that are not CEL errors propagate", () => {
  it("while parsing a rule (a stack overflow is not reported as a failed rule)", () => {
    const depth = 50000;
    const rule = `${"(".repeat(depth)}true${")".repeat(depth)}`;
    const schema: StructuralSchema = { type: "object", "x-kubernetes-validations": [{ rule }] };
    assert.throws(() => validateStructural(schema, {}), RangeError);
  });

  it("while evaluating a rule (a host failure is not reported as an evaluation error)", () => {
    const value: Record<string, unknown> = {};
    // Not enumerable, so the structural checks never read it; the rule does.
    Object.defineProperty(value, "boom", {
      enumerable: false,
      get(): unknown {
        throw new TypeError("host failure");
      },
    });
    const schema: StructuralSchema = {
      type: "object",
      "x-kubernetes-validations": [{ rule: "self.boom == 1", message: "boom must be 1" }],
    };
    assert.throws(() => validateStructural(schema, value), { name: "TypeError", message: "host failure" });
    // A CEL error in the same rule is a violation, as on the API server.
    assert.deepEqual(check(schema, {}), ["(root): boom must be 1 (evaluation error: no such key: boom)"]);
  });
});

describe("crdSchemaValidator", () => {
  it("refuses a document of another kind even when it has a CRD's spec", () => {
    const text = [
      "apiVersion: apiextensions.k8s.io/v1",
      "kind: CustomResourceDefinitionList",
      "metadata: { name: widgets.example.com }",
      "spec:",
      "  group: example.com",
      "  names: { kind: Widget }",
      "  versions:",
      "    - name: v1",
      "      served: true",
      "      schema: { openAPIV3Schema: { type: object } }",
    ].join("\n");
    assert.throws(() => crdSchemaValidator(text), {
      message: "not a CustomResourceDefinition with group, names.kind and versions",
    });
    assert.equal(
      crdSchemaValidator(text.replace("CustomResourceDefinitionList", "CustomResourceDefinition")).kind,
      "Widget",
    );
  });
});
