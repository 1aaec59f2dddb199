/**
 * The CEL subset CRD validation rules are written in (lib/crd-schema/cel.ts), operator by operator
 * and function by function: the literal forms the tokenizer reads, precedence and associativity, the
 * parse tree the parser builds, the variables a rule reads, every operator's and function's result
 * and the exact error each refuses a value with. Expectations are hand-written from CEL's language
 * definition (https://github.com/google/cel-spec, doc/langdef.md) and Kubernetes' string and regex
 * libraries.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  CelError,
  evaluateCel,
  freeVariables,
  parseCel,
  type CelNode,
  type CelValue,
} from "../lib/crd-schema/cel";

/** The value of `rule` with `self` bound (and nothing else). */
const cel = (rule: string, self: CelValue = null): CelValue => evaluateCel(parseCel(rule), { self });

/** The message of the CelError `rule` fails with (when parsing or when evaluating). */
const failure = (rule: string, self: CelValue = null): string => {
  try {
    cel(rule, self);
  } catch (err) {
    assert.ok(err instanceof CelError, `${rule}: ${String(err)} is not a CelError`);
    return err.message;
  }
  assert.fail(`${rule} did not fail`);
};

const ident = (name: string): CelNode => ({ kind: "ident", name });
const lit = (value: CelValue): CelNode => ({ kind: "literal", value });

describe("CEL literals as the tokenizer reads them", () => {
  it("reads ints, doubles with exponents, hexadecimal and unsigned ints", () => {
    assert.equal(cel("42"), 42);
    assert.equal(cel("1.5"), 1.5);
    assert.equal(cel("1.5e1"), 15);
    assert.equal(cel("2.5E-1"), 0.25);
    assert.equal(cel("2e2"), 200);
    assert.equal(cel("2E+2"), 200);
    assert.equal(cel("0x1F"), 31);
    assert.equal(cel("0xff"), 255);
    assert.equal(cel("3u"), 3);
    assert.equal(cel("7U"), 7);
    assert.equal(cel("12.25e2"), 1225);
    assert.equal(cel("15e-1"), 1.5);
    assert.equal(cel("1e10"), 10000000000);
    assert.equal(cel("0xABC"), 2748);
    assert.equal(cel("123"), 123);
  });

  it("reads single, double, triple-quoted and raw strings", () => {
    assert.equal(cel("'a b'"), "a b");
    assert.equal(cel('"a b"'), "a b");
    assert.equal(cel("'''it's'''"), "it's");
    assert.equal(cel('"""say "hi" """'), 'say "hi" ');
    assert.equal(cel(String.raw`r'a\d'`), String.raw`a\d`);
    assert.equal(cel(String.raw`R"a\n"`), String.raw`a\n`);
    assert.equal(cel("''"), "");
  });

  it("reads every escape CEL defines", () => {
    assert.equal(cel(String.raw`'\n\t\r\\\'\"\`\?\a\b\f\v'`), "\n\t\r\\'\"`?\u0007\b\f\v");
    assert.equal(cel(String.raw`"x\"y"`), 'x"y');
  });

  it("reads an identifier that starts with r as an identifier, not a raw string", () => {
    assert.equal(evaluateCel(parseCel("r + rr"), { r: 1, rr: 2 }), 3);
    assert.equal(evaluateCel(parseCel("R"), { R: "big" }), "big");
    assert.equal(evaluateCel(parseCel("_a + a_1 + A9"), { _a: 1, a_1: 2, A9: 4 }), 7);
  });

  it("reads true, false and null as literals, not variables", () => {
    assert.equal(cel("true"), true);
    assert.equal(cel("false"), false);
    assert.equal(cel("null"), null);
    assert.deepEqual(parseCel("null"), lit(null));
    assert.deepEqual(parseCel("false"), lit(false));
    assert.equal(cel("'true'"), "true");
    assert.equal(cel("'null'"), "null");
  });

  it("skips whitespace of every kind between tokens", () => {
    assert.equal(cel(" \t1\n+\r2 "), 3);
  });

  it("refuses an unterminated string, an unknown escape and an unknown character, saying where", () => {
    assert.equal(failure("'abc"), "unterminated string starting at 0");
    assert.equal(failure("1 + '''abc''"), "unterminated string starting at 4");
    assert.equal(failure(String.raw`'a\q'`), String.raw`unsupported escape \q at 2`);
    assert.equal(failure("'a\\"), "unsupported escape \\ at 2");
    assert.equal(failure("1 # 2"), 'unexpected character "#" at 2');
    assert.equal(failure("a = 1"), 'unexpected character "=" at 2');
  });
});

