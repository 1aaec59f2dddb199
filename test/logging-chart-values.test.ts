/**
 * The Helm values each logging chart gets, compared whole with literal objects: OpenSearch (one node
 * and several), Dashboards, Logstash, the Strimzi operator and the collector (both outputs). A field
 * added, dropped or changed in a builder shows up here as the exact value that moved. Fast: plain
 * lib/logging imports only, so `npm run mutate` runs it per mutant (lib list).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Toleration } from "../lib/grace";
import { collectorValues } from "../lib/logging/collector";
import { dashboardsValues } from "../lib/logging/dashboards";
import { LOG_INDEX_LUA, fluentBitConfig } from "../lib/logging/fluent-bit";
import { LOGSTASH_YML, logstashPipeline } from "../lib/logging/logstash";
import { logstashValues } from "../lib/logging/logstash-values";
import { dashboardsYml } from "../lib/logging/dashboards";
import { openSearchValues, openSearchYml } from "../lib/logging/opensearch";
import type { Placement } from "../lib/logging/pod-defaults";
import { strimziOperatorValues } from "../lib/logging/strimzi-operator";

const TOLERATIONS: Toleration[] = [
  { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute", tolerationSeconds: 80 },
  { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 80 },
];
const PLACEMENT: Placement = { nodeSelector: { "game-infra/pool": "system" }, tolerations: TOLERATIONS };
const LABELS = { "app.kubernetes.io/part-of": "game-infra-logging" };

/** The placement as the charts get it. */
const PLACED = {
  nodeSelector: { "game-infra/pool": "system" },
  tolerations: [
    { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute", tolerationSeconds: 80 },
    { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 80 },
  ],
};

const restrictedContainer = (uid: number, readOnlyRootFilesystem: boolean) => ({
  allowPrivilegeEscalation: false,
  capabilities: { drop: ["ALL"] },
  privileged: false,
  readOnlyRootFilesystem,
  runAsNonRoot: true,
  runAsUser: uid,
  seccompProfile: { type: "RuntimeDefault" },
});

const secretKey = (name: string, secret: string, key: string) => ({
  name,
  valueFrom: { secretKeyRef: { name: secret, key } },
});

/** Does a value share any object with the placement it was built from? (Charts must get copies.) */
function sharesPlacement(values: { nodeSelector: object; tolerations: readonly object[] }): boolean {
  return (
    values.nodeSelector === PLACEMENT.nodeSelector ||
    values.tolerations === PLACEMENT.tolerations ||
    values.tolerations.some((t, i) => t === PLACEMENT.tolerations[i])
  );
}

describe("OpenSearch chart values", () => {
  const shape = {
    nodes: 3,
    storageGiB: 50,
    storageClass: "gp3-encrypted",
    requests: { cpuMillicores: 250, memoryMiB: 2048 },
    placement: PLACEMENT,
    labels: LABELS,
    adminSecret: "opensearch-admin",
    internalUsersSecret: "opensearch-internal-users",
  };

  it("runs three cluster-manager/data/ingest nodes, one per node, on encrypted volumes with half the memory as heap", () => {
    const values = openSearchValues(shape);
    assert.deepEqual(values, {
      clusterName: "opensearch-cluster",
      nodeGroup: "master",
      singleNode: false,
      replicas: 3,
      roles: ["master", "ingest", "data"],
      image: { repository: "opensearchproject/opensearch", tag: "3.6.0", pullPolicy: "IfNotPresent" },
      opensearchJavaOpts: "-Xms1024m -Xmx1024m",
      resources: { requests: { cpu: "250m", memory: "2048Mi" }, limits: { memory: "2048Mi" } },
      persistence: {
        enabled: true,
        enableInitChown: false,
        storageClass: "gp3-encrypted",
        accessModes: ["ReadWriteOnce"],
        size: "50Gi",
      },
      config: { "opensearch.yml": openSearchYml() },
      extraEnvs: [secretKey("OPENSEARCH_INITIAL_ADMIN_PASSWORD", "opensearch-admin", "password")],
      securityConfig: {
        enabled: true,
        path: "/usr/share/opensearch/config/opensearch-security",
        internalUsersSecret: "opensearch-internal-users",
      },
      podSecurityContext: {
        runAsNonRoot: true,
        runAsUser: 1000,
        runAsGroup: 1000,
        fsGroup: 1000,
        seccompProfile: { type: "RuntimeDefault" },
      },
      securityContext: restrictedContainer(1000, false),
      sysctl: { enabled: false },
      sysctlInit: { enabled: false },
      ...PLACED,
      antiAffinity: "hard",
      antiAffinityTopologyKey: "kubernetes.io/hostname",
      maxUnavailable: 1,
      labels: { "app.kubernetes.io/part-of": "game-infra-logging" },
      startupProbe: { tcpSocket: { port: 9200 }, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 30 },
      readinessProbe: {
        tcpSocket: { port: 9200 },
        periodSeconds: 10,
        timeoutSeconds: 3,
        failureThreshold: 3,
      },
      livenessProbe: {
        tcpSocket: { port: 9300 },
        initialDelaySeconds: 60,
        periodSeconds: 20,
        timeoutSeconds: 5,
        failureThreshold: 6,
      },
      terminationGracePeriod: 120,
      rbac: { create: false, automountServiceAccountToken: false },
    });
    assert.equal(sharesPlacement(values), false);
    assert.notEqual(values.labels, shape.labels);
  });

  it("runs one node as a single-node cluster with soft anti-affinity, two or more as a hard-spread cluster", () => {
    const one = openSearchValues({ ...shape, nodes: 1 });
    assert.deepEqual([one.singleNode, one.replicas, one.antiAffinity], [true, 1, "soft"]);
    const two = openSearchValues({ ...shape, nodes: 2 });
    assert.deepEqual([two.singleNode, two.replicas, two.antiAffinity], [false, 2, "hard"]);
  });

  it("refuses a container too small for the JVM", () => {
    assert.throws(() => openSearchValues({ ...shape, requests: { cpuMillicores: 250, memoryMiB: 511 } }), {
      message: "a JVM container needs at least 512 MiB, got 511",
    });
  });
});

describe("Dashboards chart values", () => {
  it("serves the namespace's store from a read-only root, spread over nodes, with a CPU limit above the chart's 100m", () => {
    const values = dashboardsValues({
      namespace: "logging",
      replicas: 2,
      requests: { cpuMillicores: 100, memoryMiB: 768 },
      placement: PLACEMENT,
      labels: LABELS,
      credentialsSecret: "dashboards-credentials",
    });
    assert.deepEqual(values, {
      fullnameOverride: "opensearch-dashboards",
      replicaCount: 2,
      image: {
        repository: "opensearchproject/opensearch-dashboards",
        tag: "3.6.0",
        pullPolicy: "IfNotPresent",
      },
      opensearchHosts: "https://opensearch-cluster-master.logging.svc:9200",
      opensearchAccount: { secret: "dashboards-credentials", keyPassphrase: { enabled: false } },
      config: { "opensearch_dashboards.yml": dashboardsYml("logging") },
      serviceAccount: { create: true },
      rbac: { create: false },
      podSecurityContext: {
        runAsNonRoot: true,
        runAsUser: 1000,
        runAsGroup: 1000,
        fsGroup: 1000,
        seccompProfile: { type: "RuntimeDefault" },
      },
      securityContext: restrictedContainer(1000, true),
      resources: { requests: { cpu: "100m", memory: "768Mi" }, limits: { memory: "768Mi", cpu: "1000m" } },
      ...PLACED,
      affinity: {
        podAntiAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            {
              weight: 100,
              podAffinityTerm: {
                topologyKey: "kubernetes.io/hostname",
                labelSelector: { matchLabels: { "app.kubernetes.io/name": "opensearch-dashboards" } },
              },
            },
          ],
        },
      },
      extraVolumes: [
        { name: "data", emptyDir: { sizeLimit: "256Mi" } },
        { name: "tmp", emptyDir: { sizeLimit: "256Mi" } },
      ],
      extraVolumeMounts: [
        { name: "data", mountPath: "/usr/share/opensearch-dashboards/data" },
        { name: "tmp", mountPath: "/tmp" },
      ],
      readinessProbe: {
        tcpSocket: { port: 5601 },
        periodSeconds: 10,
        timeoutSeconds: 3,
        failureThreshold: 3,
      },
      livenessProbe: {
        tcpSocket: { port: 5601 },
        initialDelaySeconds: 30,
        periodSeconds: 20,
        timeoutSeconds: 5,
        failureThreshold: 6,
      },
      startupProbe: { tcpSocket: { port: 5601 }, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 30 },
      updateStrategy: { type: "RollingUpdate" },
      service: { type: "ClusterIP", port: 5601 },
      ingress: { enabled: false },
      labels: { "app.kubernetes.io/part-of": "game-infra-logging" },
    });
    assert.equal(sharesPlacement(values), false);
  });
});

