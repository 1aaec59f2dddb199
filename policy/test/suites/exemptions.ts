// Exemptions are granted in policy config only, by URN pattern, with a reason and an expiry date.
import assert from "node:assert/strict";
import { test } from "node:test";

import { type Exemption, matchExemption } from "../../lib/exemptions";
import { ConfigError } from "../../runner/config";
import { runPolicies } from "../../runner/run";
import * as k8s from "../fixtures/kubernetes";
import { modified, planOf } from "../fixtures/plan-builder";
import { policyNamed, violationsOf } from "../harness";

const privileged = modified(k8s.deployment("dev1", "gameserver"), (i) => {
  i.spec.template.spec.containers[0].securityContext.privileged = true;
});
const future = "2999-12-31";
const past = "2001-01-01";

function exemption(urn: string, expires: string): Exemption {
  return { urn, reason: "vendor image needs it until 2.0", expires };
}

test("an exemption in config suppresses the policy's violation on matching URNs", async () => {
  const found = await violationsOf("k8s-no-privileged", [privileged], {
    exemptions: [exemption("*::kubernetes:apps/v1:Deployment::dev1-gameserver", future)],
  });
  assert.deepEqual(found, []);
});

test("an exemption does not reach resources its pattern does not match", async () => {
  const found = await violationsOf("k8s-no-privileged", [privileged], {
    exemptions: [exemption("*::dev2-*", future)],
  });
  assert.equal(found.length, 1);
});

test("an expired exemption stops exempting, and the violation says so", async () => {
  const found = await violationsOf("k8s-no-privileged", [privileged], {
    exemptions: [exemption("*dev1-gameserver", past)],
  });
  assert.equal(found.length, 1);
  assert.match(
    found[0].message,
    /is privileged \(exemption "vendor image needs it until 2\.0" expired on 2001-01-01/,
  );
  assert.equal(found[0].enforcementLevel, "mandatory");
});

test("the runner reports every expired exemption in config, even when nothing matches it", async () => {
  const report = await runPolicies(
    planOf([k8s.deployment("dev1", "gameserver")]),
    { "k8s-no-privileged": { exemptions: [exemption("*::retired-*", past)] } },
    { policies: [policyNamed("k8s-no-privileged")] },
  );
  assert.deepEqual(report.violations, [
    {
      enforcementLevel: "advisory",
      policyName: "k8s-no-privileged",
      urn: "*::retired-*",
      message:
        "exemption expired on 2001-01-01 (vendor image needs it until 2.0); it no longer applies; remove or renew it",
    },
  ]);
});

test("exemptions apply to stack policies per reported URN", async () => {
  const lonely = k8s.deployment("dev1", "gameserver");
  const found = await violationsOf("k8s-pods-selected-by-network-policy", [lonely], {
    exemptions: [exemption(lonely.urn, future)],
  });
  assert.deepEqual(found, []);
});

test("workload authors cannot exempt themselves with annotations or labels", async () => {
  const selfExempt = modified(privileged, (i) => {
    i.metadata.annotations = {
      "game-infra/policy-exempt": "k8s-no-privileged",
      "polaris.fairwinds.com/privilegeEscalationAllowed-exempt": "true",
      "pulumi.com/policy-exemptions": "k8s-no-privileged",
    };
    i.metadata.labels["game-infra/exempt"] = "true";
  });
  const found = await violationsOf("k8s-no-privileged", [selfExempt]);
  assert.equal(found.length, 1);
});

test("an exemption without a reason or with a malformed date is rejected as config", async () => {
  await assert.rejects(
    violationsOf("k8s-no-privileged", [privileged], { exemptions: [{ urn: "*", expires: "31/12/2999" }] }),
    (e: unknown) =>
      e instanceof ConfigError &&
      /k8s-no-privileged\.exemptions\[0\]\.reason: is required/.test(e.message) &&
      /expires: "31\/12\/2999" does not match/.test(e.message),
  );
});

test("an exemption applies through its expiry day and prefers one still in force", () => {
  const lastDay = exemption("*", "2030-06-30");
  assert.equal(matchExemption([lastDay], "urn:x", "2030-06-30")?.expired, false);
  assert.equal(matchExemption([lastDay], "urn:x", "2030-07-01")?.expired, true);
  const renewed = exemption("*", "2031-06-30");
  assert.equal(matchExemption([lastDay, renewed], "urn:x", "2030-07-01")?.exemption, renewed);
});
