// A stack built the way DESIGN.md describes passes every policy under its tier's config, so the
// pack raises no false alarms on the intended design.
import assert from "node:assert/strict";
import { test } from "node:test";

import { readConfigFile, tierConfigFile } from "../../runner/config";
import { violationLine } from "../../runner/report";
import { runPolicies } from "../../runner/run";
import { compliantStack } from "../fixtures/compliant-stack";
import { planOf } from "../fixtures/plan-builder";

for (const tier of ["dev", "qa", "stage"]) {
  test(`a compliant ${tier} stack has no violations under policy/config/${tier}.json`, async () => {
    const report = await runPolicies(
      planOf(compliantStack(tier), tier),
      readConfigFile(tierConfigFile(tier)),
    );
    assert.deepEqual(report.violations.map(violationLine), []);
    assert.deepEqual(report.skipped, []);
    assert.ok(report.policyCount > 70);
  });
}

test("the dev stack's settings break stage's stricter rules", async () => {
  const devGrade = compliantStack("stage").map((r) =>
    r.type === "aws:rds/instance:Instance"
      ? { ...r, inputs: { ...r.inputs, multiAz: false, deletionProtection: false } }
      : r,
  );
  const report = await runPolicies(planOf(devGrade, "stage"), readConfigFile(tierConfigFile("stage")));
  assert.deepEqual(
    report.violations.map((v) => `${v.enforcementLevel} ${v.policyName}`),
    ["mandatory rds-deletion-protection", "mandatory rds-multi-az"],
  );
});
