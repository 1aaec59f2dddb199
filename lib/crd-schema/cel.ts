/**
 * A small evaluator for the CEL expressions CRDs carry as validation rules
 * (`x-kubernetes-validations[].rule`), so that offline checks enforce what the API server enforces.
 *
 * It implements the part of CEL (https://github.com/google/cel-spec, `doc/langdef.md`) that rules
 * use: literals, field selection, indexing, `!`, `-`, arithmetic, comparisons, `in`, `&&`/`||` with
 * CEL's error absorption (`true || error` is `true`), the ternary operator, the macros `has`, `all`,
 * `exists`, `exists_one`, `filter` and `map`, and the functions in {@link SUPPORTED_FUNCTIONS} (the
 * standard `size`, `matches`, `startsWith`, `endsWith`, `contains`, `int`, `uint`, `double`,
 * `string`, plus Kubernetes' string and regex libraries' `split`, `lowerAscii`, `upperAscii`,
 * `trim`, `indexOf`, `find` and `findAll`). An expression using anything else fails to parse with a
 * message naming it, so a CRD that starts using a new function is noticed (`test/crd-schema.test.ts`
 * parses every rule of the vendored CRDs).
 *
 * Values are plain JSON values. Integers and doubles are both JavaScript numbers; `int()` truncates.
 * Selecting a field that is absent is an error, as in CEL (rules guard such fields with `has()`).
 * A map's keys are its own properties (`Object.hasOwn`): JavaScript's `in` would also find the
 * members every object inherits, making `has(self.toString)` true.
 */

/** A CEL value: JSON plus nothing else (no bytes, timestamps or durations are needed by CRD rules). */
export type CelValue = null | boolean | number | string | CelValue[] | { [key: string]: CelValue };

/** An error raised while evaluating (or parsing) an expression. */
export class CelError extends Error {}

/** Functions and methods the evaluator knows, besides the macros. */
export const SUPPORTED_FUNCTIONS = [
  "size",
  "matches",
  "startsWith",
  "endsWith",
  "contains",
  "int",
  "uint",
  "double",
  "string",
  "split",
  "lowerAscii",
  "upperAscii",
  "trim",
  "indexOf",
  "find",
  "findAll",
] as const;

const MACROS = ["all", "exists", "exists_one", "filter", "map"] as const;

/** A parsed expression. */
export type CelNode =
  | { readonly kind: "literal"; readonly value: CelValue }
  | { readonly kind: "ident"; readonly name: string }
  | { readonly kind: "select"; readonly operand: CelNode; readonly field: string }
  | { readonly kind: "index"; readonly operand: CelNode; readonly index: CelNode }
  | {
      readonly kind: "call";
      readonly target?: CelNode;
      readonly fn: string;
      readonly args: readonly CelNode[];
    }
  | { readonly kind: "has"; readonly operand: CelNode; readonly field: string }
  | {
      readonly kind: "macro";
      readonly macro: (typeof MACROS)[number];
      readonly target: CelNode;
      readonly variable: string;
      readonly body: CelNode;
    }
  | { readonly kind: "list"; readonly items: readonly CelNode[] }
  | { readonly kind: "map"; readonly entries: ReadonlyArray<readonly [CelNode, CelNode]> }
  | { readonly kind: "unary"; readonly op: "!" | "-"; readonly operand: CelNode }
  | { readonly kind: "binary"; readonly op: string; readonly left: CelNode; readonly right: CelNode }
  | {
      readonly kind: "conditional";
      readonly test: CelNode;
      readonly then: CelNode;
      readonly otherwise: CelNode;
    };

type Token =
  | { readonly type: "number"; readonly value: number; readonly pos: number }
  | { readonly type: "string"; readonly value: string; readonly pos: number }
  | { readonly type: "ident"; readonly value: string; readonly pos: number }
  | { readonly type: "punct"; readonly value: string; readonly pos: number }
  | { readonly type: "end"; readonly value: ""; readonly pos: number };

