/**
 * lib/environment's pure builders, function by function, against literal expectations: host names
 * and their checks, the Ingress and its ALB annotations, namespace metadata, environment names,
 * NetworkPolicies, the preset, quota arithmetic and its messages, the servers' workload
 * descriptions, blue/green versions and sleep objects. No Pulumi runtime (server-config.ts, which
 * needs it, is tested in environment-server-config.test.ts), so it is fast enough to run per mutant.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { colorVersions } from "../lib/environment/blue-green";
import {
  HOST_SERVER_NAMES,
  MAX_HOST_LABEL,
  environmentHosts,
  hostLabel,
  hostNameProblems,
  hostPatternProblem,
  publicEndpoints,
} from "../lib/environment/hosts";
import {
  ALB_INGRESS_CLASS,
  ALB_SSL_POLICY,
  DEREGISTRATION_DELAY_SECONDS,
  ENDPOINT_SERVICES,
  albAnnotations,
  environmentRoutes,
  publicIngress,
} from "../lib/environment/ingress";
import {
  ENVIRONMENT_ANNOTATIONS,
  ENVIRONMENT_LABELS,
  POD_READINESS_GATE_LABEL,
  POD_SECURITY_LABELS,
  environmentLabels,
  namespaceMetadata,
  type EnvironmentIdentity,
} from "../lib/environment/metadata";
import { MAX_ENVIRONMENT_NAME_LENGTH, environmentNameProblem } from "../lib/environment/name";
import { NAMESPACE_NAME_LABEL, environmentNetworkPolicies } from "../lib/environment/network-policies";
import { environmentPreset, type PresetSource } from "../lib/environment/preset";
import {
  CHAOS_KILL_MODES,
  COLORS,
  DEFAULT_COUCHBASE_IMAGE,
  DEFAULT_HOST_PATTERN,
  DEFAULT_REPOSITORIES,
  SCALABLE_SERVERS,
  SERVER_NAMES,
  type EnvironmentWorkloadConfig,
  type ServerSizing,
} from "../lib/environment/profile";
import {
  LIMIT_RANGE_DEFAULTS,
  QUOTA_NAME,
  environmentFootprint,
  limitRange,
  quotaProblems,
  resourceQuota,
} from "../lib/environment/quota";
import {
  COUCHBASE_COMMAND,
  COUCHBASE_DATA_PATH,
  COUCHBASE_WRITABLE_PATHS,
  SERVER_ROLES,
  environmentServers,
  type EnvironmentServersInput,
} from "../lib/environment/servers";
import {
  PATCH_FORCE_ANNOTATION,
  SLEEP_INFO_NAME,
  sleepInfoManifest,
  sleepsOnSchedule,
  workloadSleepAnnotations,
} from "../lib/environment/sleep";
import { plain, type Ingress } from "./support/k8s";
import { ROOT } from "./paths";

const OFFICE_HOURS = { weekdays: "1-5", sleepAt: "20:00", wakeUpAt: "08:00", timeZone: "Europe/Berlin" };

describe("environment hosts", () => {
  it("has a preview host only for a blue/green game server", () => {
    assert.deepEqual(publicEndpoints("rolling"), ["game", "backoffice"]);
    assert.deepEqual(publicEndpoints("blueGreen"), ["game", "backoffice", "gamePreview"]);
    assert.deepEqual(HOST_SERVER_NAMES, {
      game: "game",
      backoffice: "backoffice",
      gamePreview: "game-preview",
    });
    assert.equal(MAX_HOST_LABEL, 63);
  });

  it("fills in every {server} and {env}", () => {
    assert.equal(hostLabel("{server}-{env}-{server}-{env}", "game", "dev1"), "game-dev1-game-dev1");
  });

  it("names each entry point's host under the domain", () => {
    assert.deepEqual(environmentHosts("{env}-{server}", "dev1", "play.example.com", "blueGreen"), {
      game: "dev1-game.play.example.com",
      backoffice: "dev1-backoffice.play.example.com",
      gamePreview: "dev1-game-preview.play.example.com",
    });
    assert.deepEqual(environmentHosts("{server}-{env}", "dev1", "play.example.com", "rolling"), {
      game: "game-dev1.play.example.com",
      backoffice: "backoffice-dev1.play.example.com",
    });
  });

  it("accepts a one-label pattern with both placeholders and says what is wrong with any other", () => {
    assert.equal(hostPatternProblem("{server}-{env}"), undefined);
    assert.equal(hostPatternProblem("x{server}{env}9"), undefined);
    for (const pattern of ["{server}", "{env}", "game-{env}"]) {
      assert.equal(
        hostPatternProblem(pattern),
        `"${pattern}" must contain both {server} and {env}, so every server of every environment gets its own host`,
      );
    }
    assert.equal(
      hostPatternProblem("{server}.{env}"),
      '"{server}.{env}" must be a single DNS label (no dots): the wildcard certificate *.<domain> covers one label only',
    );
    for (const pattern of [
      "{server}_{env}",
      "-{server}-{env}",
      "{server}-{env}-",
      "{Server}-{env}{server}",
    ]) {
      assert.equal(
        hostPatternProblem(pattern),
        `"${pattern}" must use only lower-case letters, digits, '-', {server} and {env}, starting and ending with a letter, digit or placeholder`,
      );
    }
  });

  it("reports a host longer than 63 characters, for the preview host too", () => {
    const env52 = "e".repeat(52);
    assert.deepEqual(hostNameProblems("{server}-{env}", env52, "rolling"), []);
    const env53 = "e".repeat(53);
    assert.deepEqual(hostNameProblems("{server}-{env}", env53, "rolling"), [
      `host "backoffice-${env53}" is 64 characters; a DNS label has at most 63`,
    ]);
    const env51 = "e".repeat(51);
    assert.deepEqual(hostNameProblems("{server}-{env}", env51, "rolling"), []);
    assert.deepEqual(hostNameProblems("{server}-{env}", env51, "blueGreen"), [
      `host "game-preview-${env51}" is 64 characters; a DNS label has at most 63`,
    ]);
  });
});

describe("environment Ingress", () => {
  it("routes every host to its Service on port 80, health-checked on /readyz", () => {
    assert.deepEqual(ENDPOINT_SERVICES, {
      game: "gameserver",
      backoffice: "backoffice",
      gamePreview: "gameserver-preview",
    });
    assert.deepEqual(
      environmentRoutes({ game: "game-dev1.example.com", gamePreview: "game-preview-dev1.example.com" }),
      [
        { host: "game-dev1.example.com", service: "gameserver", port: 80, healthCheckPath: "/readyz" },
        {
          host: "game-preview-dev1.example.com",
          service: "gameserver-preview",
          port: 80,
          healthCheckPath: "/readyz",
        },
      ],
    );
  });

  it("puts the Ingress on the group's internet-facing ALB with pod targets, TLS 1.2+ and 30 s draining", () => {
    assert.equal(ALB_INGRESS_CLASS, "alb");
    assert.equal(ALB_SSL_POLICY, "ELBSecurityPolicy-TLS13-1-2-2021-06");
    assert.equal(DEREGISTRATION_DELAY_SECONDS, 30);
    assert.deepEqual(albAnnotations("game-dev", "arn:aws:acm:eu-west-1:123456789012:certificate/abc"), {
      "alb.ingress.kubernetes.io/group.name": "game-dev",
      "alb.ingress.kubernetes.io/scheme": "internet-facing",
      "alb.ingress.kubernetes.io/target-type": "ip",
      "alb.ingress.kubernetes.io/listen-ports": '[{"HTTP":80},{"HTTPS":443}]',
      "alb.ingress.kubernetes.io/ssl-redirect": "443",
      "alb.ingress.kubernetes.io/certificate-arn": "arn:aws:acm:eu-west-1:123456789012:certificate/abc",
      "alb.ingress.kubernetes.io/ssl-policy": "ELBSecurityPolicy-TLS13-1-2-2021-06",
      "alb.ingress.kubernetes.io/target-group-attributes": "deregistration_delay.timeout_seconds=30",
    });
  });

  const input = {
    name: "public",
    namespace: "dev1",
    labels: { "game-infra/environment": "dev1" },
    groupName: "game-dev",
    certificateArn: "arn:cert",
    routes: [
      { host: "game-dev1.example.com", service: "gameserver", port: 80, healthCheckPath: "/readyz" },
      { host: "backoffice-dev1.example.com", service: "backoffice", port: 8080, healthCheckPath: "/readyz" },
    ],
  };

  it("has one HTTPS rule per host and one health-check path when all routes share it", () => {
    const rule = (host: string, service: string, port: number) => ({
      host,
      http: {
        paths: [
          { path: "/", pathType: "Prefix", backend: { service: { name: service, port: { number: port } } } },
        ],
      },
    });
    assert.deepEqual(publicIngress(input), {
      metadata: {
        name: "public",
        namespace: "dev1",
        labels: { "game-infra/environment": "dev1" },
        annotations: {
          ...albAnnotations("game-dev", "arn:cert"),
          "alb.ingress.kubernetes.io/healthcheck-path": "/readyz",
        },
      },
      spec: {
        ingressClassName: "alb",
        tls: [{ hosts: ["game-dev1.example.com", "backoffice-dev1.example.com"] }],
        rules: [
          rule("game-dev1.example.com", "gameserver", 80),
          rule("backoffice-dev1.example.com", "backoffice", 8080),
        ],
      },
    });
  });

  it("leaves the health-check path to the controller when routes differ", () => {
    const mixed = publicIngress({
      ...input,
      routes: [input.routes[0]!, { ...input.routes[1]!, healthCheckPath: "/healthz" }],
    });
    assert.deepEqual(plain<Ingress>(mixed).metadata!.annotations, albAnnotations("game-dev", "arn:cert"));
  });
});

describe("environment namespace metadata", () => {
  const identity: EnvironmentIdentity = {
    name: "dev1",
    tier: "dev",
    owner: "ana@studio.example",
    team: "server",
    purpose: "Matchmaking rework",
    version: "1.42.0+build.7",
    gameDataVersion: "gd 2026",
    resourceVersion: "res-1",
    redisDb: 4,
    created: "2026-11-02",
    clockOffset: "+72h",
    sleep: { mode: "officeHours", schedule: OFFICE_HOURS, paused: false },
  };

  it("labels the namespace for selection and restricted Pod Security, and annotates it as written", () => {
    assert.deepEqual(namespaceMetadata(identity), {
      name: "dev1",
      labels: {
        "game-infra/environment": "dev1",
        "game-infra/tier": "dev",
        "game-infra/owner": "ana_at_studio.example",
        "game-infra/team": "server",
        "game-infra/version": "1.42.0-build.7",
        "game-infra/game-data-version": "gd-2026",
        "game-infra/resource-version": "res-1",
        "app.kubernetes.io/part-of": "game",
        "app.kubernetes.io/managed-by": "pulumi",
        "pod-security.kubernetes.io/enforce": "restricted",
        "pod-security.kubernetes.io/enforce-version": "latest",
        "pod-security.kubernetes.io/audit": "restricted",
        "pod-security.kubernetes.io/warn": "restricted",
        "elbv2.k8s.aws/pod-readiness-gate-inject": "enabled",
      },
      annotations: {
        "game-infra/owner": "ana@studio.example",
        "game-infra/team": "server",
        "game-infra/purpose": "Matchmaking rework",
        "game-infra/version": "1.42.0+build.7",
        "game-infra/game-data-version": "gd 2026",
        "game-infra/resource-version": "res-1",
        "game-infra/redis-db": "4",
        "game-infra/created": "2026-11-02",
        "game-infra/clock-offset": "+72h",
        "game-infra/sleep-schedule": "Mon-Fri: wakes 08:00, sleeps 20:00 (Europe/Berlin)",
      },
    });
  });

  it("annotates the expiry, an always-on reason and a pause only when there is one", () => {
    const annotations = (overrides: Partial<EnvironmentIdentity>) =>
      namespaceMetadata({ ...identity, ...overrides }).annotations;
    assert.equal(annotations({ expires: "2026-12-20" })["game-infra/expires"], "2026-12-20");
    assert.equal("game-infra/expires" in annotations({ expires: "" }), false);
    const alwaysOn = annotations({ sleep: { mode: "alwaysOn", reason: "soak test", paused: false } });
    assert.equal(alwaysOn["game-infra/sleep-schedule"], "always on");
    assert.equal(alwaysOn["game-infra/always-on-reason"], "soak test");
    assert.equal("game-infra/always-on-reason" in annotations({}), false);
    const paused = (sleep: EnvironmentIdentity["sleep"]) =>
      annotations({ sleep })["game-infra/sleep-paused-until"];
    assert.equal(
      paused({ mode: "officeHours", schedule: OFFICE_HOURS, pausedUntil: "2026-12-04", paused: true }),
      "2026-12-04",
    );
    assert.equal(
      paused({ mode: "officeHours", schedule: OFFICE_HOURS, pausedUntil: "2026-12-04", paused: false }),
      undefined,
    );
    assert.equal(paused({ mode: "officeHours", schedule: OFFICE_HOURS, paused: true }), undefined);
  });

  it("publishes the label and annotation keys and the environment label", () => {
    assert.deepEqual(environmentLabels("dev7"), { "game-infra/environment": "dev7" });
    assert.deepEqual(POD_READINESS_GATE_LABEL, { "elbv2.k8s.aws/pod-readiness-gate-inject": "enabled" });
    assert.equal(Object.keys(POD_SECURITY_LABELS).length, 4);
    assert.deepEqual(ENVIRONMENT_LABELS, {
      environment: "game-infra/environment",
      tier: "game-infra/tier",
      owner: "game-infra/owner",
      team: "game-infra/team",
      version: "game-infra/version",
      gameDataVersion: "game-infra/game-data-version",
      resourceVersion: "game-infra/resource-version",
    });
    assert.equal(ENVIRONMENT_ANNOTATIONS.alwaysOnReason, "game-infra/always-on-reason");
    assert.equal(ENVIRONMENT_ANNOTATIONS.sleepPausedUntil, "game-infra/sleep-paused-until");
    assert.equal(ENVIRONMENT_ANNOTATIONS.expires, "game-infra/expires");
  });
});

describe("environment names", () => {
  it("accepts DNS labels up to 40 characters that are not reserved", () => {
    assert.equal(MAX_ENVIRONMENT_NAME_LENGTH, 40);
    assert.equal(environmentNameProblem("a".repeat(40)), undefined);
    assert.equal(environmentNameProblem("dev-1"), undefined);
  });

  it("says why any other name is refused", () => {
    assert.equal(
      environmentNameProblem("Dev1"),
      "\"Dev1\" is not a DNS-1123 label (lower-case letters, digits and '-', starting and ending with a letter or digit)",
    );
    assert.equal(
      environmentNameProblem("a".repeat(41)),
      `"${"a".repeat(41)}" is 41 characters; at most 40 are allowed so derived names fit`,
    );
    assert.equal(
      environmentNameProblem("kube-system"),
      '"kube-system" is a namespace reserved for Kubernetes or the platform (default, kube-system, kube-public, kube-node-lease, logging, platform, launcher, external-dns, aws-load-balancer-controller, arc-systems, arc-runners)',
    );
  });
});

describe("environment NetworkPolicies", () => {
  const labels = { "game-infra/environment": "dev1" };
  const policy = (name: string, spec: object) => ({
    key: name,
    args: { metadata: { name, namespace: "dev1", labels }, spec },
  });
  const baseline = [
    policy("default-deny-ingress", { podSelector: {}, policyTypes: ["Ingress"] }),
    policy("allow-same-namespace", {
      podSelector: {},
      policyTypes: ["Ingress"],
      ingress: [{ from: [{ podSelector: {} }] }],
    }),
  ];
  const servers = (names: string[]) => ({
    matchExpressions: [{ key: "app.kubernetes.io/name", operator: "In", values: names }],
  });

  it("denies ingress by default, admits the namespace, the load balancer to public servers and named namespaces", () => {
    assert.equal(NAMESPACE_NAME_LABEL, "kubernetes.io/metadata.name");
    assert.deepEqual(
      environmentNetworkPolicies({
        namespace: "dev1",
        labels,
        publicServers: [
          { server: "gameserver", port: 8080 },
          { server: "backoffice", port: 8080 },
          { server: "admin", port: 443 },
        ],
        loadBalancerCidrs: ["10.0.0.0/24", "10.0.1.0/24"],
        sharedNamespaces: [
          { namespace: "monitoring", servers: ["gameserver", "league"], ports: [9100, 9090, 9100] },
          { namespace: "launcher", servers: ["backoffice"], ports: [8080] },
        ],
      }),
      [
        ...baseline,
        policy("allow-load-balancer", {
          podSelector: servers(["gameserver", "backoffice", "admin"]),
          policyTypes: ["Ingress"],
          ingress: [
            {
              from: [{ ipBlock: { cidr: "10.0.0.0/24" } }, { ipBlock: { cidr: "10.0.1.0/24" } }],
              ports: [
                { protocol: "TCP", port: 443 },
                { protocol: "TCP", port: 8080 },
              ],
            },
          ],
        }),
        policy("allow-from-monitoring", {
          podSelector: servers(["gameserver", "league"]),
          policyTypes: ["Ingress"],
          ingress: [
            {
              from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } } }],
              ports: [
                { protocol: "TCP", port: 9090 },
                { protocol: "TCP", port: 9100 },
              ],
            },
          ],
        }),
        policy("allow-from-launcher", {
          podSelector: servers(["backoffice"]),
          policyTypes: ["Ingress"],
          ingress: [
            {
              from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "launcher" } } }],
              ports: [{ protocol: "TCP", port: 8080 }],
            },
          ],
        }),
      ],
    );
  });

  it("admits no load balancer without public servers or without its addresses", () => {
    const only = (publicServers: { server: string; port: number }[], loadBalancerCidrs: string[]) =>
      environmentNetworkPolicies({
        namespace: "dev1",
        labels,
        publicServers,
        loadBalancerCidrs,
        sharedNamespaces: [],
      });
    assert.deepEqual(only([], ["10.0.0.0/24"]), baseline);
    assert.deepEqual(only([{ server: "gameserver", port: 8080 }], []), baseline);
    assert.deepEqual(
      only([{ server: "gameserver", port: 8080 }], ["10.0.0.0/24"]).map((p) => p.key),
      ["default-deny-ingress", "allow-same-namespace", "allow-load-balancer"],
    );
  });
});

describe("environment preset", () => {
  const source: PresetSource = {
    name: "dev1",
    owner: "ana@studio.example",
    purpose: "Matchmaking rework",
    version: "1.42.0",
    gameDataVersion: "gd-1",
    resourceVersion: "res-1",
    clockOffset: "+72h",
    deployment: "rolling",
    activeColor: "blue",
  };
  const internal = {
    gameserver: "http://gameserver.dev1.svc.cluster.local",
    league: "http://league.dev1.svc.cluster.local",
    scheduler: "http://scheduler.dev1.svc.cluster.local",
    backoffice: "http://backoffice.dev1.svc.cluster.local",
  };

  it("lists a rolling environment's identity, public URLs and in-cluster addresses, no colours", () => {
    assert.deepEqual(environmentPreset(source, "play.example.com", "{server}-{env}"), {
      name: "dev1",
      namespace: "dev1",
      owner: "ana@studio.example",
      purpose: "Matchmaking rework",
      version: "1.42.0",
      gameDataVersion: "gd-1",
      resourceVersion: "res-1",
      clockOffset: "+72h",
      deployment: "rolling",
      urls: {
        game: "https://game-dev1.play.example.com",
        backoffice: "https://backoffice-dev1.play.example.com",
      },
      internalEndpoints: internal,
    });
  });

  it("adds the active colour, the preview version (default the version), and the dates when set", () => {
    const blueGreen = environmentPreset(
      {
        ...source,
        deployment: "blueGreen",
        activeColor: "green",
        created: "2026-11-02",
        expires: "2026-12-20",
      },
      "play.example.com",
      "{env}-{server}",
    );
    assert.deepEqual(blueGreen, {
      name: "dev1",
      namespace: "dev1",
      owner: "ana@studio.example",
      purpose: "Matchmaking rework",
      version: "1.42.0",
      gameDataVersion: "gd-1",
      resourceVersion: "res-1",
      clockOffset: "+72h",
      deployment: "blueGreen",
      activeColor: "green",
      previewVersion: "1.42.0",
      created: "2026-11-02",
      expires: "2026-12-20",
      urls: {
        game: "https://dev1-game.play.example.com",
        backoffice: "https://dev1-backoffice.play.example.com",
        gamePreview: "https://dev1-game-preview.play.example.com",
      },
      internalEndpoints: internal,
    });
    const preview = environmentPreset(
      { ...source, deployment: "blueGreen", previewVersion: "1.43.0" },
      "x.example",
      "{server}-{env}",
    );
    assert.equal(preview.previewVersion, "1.43.0");
  });
});

/** A literal environment: game server 1-3, league 1, scheduler 1, backoffice 1-2, Couchbase 1 with 20Gi. */
function workloads(overrides: Partial<EnvironmentWorkloadConfig> = {}): EnvironmentWorkloadConfig {
  return {
    deployment: "rolling",
    activeColor: "blue",
    spread: "preferred",
    autoscaleCpuPercent: 70,
    servers: {
      gameserver: { replicas: 1, maxReplicas: 3, cpu: "500m", memory: "1Gi", memoryLimit: "2Gi" },
      league: { replicas: 1, maxReplicas: 1, cpu: "250m", memory: "512Mi", memoryLimit: "1Gi" },
      scheduler: { replicas: 1, maxReplicas: 1, cpu: "100m", memory: "256Mi", memoryLimit: "512Mi" },
      backoffice: { replicas: 1, maxReplicas: 2, cpu: "250m", memory: "512Mi", memoryLimit: "1Gi" },
      couchbase: {
        replicas: 1,
        maxReplicas: 1,
        cpu: "1",
        memory: "2Gi",
        memoryLimit: "4Gi",
        storage: "20Gi",
      },
    },
    // Exactly what the servers above need at their peak, rolling.
    quota: {
      cpu: "4350m",
      memory: "8960Mi",
      memoryLimit: "17920Mi",
      pods: 11,
      storage: "20Gi",
      volumeClaims: 1,
      containerMaxMemory: "4Gi",
    },
    ...overrides,
  };
}