describe("the CEL parse tree", () => {
  it("builds selections, indexes, method calls and global calls", () => {
    assert.deepEqual(parseCel("self.a"), { kind: "select", operand: ident("self"), field: "a" });
    assert.deepEqual(parseCel("self[0]"), { kind: "index", operand: ident("self"), index: lit(0) });
    assert.deepEqual(parseCel("self.size()"), { kind: "call", fn: "size", args: [], target: ident("self") });
    assert.deepEqual(parseCel("size(self)"), { kind: "call", fn: "size", args: [ident("self")] });
    assert.deepEqual(parseCel("self.split(',', 2)"), {
      kind: "call",
      fn: "split",
      args: [lit(","), lit(2)],
      target: ident("self"),
    });
  });

  it("builds has(), macros, lists, maps, unary, binary and conditional nodes", () => {
    assert.deepEqual(parseCel("has(self.a)"), { kind: "has", operand: ident("self"), field: "a" });
    assert.deepEqual(parseCel("self.all(x, x)"), {
      kind: "macro",
      macro: "all",
      target: ident("self"),
      variable: "x",
      body: ident("x"),
    });
    assert.deepEqual(parseCel("[1, 'a']"), { kind: "list", items: [lit(1), lit("a")] });
    assert.deepEqual(parseCel("[]"), { kind: "list", items: [] });
    assert.deepEqual(parseCel("{'a': 1, 'b': 2}"), {
      kind: "map",
      entries: [
        [lit("a"), lit(1)],
        [lit("b"), lit(2)],
      ],
    });
    assert.deepEqual(parseCel("{}"), { kind: "map", entries: [] });
    assert.deepEqual(parseCel("-x"), { kind: "unary", op: "-", operand: ident("x") });
    assert.deepEqual(parseCel("!x"), { kind: "unary", op: "!", operand: ident("x") });
    assert.deepEqual(parseCel("a in b"), { kind: "binary", op: "in", left: ident("a"), right: ident("b") });
    assert.deepEqual(parseCel("a ? b : c"), {
      kind: "conditional",
      test: ident("a"),
      then: ident("b"),
      otherwise: ident("c"),
    });
  });

  it("reads strings that spell punctuation as strings", () => {
    assert.deepEqual(cel("[')', ']', '}', ',', ':', '?', '(', '[', '.', '!', '-']"), [
      ")",
      "]",
      "}",
      ",",
      ":",
      "?",
      "(",
      "[",
      ".",
      "!",
      "-",
    ]);
    assert.deepEqual(cel("{'}': ':', ',': ']'}"), { "}": ":", ",": "]" });
    assert.equal(cel("size(')') + size(',')"), 2);
    assert.equal(cel("'in' + 'in'"), "inin");
  });

  it("accepts a trailing comma in lists, maps and argument lists", () => {
    assert.deepEqual(cel("[1, 2,]"), [1, 2]);
    assert.deepEqual(cel("{'a': 1,}"), { a: 1 });
    assert.equal(cel("size([1],)"), 1);
  });

  it("binds * / % tighter than + -, tighter than comparisons, tighter than && and ||", () => {
    assert.equal(cel("2 + 3 * 4"), 14);
    assert.equal(cel("(2 + 3) * 4"), 20);
    assert.equal(cel("20 - 6 / 3"), 18);
    assert.equal(cel("1 + 7 % 4"), 4);
    assert.equal(cel("1 + 1 == 2"), true);
    assert.equal(cel("1 + 1 in [2]"), true);
    assert.equal(cel("1 < 2 == true"), true);
    assert.equal(cel("true || false && false"), true);
    assert.equal(cel("false && true || true"), true);
    assert.equal(cel("!false && false"), false);
    assert.equal(cel("-2 * 3"), -6);
  });

  it("associates binary operators to the left and the conditional to the right", () => {
    assert.equal(cel("10 - 3 - 2"), 5);
    assert.equal(cel("100 / 10 / 5"), 2);
    assert.equal(cel("17 % 10 % 4"), 3);
    assert.equal(cel("false ? 1 : true ? 2 : 3"), 2);
    assert.equal(cel("true ? 1 : false ? 2 : 3"), 1);
    assert.equal(cel("false ? 1 : false ? 2 : 3"), 3);
    assert.equal(cel("true ? 1 + 1 : 0"), 2);
  });

  it("reads repeated unary operators", () => {
    assert.equal(cel("--3"), 3);
    assert.equal(cel("!!true"), true);
    assert.equal(cel("-self.n", { n: 4 }), -4);
  });

  it("chains selections, indexes and calls", () => {
    assert.equal(cel("self.a[1].b.size()", { a: [{ b: "" }, { b: "xyz" }] }), 3);
    assert.equal(cel("self['a']['b']", { a: { b: 2 } }), 2);
  });

  it("refuses malformed expressions with the position and what it found", () => {
    assert.equal(failure("[1 2]"), 'expected "," at 3, found "2"');
    assert.equal(failure("{'a' 1}"), 'expected ":" at 5, found "1"');
    assert.equal(failure("{'a': 1 'b': 2}"), 'expected "," at 8, found "b"');
    assert.equal(failure("true ? 1"), 'expected ":" at 8, found "end"');
    assert.equal(failure("(1 + 2"), 'expected ")" at 6, found "end"');
    assert.equal(failure("self[0"), 'expected "]" at 6, found "end"');
    assert.equal(failure("size(1 2)"), 'expected "," at 7, found "2"');
    assert.equal(failure("self.1"), "expected a field name at 5");
    assert.equal(failure(""), 'unexpected "end" at 0');
    assert.equal(failure(")"), 'unexpected ")" at 0');
    assert.equal(failure("1 +"), 'unexpected "end" at 3');
    assert.equal(failure("1 2"), 'unexpected "2" at 2');
    assert.equal(failure("a b"), 'unexpected "b" at 2');
    assert.equal(failure("(1))"), 'unexpected ")" at 3');
  });

  it("refuses macros and has() called without the shape they need", () => {
    assert.equal(failure("self.all(1, true)"), "all() takes a variable name and an expression");
    assert.equal(failure("self.exists(x)"), "exists() takes a variable name and an expression");
    assert.equal(failure("self.map(x, x, x)"), "map() takes a variable name and an expression");
    assert.equal(failure("self.all()"), "all() takes a variable name and an expression");
    assert.equal(failure("has(self)"), "has() takes one field selection, such as has(self.field)");
    assert.equal(failure("has(self.a, self.b)"), "has() takes one field selection, such as has(self.field)");
    assert.equal(failure("has()"), "has() takes one field selection, such as has(self.field)");
  });

  it("refuses functions it does not implement, and macros or has() in the wrong position", () => {
    assert.equal(failure("quantity('1')"), "function quantity() is not supported by this evaluator");
    assert.equal(failure("all(x, true)"), "function all() is not supported by this evaluator");
    assert.equal(failure("self.has(x.y)"), "function has() is not supported by this evaluator");
    assert.equal(failure("self.sort()"), "function sort() is not supported by this evaluator");
  });

  it("knows every function it documents", () => {
    for (const rule of [
      "size('a')",
      "'a'.matches('a')",
      "'a'.startsWith('a')",
      "'a'.endsWith('a')",
      "'a'.contains('a')",
      "int('1')",
      "uint('1')",
      "double('1')",
      "string(1)",
      "'a'.split('a')",
      "'a'.lowerAscii()",
      "'a'.upperAscii()",
      "'a'.trim()",
      "'a'.indexOf('a')",
      "'a'.find('a')",
      "'a'.findAll('a')",
    ]) {
      assert.doesNotThrow(() => cel(rule), rule);
    }
  });
});

