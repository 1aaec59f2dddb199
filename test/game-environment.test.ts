import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join, posix } from "node:path";
import { before, describe, it } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import {
  GameEnvironment,
  validateEnvironmentArgs,
  type GameEnvironmentArgs,
} from "../components/game-environment";
import { subnetLayout } from "../lib/cidr";
import { graceTolerations } from "../lib/grace";
import { LOGGING_NAMESPACE } from "../lib/naming";
import { APP_LABELS, COLOR_LABEL } from "../lib/workload/labels";
import type { EnvironmentConfig, StackConfig } from "../stacks/config";
import type { EnvironmentSettings } from "../stacks/environment-settings";
import type { TierName } from "../stacks/tier";
import {
  ROOT,
  committedRegistry,
  environmentSettings,
  loadConfig,
  runComponent,
  type RecordedResource,
  type Registered,
} from "./harness";
import { TEST_ENDPOINTS } from "./support/data-access";
import { environmentArgs, testCluster } from "./support/environment";
import {
  mainContainer,
  plain,
  podTemplateOf,
  type ConfigMap,
  type Deployment,
  type HorizontalPodAutoscaler,
  type Ingress,
  type Namespace,
  type NetworkPolicy,
  type ResourceQuota,
  type RoleBinding,
  type Service,
  type StatefulSet,
} from "./support/k8s";
import { admits, type Source } from "./support/network-policy";

const T = {
  namespace: "kubernetes:core/v1:Namespace",
  deployment: "kubernetes:apps/v1:Deployment",
  statefulSet: "kubernetes:apps/v1:StatefulSet",
  service: "kubernetes:core/v1:Service",
  configMap: "kubernetes:core/v1:ConfigMap",
  quota: "kubernetes:core/v1:ResourceQuota",
  hpa: "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
  pdb: "kubernetes:policy/v1:PodDisruptionBudget",
  ingress: "kubernetes:networking.k8s.io/v1:Ingress",
  networkPolicy: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
  roleBinding: "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
  environment: "game:index:GameEnvironment",
} as const;

/** What couchbase/server:7.6.6 writes at run time, with the vendored lines that show it. */
const COUCHBASE_RUNTIME_WRITES = JSON.parse(
  readFileSync(join(ROOT, "upstream", "couchbase", "runtime-writes.json"), "utf8"),
) as {
  paths: Array<{
    path: string;
    writer: string;
    onlyThrough?: string;
    evidence: Array<{ file: string; line: string }>;
  }>;
};

/** Kubernetes objects of `type` in namespace `ns`. */
function inNamespace(registered: Registered, type: string, ns: string): RecordedResource[] {
  return registered
    .ofType(type)
    .filter((r) => (r.inputs.metadata as { namespace?: string } | null)?.namespace === ns);
}

/** The one object of `type` named `name` in namespace `ns`. */
function object<T>(registered: Registered, type: string, ns: string, name: string): T {
  const found = inNamespace(registered, type, ns).filter(
    (r) => (r.inputs.metadata as { name?: string }).name === name,
  );
  assert.equal(found.length, 1, `${type} ${ns}/${name}`);
  return plain<T>(found[0]!);
}

/** Kubernetes' built-in `edit` ClusterRole, as a RoleBinding refers to it. */
const EDIT = { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "edit" };
/** A team's Kubernetes group (what its principals' access entries map them to) as a subject. */
const teamSubject = (team: string) => ({
  apiGroup: "rbac.authorization.k8s.io",
  kind: "Group",
  name: `game-team:${team}`,
});

/** Runs one GameEnvironment per given environment under mocks, on the platform that exports `settings`. */
async function runEnvironments(
  settings: EnvironmentSettings,
  environments: readonly EnvironmentConfig[],
  overrides: Partial<GameEnvironmentArgs> = {},
): Promise<Registered> {
  const { registered } = await runComponent(
    () => {
      const cluster = testCluster(settings);
      return environments.map(
        (env) => new GameEnvironment(env.name, environmentArgs(settings, env, cluster, overrides)),
      );
    },
    { stack: settings.tier },
  );
  return registered;
}

