/**
 * A stack's fingerprint: a digest of what it would register (its offline plan, which is
 * deterministic) and, for a real sync, of what its platform stack currently exports. Equal
 * fingerprints mean an update would change nothing, so sync can skip it.
 */
import { createHash } from "node:crypto";
import { serializePlan, type Plan } from "../plan/model";

/** The fingerprint of an environment stack's plan, optionally combined with the platform's. */
export function planFingerprint(plan: Plan, platformFingerprint = ""): string {
  return createHash("sha256")
    .update(serializePlan(plan))
    .update("\0")
    .update(platformFingerprint)
    .digest("hex")
    .slice(0, 32);
}

/** A digest of any JSON-able value (keys sorted), for the platform's outputs. */
export function valueFingerprint(value: unknown): string {
  return createHash("sha256").update(stableJson(value)).digest("hex").slice(0, 32);
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    return `{${Object.keys(record)
      .sort()
      .filter((k) => record[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${stableJson(record[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}