describe("the variables a CEL rule reads", () => {
  it("finds every free variable in every kind of node, leaving out macro variables", () => {
    const rule =
      "[a, {b: c}, -d, e ? f : g, h[i], j.k, has(l.m), n.size(), size(o), p.all(x, x + q), r.map(y, y) + x]";
    assert.deepEqual([...freeVariables(parseCel(rule))].sort(), [
      "a",
      "b",
      "c",
      "d",
      "e",
      "f",
      "g",
      "h",
      "i",
      "j",
      "l",
      "n",
      "o",
      "p",
      "q",
      "r",
      "x",
    ]);
  });

  it("counts a macro's target as read even when it has the variable's name", () => {
    assert.deepEqual([...freeVariables(parseCel("x.all(x, x > 0)"))], ["x"]);
    assert.deepEqual([...freeVariables(parseCel("1 + 2"))], []);
    assert.deepEqual([...freeVariables(parseCel("a.all(x, b.all(y, x == y))"))], ["a", "b"]);
  });

  it("leaves out variables the caller says are bound", () => {
    assert.deepEqual([...freeVariables(parseCel("self == oldSelf"), new Set(["self"]))], ["oldSelf"]);
  });
});

describe("CEL selection and indexing", () => {
  it("selects fields of maps and tests them with has()", () => {
    assert.equal(cel("self.a", { a: 1 }), 1);
    assert.equal(cel("has(self.a)", { a: null }), true);
    assert.equal(cel("has(self.b)", { a: 1 }), false);
    assert.equal(cel("has(self.a.b)", { a: { b: 0 } }), true);
  });

  it("refuses a missing field, a selection from a non-map and an undeclared variable", () => {
    assert.equal(failure("self.b", { a: 1 }), "no such key: b");
    assert.equal(failure("self.a", 1), "cannot select a from int");
    assert.equal(failure("self.a", [1]), "cannot select a from list");
    assert.equal(failure("self.a", null), "cannot select a from null");
    assert.equal(failure("has(self.a)", "x"), "has() cannot test a on string");
    assert.equal(failure("has(self.a)", [1]), "has() cannot test a on list");
    assert.equal(failure("other == 1"), "undeclared reference to other");
  });

  it("indexes lists by int within range and maps by string key", () => {
    assert.equal(cel("self[0]", [5, 6]), 5);
    assert.equal(cel("self[1]", [5, 6]), 6);
    assert.equal(cel("self['k']", { k: "v" }), "v");
    assert.equal(failure("self[2]", [5, 6]), "index 2 out of range");
    assert.equal(failure("self[-1]", [5, 6]), "index -1 out of range");
    assert.equal(failure("self[0]", []), "index 0 out of range");
    assert.equal(failure("self[0.5]", [5, 6]), "list index must be an int");
    assert.equal(failure("self['0']", [5, 6]), "list index must be an int");
    assert.equal(failure("self['z']", { k: "v" }), "no such key: z");
    assert.equal(failure("self[1]", { k: "v" }), "map key must be a string, got int");
    assert.equal(failure("self[0]", "abc"), "cannot index string");
    assert.equal(failure("self[0]", null), "cannot index null");
  });
});

