/**
 * How zod's issues become the `<key path>: <message>` lines users read (stacks/issue-messages.ts),
 * on small literal schemas: a missing key, an unknown key with its did-you-mean (case or up to two
 * edits), a record key, a YAML scalar where text was wanted (quote it, or the digits YAML dropped),
 * a value outside an enum, bounds of numbers, strings and lists, and a schema's own message kept as
 * written; and the schema walk (`schemaAt`, `allowedKeysAt`) through optionals, defaults, nullables,
 * pipes, arrays and records.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { z } from "zod";
import { ConfigError, formatIssues, formatPath } from "../stacks/errors";
import {
  allowedKeysAt,
  describeIssueAt,
  describeSchemaIssue,
  PARSE_OPTIONS,
  schemaAt,
  unknownKeyMessage,
} from "../stacks/issue-messages";

/** The lines `schema` gives for `value` found under `root` (fails when it is accepted). */
function problems(schema: z.ZodType, value: unknown, options: object = PARSE_OPTIONS): string[] {
  const result = schema.safeParse(value, options);
  assert.equal(result.success, false, `accepted ${JSON.stringify(value)}`);
  return result
    .error!.issues.flatMap((issue) => describeIssueAt(["root"], issue, schema))
    .map((i) => `${i.path}: ${i.message}`);
}

describe("issue messages: the top-level key", () => {
  const schema = z.strictObject({ alpha: z.string() });

  it("says how to set a missing top-level key", () => {
    const [issue] = schema.safeParse(undefined, PARSE_OPTIONS).error!.issues;
    assert.deepEqual(describeSchemaIssue("network", issue!, schema), [
      { path: "network", message: "is required (pulumi config set game-infra:network ...)" },
    ]);
  });

  it("describes any other issue at its path under the key", () => {
    const [wrongType] = schema.safeParse([], PARSE_OPTIONS).error!.issues;
    assert.deepEqual(describeSchemaIssue("network", wrongType!, schema), [
      { path: "network", message: "must be an object, received array" },
    ]);
    const [missing] = schema.safeParse({}, PARSE_OPTIONS).error!.issues;
    assert.deepEqual(describeSchemaIssue("network", missing!, schema), [
      { path: "network.alpha", message: "is required" },
    ]);
  });
});

describe("issue messages: unknown keys", () => {
  const schema = z.strictObject({
    alpha: z.string().optional(),
    beta: z.string().optional(),
    items: z.array(z.strictObject({ name: z.string().optional(), size: z.number().optional() })).optional(),
    pools: z.record(z.string(), z.strictObject({ min: z.number().optional() })).optional(),
  });

  it("gives one line per unknown key, each with every allowed key", () => {
    assert.deepEqual(problems(schema, { zzz: 1, yyyyyy: 2 }), [
      "root.zzz: unknown key; allowed: alpha, beta, items, pools",
      "root.yyyyyy: unknown key; allowed: alpha, beta, items, pools",
    ]);
  });

  it("suggests a key differing by case, or by up to two edits", () => {
    assert.deepEqual(problems(schema, { ALPHA: "x" }), [
      'root.ALPHA: unknown key (did you mean "alpha"?); allowed: alpha, beta, items, pools',
    ]);
    assert.deepEqual(problems(schema, { bexx: "x" }), [
      'root.bexx: unknown key (did you mean "beta"?); allowed: alpha, beta, items, pools',
    ]);
    assert.deepEqual(problems(schema, { bxxx: "x" }), [
      "root.bxxx: unknown key; allowed: alpha, beta, items, pools",
    ]);
  });

  it("lists the keys of the object the unknown key is in: inside a list or a record", () => {
    assert.deepEqual(problems(schema, { items: [{}, { nmae: "a" }] }), [
      'root.items[1].nmae: unknown key (did you mean "name"?); allowed: name, size',
    ]);
    assert.deepEqual(problems(schema, { pools: { game: { max: 3 } } }), [
      'root.pools.game.max: unknown key (did you mean "min"?); allowed: min',
    ]);
  });

  it("unknownKeyMessage without any allowed key", () => {
    assert.equal(unknownKeyMessage("x", []), "unknown key; allowed: ");
    assert.equal(
      unknownKeyMessage("Name", ["name", "other"]),
      'unknown key (did you mean "name"?); allowed: name, other',
    );
  });
});

