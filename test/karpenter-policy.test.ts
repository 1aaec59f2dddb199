/**
 * The Karpenter policies (N1-N3) over the dev platform plan built from the program now, judged as
 * `npm run policy -- --plan FILE` judges it: no finding on what the program writes, from any policy
 * on Karpenter's resources; then one change at a time that the matching policy must catch.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { readConfigFile, tierConfigFile } from "../policy/runner/config";
import { parsePlan, type Plan, type PlanResource } from "../policy/runner/plan";
import { runPolicies } from "../policy/runner/run";
import { buildPlatformPlan } from "../tools/plan/build";
import { serializePlan } from "../tools/plan/model";
import { ROOT } from "./paths";

const N_POLICIES = [
  "karpenter-nodepool-limits-budgets",
  "karpenter-nodeclass-pinned-hardened",
  "karpenter-queue-and-placement",
];

type Inputs = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- plan inputs are free-form JSON

describe("Karpenter policies over the dev platform plan", () => {
  let plan: Plan;
  before(async () => {
    const built = await buildPlatformPlan({ root: ROOT, stack: "dev" });
    plan = parsePlan(JSON.parse(serializePlan(built.plan)));
  });

  const judge = async (change?: (resources: PlanResource[]) => PlanResource[]) => {
    const resources = change ? change(structuredClone(plan.resources) as PlanResource[]) : plan.resources;
    const report = await runPolicies({ ...plan, resources }, readConfigFile(tierConfigFile("dev")));
    return report.violations;
  };
  const edit = (type: string, change: (inputs: Inputs) => void) => (resources: PlanResource[]) =>
    resources.map((r) => {
      if (
        r.type !== type &&
        !(type === "karpenter" && /helm\.sh/.test(r.type) && r.name.endsWith("karpenter-controller"))
      ) {
        return r;
      }
      const inputs = structuredClone(r.inputs) as Inputs;
      change(inputs);
      return { ...r, inputs };
    });

  it("finds nothing wrong with what the program writes for Karpenter, under any policy", async () => {
    const violations = await judge();
    assert.deepEqual(
      violations.filter((v) => N_POLICIES.includes(v.policyName)).map((v) => v.message),
      [],
    );
    assert.deepEqual(
      violations
        .filter((v) => v.urn.includes("karpenter"))
        .map((v) => `${v.policyName} ${v.urn}: ${v.message}`),
      [],
    );
  });

  it("N1 catches a NodePool without limits", async () => {
    const violations = await judge(edit("kubernetes:karpenter.sh/v1:NodePool", (i) => delete i.spec.limits));
    assert.deepEqual(
      violations.filter((v) => v.policyName === N_POLICIES[0]).map((v) => v.message),
      [
        "spec.limits.cpu is unset: Karpenter would add nodes for every pending pod, without bound",
        "spec.limits.memory is unset: Karpenter would add nodes for every pending pod, without bound",
      ],
    );
  });

  it("N2 catches bottlerocket@latest", async () => {
    const violations = await judge(
      edit(
        "kubernetes:karpenter.k8s.aws/v1:EC2NodeClass",
        (i) => (i.spec.amiSelectorTerms = [{ alias: "bottlerocket@latest" }]),
      ),
    );
    assert.equal(violations.filter((v) => v.policyName === N_POLICIES[1]).length, 1);
  });

  it("N3 catches a controller moved onto the game pool and a missing interruption queue", async () => {
    const moved = await judge(
      edit("karpenter", (i) => (i.values.nodeSelector = { "game-infra/pool": "game" })),
    );
    assert.match(
      moved
        .filter((v) => v.policyName === N_POLICIES[2])
        .map((v) => v.message)
        .join("\n"),
      /matches the nodes of NodePool dev-karpenter-game-node-pool/,
    );
    const noQueue = await judge((resources) => resources.filter((r) => r.type !== "aws:sqs/queue:Queue"));
    assert.deepEqual(
      noQueue.filter((v) => v.policyName === N_POLICIES[2]).map((v) => v.message),
      [
        'settings.interruptionQueue is "game-infra-dev-karpenter", but the stack has no SQS queue of that name',
      ],
    );
  });
});
