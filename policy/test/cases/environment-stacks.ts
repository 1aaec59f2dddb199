// Cases for the environment-stack rules (G7-G9), at their limits. Environment stacks are built as
// the environment project builds them (fixtures/compliant-stack.ts) and broken one thing at a time.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

import { addDays, todayUtc } from "../../../lib/dates";
import type { PlanResource } from "../../runner/plan";
import { compliantEnvironmentStack, compliantStack } from "../fixtures/compliant-stack";
import * as k8s from "../fixtures/kubernetes";
import { environmentProject, modified, resource, restacked } from "../fixtures/plan-builder";
import type { PolicyCase } from "../harness";

const stack = "dev.dev1";
const envStack = compliantEnvironmentStack("dev", "dev1", 1);
const namespaceUrn = envStack.find((r) => r.type === "kubernetes:core/v1:Namespace")!.urn;

/** The dev1 environment stack with `extra` resources (written as dev fixtures) added. */
function withExtra(...extra: PlanResource[]): PlanResource[] {
  return [...envStack, ...restacked(extra, stack, environmentProject)];
}

/** The dev1 environment stack with the resource of Pulumi name `name` changed. */
function changed(name: string, change: Parameters<typeof modified>[1]): PlanResource[] {
  if (!envStack.some((r) => r.name === name)) throw new Error(`no resource ${name} in the fixture`);
  return envStack.map((r) => (r.name === name ? modified(r, change) : r));
}

function g7(c: Omit<PolicyCase, "policy" | "stack" | "project">): PolicyCase {
  return { policy: "game-environment-stack-contents", stack, project: environmentProject, ...c };
}

const extraUrn = (type: string, name: string) =>
  `urn:pulumi:${stack}::${environmentProject}::${type}::${name}`;

