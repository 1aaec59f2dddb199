/**
 * The logging pipeline's settings: what a tier decides by default, what a stack's `logging` config
 * may override, how the two merge, and the cross-checks that need the system pool's size.
 */
import { DASHBOARDS_CIDR_LIMIT_REASON, MAX_DASHBOARDS_CIDRS } from "./dashboards";
import { loggingFootprint, type NodeCapacity } from "./footprint";
import {
  MIN_JVM_MEMORY_MIB,
  type ConfigurablePart,
  type LoggingRequests,
  type PartRequests,
} from "./resources";
import { MAX_RETENTION_DAYS } from "./retention";

/** Node counts a quorum-based store accepts: odd, so a majority survives one loss. */
export const QUORUM_NODE_COUNTS = [1, 3, 5] as const;

/** What a tier decides for the logging pipeline. */
export interface LoggingProfile {
  /** Days an environment's daily index is kept before the retention policy deletes it. */
  readonly retentionDays: number;
  /** Put Kafka (and Logstash) between the collector and OpenSearch. */
  readonly buffer: boolean;
  readonly openSearchNodes: number;
  /** Volume per OpenSearch node, GiB. */
  readonly storageGiB: number;
  readonly kafkaNodes: number;
  /** Volume per Kafka node, GiB. */
  readonly kafkaStorageGiB: number;
  /** How long the buffer keeps records OpenSearch has not taken yet. */
  readonly bufferRetentionHours: number;
  readonly dashboardsReplicas: number;
  readonly logstashReplicas: number;
  /** Requests per replica of each part: the figures the node cost is computed from. */
  readonly requests: LoggingRequests;
}

/** The resolved settings: the tier's profile with the stack's overrides, plus who may see Dashboards. */
export interface LoggingSettings extends LoggingProfile {
  /** Source CIDRs allowed to reach `logs.<domain>`. */
  readonly dashboardsAllowedCidrs: readonly string[];
}

/** The `logging` config section as written (after schema validation). */
export interface LoggingInput {
  readonly dashboardsAllowedCidrs: readonly string[];
  readonly retentionDays?: number;
  readonly buffer?: boolean;
  readonly openSearchNodes?: number;
  readonly storageGiB?: number;
  readonly kafkaNodes?: number;
  readonly kafkaStorageGiB?: number;
  readonly bufferRetentionHours?: number;
  readonly requests?: Partial<Record<ConfigurablePart, Partial<PartRequests>>>;
}

/** The tier's profile with the stack's overrides applied, field by field. */
export function resolveLoggingSettings(profile: LoggingProfile, input: LoggingInput): LoggingSettings {
  const requests = Object.fromEntries(
    (Object.keys(profile.requests) as ConfigurablePart[]).map((part) => [
      part,
      { ...profile.requests[part], ...(input.requests?.[part] ?? {}) },
    ]),
  ) as Record<ConfigurablePart, PartRequests>;
  return {
    retentionDays: input.retentionDays ?? profile.retentionDays,
    buffer: input.buffer ?? profile.buffer,
    openSearchNodes: input.openSearchNodes ?? profile.openSearchNodes,
    storageGiB: input.storageGiB ?? profile.storageGiB,
    kafkaNodes: input.kafkaNodes ?? profile.kafkaNodes,
    kafkaStorageGiB: input.kafkaStorageGiB ?? profile.kafkaStorageGiB,
    bufferRetentionHours: input.bufferRetentionHours ?? profile.bufferRetentionHours,
    dashboardsReplicas: profile.dashboardsReplicas,
    logstashReplicas: profile.logstashReplicas,
    requests,
    dashboardsAllowedCidrs: [...input.dashboardsAllowedCidrs],
  };
}

/** One problem with the settings, by key path relative to `logging`. */
export interface LoggingProblem {
  readonly path: string;
  readonly message: string;
}

const JVM_PARTS: readonly ConfigurablePart[] = ["openSearch", "kafka", "logstash"];

/** The system pool as the cross-checks see it: its node count and one node's capacity. */
export interface SystemPoolCapacity extends NodeCapacity {
  readonly nodes: number;
}

/**
 * Cross-checks: rules that need more than one value, or the system pool (every OpenSearch node needs
 * a node of its own, and the pipeline's requests must fit in the pool at all).
 */
export function loggingProblems(settings: LoggingSettings, systemPool: SystemPoolCapacity): LoggingProblem[] {
  const problems: LoggingProblem[] = [];
  const systemPoolNodes = systemPool.nodes;
  if (
    settings.dashboardsAllowedCidrs.length === 0 ||
    settings.dashboardsAllowedCidrs.length > MAX_DASHBOARDS_CIDRS
  ) {
    problems.push({
      path: "dashboardsAllowedCidrs",
      message: `needs 1 to ${MAX_DASHBOARDS_CIDRS} CIDRs, got ${settings.dashboardsAllowedCidrs.length}: ${DASHBOARDS_CIDR_LIMIT_REASON}`,
    });
  }
  if (settings.dashboardsAllowedCidrs.some((c) => c.endsWith("/0"))) {
    problems.push({
      path: "dashboardsAllowedCidrs",
      message: "must not contain a /0 block: logs are not public",
    });
  }
  if (
    !Number.isInteger(settings.retentionDays) ||
    settings.retentionDays < 1 ||
    settings.retentionDays > MAX_RETENTION_DAYS
  ) {
    problems.push({
      path: "retentionDays",
      message: `must be 1 to ${MAX_RETENTION_DAYS} days, got ${settings.retentionDays}`,
    });
  }
  for (const [key, value] of [
    ["openSearchNodes", settings.openSearchNodes],
    ["kafkaNodes", settings.kafkaNodes],
  ] as const) {
    if (!(QUORUM_NODE_COUNTS as readonly number[]).includes(value)) {
      problems.push({
        path: key,
        message: `must be ${QUORUM_NODE_COUNTS.join(", ")} (odd, so a quorum survives a loss), got ${value}`,
      });
    }
  }
  if (settings.openSearchNodes > systemPoolNodes) {
    problems.push({
      path: "openSearchNodes",
      message: `${settings.openSearchNodes} OpenSearch nodes need as many system-pool nodes (one each), but the pool has ${systemPoolNodes}`,
    });
  }
  const footprint = loggingFootprint({
    requests: settings.requests,
    openSearchNodes: settings.openSearchNodes,
    dashboardsReplicas: settings.dashboardsReplicas,
    buffer: settings.buffer,
    kafkaNodes: settings.kafkaNodes,
    logstashReplicas: settings.logstashReplicas,
    systemNode: systemPool,
    pools: [],
  });
  if (footprint.systemPool.nodes > systemPoolNodes) {
    problems.push({
      path: "requests",
      message: `the pipeline requests ${footprint.systemPool.nodes} system nodes' worth of capacity, but the pool has ${systemPoolNodes} nodes`,
    });
  }
  for (const part of JVM_PARTS) {
    if (settings.requests[part].memoryMiB < MIN_JVM_MEMORY_MIB) {
      problems.push({
        path: `requests.${part}.memoryMiB`,
        message: `must be at least ${MIN_JVM_MEMORY_MIB} (half of it is the JVM heap), got ${settings.requests[part].memoryMiB}`,
      });
    }
  }
  return problems;
}
