/** Property paths inside plan values: segments, their printed form, and lookups with wildcards. */
import type { Json } from "../engine/values";

/** One step into a value: an object key or an array index. */
export type PathSegment = string | number;

/** A JSON object (not an array, not null). */
export type JsonObject = { [key: string]: Json };

/** Whether `v` is a JSON object rather than an array, a scalar or null. */
export function isJsonObject(v: Json | undefined): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The segment for a list element found by its `name` (`environments[name=dev2]`). */
export function keyedSegment(name: string): string {
  return `[name=${name}]`;
}

/** `["spec", "ports", 0, "app.kubernetes.io/name"]` -> `spec.ports[0]["app.kubernetes.io/name"]`. */
export function formatPath(segments: readonly PathSegment[]): string {
  let out = "";
  for (const s of segments) {
    if (typeof s === "number") out += `[${s}]`;
    else if (s.startsWith("[name=") && s.endsWith("]")) out += s;
    else if (/^[A-Za-z_$][\w$-]*$/.test(s)) out += out === "" ? s : `.${s}`;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}

/**
 * Parses a pattern such as `spec.volumeClaimTemplates`, `containers[*].image` or `a.*.b` into
 * segments; `*` matches any key or index.
 */
export function parsePattern(pattern: string): PathSegment[] {
  return pattern
    .replace(/\[(\*|\d+)\]/g, ".$1")
    .split(".")
    .filter((s) => s !== "")
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** The value at `segments` inside `value`, or undefined when any step is missing. */
export function valueAt(value: Json | undefined, segments: readonly PathSegment[]): Json | undefined {
  let current: Json | undefined = value;
  for (const s of segments) {
    if (Array.isArray(current) && typeof s === "number") current = current[s];
    else if (isJsonObject(current) && typeof s === "string") current = current[s];
    else return undefined;
  }
  return current;
}

/**
 * Every concrete path matching `pattern` in either value (a `*` expands over the keys or indices
 * present in `a` or `b`), so a field that exists on only one side is still found.
 */
export function expandPattern(
  pattern: readonly PathSegment[],
  a: Json | undefined,
  b: Json | undefined,
): PathSegment[][] {
  const walk = (
    i: number,
    prefix: PathSegment[],
    x: Json | undefined,
    y: Json | undefined,
  ): PathSegment[][] => {
    if (i === pattern.length) return [prefix];
    const step = pattern[i]!;
    if (step !== "*") return walk(i + 1, [...prefix, step], valueAt(x, [step]), valueAt(y, [step]));
    const keys = new Set<PathSegment>([...childKeys(x), ...childKeys(y)]);
    return [...keys].flatMap((k) => walk(i + 1, [...prefix, k], valueAt(x, [k]), valueAt(y, [k])));
  };
  return walk(0, [], a, b);
}

function childKeys(v: Json | undefined): PathSegment[] {
  if (Array.isArray(v)) return v.map((_, i) => i);
  if (isJsonObject(v)) return Object.keys(v);
  return [];
}

/** Whether `prefix` is the start of (or equal to) `path`. */
export function startsWith(path: readonly PathSegment[], prefix: readonly PathSegment[]): boolean {
  return prefix.length <= path.length && prefix.every((s, i) => s === path[i]);
}

/** Deep equality of two JSON values (keys in any order). */
export function jsonEqual(a: Json | undefined, b: Json | undefined): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  if (isJsonObject(a) && isJsonObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((k) => jsonEqual(a[k], b[k]));
  }
  return false;
}
