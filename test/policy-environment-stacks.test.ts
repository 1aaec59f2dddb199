// The policy pack over plans built from the program now (not the committed plans): each tier's
// platform stack and every committed environment's stack, as `npm run plan` builds them, judged as
// `npm run policy -- --plan FILE` judges them. Then single changes to a real environment stack's plan
// that the environment rules (G7-G9) and G3 must catch, and nothing else must misjudge.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { addDays, todayUtc } from "../lib/dates";
import { main } from "../policy/runner/cli";
import { configTierOf, type PolicyPackConfig, readConfigFile, tierConfigFile } from "../policy/runner/config";
import type { Props } from "../policy/lib/values";
import { parsePlan, type Plan, type PlanResource } from "../policy/runner/plan";
import { runPolicies, type Violation } from "../policy/runner/run";
import { readRegistrySource } from "../stacks/registry";
import { TIER_NAMES, type TierName } from "../stacks/tier";
import { buildPlatformPlan } from "../tools/plan/build";
import { buildEnvironmentPlan } from "../tools/plan/build-environment";
import { serializePlan, type Plan as ProgramPlan } from "../tools/plan/model";
import { ROOT, TEST_TODAY } from "./paths";

/** A plan as the policy runner reads it from a `--json` file. */
function asPolicyPlan(plan: ProgramPlan): Plan {
  return parsePlan(JSON.parse(serializePlan(plan)));
}

/** The committed environments of a tier (their registry files' names). */
function committedEnvironments(tier: TierName): string[] {
  return [...readRegistrySource(ROOT, tier).environments.keys()].sort();
}

type TierPlans = { platform: Plan; environments: Map<string, Plan> };
const builtTiers = new Map<TierName, Promise<TierPlans>>();

/** A tier's platform plan and the plan of every committed environment stack, built once per process. */
function buildTier(tier: TierName): Promise<TierPlans> {
  let built = builtTiers.get(tier);
  if (!built) {
    built = buildTierPlans(tier);
    builtTiers.set(tier, built);
  }
  return built;
}

async function buildTierPlans(tier: TierName): Promise<TierPlans> {
  const built = await buildPlatformPlan({ root: ROOT, stack: tier });
  const environments = new Map<string, Plan>();
  for (const environment of committedEnvironments(tier)) {
    const plan = await buildEnvironmentPlan({
      registryRoot: ROOT,
      tier,
      environment,
      platform: built.reference,
      today: TEST_TODAY,
    });
    environments.set(environment, asPolicyPlan(plan));
  }
  return { platform: asPolicyPlan(built.plan), environments };
}

/** The tier config the runner picks for a plan's stack (`dev.dev1` takes dev's). */
function tierConfig(plan: Plan): PolicyPackConfig {
  return readConfigFile(tierConfigFile(configTierOf(plan.stack)));
}

function lines(violations: readonly Violation[]): string[] {
  return violations.map((v) => `${v.enforcementLevel} ${v.policyName} ${v.urn}: ${v.message}`);
}

function mandatory(violations: readonly Violation[]): string[] {
  return lines(violations.filter((v) => v.enforcementLevel === "mandatory"));
}

/** A copy of `plan` with `change` applied to a deep copy of the resources it selects. */
function mutated(plan: Plan, select: (r: PlanResource) => boolean, change: (inputs: Props) => void): Plan {
  let found = 0;
  const resources = plan.resources.map((r) => {
    if (!select(r)) return r;
    found++;
    const inputs = structuredClone(r.inputs);
    change(inputs);
    return { ...r, inputs };
  });
  assert.ok(found > 0, "the mutation selects a resource of the plan");
  return { ...plan, resources };
}

const isType = (type: string) => (r: PlanResource) => r.type === type;
const NAMESPACE = "kubernetes:core/v1:Namespace";
const ROLE_BINDING = "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding";
/**
 * The game's rules and W10, whose findings on the program's own plans would be false alarms at any
 * level. G4 (expired environments, advisory) is left out: whether an environment has expired depends
 * on the day the test runs.
 */
const GAME_RULES = [
  "game-environment-metadata",
  "game-environment-names",
  "game-redis-db-unique",
  "game-data-stores-protected",
  "game-cost-guard",
  "game-environment-stack-contents",
  "game-redis-db-not-retired",
  "game-environment-lifetime",
  "k8s-pods-selected-by-network-policy",
  "k8s-environment-default-deny",
];

