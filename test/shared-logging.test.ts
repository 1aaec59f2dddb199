import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { mockBcryptHash, mockSecret } from "../tools/engine/mock-outputs";
import { formatSchemaProblems, validateKubernetesObjects } from "../tools/plan/k8s-validate";
import { LOGGING_CHARTS } from "../lib/logging/charts";
import { strimziResourceProblems } from "../lib/logging/strimzi-schema";
import type { Toleration } from "../lib/grace";
import { SharedLogging, validateSharedLoggingArgs, type LoggingCluster } from "../components/shared-logging";
import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { validateLogBufferArgs } from "../components/log-buffer";
import { validateLogCollectorArgs } from "../components/log-collector";
import { validateLogDashboardsArgs } from "../components/log-dashboards";
import { validateLogStoreArgs } from "../components/log-store";
import { graceTolerations } from "../lib/grace";
import { STANDARD_LOGGING_REQUESTS } from "../lib/logging/resources";
import { nodeSizing } from "../lib/sizing";
import {
  loadConfig,
  resolveOutputs,
  runComponent,
  runStack,
  type RecordedResource,
  type Registered,
} from "./harness";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const GRACE_KEYS = ["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"];
const SYSTEM_POOL = { "game-infra/pool": "system" };
const OFFICE = ["203.0.113.0/24"];

type Values = Record<string, unknown> & { tolerations?: Toleration[]; nodeSelector?: Record<string, string> };

/** The Helm release with this release name (not Pulumi name). */
function release(registered: Registered, name: string): RecordedResource {
  const found = registered.ofType(RELEASE).filter((r) => r.inputs.name === name);
  assert.equal(found.length, 1, `expected one release named ${name}`);
  return found[0]!;
}

function values(registered: Registered, name: string): Values {
  return release(registered, name).inputs.values as Values;
}

/** Every resource under SharedLogging (directly or through its parts). */
function loggingResources(registered: Registered): RecordedResource[] {
  const root = registered.ofType("game:index:SharedLogging").map((r) => r.urn);
  const out: RecordedResource[] = [];
  const walk = (urn: string) => {
    for (const child of registered.childrenOf(urn)) {
      out.push(child);
      walk(child.urn);
    }
  };
  root.forEach(walk);
  return out;
}

function crs(registered: Registered, kind: string): RecordedResource[] {
  return registered.resources.filter((r) => r.type === `kubernetes:kafka.strimzi.io/v1:${kind}`);
}

/** Whether a toleration lets a pod onto a node with this (EKS-shaped) taint. */
function tolerates(t: Toleration, taint: { key: string; value: string; effect: string }): boolean {
  // Node groups write EKS's effect names, Karpenter NodePools Kubernetes' own.
  const effect =
    {
      NO_SCHEDULE: "NoSchedule",
      NO_EXECUTE: "NoExecute",
      PREFER_NO_SCHEDULE: "PreferNoSchedule",
    }[taint.effect] ?? taint.effect;
  return t.key === taint.key && (t.operator === "Exists" || t.value === taint.value) && t.effect === effect;
}

function assertGraceTolerations(
  tolerations: readonly Toleration[] | undefined,
  where: string,
  seconds: number,
) {
  for (const key of GRACE_KEYS) {
    assert.ok(
      tolerations?.some(
        (t) =>
          t.key === key &&
          t.effect === "NoExecute" &&
          t.operator === "Exists" &&
          t.tolerationSeconds === seconds,
      ),
      `${where} lacks the grace toleration for ${key}`,
    );
  }
}

function collectorOutputs(registered: Registered): string {
  return (values(registered, "fluent-bit").config as { outputs: string }).outputs;
}

