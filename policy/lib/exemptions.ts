// Exemptions are policy config, so only whoever controls the policy config (the platform team, via
// policy/config/*.json or the Pulumi Cloud policy group) can grant them. Nothing in a resource — no
// annotation, label or tag — can exempt it. Each exemption names a URN pattern, a reason and an
// expiry date; after that date it stops exempting and the violation says so.
import type { ReportViolation } from "@pulumi/policy";
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";

import { isExpired, todayUtc } from "../../lib/dates";
import { globMatches } from "./glob";

/** One exemption from one policy, granted through policy config. */
export interface Exemption {
  /** URN glob: `*` matches any run of characters. */
  readonly urn: string;
  /** Why the resource may break the rule. */
  readonly reason: string;
  /** Last day (UTC, inclusive) on which the exemption applies, as YYYY-MM-DD. */
  readonly expires: string;
}

/** The config property every policy accepts. */
export interface ExemptionConfig {
  readonly exemptions?: readonly Exemption[];
}

/** JSON schema of the `exemptions` property that every policy's configSchema declares. */
export const exemptionsSchema: PolicyConfigJSONSchema = {
  type: "array",
  description:
    "Resources exempt from this policy, each with a URN pattern (* wildcard), reason and expiry date.",
  default: [],
  items: {
    type: "object",
    required: ["urn", "reason", "expires"],
    additionalProperties: false,
    properties: {
      urn: { type: "string", minLength: 1 },
      reason: { type: "string", minLength: 1 },
      expires: { type: "string", pattern: "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" },
    },
  },
};

/** The exemption that applies to `urn`, preferring one still in force over an expired one. */
export function matchExemption(
  exemptions: readonly Exemption[],
  urn: string,
  today: string,
): { exemption: Exemption; expired: boolean } | undefined {
  const matching = exemptions.filter((e) => globMatches(e.urn, urn));
  const active = matching.find((e) => !isExpired(e.expires, today));
  if (active) return { exemption: active, expired: false };
  return matching.length > 0 ? { exemption: matching[0], expired: true } : undefined;
}

/** Exemptions in `exemptions` whose expiry date has passed. */
export function expiredExemptions(exemptions: readonly Exemption[], today: string): Exemption[] {
  return exemptions.filter((e) => isExpired(e.expires, today));
}

/**
 * Wraps `report` so violations on exempt URNs are dropped, and violations on URNs whose exemption
 * has expired are reported with a note saying so. `fallbackUrn` is the resource being validated
 * (resource policies) and is used when the policy reports without a URN.
 */
export function exemptingReporter(
  report: ReportViolation,
  exemptions: readonly Exemption[],
  fallbackUrn: string | undefined,
  today: string = todayUtc(),
): ReportViolation {
  return (message: string, urn?: string) => {
    const subject = urn ?? fallbackUrn ?? "";
    const match = matchExemption(exemptions, subject, today);
    if (match && !match.expired) return;
    const note = match
      ? ` (exemption "${match.exemption.reason}" expired on ${match.exemption.expires} and no longer applies)`
      : "";
    report(`${message}${note}`, urn);
  };
}