describe("CEL lists, maps and unary operators", () => {
  it("builds lists and maps from expressions", () => {
    assert.deepEqual(cel("[self, self + 1]", 1), [1, 2]);
    assert.deepEqual(cel("{'a': self, 'b' + 'c': [self]}", 1), { a: 1, bc: [1] });
    assert.equal(failure("{1: 2}"), "map key must be a string, got int");
  });

  it("negates bools with ! and numbers with -", () => {
    assert.equal(cel("!self", true), false);
    assert.equal(cel("!self", false), true);
    assert.equal(cel("-self", 2.5), -2.5);
    assert.equal(failure("!1"), "the operand of ! must be a bool, got int");
    assert.equal(failure("!'a'"), "the operand of ! must be a bool, got string");
    assert.equal(failure("-'a'"), "cannot negate string");
    assert.equal(failure("-true"), "cannot negate bool");
  });

  it("evaluates only the branch of ?: its bool condition picks", () => {
    assert.equal(cel("self.on ? 'yes' : self.missing", { on: true }), "yes");
    assert.equal(cel("self.on ? self.missing : 'no'", { on: false }), "no");
    assert.equal(failure("1 ? 2 : 3"), "the condition of ?: must be a bool, got int");
    assert.equal(failure("null ? 2 : 3"), "the condition of ?: must be a bool, got null");
  });
});

describe("CEL && and ||", () => {
  it("has the truth tables of && and ||", () => {
    assert.equal(cel("true && true"), true);
    assert.equal(cel("true && false"), false);
    assert.equal(cel("false && true"), false);
    assert.equal(cel("false && false"), false);
    assert.equal(cel("true || true"), true);
    assert.equal(cel("true || false"), true);
    assert.equal(cel("false || true"), true);
    assert.equal(cel("false || false"), false);
  });

  it("lets a decisive side win over an error on either side, and raises the error otherwise", () => {
    assert.equal(cel("self.x || true", {}), true);
    assert.equal(cel("true || self.x", {}), true);
    assert.equal(cel("self.x && false", {}), false);
    assert.equal(cel("false && self.x", {}), false);
    assert.equal(failure("self.x && true", {}), "no such key: x");
    assert.equal(failure("true && self.y", {}), "no such key: y");
    assert.equal(failure("false || self.y", {}), "no such key: y");
    assert.equal(failure("self.x || self.y", {}), "no such key: x");
    assert.equal(failure("self.x && self.y", {}), "no such key: x");
  });

  it("refuses a side that is not a bool, naming the side and the operator", () => {
    assert.equal(failure("1 || true"), "the left side of || must be a bool, got int");
    assert.equal(failure("false || 'a'"), "the right side of || must be a bool, got string");
    assert.equal(failure("[] && true"), "the left side of && must be a bool, got list");
    assert.equal(failure("true && {}"), "the right side of && must be a bool, got map");
  });
});