const PUNCTUATION = [
  "==",
  "!=",
  "<=",
  ">=",
  "&&",
  "||",
  "(",
  ")",
  "[",
  "]",
  "{",
  "}",
  ".",
  ",",
  "?",
  ":",
  "!",
  "<",
  ">",
  "+",
  "-",
  "*",
  "/",
  "%",
];
const ESCAPES: Readonly<Record<string, string>> = {
  n: "\n",
  t: "\t",
  r: "\r",
  "\\": "\\",
  "'": "'",
  '"': '"',
  "`": "`",
  "?": "?",
  a: "\u0007",
  b: "\b",
  f: "\f",
  v: "\v",
};

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const raw = (c === "r" || c === "R") && (text[i + 1] === "'" || text[i + 1] === '"');
    if (c === "'" || c === '"' || raw) {
      const start = i;
      if (raw) i++;
      const quote = text[i]!;
      const triple = text.slice(i, i + 3) === quote.repeat(3);
      const close = triple ? quote.repeat(3) : quote;
      i += close.length;
      let value = "";
      for (;;) {
        if (i >= text.length) throw new CelError(`unterminated string starting at ${start}`);
        if (text.startsWith(close, i)) {
          i += close.length;
          break;
        }
        const ch = text[i]!;
        if (ch === "\\" && !raw) {
          const next = text[i + 1] ?? "";
          if (!(next in ESCAPES)) throw new CelError(`unsupported escape \\${next} at ${i}`);
          value += ESCAPES[next];
          i += 2;
          continue;
        }
        value += ch;
        i++;
      }
      tokens.push({ type: "string", value, pos: start });
      continue;
    }
    const number = /^(\d+\.\d+(?:[eE][+-]?\d+)?|\d+[eE][+-]?\d+|0x[0-9a-fA-F]+|\d+)(u|U)?/.exec(
      text.slice(i),
    );
    if (number) {
      tokens.push({ type: "number", value: Number(number[1]), pos: i });
      i += number[0].length;
      continue;
    }
    const ident = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i));
    if (ident) {
      tokens.push({ type: "ident", value: ident[0], pos: i });
      i += ident[0].length;
      continue;
    }
    const punct = PUNCTUATION.find((p) => text.startsWith(p, i));
    if (!punct) throw new CelError(`unexpected character ${JSON.stringify(c)} at ${i}`);
    tokens.push({ type: "punct", value: punct, pos: i });
    i += punct.length;
  }
  tokens.push({ type: "end", value: "", pos: text.length });
  return tokens;
}