describe("Logstash chart values", () => {
  it("runs a stateless consumer with its pipeline, credentials from the Secret and writable emptyDirs only", () => {
    const pipeline = {
      kafkaBootstrap: "logs-kafka-bootstrap.logging.svc:9092",
      topic: "logs",
      openSearchUrl: "https://opensearch-cluster-master.logging.svc:9200",
      consumerThreads: 1,
    };
    const values = logstashValues({
      replicas: 2,
      requests: { cpuMillicores: 250, memoryMiB: 1024 },
      placement: PLACEMENT,
      labels: LABELS,
      pipeline,
      credentialsSecret: "logstash-credentials",
    });
    assert.deepEqual(values, {
      replicas: 2,
      image: "opensearchproject/logstash-oss-with-opensearch-output-plugin",
      imageTag: "8.9.0",
      imagePullPolicy: "IfNotPresent",
      logstashJavaOpts: "-Xms512m -Xmx512m",
      resources: { requests: { cpu: "250m", memory: "1024Mi" }, limits: { memory: "1024Mi", cpu: "1000m" } },
      logstashConfig: { "logstash.yml": LOGSTASH_YML },
      logstashPipeline: { "logstash.conf": logstashPipeline(pipeline) },
      extraEnvs: [
        secretKey("OPENSEARCH_USERNAME", "logstash-credentials", "username"),
        secretKey("OPENSEARCH_PASSWORD", "logstash-credentials", "password"),
      ],
      persistence: { enabled: false },
      extraVolumes: [
        { name: "data", emptyDir: { sizeLimit: "1Gi" } },
        { name: "tmp", emptyDir: { sizeLimit: "256Mi" } },
      ],
      extraVolumeMounts: [
        { name: "data", mountPath: "/usr/share/logstash/data" },
        { name: "tmp", mountPath: "/tmp" },
      ],
      podSecurityContext: {
        runAsNonRoot: true,
        runAsUser: 1000,
        runAsGroup: 1000,
        fsGroup: 1000,
        seccompProfile: { type: "RuntimeDefault" },
      },
      securityContext: restrictedContainer(1000, true),
      ...PLACED,
      antiAffinity: "soft",
      httpPort: 9600,
      readinessProbe: {
        httpGet: { path: "/", port: "http" },
        initialDelaySeconds: 30,
        periodSeconds: 10,
        timeoutSeconds: 5,
        failureThreshold: 3,
        successThreshold: 1,
      },
      livenessProbe: {
        httpGet: { path: "/_node", port: "http" },
        initialDelaySeconds: 120,
        periodSeconds: 20,
        timeoutSeconds: 5,
        failureThreshold: 6,
      },
      maxUnavailable: 1,
      terminationGracePeriod: 60,
      labels: { "app.kubernetes.io/part-of": "game-infra-logging" },
      rbac: { create: false },
    });
    assert.equal(sharesPlacement(values), false);
  });
});