describe("CEL equality, membership and comparison", () => {
  it("compares lists and maps by content", () => {
    assert.equal(cel("[1, 2] == [1, 2]"), true);
    assert.equal(cel("[1, 2] == [1, 3]"), false);
    assert.equal(cel("[1] == [1, 2]"), false);
    assert.equal(cel("[[1]] == [[1]]"), true);
    assert.equal(cel("{'a': 1} == {'a': 1}"), true);
    assert.equal(cel("{'a': 1} == {'a': 2}"), false);
    assert.equal(cel("{'a': 1} == {'b': 1}"), false);
    assert.equal(cel("{'a': 1} == {'a': 1, 'b': 2}"), false);
    assert.equal(cel("{'a': [1]} == {'a': [1]}"), true);
    assert.equal(cel("[1] == {'a': 1}"), false);
    assert.equal(cel("'a' == ['a']"), false);
    assert.equal(cel("['a'] == 'a'"), false);
    assert.equal(cel("{} == 1"), false);
    assert.equal(cel("1 == {}"), false);
    assert.equal(cel("{} == []"), false);
    assert.equal(cel("{} == null"), false);
    assert.equal(cel("null == null"), true);
    assert.equal(cel("1 == '1'"), false);
    assert.equal(cel("1 != 2"), true);
    assert.equal(cel("[1] != [1]"), false);
  });

  it("tests membership of lists by value and of maps by key", () => {
    assert.equal(cel("2 in [1, 2]"), true);
    assert.equal(cel("3 in [1, 2]"), false);
    assert.equal(cel("[1] in [[1], [2]]"), true);
    assert.equal(cel("'a' in {'a': 1}"), true);
    assert.equal(cel("'b' in {'a': 1}"), false);
    assert.equal(failure("1 in {'a': 1}"), "the key tested with in must be a string, got int");
    assert.equal(failure("'a' in 'abc'"), "in needs a list or a map, got string");
  });

  it("orders numbers and strings with <, <=, > and >=", () => {
    assert.equal(cel("1 < 2"), true);
    assert.equal(cel("2 < 2"), false);
    assert.equal(cel("2 <= 2"), true);
    assert.equal(cel("3 <= 2"), false);
    assert.equal(cel("3 > 2"), true);
    assert.equal(cel("2 > 2"), false);
    assert.equal(cel("2 >= 2"), true);
    assert.equal(cel("1 >= 2"), false);
    assert.equal(cel("1 < 1.5"), true);
    assert.equal(cel("'a' < 'b'"), true);
    assert.equal(cel("'b' <= 'a'"), false);
  });

  it("refuses to order values of different or unordered types", () => {
    assert.equal(failure("1 < 'a'"), "cannot compare int with string");
    assert.equal(failure("1.5 >= 'a'"), "cannot compare double with string");
    assert.equal(failure("true > false"), "cannot compare bool with bool");
    assert.equal(failure("[1] <= [2]"), "cannot compare list with list");
    assert.equal(failure("{} < {}"), "cannot compare map with map");
    assert.equal(failure("null < null"), "cannot compare null with null");
  });
});

describe("CEL arithmetic", () => {
  it("adds numbers, concatenates strings and lists", () => {
    assert.equal(cel("1 + 2"), 3);
    assert.equal(cel("'ab' + 'cd'"), "abcd");
    assert.deepEqual(cel("[1] + [2, 3]"), [1, 2, 3]);
    assert.equal(failure("1 + 'a'"), "cannot add int and string");
    assert.equal(failure("'a' + 1"), "cannot add string and int");
    assert.equal(failure("[1] + 1"), "cannot add list and int");
    assert.equal(failure("true + true"), "cannot add bool and bool");
  });

  it("subtracts, multiplies, divides ints truncating toward zero, and takes remainders", () => {
    assert.equal(cel("7 - 10"), -3);
    assert.equal(cel("3 * 4"), 12);
    assert.equal(cel("7 / 2"), 3);
    assert.equal(cel("-7 / 2"), -3);
    assert.equal(cel("7.5 / 2"), 3.75);
    assert.equal(cel("7 / 2.5"), 2.8);
    assert.equal(cel("7 % 3"), 1);
    assert.equal(cel("-7 % 3"), -1);
  });

  it("refuses division by zero and arithmetic on non-numbers", () => {
    assert.equal(failure("1 / 0"), "division by zero");
    assert.equal(failure("1 % 0"), "division by zero");
    assert.equal(failure("'a' - 1"), "- needs numbers, got string and int");
    assert.equal(failure("1 * true"), "* needs numbers, got int and bool");
    assert.equal(failure("null / 1"), "/ needs numbers, got null and int");
    assert.equal(failure("1 % [1]"), "% needs numbers, got int and list");
  });
});