for (const tier of TIER_NAMES) {
  describe(`the policy pack over the ${tier} tier's plans built now`, () => {
    let plans: TierPlans;
    before(async () => {
      plans = await buildTier(tier);
    });

    it(`finds no mandatory violation in the ${tier} platform stack, and no game rule or W10 finding at all`, async () => {
      const report = await runPolicies(plans.platform, tierConfig(plans.platform));
      assert.deepEqual(mandatory(report.violations), []);
      assert.deepEqual(lines(report.violations.filter((v) => GAME_RULES.includes(v.policyName))), []);
    });

    for (const environment of committedEnvironments(tier)) {
      it(`finds no mandatory violation, and no game rule or W10 finding, in environment stack ${tier}.${environment} (config policy/config/${tier}.json)`, async () => {
        const plan = plans.environments.get(environment)!;
        assert.equal(plan.project, "game-environment");
        assert.equal(plan.stack, `${tier}.${environment}`);
        const report = await runPolicies(plan, tierConfig(plan));
        assert.deepEqual(mandatory(report.violations), []);
        assert.deepEqual(lines(report.violations.filter((v) => GAME_RULES.includes(v.policyName))), []);
      });
    }
  });
}

describe("the environment rules catch a change to a real environment stack's plan", () => {
  let platform: Plan;
  let dev1: Plan;
  const config = readConfigFile(tierConfigFile("dev"));
  before(async () => {
    const built = await buildTier("dev");
    platform = built.platform;
    dev1 = built.environments.get("dev1")!;
  });

  /** The mandatory violations of `plan` under dev's config (plus `overrides`). */
  async function mandatoryOf(plan: Plan, overrides: PolicyPackConfig = {}): Promise<Violation[]> {
    const report = await runPolicies(plan, { ...config, ...overrides });
    return report.violations.filter((v) => v.enforcementLevel === "mandatory");
  }

  it("a RoleBinding to another team's group fails G7 on that RoleBinding, and nothing else", async () => {
    const plan = mutated(dev1, isType(ROLE_BINDING), (i) => (i.subjects[0].name = "game-team:balance"));
    const binding = plan.resources.find(isType(ROLE_BINDING))!;
    assert.deepEqual(
      (await mandatoryOf(plan)).map((v) => `${v.policyName} ${v.urn}: ${v.message}`),
      [
        `game-environment-stack-contents ${binding.urn}: RoleBinding dev1/team-edit binds Group game-team:balance; an environment's RoleBindings bind only its team's group "game-team:server"`,
      ],
    );
  });

  it("a second environment namespace fails G7 on both namespaces", async () => {
    const namespace = dev1.resources.find(isType(NAMESPACE))!;
    const extra = structuredClone(namespace) as PlanResource & { inputs: Props };
    Object.assign(extra, { urn: `${namespace.urn}-extra`, name: `${namespace.name}-extra` });
    extra.inputs.metadata.name = "dev1-extra";
    extra.inputs.metadata.labels["game-infra/environment"] = "dev1-extra";
    const found = await mandatoryOf({ ...dev1, resources: [...dev1.resources, extra] });
    const g7 = found.filter((v) => v.policyName === "game-environment-stack-contents");
    assert.deepEqual(g7.map((v) => v.urn).sort(), [namespace.urn, extra.urn].sort());
    g7.forEach((v) => assert.match(v.message, /holds 2 environment namespaces \(dev1, dev1-extra\)/));
  });

  it("a ClusterRoleBinding fails G7", async () => {
    const binding = dev1.resources.find(isType(ROLE_BINDING))!;
    const clusterWide: PlanResource = {
      ...binding,
      urn: binding.urn.replace("RoleBinding::", "ClusterRoleBinding::"),
      type: "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding",
      inputs: { ...binding.inputs, kind: "ClusterRoleBinding", metadata: { name: "dev1-team-edit" } },
    };
    const found = await mandatoryOf({ ...dev1, resources: [...dev1.resources, clusterWide] });
    assert.deepEqual(lines(found), [
      `mandatory game-environment-stack-contents ${clusterWide.urn}: ClusterRoleBinding dev1-team-edit is cluster-scoped RBAC; an environment grants its team access only by a RoleBinding in its own namespace`,
    ]);
  });

  it("an expiry 61 days ahead on dev fails G9 on the namespace; 60 days ahead passes", async () => {
    const expiring = (days: number) =>
      mutated(
        dev1,
        isType(NAMESPACE),
        (i) => (i.metadata.annotations["game-infra/expires"] = addDays(todayUtc(), days)),
      );
    const namespace = dev1.resources.find(isType(NAMESPACE))!;
    assert.deepEqual(lines(await mandatoryOf(expiring(60))), []);
    const found = await mandatoryOf(expiring(61));
    assert.deepEqual(
      found.map((v) => `${v.policyName} ${v.urn}`),
      [`game-environment-lifetime ${namespace.urn}`],
    );
    assert.match(found[0]!.message, /more than 60 days ahead \(the dev maximum\)/);
  });

  it("a Redis DB on the tier's retired list fails G8 on the namespace", async () => {
    const registryRoot = mkdtempSync(join(tmpdir(), "policy-env-registry-"));
    mkdirSync(join(registryRoot, "environments", "dev"), { recursive: true });
    const namespace = dev1.resources.find(isType(NAMESPACE))!;
    const db = (namespace.inputs as Props).metadata.annotations["game-infra/redis-db"] as string;
    writeFileSync(
      join(registryRoot, "environments", "dev", "retired-redis-dbs.yaml"),
      `- db: ${db}\n  environment: dev-old\n  retired: "2026-11-01"\n`,
    );
    const found = await mandatoryOf(dev1, { "game-redis-db-not-retired": { registryRoot } });
    assert.deepEqual(
      found.map((v) => `${v.policyName} ${v.urn}`),
      [`game-redis-db-not-retired ${namespace.urn}`],
    );
    assert.match(
      found[0]!.message,
      new RegExp(`uses Redis DB ${db}, which is retired: environment "dev-old"`),
    );
  });

  it("a ConfigMap whose REDIS_DB disagrees with the namespace fails G3", async () => {
    const plan = mutated(
      dev1,
      (r) => r.type === "kubernetes:core/v1:ConfigMap" && (r.inputs as Props).metadata?.name === "game-env",
      (i) => (i.data.REDIS_DB = "42"),
    );
    const found = await mandatoryOf(plan);
    assert.deepEqual(
      found.map((v) => v.policyName),
      ["game-redis-db-unique"],
    );
    assert.match(found[0]!.message, /REDIS_DB 42 and game-infra\/redis-db \d+ disagree/);
  });

  it("G1, G2 and W10's default-deny judge the environment stack's namespace", async () => {
    const namespace = dev1.resources.find(isType(NAMESPACE))!;
    const ownerless = mutated(dev1, isType(NAMESPACE), (i) => {
      delete i.metadata.labels["game-infra/owner"];
      delete i.metadata.annotations["game-infra/owner"];
    });
    assert.deepEqual(
      (await mandatoryOf(ownerless)).map((v) => `${v.policyName} ${v.urn}: ${v.message}`),
      [`game-environment-metadata ${namespace.urn}: environment dev1 lacks game-infra/owner`],
    );
    const badName = mutated(
      dev1,
      isType(NAMESPACE),
      (i) => (i.metadata.labels["game-infra/environment"] = "Dev_1"),
    );
    assert.ok(
      (await mandatoryOf(badName)).some(
        (v) => v.policyName === "game-environment-names" && /"Dev_1" is not a DNS-1123 label/.test(v.message),
      ),
    );
    // Every policy that selects all pods of the namespace isolates it (allow-same-namespace too), so
    // all of them go.
    const selectsAll = (r: PlanResource) =>
      r.type === "kubernetes:networking.k8s.io/v1:NetworkPolicy" &&
      Object.keys(((r.inputs as Props).spec?.podSelector ?? {}) as object).length === 0;
    const open: Plan = { ...dev1, resources: dev1.resources.filter((r) => !selectsAll(r)) };
    assert.equal(open.resources.length, dev1.resources.length - 2);
    assert.ok(
      (await mandatoryOf(open)).some(
        (v) =>
          v.policyName === "k8s-environment-default-deny" &&
          v.urn === namespace.urn &&
          /environment dev1 \(namespace dev1\) has no default-deny NetworkPolicy/.test(v.message),
      ),
    );
  });

  it("the platform stack's NetworkPolicies select the bootstrap pods the environment stack puts in its namespace", async () => {
    // The allow-list entry in policy/config/<tier>.json stands for this: judged over both stacks
    // together, as the cluster holds them, the bootstrap Job is covered without it.
    const noAllowList = { "k8s-pods-selected-by-network-policy": { allowedWorkloads: [] } };
    const job = dev1.resources.find(isType("kubernetes:batch/v1:Job"))!;
    const jobName = (job.inputs as Props).metadata.name as string;
    assert.match(jobName, /^db-bootstrap-dev1-/);
    const alone = await mandatoryOf(dev1, noAllowList);
    assert.deepEqual(
      alone.map((v) => `${v.policyName} ${v.urn}: ${v.message}`),
      [
        `k8s-pods-selected-by-network-policy ${job.urn}: no NetworkPolicy selects the pods of Job platform/${jobName}`,
      ],
    );
    const together: Plan = { ...platform, resources: [...platform.resources, ...dev1.resources] };
    const report = await runPolicies(together, noAllowList, {
      policies: (await import("../policy/pack")).policies.filter(
        (p) => p.name === "k8s-pods-selected-by-network-policy",
      ),
    });
    assert.deepEqual(lines(report.violations), []);
  });

  it("`npm run policy -- --plan FILE` judges an environment stack's plan with its tier's config", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "policy-env-plan-")), "dev.dev1.json");
    writeFileSync(file, JSON.stringify(dev1));
    const stdout: string[] = [];
    const stderr: string[] = [];
    const code = await main(["--plan", file], {
      stdout: (l) => stdout.push(l),
      stderr: (l) => stderr.push(l),
    });
    assert.deepEqual(stderr, []);
    assert.equal(code, 0);
    assert.match(stdout.at(-1)!, /of stack dev\.dev1, config policy\/config\/dev\.json$/);
  });
});
