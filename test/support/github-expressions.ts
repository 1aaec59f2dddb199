/**
 * The part of GitHub Actions' expression language the workflows use (`${{ ... }}`), evaluated the
 * way GitHub documents it (docs.github.com, "Evaluate expressions in workflows and actions"):
 * literals, context property access, `!`, `==`/`!=` (strings compared ignoring case, other mixed
 * types compared as numbers), `&&`/`||` returning one of their operands, and the functions
 * `format`, `contains`, `startsWith`, `endsWith`, `join`, `toJSON`, `fromJSON`. An unknown function,
 * operator or token is an error, never a guess.
 */

/** A value an expression can produce. */
export type ExpressionValue =
  string | number | boolean | null | ExpressionValue[] | { [key: string]: ExpressionValue };

/** Contexts by name (`inputs`, `matrix`, `vars`, ...). A missing property reads as null, as on GitHub. */
export type ExpressionContexts = Readonly<Record<string, ExpressionValue>>;

type Token = { kind: "str" | "num" | "id" | "op"; text: string };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'") {
      let text = "";
      i++;
      for (;;) {
        if (i >= source.length) throw new Error(`unterminated string in ${source}`);
        if (source[i] === "'" && source[i + 1] === "'") {
          text += "'";
          i += 2;
        } else if (source[i] === "'") {
          i++;
          break;
        } else {
          text += source[i++];
        }
      }
      tokens.push({ kind: "str", text });
    } else if (/[0-9]/.test(c) || (c === "-" && /[0-9]/.test(source[i + 1] ?? ""))) {
      const m = /^-?(0x[0-9a-f]+|\d+(\.\d+)?(e[+-]?\d+)?)/i.exec(source.slice(i))!;
      tokens.push({ kind: "num", text: m[0] });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][\w-]*/.exec(source.slice(i))!;
      tokens.push({ kind: "id", text: m[0] });
      i += m[0].length;
    } else {
      const op = ["==", "!=", "&&", "||", "<=", ">="].find((o) => source.startsWith(o, i)) ?? c;
      if (!["==", "!=", "&&", "||", "<=", ">=", "<", ">", "!", "(", ")", "[", "]", ".", ","].includes(op)) {
        throw new Error(`unexpected "${op}" in ${source}`);
      }
      tokens.push({ kind: "op", text: op });
      i += op.length;
    }
  }
  return tokens;
}

/** GitHub's truthiness: false, 0, -0, "", null and NaN are falsy. */
export function truthy(value: ExpressionValue): boolean {
  return !(value === false || value === 0 || value === "" || value === null || Number.isNaN(value));
}

function toNumber(value: ExpressionValue): number {
  if (value === null) return 0;
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "number") return value;
  if (typeof value === "string") return value.trim() === "" ? 0 : Number(value);
  return NaN;
}

