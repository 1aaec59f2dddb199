import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import { readConfigFile, tierConfigFile } from "../policy/runner/config";
import { readPlanFile } from "../policy/runner/plan";
import { runPolicies } from "../policy/runner/run";
import { ROOT } from "./harness";

describe("the policy pack over the committed plans", () => {
  for (const stack of ["dev", "qa", "stage"]) {
    it(`finds no mandatory violation in plans/${stack}.json (tier config policy/config/${stack}.json)`, async () => {
      const plan = readPlanFile(join(ROOT, "plans", `${stack}.json`));
      const report = await runPolicies(plan, readConfigFile(tierConfigFile(plan.stack)));
      const mandatory = report.violations
        .filter((v) => v.enforcementLevel === "mandatory")
        .map((v) => `${v.policyName} ${v.urn}: ${v.message}`);
      assert.deepEqual(mandatory, []);
    });
  }

  it("does catch a mandatory violation when one is put into a committed plan", async () => {
    const plan = readPlanFile(join(ROOT, "plans", "dev.json"));
    const deployment = plan.resources.find((r) => r.type === "kubernetes:apps/v1:Deployment")!;
    const container = (
      deployment.inputs as { spec: { template: { spec: { containers: Array<Record<string, unknown>> } } } }
    ).spec.template.spec.containers[0]!;
    container.securityContext = { ...(container.securityContext as object), privileged: true };
    const report = await runPolicies(plan, readConfigFile(tierConfigFile(plan.stack)));
    assert.ok(
      report.violations.some(
        (v) =>
          v.enforcementLevel === "mandatory" && v.urn === deployment.urn && /privileged/i.test(v.message),
      ),
    );
  });
});
