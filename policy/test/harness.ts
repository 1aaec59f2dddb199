// Runs one policy of the pack over a few resources through the offline runner (the same code path as
// `npm run policy`), and turns tables of cases into node:test tests.
import assert from "node:assert/strict";
import { test } from "node:test";

import type { Policy } from "@pulumi/policy";

import { policies } from "../pack";
import type { PlanResource } from "../runner/plan";
import { type Violation, runPolicies } from "../runner/run";
import { planOf } from "./fixtures/plan-builder";

/** One expected behaviour of one policy. */
export interface PolicyCase {
  /** The policy's name. */
  readonly policy: string;
  /** The behaviour, as the test name. */
  readonly title: string;
  readonly resources: readonly PlanResource[];
  /** Config properties (and enforcementLevel) for this policy. */
  readonly settings?: Readonly<Record<string, unknown>>;
  /** When set, the policy must report a violation whose message matches; when absent, none. */
  readonly violation?: RegExp;
  /** When set with `violation`, the matching violation must be reported on this URN. */
  readonly urn?: string;
  readonly stack?: string;
  /** The plan's project; the platform project (game-infra) unless set. */
  readonly project?: string;
}

/** The pack's policy called `name` (throws on a typo, so a case cannot test nothing). */
export function policyNamed(name: string): Policy {
  const policy = policies.find((p) => p.name === name);
  if (!policy) throw new Error(`no policy named ${name}`);
  return policy;
}

/** The violations `policyName` reports over `resources` (expired-exemption notices excluded). */
export async function violationsOf(
  policyName: string,
  resources: readonly PlanResource[],
  settings: Readonly<Record<string, unknown>> = {},
  stack = "dev",
  project?: string,
): Promise<Violation[]> {
  const report = await runPolicies(
    planOf(resources, stack, project),
    { [policyName]: settings },
    { policies: [policyNamed(policyName)] },
  );
  return report.violations.filter((v) => !v.message.startsWith("exemption expired"));
}

/** Asserts the case's expectation. */
export async function assertCase(c: PolicyCase): Promise<void> {
  const found = await violationsOf(c.policy, c.resources, c.settings, c.stack, c.project);
  const messages = found.map((v) => `${v.urn}: ${v.message}`);
  if (!c.violation) {
    assert.deepEqual(messages, [], `${c.policy} should pass`);
    return;
  }
  const pattern = c.violation;
  const matching = found.filter((v) => pattern.test(v.message));
  assert.ok(
    matching.length > 0,
    `${c.policy} should report ${pattern}; reported ${JSON.stringify(messages)}`,
  );
  if (c.urn)
    assert.ok(
      matching.some((v) => v.urn === c.urn),
      `expected on ${c.urn}; reported ${JSON.stringify(messages)}`,
    );
}

/** Registers one test per case. */
export function registerCases(cases: readonly PolicyCase[]): void {
  for (const c of cases) {
    test(`${c.policy}: ${c.title}`, () => assertCase(c));
  }
}
