/**
 * The CRD-schema validator (lib/crd-schema): the CEL subset CRD rules are written in, structural
 * checks with defaults, and CRD loading; then that it reads every rule of the vendored Karpenter CRDs.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { parse } from "yaml";
import { CelError, evaluateCel, freeVariables, parseCel, type CelValue } from "../lib/crd-schema/cel";
import { applyDefaults, validateStructural, type StructuralSchema } from "../lib/crd-schema/structural";
import { crdSchemaValidator } from "../lib/crd-schema";
import { KARPENTER_CRD_FILES, KARPENTER_UPSTREAM_DIR } from "../lib/karpenter-crds";

const cel = (rule: string, self: CelValue) => evaluateCel(parseCel(rule), { self });

describe("the CEL evaluator", () => {
  it("evaluates field access, has(), size(), in and the ternary as CEL defines them", () => {
    const self = { a: "x", list: [1, 2, 3], map: { k: "v" } };
    assert.equal(cel("self.a == 'x' && has(self.list) && !has(self.missing)", self), true);
    assert.equal(cel("self.list.size() == 3 && size(self.map) == 1", self), true);
    assert.equal(cel("'k' in self.map && 2 in self.list && !(4 in self.list)", self), true);
    assert.equal(cel("has(self.b) ? self.b == 1 : self.list[0] + 1 == 2", self), true);
    assert.equal(cel("\"it's\" == 'it\\'s'", null), true);
  });

  it("evaluates the macros all, exists, exists_one, filter and map over lists and map keys", () => {
    const self = { items: [{ n: 1 }, { n: 2 }, { n: 3 }], tags: { a: "1", b: "" } };
    assert.equal(cel("self.items.all(x, x.n > 0)", self), true);
    assert.equal(cel("self.items.exists(x, x.n == 2)", self), true);
    assert.equal(cel("self.items.exists_one(x, x.n > 2)", self), true);
    assert.equal(cel("self.items.filter(x, x.n >= 2).size()", self), 2);
    assert.deepEqual(cel("self.items.map(x, x.n * 10)", self), [10, 20, 30]);
    assert.equal(cel("self.tags.all(k, k != '' && self.tags[k] != '')", self), false);
  });

  it("has the string and regex functions Kubernetes adds", () => {
    assert.deepEqual(cel("self.split('@')", "bottlerocket@v1.68.1"), ["bottlerocket", "v1.68.1"]);
    assert.equal(cel("self.find('^[^@]+')", "al2023@latest"), "al2023");
    assert.equal(cel("self.find('^z')", "abc"), "");
    assert.equal(cel("self.matches('^[a-zA-Z0-9]+@.+$')", "bottlerocket@v1"), true);
    assert.equal(
      cel("self.startsWith('kubernetes.io/cluster') || self.endsWith('x')", "kubernetes.io/cluster/a"),
      true,
    );
    assert.equal(cel("int(self) >= 0", "12"), true);
  });

  it("absorbs an error on one side of || and && when the other side decides, as CEL does", () => {
    assert.equal(cel("self.missing == 1 || true", {}), true);
    assert.equal(cel("false && self.missing == 1", {}), false);
    assert.throws(() => cel("self.missing == 1 || false", {}), CelError);
    assert.throws(() => cel("self.list.all(x, x.missing)", { list: [{}] }), /no such key: missing/);
    assert.equal(cel("self.list.all(x, x.n == 1)", { list: [{ n: 2 }, {}] }), false);
  });

  it("refuses a function it does not implement when parsing, naming it", () => {
    assert.throws(
      () => parseCel("self.quantity().isGreaterThan(1)"),
      /function quantity\(\) is not supported/,
    );
  });

  it("finds the variables a rule reads, so transition rules (oldSelf) can be told apart", () => {
    assert.deepEqual([...freeVariables(parseCel("self.all(x, x == oldSelf.y)"))].sort(), ["oldSelf", "self"]);
  });
});

describe("structural validation", () => {
  const schema: StructuralSchema = {
    type: "object",
    required: ["name"],
    properties: {
      name: { type: "string", pattern: "^[a-z]+$", maxLength: 5 },
      count: { type: "integer", minimum: 1, maximum: 3, default: 2 },
      mode: { type: "string", enum: ["a", "b"] },
      limit: {
        "x-kubernetes-int-or-string": true,
        anyOf: [{ type: "integer" }, { type: "string" }],
        pattern: "^[0-9]+Gi$",
      },
      tags: { type: "array", items: { type: "string" }, "x-kubernetes-list-type": "set" },
      labels: { type: "object", additionalProperties: { type: "string" } },
      nested: {
        type: "object",
        properties: { on: { type: "boolean" } },
        "x-kubernetes-validations": [{ rule: "self.on == true", message: "must be on" }],
      },
    },
  };

  it("applies defaults to absent fields before validating, as the API server does", () => {
    assert.deepEqual(applyDefaults(schema, { name: "a" }), { name: "a", count: 2 });
    assert.deepEqual(validateStructural(schema, applyDefaults(schema, { name: "a" })), []);
  });

  it("reports types, patterns, lengths, bounds, enums, duplicates and required fields by path", () => {
    const problems = validateStructural(schema, {
      count: 9,
      mode: "c",
      limit: "1Ti",
      tags: ["x", "x"],
      labels: { a: 1 },
    }).map((p) => `${p.path}: ${p.message}`);
    assert.deepEqual(problems, [
      "name: is required",
      "count: must be at most 3",
      'mode: must be one of "a", "b", got "c"',
      'limit: "1Ti" does not match ^[0-9]+Gi$',
      "tags[1]: duplicates an earlier item (list type set)",
      "labels.a: must be a string, got number 1",
    ]);
    assert.match(
      validateStructural(schema, { name: "ABCDEF" })
        .map((p) => p.message)
        .join(),
      /at most 5 characters/,
    );
  });

  it("accepts an integer or a string where the schema says int-or-string", () => {
    assert.deepEqual(validateStructural(schema, { name: "a", limit: 4 }), []);
    assert.deepEqual(validateStructural(schema, { name: "a", limit: "4Gi" }), []);
    assert.match(
      validateStructural(schema, { name: "a", limit: true })[0]!.message,
      /an integer or a string/,
    );
  });

  it("reports a field the schema does not declare, which the API server would silently drop", () => {
    assert.deepEqual(validateStructural(schema, { name: "a", nmae: "b" }), [
      {
        path: "nmae",
        message: "is not in the CRD schema (the API server would drop it, so it would never take effect)",
      },
    ]);
  });

  it("evaluates a node's CEL rules and reports their message", () => {
    assert.deepEqual(validateStructural(schema, { name: "a", nested: { on: false } }), [
      { path: "nested", message: "must be on" },
    ]);
  });
});

describe("a validator built from a CRD", () => {
  const crd = `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
spec:
  group: example.io
  scope: Cluster
  names: { kind: Widget }
  versions:
    - name: v1
      served: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            apiVersion: { type: string }
            kind: { type: string }
            metadata: { type: object }
            spec:
              type: object
              properties:
                size: { type: integer, default: 1 }
              x-kubernetes-validations:
                - rule: self.size < 10
                  message: too big
                - rule: self.size == oldSelf.size
                  message: immutable
`;
  const widgets = crdSchemaValidator(crd);
  const widget = (spec: object, metadata: object = { name: "w" }) => ({
    apiVersion: "example.io/v1",
    kind: "Widget",
    metadata,
    spec,
  });

  it("accepts a valid object, skipping transition rules (oldSelf) as a create does", () => {
    assert.deepEqual(widgets.problems(widget({ size: 3 })), []);
  });

  it("checks apiVersion, kind, metadata of a cluster-scoped kind, and the schema", () => {
    assert.deepEqual(widgets.problems({ ...widget({}), apiVersion: "example.io/v2" }), [
      "apiVersion: example.io/v2 is not a served version of Widget; served: example.io/v1",
    ]);
    assert.deepEqual(widgets.problems(widget({ size: 12 }, { name: "Bad_Name", namespace: "x" })), [
      'metadata.name: "Bad_Name" must be a DNS-1123 subdomain of at most 253 characters',
      "metadata.namespace: the kind is cluster-scoped, so it has no namespace",
      "spec: too big",
    ]);
  });
});

describe("the vendored Karpenter CRDs", () => {
  const rules: string[] = [];
  const collect = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(collect);
    if (node === null || typeof node !== "object") return;
    for (const [key, value] of Object.entries(node)) {
      if (key === "x-kubernetes-validations")
        rules.push(...(value as Array<{ rule: string }>).map((v) => v.rule));
      collect(value);
    }
  };
  for (const file of Object.values(KARPENTER_CRD_FILES)) {
    collect(parse(readFileSync(join(KARPENTER_UPSTREAM_DIR, file), "utf8")));
  }

  it("have CEL rules that all parse with the evaluator's functions (74 rules in 1.14.1)", () => {
    assert.equal(rules.length, 74);
    const unparsed = rules.filter((rule) => {
      try {
        parseCel(rule);
        return false;
      } catch {
        return true;
      }
    });
    assert.deepEqual(unparsed, []);
  });
});
