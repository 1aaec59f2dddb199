/**
 * Structural-schema validation (lib/crd-schema/structural.ts) rule by rule, and the validator built
 * from a CustomResourceDefinition (lib/crd-schema/index.ts): defaults, each type, format, enum,
 * length, bound, item, property and list-type check on both sides of its boundary with the exact
 * message and path, the x-kubernetes-* extensions, when CEL rules run and how their failures read,
 * and the ObjectMeta rules a manifest is held to.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { crdSchemaValidator } from "../lib/crd-schema";
import {
  applyDefaults,
  isTransitionRule,
  validateStructural,
  type StructuralSchema,
} from "../lib/crd-schema/structural";

/** Problems as `<path>: <message>` lines. */
const check = (schema: StructuralSchema, value: unknown, path?: string): string[] =>
  validateStructural(schema, value, path).map((p) => `${p.path}: ${p.message}`);

describe("defaults", () => {
  it("sets an absent field's default, including falsy defaults, and keeps present fields", () => {
    const schema: StructuralSchema = {
      type: "object",
      properties: {
        a: { type: "integer", default: 0 },
        b: { type: "boolean", default: false },
        c: { type: "string", default: "" },
        d: { type: "string", nullable: true, default: null },
        e: { type: "string" },
      },
    };
    assert.deepEqual(applyDefaults(schema, {}), { a: 0, b: false, c: "", d: null });
    assert.deepEqual(applyDefaults(schema, { a: 5, e: "x" }), { a: 5, e: "x", b: false, c: "", d: null });
    assert.deepEqual(applyDefaults(schema, { a: undefined }), { a: 0, b: false, c: "", d: null });
  });

  it("defaults inside a default, inside list items and inside additionalProperties values", () => {
    const inner: StructuralSchema = { type: "object", properties: { n: { type: "integer", default: 7 } } };
    const schema: StructuralSchema = {
      type: "object",
      properties: {
        obj: { ...inner, default: {} },
        list: { type: "array", items: inner },
        plain: { type: "array" },
        byName: { type: "object", additionalProperties: inner },
      },
    };
    assert.deepEqual(applyDefaults(schema, { list: [{}, { n: 1 }], plain: [{}], byName: { x: {} } }), {
      list: [{ n: 7 }, { n: 1 }],
      plain: [{}],
      byName: { x: { n: 7 } },
      obj: { n: 7 },
    });
  });

  it("leaves scalars and fields with no schema as they are, and never shares the schema's default", () => {
    const schema: StructuralSchema = {
      type: "object",
      properties: { tags: { type: "array", items: { type: "string" }, default: ["a"] } },
    };
    assert.equal(applyDefaults(schema, "text"), "text");
    assert.deepEqual(applyDefaults(schema, { other: { deep: 1 } }), { other: { deep: 1 }, tags: ["a"] });
    const first = applyDefaults(schema, {}) as { tags: string[] };
    first.tags.push("b");
    assert.deepEqual(applyDefaults(schema, {}), { tags: ["a"] });
    assert.deepEqual(schema.properties!["tags"]!.default, ["a"]);
  });
});

