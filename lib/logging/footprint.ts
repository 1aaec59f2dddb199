/**
 * What the logging pipeline costs in nodes. Everything but the collector runs on the system pool, so
 * its requests are summed and expressed as system nodes' worth of allocatable capacity; the collector
 * is a DaemonSet, so its requests come off every node of every pool before any other pod fits.
 */
import {
  KAFKA_OPERATOR_REQUESTS,
  TOPIC_OPERATOR_REQUESTS,
  type LoggingRequests,
  type PartRequests,
} from "./resources";

/** A node's schedulable capacity. */
export interface NodeCapacity {
  readonly allocatableCpuMillicores: number;
  readonly allocatableMemoryMiB: number;
}

/** A node pool as the footprint sees it: how many nodes, and what one offers. */
export interface PoolCapacity extends NodeCapacity {
  readonly name: string;
  readonly nodes: number;
}

/** The shape of a stack's logging pipeline. */
export interface FootprintInput {
  readonly requests: LoggingRequests;
  readonly openSearchNodes: number;
  readonly dashboardsReplicas: number;
  /** Kafka, its operators and Logstash exist only with the buffer on. */
  readonly buffer: boolean;
  readonly kafkaNodes: number;
  readonly logstashReplicas: number;
  /** One system-pool node, where every part but the collector runs. */
  readonly systemNode: NodeCapacity;
  /** Every pool of the cluster (the collector runs on all of their nodes). */
  readonly pools: readonly PoolCapacity[];
}

/** One part's line in the footprint. */
export interface FootprintRow {
  readonly part: string;
  readonly runsOn: "system pool" | "every node";
  readonly replicas: number;
  readonly perReplica: PartRequests;
  readonly total: PartRequests;
}

/** The collector's share of one node of a pool, in percent of the node's allocatable. */
export interface CollectorShare {
  readonly pool: string;
  readonly cpuPercent: number;
  readonly memoryPercent: number;
}

/** The whole footprint. */
export interface LoggingFootprint {
  readonly rows: readonly FootprintRow[];
  /** Requests of every part on the system pool (all but the collector). */
  readonly systemPool: PartRequests & {
    /** System nodes' worth: the larger of the CPU and memory fractions, rounded up to 0.01. */
    readonly nodes: number;
  };
  /** The collector's requests on each node, whatever its pool. */
  readonly collectorPerNode: PartRequests;
  readonly collectorShare: readonly CollectorShare[];
}

function row(
  part: string,
  runsOn: FootprintRow["runsOn"],
  replicas: number,
  perReplica: PartRequests,
): FootprintRow {
  return {
    part,
    runsOn,
    replicas,
    perReplica,
    total: { cpuMillicores: perReplica.cpuMillicores * replicas, memoryMiB: perReplica.memoryMiB * replicas },
  };
}

function percent(part: number, whole: number): number {
  return Math.ceil((part / whole) * 1000) / 10;
}

/** Sums the pipeline's requests per part and per pool. */
export function loggingFootprint(input: FootprintInput): LoggingFootprint {
  const { requests } = input;
  const allNodes = input.pools.reduce((sum, p) => sum + p.nodes, 0);
  const rows: FootprintRow[] = [
    row("Fluent Bit (collector)", "every node", allNodes, requests.collector),
    row("OpenSearch", "system pool", input.openSearchNodes, requests.openSearch),
    row("OpenSearch Dashboards", "system pool", input.dashboardsReplicas, requests.dashboards),
  ];
  if (input.buffer) {
    rows.push(
      row("Strimzi cluster operator", "system pool", 1, KAFKA_OPERATOR_REQUESTS),
      row("Kafka (KRaft broker+controller)", "system pool", input.kafkaNodes, requests.kafka),
      row("Strimzi topic operator", "system pool", 1, TOPIC_OPERATOR_REQUESTS),
      row("Logstash", "system pool", input.logstashReplicas, requests.logstash),
    );
  }
  const onSystem = rows.filter((r) => r.runsOn === "system pool");
  const cpu = onSystem.reduce((sum, r) => sum + r.total.cpuMillicores, 0);
  const memory = onSystem.reduce((sum, r) => sum + r.total.memoryMiB, 0);
  const fraction = Math.max(
    cpu / input.systemNode.allocatableCpuMillicores,
    memory / input.systemNode.allocatableMemoryMiB,
  );
  return {
    rows,
    systemPool: { cpuMillicores: cpu, memoryMiB: memory, nodes: Math.ceil(fraction * 100) / 100 },
    collectorPerNode: requests.collector,
    collectorShare: input.pools.map((p) => ({
      pool: p.name,
      cpuPercent: percent(requests.collector.cpuMillicores, p.allocatableCpuMillicores),
      memoryPercent: percent(requests.collector.memoryMiB, p.allocatableMemoryMiB),
    })),
  };
}

/** The footprint as a Markdown table plus two summary lines, for docs/logging.md. */
export function formatFootprint(title: string, footprint: LoggingFootprint): string {
  const lines = [
    `**${title}**`,
    "",
    "| part | runs on | replicas | CPU / replica | memory / replica | CPU total | memory total |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ...footprint.rows.map(
      (r) =>
        `| ${r.part} | ${r.runsOn} | ${r.replicas} | ${r.perReplica.cpuMillicores}m | ${r.perReplica.memoryMiB} MiB | ${r.total.cpuMillicores}m | ${r.total.memoryMiB} MiB |`,
    ),
    "",
    `System pool: ${footprint.systemPool.cpuMillicores}m CPU and ${footprint.systemPool.memoryMiB} MiB requested, ` +
      `${footprint.systemPool.nodes} nodes' worth of allocatable capacity.`,
    `Collector on every node: ${footprint.collectorPerNode.cpuMillicores}m CPU and ${footprint.collectorPerNode.memoryMiB} MiB ` +
      `(${footprint.collectorShare.map((s) => `${s.cpuPercent}% CPU / ${s.memoryPercent}% memory of a ${s.pool} node`).join("; ")}).`,
  ];
  return lines.join("\n");
}