/** A tier's platform settings and its committed environments. */
async function committed(tier: TierName) {
  return {
    settings: await environmentSettings(tier),
    environments: (await committedRegistry(tier)).environments,
  };
}

describe("GameEnvironment: the dev tier's environments", () => {
  let config: StackConfig;
  let settings: EnvironmentSettings;
  let environments: readonly EnvironmentConfig[];
  let registered: Registered;
  const chaos = { mtbfDays: 3, killMode: "fixed" as const, killValue: 1 };
  before(async () => {
    config = await loadConfig("dev");
    ({ settings, environments } = await committed("dev"));
    const envs = environments.map((e) => (e.name === "dev2" ? { ...e, chaos } : e));
    registered = await runEnvironments(settings, envs);
  });

  it("gives each environment its own namespace, named after it, with owner, team, purpose, version and dates", () => {
    const ns = plain<Namespace>(registered.one(T.namespace, "dev2-namespace"));
    assert.equal(ns.metadata?.name, "dev2");
    assert.equal(ns.metadata?.labels?.["game-infra/environment"], "dev2");
    assert.equal(ns.metadata?.labels?.["game-infra/tier"], "dev");
    assert.equal(ns.metadata?.labels?.["game-infra/team"], "balance");
    assert.equal(ns.metadata?.labels?.["pod-security.kubernetes.io/enforce"], "restricted");
    const annotations = ns.metadata?.annotations ?? {};
    assert.equal(annotations["game-infra/owner"], "jonas.berg@studio.example");
    assert.equal(annotations["game-infra/team"], "balance");
    assert.equal(
      annotations["game-infra/purpose"],
      "Balance-data changes for the winter event, isolated from the main branch",
    );
    assert.equal(annotations["game-infra/version"], "1.42.0");
    assert.equal(annotations["game-infra/game-data-version"], "gd-2026.12.0-winter");
    assert.equal(annotations["game-infra/created"], "2026-11-02");
    assert.equal(annotations["game-infra/expires"], "2026-12-20");
    assert.deepEqual(
      registered
        .ofType(T.namespace)
        .map((r) => plain<Namespace>(r).metadata?.name)
        .sort(),
      ["dev1", "dev2", "login-dev"],
    );
  });

  it("gives the owning team's group, and nobody else, edit rights in the environment's namespace only", () => {
    const bindings = registered.ofType(T.roleBinding).map((r) => plain<RoleBinding>(r));
    assert.deepEqual(
      bindings.map((b) => [b.metadata?.namespace, b.metadata?.name, b.roleRef, b.subjects]),
      [
        ["dev1", "team-edit", EDIT, [teamSubject("server")]],
        ["dev2", "team-edit", EDIT, [teamSubject("balance")]],
        ["login-dev", "team-edit", EDIT, [teamSubject("server")]],
      ],
    );
  });

  it("calls the data-access factory in its namespace, as the factory's parent", () => {
    const environment = registered.one(T.environment, "dev1");
    const mysql = registered.one(T.service, "dev1-test-mysql");
    assert.equal(mysql.parent, environment.urn);
    assert.deepEqual(plain<Service>(mysql).metadata, { name: "mysql", namespace: "dev1" });
  });

  it("makes every data-using server wait for the data access's resources", () => {
    const ready = [
      "dev1-test-mysql",
      "dev1-test-redis",
      "dev1-test-mysql-credentials",
      "dev1-test-redis-auth",
    ].map((name) => registered.resources.find((r) => r.name === name)!.urn);
    for (const server of ["gameserver", "league", "scheduler", "backoffice"]) {
      const deployment = inNamespace(registered, T.deployment, "dev1").find(
        (r) => r.name === `dev1-${server}-deployment`,
      )!;
      for (const urn of ready) assert.ok(deployment.dependsOn.includes(urn), `${server} waits for ${urn}`);
    }
  });

  it("writes the environment's settings into a ConfigMap, without any password", () => {
    const data = object<ConfigMap>(registered, T.configMap, "dev2", "game-env").data ?? {};
    assert.equal(data.GAME_ENV, "dev2");
    assert.equal(data.MYSQL_HOST, "mysql");
    assert.equal(data.MYSQL_PORT, "3306");
    assert.equal(data.MYSQL_DATABASE, "game_dev2");
    assert.equal(data.MYSQL_USER, "dev2_user");
    assert.equal(data.MYSQL_TLS, "true");
    assert.equal(data.MYSQL_TLS_SERVER_NAME, TEST_ENDPOINTS.mysql);
    assert.equal(data.REDIS_HOST, "redis");
    assert.equal(data.REDIS_DB, "2");
    assert.equal(data.REDIS_TLS_SERVER_NAME, TEST_ENDPOINTS.redis);
    assert.equal(data.GAME_DATA_VERSION, "gd-2026.12.0-winter");
    assert.equal(data.RESOURCE_VERSION, "res-2026.11.1");
    assert.equal(data.CLOCK_OFFSET, "0s");
    assert.equal(data.CLOCK_OFFSET_SECONDS, "0");
    assert.equal(data.PUBLIC_GAME_URL, "https://game-dev2.dev.game.example.com");
    assert.ok(!Object.keys(data).some((k) => /PASSWORD|TOKEN/.test(k)));
  });

  it("injects the settings and the passwords (from Secrets) into every game server, and rolls them on a settings change", () => {
    const hashes = new Set<string>();
    for (const ns of ["dev1", "dev2"]) {
      for (const server of ["gameserver", "league", "scheduler", "backoffice"]) {
        const template = podTemplateOf(object<Deployment>(registered, T.deployment, ns, server));
        const container = mainContainer(template);
        assert.deepEqual(container.envFrom, [{ configMapRef: { name: "game-env" } }]);
        const env = Object.fromEntries((container.env ?? []).map((e) => [e.name, e.valueFrom?.secretKeyRef]));
        assert.deepEqual(env.MYSQL_PASSWORD, { name: "mysql-credentials", key: "password" });
        assert.deepEqual(env.REDIS_AUTH_TOKEN, { name: "redis-auth", key: "token" });
        const version = (container.env ?? []).find((e) => e.name === "GAME_VERSION");
        assert.deepEqual(version?.valueFrom?.fieldRef, {
          fieldPath: "metadata.labels['app.kubernetes.io/version']",
        });
        hashes.add(`${ns}:${template.metadata?.annotations?.["game-infra/config-hash"]}`);
      }
    }
    assert.equal(
      new Set([...hashes].map((h) => h.split(":")[1])).size,
      2,
      "one hash per environment's settings",
    );
  });

  it("runs the scheduler as exactly one pod, replaced by stopping the old one first", () => {
    const scheduler = object<Deployment>(registered, T.deployment, "dev1", "scheduler");
    assert.equal(scheduler.spec?.replicas, 1);
    assert.deepEqual(scheduler.spec?.strategy, { type: "Recreate" });
    assert.deepEqual(
      inNamespace(registered, T.hpa, "dev1").map((r) => r.name),
      ["dev1-gameserver-hpa"],
    );
    assert.ok(!registered.ofType(T.pdb).some((r) => r.name.includes("scheduler")));
  });

  it("autoscales the game server on CPU within the tier's bounds", () => {
    const hpa = object<HorizontalPodAutoscaler>(registered, T.hpa, "dev1", "gameserver");
    assert.equal(hpa.spec?.minReplicas, 1);
    assert.equal(hpa.spec?.maxReplicas, 3);
    assert.equal(hpa.spec?.metrics?.[0]?.resource?.name, "cpu");
  });

  it("puts every pod on the game pool with the stack's grace tolerations", () => {
    const grace = graceTolerations(240);
    const templates = [
      ...registered.ofType(T.deployment).map((r) => podTemplateOf(plain<Deployment>(r))),
      ...registered.ofType(T.statefulSet).map((r) => podTemplateOf(plain<StatefulSet>(r))),
    ];
    assert.equal(templates.length, 3 * 5);
    for (const template of templates) {
      assert.deepEqual(template.spec?.nodeSelector, { "game-infra/pool": "game" });
      const tolerations = template.spec?.tolerations ?? [];
      for (const t of grace)
        assert.ok(
          tolerations.some((x) => x.key === t.key && x.tolerationSeconds === 200),
          t.key,
        );
      assert.ok(
        tolerations.some(
          (x) => x.key === "game-infra/pool" && x.value === "game" && x.effect === "NoSchedule",
        ),
      );
    }
  });

  it("keeps Couchbase's data on a gp3 volume, as the image's couchbase user, behind a headless Service", () => {
    const set = object<StatefulSet>(registered, T.statefulSet, "dev1", "couchbase");
    const claim = set.spec?.volumeClaimTemplates?.[0];
    assert.equal(claim?.spec?.storageClassName, "gp3");
    assert.deepEqual(claim?.spec?.resources?.requests, { storage: "10Gi" });
    const template = podTemplateOf(set);
    const container = mainContainer(template);
    assert.equal(container.image, "couchbase/server:7.6.6");
    assert.ok(container.volumeMounts?.some((m) => m.name === "data" && m.mountPath === "/opt/couchbase/var"));
    assert.equal(template.spec?.securityContext?.runAsUser, 1000);
    assert.equal(template.spec?.securityContext?.fsGroup, 1000);
    assert.equal(template.spec?.securityContext?.runAsNonRoot, true);
    assert.equal(container.securityContext?.readOnlyRootFilesystem, true);
    assert.deepEqual(container.resources, {
      requests: { cpu: "500m", memory: "2Gi" },
      limits: { memory: "2Gi" },
    });
    assert.equal(object<Service>(registered, T.service, "dev1", "couchbase").spec?.clusterIP, "None");
  });

  it("mounts a writable volume at every path the Couchbase 7.6.6 image writes at run time (upstream/couchbase)", () => {
    const set = object<StatefulSet>(registered, T.statefulSet, "dev1", "couchbase");
    const template = podTemplateOf(set);
    const container = mainContainer(template);
    const claims = (set.spec?.volumeClaimTemplates ?? []).map((c) => c.metadata?.name);
    const emptyDirs = (template.spec?.volumes ?? []).filter((v) => v.emptyDir).map((v) => v.name);
    // The mount that holds a path is the deepest one it lies under.
    const holder = (path: string) =>
      (container.volumeMounts ?? [])
        .filter((m) => path === m.mountPath || path.startsWith(`${m.mountPath}/`))
        .sort((a, b) => b.mountPath.length - a.mountPath.length)[0];
    const found: string[] = [];
    for (const write of COUCHBASE_RUNTIME_WRITES.paths) {
      if (write.onlyThrough === "entrypoint") {
        // runit's state: written only when the image's entrypoint runs, and the command replaces it.
        assert.ok(container.command && container.command.length > 0, "the image's entrypoint would run");
        assert.ok(!container.command.join(" ").match(/entrypoint\.sh|runsvdir/), container.command.join(" "));
        found.push(`${write.path} <- not written`);
        continue;
      }
      const mount = holder(write.path);
      assert.ok(mount, `${write.path} (${write.writer}) is on the read-only root`);
      assert.ok(!mount.readOnly, `${write.path} is on a read-only mount`);
      const kind = claims.includes(mount.name)
        ? "volume"
        : emptyDirs.includes(mount.name)
          ? "emptyDir"
          : undefined;
      assert.ok(kind, `${write.path}: mount ${mount.name} is neither the data volume nor an emptyDir`);
      found.push(`${write.path} <- ${kind} ${mount.name}`);
    }
    assert.deepEqual(found, [
      "/opt/couchbase/var/lib/couchbase <- volume data",
      "/opt/couchbase/var/lib/moxi <- volume data",
      "/opt/couchbase/etc/couchdb <- emptyDir couchbase-etc",
      "/opt/couchbase/etc/couchbase/static_config <- emptyDir couchbase-etc",
      "/opt/couchbase/etc <- emptyDir couchbase-etc",
      "/tmp <- emptyDir tmp",
      "/etc/service/couchbase-server/supervise <- not written",
    ]);
  });

  it("starts Couchbase's /opt/couchbase/etc as the image's copy: same image, same restricted user, fresh each pod", () => {
    const template = podTemplateOf(object<StatefulSet>(registered, T.statefulSet, "dev1", "couchbase"));
    const container = mainContainer(template);
    const [seed, ...others] = template.spec?.initContainers ?? [];
    assert.equal(others.length, 0);
    assert.equal(seed?.image, container.image);
    assert.deepEqual(seed?.securityContext, container.securityContext);
    const seedMount = seed!.volumeMounts!.find((m) => m.name === "couchbase-etc")!;
    assert.match(
      seed!.command!.join(" "),
      new RegExp(`cp -R -P /opt/couchbase/etc/\\. ${seedMount.mountPath}/`),
    );
    // An emptyDir, not a directory on the data volume: a new image version must bring its own files.
    assert.deepEqual(
      template.spec?.volumes?.find((v) => v.name === "couchbase-etc"),
      { name: "couchbase-etc", emptyDir: { sizeLimit: "1Gi" } },
    );
  });

  it("names Services so that http://gameserver, league, scheduler, backoffice and couchbase resolve in the namespace", () => {
    const names = inNamespace(registered, T.service, "login-dev")
      .map((r) => plain<Service>(r).metadata?.name)
      .sort();
    assert.deepEqual(names, [
      "backoffice",
      "couchbase",
      "gameserver",
      "league",
      "mysql",
      "redis",
      "scheduler",
    ]);
    assert.equal(
      object<Service>(registered, T.service, "login-dev", "gameserver").spec?.ports?.[0]?.port,
      80,
    );
  });

  it("publishes the game server and backoffice on the shared ALB under the environment's host names", () => {
    const ingress = object<Ingress>(registered, T.ingress, "dev1", "public");
    assert.deepEqual(
      ingress.spec?.rules?.map((r) => [r.host, r.http?.paths?.[0]?.backend?.service?.name]),
      [
        ["game-dev1.dev.game.example.com", "gameserver"],
        ["backoffice-dev1.dev.game.example.com", "backoffice"],
      ],
    );
    const groups = registered
      .ofType(T.ingress)
      .map((r) => plain<Ingress>(r).metadata?.annotations?.["alb.ingress.kubernetes.io/group.name"]);
    assert.deepEqual(new Set(groups), new Set(["game-infra-dev"]));
  });

  it("caps each namespace with a ResourceQuota sized by the tier", () => {
    for (const ns of ["dev1", "dev2", "login-dev"]) {
      const quota = object<ResourceQuota>(registered, T.quota, ns, "environment");
      assert.equal(quota.spec?.hard?.["requests.cpu"], "4");
      assert.equal(quota.spec?.hard?.["services.loadbalancers"], "0");
    }
  });

  it("labels the workloads for kube-monkey only in the environment that opted in", () => {
    for (const r of inNamespace(registered, T.deployment, "dev2")) {
      const d = plain<Deployment>(r);
      assert.equal(d.metadata?.labels?.["kube-monkey/enabled"], "enabled");
      assert.equal(d.metadata?.labels?.["kube-monkey/mtbf"], "3");
      assert.equal(podTemplateOf(d).metadata?.labels?.["kube-monkey/identifier"], `dev2-${d.metadata?.name}`);
    }
    for (const r of [
      ...inNamespace(registered, T.deployment, "dev1"),
      ...inNamespace(registered, T.statefulSet, "dev1"),
    ]) {
      assert.ok(
        !Object.keys(plain<Deployment>(r).metadata?.labels ?? {}).some((k) => k.startsWith("kube-monkey/")),
      );
    }
  });

  it("registers every Kubernetes object through the cluster's provider and names children after the environment", () => {
    const kubernetes = registered.resources.filter((r) => r.type.startsWith("kubernetes:"));
    assert.ok(kubernetes.length > 0);
    for (const r of kubernetes) assert.match(r.provider ?? "", /::test-k8s$/, r.name);
    for (const r of registered.resources.filter((x) => x.type !== "pulumi:providers:kubernetes")) {
      assert.match(r.name, /^(dev1|dev2|login-dev)(-|$)/);
    }
  });

  describe("network isolation", () => {
    let policies: NetworkPolicy[];
    const vpc = () => subnetLayout(config.network.cidr, config.network.azCount);
    const podIn = (namespace: string, name: string): Source => ({
      kind: "pod",
      namespace,
      namespaceLabels: { "kubernetes.io/metadata.name": namespace },
      labels: { [APP_LABELS.name]: name, [APP_LABELS.instance]: namespace },
      // Pods take addresses from the private subnets.
      ip: vpc().private[0]!.replace(/\.0\/\d+$/, ".57"),
    });
    const server = (namespace: string, name: string) => ({
      namespace,
      labels: { [APP_LABELS.name]: name, [APP_LABELS.instance]: namespace },
    });
    before(() => {
      policies = registered.ofType(T.networkPolicy).map((r) => plain<NetworkPolicy>(r));
    });

    it("denies ingress by default in every environment namespace", () => {
      for (const ns of ["dev1", "dev2", "login-dev"]) {
        const deny = policies.find(
          (p) => p.metadata?.namespace === ns && p.metadata?.name === "default-deny-ingress",
        );
        assert.deepEqual(deny?.spec, { podSelector: {}, policyTypes: ["Ingress"] });
      }
    });

    it("admits the environment's own pods to each other", () => {
      assert.ok(admits(policies, server("dev1", "couchbase"), podIn("dev1", "gameserver"), 11210));
      assert.ok(admits(policies, server("dev1", "league"), podIn("dev1", "scheduler"), 8080));
    });

    it("admits no pod of another environment, or of the logging namespace, to any server", () => {
      for (const target of ["gameserver", "league", "scheduler", "backoffice", "couchbase"]) {
        for (const port of [8080, 8091, 11210]) {
          assert.ok(
            !admits(policies, server("dev1", target), podIn("dev2", "gameserver"), port),
            `dev2 -> dev1/${target}`,
          );
          assert.ok(
            !admits(policies, server("dev2", target), podIn("login-dev", "league"), port),
            `login-dev -> dev2/${target}`,
          );
          assert.ok(!admits(policies, server("dev1", target), podIn(LOGGING_NAMESPACE, "fluent-bit"), port));
        }
      }
    });

    it("admits the load balancer (public subnets) to the public servers' port only", () => {
      const alb: Source = { kind: "external", ip: vpc().public[1]!.replace(/\.0\/\d+$/, ".10") };
      assert.ok(admits(policies, server("dev1", "gameserver"), alb, 8080));
      assert.ok(admits(policies, server("dev1", "backoffice"), alb, 8080));
      assert.ok(!admits(policies, server("dev1", "gameserver"), alb, 9090));
      for (const target of ["league", "scheduler", "couchbase"]) {
        assert.ok(!admits(policies, server("dev1", target), alb, 8080), target);
      }
      assert.ok(
        !admits(policies, server("dev1", "gameserver"), { kind: "external", ip: "203.0.113.7" }, 8080),
      );
    });

    it("admits a shared namespace only where asked", async () => {
      const metrics = [{ namespace: "monitoring", servers: ["gameserver"], ports: [9090] }];
      const withAccess = (
        await runEnvironments(settings, environments.slice(0, 1), { sharedNamespaces: metrics })
      )
        .ofType(T.networkPolicy)
        .map((r) => plain<NetworkPolicy>(r));
      assert.ok(admits(withAccess, server("dev1", "gameserver"), podIn("monitoring", "prometheus"), 9090));
      assert.ok(!admits(withAccess, server("dev1", "league"), podIn("monitoring", "prometheus"), 9090));
      assert.ok(!admits(withAccess, server("dev1", "gameserver"), podIn("dev2", "gameserver"), 9090));
    });
  });
});

