// Stacks built the way DESIGN.md describes (a platform stack per tier, an environment stack per
// environment) pass every policy under their tier's config, so the pack raises no false alarms on
// the intended design.
import assert from "node:assert/strict";
import { test } from "node:test";

import { configTierOf, readConfigFile, tierConfigFile } from "../../runner/config";
import { violationLine } from "../../runner/report";
import { runPolicies } from "../../runner/run";
import { compliantEnvironmentStack, compliantStack, environmentStackName } from "../fixtures/compliant-stack";
import { environmentProject, planOf } from "../fixtures/plan-builder";

for (const tier of ["dev", "qa", "stage"]) {
  test(`a compliant ${tier} platform stack has no violations under policy/config/${tier}.json`, async () => {
    const report = await runPolicies(
      planOf(compliantStack(tier), tier),
      readConfigFile(tierConfigFile(tier)),
    );
    assert.deepEqual(report.violations.map(violationLine), []);
    assert.deepEqual(report.skipped, []);
    assert.ok(report.policyCount > 70);
  });

  const stack = environmentStackName(tier, `${tier}1`);
  test(`a compliant environment stack ${stack} has no violations under policy/config/${tier}.json`, async () => {
    assert.equal(configTierOf(stack), tier);
    const report = await runPolicies(
      planOf(compliantEnvironmentStack(tier, `${tier}1`, 3), stack, environmentProject),
      readConfigFile(tierConfigFile(configTierOf(stack))),
    );
    assert.deepEqual(report.violations.map(violationLine), []);
    assert.deepEqual(report.skipped, []);
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
