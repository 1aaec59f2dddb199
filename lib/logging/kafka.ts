/**
 * The Kafka buffer as Strimzi custom resources: one KRaft node pool whose nodes are both controller
 * and broker (a log buffer does not need separate controllers), the Kafka cluster with a plain
 * in-namespace listener, and the `logs` topic with a time and size retention that fits the disks.
 */
import type { Toleration } from "../grace";
import { KAFKA_VERSION } from "./charts";
import { containerResources, jvmHeapOption, type PartRequests } from "./resources";
import { STRIMZI_API_VERSION, STRIMZI_CLUSTER_LABEL } from "./strimzi-schema";

/** The Kafka cluster's name; Strimzi derives service names from it. */
export const KAFKA_CLUSTER_NAME = "logs";
/** The node pool's name; pods are `<cluster>-<pool>-<id>`. */
export const KAFKA_NODE_POOL_NAME = "brokers";
/** The topic the collector writes and Logstash reads. */
export const LOGS_TOPIC = "logs";
/** Partitions of the `logs` topic: the ceiling on parallel consumers. */
export const LOGS_TOPIC_PARTITIONS = 3;
/** The plain listener's port (traffic stays inside the `logging` namespace; see the NetworkPolicy). */
export const KAFKA_PLAIN_PORT = 9092;
/** Segment size of the `logs` topic; retention deletes whole segments. */
export const LOGS_SEGMENT_BYTES = 128 * 1024 * 1024;
/** Share of a broker's disk the topic may fill, leaving room for the active segments and metadata. */
export const KAFKA_DISK_SHARE = 0.6;

/** `host:port` of the bootstrap service clients connect to. */
export function kafkaBootstrapAddress(namespace: string, cluster: string = KAFKA_CLUSTER_NAME): string {
  return `${cluster}-kafka-bootstrap.${namespace}.svc:${KAFKA_PLAIN_PORT}`;
}

/** Replication for `nodes` brokers: three copies where there are three, and a write needs all but one. */
export function kafkaReplication(nodes: number): { replicationFactor: number; minInSyncReplicas: number } {
  if (!Number.isInteger(nodes) || nodes < 1)
    throw new RangeError(`Kafka needs at least one node, got ${nodes}`);
  const replicationFactor = Math.min(3, nodes);
  return { replicationFactor, minInSyncReplicas: Math.max(1, replicationFactor - 1) };
}

/**
 * `retention.bytes` per partition so that a broker's share of the topic stays within
 * {@link KAFKA_DISK_SHARE} of its disk: each broker holds `partitions x replicas / nodes` replicas.
 */
export function topicRetentionBytes(
  storageGiB: number,
  nodes: number,
  partitions: number = LOGS_TOPIC_PARTITIONS,
): number {
  const { replicationFactor } = kafkaReplication(nodes);
  const replicasPerBroker = Math.ceil((partitions * replicationFactor) / nodes);
  return Math.floor((storageGiB * 1024 ** 3 * KAFKA_DISK_SHARE) / replicasPerBroker);
}

/** Where Strimzi-managed pods go: Strimzi's pod template has no nodeSelector, so it is node affinity. */
export interface StrimziPlacement {
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly tolerations: readonly Toleration[];
}

/** Strimzi `template.pod` for pods that must land on the system pool, spread across nodes. */
export function strimziPodTemplate(
  placement: StrimziPlacement,
  labels: Readonly<Record<string, string>>,
  spreadBy: Readonly<Record<string, string>>,
) {
  return {
    metadata: { labels: { ...labels } },
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            {
              matchExpressions: Object.entries(placement.nodeSelector).map(([key, value]) => ({
                key,
                operator: "In",
                values: [value],
              })),
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
              labelSelector: { matchLabels: { ...spreadBy } },
            },
          },
        ],
      },
    },
    tolerations: placement.tolerations.map((t) => ({ ...t })),
  };
}

/** What the buffer's custom resources are built from. */
export interface KafkaBufferShape {
  readonly namespace: string;
  readonly nodes: number;
  readonly storageGiB: number;
  readonly storageClass: string;
  readonly requests: PartRequests;
  readonly retentionHours: number;
  readonly placement: StrimziPlacement;
  /** `app.kubernetes.io/*` labels for the pods. */
  readonly labels: Readonly<Record<string, string>>;
  /** Requests of the topic operator container. */
  readonly topicOperatorRequests: PartRequests;
}