describe("types", () => {
  it("refuses a value of the wrong type, saying what was expected and what was given", () => {
    assert.deepEqual(check({ type: "object" }, [1]), ["(root): must be an object, got an array"]);
    assert.deepEqual(check({ type: "array" }, { a: 1 }), ["(root): must be an array, got an object"]);
    assert.deepEqual(check({ type: "string" }, 1), ["(root): must be a string, got number 1"]);
    assert.deepEqual(check({ type: "integer" }, 1.5), ["(root): must be an integer, got number 1.5"]);
    assert.deepEqual(check({ type: "integer" }, "1"), ['(root): must be an integer, got string "1"']);
    assert.deepEqual(check({ type: "number" }, "1"), ['(root): must be a number, got string "1"']);
    assert.deepEqual(check({ type: "number" }, Infinity), ["(root): must be a number, got number null"]);
    assert.deepEqual(check({ type: "boolean" }, "true"), ['(root): must be a boolean, got string "true"']);
    assert.deepEqual(check({ type: "string" }, false, "spec.x"), [
      "spec.x: must be a string, got boolean false",
    ]);
  });

  it("accepts a value of the right type, and anything where no type is given", () => {
    assert.deepEqual(check({ type: "object" }, {}), []);
    assert.deepEqual(check({ type: "array" }, []), []);
    assert.deepEqual(check({ type: "string" }, ""), []);
    assert.deepEqual(check({ type: "integer" }, -3), []);
    assert.deepEqual(check({ type: "number" }, 1.5), []);
    assert.deepEqual(check({ type: "boolean" }, false), []);
    assert.deepEqual(check({}, [1, "a"]), []);
  });

  it("accepts an integer or a string for int-or-string, nothing else", () => {
    const schema: StructuralSchema = { "x-kubernetes-int-or-string": true };
    assert.deepEqual(check(schema, 3), []);
    assert.deepEqual(check(schema, "50%"), []);
    assert.deepEqual(check(schema, 1.5), ["(root): must be an integer or a string, got number 1.5"]);
    assert.deepEqual(check(schema, true), ["(root): must be an integer or a string, got boolean true"]);
  });

  it("refuses null unless the schema is nullable, and checks nothing else of a null", () => {
    assert.deepEqual(check({ type: "string" }, null), ["(root): must not be null"]);
    assert.deepEqual(check({ type: "string" }, null, "spec.a"), ["spec.a: must not be null"]);
    assert.deepEqual(check({ type: "string", nullable: true, minLength: 3 }, null), []);
  });

  it("stops at a wrong type without checking the value's constraints", () => {
    assert.deepEqual(
      check({ type: "string", enum: ["a"], "x-kubernetes-validations": [{ rule: "false" }] }, 1),
      ["(root): must be a string, got number 1"],
    );
  });
});

describe("enums, strings and formats", () => {
  it("compares enum members by value, objects included", () => {
    assert.deepEqual(check({ enum: [1, 2] }, 2), []);
    assert.deepEqual(check({ enum: [1, 2] }, 3), ["(root): must be one of 1, 2, got 3"]);
    assert.deepEqual(check({ enum: [{ a: 1 }] }, { a: 1 }), []);
    assert.deepEqual(check({ enum: ["a", null] }, "b"), ['(root): must be one of "a", null, got "b"']);
  });

  it("counts string lengths in code points, on both sides of each bound", () => {
    const schema: StructuralSchema = { type: "string", minLength: 2, maxLength: 3 };
    assert.deepEqual(check(schema, "ab"), []);
    assert.deepEqual(check(schema, "abc"), []);
    assert.deepEqual(check(schema, "\u{1F600}\u{1F600}\u{1F600}"), []);
    assert.deepEqual(check(schema, "a"), ["(root): must be at least 2 characters"]);
    assert.deepEqual(check(schema, "abcd"), ["(root): must be at most 3 characters"]);
  });

  it("tests patterns as Unicode regular expressions", () => {
    assert.deepEqual(check({ type: "string", pattern: "^[a-z]+$" }, "abc"), []);
    assert.deepEqual(check({ type: "string", pattern: "^[a-z]+$" }, "aBc"), [
      '(root): "aBc" does not match ^[a-z]+$',
    ]);
    assert.deepEqual(check({ type: "string", pattern: "^.$" }, "\u{1F600}"), []);
  });

  it("checks RFC 3339 date-times, and no other format of a string", () => {
    const schema: StructuralSchema = { type: "string", format: "date-time" };
    for (const ok of ["2026-12-01T10:00:00Z", "2026-12-01t10:00:00z", "2026-12-01 10:00:00.123+01:00"]) {
      assert.deepEqual(check(schema, ok), [], ok);
    }
    for (const bad of [
      "2026-12-01T10:00:00",
      "x2026-12-01T10:00:00Z",
      "2026-12-01T10:00:00Zx",
      "2026-12-01",
    ]) {
      assert.deepEqual(check(schema, bad), ["(root): must be an RFC 3339 date-time"], bad);
    }
    assert.deepEqual(check({ type: "string", format: "uri" }, "not a uri"), []);
  });
});