describe("SharedLogging on dev (defaults: no buffer, one OpenSearch node)", () => {
  let registered: Registered;
  let outputs: Record<string, unknown>;
  before(async () => {
    const run = await runStack("dev");
    registered = run.registered;
    outputs = (await resolveOutputs(run.outputs)) as Record<string, unknown>;
  });

  it("has the collector tolerate every taint of every node group and Karpenter NodePool, and the grace taints", () => {
    const tolerations = values(registered, "fluent-bit").tolerations!;
    const groups = [
      ...registered
        .ofType("eks:index:ManagedNodeGroup")
        .map((g) => ({ name: g.name, taints: g.inputs.taints })),
      ...registered.ofType("kubernetes:karpenter.sh/v1:NodePool").map((p) => ({
        name: p.name,
        taints: (p.inputs as { spec: { template: { spec: { taints?: unknown } } } }).spec.template.spec
          .taints,
      })),
    ];
    assert.deepEqual(
      groups.map((g) => g.name),
      ["dev-system", "dev-karpenter-game-node-pool"],
    );
    for (const group of groups) {
      for (const taint of (group.taints ?? []) as Array<{
        key: string;
        value: string;
        effect: string;
      }>) {
        assert.ok(
          tolerations.some((t) => tolerates(t, taint)),
          `${group.name}: taint ${taint.key}=${taint.value} not tolerated`,
        );
      }
    }
    assertGraceTolerations(tolerations, "collector", 200);
    assert.deepEqual(values(registered, "fluent-bit").nodeSelector, {});
  });

  it("writes straight to OpenSearch when the buffer is off, and creates no Kafka, operator or Logstash", () => {
    assert.match(collectorOutputs(registered), /Name\s+opensearch\n/);
    assert.match(collectorOutputs(registered), /Host\s+opensearch-cluster-master\.logging\.svc\n/);
    assert.equal(crs(registered, "Kafka").length, 0);
    assert.equal(
      registered
        .ofType(RELEASE)
        .filter((r) => ["logstash", "strimzi-kafka-operator"].includes(String(r.inputs.name))).length,
      0,
    );
  });

  it("runs a single OpenSearch node on a gp3 volume with the heap at half its memory limit", () => {
    const os = values(registered, "opensearch") as Values & {
      replicas: number;
      singleNode: boolean;
      persistence: { storageClass: string; size: string };
      opensearchJavaOpts: string;
      resources: { limits: { memory: string } };
    };
    assert.equal(os.replicas, 1);
    assert.equal(os.singleNode, true);
    assert.equal(os.persistence.storageClass, "gp3");
    assert.equal(os.persistence.size, "20Gi");
    assert.equal(os.resources.limits.memory, "2048Mi");
    assert.equal(os.opensearchJavaOpts, "-Xms1024m -Xmx1024m");
  });

  it("keeps dev logs 3 days", () => {
    const config = registered.one("kubernetes:core/v1:ConfigMap", "logging-store-retention");
    const policy = JSON.parse((config.inputs.data as Record<string, string>)["policy.json"]!);
    assert.equal(policy.policy.states[0].transitions[0].conditions.min_index_age, "3d");
  });

  it("puts every pod template it writes on the system pool with the grace tolerations (not the collector)", () => {
    for (const name of ["opensearch", "opensearch-dashboards"]) {
      assert.deepEqual(values(registered, name).nodeSelector, SYSTEM_POOL, name);
      assertGraceTolerations(values(registered, name).tolerations, name, 200);
    }
    const job = registered.one("kubernetes:batch/v1:Job", "logging-store-retention");
    const pod = (
      job.inputs.spec as unknown as {
        template: { spec: { nodeSelector: object; tolerations: Toleration[] } };
      }
    ).template.spec;
    assert.deepEqual(pod.nodeSelector, SYSTEM_POOL);
    assertGraceTolerations(pod.tolerations, "retention Job", 200);
  });

  it("gives every chart a restricted security context (the collector's only exception is its read-only hostPath)", () => {
    for (const name of ["opensearch", "opensearch-dashboards", "fluent-bit"]) {
      const v = values(registered, name) as Values & {
        podSecurityContext: { runAsNonRoot: boolean; runAsUser: number; seccompProfile: { type: string } };
        securityContext: {
          allowPrivilegeEscalation: boolean;
          capabilities: { drop: string[] };
          runAsNonRoot: boolean;
        };
      };
      assert.equal(v.podSecurityContext.runAsNonRoot, true, name);
      assert.notEqual(v.podSecurityContext.runAsUser, 0, name);
      assert.equal(v.podSecurityContext.seccompProfile.type, "RuntimeDefault", name);
      assert.equal(v.securityContext.allowPrivilegeEscalation, false, name);
      assert.deepEqual(v.securityContext.capabilities.drop, ["ALL"], name);
    }
    const hostPaths = loggingResources(registered).flatMap((r) =>
      [...JSON.stringify(r.inputs).matchAll(/"hostPath":\{"path":"([^"]+)"/g)].map(
        (m) => `${String(r.inputs.name)}:${m[1]}`,
      ),
    );
    assert.deepEqual(hostPaths, ["fluent-bit:/var/log"]);
  });

  it("puts Dashboards at logs.<domain> on the shared ALB, HTTPS only, reachable only from the configured CIDRs", () => {
    const ingress = registered.one("kubernetes:networking.k8s.io/v1:Ingress", "logging-dashboards-ingress");
    const annotations = (ingress.inputs.metadata as { annotations: Record<string, string> }).annotations;
    assert.equal(annotations["alb.ingress.kubernetes.io/group.name"], "game-infra-dev");
    assert.deepEqual(JSON.parse(annotations["alb.ingress.kubernetes.io/listen-ports"]!), [{ HTTPS: 443 }]);
    assert.deepEqual(JSON.parse(annotations["alb.ingress.kubernetes.io/conditions.opensearch-dashboards"]!), [
      { field: "source-ip", sourceIpConfig: { values: OFFICE } },
    ]);
    assert.match(annotations["alb.ingress.kubernetes.io/certificate-arn"]!, /^arn:aws:acm:/);
    assert.equal(
      (ingress.inputs.spec as { rules: Array<{ host: string }> }).rules[0]!.host,
      "logs.dev.game.example.com",
    );
    const fromVpc = registered.one(
      "kubernetes:networking.k8s.io/v1:NetworkPolicy",
      "logging-allow-dashboards-from-load-balancer",
    );
    assert.deepEqual((fromVpc.inputs.spec as { ingress: unknown[] }).ingress, [
      { from: [{ ipBlock: { cidr: "10.20.0.0/16" } }], ports: [{ port: 5601, protocol: "TCP" }] },
    ]);
    assert.ok(
      registered
        .ofType("kubernetes:networking.k8s.io/v1:NetworkPolicy")
        .some((p) => (p.inputs.metadata as { name: string }).name === "default-deny-ingress"),
    );
  });

  it("keeps every password out of the plan: Secrets, values and outputs show only [secret]", () => {
    const planned = JSON.stringify({ resources: registered.resources.map((r) => r.inputs), outputs });
    for (const purpose of ["admin-password", "dashboards-password", "dashboards-cookie"]) {
      const name = `dev-logging-${purpose}`;
      assert.ok(!planned.includes(mockSecret(name, 32).slice(0, 20)), `${purpose} leaked`);
      assert.ok(!planned.includes(mockBcryptHash(name)), `${purpose} hash leaked`);
    }
    for (const secret of registered
      .ofType("kubernetes:core/v1:Secret")
      .filter((s) => (s.inputs.metadata as { namespace: string }).namespace === "logging")) {
      assert.equal(secret.inputs.stringData, "[secret]", secret.name);
    }
    assert.equal((outputs.logging as { adminPassword: string }).adminPassword, "[secret]");
    // Charts get Secret names, never Secret values.
    assert.deepEqual((values(registered, "opensearch").extraEnvs as unknown[])[0], {
      name: "OPENSEARCH_INITIAL_ADMIN_PASSWORD",
      valueFrom: { secretKeyRef: { key: "password", name: "opensearch-admin" } },
    });
  });

  it("exports the Dashboards URL, the OpenSearch address, the index pattern and the collector's per-node requests", () => {
    const logging = outputs.logging as Record<string, unknown>;
    assert.equal(logging.dashboardsUrl, "https://logs.dev.game.example.com");
    assert.equal(logging.openSearchAddress, "https://opensearch-cluster-master.logging.svc:9200");
    // One environment's pattern, with a placeholder: each environment stack outputs its own
    // (stack-environments.test.ts), so the platform's outputs do not change when one comes or goes.
    assert.equal(logging.indexPattern, "logs-<environment>.*");
    assert.equal(logging.environmentIndexPatterns, undefined);
    assert.deepEqual(logging.collectorRequestsPerNode, { cpu: "50m", memory: "64Mi" });
    assert.equal(logging.retentionDays, 3);
    assert.equal(logging.buffer, false);
  });

  it("writes Kubernetes objects the upstream schema accepts", async () => {
    const problems = await validateKubernetesObjects(loggingResources(registered));
    assert.deepEqual(formatSchemaProblems(problems), []);
  });

  it("installs every chart at a pinned version, and pins every image it names", () => {
    const releases = registered.ofType(RELEASE).filter((r) => (r.inputs.namespace as string) === "logging");
    assert.equal(releases.length, 3);
    for (const r of releases) {
      assert.ok(
        LOGGING_CHARTS.some((c) => c.chart === r.inputs.chart && c.version === r.inputs.version),
        String(r.inputs.chart),
      );
      const image = (r.inputs.values as { image: { tag: string } }).image;
      assert.match(image.tag, /^\d+\.\d+\.\d+$/, String(r.inputs.chart));
    }
    assert.deepEqual((values(registered, "fluent-bit").testFramework as { enabled: boolean }).enabled, false);
  });
});

