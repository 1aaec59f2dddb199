/**
 * Edges of the CEL evaluator (lib/crd-schema/cel.ts) that the suites of the 2026-12-02 mutation run
 * left open: exponents of more than one digit in a double literal, string tokens that spell an
 * operator (`'+'`, `'in'`) are operands and never operators, map equality over every key, and a
 * failure that is not a CEL error (a bug or a host failure) is never absorbed by `||` / `&&` the way
 * CEL absorbs an evaluation error.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CelError, evaluateCel, parseCel, type CelValue } from "../lib/crd-schema/cel";

const evaluate = (rule: string, self: CelValue = null): CelValue => evaluateCel(parseCel(rule), { self });

describe("CEL literals", () => {
  it("reads every digit of a double literal's exponent", () => {
    assert.equal(evaluate("1.5e10"), 15000000000);
    assert.equal(evaluate("2.5E-12 * 4.0"), 1e-11);
    assert.equal(evaluate("1.5e10 == 15000000000.0"), true);
  });
});

describe("string tokens are operands, never operators", () => {
  it("refuses a quoted '+' between two operands instead of adding them", () => {
    assert.throws(
      () => parseCel("'a' '+' 'b'"),
      (err: unknown) => err instanceof CelError && err.message === 'unexpected "+" at 4',
    );
  });

  it("refuses a quoted 'in' between two operands instead of testing membership", () => {
    assert.throws(
      () => parseCel("1 'in' [1]"),
      (err: unknown) => err instanceof CelError && err.message === 'unexpected "in" at 2',
    );
  });

  it("still reads the bare keyword in as membership", () => {
    assert.equal(evaluate("1 in [1]"), true);
    assert.equal(evaluate("'in' in ['in']"), true);
  });
});

describe("map equality", () => {
  it("needs every key equal, not just one", () => {
    assert.equal(evaluate("{'a': 1, 'b': 2} == {'a': 1, 'b': 3}"), false);
    assert.equal(evaluate("{'a': 1, 'b': 2} != {'a': 1, 'b': 3}"), true);
    assert.equal(evaluate("self == {'a': 1, 'b': 2}", { a: 1, b: 2 }), true);
    assert.equal(evaluate("self == {'a': 1, 'b': 2}", { a: 1, b: 9 }), false);
  });
});

describe("errors that are not CEL errors", () => {
  /** A map whose field `boom` fails in the host (as a bug in the evaluator would), not in CEL. */
  const failing = (): CelValue => {
    const value: { [key: string]: CelValue } = {};
    Object.defineProperty(value, "boom", {
      enumerable: true,
      get(): CelValue {
        throw new TypeError("host failure");
      },
    });
    return value;
  };

  it("propagates out of || even when the other side is true", () => {
    assert.throws(() => evaluate("self.boom == 1 || true", failing()), {
      name: "TypeError",
      message: "host failure",
    });
    // A side already decisive on the left leaves the right unevaluated.
    assert.equal(evaluate("true || self.boom == 1", failing()), true);
  });

  it("propagates out of && even when the other side is false", () => {
    assert.throws(() => evaluate("self.boom == 1 && false", failing()), {
      name: "TypeError",
      message: "host failure",
    });
  });

  it("propagates out of the macros' per-member evaluation", () => {
    assert.throws(() => evaluate("[1, 2].exists(x, x == 2 || self.boom == 1)", failing()), {
      name: "TypeError",
      message: "host failure",
    });
  });

  it("while a CEL error on the undecided side is still absorbed by a decisive side", () => {
    assert.equal(evaluate("self.missing == 1 || true", {}), true);
    assert.equal(evaluate("self.missing == 1 && false", {}), false);
  });
});
