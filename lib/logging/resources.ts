/**
 * What each part of the logging pipeline asks the scheduler for, and how requests turn into the
 * container resources and JVM heaps the charts get. Values are whole millicores and MiB so the
 * node-cost sums stay exact.
 */

/** The requests of one replica of a part. */
export interface PartRequests {
  readonly cpuMillicores: number;
  readonly memoryMiB: number;
}

/** Parts whose requests a stack can override (`logging.requests.<part>`). */
export const CONFIGURABLE_PARTS = ["collector", "openSearch", "dashboards", "kafka", "logstash"] as const;
/** One of {@link CONFIGURABLE_PARTS}. */
export type ConfigurablePart = (typeof CONFIGURABLE_PARTS)[number];

/** Requests per configurable part. */
export type LoggingRequests = Readonly<Record<ConfigurablePart, PartRequests>>;

/** The Strimzi cluster operator (chart default requests, which are also its memory limit). */
export const KAFKA_OPERATOR_REQUESTS: PartRequests = { cpuMillicores: 200, memoryMiB: 384 };

/** The Strimzi topic operator (the only entity operator this program runs). */
export const TOPIC_OPERATOR_REQUESTS: PartRequests = { cpuMillicores: 100, memoryMiB: 256 };

/** The retention Job: runs for seconds after a change, so it is not part of the steady-state cost. */
export const RETENTION_JOB_REQUESTS: PartRequests = { cpuMillicores: 10, memoryMiB: 32 };

/** Container resources in the Kubernetes shape. */
export interface ContainerResources {
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits: { readonly memory: string; readonly cpu?: string };
}

/**
 * Requests, and a memory limit of `memoryLimitFactor` times the request. No CPU limit by default:
 * throttling a log shipper or a search node only makes it fall behind, and requests already reserve
 * its share. `cpuLimitMillicores` is for charts whose defaults set a CPU limit: Helm merges our
 * `resources` into theirs, so an unset one would silently keep the chart's (100m for Dashboards).
 */
export function containerResources(
  requests: PartRequests,
  memoryLimitFactor = 1,
  cpuLimitMillicores?: number,
): ContainerResources {
  if (!(memoryLimitFactor >= 1)) {
    throw new RangeError(`the memory limit factor must be 1 or more, got ${memoryLimitFactor}`);
  }
  if (cpuLimitMillicores !== undefined && cpuLimitMillicores < requests.cpuMillicores) {
    throw new RangeError(
      `a CPU limit of ${cpuLimitMillicores}m is below the request of ${requests.cpuMillicores}m`,
    );
  }
  return {
    requests: { cpu: `${requests.cpuMillicores}m`, memory: `${requests.memoryMiB}Mi` },
    limits: {
      memory: `${Math.round(requests.memoryMiB * memoryLimitFactor)}Mi`,
      ...(cpuLimitMillicores === undefined ? {} : { cpu: `${cpuLimitMillicores}m` }),
    },
  };
}

/** The CPU limit given to charts whose defaults carry one (Dashboards, Logstash, the Strimzi operator). */
export const CHART_CPU_LIMIT_MILLICORES = 1000;

/** The smallest memory a JVM part may get: a heap below 256 MiB does not start OpenSearch or Kafka. */
export const MIN_JVM_MEMORY_MIB = 512;

/**
 * The JVM heap for a container whose memory limit is `memoryMiB`: half of it, the rest left to the
 * off-heap buffers and the page cache Lucene and Kafka depend on; rounded down to 64 MiB.
 */
export function jvmHeapMiB(memoryMiB: number): number {
  if (!Number.isInteger(memoryMiB) || memoryMiB < MIN_JVM_MEMORY_MIB) {
    throw new RangeError(`a JVM container needs at least ${MIN_JVM_MEMORY_MIB} MiB, got ${memoryMiB}`);
  }
  return Math.floor(memoryMiB / 2 / 64) * 64;
}

/** `-Xms`/`-Xmx` value for {@link jvmHeapMiB}, as `1024m`. */
export function jvmHeapOption(memoryMiB: number): string {
  return `${jvmHeapMiB(memoryMiB)}m`;
}

/**
 * Requests every tier starts from: enough for a few dozen environments' logs. OpenSearch and Kafka
 * get 2 GiB (a 1 GiB heap); the collector stays small because every node pays for it.
 */
export const STANDARD_LOGGING_REQUESTS: LoggingRequests = {
  collector: { cpuMillicores: 50, memoryMiB: 64 },
  openSearch: { cpuMillicores: 250, memoryMiB: 2048 },
  dashboards: { cpuMillicores: 100, memoryMiB: 768 },
  kafka: { cpuMillicores: 200, memoryMiB: 2048 },
  logstash: { cpuMillicores: 250, memoryMiB: 1024 },
};