describe("issue messages: record keys, missing values and types", () => {
  it("says what a record's key schema says about a bad key", () => {
    const schema = z.record(
      z.string().regex(/^[a-z]+$/, { message: "must be a lower-case team name" }),
      z.number(),
    );
    assert.deepEqual(problems(schema, { Ops: 1 }), ["root.Ops: must be a lower-case team name"]);
  });

  it("calls a missing value required, whether or not zod kept the input", () => {
    const schema = z.strictObject({ name: z.string(), count: z.number() });
    assert.deepEqual(problems(schema, { count: 1 }), ["root.name: is required"]);
    assert.deepEqual(problems(schema, { count: 1 }, {}), ["root.name: is required"]);
    // Without the input kept, a value of the wrong type is still not "required".
    assert.deepEqual(problems(schema, { name: "a", count: [] }, {}), [
      "root.count: must be a number, received array",
    ]);
  });

  it("turns zod's type message into 'must be a/an ...', and a whole number for int", () => {
    const schema = z.strictObject({
      name: z.string().optional(),
      count: z.int().optional(),
      list: z.array(z.string()).optional(),
      on: z.boolean().optional(),
    });
    assert.deepEqual(problems(schema, { count: 1.5 }), [
      "root.count: must be a whole number, received number",
    ]);
    assert.deepEqual(problems(schema, { count: "3" }), ["root.count: must be a number, received string"]);
    assert.deepEqual(problems(schema, { list: "a" }), ["root.list: must be an array, received string"]);
    assert.deepEqual(problems(schema, { on: "yes" }), ["root.on: must be a boolean, received string"]);
    assert.deepEqual(problems(schema, { name: [] }), ["root.name: must be a string, received array"]);
  });

  it("keeps a schema's own type message", () => {
    const schema = z.strictObject({ name: z.string({ error: "must be the server's name" }).optional() });
    assert.deepEqual(problems(schema, { name: [] }), ["root.name: must be the server's name"]);
  });
});

