/** Turning values the SDK serialised for the engine into plain, printable JSON with secrets masked. */
import {
  specialArchiveSig,
  specialAssetSig,
  specialOutputValueSig,
  specialResourceSig,
  specialSecretSig,
  specialSigKey,
  unknownValue,
} from "@pulumi/pulumi/runtime/rpc";

/** What a secret value becomes in plans, logs and snapshots. */
export const SECRET_MASK = "[secret]";
/** What a value unknown at preview time becomes. */
export const UNKNOWN_MARK = "[unknown]";

/** JSON value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Converts a serialised property value (as sent in a RegisterResource request) to plain JSON:
 * secrets become `"[secret]"`, unknowns `"[unknown]"`, resource references their URN, assets and
 * archives a short description. Keys are sorted so the output is deterministic.
 */
export function toPlainJson(value: unknown): Json {
  if (value === null || value === undefined) return null;
  if (value === unknownValue) return UNKNOWN_MARK;
  if (Array.isArray(value)) return value.map(toPlainJson);
  if (typeof value === "object") {
    const record = value as Record<string, unknown>;
    const sig = record[specialSigKey];
    if (sig === specialSecretSig) return SECRET_MASK;
    if (sig === specialOutputValueSig) {
      if (record.secret) return SECRET_MASK;
      return "value" in record ? toPlainJson(record.value) : UNKNOWN_MARK;
    }
    if (sig === specialResourceSig) return String(record.urn);
    if (sig === specialAssetSig || sig === specialArchiveSig) {
      return `[${sig === specialAssetSig ? "asset" : "archive"} ${String(record.path ?? record.uri ?? "inline")}]`;
    }
    const out: { [key: string]: Json } = {};
    for (const key of Object.keys(record).sort()) {
      if (record[key] === undefined) continue;
      out[key] = toPlainJson(record[key]);
    }
    return out;
  }
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "string") return value;
  return String(value);
}
