/**
 * Edges of how zod's issues become the `<key path>: <message>` lines users read
 * (stacks/issue-messages.ts) that the mutation run of 2026-12-02 left alive: a missing value whose
 * schema has its own type message, a missing enum, a number bound never worded as a list's, a
 * refinement's own "Too ..." message kept, a schema's own message quoting zod's words kept as
 * written, a YAML number among allowed values of mixed kinds (text and numbers), a YAML number
 * inside a tuple (a schema the walk does not enter), and the walk not entering a map. Literal
 * schemas, no Pulumi runtime.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { z } from "zod";
import { describeIssueAt, PARSE_OPTIONS, schemaAt } from "../stacks/issue-messages";

/** The lines `schema` gives for `value` found under `root` (fails when it is accepted). */
function problems(schema: z.ZodType, value: unknown): string[] {
  const result = schema.safeParse(value, PARSE_OPTIONS);
  assert.equal(result.success, false, `accepted ${JSON.stringify(value)}`);
  return result
    .error!.issues.flatMap((issue) => describeIssueAt(["root"], issue, schema))
    .map((i) => `${i.path}: ${i.message}`);
}

describe("issue messages (s4): missing values", () => {
  it("calls a missing value required even when its schema has its own type message", () => {
    const schema = z.strictObject({ name: z.string({ error: "must be the server's name" }) });
    assert.deepEqual(problems(schema, {}), ["root.name: is required"]);
  });

  it("lists the allowed values of a missing enum (only a type issue is a missing value)", () => {
    const schema = z.strictObject({ mode: z.enum(["a", "b"]) });
    assert.deepEqual(problems(schema, {}), ['root.mode: must be one of "a", "b"']);
  });
});

describe("issue messages (s4): bounds and a schema's own words", () => {
  it("words a number's lower bound as a bound, never as a list's item count", () => {
    const schema = z.strictObject({ count: z.number().min(3) });
    assert.deepEqual(problems(schema, { count: 2 }), ["root.count: must be at least 3"]);
  });

  it("keeps a refinement's own message that starts with 'Too '", () => {
    const schema = z.strictObject({
      name: z.string().refine((v) => v.length < 3, { message: "Too long for a name" }),
    });
    assert.deepEqual(problems(schema, { name: "abcd" }), ["root.name: Too long for a name"]);
  });

  it("keeps a schema's own type message that quotes zod's words after its start", () => {
    const schema = z.strictObject({
      name: z.string({ error: "see the docs (Invalid input: expected text)" }),
    });
    assert.deepEqual(problems(schema, { name: [] }), [
      "root.name: see the docs (Invalid input: expected text)",
    ]);
  });

  it("keeps all of a schema's own message that says 'received' before its end, when YAML read a number", () => {
    const schema = z.strictObject({
      release: z.string({ error: "must be a release name, received from CI" }),
    });
    assert.deepEqual(problems(schema, { release: 7 }), [
      'root.release: must be a release name, received from CI; got the number 7; YAML read it as a number: quote it ("7"); YAML drops trailing zeros (1.40 reads as 1.4): check the quoted digits are the ones you meant',
    ]);
  });
});

describe("issue messages (s4): a YAML number among allowed values of mixed kinds", () => {
  it("lists text and number values alike, and only text values are taken as digits YAML shortened", () => {
    const schema = z.strictObject({ level: z.literal(["off", 0, "8.0"]) });
    assert.deepEqual(problems(schema, { level: 5 }), [
      'root.level: must be one of "off", 0, "8.0"; got the number 5 (YAML read it as a number)',
    ]);
    assert.deepEqual(problems(schema, { level: 8 }), [
      'root.level: must be one of "off", 0, "8.0"; got the number 8: YAML read 8.0 as a number and dropped its trailing zeros; quote it ("8.0")',
    ]);
  });
});

describe("issue messages (s4): where the schema walk stops", () => {
  it("says to quote a YAML number inside a tuple, whose element schema the walk does not find", () => {
    const schema = z.strictObject({ pair: z.tuple([z.string(), z.string()]) });
    assert.equal(schemaAt(schema, ["pair", 0]), undefined);
    assert.deepEqual(problems(schema, { pair: [5, "b"] }), [
      'root.pair[0]: must be a string; got the number 5; YAML read it as a number: quote it ("5"); YAML drops trailing zeros (1.40 reads as 1.4): check the quoted digits are the ones you meant',
    ]);
  });

  it("does not walk into a map (only optionals, pipes, objects, arrays and records)", () => {
    const schema = z.strictObject({ byName: z.map(z.string(), z.number()) });
    assert.equal(schemaAt(schema, ["byName"])?.def.type, "map");
    assert.equal(schemaAt(schema, ["byName", "game"]), undefined);
  });
});