describe("SharedLogging on stage (defaults: Kafka buffer, three nodes)", () => {
  let registered: Registered;
  before(async () => {
    ({ registered } = await runStack("stage"));
  });

  it("runs 3 OpenSearch nodes, one per system node, and 3 Kafka KRaft nodes", () => {
    const os = values(registered, "opensearch") as Values & {
      replicas: number;
      antiAffinity: string;
      singleNode: boolean;
    };
    assert.equal(os.replicas, 3);
    assert.equal(os.singleNode, false);
    assert.equal(os.antiAffinity, "hard");
    const [pool] = crs(registered, "KafkaNodePool");
    const spec = pool!.inputs.spec as { replicas: number; roles: string[] };
    assert.equal(spec.replicas, 3);
    assert.deepEqual(spec.roles, ["controller", "broker"]);
  });

  it("sends the collector's records to Kafka, and Logstash from that topic into OpenSearch", () => {
    assert.match(collectorOutputs(registered), /Name\s+kafka\n/);
    assert.match(collectorOutputs(registered), /Brokers\s+logs-kafka-bootstrap\.logging\.svc:9092\n/);
    assert.doesNotMatch(collectorOutputs(registered), /opensearch/);
    const [topic] = crs(registered, "KafkaTopic");
    assert.equal((topic!.inputs.metadata as { name: string }).name, "logs");
    const pipeline = (values(registered, "logstash").logstashPipeline as Record<string, string>)[
      "logstash.conf"
    ]!;
    assert.match(pipeline, /topics => \["logs"\]/);
    assert.match(pipeline, /bootstrap_servers => "logs-kafka-bootstrap\.logging\.svc:9092"/);
    assert.match(pipeline, /hosts => \["https:\/\/opensearch-cluster-master\.logging\.svc:9200"\]/);
  });

  it("makes the Kafka resources wait for the operator that installs their CRDs", () => {
    const operator = release(registered, "strimzi-kafka-operator");
    for (const kind of ["Kafka", "KafkaNodePool", "KafkaTopic"]) {
      const [cr] = crs(registered, kind);
      assert.ok(cr!.dependsOn.includes(operator.urn), `${kind} does not depend on the operator`);
    }
  });

  it("writes Strimzi CRs that pass the schema derived from the v1 CRDs", () => {
    for (const kind of ["Kafka", "KafkaNodePool", "KafkaTopic"]) {
      const [cr] = crs(registered, kind);
      assert.deepEqual(strimziResourceProblems(cr!.inputs), [], kind);
    }
  });

  it("keeps stage logs 14 days and the buffer 24 hours", () => {
    const config = registered.one("kubernetes:core/v1:ConfigMap", "logging-store-retention");
    const policy = JSON.parse((config.inputs.data as Record<string, string>)["policy.json"]!);
    assert.equal(policy.policy.states[0].transitions[0].conditions.min_index_age, "14d");
    const [topic] = crs(registered, "KafkaTopic");
    assert.equal(
      (topic!.inputs.spec as { config: Record<string, number> }).config["retention.ms"],
      24 * 3600 * 1000,
    );
  });

  it("places the operator, Kafka, the topic operator and Logstash on the system pool with the grace tolerations", () => {
    for (const name of ["strimzi-kafka-operator", "logstash"]) {
      assert.deepEqual(values(registered, name).nodeSelector, SYSTEM_POOL, name);
      assertGraceTolerations(values(registered, name).tolerations, name, 80);
    }
    const templates = [
      (crs(registered, "KafkaNodePool")[0]!.inputs.spec as { template: { pod: unknown } }).template.pod,
      (crs(registered, "Kafka")[0]!.inputs.spec as { entityOperator: { template: { pod: unknown } } })
        .entityOperator.template.pod,
    ] as Array<{ tolerations: Toleration[]; affinity: { nodeAffinity: unknown } }>;
    for (const pod of templates) {
      assertGraceTolerations(pod.tolerations, "Strimzi pod template", 80);
      assert.deepEqual(pod.affinity.nodeAffinity, {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            { matchExpressions: [{ key: "game-infra/pool", operator: "In", values: ["system"] }] },
          ],
        },
      });
    }
    const operatorEnv = values(registered, "strimzi-kafka-operator").extraEnvs as Array<{
      name: string;
      value: string;
    }>;
    assert.deepEqual(operatorEnv, [{ name: "STRIMZI_POD_SECURITY_PROVIDER_CLASS", value: "restricted" }]);
  });

  it("writes non-Strimzi Kubernetes objects the upstream schema accepts", async () => {
    const objects = loggingResources(registered).filter((r) => !r.type.includes("strimzi.io"));
    assert.deepEqual(formatSchemaProblems(await validateKubernetesObjects(objects)), []);
  });

  it("pins every image the charts run, including Logstash's and the Strimzi operator's", () => {
    const tags = {
      "fluent-bit": (values(registered, "fluent-bit").image as { tag: string }).tag,
      opensearch: (values(registered, "opensearch").image as { tag: string }).tag,
      "opensearch-dashboards": (values(registered, "opensearch-dashboards").image as { tag: string }).tag,
      logstash: values(registered, "logstash").imageTag as string,
      "strimzi-kafka-operator": values(registered, "strimzi-kafka-operator").defaultImageTag as string,
    };
    for (const [name, tag] of Object.entries(tags)) assert.match(tag, /^\d+\.\d+\.\d+$/, name);
  });

  it("installs all five charts at their pinned versions", () => {
    const releases = registered.ofType(RELEASE).filter((r) => (r.inputs.namespace as string) === "logging");
    assert.deepEqual(
      releases.map((r) => `${String(r.inputs.chart)}@${String(r.inputs.version)}`).sort(),
      LOGGING_CHARTS.map((c) => `${c.chart}@${c.version}`).sort(),
    );
  });
});