describe("numbers", () => {
  it("fits int32 values in 32 bits, on both sides of each end", () => {
    const schema: StructuralSchema = { type: "integer", format: "int32" };
    assert.deepEqual(check(schema, 2147483647), []);
    assert.deepEqual(check(schema, -2147483648), []);
    assert.deepEqual(check(schema, 2147483648), ["(root): must fit in 32 bits"]);
    assert.deepEqual(check(schema, -2147483649), ["(root): must fit in 32 bits"]);
    assert.deepEqual(check({ type: "integer", format: "int64" }, 2147483648), []);
  });

  it("checks inclusive minimum and maximum on both sides", () => {
    const schema: StructuralSchema = { type: "number", minimum: 1, maximum: 3 };
    assert.deepEqual(check(schema, 1), []);
    assert.deepEqual(check(schema, 3), []);
    assert.deepEqual(check(schema, 0.5), ["(root): must be at least 1"]);
    assert.deepEqual(check(schema, 3.5), ["(root): must be at most 3"]);
  });

  it("checks exclusive minimum and maximum on both sides", () => {
    const schema: StructuralSchema = {
      type: "number",
      minimum: 1,
      maximum: 3,
      exclusiveMinimum: true,
      exclusiveMaximum: true,
    };
    assert.deepEqual(check(schema, 1.5), []);
    assert.deepEqual(check(schema, 2.5), []);
    assert.deepEqual(check(schema, 1), ["(root): must be more than 1"]);
    assert.deepEqual(check(schema, 3), ["(root): must be less than 3"]);
  });

  it("checks multipleOf", () => {
    assert.deepEqual(check({ type: "integer", multipleOf: 3 }, 6), []);
    assert.deepEqual(check({ type: "integer", multipleOf: 3 }, 0), []);
    assert.deepEqual(check({ type: "integer", multipleOf: 3 }, 7), ["(root): must be a multiple of 3"]);
  });
});

describe("allOf, anyOf, oneOf and not", () => {
  const positive: StructuralSchema = { type: "integer", minimum: 1 };
  const small: StructuralSchema = { type: "integer", maximum: 9 };

  it("reports every allOf branch's problems", () => {
    assert.deepEqual(check({ allOf: [positive, small] }, 5), []);
    assert.deepEqual(check({ allOf: [positive, small] }, 0), ["(root): must be at least 1"]);
    assert.deepEqual(check({ allOf: [positive, small] }, 10), ["(root): must be at most 9"]);
  });

  it("needs at least one anyOf branch", () => {
    assert.deepEqual(check({ anyOf: [positive, small] }, 10), []);
    assert.deepEqual(check({ anyOf: [{ type: "string" }, { type: "boolean" }] }, 1), [
      "(root): matches none of the schema's anyOf alternatives",
    ]);
  });

  it("needs exactly one oneOf branch", () => {
    assert.deepEqual(check({ oneOf: [positive, small] }, 10), []);
    assert.deepEqual(check({ oneOf: [positive, small] }, 5), [
      "(root): must match exactly one of the schema's oneOf alternatives",
    ]);
    assert.deepEqual(check({ oneOf: [{ type: "string" }, { type: "boolean" }] }, 1), [
      "(root): must match exactly one of the schema's oneOf alternatives",
    ]);
  });

  it("refuses a value matching the not schema", () => {
    assert.deepEqual(check({ not: positive }, 0), []);
    assert.deepEqual(check({ not: positive }, 1), ["(root): matches a schema it must not match"]);
  });
});

describe("arrays", () => {
  it("checks minItems and maxItems on both sides", () => {
    const schema: StructuralSchema = { type: "array", minItems: 1, maxItems: 2 };
    assert.deepEqual(check(schema, [1]), []);
    assert.deepEqual(check(schema, [1, 2]), []);
    assert.deepEqual(check(schema, []), ["(root): must have at least 1 items"]);
    assert.deepEqual(check(schema, [1, 2, 3]), ["(root): must have at most 2 items"]);
  });

  it("validates each item with its index in the path", () => {
    assert.deepEqual(check({ type: "array", items: { type: "string" } }, ["a", 1, "b", 2], "spec.args"), [
      "spec.args[1]: must be a string, got number 1",
      "spec.args[3]: must be a string, got number 2",
    ]);
    assert.deepEqual(check({ type: "array", items: { type: "string" } }, [3]), [
      "[0]: must be a string, got number 3",
    ]);
  });

  it("refuses duplicate items in a set list, by value", () => {
    const schema: StructuralSchema = { type: "array", "x-kubernetes-list-type": "set" };
    assert.deepEqual(check(schema, ["a", "b"]), []);
    assert.deepEqual(check(schema, ["a", "b", "a", "b"], "tags"), [
      "tags[2]: duplicates an earlier item (list type set)",
      "tags[3]: duplicates an earlier item (list type set)",
    ]);
    assert.deepEqual(check({ type: "array", "x-kubernetes-list-type": "atomic" }, ["a", "a"]), []);
    assert.deepEqual(check({ type: "array" }, ["a", "a"]), []);
  });

  it("refuses items of a map list that repeat its keys, and only its keys", () => {
    const schema: StructuralSchema = {
      type: "array",
      "x-kubernetes-list-type": "map",
      "x-kubernetes-list-map-keys": ["name", "port"],
    };
    assert.deepEqual(
      check(schema, [
        { name: "a", port: 1, x: 1 },
        { name: "a", port: 2, x: 1 },
        { name: "b", port: 1 },
      ]),
      [],
    );
    assert.deepEqual(
      check(schema, [
        { name: "a", port: 1, x: 1 },
        { name: "a", port: 1, x: 2 },
      ]),
      ["[1]: duplicates an earlier item (list type map)"],
    );
    assert.deepEqual(check(schema, ["a", "b"]), ["[1]: duplicates an earlier item (list type map)"]);
    assert.deepEqual(check({ type: "array", "x-kubernetes-list-type": "map" }, [{ a: 1 }, { a: 2 }]), [
      "[1]: duplicates an earlier item (list type map)",
    ]);
  });
});