describe("issue messages: a YAML number or boolean where text was wanted", () => {
  const schema = z.strictObject({
    version: z.string().optional(),
    named: z.string({ error: "must be the release name" }).optional(),
    tag: z
      .string()
      .regex(/^v\d+$/, { message: "must be v and digits" })
      .optional(),
    engine: z.enum(["8.0", "8.4"]).optional(),
    blank: z.enum([" ", "a"]).optional(),
    level: z.literal([1, 2]).optional(),
  });

  it("says to quote a number, and to check the digits YAML may have dropped", () => {
    assert.deepEqual(problems(schema, { version: 1.4 }), [
      'root.version: must be a string; got the number 1.4; YAML read it as a number: quote it ("1.4"); YAML drops trailing zeros (1.40 reads as 1.4): check the quoted digits are the ones you meant',
    ]);
  });

  it("says to quote a boolean, without the digits note", () => {
    assert.deepEqual(problems(schema, { version: true }), [
      'root.version: must be a string; got the boolean true; YAML read it as a boolean: quote it ("true")',
    ]);
  });

  it("keeps a schema's own message in the quoting advice", () => {
    assert.deepEqual(problems(schema, { named: 7 }), [
      'root.named: must be the release name; got the number 7; YAML read it as a number: quote it ("7"); YAML drops trailing zeros (1.40 reads as 1.4): check the quoted digits are the ones you meant',
    ]);
  });

  it("says when quoting would not help, and that a fraction lost its digits", () => {
    assert.deepEqual(problems(schema, { tag: 1.5 }), [
      "root.tag: must be v and digits; got the number 1.5 (YAML read it as a number, and quoted it would still be wrong); YAML drops trailing zeros (1.40 reads as 1.4), so write the digits you meant",
    ]);
    assert.deepEqual(problems(schema, { tag: 15 }), [
      "root.tag: must be v and digits; got the number 15 (YAML read it as a number, and quoted it would still be wrong)",
    ]);
    assert.deepEqual(problems(schema, { tag: false }), [
      "root.tag: must be v and digits; got the boolean false (YAML read it as a boolean, and quoted it would still be wrong)",
    ]);
  });

  it("names the enum value YAML read as a number without its trailing zero", () => {
    assert.deepEqual(problems(schema, { engine: 8 }), [
      'root.engine: must be one of "8.0", "8.4"; got the number 8: YAML read 8.0 as a number and dropped its trailing zeros; quote it ("8.0")',
    ]);
    assert.deepEqual(problems(schema, { engine: 8.4 }), [
      'root.engine: must be one of "8.0", "8.4"; got the number 8.4: YAML read 8.4 as a number and dropped its trailing zeros; quote it ("8.4")',
    ]);
    assert.deepEqual(problems(schema, { engine: 9 }), [
      'root.engine: must be one of "8.0", "8.4"; got the number 9 (YAML read it as a number)',
    ]);
    assert.deepEqual(problems(schema, { engine: true }), [
      'root.engine: must be one of "8.0", "8.4"; got the boolean true (YAML read it as a boolean)',
    ]);
    // A blank allowed value is not the number 0 YAML read.
    assert.deepEqual(problems(schema, { blank: 0 }), [
      'root.blank: must be one of " ", "a"; got the number 0 (YAML read it as a number)',
    ]);
  });

  it("lists allowed values plainly when text was not wanted or the input was text", () => {
    assert.deepEqual(problems(schema, { level: 5 }), ["root.level: must be one of 1, 2"]);
    assert.deepEqual(problems(schema, { engine: "5.7" }), ['root.engine: must be one of "8.0", "8.4"']);
  });
});

describe("issue messages: bounds", () => {
  const schema = z.strictObject({
    list: z.array(z.string()).min(2).optional(),
    named: z.array(z.string()).min(1, { message: "needs a CIDR" }).optional(),
    count: z.number().min(3).max(9).optional(),
    own: z.number().max(5, { message: "must be 5 or less" }).optional(),
    text: z.string().min(2).max(4).optional(),
    rule: z
      .string()
      .refine((v) => v !== "x", { message: "must not be x" })
      .optional(),
  });

  it("says how many items a list needs, or the schema's own message", () => {
    assert.deepEqual(problems(schema, { list: ["a"] }), ["root.list: needs at least 2 item(s)"]);
    assert.deepEqual(problems(schema, { named: [] }), ["root.named: needs a CIDR"]);
  });

  it("says the bound a number or text missed, or the schema's own message", () => {
    assert.deepEqual(problems(schema, { count: 2 }), ["root.count: must be at least 3"]);
    assert.deepEqual(problems(schema, { count: 10 }), ["root.count: must be at most 9"]);
    assert.deepEqual(problems(schema, { own: 6 }), ["root.own: must be 5 or less"]);
    assert.deepEqual(problems(schema, { text: "a" }), ["root.text: must be at least 2"]);
    assert.deepEqual(problems(schema, { text: "abcde" }), ["root.text: must be at most 4"]);
  });

  it("keeps a refinement's message", () => {
    assert.deepEqual(problems(schema, { rule: "x" }), ["root.rule: must not be x"]);
  });
});