describe("SharedLogging: switching the buffer and retention is a config change", () => {
  it("turns the buffer on for dev, and off for stage, through the logging section", async () => {
    const { registered: dev } = await runStack("dev", {
      logging: { dashboardsAllowedCidrs: OFFICE, buffer: true, retentionDays: 5 },
    });
    assert.match(collectorOutputs(dev), /Name\s+kafka\n/);
    assert.equal((crs(dev, "KafkaNodePool")[0]!.inputs.spec as { replicas: number }).replicas, 1);
    const config = dev.one("kubernetes:core/v1:ConfigMap", "logging-store-retention");
    assert.match((config.inputs.data as Record<string, string>)["policy.json"]!, /"min_index_age": "5d"/);

    const { registered: stage } = await runStack("stage", {
      logging: { dashboardsAllowedCidrs: OFFICE, buffer: false },
    });
    assert.match(collectorOutputs(stage), /Name\s+opensearch\n/);
    assert.equal(crs(stage, "Kafka").length, 0);
  });

  it("keeps QA logs 7 days by default", async () => {
    assert.equal((await loadConfig("qa")).logging.retentionDays, 7);
  });
});

describe("SharedLogging argument validation", () => {
  const settingsOf = async () => (await loadConfig("dev")).logging;
  const cluster = {
    nodePools: {
      system: { sizing: nodeSizing("m6i.large"), tolerations: [] },
      game: { sizing: nodeSizing("m6i.xlarge"), tolerations: [] },
    },
  } as unknown as LoggingCluster;
  const base = {
    cluster,
    poolNodeCounts: { system: 2, game: 3 },
    domain: "dev.game.example.com",
    ingressGroup: "g",
    vpcCidr: "10.20.0.0/16",
  };

  it("reports every problem by property path before creating anything", async () => {
    const settings = { ...(await settingsOf()), openSearchNodes: 3, dashboardsAllowedCidrs: ["0.0.0.0/0"] };
    let created = 0;
    await assert.rejects(
      runComponent(() => {
        const logging = new SharedLogging("bad", { ...base, settings });
        created++;
        return logging;
      }),
      (err: Error) =>
        /settings\.openSearchNodes/.test(err.message) && /settings\.dashboardsAllowedCidrs/.test(err.message),
    );
    assert.equal(created, 0);
  });

  it("accepts the dev settings on a two-node system pool", async () => {
    assert.deepEqual(validateSharedLoggingArgs({ ...base, settings: await settingsOf() }), []);
    assert.deepEqual(
      validateSharedLoggingArgs({ ...base, poolNodeCounts: { system: 2 }, settings: await settingsOf() }).map(
        (p) => p.reason,
      ),
      ['has no node count for pool "game"'],
    );
  });
});

