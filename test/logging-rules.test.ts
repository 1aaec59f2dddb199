/**
 * The logging pipeline's rules and arithmetic, at their boundaries and with their exact messages:
 * how a stack's `logging` config merges with its tier's profile, every cross-check `loggingProblems`
 * makes (CIDRs, retention, quorum sizes, system-pool room, JVM memory), the node-cost footprint and
 * its table, the retention policy and index template, requests-to-resources and heap sizing, the
 * shared pod defaults, index naming, the collector's tolerations and the pinned charts and images.
 * Fast: plain lib/logging imports only, so `npm run mutate` runs it per mutant (lib list).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Toleration } from "../lib/grace";
import {
  CURL_IMAGE,
  FLUENT_BIT_CHART,
  FLUENT_BIT_IMAGE,
  KAFKA_VERSION,
  LOGGING_CHARTS,
  LOGSTASH_CHART,
  LOGSTASH_IMAGE,
  OPENSEARCH_CHART,
  OPENSEARCH_DASHBOARDS_CHART,
  OPENSEARCH_DASHBOARDS_IMAGE,
  OPENSEARCH_IMAGE,
  STRIMZI_CHART,
  STRIMZI_IMAGE_TAG,
  imageRef,
} from "../lib/logging/charts";
import { everyNodeTolerations } from "../lib/logging/collector";
import { formatFootprint, loggingFootprint, type FootprintInput } from "../lib/logging/footprint";
import {
  ALL_LOGS_PATTERN,
  ENVIRONMENT_INDEX_PATTERN_TEMPLATE,
  LOG_INDEX_DATE_SEPARATOR,
  LOG_INDEX_PREFIX,
  LOG_INDEX_PREFIX_FIELD,
  UNKNOWN_NAMESPACE,
  environmentIndexPattern,
  logIndexName,
} from "../lib/logging/index-naming";
import {
  CHART_LABELS,
  LOGGING_PART_OF,
  loggingLabels,
  placementValues,
  restrictedContainerSecurityContext,
  restrictedPodSecurityContext,
  spreadOverNodes,
} from "../lib/logging/pod-defaults";
import {
  CHART_CPU_LIMIT_MILLICORES,
  CONFIGURABLE_PARTS,
  KAFKA_OPERATOR_REQUESTS,
  MIN_JVM_MEMORY_MIB,
  RETENTION_JOB_REQUESTS,
  STANDARD_LOGGING_REQUESTS,
  TOPIC_OPERATOR_REQUESTS,
  containerResources,
  jvmHeapMiB,
  jvmHeapOption,
} from "../lib/logging/resources";
import {
  LOG_INDEX_TEMPLATE_NAME,
  MAX_RETENTION_DAYS,
  RETENTION_POLICY_ID,
  logIndexTemplate,
  retentionPolicy,
} from "../lib/logging/retention";
import {
  QUORUM_NODE_COUNTS,
  loggingProblems,
  resolveLoggingSettings,
  type LoggingProfile,
  type LoggingSettings,
} from "../lib/logging/settings";

/** The standard requests, written out (the tier profiles start from these). */
const REQUESTS = {
  collector: { cpuMillicores: 50, memoryMiB: 64 },
  openSearch: { cpuMillicores: 250, memoryMiB: 2048 },
  dashboards: { cpuMillicores: 100, memoryMiB: 768 },
  kafka: { cpuMillicores: 200, memoryMiB: 2048 },
  logstash: { cpuMillicores: 250, memoryMiB: 1024 },
};

const CIDR_COUNT_REASON =
  "one ALB listener rule holds at most 5 condition values (3 in one condition), and this rule's host and path take 2";