/** Cases for G7 (one environment per environment stack). */
const environmentStackCases: PolicyCase[] = [
  g7({ title: "accepts an environment stack as the environment program builds it", resources: envStack }),
  {
    policy: "game-environment-stack-contents",
    title: "does not judge a platform stack (project game-infra), whatever it holds",
    resources: [
      ...compliantStack("dev"),
      k8s.namespace("dev1", {}),
      k8s.namespace("dev2", {}),
      resource("kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding", "admins", { metadata: {} }),
    ],
  },
  g7({
    title: "accepts a RoleBinding that grants a Role of the namespace to the team's group",
    resources: changed("dev1-team-edit", (i) => (i.roleRef = { kind: "Role", name: "debugger" })),
  }),
  g7({
    title: "accepts a custom resource that config declares namespaced",
    resources: withExtra(
      resource("kubernetes:monitoring.coreos.com/v1:ServiceMonitor", "dev1-monitor", {
        metadata: { name: "gameserver", namespace: "dev1" },
      }),
    ),
    settings: { namespacedCustomResources: ["monitoring.coreos.com/ServiceMonitor"] },
  }),
  g7({
    title: "rejects an environment stack without an environment namespace",
    resources: envStack.filter((r) => r.urn !== namespaceUrn),
    violation: /stack dev\.dev1 holds no environment namespace/,
  }),
  g7({
    title: "rejects a second environment namespace",
    resources: withExtra(k8s.namespace("dev2", { redisDb: 2 })),
    violation: /holds 2 environment namespaces \(dev1, dev2\); an environment stack holds exactly one/,
    urn: extraUrn("kubernetes:core/v1:Namespace", "ns-dev2"),
  }),
  g7({
    title: "rejects a namespace that is not an environment's",
    resources: withExtra(k8s.namespace("scratch")),
    violation: /Namespace scratch is not an environment namespace/,
  }),
  g7({
    title: "rejects a RoleBinding to another team's group",
    resources: changed("dev1-team-edit", (i) => (i.subjects[0].name = "game-team:balance")),
    violation:
      /binds Group game-team:balance; an environment's RoleBindings bind only its team's group "game-team:server"/,
  }),
  g7({
    title: "rejects a RoleBinding that adds a service account to the team's group",
    resources: changed("dev1-team-edit", (i) =>
      i.subjects.push({ kind: "ServiceAccount", name: "ci", namespace: "kube-system" }),
    ),
    violation: /binds ServiceAccount ci of namespace kube-system/,
  }),
  g7({
    title: "rejects a RoleBinding that grants a ClusterRole beyond edit",
    resources: changed("dev1-team-edit", (i) => (i.roleRef.name = "admin")),
    violation: /RoleBinding dev1\/team-edit grants ClusterRole admin/,
  }),
  g7({
    title: "rejects the team's RoleBinding placed in another namespace",
    resources: changed("dev1-team-edit", (i) => (i.metadata.namespace = "dev2")),
    violation: /RoleBinding dev2\/team-edit is outside environment dev1's namespace dev1/,
  }),
  g7({
    title: "rejects a ClusterRoleBinding, even to the team's group",
    resources: withExtra(
      resource("kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding", "dev1-view", {
        metadata: { name: "dev1-view" },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "view" },
        subjects: [k8s.group("game-team:server")],
      }),
    ),
    violation: /ClusterRoleBinding dev1-view is cluster-scoped RBAC/,
  }),
  g7({
    title:
      "rejects a ClusterRole whose metadata names the environment's namespace (it is cluster-scoped anyway)",
    resources: withExtra(
      resource("kubernetes:rbac.authorization.k8s.io/v1:ClusterRole", "dev1-reader", {
        metadata: { name: "dev1-reader", namespace: "dev1" },
        rules: [],
      }),
    ),
    violation: /ClusterRole dev1-reader is cluster-scoped RBAC/,
  }),
  g7({
    title: "rejects any other cluster-scoped object",
    resources: withExtra(
      resource("kubernetes:storage.k8s.io/v1:StorageClass", "dev1-fast", {
        metadata: { name: "dev1-fast" },
        provisioner: "ebs.csi.aws.com",
      }),
    ),
    violation:
      /StorageClass dev1-fast is cluster-scoped; an environment stack creates nothing cluster-scoped/,
  }),
  g7({
    title: "rejects an object with no namespace (it lands in default)",
    resources: withExtra(
      resource("kubernetes:core/v1:ConfigMap", "dev1-stray", { metadata: { name: "stray" }, data: {} }),
    ),
    violation: /ConfigMap default\/stray is outside environment dev1's namespace dev1/,
  }),
  g7({
    title: "rejects a bootstrap Job in the platform namespace labelled for another environment",
    resources: changed("dev1-data-bootstrap", (i) => {
      i.metadata.labels["game-infra/environment"] = "dev2";
    }),
    violation:
      /Job platform\/db-bootstrap-dev1-0a1b2c3d is outside environment dev1's namespace dev1 \(the platform namespace takes only/,
  }),
  g7({
    title: "rejects any other object in the platform namespace, even labelled for the environment",
    resources: withExtra(
      modified(k8s.deployment("platform", "db-proxy"), (i) =>
        Object.assign(i.metadata.labels, k8s.bootstrapLabels("dev1")),
      ),
    ),
    violation: /Deployment platform\/db-proxy is outside environment dev1's namespace/,
  }),
  g7({
    title: "rejects a second bootstrap Job",
    resources: withExtra(
      modified(k8s.bootstrapJob("dev1"), (i) => (i.metadata.name = "db-bootstrap-dev1-ffffffff")),
    ),
    violation: /is a second bootstrap Job of environment dev1/,
  }),
  g7({
    title: "rejects a Helm release, whose objects no policy sees",
    resources: withExtra(k8s.helmRelease("redis-insight", "dev1", {})),
    violation: /kubernetes:helm\.sh\/v3:Release redis-insight renders objects no policy sees/,
  }),
  g7({
    title: "rejects a cloud resource in an environment stack",
    resources: withExtra(resource("aws:s3/bucket:Bucket", "dev1-assets", { bucket: "dev1-assets" })),
    violation: /aws:s3\/bucket:Bucket dev1-assets is not part of an environment/,
  }),
  g7({
    title: "rejects a custom resource whose scope it cannot know",
    resources: withExtra(
      resource("kubernetes:karpenter.sh/v1:NodePool", "dev1-pool", { metadata: { name: "dev1-pool" } }),
    ),
    violation: /karpenter\.sh\/NodePool dev1-pool is a custom resource of unknown scope/,
  }),
  g7({
    title: "rejects an environment other than the one the stack is named after",
    resources: changed("ns-dev1", (i) => (i.metadata.labels["game-infra/environment"] = "dev9")),
    violation: /stack dev\.dev1 holds environment "dev9"; it may hold only "dev1"/,
    urn: namespaceUrn,
  }),
  g7({
    title: "rejects a tier label other than the stack's tier",
    resources: changed("ns-dev1", (i) => (i.metadata.labels["game-infra/tier"] = "stage")),
    violation: /labelled game-infra\/tier: "stage" in stack dev\.dev1 of tier dev/,
  }),
  g7({
    title: "rejects an environment namespace without a team label",
    resources: changed("ns-dev1", (i) => delete i.metadata.labels["game-infra/team"]),
    violation: /environment dev1 has no game-infra\/team label/,
  }),
  {
    policy: "game-environment-stack-contents",
    title: "rejects an environment stack whose name is not <tier>.<environment>",
    resources: restacked(compliantEnvironmentStack("dev", "dev1", 1), "sandbox", environmentProject),
    stack: "sandbox",
    project: environmentProject,
    violation: /stack "sandbox" is not named <tier>\.<environment>/,
  },
];