describe("logging parts' argument checks", () => {
  const placement = { nodeSelector: { "game-infra/pool": "system" }, tolerations: graceTolerations(240) };
  const provider = undefined as unknown as k8s.Provider;

  it("LogBuffer: odd Kafka node counts, at most one consumer per partition, and valid Strimzi resources", () => {
    const args = {
      provider,
      namespaceName: "logging",
      kafkaNodes: 3,
      storageGiB: 30,
      retentionHours: 24,
      kafkaRequests: STANDARD_LOGGING_REQUESTS.kafka,
      logstashReplicas: 2,
      logstashRequests: STANDARD_LOGGING_REQUESTS.logstash,
      placement,
      credentialsSecret: "s",
      store: undefined as unknown as pulumi.Resource,
    };
    assert.deepEqual(validateLogBufferArgs(args), []);
    assert.deepEqual(
      validateLogBufferArgs({ ...args, kafkaNodes: 2 }).map((p) => p.propertyPath),
      ["kafkaNodes"],
    );
    assert.deepEqual(
      validateLogBufferArgs({ ...args, logstashReplicas: 4 }).map((p) => p.propertyPath),
      ["logstashReplicas"],
    );
    // Reported as a problem with the argument, not thrown from deep inside the heap sizing.
    assert.deepEqual(
      validateLogBufferArgs({ ...args, kafkaRequests: { cpuMillicores: 200, memoryMiB: 300 } }).map(
        (p) => p.propertyPath,
      ),
      ["kafkaRequests.memoryMiB"],
    );
  });

  it("LogCollector: refuses a toleration list without the grace-period ones", () => {
    const args = {
      provider,
      namespaceName: "logging",
      output: { kind: "opensearch" as const, host: "h", port: 9200 },
      requests: STANDARD_LOGGING_REQUESTS.collector,
      tolerations: [],
      credentialsSecret: "s",
    };
    assert.equal(validateLogCollectorArgs(args).length, 2);
    assert.deepEqual(validateLogCollectorArgs({ ...args, tolerations: graceTolerations(240) }), []);
  });

  it("LogDashboards and LogStore: CIDR count and /0, quorum sizes and retention", () => {
    const dashboards = {
      provider,
      namespaceName: "logging",
      replicas: 1,
      requests: STANDARD_LOGGING_REQUESTS.dashboards,
      placement,
      credentialsSecret: "s",
      domain: "d.example.com",
      ingressGroup: "g",
      certificateArn: "arn",
      allowedCidrs: ["0.0.0.0/0", "10.0.0.0/8", "10.1.0.0/16", "10.2.0.0/16", "10.3.0.0/16"],
    };
    assert.equal(validateLogDashboardsArgs(dashboards).length, 2);
    const store = {
      provider,
      namespaceName: "logging",
      nodes: 2,
      storageGiB: 5,
      requests: STANDARD_LOGGING_REQUESTS.openSearch,
      retentionDays: 0,
      placement,
      adminSecret: "a",
      internalUsersSecret: "u",
    };
    assert.deepEqual(
      validateLogStoreArgs(store).map((p) => p.propertyPath),
      ["nodes", "storageGiB", "retentionDays"],
    );
  });
});