describe("logging settings: the tier's profile with the stack's overrides", () => {
  const profile: LoggingProfile = {
    retentionDays: 3,
    buffer: false,
    openSearchNodes: 1,
    storageGiB: 20,
    kafkaNodes: 1,
    kafkaStorageGiB: 10,
    bufferRetentionHours: 24,
    dashboardsReplicas: 1,
    logstashReplicas: 2,
    requests: REQUESTS,
  };

  it("takes every value from the tier when the stack sets only the Dashboards CIDRs", () => {
    const cidrs = ["203.0.113.0/24"];
    const settings = resolveLoggingSettings(profile, { dashboardsAllowedCidrs: cidrs });
    assert.deepEqual(settings, {
      retentionDays: 3,
      buffer: false,
      openSearchNodes: 1,
      storageGiB: 20,
      kafkaNodes: 1,
      kafkaStorageGiB: 10,
      bufferRetentionHours: 24,
      dashboardsReplicas: 1,
      logstashReplicas: 2,
      requests: REQUESTS,
      dashboardsAllowedCidrs: ["203.0.113.0/24"],
    });
    assert.notEqual(settings.dashboardsAllowedCidrs, cidrs);
  });

  it("lets the stack override each setting, and each request field by field", () => {
    const settings = resolveLoggingSettings(
      { ...profile, buffer: true },
      {
        dashboardsAllowedCidrs: ["203.0.113.0/24", "198.51.100.0/24"],
        retentionDays: 14,
        buffer: false,
        openSearchNodes: 3,
        storageGiB: 100,
        kafkaNodes: 3,
        kafkaStorageGiB: 50,
        bufferRetentionHours: 48,
        requests: { collector: { cpuMillicores: 80 }, logstash: { memoryMiB: 2048 } },
      },
    );
    assert.deepEqual(settings, {
      retentionDays: 14,
      buffer: false,
      openSearchNodes: 3,
      storageGiB: 100,
      kafkaNodes: 3,
      kafkaStorageGiB: 50,
      bufferRetentionHours: 48,
      dashboardsReplicas: 1,
      logstashReplicas: 2,
      requests: {
        collector: { cpuMillicores: 80, memoryMiB: 64 },
        openSearch: { cpuMillicores: 250, memoryMiB: 2048 },
        dashboards: { cpuMillicores: 100, memoryMiB: 768 },
        kafka: { cpuMillicores: 200, memoryMiB: 2048 },
        logstash: { cpuMillicores: 250, memoryMiB: 2048 },
      },
      dashboardsAllowedCidrs: ["203.0.113.0/24", "198.51.100.0/24"],
    });
    assert.equal(resolveLoggingSettings(profile, { dashboardsAllowedCidrs: [], buffer: true }).buffer, true);
  });
});