// A registry with retired numbers, as environments/<tier>/retired-redis-dbs.yaml writes them.
const registryRoot = mkdtempSync(path.join(tmpdir(), "policy-registry-"));
mkdirSync(path.join(registryRoot, "environments", "dev"), { recursive: true });
mkdirSync(path.join(registryRoot, "environments", "qa"), { recursive: true });
mkdirSync(path.join(registryRoot, "environments", "stage"), { recursive: true });
writeFileSync(
  path.join(registryRoot, "environments", "dev", "retired-redis-dbs.yaml"),
  "- db: 5\n  environment: old-event\n  retired: 2026-10-01\n",
);
writeFileSync(
  path.join(registryRoot, "environments", "qa", "retired-redis-dbs.yaml"),
  "- db: 7\n  environment: qa-old\n  retired: 2026-09-15\n",
);
writeFileSync(path.join(registryRoot, "environments", "stage", "retired-redis-dbs.yaml"), "- db: [\n");
const emptyRoot = mkdtempSync(path.join(tmpdir(), "policy-no-registry-"));
const retired = { registryRoot };

/** Cases for G8 (retired Redis DB numbers stay retired). */
const retiredDbCases: PolicyCase[] = [
  {
    policy: "game-redis-db-not-retired",
    title: "accepts a Redis DB that is not on the tier's retired list",
    resources: [k8s.namespace("dev1", { redisDb: 4 })],
    settings: retired,
  },
  {
    policy: "game-redis-db-not-retired",
    title: "accepts a number retired on another tier only",
    resources: [k8s.namespace("dev1", { redisDb: 7 })],
    settings: retired,
  },
  {
    policy: "game-redis-db-not-retired",
    title: "reads the registry of the repository that holds the pack by default",
    resources: [k8s.namespace("dev1", { redisDb: 1 })],
  },
  {
    policy: "game-redis-db-not-retired",
    title: "ignores namespaces that are not environments",
    resources: [k8s.namespace("logging")],
    settings: { registryRoot: emptyRoot },
  },
  {
    policy: "game-redis-db-not-retired",
    title: "rejects a retired Redis DB",
    resources: [k8s.namespace("dev1", { redisDb: 5 })],
    settings: retired,
    violation:
      /environment dev1 uses Redis DB 5, which is retired: environment "old-event" used it until 2026-10-01 and its data may still be there \(environments\/dev\/retired-redis-dbs\.yaml\)/,
  },
  {
    policy: "game-redis-db-not-retired",
    title: "rejects a number retired on the tier the namespace is labelled with",
    resources: [k8s.namespace("qa1", { redisDb: 7, tier: "qa" })],
    settings: retired,
    violation: /uses Redis DB 7, which is retired: environment "qa-old"/,
  },
  {
    policy: "game-redis-db-not-retired",
    title: "rejects an environment without a tier, whose retired list it cannot find",
    resources: [
      modified(k8s.namespace("dev1", { redisDb: 4 }), (i) => delete i.metadata.labels["game-infra/tier"]),
    ],
    settings: retired,
    violation: /game-infra\/tier is missing, so its tier's retired Redis DBs cannot be checked/,
  },
  {
    policy: "game-redis-db-not-retired",
    title: "fails rather than passes when the registry is not there",
    resources: [k8s.namespace("dev1", { redisDb: 4 })],
    settings: { registryRoot: emptyRoot },
    violation: /cannot check its Redis DB: the environment registry .* does not exist/,
  },
  {
    policy: "game-redis-db-not-retired",
    title: "fails rather than passes when the retired list is not valid YAML",
    resources: [k8s.namespace("stage", { redisDb: 1, tier: "stage" })],
    settings: retired,
    violation: /environments\/stage\/retired-redis-dbs\.yaml is not valid YAML/,
  },
];