/** How a value is written into a string (`${{ }}` interpolation, `format`). */
export function toText(value: ExpressionValue): string {
  if (value === null) return "";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

function equal(a: ExpressionValue, b: ExpressionValue): boolean {
  if (typeof a === "string" && typeof b === "string") return a.toLowerCase() === b.toLowerCase();
  if (typeof a === typeof b && (typeof a !== "object" || a === null || b === null)) return a === b;
  if ((typeof a === "object" && a !== null) || (typeof b === "object" && b !== null)) return a === b;
  return toNumber(a) === toNumber(b);
}

const FUNCTIONS: Record<string, (...args: ExpressionValue[]) => ExpressionValue> = {
  format: (template, ...args) =>
    toText(template).replace(/\{\{|\}\}|\{(\d+)\}/g, (m, i: string | undefined) =>
      m === "{{" ? "{" : m === "}}" ? "}" : toText(args[Number(i)] ?? null),
    ),
  contains: (haystack, needle) =>
    Array.isArray(haystack)
      ? haystack.some((item) => equal(item, needle))
      : toText(haystack).toLowerCase().includes(toText(needle).toLowerCase()),
  startsWith: (s, prefix) => toText(s).toLowerCase().startsWith(toText(prefix).toLowerCase()),
  endsWith: (s, suffix) => toText(s).toLowerCase().endsWith(toText(suffix).toLowerCase()),
  join: (list, separator) =>
    Array.isArray(list) ? list.map(toText).join(toText(separator ?? ",")) : toText(list),
  toJSON: (value) => JSON.stringify(value, null, 2),
  fromJSON: (text) => JSON.parse(toText(text)) as ExpressionValue,
};

/** Evaluates one expression (the text between `${{` and `}}`). */
export function evaluate(source: string, contexts: ExpressionContexts): ExpressionValue {
  const tokens = tokenize(source);
  let pos = 0;
  const peek = () => tokens[pos];
  const take = (text?: string): Token => {
    const t = tokens[pos];
    if (!t || (text !== undefined && t.text !== text))
      throw new Error(`expected ${text ?? "more"} in ${source}`);
    pos++;
    return t;
  };

  const primary = (): ExpressionValue => {
    const t = take();
    if (t.kind === "str") return t.text;
    if (t.kind === "num") return Number(t.text);
    if (t.kind === "op" && t.text === "(") {
      const value = or();
      take(")");
      return value;
    }
    if (t.kind === "op" && t.text === "!") return !truthy(primaryWithAccess());
    if (t.kind !== "id") throw new Error(`unexpected "${t.text}" in ${source}`);
    if (t.text === "true" || t.text === "false") return t.text === "true";
    if (t.text === "null") return null;
    if (peek()?.text === "(") {
      take("(");
      const args: ExpressionValue[] = [];
      while (peek()?.text !== ")") {
        args.push(or());
        if (peek()?.text === ",") take(",");
      }
      take(")");
      const fn = Object.entries(FUNCTIONS).find(([name]) => name.toLowerCase() === t.text.toLowerCase())?.[1];
      if (!fn) throw new Error(`unknown function ${t.text}() in ${source}`);
      return fn(...args);
    }
    if (!(t.text in contexts)) throw new Error(`unknown context "${t.text}" in ${source}`);
    return contexts[t.text]!;
  };

  const primaryWithAccess = (): ExpressionValue => {
    let value = primary();
    for (;;) {
      let key: string | undefined;
      if (peek()?.text === ".") {
        take(".");
        key = take().text;
      } else if (peek()?.text === "[") {
        take("[");
        key = toText(or());
        take("]");
      } else {
        return value;
      }
      if (value === null || typeof value !== "object" || Array.isArray(value)) {
        value = Array.isArray(value) && /^\d+$/.test(key) ? (value[Number(key)] ?? null) : null;
      } else {
        const found = Object.keys(value).find((k) => k.toLowerCase() === key!.toLowerCase());
        value = found === undefined ? null : value[found]!;
      }
    }
  };

  const comparison = (): ExpressionValue => {
    let left = primaryWithAccess();
    while (peek()?.text === "==" || peek()?.text === "!=") {
      const op = take().text;
      const right = primaryWithAccess();
      left = op === "==" ? equal(left, right) : !equal(left, right);
    }
    return left;
  };
  const and = (): ExpressionValue => {
    let left = comparison();
    while (peek()?.text === "&&") {
      take("&&");
      const right = comparison();
      left = truthy(left) ? right : left;
    }
    return left;
  };
  const or = (): ExpressionValue => {
    let left = and();
    while (peek()?.text === "||") {
      take("||");
      const right = and();
      left = truthy(left) ? left : right;
    }
    return left;
  };

  const value = or();
  if (pos !== tokens.length) throw new Error(`unexpected "${tokens[pos]!.text}" in ${source}`);
  return value;
}

/**
 * A workflow field's value: a string with `${{ }}` is interpolated (a field that is one whole
 * expression keeps the expression's type); anything else is returned as it is.
 */
export function evaluateField(field: unknown, contexts: ExpressionContexts): ExpressionValue {
  if (typeof field !== "string") return field as ExpressionValue;
  const whole = /^\$\{\{(.*)\}\}$/s.exec(field.trim());
  if (whole && !whole[1]!.includes("}}")) return evaluate(whole[1]!, contexts);
  return field.replace(/\$\{\{(.*?)\}\}/gs, (_m, expr: string) => toText(evaluate(expr, contexts)));
}