describe("logging settings: cross-checks", () => {
  const valid: LoggingSettings = {
    retentionDays: 7,
    buffer: false,
    openSearchNodes: 1,
    storageGiB: 20,
    kafkaNodes: 1,
    kafkaStorageGiB: 10,
    bufferRetentionHours: 24,
    dashboardsReplicas: 1,
    logstashReplicas: 1,
    requests: REQUESTS,
    dashboardsAllowedCidrs: ["203.0.113.0/24"],
  };
  const roomy = { nodes: 3, allocatableCpuMillicores: 4000, allocatableMemoryMiB: 16000 };
  const problems = (change: Partial<LoggingSettings>, pool = roomy) =>
    loggingProblems({ ...valid, ...change }, pool);

  it("finds nothing wrong with a valid pipeline", () => {
    assert.deepEqual(problems({}), []);
    assert.deepEqual(problems({ buffer: true, openSearchNodes: 3, kafkaNodes: 3 }), []);
  });

  it("needs 1 to 3 Dashboards CIDRs, saying why no more fit", () => {
    assert.deepEqual(problems({ dashboardsAllowedCidrs: [] }), [
      { path: "dashboardsAllowedCidrs", message: `needs 1 to 3 CIDRs, got 0: ${CIDR_COUNT_REASON}` },
    ]);
    assert.deepEqual(problems({ dashboardsAllowedCidrs: ["10.0.0.0/8", "10.1.0.0/16", "10.2.0.0/16"] }), []);
    assert.deepEqual(
      problems({ dashboardsAllowedCidrs: ["10.0.0.0/8", "10.1.0.0/16", "10.2.0.0/16", "10.3.0.0/16"] }),
      [{ path: "dashboardsAllowedCidrs", message: `needs 1 to 3 CIDRs, got 4: ${CIDR_COUNT_REASON}` }],
    );
  });

  it("refuses a /0 block anywhere in the list, IPv4 or IPv6, but not a prefix that merely contains a 0", () => {
    for (const cidrs of [["0.0.0.0/0"], ["10.0.0.0/8", "0.0.0.0/0"], ["::/0"]]) {
      assert.deepEqual(problems({ dashboardsAllowedCidrs: cidrs }), [
        { path: "dashboardsAllowedCidrs", message: "must not contain a /0 block: logs are not public" },
      ]);
    }
    assert.deepEqual(problems({ dashboardsAllowedCidrs: ["10.0.0.0/20", "0.0.0.0/30"] }), []);
  });

  it("keeps logs 1 to 365 whole days", () => {
    for (const days of [1, 365]) assert.deepEqual(problems({ retentionDays: days }), [], `${days}`);
    for (const days of [0, 366, 2.5, -1]) {
      assert.deepEqual(problems({ retentionDays: days }), [
        { path: "retentionDays", message: `must be 1 to 365 days, got ${days}` },
      ]);
    }
  });

  it("accepts only 1, 3 or 5 OpenSearch and Kafka nodes", () => {
    const quorum = (got: number) => `must be 1, 3, 5 (odd, so a quorum survives a loss), got ${got}`;
    assert.deepEqual(problems({ openSearchNodes: 2 }), [{ path: "openSearchNodes", message: quorum(2) }]);
    assert.deepEqual(problems({ kafkaNodes: 4 }), [{ path: "kafkaNodes", message: quorum(4) }]);
    assert.deepEqual(problems({ kafkaNodes: 0, buffer: true }), [{ path: "kafkaNodes", message: quorum(0) }]);
    assert.deepEqual(problems({ kafkaNodes: 5 }), []);
    assert.deepEqual(QUORUM_NODE_COUNTS, [1, 3, 5]);
  });

  it("needs a system-pool node for every OpenSearch node", () => {
    assert.deepEqual(problems({ openSearchNodes: 3 }, { ...roomy, nodes: 3 }), []);
    assert.deepEqual(problems({ openSearchNodes: 3 }, { ...roomy, nodes: 2 }), [
      {
        path: "openSearchNodes",
        message: "3 OpenSearch nodes need as many system-pool nodes (one each), but the pool has 2",
      },
    ]);
  });

  it("needs the pipeline's requests to fit in the system pool, exactly full being enough", () => {
    // OpenSearch 2048 MiB + Dashboards 768 MiB = 2816 MiB: two nodes of 1408 MiB exactly.
    const tight = { nodes: 2, allocatableCpuMillicores: 4000, allocatableMemoryMiB: 1408 };
    assert.deepEqual(problems({}, tight), []);
    assert.deepEqual(problems({}, { ...tight, allocatableMemoryMiB: 1407 }), [
      {
        path: "requests",
        message: "the pipeline requests 2.01 system nodes' worth of capacity, but the pool has 2 nodes",
      },
    ]);
  });

  it("counts the buffer's parts against the system pool only when the buffer is on", () => {
    const pool = { nodes: 1, allocatableCpuMillicores: 4000, allocatableMemoryMiB: 4000 };
    assert.deepEqual(problems({}, pool), []);
    assert.deepEqual(problems({ buffer: true }, pool), [
      {
        path: "requests",
        // 2048 + 768 + 384 + 2048 + 256 + 1024 = 6528 MiB of 4000.
        message: "the pipeline requests 1.64 system nodes' worth of capacity, but the pool has 1 nodes",
      },
    ]);
  });

  it("gives every JVM part (OpenSearch, Kafka, Logstash) at least 512 MiB, and no other part that floor", () => {
    const withMemory = (part: keyof typeof REQUESTS, memoryMiB: number) => ({
      requests: { ...REQUESTS, [part]: { ...REQUESTS[part], memoryMiB } },
    });
    for (const part of ["openSearch", "kafka", "logstash"] as const) {
      assert.deepEqual(problems(withMemory(part, 512)), [], part);
      assert.deepEqual(problems(withMemory(part, 511)), [
        {
          path: `requests.${part}.memoryMiB`,
          message: "must be at least 512 (half of it is the JVM heap), got 511",
        },
      ]);
    }
    assert.deepEqual(problems(withMemory("dashboards", 256)), []);
    assert.deepEqual(problems(withMemory("collector", 32)), []);
  });

  it("reports every problem at once, in a fixed order", () => {
    assert.deepEqual(
      problems(
        {
          dashboardsAllowedCidrs: [],
          retentionDays: 0,
          openSearchNodes: 4,
          kafkaNodes: 2,
          requests: { ...REQUESTS, kafka: { cpuMillicores: 200, memoryMiB: 100 } },
        },
        { nodes: 3, allocatableCpuMillicores: 4000, allocatableMemoryMiB: 2000 },
      ).map((p) => p.path),
      [
        "dashboardsAllowedCidrs",
        "retentionDays",
        "openSearchNodes",
        "kafkaNodes",
        "openSearchNodes",
        "requests",
        "requests.kafka.memoryMiB",
      ],
    );
  });
});