/** Parses a CEL expression; throws {@link CelError} naming what is not supported. */
export function parseCel(text: string): CelNode {
  const tokens = tokenize(text);
  let at = 0;
  const peek = () => tokens[at]!;
  const isPunct = (value: string) => peek().type === "punct" && peek().value === value;
  const isKeyword = (value: string) => peek().type === "ident" && peek().value === value;
  const expect = (value: string) => {
    if (!isPunct(value)) {
      throw new CelError(`expected "${value}" at ${peek().pos}, found "${peek().value || "end"}"`);
    }
    at++;
  };

  const expression = (): CelNode => {
    const test = or();
    if (!isPunct("?")) return test;
    at++;
    const then = or();
    expect(":");
    return { kind: "conditional", test, then, otherwise: expression() };
  };
  const leftAssociative = (next: () => CelNode, ops: readonly string[]) => (): CelNode => {
    let node = next();
    for (;;) {
      const token = peek();
      const op =
        token.type === "punct" && ops.includes(token.value)
          ? token.value
          : token.type === "ident" && token.value === "in" && ops.includes("in")
            ? "in"
            : undefined;
      if (!op) return node;
      at++;
      node = { kind: "binary", op, left: node, right: next() };
    }
  };
  const unary = (): CelNode => {
    if (isPunct("!") || isPunct("-")) {
      const op = peek().value as "!" | "-";
      at++;
      return { kind: "unary", op, operand: unary() };
    }
    return member();
  };
  const multiplication = leftAssociative(unary, ["*", "/", "%"]);
  const addition = leftAssociative(multiplication, ["+", "-"]);
  const relation = leftAssociative(addition, ["<", "<=", ">", ">=", "==", "!=", "in"]);
  const and = leftAssociative(relation, ["&&"]);
  const or = leftAssociative(and, ["||"]);

  const args = (): CelNode[] => {
    expect("(");
    const list: CelNode[] = [];
    while (!isPunct(")")) {
      list.push(expression());
      if (!isPunct(")")) expect(",");
    }
    at++;
    return list;
  };
  const call = (fn: string, target: CelNode | undefined, callArgs: CelNode[]): CelNode => {
    if (target && (MACROS as readonly string[]).includes(fn)) {
      const [variable, body, ...rest] = callArgs;
      if (variable?.kind !== "ident" || !body || rest.length > 0) {
        throw new CelError(`${fn}() takes a variable name and an expression`);
      }
      return { kind: "macro", macro: fn as (typeof MACROS)[number], target, variable: variable.name, body };
    }
    if (!target && fn === "has") {
      const [operand, ...rest] = callArgs;
      if (operand?.kind !== "select" || rest.length > 0) {
        throw new CelError("has() takes one field selection, such as has(self.field)");
      }
      return { kind: "has", operand: operand.operand, field: operand.field };
    }
    if (!(SUPPORTED_FUNCTIONS as readonly string[]).includes(fn)) {
      throw new CelError(`function ${fn}() is not supported by this evaluator`);
    }
    return { kind: "call", fn, args: callArgs, ...(target ? { target } : {}) };
  };
  const member = (): CelNode => {
    let node = primary();
    for (;;) {
      if (isPunct(".")) {
        at++;
        const name = peek();
        if (name.type !== "ident") throw new CelError(`expected a field name at ${name.pos}`);
        at++;
        node = isPunct("(")
          ? call(name.value, node, args())
          : { kind: "select", operand: node, field: name.value };
      } else if (isPunct("[")) {
        at++;
        const index = expression();
        expect("]");
        node = { kind: "index", operand: node, index };
      } else {
        return node;
      }
    }
  };
  const primary = (): CelNode => {
    const token = peek();
    if (token.type === "number" || token.type === "string") {
      at++;
      return { kind: "literal", value: token.value };
    }
    if (isKeyword("true") || isKeyword("false") || isKeyword("null")) {
      at++;
      return { kind: "literal", value: token.value === "null" ? null : token.value === "true" };
    }
    if (token.type === "ident") {
      at++;
      return isPunct("(") ? call(token.value, undefined, args()) : { kind: "ident", name: token.value };
    }
    if (isPunct("(")) {
      at++;
      const inner = expression();
      expect(")");
      return inner;
    }
    if (isPunct("[")) {
      at++;
      const items: CelNode[] = [];
      while (!isPunct("]")) {
        items.push(expression());
        if (!isPunct("]")) expect(",");
      }
      at++;
      return { kind: "list", items };
    }
    if (isPunct("{")) {
      at++;
      const entries: Array<[CelNode, CelNode]> = [];
      while (!isPunct("}")) {
        const key = expression();
        expect(":");
        entries.push([key, expression()]);
        if (!isPunct("}")) expect(",");
      }
      at++;
      return { kind: "map", entries };
    }
    throw new CelError(`unexpected "${token.value || "end"}" at ${token.pos}`);
  };

  const node = expression();
  if (peek().type !== "end") throw new CelError(`unexpected "${peek().value}" at ${peek().pos}`);
  return node;
}

/** The variables an expression reads (`self`, `oldSelf`, ...), macro variables excluded. */
export function freeVariables(node: CelNode, bound: ReadonlySet<string> = new Set()): Set<string> {
  const found = new Set<string>();
  const visit = (n: CelNode, scope: ReadonlySet<string>): void => {
    switch (n.kind) {
      case "ident":
        if (!scope.has(n.name)) found.add(n.name);
        return;
      case "literal":
        return;
      case "select":
      case "has":
        return visit(n.operand, scope);
      case "index":
        visit(n.operand, scope);
        return visit(n.index, scope);
      case "call":
        if (n.target) visit(n.target, scope);
        return n.args.forEach((a) => visit(a, scope));
      case "macro":
        visit(n.target, scope);
        return visit(n.body, new Set([...scope, n.variable]));
      case "list":
        return n.items.forEach((i) => visit(i, scope));
      case "map":
        return n.entries.forEach(([k, v]) => (visit(k, scope), visit(v, scope)));
      case "unary":
        return visit(n.operand, scope);
      case "binary":
        visit(n.left, scope);
        return visit(n.right, scope);
      case "conditional":
        visit(n.test, scope);
        visit(n.then, scope);
        return visit(n.otherwise, scope);
    }
  };
  visit(node, bound);
  return found;
}