describe("GameEnvironment: blue/green game server on stage", () => {
  let blue: Registered;
  let green: Registered;
  before(async () => {
    const { settings, environments } = await committed("stage");
    const stage = environments[0]!;
    // Step 1 of a release: the idle colour (green) runs the candidate.
    blue = await runEnvironments(settings, [{ ...stage, previewVersion: "1.43.0" }]);
    // Step 2: green becomes active; version and previewVersion swap.
    green = await runEnvironments(settings, [
      { ...stage, activeColor: "green", version: "1.43.0", previewVersion: "1.42.0" },
    ]);
  });

  it("runs two game server Deployments, one per colour, each on its own version", () => {
    const image = (r: Registered, name: string) =>
      mainContainer(podTemplateOf(object<Deployment>(r, T.deployment, "stage", name))).image;
    assert.equal(
      image(blue, "gameserver-blue"),
      "123456789012.dkr.ecr.eu-west-1.amazonaws.com/game/gameserver:1.42.0",
    );
    assert.equal(
      image(blue, "gameserver-green"),
      "123456789012.dkr.ecr.eu-west-1.amazonaws.com/game/gameserver:1.43.0",
    );
  });

  it("sends players to the active colour and the preview host to the other", () => {
    const selector = (r: Registered, name: string) =>
      object<Service>(r, T.service, "stage", name).spec?.selector?.[COLOR_LABEL];
    assert.equal(selector(blue, "gameserver"), "blue");
    assert.equal(selector(blue, "gameserver-preview"), "green");
    assert.equal(selector(green, "gameserver"), "green");
    assert.equal(selector(green, "gameserver-preview"), "blue");
    const rules = object<Ingress>(blue, T.ingress, "stage", "public").spec?.rules ?? [];
    assert.deepEqual(
      rules.map((r) => [r.host, r.http?.paths?.[0]?.backend?.service?.name]),
      [
        ["game-stage.stage.game.example.com", "gameserver"],
        ["backoffice-stage.stage.game.example.com", "backoffice"],
        ["game-preview-stage.stage.game.example.com", "gameserver-preview"],
      ],
    );
  });

  it("switches by moving the Service selectors only: the game server Deployments do not change", () => {
    const gameDeployments = (r: Registered) =>
      inNamespace(r, T.deployment, "stage")
        .filter((d) => d.name.startsWith("stage-gameserver-"))
        .map((d) => ({ name: d.name, inputs: d.inputs }));
    assert.equal(gameDeployments(blue).length, 2);
    assert.deepEqual(gameDeployments(blue), gameDeployments(green));
  });

  it("keeps stage replicas on different nodes and autoscales each colour", () => {
    const template = podTemplateOf(object<Deployment>(blue, T.deployment, "stage", "gameserver-blue"));
    const node = template.spec?.topologySpreadConstraints?.find(
      (c) => c.topologyKey === "kubernetes.io/hostname",
    );
    assert.equal(node?.whenUnsatisfiable, "DoNotSchedule");
    assert.deepEqual(
      inNamespace(blue, T.hpa, "stage")
        .map((r) => plain<HorizontalPodAutoscaler>(r).spec?.scaleTargetRef?.name)
        .sort(),
      ["gameserver-blue", "gameserver-green"],
    );
  });
});