describe("node cost of the pipeline", () => {
  const input: FootprintInput = {
    requests: REQUESTS,
    openSearchNodes: 3,
    dashboardsReplicas: 2,
    buffer: true,
    kafkaNodes: 3,
    logstashReplicas: 2,
    systemNode: { allocatableCpuMillicores: 4000, allocatableMemoryMiB: 16000 },
    pools: [
      { name: "system", nodes: 3, allocatableCpuMillicores: 1930, allocatableMemoryMiB: 7518 },
      { name: "game", nodes: 2, allocatableCpuMillicores: 7870, allocatableMemoryMiB: 31075 },
    ],
  };
  const row = (
    part: string,
    runsOn: string,
    replicas: number,
    cpu: number,
    memory: number,
    totalCpu: number,
    totalMemory: number,
  ) => ({
    part,
    runsOn,
    replicas,
    perReplica: { cpuMillicores: cpu, memoryMiB: memory },
    total: { cpuMillicores: totalCpu, memoryMiB: totalMemory },
  });

  it("multiplies each part by its replicas, sums the system pool's, and shows the collector's share of each pool's node", () => {
    assert.deepEqual(loggingFootprint(input), {
      rows: [
        row("Fluent Bit (collector)", "every node", 5, 50, 64, 250, 320),
        row("OpenSearch", "system pool", 3, 250, 2048, 750, 6144),
        row("OpenSearch Dashboards", "system pool", 2, 100, 768, 200, 1536),
        row("Strimzi cluster operator", "system pool", 1, 200, 384, 200, 384),
        row("Kafka (KRaft broker+controller)", "system pool", 3, 200, 2048, 600, 6144),
        row("Strimzi topic operator", "system pool", 1, 100, 256, 100, 256),
        row("Logstash", "system pool", 2, 250, 1024, 500, 2048),
      ],
      // Memory binds: 16512 / 16000 = 1.032, rounded up to 1.04 (CPU: 2350 / 4000 = 0.59).
      systemPool: { cpuMillicores: 2350, memoryMiB: 16512, nodes: 1.04 },
      collectorPerNode: { cpuMillicores: 50, memoryMiB: 64 },
      collectorShare: [
        // 50 / 1930 = 2.59 % -> 2.6; 64 / 7518 = 0.851 % -> 0.9 (rounded up to 0.1 %).
        { pool: "system", cpuPercent: 2.6, memoryPercent: 0.9 },
        // 50 / 7870 = 0.635 % -> 0.7; 64 / 31075 = 0.206 % -> 0.3.
        { pool: "game", cpuPercent: 0.7, memoryPercent: 0.3 },
      ],
    });
  });

  it("leaves Kafka, its operators and Logstash out without the buffer, and takes CPU when it binds", () => {
    const f = loggingFootprint({
      ...input,
      buffer: false,
      systemNode: { allocatableCpuMillicores: 1000, allocatableMemoryMiB: 16000 },
      pools: [],
    });
    assert.deepEqual(f, {
      rows: [
        row("Fluent Bit (collector)", "every node", 0, 50, 64, 0, 0),
        row("OpenSearch", "system pool", 3, 250, 2048, 750, 6144),
        row("OpenSearch Dashboards", "system pool", 2, 100, 768, 200, 1536),
      ],
      // CPU binds: 950 / 1000 = 0.95 (memory: 7680 / 16000 = 0.48).
      systemPool: { cpuMillicores: 950, memoryMiB: 7680, nodes: 0.95 },
      collectorPerNode: { cpuMillicores: 50, memoryMiB: 64 },
      collectorShare: [],
    });
  });

  it("prints the footprint as a Markdown table and two summary lines", () => {
    assert.equal(
      formatFootprint("stage", loggingFootprint(input)),
      [
        "**stage**",
        "",
        "| part | runs on | replicas | CPU / replica | memory / replica | CPU total | memory total |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
        "| Fluent Bit (collector) | every node | 5 | 50m | 64 MiB | 250m | 320 MiB |",
        "| OpenSearch | system pool | 3 | 250m | 2048 MiB | 750m | 6144 MiB |",
        "| OpenSearch Dashboards | system pool | 2 | 100m | 768 MiB | 200m | 1536 MiB |",
        "| Strimzi cluster operator | system pool | 1 | 200m | 384 MiB | 200m | 384 MiB |",
        "| Kafka (KRaft broker+controller) | system pool | 3 | 200m | 2048 MiB | 600m | 6144 MiB |",
        "| Strimzi topic operator | system pool | 1 | 100m | 256 MiB | 100m | 256 MiB |",
        "| Logstash | system pool | 2 | 250m | 1024 MiB | 500m | 2048 MiB |",
        "",
        "System pool: 2350m CPU and 16512 MiB requested, 1.04 nodes' worth of allocatable capacity.",
        "Collector on every node: 50m CPU and 64 MiB (2.6% CPU / 0.9% memory of a system node; " +
          "0.7% CPU / 0.3% memory of a game node).",
      ].join("\n"),
    );
  });
});

