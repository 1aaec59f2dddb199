import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { LOGSTASH_CHART, STRIMZI_CHART } from "../lib/logging/charts";
import {
  LOGS_TOPIC,
  LOGS_TOPIC_PARTITIONS,
  kafkaBootstrapAddress,
  kafkaClusterManifest,
  kafkaNodePoolManifest,
  logsTopicManifest,
  type KafkaBufferShape,
} from "../lib/logging/kafka";
import { LOGSTASH_RELEASE, logstashValues } from "../lib/logging/logstash-values";
import { openSearchUrl } from "../lib/logging/opensearch";
import { CHART_LABELS, type Placement } from "../lib/logging/pod-defaults";
import { MIN_JVM_MEMORY_MIB, TOPIC_OPERATOR_REQUESTS, type PartRequests } from "../lib/logging/resources";
import { strimziResourceProblems } from "../lib/logging/strimzi-schema";
import { STRIMZI_RELEASE, strimziOperatorValues } from "../lib/logging/strimzi-operator";
import { assertValidArgs, type ArgProblem } from "../lib/validation";
import { pinnedRelease } from "./pinned-release";

/** Arguments of {@link LogBuffer}. */
export interface LogBufferArgs {
  readonly provider: k8s.Provider;
  readonly namespaceName: string;
  /** Kafka nodes (each controller and broker): 1, 3 or 5. */
  readonly kafkaNodes: number;
  readonly storageGiB: number;
  /** @default "gp3" */
  readonly storageClass?: string;
  /** How long the `logs` topic keeps records. */
  readonly retentionHours: number;
  readonly kafkaRequests: PartRequests;
  readonly logstashReplicas: number;
  readonly logstashRequests: PartRequests;
  readonly placement: Placement;
  /** Name of the Secret with the OpenSearch `username` and `password` (for Logstash). */
  readonly credentialsSecret: string;
  /** The store Logstash writes to; Logstash waits for it. */
  readonly store: pulumi.Resource;
  /** @default [] */
  readonly dependsOn?: pulumi.Input<pulumi.Resource>[];
}

/** The custom resources' shape for `args`. */
function bufferShape(args: LogBufferArgs): KafkaBufferShape {
  return {
    namespace: args.namespaceName,
    nodes: args.kafkaNodes,
    storageGiB: args.storageGiB,
    storageClass: args.storageClass ?? "gp3",
    requests: args.kafkaRequests,
    retentionHours: args.retentionHours,
    placement: args.placement,
    labels: { "app.kubernetes.io/component": "log-buffer" },
    topicOperatorRequests: TOPIC_OPERATOR_REQUESTS,
  };
}

/** Checks LogBuffer's arguments, including each custom resource against the Strimzi CRD schema. */
export function validateLogBufferArgs(args: LogBufferArgs): ArgProblem[] {
  const problems: ArgProblem[] = [];
  if (![1, 3, 5].includes(args.kafkaNodes)) {
    problems.push({ propertyPath: "kafkaNodes", reason: `must be 1, 3 or 5, got ${args.kafkaNodes}` });
    return problems;
  }
  if (!Number.isInteger(args.retentionHours) || args.retentionHours < 1) {
    problems.push({
      propertyPath: "retentionHours",
      reason: `must be a whole number of hours, 1 or more, got ${args.retentionHours}`,
    });
  }
  if (args.logstashReplicas < 1 || args.logstashReplicas > LOGS_TOPIC_PARTITIONS) {
    problems.push({
      propertyPath: "logstashReplicas",
      reason: `must be 1 to ${LOGS_TOPIC_PARTITIONS} (the topic's partitions; more consumers would idle)`,
    });
  }
  for (const [path, requests] of [
    ["kafkaRequests", args.kafkaRequests],
    ["logstashRequests", args.logstashRequests],
  ] as const) {
    if (!Number.isInteger(requests.memoryMiB) || requests.memoryMiB < MIN_JVM_MEMORY_MIB) {
      problems.push({
        propertyPath: `${path}.memoryMiB`,
        reason: `must be a whole number, at least ${MIN_JVM_MEMORY_MIB} (half of it is the JVM heap)`,
      });
    }
  }
  if (problems.length > 0) return problems;
  // The builders are tested; this catches anything they would send that the CRDs reject.
  const shape = bufferShape(args);
  for (const manifest of [
    kafkaNodePoolManifest(shape),
    kafkaClusterManifest(shape),
    logsTopicManifest(shape),
  ]) {
    for (const problem of strimziResourceProblems(manifest)) {
      problems.push({ propertyPath: manifest.kind, reason: problem });
    }
  }
  return problems;
}

/**
 * The Kafka buffer: the Strimzi operator from its pinned chart, a KRaft Kafka cluster and the
 * `logs` topic as Strimzi custom resources, and Logstash consuming the topic into OpenSearch.
 */
export class LogBuffer extends pulumi.ComponentResource {
  /** `host:port` of the Kafka bootstrap service. */
  readonly bootstrap: string;
  /** The topic the collector writes to. */
  readonly topic: string;
  /** The topic resource; the collector waits for it. */
  readonly topicResource: k8s.apiextensions.CustomResource;

  constructor(name: string, args: LogBufferArgs, opts?: pulumi.ComponentResourceOptions) {
    super("game:index:LogBuffer", name, {}, opts);
    assertValidArgs("LogBuffer", name, validateLogBufferArgs(args));
    const k8sOpts = { parent: this, provider: args.provider };
    const shape = bufferShape(args);

    const operator = pinnedRelease(
      `${name}-strimzi`,
      STRIMZI_RELEASE,
      STRIMZI_CHART,
      args.namespaceName,
      strimziOperatorValues(args.placement, CHART_LABELS),
      { ...k8sOpts, dependsOn: args.dependsOn ?? [] },
    );
    // The chart installs the CRDs these resources need; without it the API server rejects them.
    const afterOperator = { ...k8sOpts, dependsOn: [operator] };
    const nodePool = new k8s.apiextensions.CustomResource(`${name}-node-pool`, kafkaNodePoolManifest(shape), {
      ...afterOperator,
      retainOnDelete: true,
    });
    const cluster = new k8s.apiextensions.CustomResource(`${name}-kafka`, kafkaClusterManifest(shape), {
      ...k8sOpts,
      dependsOn: [operator, nodePool],
      retainOnDelete: true,
    });
    this.topicResource = new k8s.apiextensions.CustomResource(`${name}-topic`, logsTopicManifest(shape), {
      ...k8sOpts,
      dependsOn: [operator, cluster],
    });

    this.bootstrap = kafkaBootstrapAddress(args.namespaceName);
    this.topic = LOGS_TOPIC;
    pinnedRelease(
      `${name}-logstash`,
      LOGSTASH_RELEASE,
      LOGSTASH_CHART,
      args.namespaceName,
      logstashValues({
        replicas: args.logstashReplicas,
        requests: args.logstashRequests,
        placement: args.placement,
        labels: CHART_LABELS,
        credentialsSecret: args.credentialsSecret,
        pipeline: {
          kafkaBootstrap: this.bootstrap,
          topic: LOGS_TOPIC,
          openSearchUrl: openSearchUrl(args.namespaceName),
          consumerThreads: Math.max(1, Math.floor(LOGS_TOPIC_PARTITIONS / args.logstashReplicas)),
        },
      }),
      { ...k8sOpts, dependsOn: [this.topicResource, args.store] },
    );

    this.registerOutputs({ bootstrap: this.bootstrap, topic: this.topic });
  }
}