describe("CEL macros", () => {
  const items = [{ n: 1 }, { n: 2 }, { n: 3 }];

  it("all() and exists() over lists and map keys", () => {
    assert.equal(cel("self.all(x, x.n > 0)", items), true);
    assert.equal(cel("self.all(x, x.n > 1)", items), false);
    assert.equal(cel("self.exists(x, x.n == 3)", items), true);
    assert.equal(cel("self.exists(x, x.n == 4)", items), false);
    assert.equal(cel("[].all(x, false)"), true);
    assert.equal(cel("[].exists(x, true)"), false);
    assert.equal(cel("self.all(k, k.size() == 1)", { a: 1, b: 2 }), true);
    assert.equal(cel("self.exists(k, k == 'b')", { a: 1, b: 2 }), true);
  });

  it("all() is false when one member is false even if another errs, and errs otherwise", () => {
    assert.equal(cel("self.all(x, x.n == 1)", [{}, { n: 2 }]), false);
    assert.equal(failure("self.all(x, x.n == 1)", [{}, { n: 1 }]), "no such key: n");
    assert.equal(cel("self.exists(x, x.n == 2)", [{}, { n: 2 }]), true);
    assert.equal(failure("self.exists(x, x.n == 2)", [{}, { n: 1 }]), "no such key: n");
  });

  it("exists_one() is true for exactly one member", () => {
    assert.equal(cel("self.exists_one(x, x.n > 2)", items), true);
    assert.equal(cel("self.exists_one(x, x.n > 1)", items), false);
    assert.equal(cel("self.exists_one(x, x.n > 3)", items), false);
    assert.equal(failure("self.exists_one(x, x.n > 2)", [{}, { n: 3 }]), "no such key: n");
  });

  it("filter() keeps the members whose predicate is true; map() transforms them", () => {
    assert.deepEqual(cel("self.filter(x, x.n != 2)", items), [{ n: 1 }, { n: 3 }]);
    assert.deepEqual(cel("self.filter(k, k != 'a')", { a: 1, b: 2 }), ["b"]);
    assert.deepEqual(cel("self.map(x, x.n * 10)", items), [10, 20, 30]);
    assert.deepEqual(cel("self.map(k, k + '!')", { a: 1, b: 2 }), ["a!", "b!"]);
    assert.equal(failure("self.map(x, x.m)", items), "no such key: m");
    assert.equal(failure("self.filter(x, x.m)", items), "no such key: m");
  });

  it("binds the macro variable over the outer scope and keeps the other variables", () => {
    assert.deepEqual(evaluateCel(parseCel("[1, 2].map(self, self + k)"), { self: 100, k: 10 }), [11, 12]);
    assert.equal(cel("[1, 2].all(x, self == 5)", 5), true);
    assert.equal(cel("[1, 2].exists(x, x == self)", 2), true);
  });

  it("refuses a target that is not a list or a map, and a predicate that is not a bool", () => {
    assert.equal(failure("self.all(x, true)", 1), "all() needs a list or a map, got int");
    assert.equal(failure("self.map(x, x)", "ab"), "map() needs a list or a map, got string");
    assert.equal(failure("self.exists(x, x)", null), "exists() needs a list or a map, got null");
    assert.equal(failure("[1].all(x, x)"), "the predicate of all() must be a bool, got int");
    assert.equal(failure("[1].exists(x, x)"), "the predicate of exists() must be a bool, got int");
    assert.equal(failure("[1].exists_one(x, x)"), "the predicate of exists_one() must be a bool, got int");
    assert.equal(failure("[1].filter(x, x)"), "the predicate of filter() must be a bool, got int");
  });
});