describe("retention policy and index template", () => {
  it("moves an index from open to delete once it is retentionDays old, for every logs-* index", () => {
    assert.deepEqual(retentionPolicy(1), {
      policy: {
        description: "game-infra: delete log indices 1 day(s) after they are created",
        default_state: "open",
        states: [
          {
            name: "open",
            actions: [],
            transitions: [{ state_name: "delete", conditions: { min_index_age: "1d" } }],
          },
          { name: "delete", actions: [{ delete: {} }], transitions: [] },
        ],
        ism_template: [{ index_patterns: ["logs-*"], priority: 100 }],
      },
    });
    assert.equal(retentionPolicy(365).policy.states[0]!.transitions[0]!.conditions.min_index_age, "365d");
  });

  it("refuses retentions outside 1 to 365 whole days, naming the value", () => {
    for (const days of [0, 366, 1.5, Number.NaN]) {
      assert.throws(() => retentionPolicy(days), {
        name: "RangeError",
        message: `retention must be a whole number of days from 1 to 365, got ${days}`,
      });
    }
    assert.equal(MAX_RETENTION_DAYS, 365);
  });

  it("gives each log index one shard, a 10 s refresh, and a replica only from two store nodes up", () => {
    assert.deepEqual(logIndexTemplate(1), {
      index_patterns: ["logs-*"],
      priority: 100,
      template: { settings: { number_of_shards: 1, number_of_replicas: 0, "index.refresh_interval": "10s" } },
    });
    assert.equal(logIndexTemplate(2).template.settings.number_of_replicas, 1);
    assert.equal(logIndexTemplate(5).template.settings.number_of_replicas, 1);
    assert.equal(RETENTION_POLICY_ID, "logs-retention");
    assert.equal(LOG_INDEX_TEMPLATE_NAME, "logs");
  });
});

describe("requests, limits and JVM heaps", () => {
  it("turns requests into Kubernetes quantities, a memory limit of factor x request, and a CPU limit only when asked", () => {
    assert.deepEqual(containerResources({ cpuMillicores: 250, memoryMiB: 2048 }), {
      requests: { cpu: "250m", memory: "2048Mi" },
      limits: { memory: "2048Mi" },
    });
    assert.deepEqual(containerResources({ cpuMillicores: 50, memoryMiB: 65 }, 1.5), {
      requests: { cpu: "50m", memory: "65Mi" },
      limits: { memory: "98Mi" },
    });
    assert.deepEqual(containerResources({ cpuMillicores: 500, memoryMiB: 768 }, 1, 500), {
      requests: { cpu: "500m", memory: "768Mi" },
      limits: { memory: "768Mi", cpu: "500m" },
    });
  });

  it("refuses a memory limit below the request and a CPU limit below the request, saying which", () => {
    for (const factor of [0.99, 0, Number.NaN]) {
      assert.throws(() => containerResources({ cpuMillicores: 50, memoryMiB: 64 }, factor), {
        name: "RangeError",
        message: `the memory limit factor must be 1 or more, got ${factor}`,
      });
    }
    assert.throws(() => containerResources({ cpuMillicores: 500, memoryMiB: 64 }, 1, 499), {
      name: "RangeError",
      message: "a CPU limit of 499m is below the request of 500m",
    });
  });

  it("gives a JVM half its container, rounded down to 64 MiB, from 512 MiB up", () => {
    assert.equal(jvmHeapMiB(512), 256);
    assert.equal(jvmHeapMiB(767), 320);
    assert.equal(jvmHeapMiB(768), 384);
    assert.equal(jvmHeapOption(2048), "1024m");
    for (const memory of [511, 1024.5, Number.NaN]) {
      assert.throws(() => jvmHeapMiB(memory), {
        name: "RangeError",
        message: `a JVM container needs at least 512 MiB, got ${memory}`,
      });
    }
    assert.equal(MIN_JVM_MEMORY_MIB, 512);
  });

  it("starts every tier from the standard requests, with fixed ones for the operators and the Job", () => {
    assert.deepEqual(STANDARD_LOGGING_REQUESTS, REQUESTS);
    assert.deepEqual(CONFIGURABLE_PARTS, ["collector", "openSearch", "dashboards", "kafka", "logstash"]);
    assert.deepEqual(KAFKA_OPERATOR_REQUESTS, { cpuMillicores: 200, memoryMiB: 384 });
    assert.deepEqual(TOPIC_OPERATOR_REQUESTS, { cpuMillicores: 100, memoryMiB: 256 });
    assert.deepEqual(RETENTION_JOB_REQUESTS, { cpuMillicores: 10, memoryMiB: 32 });
    assert.equal(CHART_CPU_LIMIT_MILLICORES, 1000);
  });
});