const GiB = 2 ** 30;
const MiB = 2 ** 20;

describe("environment quota", () => {
  it("counts each server's peak: surge pod for rolling Deployments, none for the scheduler and Couchbase", () => {
    assert.deepEqual(environmentFootprint(workloads()), [
      {
        server: "gameserver",
        pods: 4,
        cpu: 2000,
        memory: 4 * GiB,
        memoryLimit: 8 * GiB,
        storage: 0,
        volumeClaims: 0,
      },
      { server: "league", pods: 2, cpu: 500, memory: GiB, memoryLimit: 2 * GiB, storage: 0, volumeClaims: 0 },
      {
        server: "scheduler",
        pods: 1,
        cpu: 100,
        memory: 256 * MiB,
        memoryLimit: 512 * MiB,
        storage: 0,
        volumeClaims: 0,
      },
      {
        server: "backoffice",
        pods: 3,
        cpu: 750,
        memory: 1536 * MiB,
        memoryLimit: 3 * GiB,
        storage: 0,
        volumeClaims: 0,
      },
      {
        server: "couchbase",
        pods: 1,
        cpu: 1000,
        memory: 2 * GiB,
        memoryLimit: 4 * GiB,
        storage: 20 * GiB,
        volumeClaims: 1,
      },
    ]);
  });

  it("counts both colours of a blue/green game server, each with its surge pod", () => {
    const [game, league] = environmentFootprint(workloads({ deployment: "blueGreen" }));
    assert.deepEqual(game, {
      server: "gameserver",
      pods: 8,
      cpu: 4000,
      memory: 8 * GiB,
      memoryLimit: 16 * GiB,
      storage: 0,
      volumeClaims: 0,
    });
    assert.equal(league!.pods, 2);
  });

  it("counts an unreadable size as nothing and a volume without a size as empty", () => {
    const base = workloads();
    const odd = (couchbase: ServerSizing) =>
      environmentFootprint(workloads({ servers: { ...base.servers, couchbase } }))[4];
    assert.deepEqual(odd({ replicas: 2, maxReplicas: 2, cpu: "lots", memory: "x", memoryLimit: "y" }), {
      server: "couchbase",
      pods: 2,
      cpu: 0,
      memory: 0,
      memoryLimit: 0,
      storage: 0,
      volumeClaims: 2,
    });
    assert.equal(
      odd({ replicas: 2, maxReplicas: 2, cpu: "1", memory: "1Gi", memoryLimit: "1Gi", storage: "bad" })!
        .storage,
      0,
    );
    assert.equal(
      odd({ replicas: 2, maxReplicas: 2, cpu: "1", memory: "1Gi", memoryLimit: "1Gi", storage: "5Gi" })!
        .storage,
      10 * GiB,
    );
  });

  it("accepts a quota the servers exactly fill", () => {
    assert.deepEqual(quotaProblems(workloads()), []);
  });

  it("names the field, both numbers and each server's share when a total is one unit short", () => {
    const short = (quota: Partial<EnvironmentWorkloadConfig["quota"]>) =>
      quotaProblems(workloads({ quota: { ...workloads().quota, ...quota } }));
    const tail = "the servers need at full scale during a rollout";
    assert.deepEqual(short({ cpu: "4349m" }), [
      {
        field: "cpu",
        message: `4.349 CPU is less than the 4.35 CPU of CPU requests ${tail} (gameserver 2 CPU, league 0.5 CPU, scheduler 0.1 CPU, backoffice 0.75 CPU, couchbase 1 CPU); raise it or shrink the servers`,
      },
    ]);
    assert.deepEqual(short({ memory: "8Gi" }), [
      {
        field: "memory",
        message: `8 GiB is less than the 8.75 GiB of memory requests ${tail} (gameserver 4 GiB, league 1 GiB, scheduler 0.25 GiB, backoffice 1.50 GiB, couchbase 2 GiB); raise it or shrink the servers`,
      },
    ]);
    assert.deepEqual(
      short({ memory: "8959Mi" }).map((p) => p.field),
      ["memory"],
    );
    assert.deepEqual(short({ memoryLimit: "17Gi" }), [
      {
        field: "memoryLimit",
        message: `17 GiB is less than the 17.50 GiB of memory limits ${tail} (gameserver 8 GiB, league 2 GiB, scheduler 0.50 GiB, backoffice 3 GiB, couchbase 4 GiB); raise it or shrink the servers`,
      },
    ]);
    assert.deepEqual(short({ pods: 10 }), [
      {
        field: "pods",
        message: `10 pods is less than the 11 pods of pods ${tail} (gameserver 4 pods, league 2 pods, scheduler 1 pods, backoffice 3 pods, couchbase 1 pods); raise it or shrink the servers`,
      },
    ]);
    assert.deepEqual(short({ storage: "19Gi" }), [
      {
        field: "storage",
        message: `19 GiB is less than the 20 GiB of volume storage ${tail} (couchbase 20 GiB); raise it or shrink the servers`,
      },
    ]);
    assert.deepEqual(short({ volumeClaims: 0 }), [
      {
        field: "volumeClaims",
        message: `0 claims is less than the 1 claims of volume claims ${tail} (couchbase 1 claims); raise it or shrink the servers`,
      },
    ]);
  });

  it("leaves an unreadable quota value to the config checks", () => {
    const quota = { ...workloads().quota, cpu: "lots", memory: "x", containerMaxMemory: "y" };
    assert.deepEqual(quotaProblems(workloads({ quota })), []);
  });

  it("refuses a container memory cap below a server's memory limit, and accepts one equal to it", () => {
    const cap = (containerMaxMemory: string) =>
      quotaProblems(workloads({ quota: { ...workloads().quota, containerMaxMemory } }));
    assert.deepEqual(cap("4Gi"), []);
    assert.deepEqual(cap("2Gi"), [
      {
        field: "containerMaxMemory",
        message: "2Gi is below couchbase's memory limit 4Gi; the LimitRange would reject its pods",
      },
    ]);
    assert.deepEqual(
      cap("1536Mi").map((p) => p.message),
      [
        "1536Mi is below gameserver's memory limit 2Gi; the LimitRange would reject its pods",
        "1536Mi is below couchbase's memory limit 4Gi; the LimitRange would reject its pods",
      ],
    );
  });

  const meta = { namespace: "dev1", labels: { "game-infra/environment": "dev1" } };

  it("writes the totals into a ResourceQuota that allows no load balancer or node port", () => {
    assert.equal(QUOTA_NAME, "environment");
    assert.deepEqual(resourceQuota(meta, workloads().quota), {
      metadata: { name: "environment", namespace: "dev1", labels: { "game-infra/environment": "dev1" } },
      spec: {
        hard: {
          "requests.cpu": "4350m",
          "requests.memory": "8960Mi",
          "limits.memory": "17920Mi",
          pods: "11",
          "requests.storage": "20Gi",
          persistentvolumeclaims: "1",
          "services.loadbalancers": "0",
          "services.nodeports": "0",
        },
      },
    });
  });

  it("writes a LimitRange with a memory cap and small defaults, and nothing about CPU limits", () => {
    assert.deepEqual(LIMIT_RANGE_DEFAULTS, {
      cpuRequest: "100m",
      memoryRequest: "128Mi",
      memoryLimit: "256Mi",
    });
    assert.deepEqual(limitRange(meta, workloads().quota), {
      metadata: { name: "environment", namespace: "dev1", labels: { "game-infra/environment": "dev1" } },
      spec: {
        limits: [
          {
            type: "Container",
            max: { memory: "4Gi" },
            default: { memory: "256Mi" },
            defaultRequest: { cpu: "100m", memory: "128Mi" },
          },
        ],
      },
    });
  });
});

