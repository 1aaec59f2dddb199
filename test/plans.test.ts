import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { buildPlan, buildPlatformPlan } from "../tools/plan/build";
import { buildEnvironmentPlan } from "../tools/plan/build-environment";
import { validateKubernetesObjects, formatSchemaProblems } from "../tools/plan/k8s-validate";
import { serializePlan, type Plan } from "../tools/plan/model";
import { OFFLINE_SECRET_PLACEHOLDER } from "../tools/plan/stack-files";
import type { Json } from "../tools/engine/values";
import { ROOT, TEST_TODAY } from "./paths";

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

/** The registry of the fixture environments whose stacks' plans are committed under plans/fixtures/. */
const FIXTURES = join(ROOT, "test", "fixtures");

/** Every committed plan: the platform stacks, and the environment stacks of the fixture registry. */
const COMMITTED: ReadonlyArray<{ stack: string; file: string; build: () => Promise<Plan>; refresh: string }> =
  [
    ...["dev", "qa", "stage"].map((stack) => ({
      stack,
      file: `plans/${stack}.json`,
      build: () => buildPlan({ root: ROOT, stack }),
      refresh: `npm run plan -- ${stack} --platform-only`,
    })),
    ...(
      [
        ["dev", "fixture-rolling"],
        ["stage", "fixture-bluegreen"],
      ] as const
    ).map(([tier, environment]) => ({
      stack: `${tier}.${environment}`,
      file: `plans/fixtures/${tier}.${environment}.json`,
      build: async () =>
        buildEnvironmentPlan({
          registryRoot: FIXTURES,
          tier,
          environment,
          platform: (await buildPlatformPlan({ root: ROOT, stack: tier })).reference,
          today: TEST_TODAY,
        }),
      refresh: `npm run plan -- ${tier}.${environment} --registry test/fixtures`,
    })),
  ];

for (const { stack, file, build, refresh } of COMMITTED) {
  describe(file, () => {
    let plan: Plan;
    it(`is up to date with the program and its settings`, async () => {
      plan = await build();
      const committed = readFileSync(join(ROOT, file), "utf8");
      assert.ok(
        serializePlan(plan) === committed,
        `${file} is stale: run \`${refresh} --diff\` to see what changed and \`${refresh} --update\` to refresh it`,
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
      if (!stack.includes("."))
        assert.equal((plan.outputs as { kubeconfig?: string }).kubeconfig, "[secret]");
    });
  });
}
