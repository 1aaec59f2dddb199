import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { buildPlan } from "../tools/plan/build";
import { validateKubernetesObjects, formatSchemaProblems } from "../tools/plan/k8s-validate";
import { serializePlan, type Plan } from "../tools/plan/model";
import { OFFLINE_SECRET_PLACEHOLDER } from "../tools/plan/stack-files";
import type { Json } from "../tools/engine/values";
import { ROOT } from "./harness";

/** Keys whose values must never be readable in a plan. */
const SECRET_KEY = /password|passwd|authtoken|auth_token|secretaccesskey|privatekey|kubeconfig/i;

function unmaskedSecrets(value: Json, path: string): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => unmaskedSecrets(v, `${path}[${i}]`));
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) =>
      SECRET_KEY.test(k) && typeof v === "string" && v !== "[secret]" && !/^urn:|Arn$|Name$/.test(v)
        ? [`${path}.${k}`]
        : unmaskedSecrets(v, `${path}.${k}`),
    );
  }
  return typeof value === "string" && value.includes(OFFLINE_SECRET_PLACEHOLDER) ? [path] : [];
}

for (const stack of ["dev", "qa", "stage"]) {
  describe(`plans/${stack}.json`, () => {
    let plan: Plan;
    it("is up to date with the program and Pulumi." + stack + ".yaml", async () => {
      plan = await buildPlan({ root: ROOT, stack });
      const committed = readFileSync(join(ROOT, "plans", `${stack}.json`), "utf8");
      assert.ok(
        serializePlan(plan) === committed,
        `plans/${stack}.json is stale: run \`npm run plan -- ${stack} --diff\` to see what changed and \`npm run plan -- ${stack} --update\` to refresh it`,
      );
    });

    it("has every Kubernetes object valid against the upstream schema", async () => {
      const problems = await validateKubernetesObjects(plan.resources);
      assert.deepEqual(formatSchemaProblems(problems), []);
    });

    it("shows no secret value", () => {
      const leaks = plan.resources.flatMap((r) => unmaskedSecrets(r.inputs, r.urn));
      leaks.push(...unmaskedSecrets(plan.outputs, "outputs"));
      assert.deepEqual(leaks, []);
      assert.equal((plan.outputs as { kubeconfig?: string }).kubeconfig, "[secret]");
    });
  });
}