describe("objects", () => {
  it("checks minProperties and maxProperties on both sides", () => {
    const schema: StructuralSchema = { type: "object", minProperties: 1, maxProperties: 2 };
    assert.deepEqual(check(schema, { a: 1 }), []);
    assert.deepEqual(check(schema, { a: 1, b: 2 }), []);
    assert.deepEqual(check(schema, {}), ["(root): must have at least 1 entries"]);
    assert.deepEqual(check(schema, { a: 1, b: 2, c: 3 }), ["(root): must have at most 2 entries"]);
  });

  it("reports each required field that is absent, by its path", () => {
    const schema: StructuralSchema = {
      type: "object",
      required: ["a", "b"],
      properties: { a: { type: "string" }, b: { type: "string" } },
    };
    assert.deepEqual(check(schema, { a: "x", b: "y" }), []);
    assert.deepEqual(check(schema, {}), ["a: is required", "b: is required"]);
    assert.deepEqual(check(schema, { a: undefined, b: "y" }, "spec"), ["spec.a: is required"]);
  });

  it("validates declared properties and additionalProperties values with their paths", () => {
    const schema: StructuralSchema = {
      type: "object",
      properties: { inner: { type: "object", properties: { n: { type: "integer" } } } },
    };
    assert.deepEqual(check(schema, { inner: { n: "1" } }, "spec"), [
      'spec.inner.n: must be an integer, got string "1"',
    ]);
    assert.deepEqual(check({ type: "object", additionalProperties: { type: "string" } }, { a: "x", b: 2 }), [
      "b: must be a string, got number 2",
    ]);
  });

  it("refuses undeclared fields unless the schema keeps unknown fields or declares none", () => {
    const dropped = "is not in the CRD schema (the API server would drop it, so it would never take effect)";
    const declared: StructuralSchema = { type: "object", properties: { a: { type: "string" } } };
    assert.deepEqual(check(declared, { a: "x", b: 1 }, "spec"), [`spec.b: ${dropped}`]);
    assert.deepEqual(check(declared, { a: "x", b: undefined }), []);
    assert.deepEqual(check({ type: "object", additionalProperties: false }, { b: 1 }), [`b: ${dropped}`]);
    assert.deepEqual(check({ ...declared, "x-kubernetes-preserve-unknown-fields": true }, { b: 1 }), []);
    assert.deepEqual(check({ ...declared, additionalProperties: true }, { b: 1 }), []);
    assert.deepEqual(check({ type: "object" }, { b: 1 }), []);
  });
});

