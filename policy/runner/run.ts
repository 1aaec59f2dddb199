// Runs the pack over an offline plan the way the engine runs it over a preview (@pulumi/policy 1.21
// server.js): each resource policy on each resource (skipping on a type mismatch of a typed
// validation, as the engine's fast path does), each stack policy once over all resources; a
// `notApplicable` throw means "not applicable", an UnknownValueError means "can't run during preview"
// (skipped, not failed), any other error fails the run.
import {
  type Policies,
  type Policy,
  type ReportViolation,
  type ResourceValidation,
  UnknownValueError,
} from "@pulumi/policy";

import { todayUtc } from "../../lib/dates";
import { type Exemption, expiredExemptions } from "../lib/exemptions";
import { policies as packPolicies } from "../pack";
import { type PolicyPackConfig, type ResolvedPolicyConfig, resolveConfig } from "./config";
import { NotApplicableError, resourceValidationArgs, stackValidationArgs } from "./engine-args";
import { type Plan, rootStackUrn } from "./plan";
import { PolicyRunError } from "./policy-run-error";

export { PolicyRunError };

/** One reported violation. */
export interface Violation {
  readonly enforcementLevel: "mandatory" | "advisory";
  readonly policyName: string;
  /** The resource's URN (the root stack's for stack-wide findings; the URN pattern for an expired exemption). */
  readonly urn: string;
  readonly message: string;
}

/** A policy the engine could not run on a resource because a value it read is unknown during preview. */
export interface SkippedCheck {
  readonly policyName: string;
  readonly urn: string;
  readonly reason: string;
}

/** The outcome of running the pack over a plan. */
export interface PolicyReport {
  readonly stack: string;
  /** Sorted: mandatory first, then by policy name and URN. */
  readonly violations: readonly Violation[];
  readonly skipped: readonly SkippedCheck[];
  /** Policies that ran (not disabled). */
  readonly policyCount: number;
  readonly resourceCount: number;
}

/** Options for tests and tools: run another set of policies than the pack's. */
export interface RunOptions {
  readonly policies?: Policies;
}

/** Runs every enabled policy over `plan` with `config` (a tier config file's content) and reports. */
export async function runPolicies(
  plan: Plan,
  config: PolicyPackConfig = {},
  options: RunOptions = {},
): Promise<PolicyReport> {
  const policies = options.policies ?? packPolicies;
  const resolved = resolveConfig(policies, config);
  const violations: Violation[] = [];
  const skipped: SkippedCheck[] = [];
  let policyCount = 0;
  for (const policy of policies) {
    const settings = resolved.get(policy.name) as ResolvedPolicyConfig;
    if (settings.enforcementLevel === "disabled") continue;
    policyCount++;
    const level = settings.enforcementLevel === "advisory" ? "advisory" : "mandatory";
    const context = { properties: settings.properties };
    const record = (urn: string, message: string) =>
      violations.push({ enforcementLevel: level, policyName: policy.name, urn, message });
    const attempt = async (urn: string, run: () => unknown) => {
      try {
        await run();
      } catch (error) {
        if (error instanceof NotApplicableError) return;
        if (error instanceof UnknownValueError) {
          skipped.push({
            policyName: policy.name,
            urn,
            reason: `can't run during preview: ${(error as Error).message}`,
          });
          return;
        }
        throw new PolicyRunError(`policy ${policy.name} failed on ${urn}: ${(error as Error).message}`);
      }
    };
    for (const validation of resourceValidations(policy)) {
      const token = (validation as { __pulumiType?: unknown }).__pulumiType;
      for (const resource of plan.resources) {
        if (typeof token === "string" && token !== resource.type) continue;
        const report: ReportViolation = (message) => record(resource.urn, message);
        await attempt(resource.urn, () =>
          validation(resourceValidationArgs(resource, plan, context), report),
        );
      }
    }
    const validateStack = (policy as { validateStack?: unknown }).validateStack;
    if (typeof validateStack === "function") {
      const stackUrn = rootStackUrn(plan);
      const report: ReportViolation = (message, urn) => record(urn ?? stackUrn, message);
      await attempt(stackUrn, () => validateStack(stackValidationArgs(plan, context), report));
    }
    const exemptions = (settings.properties.exemptions ?? []) as readonly Exemption[];
    for (const e of expiredExemptions(exemptions, todayUtc())) {
      violations.push({
        enforcementLevel: "advisory",
        policyName: policy.name,
        urn: e.urn,
        message: `exemption expired on ${e.expires} (${e.reason}); it no longer applies; remove or renew it`,
      });
    }
  }
  return {
    stack: plan.stack,
    violations: violations.sort(byLevelPolicyUrn),
    skipped,
    policyCount,
    resourceCount: plan.resources.length,
  };
}

function resourceValidations(policy: Policy): ResourceValidation[] {
  const validate = (policy as { validateResource?: ResourceValidation | ResourceValidation[] })
    .validateResource;
  if (typeof validate === "function") return [validate];
  return Array.isArray(validate) ? validate : [];
}

function byLevelPolicyUrn(a: Violation, b: Violation): number {
  if (a.enforcementLevel !== b.enforcementLevel) return a.enforcementLevel === "mandatory" ? -1 : 1;
  return (
    a.policyName.localeCompare(b.policyName) ||
    a.urn.localeCompare(b.urn) ||
    a.message.localeCompare(b.message)
  );
}