describe("CEL functions", () => {
  it("size() counts a string's code points, a list's items and a map's keys, as function or method", () => {
    assert.equal(cel("size(self)", "h\u00e9llo"), 5);
    assert.equal(cel("self.size()", "\u{1F600}a"), 2);
    assert.equal(cel("size([1, 2, 3])"), 3);
    assert.equal(cel("self.size()", { a: 1, b: 2 }), 2);
    assert.equal(failure("size(1)"), "size() of int");
    assert.equal(failure("size(true)"), "size() of bool");
    assert.equal(failure("size()"), "size() needs an argument");
  });

  it("matches() and find() use the pattern as a Unicode regular expression", () => {
    assert.equal(cel("self.matches('^a.c$')", "abc"), true);
    assert.equal(cel("self.matches('^b')", "abc"), false);
    assert.equal(cel("self.matches('^.$')", "\u{1F600}"), true);
    assert.equal(cel("matches(self, 'b')", "abc"), true);
    assert.equal(cel("self.find('[0-9]+')", "ab12c34"), "12");
    assert.equal(cel("self.find('[0-9]+')", "abc"), "");
    assert.equal(cel("self.find('.')", "\u{1F600}"), "\u{1F600}");
  });

  it("findAll() returns every match, or the first n (every match for a negative n)", () => {
    assert.deepEqual(cel("self.findAll('[0-9]+')", "a1b22c333"), ["1", "22", "333"]);
    assert.deepEqual(cel("self.findAll('[0-9]+', 2)", "a1b22c333"), ["1", "22"]);
    assert.deepEqual(cel("self.findAll('[0-9]+', 0)", "a1b22c333"), []);
    assert.deepEqual(cel("self.findAll('[0-9]+', 3)", "a1b22c333"), ["1", "22", "333"]);
    assert.deepEqual(cel("self.findAll('[0-9]+', -1)", "a1b22c333"), ["1", "22", "333"]);
    assert.deepEqual(cel("self.findAll('[0-9]+')", "abc"), []);
    assert.deepEqual(cel("self.findAll('.')", "\u{1F600}\u{1F600}"), ["\u{1F600}", "\u{1F600}"]);
  });

  it("refuses an invalid pattern with a CelError naming it", () => {
    assert.match(failure("'a'.matches('(')"), /^invalid pattern "\(": /);
    assert.match(failure("'a'.find('[')"), /^invalid pattern "\[": /);
    assert.match(failure("'a'.findAll('(')"), /^invalid pattern "\(": /);
  });

  it("refuses missing or non-string arguments of the regex functions", () => {
    assert.equal(failure("'a'.matches()"), "matches() needs a pattern");
    assert.equal(failure("'a'.find()"), "find() needs a pattern");
    assert.equal(failure("'a'.findAll()"), "findAll() needs a pattern");
    assert.equal(failure("'a'.matches(1)"), "the pattern must be a string, got int");
    assert.equal(failure("'a'.find(1)"), "the pattern must be a string, got int");
    assert.equal(failure("'a'.findAll(1)"), "the pattern must be a string, got int");
    assert.equal(failure("self.matches('a')", 1), "matches()' receiver must be a string, got int");
    assert.equal(failure("self.find('a')", 1), "find()'s receiver must be a string, got int");
    assert.equal(failure("self.findAll('a')", 1), "findAll()'s receiver must be a string, got int");
  });

  it("startsWith(), endsWith(), contains() and indexOf() on strings", () => {
    assert.equal(cel("self.startsWith('ab')", "abc"), true);
    assert.equal(cel("self.startsWith('bc')", "abc"), false);
    assert.equal(cel("self.endsWith('bc')", "abc"), true);
    assert.equal(cel("self.endsWith('ab')", "abc"), false);
    assert.equal(cel("self.contains('b')", "abc"), true);
    assert.equal(cel("self.contains('d')", "abc"), false);
    assert.equal(cel("self.indexOf('b')", "abcb"), 1);
    assert.equal(cel("self.indexOf('d')", "abc"), -1);
  });

  it("refuses missing or non-string arguments of the string functions, naming them", () => {
    assert.equal(failure("'a'.startsWith()"), "startsWith() needs a prefix");
    assert.equal(failure("'a'.endsWith()"), "endsWith() needs a suffix");
    assert.equal(failure("'a'.contains()"), "contains() needs a substring");
    assert.equal(failure("'a'.indexOf()"), "indexOf() needs a substring");
    assert.equal(failure("'a'.split()"), "split() needs a separator");
    assert.equal(failure("'a'.startsWith(1)"), "the prefix must be a string, got int");
    assert.equal(failure("'a'.endsWith(1)"), "the suffix must be a string, got int");
    assert.equal(failure("'a'.contains(1)"), "the substring must be a string, got int");
    assert.equal(failure("'a'.indexOf(1)"), "the substring must be a string, got int");
    assert.equal(failure("'a'.split(1)"), "the separator must be a string, got int");
    assert.equal(failure("self.startsWith('a')", 1), "startsWith()'s receiver must be a string, got int");
    assert.equal(failure("self.endsWith('a')", 1), "endsWith()'s receiver must be a string, got int");
    assert.equal(failure("self.contains('a')", 1), "contains()'s receiver must be a string, got int");
    assert.equal(failure("self.indexOf('a')", 1), "indexOf()'s receiver must be a string, got int");
    assert.equal(failure("self.split('a')", 1), "split()'s receiver must be a string, got int");
    assert.equal(failure("self.lowerAscii()", 1), "lowerAscii()'s receiver must be a string, got int");
    assert.equal(failure("self.upperAscii()", 1), "upperAscii()'s receiver must be a string, got int");
    assert.equal(failure("self.trim()", 1), "trim()'s receiver must be a string, got int");
  });

  it("split() splits on a separator, with a limit on the number of parts", () => {
    assert.deepEqual(cel("self.split(',')", "a,b,c"), ["a", "b", "c"]);
    assert.deepEqual(cel("self.split(',', 2)", "a,b,c"), ["a", "b,c"]);
    assert.deepEqual(cel("self.split(',', 1)", "a,b,c"), ["a,b,c"]);
    assert.deepEqual(cel("self.split(',', 3)", "a,b,c"), ["a", "b", "c"]);
    assert.deepEqual(cel("self.split(',', 5)", "a,b,c"), ["a", "b", "c"]);
    assert.deepEqual(cel("self.split(',', 0)", "a,b,c"), []);
    assert.deepEqual(cel("self.split(',', -1)", "a,b,c"), ["a", "b", "c"]);
    assert.deepEqual(cel("self.split('--', 2)", "a--b--c"), ["a", "b--c"]);
  });

  it("lowerAscii() and upperAscii() change ASCII letters only; trim() strips whitespace", () => {
    assert.equal(cel("self.lowerAscii()", "AbC\u00c9"), "abc\u00c9");
    assert.equal(cel("self.upperAscii()", "aBc\u00e9"), "ABC\u00e9");
    assert.equal(cel("self.trim()", " \t a b \n"), "a b");
  });

  it("int() and uint() truncate numbers and read decimal strings", () => {
    assert.equal(cel("int(3.7)"), 3);
    assert.equal(cel("int(-3.7)"), -3);
    assert.equal(cel("int('42')"), 42);
    assert.equal(cel("int('-5')"), -5);
    assert.equal(cel("int('+5')"), 5);
    assert.equal(cel("uint('7')"), 7);
    assert.equal(cel("uint('0')"), 0);
    assert.equal(cel("uint(2.9)"), 2);
    assert.equal(failure("int('4.2')"), 'int() cannot convert "4.2"');
    assert.equal(failure("int(' 4')"), 'int() cannot convert " 4"');
    assert.equal(failure("int('4x')"), 'int() cannot convert "4x"');
    assert.equal(failure("uint('x')"), 'uint() cannot convert "x"');
    assert.equal(failure("uint('-1')"), "uint() of a negative number");
    assert.equal(failure("int(true)"), "int()'s argument must be a string, got bool");
    assert.equal(failure("uint(null)"), "uint()'s argument must be a string, got null");
  });

  it("double() reads numbers and numeric strings; string() writes scalars", () => {
    assert.equal(cel("double(2)"), 2);
    assert.equal(cel("double('2.5')"), 2.5);
    assert.equal(cel("double('-1e3')"), -1000);
    assert.equal(failure("double('x')"), 'double() cannot convert "x"');
    assert.equal(failure("double(true)"), "double()'s argument must be a string, got bool");
    assert.equal(cel("string('a')"), "a");
    assert.equal(cel("string(12)"), "12");
    assert.equal(cel("string(1.5)"), "1.5");
    assert.equal(cel("string(true)"), "true");
    assert.equal(failure("string([1])"), "string() of list");
    assert.equal(failure("string(null)"), "string() of null");
    assert.equal(failure("string({})"), "string() of map");
  });

  it("refuses, when evaluating, a call node naming a function it does not have", () => {
    const node: CelNode = { kind: "call", fn: "reverse", args: [lit("ab")] };
    assert.throws(() => evaluateCel(node, {}), {
      name: "Error",
      message: "function reverse() is not supported by this evaluator",
    });
    assert.throws(() => evaluateCel(node, {}), CelError);
  });
});

describe("CEL maps are their own keys only", () => {
  // A rule's `self` is a JSON object, and JavaScript objects inherit Object.prototype's members:
  // looked up with `in`, has(self.toString) was true and self.constructor a function.
  it("does not see Object.prototype's members in has(), selection, indexing or in", () => {
    assert.equal(cel("has(self.toString)", { a: 1 }), false);
    assert.equal(cel("has(self.constructor)", {}), false);
    assert.equal(failure("self.constructor", {}), "no such key: constructor");
    assert.equal(failure("self['hasOwnProperty']", {}), "no such key: hasOwnProperty");
    assert.equal(cel("'toString' in self", { a: 1 }), false);
    assert.equal(cel("'a' in self", { a: 1 }), true);
  });

  it("does not take a prototype member for a variable", () => {
    assert.equal(failure("toString", {}), "undeclared reference to toString");
  });
});