const today = todayUtc();
const expiring = (days: number, tier = "dev") => ({ tier, expires: addDays(today, days) });

/** Cases for G9 (temporary tiers' environments expire within the tier's maximum). */
const lifetimeCases: PolicyCase[] = [
  {
    policy: "game-environment-lifetime",
    title: "accepts a dev expiry exactly 60 days ahead",
    resources: [k8s.namespace("dev1", expiring(60))],
  },
  {
    policy: "game-environment-lifetime",
    title: "accepts a qa expiry exactly 90 days ahead",
    resources: [k8s.namespace("qa1", expiring(90, "qa"))],
  },
  {
    policy: "game-environment-lifetime",
    title: "accepts a stage environment without an expiry",
    resources: [k8s.namespace("stage", { tier: "stage" })],
  },
  {
    policy: "game-environment-lifetime",
    title: "ignores namespaces that are not environments",
    resources: [k8s.namespace("logging")],
  },
  {
    policy: "game-environment-lifetime",
    title: "rejects a dev expiry 61 days ahead",
    resources: [k8s.namespace("dev1", expiring(61))],
    violation: new RegExp(
      `environment dev1 expires on ${addDays(today, 61)}, more than 60 days ahead \\(the dev maximum\\); latest allowed today \\(${today}\\): ${addDays(today, 60)}`,
    ),
  },
  {
    policy: "game-environment-lifetime",
    title: "rejects a qa expiry 91 days ahead",
    resources: [k8s.namespace("qa1", expiring(91, "qa"))],
    violation: /more than 90 days ahead \(the qa maximum\)/,
  },
  {
    policy: "game-environment-lifetime",
    title: "rejects a dev environment without an expiry",
    resources: [k8s.namespace("dev1", { tier: "dev" })],
    violation: /environment dev1 has no game-infra\/expires; dev environments are temporary/,
  },
  {
    policy: "game-environment-lifetime",
    title: "rejects an expiry that is not a date",
    resources: [k8s.namespace("dev1", { tier: "dev", expires: "2026-02-30" })],
    violation: /"2026-02-30" is not a YYYY-MM-DD date/,
  },
  {
    policy: "game-environment-lifetime",
    title: "rejects an environment without a tier label",
    resources: [
      modified(k8s.namespace("dev1", expiring(14)), (i) => delete i.metadata.labels["game-infra/tier"]),
    ],
    violation: /environment dev1 has no game-infra\/tier label/,
  },
  {
    policy: "game-environment-lifetime",
    title: "rejects a tier that does not exist",
    resources: [k8s.namespace("dev1", expiring(14, "prod"))],
    violation: /game-infra\/tier "prod" is not a tier \(dev, qa, stage\)/,
  },
];

/** Cases for G7-G9. */
export const environmentStackRuleCases: PolicyCase[] = [
  ...environmentStackCases,
  ...retiredDbCases,
  ...lifetimeCases,
  // G3 within an environment stack: one environment, its count from the tier profile.
  {
    policy: "game-redis-db-unique",
    title: "accepts the environment of an environment stack, counted against its tier profile",
    resources: envStack,
    stack,
    project: environmentProject,
  },
  {
    policy: "game-redis-db-unique",
    title: "rejects an environment stack whose ConfigMap and namespace disagree on the Redis DB",
    resources: changed("dev1-game-env", (i) => (i.data.REDIS_DB = "2")),
    stack,
    project: environmentProject,
    violation: /environment dev1: REDIS_DB 2 and game-infra\/redis-db 1 disagree/,
  },
  {
    policy: "game-data-stores-protected",
    title: "has nothing to judge in an environment stack (no data store of its own)",
    resources: envStack,
    stack,
    project: environmentProject,
  },
  {
    policy: "game-cost-guard",
    title: "has nothing to judge in an environment stack (no nodes, databases or caches)",
    resources: envStack,
    stack,
    project: environmentProject,
  },
];