describe("pod defaults shared by the logging parts", () => {
  it("labels a component with the recommended labels, the version only when there is one", () => {
    assert.deepEqual(loggingLabels("opensearch", "log-store"), {
      "app.kubernetes.io/name": "opensearch",
      "app.kubernetes.io/component": "log-store",
      "app.kubernetes.io/part-of": "game-infra-logging",
      "app.kubernetes.io/managed-by": "pulumi",
    });
    assert.deepEqual(loggingLabels("opensearch", "log-store", "3.6.0"), {
      "app.kubernetes.io/name": "opensearch",
      "app.kubernetes.io/component": "log-store",
      "app.kubernetes.io/part-of": "game-infra-logging",
      "app.kubernetes.io/managed-by": "pulumi",
      "app.kubernetes.io/version": "3.6.0",
    });
    assert.equal("app.kubernetes.io/version" in loggingLabels("x", "y", ""), false);
    assert.deepEqual(CHART_LABELS, { "app.kubernetes.io/part-of": "game-infra-logging" });
    assert.equal(LOGGING_PART_OF, "game-infra-logging");
  });

  it("builds the restricted pod security context, the group defaulting to the user and fsGroup only when given", () => {
    assert.deepEqual(restrictedPodSecurityContext(1000), {
      runAsNonRoot: true,
      runAsUser: 1000,
      runAsGroup: 1000,
      seccompProfile: { type: "RuntimeDefault" },
    });
    assert.deepEqual(restrictedPodSecurityContext(100, 101, 0), {
      runAsNonRoot: true,
      runAsUser: 100,
      runAsGroup: 101,
      fsGroup: 0,
      seccompProfile: { type: "RuntimeDefault" },
    });
  });

  it("builds the restricted container security context, read-only root unless told otherwise", () => {
    const expected = {
      allowPrivilegeEscalation: false,
      capabilities: { drop: ["ALL"] },
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      runAsUser: 1001,
      seccompProfile: { type: "RuntimeDefault" },
    };
    assert.deepEqual(restrictedContainerSecurityContext(1001), expected);
    assert.deepEqual(restrictedContainerSecurityContext(1001, false), {
      ...expected,
      readOnlyRootFilesystem: false,
    });
  });

  it("copies a placement into fresh objects and spreads pods over hosts", () => {
    const toleration: Toleration = { key: "k", operator: "Exists", effect: "NoSchedule" };
    const placement = { nodeSelector: { pool: "system" }, tolerations: [toleration] };
    const values = placementValues(placement);
    assert.deepEqual(values, { nodeSelector: { pool: "system" }, tolerations: [toleration] });
    assert.notEqual(values.nodeSelector, placement.nodeSelector);
    assert.notEqual(values.tolerations[0], toleration);
    const labels = { app: "x" };
    const spread = spreadOverNodes(labels);
    assert.deepEqual(spread, {
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          {
            weight: 100,
            podAffinityTerm: {
              topologyKey: "kubernetes.io/hostname",
              labelSelector: { matchLabels: { app: "x" } },
            },
          },
        ],
      },
    });
    assert.notEqual(
      spread.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0]!.podAffinityTerm.labelSelector
        .matchLabels,
      labels,
    );
  });
});

