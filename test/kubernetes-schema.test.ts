/**
 * Every Kubernetes object GameEnvironment and GameWorkload register validates against the upstream
 * schema (kubernetes-models, generated from the Kubernetes API), kind by kind. Both release
 * strategies, chaos and shared-namespace access are switched on so every optional field is written.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { GameEnvironment } from "../components/game-environment";
import { modelFor, validateKubernetesObjects, formatSchemaProblems } from "../tools/plan/k8s-validate";
import type { TierName } from "../stacks/tier";
import { committedRegistry, environmentSettings, runComponent, type RecordedResource } from "./harness";
import { environmentArgs, testCluster } from "./support/environment";

/** Every kind the components write; each must appear, and every object of it must validate. */
const KINDS = [
  "kubernetes:core/v1:Namespace",
  "kubernetes:core/v1:ResourceQuota",
  "kubernetes:core/v1:LimitRange",
  "kubernetes:core/v1:ConfigMap",
  "kubernetes:core/v1:Secret",
  "kubernetes:core/v1:Service",
  "kubernetes:apps/v1:Deployment",
  "kubernetes:apps/v1:StatefulSet",
  "kubernetes:policy/v1:PodDisruptionBudget",
  "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
  "kubernetes:networking.k8s.io/v1:Ingress",
  "kubernetes:networking.k8s.io/v1:NetworkPolicy",
  "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
] as const;

/** Custom resources the components write, each validated against its vendored CRD (lib/crd-schema). */
const CUSTOM_KINDS = ["kubernetes:kube-green.com/v1alpha1:SleepInfo"] as const;

/** Objects the test's stand-in data-access factory creates: not ours to validate here. */
const isTestStandIn = (r: RecordedResource) => r.name.includes("-test-");

async function registeredObjects(tier: TierName): Promise<RecordedResource[]> {
  const settings = await environmentSettings(tier);
  const { environments } = await committedRegistry(tier);
  const { registered } = await runComponent(
    () => {
      const cluster = testCluster(settings);
      return environments.map(
        (env, i) =>
          new GameEnvironment(
            env.name,
            environmentArgs(
              settings,
              i === 0
                ? { ...env, chaos: { mtbfDays: 2, killMode: "random-max-percent", killValue: 50 } }
                : env,
              cluster,
              {
                sharedNamespaces: [
                  { namespace: "monitoring", servers: ["gameserver", "league"], ports: [9090] },
                ],
              },
            ),
          ),
      );
    },
    { stack: tier },
  );
  return registered.resources.filter((r) => r.type.startsWith("kubernetes:") && !isTestStandIn(r));
}

describe("every Kubernetes object the environment components write validates against the upstream schema", () => {
  let objects: RecordedResource[];
  before(async () => {
    objects = [...(await registeredObjects("dev")), ...(await registeredObjects("stage"))];
  });

  it("writes only kinds this test covers", () => {
    const written = new Set(objects.map((o) => o.type));
    assert.deepEqual(
      [...written].filter((t) => ![...KINDS, ...CUSTOM_KINDS].includes(t as never)),
      [],
    );
  });

  for (const kind of KINDS) {
    it(`${kind.slice(kind.lastIndexOf(":") + 1)}`, async () => {
      const ofKind = objects.filter((o) => o.type === kind);
      assert.ok(ofKind.length > 0, `no ${kind} was written`);
      assert.ok(modelFor(kind), `no kubernetes-models class for ${kind}`);
      const problems = await validateKubernetesObjects(ofKind);
      assert.deepEqual(formatSchemaProblems(problems), []);
    });
  }

  for (const kind of CUSTOM_KINDS) {
    it(`${kind.slice(kind.lastIndexOf(":") + 1)} (against its CRD)`, async () => {
      const ofKind = objects.filter((o) => o.type === kind);
      assert.ok(ofKind.length > 0, `no ${kind} was written`);
      assert.equal(modelFor(kind), undefined, "a custom resource: no upstream Kubernetes model");
      assert.deepEqual(formatSchemaProblems(await validateKubernetesObjects(ofKind)), []);
      const broken = { ...ofKind[0]!, inputs: { ...ofKind[0]!.inputs, spec: { sleepAt: "20:00" } } };
      assert.match(
        formatSchemaProblems(await validateKubernetesObjects([broken])).join("\n"),
        /weekdays/,
        "a SleepInfo without weekdays is refused, as the CRD requires",
      );
    });
  }

  it("would catch a schema violation (the check is not vacuous)", async () => {
    const deployment = objects.find((o) => o.type === "kubernetes:apps/v1:Deployment")!;
    const broken = { ...deployment, inputs: { ...deployment.inputs, spec: { replicas: "three" } } };
    const problems = await validateKubernetesObjects([broken]);
    assert.ok(problems.length > 0);
  });
});