/** The KafkaNodePool: `nodes` dual-role KRaft nodes on encrypted gp3 volumes that outlive the pods. */
export function kafkaNodePoolManifest(shape: KafkaBufferShape) {
  return {
    apiVersion: STRIMZI_API_VERSION,
    kind: "KafkaNodePool",
    metadata: {
      name: KAFKA_NODE_POOL_NAME,
      namespace: shape.namespace,
      labels: { [STRIMZI_CLUSTER_LABEL]: KAFKA_CLUSTER_NAME, ...shape.labels },
    },
    spec: {
      replicas: shape.nodes,
      roles: ["controller", "broker"],
      storage: {
        type: "jbod",
        volumes: [
          {
            id: 0,
            type: "persistent-claim",
            size: `${shape.storageGiB}Gi`,
            class: shape.storageClass,
            deleteClaim: false,
            kraftMetadata: "shared",
          },
        ],
      },
      resources: containerResources(shape.requests),
      jvmOptions: {
        "-Xms": jvmHeapOption(shape.requests.memoryMiB),
        "-Xmx": jvmHeapOption(shape.requests.memoryMiB),
      },
      template: {
        pod: strimziPodTemplate(shape.placement, shape.labels, {
          [STRIMZI_CLUSTER_LABEL]: KAFKA_CLUSTER_NAME,
          "strimzi.io/pool-name": KAFKA_NODE_POOL_NAME,
        }),
      },
    },
  };
}

/** The Kafka cluster: KRaft only, one plain internal listener, replication sized to the node count. */
export function kafkaClusterManifest(shape: KafkaBufferShape) {
  const { replicationFactor, minInSyncReplicas } = kafkaReplication(shape.nodes);
  return {
    apiVersion: STRIMZI_API_VERSION,
    kind: "Kafka",
    metadata: { name: KAFKA_CLUSTER_NAME, namespace: shape.namespace, labels: { ...shape.labels } },
    spec: {
      kafka: {
        version: KAFKA_VERSION.version,
        metadataVersion: KAFKA_VERSION.metadataVersion,
        listeners: [{ name: "plain", port: KAFKA_PLAIN_PORT, type: "internal", tls: false }],
        config: {
          "offsets.topic.replication.factor": replicationFactor,
          "transaction.state.log.replication.factor": replicationFactor,
          "transaction.state.log.min.isr": minInSyncReplicas,
          "default.replication.factor": replicationFactor,
          "min.insync.replicas": minInSyncReplicas,
          // Topics exist because they are declared (KafkaTopic), never because a client typo'd one.
          "auto.create.topics.enable": false,
        },
      },
      entityOperator: {
        topicOperator: {
          watchedNamespace: shape.namespace,
          resources: containerResources(shape.topicOperatorRequests),
        },
        template: {
          pod: strimziPodTemplate(shape.placement, shape.labels, {
            "strimzi.io/name": `${KAFKA_CLUSTER_NAME}-entity-operator`,
          }),
        },
      },
    },
  };
}

/** The `logs` topic: kept `retentionHours`, or until a broker's share of the disk is used. */
export function logsTopicManifest(shape: KafkaBufferShape) {
  const { replicationFactor, minInSyncReplicas } = kafkaReplication(shape.nodes);
  return {
    apiVersion: STRIMZI_API_VERSION,
    kind: "KafkaTopic",
    metadata: {
      name: LOGS_TOPIC,
      namespace: shape.namespace,
      labels: { [STRIMZI_CLUSTER_LABEL]: KAFKA_CLUSTER_NAME, ...shape.labels },
    },
    spec: {
      partitions: LOGS_TOPIC_PARTITIONS,
      replicas: replicationFactor,
      config: {
        "retention.ms": shape.retentionHours * 3600 * 1000,
        "retention.bytes": topicRetentionBytes(shape.storageGiB, shape.nodes),
        "segment.bytes": LOGS_SEGMENT_BYTES,
        "cleanup.policy": "delete",
        "min.insync.replicas": minInSyncReplicas,
      },
    },
  };
}