const isMap = (v: CelValue): v is { [key: string]: CelValue } =>
  v !== null && typeof v === "object" && !Array.isArray(v);

function typeName(v: CelValue): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "list";
  if (typeof v === "object") return "map";
  if (typeof v === "number") return Number.isInteger(v) ? "int" : "double";
  return typeof v === "boolean" ? "bool" : "string";
}

function bool(v: CelValue, what: string): boolean {
  if (typeof v !== "boolean") throw new CelError(`${what} must be a bool, got ${typeName(v)}`);
  return v;
}

function str(v: CelValue, what: string): string {
  if (typeof v !== "string") throw new CelError(`${what} must be a string, got ${typeName(v)}`);
  return v;
}

function equal(a: CelValue, b: CelValue): boolean {
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => equal(x, b[i]!));
  if (isMap(a) && isMap(b)) {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && equal(a[k]!, b[k]!))
    );
  }
  return a === b;
}

/** Members a macro iterates: a list's elements, a map's keys. */
function iterable(v: CelValue, macro: string): CelValue[] {
  if (Array.isArray(v)) return v;
  if (isMap(v)) return Object.keys(v);
  throw new CelError(`${macro}() needs a list or a map, got ${typeName(v)}`);
}

type Outcome = { readonly value: CelValue } | { readonly error: CelError };