describe("CEL rules in a schema", () => {
  const rule = (r: string, extra: Record<string, unknown> = {}) =>
    ({ "x-kubernetes-validations": [{ rule: r, ...extra }] }) as StructuralSchema;

  it("passes a rule that is true and reports one that is not with its message, or the rule", () => {
    assert.deepEqual(check(rule("self > 1"), 2), []);
    assert.deepEqual(check(rule("self > 1", { message: "too small" }), 1, "spec.n"), ["spec.n: too small"]);
    assert.deepEqual(check(rule("self > 1"), 1), ["(root): failed rule: self > 1"]);
    assert.deepEqual(check(rule("self"), "yes"), ["(root): failed rule: self"]);
  });

  it("reports a rule's fieldPath under the node's path", () => {
    assert.deepEqual(check(rule("self.a > 1", { fieldPath: ".a", message: "bad a" }), { a: 1 }, "spec"), [
      "spec.a: bad a",
    ]);
    assert.deepEqual(check(rule("self.a > 1", { fieldPath: ".a" }), { a: 1 }), [
      ".a: failed rule: self.a > 1",
    ]);
  });

  it("reports an evaluation error with the rule's message or text", () => {
    assert.deepEqual(check(rule("self.a > 1", { message: "needs a" }), {}), [
      "(root): needs a (evaluation error: no such key: a)",
    ]);
    assert.deepEqual(check(rule("self.a > 1"), {}), [
      "(root): self.a > 1 (evaluation error: no such key: a)",
    ]);
  });

  it("reports a rule it cannot parse, and skips transition rules", () => {
    assert.deepEqual(check(rule("self.quantity() > 1"), 1), [
      '(root): rule "self.quantity() > 1" cannot be evaluated: function quantity() is not supported by this evaluator',
    ]);
    assert.deepEqual(check(rule("self == oldSelf", { message: "immutable" }), 1), []);
    assert.equal(isTransitionRule("self == oldSelf"), true);
    assert.equal(isTransitionRule("self > 1"), false);
    assert.equal(isTransitionRule("self.quantity() > oldSelf"), false);
  });

  it("checks every rule of a node, in order", () => {
    const schema: StructuralSchema = {
      "x-kubernetes-validations": [
        { rule: "self > 1", message: "first" },
        { rule: "self == oldSelf", message: "transition" },
        { rule: "self > 2", message: "second" },
      ],
    };
    assert.deepEqual(check(schema, 1), ["(root): first", "(root): second"]);
    assert.deepEqual(check(schema, 2), ["(root): second"]);
  });

  it("runs a node's rules only when its subtree has no other problem", () => {
    const schema: StructuralSchema = {
      type: "object",
      properties: { n: { type: "integer" } },
      "x-kubernetes-validations": [{ rule: "false", message: "never" }],
    };
    assert.deepEqual(check(schema, { n: "x" }), ['n: must be an integer, got string "x"']);
    assert.deepEqual(check(schema, { n: 1 }), ["(root): never"]);
  });
});