describe("GameEnvironment: validation before anything is created", () => {
  let settings: EnvironmentSettings;
  let dev1: EnvironmentConfig;
  before(async () => {
    let environments: readonly EnvironmentConfig[];
    ({ settings, environments } = await committed("dev"));
    dev1 = environments[0]!;
  });

  it("refuses a load balancer range that would admit other environments' pods, and creates nothing", async () => {
    const { registered, outputs } = await runComponent(() => {
      const cluster = testCluster(settings);
      try {
        new GameEnvironment(
          "dev1",
          environmentArgs(settings, dev1, cluster, { loadBalancerCidrs: ["0.0.0.0/0"] }),
        );
        return undefined;
      } catch (err) {
        return err as Error;
      }
    });
    assert.ok(outputs instanceof pulumi.InputPropertiesError, "InputPropertiesError");
    assert.match(outputs.message, /loadBalancerCidrs: 0\.0\.0\.0\/0 is wider than a VPC/);
    assert.deepEqual(
      registered.resources.filter((r) => r.type.startsWith("kubernetes:")),
      [],
    );
  });

  it("lists every problem with the arguments, each under its property", () => {
    const cluster = { ...testClusterShape(settings), graceTolerations: [] };
    const env = { ...dev1, quota: { ...dev1.quota, pods: 3 } };
    const problems = validateEnvironmentArgs({
      ...environmentArgsShape(settings, env),
      cluster,
      hostPattern: "{server}.{env}",
    }).map((p) => p.propertyPath);
    assert.ok(problems.includes("hostPattern"));
    assert.ok(problems.includes("environment.quota.pods"));
    assert.ok(problems.includes("servers.gameserver.graceTolerations"));
    assert.ok(problems.includes("servers.couchbase.graceTolerations"));
  });
});