describe("issue messages: walking a schema", () => {
  const inner = z.strictObject({ a: z.string(), b: z.number() });
  const schema = z.strictObject({
    opt: inner.optional(),
    def: inner.default({ a: "x", b: 1 }),
    nul: inner.nullable(),
    piped: z.string().pipe(z.string().min(1)).optional(),
    list: z.array(inner),
    rec: z.record(z.string(), inner),
    text: z.string(),
  });

  it("finds the schema at a path through optionals, defaults, nullables, arrays and records", () => {
    for (const path of [["opt"], ["def"], ["nul"], ["list", 0], ["rec", "game"]]) {
      assert.deepEqual(allowedKeysAt(schema, path), ["a", "b"], path.join("."));
    }
    assert.equal(schemaAt(schema, ["opt", "a"])?.def.type, "string");
    assert.equal(schemaAt(schema, ["list", 3, "b"])?.def.type, "number");
    assert.equal(schemaAt(schema, ["rec", "x", "b"])?.def.type, "number");
    assert.equal(schemaAt(schema, [])?.def.type, "object");
  });

  it("goes into the input side of a pipe", () => {
    const found = schemaAt(schema, ["piped"]);
    assert.equal(found?.def.type, "string");
    assert.equal(found?.safeParse("").success, true, "the pipe's input schema takes an empty string");
  });

  it("lists the keys of a union's object branch, and none for a union of scalars", () => {
    const bounds = z.union([z.int(), z.strictObject({ min: z.int(), max: z.int() })]);
    const named = z.union([z.enum(["a", "b"]), z.strictObject({ when: z.string() })]).optional();
    const scalars = z.union([z.string(), z.number()]);
    const withUnions = z.strictObject({ bounds, named, scalars });
    assert.deepEqual(allowedKeysAt(withUnions, ["bounds"]), ["min", "max"]);
    assert.deepEqual(allowedKeysAt(withUnions, ["named"]), ["when"]);
    assert.deepEqual(allowedKeysAt(withUnions, ["scalars"]), []);
    assert.deepEqual(problems(withUnions, { bounds: { min: 1, max: 2, mx: 3 }, scalars: "x" }), [
      'root.bounds.mx: unknown key (did you mean "min"?); allowed: min, max',
    ]);
  });

  it("finds nothing past a scalar or under an unknown key", () => {
    assert.equal(schemaAt(schema, ["text", "x"]), undefined);
    assert.equal(schemaAt(schema, ["missing"]), undefined);
    assert.equal(schemaAt(schema, ["missing", "deeper"]), undefined);
    assert.deepEqual(allowedKeysAt(schema, ["text"]), []);
    assert.deepEqual(allowedKeysAt(schema, ["missing"]), []);
    assert.deepEqual(allowedKeysAt(schema, []), ["opt", "def", "nul", "piped", "list", "rec", "text"]);
  });
});

describe("config errors: how problems are listed", () => {
  it("writes zod paths as keys with list indexes", () => {
    assert.equal(formatPath([]), "");
    assert.equal(formatPath(["environments", 2, "name"]), "environments[2].name");
    assert.equal(formatPath([0, "a", 1, 2]), "[0].a[1][2]");
    assert.equal(formatPath(["nodePools", "game", "limits"]), "nodePools.game.limits");
  });

  it("lists one problem per line under a header naming the stack and the count, sorted by key", () => {
    assert.equal(
      formatIssues("qa", [{ path: "network.cidr", message: "is wrong" }]),
      'invalid config for stack "qa" (1 problem; nothing was created):\n  network.cidr: is wrong',
    );
    const issues = [
      { path: "mysql.multiAz", message: "b" },
      { path: "cluster.version", message: "a" },
      { path: "Mysql", message: "c" },
    ];
    assert.equal(
      formatIssues("stage", issues),
      [
        'invalid config for stack "stage" (3 problems; nothing was created):',
        "  cluster.version: a",
        "  Mysql: c",
        "  mysql.multiAz: b",
      ].join("\n"),
    );
    assert.equal(issues[0]!.path, "mysql.multiAz", "the caller's list is left in its order");
  });

  it("carries the stack and its issues, named ConfigError", () => {
    const issues = [{ path: "tier", message: "must be one of dev, qa, stage" }];
    const err = new ConfigError("dev", issues);
    assert.ok(err instanceof Error);
    assert.equal(err.name, "ConfigError");
    assert.equal(err.stackName, "dev");
    assert.deepEqual(err.issues, issues);
    assert.equal(
      err.message,
      'invalid config for stack "dev" (1 problem; nothing was created):\n  tier: must be one of dev, qa, stage',
    );
  });
});