describe("Strimzi operator chart values", () => {
  it("runs one operator watching only its namespace, with restricted pods for everything it creates", () => {
    const values = strimziOperatorValues(PLACEMENT, LABELS);
    assert.deepEqual(values, {
      replicas: 1,
      watchAnyNamespace: false,
      watchNamespaces: [],
      defaultImageTag: "1.1.0",
      createGlobalResources: true,
      generateNetworkPolicy: true,
      resources: { requests: { cpu: "200m", memory: "384Mi" }, limits: { memory: "384Mi", cpu: "1000m" } },
      ...PLACED,
      podSecurityContext: {
        runAsNonRoot: true,
        runAsUser: 1001,
        runAsGroup: 1001,
        seccompProfile: { type: "RuntimeDefault" },
      },
      securityContext: restrictedContainer(1001, true),
      extraEnvs: [{ name: "STRIMZI_POD_SECURITY_PROVIDER_CLASS", value: "restricted" }],
      labels: { "app.kubernetes.io/part-of": "game-infra-logging" },
      logLevel: "INFO",
    });
    assert.equal(sharesPlacement(values), false);
    assert.notEqual(values.labels, LABELS);
  });
});

describe("collector chart values", () => {
  const base = {
    requests: { cpuMillicores: 50, memoryMiB: 64 },
    tolerations: TOLERATIONS,
    labels: LABELS,
    credentialsSecret: "collector-credentials",
  };
  const expected = (env: object[], output: Parameters<typeof fluentBitConfig>[0]) => ({
    kind: "DaemonSet",
    image: { repository: "cr.fluentbit.io/fluent/fluent-bit", tag: "4.1.1", pullPolicy: "IfNotPresent" },
    testFramework: { enabled: false },
    serviceAccount: { create: true },
    rbac: { create: true, nodeAccess: false },
    priorityClassName: "system-node-critical",
    podSecurityContext: {
      runAsNonRoot: true,
      runAsUser: 65532,
      runAsGroup: 0,
      seccompProfile: { type: "RuntimeDefault" },
    },
    securityContext: restrictedContainer(65532, true),
    hostNetwork: false,
    resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "128Mi" } },
    tolerations: PLACED.tolerations,
    nodeSelector: {},
    daemonSetVolumes: [{ name: "varlog", hostPath: { path: "/var/log", type: "Directory" } }],
    daemonSetVolumeMounts: [{ name: "varlog", mountPath: "/var/log", readOnly: true }],
    extraVolumes: [
      { name: "state", emptyDir: { sizeLimit: "64Mi" } },
      { name: "buffer", emptyDir: { sizeLimit: "1024Mi" } },
    ],
    extraVolumeMounts: [
      { name: "state", mountPath: "/fluent-bit/state" },
      { name: "buffer", mountPath: "/fluent-bit/buffer" },
    ],
    env,
    luaScripts: { "log_index.lua": LOG_INDEX_LUA },
    config: fluentBitConfig(output),
    livenessProbe: { httpGet: { path: "/", port: "http" }, periodSeconds: 20, failureThreshold: 6 },
    readinessProbe: {
      httpGet: { path: "/api/v1/health", port: "http" },
      periodSeconds: 10,
      failureThreshold: 3,
    },
    labels: { "app.kubernetes.io/part-of": "game-infra-logging" },
    podLabels: { "app.kubernetes.io/part-of": "game-infra-logging" },
    metricsPort: 2020,
    updateStrategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: "20%" } },
  });

  it("runs on every node as a non-root DaemonSet with /var/log read-only and OpenSearch credentials from the Secret", () => {
    const output = { kind: "opensearch", host: "opensearch-cluster-master.logging.svc", port: 9200 } as const;
    const values = collectorValues({ ...base, output });
    assert.deepEqual(
      values,
      expected(
        [
          secretKey("OPENSEARCH_USERNAME", "collector-credentials", "username"),
          secretKey("OPENSEARCH_PASSWORD", "collector-credentials", "password"),
        ],
        output,
      ),
    );
    assert.equal(values.config.outputs.split("\n")[1], "    Name                      opensearch");
    assert.ok(values.tolerations.every((t, i) => t !== TOLERATIONS[i]));
    assert.notEqual(values.podLabels, values.labels);
  });

  it("gets no credentials when it writes to the Kafka buffer", () => {
    const output = {
      kind: "kafka",
      brokers: "logs-kafka-bootstrap.logging.svc:9092",
      topic: "logs",
    } as const;
    const values = collectorValues({ ...base, output });
    assert.deepEqual(values, expected([], output));
    assert.equal(values.config.outputs.split("\n")[1], "    Name                          kafka");
  });
});