/** GameEnvironment arguments without any resource, for the pure validation. */
function environmentArgsShape(settings: EnvironmentSettings, env: EnvironmentConfig): GameEnvironmentArgs {
  return {
    environment: env,
    cluster: testClusterShape(settings),
    dataAccess: () => {
      throw new Error("validation must not create anything");
    },
    domain: settings.domain,
    ingressGroupName: settings.ingressGroupName,
    images: settings.images,
    loadBalancerCidrs: settings.loadBalancerCidrs,
  };
}

function testClusterShape(settings: EnvironmentSettings): GameEnvironmentArgs["cluster"] {
  return {
    provider: undefined as unknown as GameEnvironmentArgs["cluster"]["provider"],
    gameScheduling: settings.gameScheduling,
    graceTolerations: settings.graceTolerations,
    certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/test",
  };
}

describe("Couchbase image facts (upstream/couchbase)", () => {
  it("cites, for every path the image writes, lines that are in the vendored files and name that path", () => {
    for (const write of COUCHBASE_RUNTIME_WRITES.paths) {
      assert.ok(write.evidence.length > 0, write.path);
      for (const e of write.evidence) {
        const text = readFileSync(join(ROOT, "upstream", "couchbase", e.file), "utf8");
        assert.ok(
          text.split("\n").some((line) => line.includes(e.line)),
          `${e.file} has no line with ${JSON.stringify(e.line)}`,
        );
      }
      const cited = write.evidence.map((e) => e.line).join("\n");
      // The path itself (or its last parts, as the scripts write them relative to /opt/couchbase) is cited.
      const tail = posix.relative("/opt/couchbase", write.path);
      assert.ok(
        [write.path, tail].some((p) => cited.includes(p)),
        `${write.path}: no cited line names it`,
      );
    }
  });

  it("records that the image declares only /opt/couchbase/var a volume, and that upstream's read-only support adds /opt/couchbase/etc", () => {
    const dockerfile = readFileSync(join(ROOT, "upstream", "couchbase", "Dockerfile.excerpt"), "utf8");
    assert.deepEqual(
      [...dockerfile.matchAll(/^VOLUME (.+)$/gm)].map((m) => m[1]),
      ["/opt/couchbase/var"],
    );
    const pr = readFileSync(join(ROOT, "upstream", "couchbase", "pr-239-read-only-root.txt"), "utf8");
    assert.match(pr, /declare volumes for \/opt\/couchbase\/etc/);
  });
});
