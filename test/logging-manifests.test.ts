/**
 * The Kubernetes objects the logging pipeline declares itself, compared whole with literal
 * manifests: the `logging` namespace's NetworkPolicies, the retention Job, the Dashboards Ingress and
 * the Strimzi custom resources of the Kafka buffer (node pool, cluster, topic), with the replication
 * and retention arithmetic behind them at its boundaries. Fast: plain lib/logging imports only, so
 * `npm run mutate` runs it per mutant (lib list).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Toleration } from "../lib/grace";
import {
  DASHBOARDS_CIDR_LIMIT_REASON,
  DASHBOARDS_SECRET_KEYS,
  DASHBOARDS_SERVER_USER,
  MAX_DASHBOARDS_CIDRS,
  dashboardsHost,
  dashboardsIngress,
} from "../lib/logging/dashboards";
import {
  KAFKA_DISK_SHARE,
  LOGS_SEGMENT_BYTES,
  kafkaBootstrapAddress,
  kafkaClusterManifest,
  kafkaNodePoolManifest,
  kafkaReplication,
  logsTopicManifest,
  strimziPodTemplate,
  topicRetentionBytes,
  type KafkaBufferShape,
} from "../lib/logging/kafka";
import { DASHBOARDS_POD_SELECTOR, loggingNetworkPolicies } from "../lib/logging/network-policies";
import { OPENSEARCH_SERVICE, OPENSEARCH_USERS, openSearchUrl } from "../lib/logging/opensearch";
import { retentionJobManifest } from "../lib/logging/retention-job";

const TOLERATIONS: Toleration[] = [
  { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute", tolerationSeconds: 80 },
  { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 80 },
];
const PLACEMENT = { nodeSelector: { "game-infra/pool": "system" }, tolerations: TOLERATIONS };

describe("logging namespace NetworkPolicies", () => {
  it("denies ingress by default, admits the namespace's own pods, and Dashboards' port from the VPC only", () => {
    const labels = { "app.kubernetes.io/name": "logging", "app.kubernetes.io/component": "network-policy" };
    const policies = loggingNetworkPolicies("logging", "10.20.0.0/16", labels);
    const metadata = (name: string) => ({
      name,
      namespace: "logging",
      labels: { "app.kubernetes.io/name": "logging", "app.kubernetes.io/component": "network-policy" },
    });
    assert.deepEqual(policies, {
      "default-deny-ingress": {
        metadata: metadata("default-deny-ingress"),
        spec: { podSelector: {}, policyTypes: ["Ingress"] },
      },
      "allow-same-namespace": {
        metadata: metadata("allow-same-namespace"),
        spec: { podSelector: {}, policyTypes: ["Ingress"], ingress: [{ from: [{ podSelector: {} }] }] },
      },
      "allow-dashboards-from-load-balancer": {
        metadata: metadata("allow-dashboards-from-load-balancer"),
        spec: {
          podSelector: { matchLabels: { "app.kubernetes.io/name": "opensearch-dashboards" } },
          policyTypes: ["Ingress"],
          ingress: [
            { from: [{ ipBlock: { cidr: "10.20.0.0/16" } }], ports: [{ protocol: "TCP", port: 5601 }] },
          ],
        },
      },
    });
    // Each policy gets its own copy of the labels, never the caller's object.
    for (const policy of Object.values(policies)) {
      assert.notEqual((policy.metadata as { labels: object }).labels, labels);
    }
    assert.deepEqual(DASHBOARDS_POD_SELECTOR, { "app.kubernetes.io/name": "opensearch-dashboards" });
  });
});

describe("retention Job", () => {
  it("runs the ConfigMap's script once as curl's non-root user with the admin credentials from the Secret", () => {
    const labels = { "app.kubernetes.io/name": "log-retention" };
    const job = retentionJobManifest({
      namespace: "logging",
      configMapName: "log-retention-config",
      configHash: "0123abcd",
      openSearchUrl: "https://opensearch-cluster-master.logging.svc:9200",
      credentialsSecret: "opensearch-admin",
      placement: PLACEMENT,
      labels,
    });
    assert.deepEqual(job, {
      metadata: { namespace: "logging", labels: { "app.kubernetes.io/name": "log-retention" } },
      spec: {
        backoffLimit: 6,
        activeDeadlineSeconds: 1800,
        template: {
          metadata: {
            labels: { "app.kubernetes.io/name": "log-retention" },
            annotations: { "game-infra/retention-config-sha256": "0123abcd" },
          },
          spec: {
            restartPolicy: "Never",
            automountServiceAccountToken: false,
            securityContext: {
              runAsNonRoot: true,
              runAsUser: 100,
              runAsGroup: 101,
              seccompProfile: { type: "RuntimeDefault" },
            },
            nodeSelector: { "game-infra/pool": "system" },
            tolerations: [
              {
                key: "node.kubernetes.io/not-ready",
                operator: "Exists",
                effect: "NoExecute",
                tolerationSeconds: 80,
              },
              {
                key: "node.kubernetes.io/unreachable",
                operator: "Exists",
                effect: "NoExecute",
                tolerationSeconds: 80,
              },
            ],
            containers: [
              {
                name: "retention",
                image: "curlimages/curl:8.16.0",
                imagePullPolicy: "IfNotPresent",
                command: ["/bin/sh", "/config/apply.sh"],
                env: [
                  { name: "OPENSEARCH_URL", value: "https://opensearch-cluster-master.logging.svc:9200" },
                  {
                    name: "OPENSEARCH_USERNAME",
                    valueFrom: { secretKeyRef: { name: "opensearch-admin", key: "username" } },
                  },
                  {
                    name: "OPENSEARCH_PASSWORD",
                    valueFrom: { secretKeyRef: { name: "opensearch-admin", key: "password" } },
                  },
                ],
                resources: { requests: { cpu: "10m", memory: "32Mi" }, limits: { memory: "32Mi" } },
                securityContext: {
                  allowPrivilegeEscalation: false,
                  capabilities: { drop: ["ALL"] },
                  privileged: false,
                  readOnlyRootFilesystem: true,
                  runAsNonRoot: true,
                  runAsUser: 100,
                  seccompProfile: { type: "RuntimeDefault" },
                },
                volumeMounts: [
                  { name: "config", mountPath: "/config", readOnly: true },
                  { name: "tmp", mountPath: "/tmp" },
                ],
              },
            ],
            volumes: [
              { name: "config", configMap: { name: "log-retention-config" } },
              { name: "tmp", emptyDir: { sizeLimit: "16Mi" } },
            ],
          },
        },
      },
    });
    const spec = (job.spec as { template: { spec: { tolerations: object[]; nodeSelector: object } } })
      .template.spec;
    assert.ok(spec.tolerations.every((t, i) => t !== TOLERATIONS[i]));
    assert.notEqual(spec.nodeSelector, PLACEMENT.nodeSelector);
    assert.notEqual((job.metadata as { labels: object }).labels, labels);
  });
});

describe("Dashboards Ingress", () => {
  it("puts logs.<domain> on the stack's shared ALB over HTTPS, with a source-IP condition on its own rule", () => {
    const labels = { "app.kubernetes.io/name": "opensearch-dashboards" };
    const ingress = dashboardsIngress({
      namespace: "logging",
      domain: "dev.game.example.com",
      ingressGroup: "game-infra-dev",
      certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/abc",
      allowedCidrs: ["203.0.113.0/24", "198.51.100.7/32"],
      labels,
    });
    assert.deepEqual(ingress, {
      metadata: {
        name: "opensearch-dashboards",
        namespace: "logging",
        labels: { "app.kubernetes.io/name": "opensearch-dashboards" },
        annotations: {
          "alb.ingress.kubernetes.io/group.name": "game-infra-dev",
          "alb.ingress.kubernetes.io/scheme": "internet-facing",
          "alb.ingress.kubernetes.io/target-type": "ip",
          "alb.ingress.kubernetes.io/listen-ports": '[{"HTTPS":443}]',
          "alb.ingress.kubernetes.io/certificate-arn": "arn:aws:acm:eu-west-1:123456789012:certificate/abc",
          "alb.ingress.kubernetes.io/backend-protocol": "HTTP",
          "alb.ingress.kubernetes.io/healthcheck-path": "/app/login",
          "alb.ingress.kubernetes.io/success-codes": "200",
          "alb.ingress.kubernetes.io/conditions.opensearch-dashboards":
            '[{"field":"source-ip","sourceIpConfig":{"values":["203.0.113.0/24","198.51.100.7/32"]}}]',
        },
      },
      spec: {
        ingressClassName: "alb",
        tls: [{ hosts: ["logs.dev.game.example.com"] }],
        rules: [
          {
            host: "logs.dev.game.example.com",
            http: {
              paths: [
                {
                  path: "/",
                  pathType: "Prefix",
                  backend: { service: { name: "opensearch-dashboards", port: { number: 5601 } } },
                },
              ],
            },
          },
        ],
      },
    });
    assert.notEqual((ingress.metadata as { labels: object }).labels, labels);
  });

  it("fits three CIDRs beside the rule's host and path values, and says why", () => {
    assert.equal(MAX_DASHBOARDS_CIDRS, 3);
    assert.equal(
      DASHBOARDS_CIDR_LIMIT_REASON,
      "one ALB listener rule holds at most 5 condition values (3 in one condition), and this rule's host and path take 2",
    );
    assert.equal(dashboardsHost("stage.example.org"), "logs.stage.example.org");
  });

  it("names the Dashboards server user the image's role mapping expects, and the Secret keys the chart reads", () => {
    assert.equal(DASHBOARDS_SERVER_USER, "kibanaserver");
    assert.deepEqual(OPENSEARCH_USERS, { admin: "admin", dashboards: "kibanaserver" });
    assert.deepEqual(DASHBOARDS_SECRET_KEYS, {
      username: "username",
      password: "password",
      cookie: "cookie",
    });
    assert.equal(OPENSEARCH_SERVICE, "opensearch-cluster-master");
    assert.equal(openSearchUrl("logs-ns"), "https://opensearch-cluster-master.logs-ns.svc:9200");
  });
});

describe("Kafka buffer arithmetic", () => {
  it("replicates up to three ways and needs all but one replica (at least one) for a write", () => {
    assert.deepEqual(kafkaReplication(1), { replicationFactor: 1, minInSyncReplicas: 1 });
    assert.deepEqual(kafkaReplication(2), { replicationFactor: 2, minInSyncReplicas: 1 });
    assert.deepEqual(kafkaReplication(3), { replicationFactor: 3, minInSyncReplicas: 2 });
    assert.deepEqual(kafkaReplication(5), { replicationFactor: 3, minInSyncReplicas: 2 });
  });

  it("refuses fewer than one node, or a fractional count, naming the count", () => {
    assert.throws(() => kafkaReplication(0), {
      name: "RangeError",
      message: "Kafka needs at least one node, got 0",
    });
    assert.throws(() => kafkaReplication(-3), { message: "Kafka needs at least one node, got -3" });
    assert.throws(() => kafkaReplication(1.5), { message: "Kafka needs at least one node, got 1.5" });
  });

  it("caps each partition's bytes at 60 % of a broker's disk over the partition replicas it holds, rounded up", () => {
    assert.equal(KAFKA_DISK_SHARE, 0.6);
    // 3 partitions x 3 replicas on 3 brokers: 3 per broker; 30 GiB x 0.6 / 3.
    assert.equal(topicRetentionBytes(30, 3), 6442450944);
    // One broker holds all 3 partitions (one replica each): 10 GiB x 0.6 / 3.
    assert.equal(topicRetentionBytes(10, 1), 2147483648);
    // 3 x 3 replicas on 5 brokers: at most 2 on one broker (9 / 5 rounded up).
    assert.equal(topicRetentionBytes(30, 5), 9663676416);
    // 6 partitions x 3 replicas on 3 brokers: 6 each.
    assert.equal(topicRetentionBytes(30, 3, 6), 3221225472);
    assert.throws(() => topicRetentionBytes(30, 0), RangeError);
  });

  it("reaches the cluster through its bootstrap Service in the namespace", () => {
    assert.equal(kafkaBootstrapAddress("logging"), "logs-kafka-bootstrap.logging.svc:9092");
    assert.equal(kafkaBootstrapAddress("logging", "other"), "other-kafka-bootstrap.logging.svc:9092");
    assert.equal(LOGS_SEGMENT_BYTES, 134217728);
  });
});

describe("Kafka buffer custom resources", () => {
  const shape: KafkaBufferShape = {
    namespace: "logging",
    nodes: 3,
    storageGiB: 30,
    storageClass: "gp3-encrypted",
    requests: { cpuMillicores: 200, memoryMiB: 2048 },
    retentionHours: 24,
    placement: {
      nodeSelector: { "game-infra/pool": "system", "karpenter.sh/capacity-type": "on-demand" },
      tolerations: TOLERATIONS,
    },
    labels: { "app.kubernetes.io/component": "log-buffer" },
    topicOperatorRequests: { cpuMillicores: 100, memoryMiB: 256 },
  };
  const podTemplate = (spreadBy: Record<string, string>) => ({
    metadata: { labels: { "app.kubernetes.io/component": "log-buffer" } },
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            {
              matchExpressions: [
                { key: "game-infra/pool", operator: "In", values: ["system"] },
                { key: "karpenter.sh/capacity-type", operator: "In", values: ["on-demand"] },
              ],
            },
          ],
        },
      },
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          {
            weight: 100,
            podAffinityTerm: {
              topologyKey: "kubernetes.io/hostname",
              labelSelector: { matchLabels: spreadBy },
            },
          },
        ],
      },
    },
    tolerations: [
      { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute", tolerationSeconds: 80 },
      {
        key: "node.kubernetes.io/unreachable",
        operator: "Exists",
        effect: "NoExecute",
        tolerationSeconds: 80,
      },
    ],
  });

  it("declares one pool of dual-role KRaft nodes on retained volumes, placed on the system pool by node affinity", () => {
    assert.deepEqual(kafkaNodePoolManifest(shape), {
      apiVersion: "kafka.strimzi.io/v1",
      kind: "KafkaNodePool",
      metadata: {
        name: "brokers",
        namespace: "logging",
        labels: { "strimzi.io/cluster": "logs", "app.kubernetes.io/component": "log-buffer" },
      },
      spec: {
        replicas: 3,
        roles: ["controller", "broker"],
        storage: {
          type: "jbod",
          volumes: [
            {
              id: 0,
              type: "persistent-claim",
              size: "30Gi",
              class: "gp3-encrypted",
              deleteClaim: false,
              kraftMetadata: "shared",
            },
          ],
        },
        resources: { requests: { cpu: "200m", memory: "2048Mi" }, limits: { memory: "2048Mi" } },
        jvmOptions: { "-Xms": "1024m", "-Xmx": "1024m" },
        template: { pod: podTemplate({ "strimzi.io/cluster": "logs", "strimzi.io/pool-name": "brokers" }) },
      },
    });
  });

  it("declares the cluster with one plain internal listener, no auto-created topics and replication for three nodes", () => {
    assert.deepEqual(kafkaClusterManifest(shape), {
      apiVersion: "kafka.strimzi.io/v1",
      kind: "Kafka",
      metadata: {
        name: "logs",
        namespace: "logging",
        labels: { "app.kubernetes.io/component": "log-buffer" },
      },
      spec: {
        kafka: {
          version: "4.3.0",
          metadataVersion: "4.3-IV0",
          listeners: [{ name: "plain", port: 9092, type: "internal", tls: false }],
          config: {
            "offsets.topic.replication.factor": 3,
            "transaction.state.log.replication.factor": 3,
            "transaction.state.log.min.isr": 2,
            "default.replication.factor": 3,
            "min.insync.replicas": 2,
            "auto.create.topics.enable": false,
          },
        },
        entityOperator: {
          topicOperator: {
            watchedNamespace: "logging",
            resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { memory: "256Mi" } },
          },
          template: { pod: podTemplate({ "strimzi.io/name": "logs-entity-operator" }) },
        },
      },
    });
  });

  it("declares the logs topic kept for the buffer's hours or until its share of the disk is used", () => {
    assert.deepEqual(logsTopicManifest(shape), {
      apiVersion: "kafka.strimzi.io/v1",
      kind: "KafkaTopic",
      metadata: {
        name: "logs",
        namespace: "logging",
        labels: { "strimzi.io/cluster": "logs", "app.kubernetes.io/component": "log-buffer" },
      },
      spec: {
        partitions: 3,
        replicas: 3,
        config: {
          "retention.ms": 86400000,
          "retention.bytes": 6442450944,
          "segment.bytes": 134217728,
          "cleanup.policy": "delete",
          "min.insync.replicas": 2,
        },
      },
    });
  });

  it("sizes a one-node buffer's replication, topic and cluster settings for one node", () => {
    const one = { ...shape, nodes: 1, storageGiB: 10, retentionHours: 6 };
    assert.deepEqual(logsTopicManifest(one).spec, {
      partitions: 3,
      replicas: 1,
      config: {
        "retention.ms": 21600000,
        "retention.bytes": 2147483648,
        "segment.bytes": 134217728,
        "cleanup.policy": "delete",
        "min.insync.replicas": 1,
      },
    });
    assert.deepEqual(kafkaClusterManifest(one).spec.kafka.config, {
      "offsets.topic.replication.factor": 1,
      "transaction.state.log.replication.factor": 1,
      "transaction.state.log.min.isr": 1,
      "default.replication.factor": 1,
      "min.insync.replicas": 1,
      "auto.create.topics.enable": false,
    });
    assert.equal(kafkaNodePoolManifest(one).spec.replicas, 1);
  });

  it("copies placement and labels into each pod template instead of sharing the caller's objects", () => {
    const labels = { a: "b" };
    const spreadBy = { c: "d" };
    const template = strimziPodTemplate(shape.placement, labels, spreadBy);
    assert.notEqual(template.metadata.labels, labels);
    assert.notEqual(
      template.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0]!.podAffinityTerm
        .labelSelector.matchLabels,
      spreadBy,
    );
    assert.ok(template.tolerations.every((t, i) => t !== TOLERATIONS[i]));
    assert.deepEqual(template.tolerations, TOLERATIONS);
  });
});