describe("environment servers", () => {
  const placement = { nodeSelector: { "game-infra/pool": "game" }, tolerations: [] };
  const grace = [
    { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute", tolerationSeconds: 200 },
  ] as const;
  const chaos = { mtbfDays: 2, killMode: "fixed" } as const;
  const input = (
    overrides: Partial<EnvironmentServersInput["environment"]> = {},
  ): EnvironmentServersInput => ({
    environment: { ...workloads({ chaos }), name: "dev1", version: "1.42.0", ...overrides },
    images: {
      registry: "reg.example/game/",
      repositories: {
        gameserver: "gameserver",
        league: "league-server",
        scheduler: "scheduler-server",
        backoffice: "backoffice",
      },
      couchbase: "couchbase/server:7.6.6",
    },
    namespace: "dev1",
    placement,
    graceTolerations: grace,
    storageClassName: "gp3",
    labels: { "game-infra/environment": "dev1" },
    envFrom: [{ configMapRef: { name: "game-env" } }],
    serverEnv: [{ name: "GAME_VERSION", value: "x" }],
    podAnnotations: { "game-infra/config-hash": "abc" },
  });
  const common = {
    namespace: "dev1",
    instance: "dev1",
    placement,
    graceTolerations: grace,
    spread: "preferred",
    labels: { "game-infra/environment": "dev1" },
    chaos,
    autoscaleCpuPercent: 70,
  };

  it("gives every server a role: which kind, how it releases, whether public and data-using", () => {
    assert.deepEqual(SERVER_ROLES, {
      gameserver: { kind: "Deployment", release: "rolling", public: true, usesData: true },
      league: { kind: "Deployment", release: "rolling", public: false, usesData: true },
      scheduler: { kind: "Deployment", release: "recreate", public: false, usesData: true },
      backoffice: { kind: "Deployment", release: "rolling", public: true, usesData: true },
      couchbase: { kind: "StatefulSet", release: "rolling", public: false, usesData: false },
    });
  });

  it("runs each game server's own image on 8080 behind port 80, with the config, passwords and probes", () => {
    const servers = environmentServers(input());
    assert.deepEqual(Object.keys(servers), ["gameserver", "league", "scheduler", "backoffice", "couchbase"]);
    assert.deepEqual(servers.gameserver, {
      ...common,
      name: "gameserver",
      image: "reg.example/game/gameserver:1.42.0",
      version: "1.42.0",
      port: { name: "http", containerPort: 8080, servicePort: 80 },
      probes: {
        readiness: { http: { path: "/readyz", port: "http" } },
        liveness: { http: { path: "/livez", port: "http" } },
      },
      resources: { cpu: "500m", memory: "1Gi", memoryLimit: "2Gi" },
      replicas: 1,
      maxReplicas: 3,
      release: { type: "rolling" },
      envFrom: [{ configMapRef: { name: "game-env" } }],
      env: [{ name: "GAME_VERSION", value: "x" }],
      podAnnotations: { "game-infra/config-hash": "abc" },
    });
    assert.equal(servers.league.image, "reg.example/game/league-server:1.42.0");
    assert.deepEqual(servers.league.resources, { cpu: "250m", memory: "512Mi", memoryLimit: "1Gi" });
    assert.equal(servers.backoffice.maxReplicas, 2);
    assert.deepEqual(servers.scheduler.release, { type: "recreate" });
    assert.equal(servers.scheduler.image, "reg.example/game/scheduler-server:1.42.0");
  });

  it("runs Couchbase as a StatefulSet with its ports, its own start command, writable paths and volume", () => {
    assert.deepEqual(environmentServers(input()).couchbase, {
      ...common,
      name: "couchbase",
      kind: "StatefulSet",
      image: "couchbase/server:7.6.6",
      version: "7.6.6",
      port: { name: "rest", containerPort: 8091 },
      extraPorts: [
        { name: "views", containerPort: 8092 },
        { name: "query", containerPort: 8093 },
        { name: "search", containerPort: 8094 },
        { name: "kv", containerPort: 11210 },
        { name: "kv-tls", containerPort: 11207 },
        { name: "rest-tls", containerPort: 18091 },
      ],
      command: [
        "/bin/sh",
        "-c",
        "mkdir -p /opt/couchbase/var/lib/couchbase/config /opt/couchbase/var/lib/couchbase/data " +
          "/opt/couchbase/var/lib/couchbase/stats /opt/couchbase/var/lib/couchbase/logs " +
          "&& exec /opt/couchbase/bin/couchbase-server -- -kernel global_enable_tracing false -noinput",
      ],
      env: [{ name: "HOME", value: "/tmp" }],
      writablePaths: [
        { name: "tmp", mountPath: "/tmp" },
        { name: "couchbase-etc", mountPath: "/opt/couchbase/etc", seedFromImage: true },
      ],
      probes: {
        readiness: { http: { path: "/pools", port: "rest" } },
        liveness: { tcp: { port: "rest" } },
        startupSeconds: 300,
      },
      resources: { cpu: "1", memory: "2Gi", memoryLimit: "4Gi" },
      replicas: 1,
      maxReplicas: 1,
      storage: { size: "20Gi", storageClassName: "gp3", mountPath: "/opt/couchbase/var" },
      runAs: { user: 1000, group: 1000, fsGroup: 1000 },
      preStopSleepSeconds: 0,
      terminationGracePeriodSeconds: 120,
    });
    assert.equal(COUCHBASE_COMMAND.length, 3);
    assert.equal(COUCHBASE_WRITABLE_PATHS.length, 2);
  });

  it("gives Couchbase a 10Gi volume unless sized, and version 'unknown' for an untagged image", () => {
    const base = input();
    const { storage: _storage, ...unsized } = base.environment.servers.couchbase;
    const couchbase = environmentServers({
      ...base,
      environment: { ...base.environment, servers: { ...base.environment.servers, couchbase: unsized } },
      images: { ...base.images, couchbase: `couchbase/server@sha256:${"a".repeat(64)}` },
    }).couchbase;
    assert.equal(couchbase.storage!.size, "10Gi");
    assert.equal(couchbase.version, "unknown");
  });

  it("runs a blue/green game server's active colour on version and the idle one on previewVersion", () => {
    const servers = environmentServers(
      input({ deployment: "blueGreen", activeColor: "green", previewVersion: "1.43.0" }),
    );
    assert.deepEqual(servers.gameserver.release, {
      type: "blueGreen",
      active: "green",
      images: {
        blue: { image: "reg.example/game/gameserver:1.43.0", version: "1.43.0" },
        green: { image: "reg.example/game/gameserver:1.42.0", version: "1.42.0" },
      },
    });
    assert.deepEqual(servers.league.release, { type: "rolling" });
    assert.deepEqual(servers.backoffice.release, { type: "rolling" });
    assert.deepEqual(servers.scheduler.release, { type: "recreate" });
  });
});

describe("environment blue/green versions", () => {
  it("runs version on the active colour and previewVersion (default version) on the idle one", () => {
    assert.deepEqual(colorVersions("blue", "1.0", "2.0"), { blue: "1.0", green: "2.0" });
    assert.deepEqual(colorVersions("green", "1.0", "2.0"), { blue: "2.0", green: "1.0" });
    assert.deepEqual(colorVersions("green", "1.0"), { blue: "1.0", green: "1.0" });
  });
});

describe("environment sleep", () => {
  it("builds the namespace's SleepInfo: every Deployment and StatefulSet sleeps, CronJobs do not", () => {
    assert.equal(SLEEP_INFO_NAME, "sleep-schedule");
    assert.deepEqual(sleepInfoManifest({ namespace: "dev1", labels: { a: "b" } }, OFFICE_HOURS), {
      apiVersion: "kube-green.com/v1alpha1",
      kind: "SleepInfo",
      metadata: { name: "sleep-schedule", namespace: "dev1", labels: { a: "b" } },
      spec: {
        weekdays: "1-5",
        sleepAt: "20:00",
        wakeUpAt: "08:00",
        timeZone: "Europe/Berlin",
        suspendDeployments: true,
        suspendStatefulSets: true,
        suspendCronJobs: false,
      },
    });
  });

  it("sleeps on a schedule only when there is one and no wake pause holds", () => {
    assert.equal(sleepsOnSchedule({ mode: "officeHours", schedule: OFFICE_HOURS, paused: false }), true);
    assert.equal(sleepsOnSchedule({ mode: "officeHours", schedule: OFFICE_HOURS, paused: true }), false);
    assert.equal(sleepsOnSchedule({ mode: "alwaysOn", paused: false }), false);
  });

  it("always forces patches on workloads, and names the last paused day while the pause holds", () => {
    assert.equal(PATCH_FORCE_ANNOTATION, "pulumi.com/patchForce");
    assert.deepEqual(workloadSleepAnnotations({ mode: "alwaysOn", paused: false }), {
      "pulumi.com/patchForce": "true",
    });
    assert.deepEqual(
      workloadSleepAnnotations({
        mode: "officeHours",
        schedule: OFFICE_HOURS,
        pausedUntil: "2026-12-04",
        paused: true,
      }),
      { "pulumi.com/patchForce": "true", "game-infra/sleep-paused-until": "2026-12-04" },
    );
    assert.deepEqual(
      workloadSleepAnnotations({
        mode: "officeHours",
        schedule: OFFICE_HOURS,
        pausedUntil: "2026-12-04",
        paused: false,
      }),
      { "pulumi.com/patchForce": "true" },
    );
    assert.deepEqual(
      workloadSleepAnnotations({ mode: "officeHours", schedule: OFFICE_HOURS, paused: true }),
      {
        "pulumi.com/patchForce": "true",
      },
    );
  });
});

describe("environment profile defaults", () => {
  it("creates the servers in a fixed order; only the game server, league and backoffice scale", () => {
    assert.deepEqual(SERVER_NAMES, ["gameserver", "league", "scheduler", "backoffice", "couchbase"]);
    assert.deepEqual(SCALABLE_SERVERS, ["gameserver", "league", "backoffice"]);
    assert.deepEqual(COLORS, ["blue", "green"]);
  });

  it("accepts kube-monkey's four kill modes", () => {
    assert.deepEqual(CHAOS_KILL_MODES, ["fixed", "random-max-percent", "fixed-percent", "kill-all"]);
  });

  it("names each game server's image repository and a one-label host pattern by default", () => {
    assert.deepEqual(DEFAULT_REPOSITORIES, {
      gameserver: "gameserver",
      league: "league-server",
      scheduler: "scheduler-server",
      backoffice: "backoffice",
    });
    assert.equal(DEFAULT_HOST_PATTERN, "{server}-{env}");
    assert.equal(hostPatternProblem(DEFAULT_HOST_PATTERN), undefined);
  });

  it("runs the Couchbase image upstream/couchbase was read from, its data on the image's declared volume", () => {
    const source = readFileSync(join(ROOT, "upstream", "couchbase", "SOURCE.md"), "utf8");
    const version = /^# Couchbase Server (\S+) image/.exec(source)?.[1];
    assert.equal(DEFAULT_COUCHBASE_IMAGE, `couchbase/server:${version}`);
    const dockerfile = readFileSync(join(ROOT, "upstream", "couchbase", "Dockerfile.excerpt"), "utf8");
    assert.match(dockerfile, new RegExp(`^VOLUME ${COUCHBASE_DATA_PATH}$`, "m"));
    assert.equal(COUCHBASE_DATA_PATH, "/opt/couchbase/var");
  });
});