describe("log index naming", () => {
  it("names a day's index logs-<namespace>.<yyyy.MM.dd> in UTC, every dash of the date a dot", () => {
    assert.equal(logIndexName("dev", new Date("2026-01-05T23:30:00-02:00")), "logs-dev.2026.01.06");
    assert.equal(logIndexName("login-dev", new Date("2026-12-31T00:00:00Z")), "logs-login-dev.2026.12.31");
    assert.equal(environmentIndexPattern("dev"), "logs-dev.*");
    assert.equal(ENVIRONMENT_INDEX_PATTERN_TEMPLATE, "logs-<environment>.*");
  });

  it("shares its pieces with the collector and Logstash", () => {
    assert.deepEqual(
      [
        LOG_INDEX_PREFIX,
        LOG_INDEX_DATE_SEPARATOR,
        LOG_INDEX_PREFIX_FIELD,
        UNKNOWN_NAMESPACE,
        ALL_LOGS_PATTERN,
      ],
      ["logs-", ".", "log_index_prefix", "unknown", "logs-*"],
    );
  });
});

describe("collector tolerations", () => {
  const grace: Toleration[] = [
    { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute", tolerationSeconds: 80 },
    { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 80 },
  ];

  it("keeps tolerations that differ in value, operator or effect, and drops exact repeats", () => {
    const a: Toleration = { key: "pool", operator: "Equal", value: "game", effect: "NoSchedule" };
    const b: Toleration = { key: "pool", operator: "Equal", value: "ci", effect: "NoSchedule" };
    const c: Toleration = { key: "pool", operator: "Exists", effect: "NoSchedule" };
    const d: Toleration = { key: "pool", operator: "Exists", effect: "NoExecute" };
    const out = everyNodeTolerations(
      [{ tolerations: [a, b] }, { tolerations: [c, d, { ...a }] }, { tolerations: [] }],
      [...grace, { ...grace[0]! }],
    );
    assert.deepEqual(out, [a, b, c, d, ...grace]);
    assert.ok(out.every((t) => t !== a && t !== b && t !== c && t !== d && !grace.includes(t)));
  });

  it("gives a cluster without pool taints just the grace-period tolerations", () => {
    assert.deepEqual(everyNodeTolerations([], grace), grace);
  });
});

describe("pinned charts and images", () => {
  it("pins each chart at the version its comment cites, from its project's repository", () => {
    assert.deepEqual(LOGGING_CHARTS, [
      { chart: "fluent-bit", version: "0.54.1", repository: "https://fluent.github.io/helm-charts" },
      {
        chart: "opensearch",
        version: "3.6.0",
        repository: "https://opensearch-project.github.io/helm-charts",
      },
      {
        chart: "opensearch-dashboards",
        version: "3.6.0",
        repository: "https://opensearch-project.github.io/helm-charts",
      },
      { chart: "strimzi-kafka-operator", version: "1.1.0", repository: "https://strimzi.io/charts/" },
      { chart: "logstash", version: "8.5.1", repository: "https://helm.elastic.co" },
    ]);
    assert.deepEqual(
      [FLUENT_BIT_CHART, OPENSEARCH_CHART, OPENSEARCH_DASHBOARDS_CHART, STRIMZI_CHART, LOGSTASH_CHART],
      LOGGING_CHARTS,
    );
  });

  it("pins each image at a tag, and refers to it as repository:tag", () => {
    assert.deepEqual(
      [FLUENT_BIT_IMAGE, OPENSEARCH_IMAGE, OPENSEARCH_DASHBOARDS_IMAGE, LOGSTASH_IMAGE, CURL_IMAGE].map(
        imageRef,
      ),
      [
        "cr.fluentbit.io/fluent/fluent-bit:4.1.1",
        "opensearchproject/opensearch:3.6.0",
        "opensearchproject/opensearch-dashboards:3.6.0",
        "opensearchproject/logstash-oss-with-opensearch-output-plugin:8.9.0",
        "curlimages/curl:8.16.0",
      ],
    );
    assert.equal(STRIMZI_IMAGE_TAG, "1.1.0");
    assert.deepEqual(KAFKA_VERSION, { version: "4.3.0", metadataVersion: "4.3-IV0" });
  });
});
