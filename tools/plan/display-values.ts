/**
 * How a value appears in a diff: secrets masked, unknowns named, long values shortened. Plans
 * already mask secrets as "[secret]"; this is the second line of defence for values that reach a
 * PR comment, where a leak cannot be taken back.
 */
import { SECRET_MASK, UNKNOWN_MARK, type Json } from "../engine/values";
import type { PathSegment } from "./paths";
import { OFFLINE_SECRET_PLACEHOLDER } from "./stack-files";

/** Longest value printed whole; longer ones are cut and their length given. */
export const SHORT_VALUE_LIMIT = 80;

/** Keys whose values are credentials wherever they appear. */
const SECRET_KEY = /password|passwd|secret|token|private_?key|kubeconfig|credentials?$/i;
/** Last keys that name or point to a secret rather than hold one (`secretName`, `secretKeyRef.key`). */
const REFERENCE_KEY = /(Name|Names|Ref|Arn|Arns|Id|Ids|Kind|Path|Mode|Strategy)$|^(name|key|optional|items)$/;
/** Kubernetes Secret payload fields. */
const SECRET_PAYLOAD = new Set(["data", "stringData", "binaryData"]);
/** Values that are never real but must never be shown either: offline secret stand-ins and mock passwords. */
const SECRET_STAND_INS = [OFFLINE_SECRET_PLACEHOLDER, "MOCKSECRET"];

/** Whether the value at `path` of a `type` resource holds a secret, whatever the plan shows there. */
export function isSecretPath(type: string, path: readonly PathSegment[]): boolean {
  if (type === "kubernetes:core/v1:Secret" && typeof path[0] === "string" && SECRET_PAYLOAD.has(path[0])) {
    return true;
  }
  const keys = path.filter((s): s is string => typeof s === "string");
  const last = keys[keys.length - 1];
  return keys.some((s) => SECRET_KEY.test(s)) && !(last !== undefined && REFERENCE_KEY.test(last));
}

/** Whether `value` holds anything that must not be printed (a stand-in secret anywhere inside). */
export function containsSecretStandIn(value: Json | undefined): boolean {
  if (value === undefined) return false;
  const text = JSON.stringify(value);
  return SECRET_STAND_INS.some((s) => text.includes(s));
}

/** The printable form of `value`: `[secret]` when `secret` or a stand-in is inside, shortened to `limit`. */
export function displayValue(value: Json | undefined, secret = false, limit = SHORT_VALUE_LIMIT): string {
  if (value === undefined) return "(none)";
  if (value === SECRET_MASK) return SECRET_MASK;
  if (value === UNKNOWN_MARK) return "(known after apply)";
  const maskable = typeof value === "string" || (typeof value === "object" && value !== null);
  if ((secret && maskable) || containsSecretStandIn(value)) return SECRET_MASK;
  return shorten(JSON.stringify(value), limit);
}

/** `text` cut to `limit` characters with an ellipsis and the full length, when longer. */
export function shorten(text: string, limit = SHORT_VALUE_LIMIT): string {
  if (text.length <= limit) return text;
  return `${text.slice(0, Math.max(1, limit - 1))}… (${text.length} chars)`;
}

/** Shortest value treated as a secret when scrubbing text (shorter ones would blank ordinary words). */
const MIN_SECRET_LENGTH = 6;

/**
 * Every string found at a secret path of `resources` or `outputs` that is not already masked: if a
 * credential slipped past the plan's masking in one place, it is scrubbed from everywhere else too.
 */
export function secretValues(
  resources: ReadonlyArray<{ readonly type: string; readonly inputs: { readonly [key: string]: Json } }>,
  outputs: ReadonlyArray<Json> = [],
): string[] {
  const found = new Set<string>();
  const walk = (type: string, value: Json, path: PathSegment[]) => {
    if (typeof value === "string") {
      if (
        value.length >= MIN_SECRET_LENGTH &&
        value !== SECRET_MASK &&
        value !== UNKNOWN_MARK &&
        isSecretPath(type, path)
      ) {
        found.add(value);
      }
    } else if (Array.isArray(value)) value.forEach((v, i) => walk(type, v, [...path, i]));
    else if (value !== null && typeof value === "object") {
      for (const [k, v] of Object.entries(value)) walk(type, v, [...path, k]);
    }
  };
  for (const r of resources) walk(r.type, r.inputs, []);
  for (const o of outputs) walk("outputs", o, []);
  return [...found];
}

/** `text` with every known secret value (raw, JSON-escaped or Markdown-escaped) and every stand-in replaced by `[secret]`. */
export function scrubSecrets(text: string, values: readonly string[]): string {
  const forms = new Set<string>([OFFLINE_SECRET_PLACEHOLDER]);
  for (const v of values) {
    forms.add(v);
    forms.add(JSON.stringify(v).slice(1, -1));
    forms.add(v.replace(/[\\`*_[\]<>|#]/g, (c) => `\\${c}`));
  }
  let out = text;
  for (const form of [...forms].sort((a, b) => b.length - a.length)) out = out.split(form).join(SECRET_MASK);
  return out.replace(/MOCKSECRET[A-Za-z0-9]*/g, SECRET_MASK);
}