/** Evaluates a parsed expression with `variables` (typically `self`). Throws {@link CelError}. */
export function evaluateCel(node: CelNode, variables: Readonly<Record<string, CelValue>>): CelValue {
  const attempt = (n: CelNode, scope: Readonly<Record<string, CelValue>>): Outcome => {
    try {
      return { value: run(n, scope) };
    } catch (err) {
      if (err instanceof CelError) return { error: err };
      throw err;
    }
  };

  const run = (n: CelNode, scope: Readonly<Record<string, CelValue>>): CelValue => {
    switch (n.kind) {
      case "literal":
        return n.value;
      case "ident":
        if (!Object.hasOwn(scope, n.name)) throw new CelError(`undeclared reference to ${n.name}`);
        return scope[n.name]!;
      case "select": {
        const target = run(n.operand, scope);
        if (!isMap(target)) throw new CelError(`cannot select ${n.field} from ${typeName(target)}`);
        if (!Object.hasOwn(target, n.field)) throw new CelError(`no such key: ${n.field}`);
        return target[n.field]!;
      }
      case "has": {
        const target = run(n.operand, scope);
        if (!isMap(target)) throw new CelError(`has() cannot test ${n.field} on ${typeName(target)}`);
        return Object.hasOwn(target, n.field);
      }
      case "index": {
        const target = run(n.operand, scope);
        const index = run(n.index, scope);
        if (Array.isArray(target)) {
          if (typeof index !== "number" || !Number.isInteger(index))
            throw new CelError("list index must be an int");
          if (index < 0 || index >= target.length) throw new CelError(`index ${index} out of range`);
          return target[index]!;
        }
        if (isMap(target)) {
          const key = str(index, "map key");
          if (!Object.hasOwn(target, key)) throw new CelError(`no such key: ${key}`);
          return target[key]!;
        }
        throw new CelError(`cannot index ${typeName(target)}`);
      }
      case "list":
        return n.items.map((i) => run(i, scope));
      case "map":
        return Object.fromEntries(n.entries.map(([k, v]) => [str(run(k, scope), "map key"), run(v, scope)]));
      case "unary": {
        const value = run(n.operand, scope);
        if (n.op === "!") return !bool(value, "the operand of !");
        if (typeof value !== "number") throw new CelError(`cannot negate ${typeName(value)}`);
        return -value;
      }
      case "conditional":
        return bool(run(n.test, scope), "the condition of ?:") ? run(n.then, scope) : run(n.otherwise, scope);
      case "binary":
        return binary(n.op, n.left, n.right, scope);
      case "macro":
        return macro(n, scope);
      case "call":
        return callFunction(
          n.fn,
          n.target ? run(n.target, scope) : undefined,
          n.args.map((a) => run(a, scope)),
        );
    }
  };

  const binary = (
    op: string,
    leftNode: CelNode,
    rightNode: CelNode,
    scope: Readonly<Record<string, CelValue>>,
  ): CelValue => {
    if (op === "&&" || op === "||") {
      // CEL's commutative logic: a decisive side wins even when the other side is an error.
      const decisive = op === "||";
      const left = attempt(leftNode, scope);
      if ("value" in left && bool(left.value, `the left side of ${op}`) === decisive) return decisive;
      const right = attempt(rightNode, scope);
      if ("value" in right && bool(right.value, `the right side of ${op}`) === decisive) return decisive;
      if ("error" in left) throw left.error;
      if ("error" in right) throw right.error;
      return !decisive;
    }
    const left = run(leftNode, scope);
    const right = run(rightNode, scope);
    switch (op) {
      case "==":
        return equal(left, right);
      case "!=":
        return !equal(left, right);
      case "in":
        if (Array.isArray(right)) return right.some((item) => equal(item, left));
        if (isMap(right)) return Object.hasOwn(right, str(left, "the key tested with in"));
        throw new CelError(`in needs a list or a map, got ${typeName(right)}`);
      case "<":
      case "<=":
      case ">":
      case ">=": {
        if (typeof left !== typeof right || (typeof left !== "number" && typeof left !== "string")) {
          throw new CelError(`cannot compare ${typeName(left)} with ${typeName(right)}`);
        }
        const [a, b] = [left as number | string, right as number | string];
        return op === "<" ? a < b : op === "<=" ? a <= b : op === ">" ? a > b : a >= b;
      }
      case "+":
        if (typeof left === "number" && typeof right === "number") return left + right;
        if (typeof left === "string" && typeof right === "string") return left + right;
        if (Array.isArray(left) && Array.isArray(right)) return [...left, ...right];
        throw new CelError(`cannot add ${typeName(left)} and ${typeName(right)}`);
      default: {
        if (typeof left !== "number" || typeof right !== "number") {
          throw new CelError(`${op} needs numbers, got ${typeName(left)} and ${typeName(right)}`);
        }
        if (op === "-") return left - right;
        if (op === "*") return left * right;
        if (right === 0) throw new CelError("division by zero");
        const integers = Number.isInteger(left) && Number.isInteger(right);
        if (op === "/") return integers ? Math.trunc(left / right) : left / right;
        return left % right;
      }
    }
  };

  const macro = (
    n: Extract<CelNode, { kind: "macro" }>,
    scope: Readonly<Record<string, CelValue>>,
  ): CelValue => {
    const members = iterable(run(n.target, scope), n.macro);
    const outcomes = members.map((member) => attempt(n.body, { ...scope, [n.variable]: member }));
    const values = (): CelValue[] =>
      outcomes.map((o) => {
        if ("error" in o) throw o.error;
        return o.value;
      });
    switch (n.macro) {
      case "all": {
        if (outcomes.some((o) => "value" in o && bool(o.value, "the predicate of all()") === false))
          return false;
        values();
        return true;
      }
      case "exists": {
        if (outcomes.some((o) => "value" in o && bool(o.value, "the predicate of exists()") === true))
          return true;
        values();
        return false;
      }
      case "exists_one":
        return values().filter((v) => bool(v, "the predicate of exists_one()")).length === 1;
      case "filter": {
        const keep = values().map((v) => bool(v, "the predicate of filter()"));
        return members.filter((_, i) => keep[i]);
      }
      case "map":
        return values();
    }
  };

  return run(node, variables);
}