describe("a validator built from a CRD", () => {
  const crd = (scope: string, versions: string) => `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
spec:
  group: example.io
  ${scope}
  names: { kind: Gadget }
  versions:
${versions}
`;
  const v1 = `
    - name: v1
      served: true
      schema:
        openAPIV3Schema:
          type: object
          required: [spec]
          properties:
            apiVersion: { type: string }
            kind: { type: string }
            metadata: { type: object }
            spec:
              type: object
              properties:
                size: { type: integer, default: 1, maximum: 5 }`;
  const gadgets = crdSchemaValidator(crd("", v1));
  const gadget = (metadata: unknown = { name: "g", namespace: "ns" }, spec: unknown = {}) => ({
    apiVersion: "example.io/v1",
    kind: "Gadget",
    metadata,
    spec,
  });

  it("reads the group, kind, served versions and scope (Namespaced when unset)", () => {
    assert.equal(gadgets.group, "example.io");
    assert.equal(gadgets.kind, "Gadget");
    assert.equal(gadgets.scope, "Namespaced");
    assert.deepEqual(gadgets.versions, ["v1"]);
    const two = crdSchemaValidator(
      crd(
        "scope: Cluster",
        `${v1}
    - name: v2
      served: true
      schema: { openAPIV3Schema: { type: object } }
    - name: v0
      served: false
      schema: { openAPIV3Schema: { type: object } }
    - name: v3
      served: true`,
      ),
    );
    assert.equal(two.scope, "Cluster");
    assert.deepEqual(two.versions, ["v1", "v2"]);
    assert.deepEqual(two.problems({ ...gadget({ name: "g" }), apiVersion: "example.io/v0" }), [
      "apiVersion: example.io/v0 is not a served version of Gadget; served: example.io/v1, example.io/v2",
    ]);
  });

  it("refuses a document that is not a CRD, or serves no version with a schema", () => {
    const notCrd = "not a CustomResourceDefinition with group, names.kind and versions";
    assert.throws(() => crdSchemaValidator("kind: ConfigMap\nspec: {}"), { message: notCrd });
    assert.throws(() => crdSchemaValidator("kind: CustomResourceDefinition"), { message: notCrd });
    assert.throws(() => crdSchemaValidator(crd("", v1).replace("names: { kind: Gadget }", "")), {
      message: notCrd,
    });
    assert.throws(() => crdSchemaValidator(crd("", v1).replace("group: example.io", "")), {
      message: notCrd,
    });
    assert.throws(() => crdSchemaValidator(crd("", v1).replace("names: { kind: Gadget }", "names: {}")), {
      message: notCrd,
    });
    assert.throws(() => crdSchemaValidator(crd("", "").replace("  versions:\n", "")), { message: notCrd });
    assert.throws(() => crdSchemaValidator(crd("", "    - name: v1\n      served: true")), {
      message: "CRD Gadget.example.io serves no version with a schema",
    });
    assert.throws(() => crdSchemaValidator(crd("", v1.replace("served: true", "served: false"))), {
      message: "CRD Gadget.example.io serves no version with a schema",
    });
  });

  it("accepts a valid namespaced object, with the schema's defaults applied", () => {
    assert.deepEqual(gadgets.problems(gadget()), []);
    assert.deepEqual(
      gadgets.problems(
        gadget({
          name: "g.example",
          namespace: "ns",
          labels: { "app.kubernetes.io/name": "g" },
          annotations: { note: "any text at all" },
          finalizers: ["example.io/f"],
          ownerReferences: [],
        }),
      ),
      [],
    );
  });

  it("refuses a manifest that is not an object, or of an unserved apiVersion", () => {
    assert.deepEqual(gadgets.problems([]), ["(root): must be an object"]);
    assert.deepEqual(gadgets.problems(null), ["(root): must be an object"]);
    assert.deepEqual(gadgets.problems("x"), ["(root): must be an object"]);
    assert.deepEqual(gadgets.problems({ kind: "Gadget" }), [
      "apiVersion: undefined is not a served version of Gadget; served: example.io/v1",
    ]);
  });

  it("reports the kind, then metadata, then the schema's problems", () => {
    assert.deepEqual(gadgets.problems({ ...gadget(null, { size: 9 }), kind: "Widget" }), [
      "kind: must be Gadget, got Widget",
      "metadata: is required",
      "spec.size: must be at most 5",
    ]);
    assert.deepEqual(gadgets.problems({ apiVersion: "example.io/v1", kind: "Gadget", metadata: [] }), [
      "metadata: is required",
      "spec: is required",
    ]);
  });

  it("holds metadata to ObjectMeta's rules for a namespaced kind", () => {
    assert.deepEqual(gadgets.problems(gadget({ name: "g" })), [
      "metadata.namespace: is required for a namespaced kind",
    ]);
    assert.deepEqual(gadgets.problems(gadget({ namespace: "ns" })), [
      "metadata.name: undefined must be a DNS-1123 subdomain of at most 253 characters",
    ]);
    assert.deepEqual(gadgets.problems(gadget({ name: 5, namespace: "ns", uid: "u" })), [
      "metadata.name: 5 must be a DNS-1123 subdomain of at most 253 characters",
      "metadata.uid: is not an ObjectMeta field this program sets",
    ]);
  });

  it("holds labels and annotations to maps of strings with valid keys, and label values to their form", () => {
    const meta = (extra: Record<string, unknown>) => ({ name: "g", namespace: "ns", ...extra });
    assert.deepEqual(gadgets.problems(gadget(meta({ labels: ["a"], annotations: "x" }))), [
      "metadata.labels: must be a map of strings",
      "metadata.annotations: must be a map of strings",
    ]);
    assert.deepEqual(gadgets.problems(gadget(meta({ labels: { a: 1, "-bad": "v", b: "has space" } }))), [
      "metadata.labels.a: must be a string",
      "metadata.labels.-bad: is not a valid key",
      'metadata.labels.b: "has space" is not a valid label value',
    ]);
    assert.deepEqual(gadgets.problems(gadget(meta({ annotations: { a: true, "bad key": "has space" } }))), [
      "metadata.annotations.a: must be a string",
      "metadata.annotations.bad key: is not a valid key",
    ]);
  });

  it("refuses a namespace on a cluster-scoped kind and needs none", () => {
    const cluster = crdSchemaValidator(crd("scope: Cluster", v1));
    assert.deepEqual(cluster.problems(gadget({ name: "g" })), []);
    assert.deepEqual(cluster.problems(gadget({ name: "g", namespace: "ns" })), [
      "metadata.namespace: the kind is cluster-scoped, so it has no namespace",
    ]);
  });
});
