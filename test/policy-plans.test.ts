import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { parse, stringify } from "yaml";
import { policies } from "../policy/pack";
import { readConfigFile, tierConfigFile } from "../policy/runner/config";
import { parsePlan, readPlanFile, type Plan, type PlanResource } from "../policy/runner/plan";
import { runPolicies } from "../policy/runner/run";
import { buildPlatformPlan } from "../tools/plan/build";
import { buildEnvironmentPlan, OFFLINE_ORGANIZATION } from "../tools/plan/build-environment";
import { serializePlan, type Plan as BuiltPlan } from "../tools/plan/model";
import { environmentStack } from "../environment/main";
import { ENVIRONMENT_PROJECT, platformStackReference } from "../lib/naming";
import * as pulumi from "@pulumi/pulumi";
import { defineStack } from "../program";
import { readRawConfig } from "../stacks/loader";
import { resolveStackConfig } from "../stacks/resolve";
import { runUnderMocks, type StackReferenceAnswer } from "../tools/engine/run";
import { ROOT, TEST_TODAY, stackConfig } from "./harness";

/** The part of the mock monitor that receives a component's registerOutputs. */
interface OutputsMonitor {
  registerResourceOutputs(
    req: { getUrn(): string; getOutputs(): { toJavaScript(): Record<string, unknown> } | undefined },
    callback: (err: unknown, res: unknown) => void,
  ): void;
}

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
    // The platform's own pod template: the log retention Job (environments are their own stacks).
    const deployment = plan.resources.find((r) => r.type === "kubernetes:batch/v1:Job")!;
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

/**
 * The dev platform's plan, built by running the program with its settings plus `cluster` overrides,
 * and the plan of environment stack dev.dev1 on top of it (through the platform's outputs).
 */
async function devPlansWith(
  cluster: Record<string, unknown>,
): Promise<{ platform: Plan; environment: Plan; reference: StackReferenceAnswer }> {
  const dir = mkdtempSync(join(tmpdir(), "grace-plan-"));
  const settings = parse(readFileSync(join(ROOT, "Pulumi.dev.yaml"), "utf8")) as {
    config: Record<string, Record<string, unknown>>;
  };
  settings.config["game-infra:cluster"] = { ...settings.config["game-infra:cluster"], ...cluster };
  const file = join(dir, "Pulumi.dev.yaml");
  writeFileSync(file, stringify(settings));
  const built = await buildPlatformPlan({ root: ROOT, stack: "dev", configFile: file });
  const environment = await buildEnvironmentPlan({
    registryRoot: ROOT,
    tier: "dev",
    environment: "dev1",
    platform: built.reference,
    today: TEST_TODAY,
  });
  // Through the plan file format, exactly as `npm run policy -- --plan FILE` reads it.
  const asRead = (plan: Plan | BuiltPlan) => parsePlan(JSON.parse(serializePlan(plan as BuiltPlan)));
  return { platform: asRead(built.plan), environment: asRead(environment), reference: built.reference };
}

const notReady = (r: PlanResource) =>
  (
    r.inputs as {
      spec: { template: { spec: { tolerations: Array<{ key: string; tolerationSeconds?: number }> } } };
    }
  ).spec.template.spec.tolerations.find((t) => t.key === "node.kubernetes.io/not-ready")!;

/** Runs `program` under mocks and returns each component's registered outputs by its name. */
function componentOutputsHook(registered: Map<string, Record<string, unknown>>): void {
  const monitor = pulumi.runtime.getMonitor() as unknown as OutputsMonitor;
  const original = monitor.registerResourceOutputs.bind(monitor);
  monitor.registerResourceOutputs = (req, callback) => {
    registered.set(req.getUrn(), req.getOutputs()?.toJavaScript() ?? {});
    original(req, callback);
  };
}

describe("the grace-period policy (W6) over plans built from the program", () => {
  it("passes a tier whose nodeMonitorGracePeriod is overridden to 300s, with no tier config copy", async () => {
    const { platform, environment } = await devPlansWith({ nodeMonitorGracePeriod: "300s" });
    const cluster = platform.resources.find((r) => r.type === "game:index:GameCluster")!;
    assert.equal(cluster.inputs.nodeMonitorGracePeriodSeconds, 300);
    const game = environment.resources.find((r) => r.type === "game:index:GameEnvironment")!;
    assert.equal(game.inputs.nodeMonitorGracePeriodSeconds, 300);
    const deployment = environment.resources.find((r) => r.type === "kubernetes:apps/v1:Deployment")!;
    assert.equal(notReady(deployment).tolerationSeconds, 260);

    for (const plan of [platform, environment]) {
      const report = await runPolicies(plan, readConfigFile(tierConfigFile("dev")));
      assert.deepEqual(
        report.violations
          .filter((v) => v.enforcementLevel === "mandatory")
          .map((v) => `${v.policyName} ${v.urn}: ${v.message}`),
        [],
        plan.stack,
      );
    }
  });

  it("also registers the declaration as the components' outputs, which the real engine gives stack policies", async () => {
    // The engine's AnalyzeStack passes each resource's outputs, and a component's outputs are what
    // it registered with registerOutputs (they replace its inputs), so inputs alone would be lost.
    const settings = stackConfig("dev");
    const cluster = JSON.parse(settings.config["game-infra:cluster"]!) as Record<string, unknown>;
    const { project, config, secretKeys } = stackConfig("dev", {
      cluster: { ...cluster, nodeMonitorGracePeriod: "300s" },
    });
    const registered = new Map<string, Record<string, unknown>>();
    await runUnderMocks({
      project,
      stack: "dev",
      config,
      secretKeys,
      program: () => {
        componentOutputsHook(registered);
        return defineStack(resolveStackConfig(readRawConfig()));
      },
    });
    const { reference } = await devPlansWith({ nodeMonitorGracePeriod: "300s" });
    await runUnderMocks({
      project: ENVIRONMENT_PROJECT,
      stack: "dev.dev1",
      config: {},
      organization: OFFLINE_ORGANIZATION,
      stackReferences: { [platformStackReference(OFFLINE_ORGANIZATION, "dev")]: reference },
      program: () => {
        componentOutputsHook(registered);
        return environmentStack({ root: ROOT, today: TEST_TODAY });
      },
    });
    const declared = [...registered]
      .filter(([urn]) => /::game:index:(GameCluster|GameEnvironment)::[^:]+$/.test(urn))
      .map(([urn, outputs]) => [urn.slice(urn.lastIndexOf("::") + 2), outputs.nodeMonitorGracePeriodSeconds]);
    assert.deepEqual(declared.sort(), [
      ["dev", 300],
      ["dev1", 300],
    ]);
  });

  it("fails a pod template whose tolerations wait other seconds than the stack declares", async () => {
    const { environment } = await devPlansWith({ nodeMonitorGracePeriod: "300s" });
    const deployment = environment.resources.find((r) => r.type === "kubernetes:apps/v1:Deployment")!;
    notReady(deployment).tolerationSeconds = 200;
    const report = await runPolicies(
      environment,
      {},
      { policies: policies.filter((p) => p.name === "k8s-grace-period-tolerations") },
    );
    assert.deepEqual(
      report.violations.map((v) => [v.enforcementLevel, v.urn]),
      [["mandatory", deployment.urn]],
    );
    assert.match(
      report.violations[0]!.message,
      /the node\.kubernetes\.io\/not-ready toleration waits 200s, not 260s \(the nodeMonitorGracePeriod of 300s that game:index:/,
    );
  });
});