function callFunction(fn: string, target: CelValue | undefined, args: CelValue[]): CelValue {
  const subject = target !== undefined ? target : args.shift();
  if (subject === undefined) throw new CelError(`${fn}() needs an argument`);
  const arg = (i: number, what: string) => {
    const value = args[i];
    if (value === undefined) throw new CelError(`${fn}() needs ${what}`);
    return value;
  };
  switch (fn) {
    case "size":
      if (typeof subject === "string") return [...subject].length;
      if (Array.isArray(subject)) return subject.length;
      if (isMap(subject)) return Object.keys(subject).length;
      throw new CelError(`size() of ${typeName(subject)}`);
    case "matches":
      return regex(str(arg(0, "a pattern"), "the pattern")).test(str(subject, "matches()' receiver"));
    case "find": {
      const match = regex(str(arg(0, "a pattern"), "the pattern")).exec(str(subject, "find()'s receiver"));
      return match ? match[0] : "";
    }
    case "findAll": {
      // Compiled through regex() first, so that an invalid pattern is a CelError as in find().
      const pattern = new RegExp(regex(str(arg(0, "a pattern"), "the pattern")).source, "gu");
      const all = [...str(subject, "findAll()'s receiver").matchAll(pattern)].map((m) => m[0]);
      // As Kubernetes' findAll (Go's FindAllString): a negative limit returns every match.
      return args.length > 1 && Number(args[1]) >= 0 ? all.slice(0, Number(args[1])) : all;
    }
    case "startsWith":
      return str(subject, "startsWith()'s receiver").startsWith(str(arg(0, "a prefix"), "the prefix"));
    case "endsWith":
      return str(subject, "endsWith()'s receiver").endsWith(str(arg(0, "a suffix"), "the suffix"));
    case "contains":
      return str(subject, "contains()'s receiver").includes(str(arg(0, "a substring"), "the substring"));
    case "indexOf":
      return str(subject, "indexOf()'s receiver").indexOf(str(arg(0, "a substring"), "the substring"));
    case "split": {
      const parts = str(subject, "split()'s receiver").split(str(arg(0, "a separator"), "the separator"));
      if (args.length < 2) return parts;
      const limit = Number(args[1]);
      if (limit < 0) return parts;
      if (limit === 0) return [];
      // As Go's strings.SplitN: a limit beyond the number of parts splits them all.
      if (limit > parts.length) return parts;
      return [...parts.slice(0, limit - 1), parts.slice(limit - 1).join(str(args[0]!, "the separator"))];
    }
    case "lowerAscii":
      return str(subject, "lowerAscii()'s receiver").replace(/[A-Z]/g, (c) => c.toLowerCase());
    case "upperAscii":
      return str(subject, "upperAscii()'s receiver").replace(/[a-z]/g, (c) => c.toUpperCase());
    case "trim":
      return str(subject, "trim()'s receiver").trim();
    case "int":
    case "uint": {
      if (typeof subject === "number") return Math.trunc(subject);
      const text = str(subject, `${fn}()'s argument`);
      if (!/^[+-]?\d+$/.test(text)) throw new CelError(`${fn}() cannot convert ${JSON.stringify(text)}`);
      const value = Number(text);
      if (fn === "uint" && value < 0) throw new CelError(`uint() of a negative number`);
      return value;
    }
    case "double": {
      const value = typeof subject === "number" ? subject : Number(str(subject, "double()'s argument"));
      if (Number.isNaN(value)) throw new CelError(`double() cannot convert ${JSON.stringify(subject)}`);
      return value;
    }
    case "string":
      if (typeof subject === "string") return subject;
      if (typeof subject === "number" || typeof subject === "boolean") return String(subject);
      throw new CelError(`string() of ${typeName(subject)}`);
    default:
      throw new CelError(`function ${fn}() is not supported by this evaluator`);
  }
}

/** RE2 patterns as JavaScript regular expressions (CRD rules use the common subset). */
function regex(pattern: string): RegExp {
  try {
    return new RegExp(pattern, "u");
  } catch (err) {
    throw new CelError(`invalid pattern ${JSON.stringify(pattern)}: ${(err as Error).message}`);
  }
}
