import assert from "node:assert/strict";
import { indexPatternMatches } from "./support/index-patterns";
import { describe, it } from "node:test";
import fc from "fast-check";
import { DNS1123_LABEL } from "../lib/dns-names";
import { LOGGING_CHARTS } from "../lib/logging/charts";
import { COLLECTOR_HOST_PATHS, collectorValues, everyNodeTolerations } from "../lib/logging/collector";
import { MAX_DASHBOARDS_CIDRS, dashboardsIngress } from "../lib/logging/dashboards";
import { LOG_INDEX_LUA, fluentBitConfig } from "../lib/logging/fluent-bit";
import { formatFootprint, loggingFootprint, type FootprintInput } from "../lib/logging/footprint";
import {
  ALL_LOGS_PATTERN,
  environmentIndexPattern,
  logIndexName,
  logIndexPrefix,
} from "../lib/logging/index-naming";
import {
  kafkaClusterManifest,
  kafkaNodePoolManifest,
  kafkaReplication,
  logsTopicManifest,
  topicRetentionBytes,
  type KafkaBufferShape,
} from "../lib/logging/kafka";
import { LOGSTASH_INDEX, logstashPipeline } from "../lib/logging/logstash";
import { internalUsersYaml, openSearchYml } from "../lib/logging/opensearch";
import { STANDARD_LOGGING_REQUESTS, containerResources, jvmHeapMiB } from "../lib/logging/resources";
import { logIndexTemplate, retentionPolicy } from "../lib/logging/retention";
import { configHash, retentionConfigData } from "../lib/logging/retention-job";
import { loggingProblems, resolveLoggingSettings, type LoggingProfile } from "../lib/logging/settings";
import { strimziResourceProblems } from "../lib/logging/strimzi-schema";
import { graceTolerations } from "../lib/grace";

const namespace = fc
  .stringMatching(/^[a-z0-9]([-a-z0-9]{0,38}[a-z0-9])?$/)
  .filter((n) => DNS1123_LABEL.test(n));

describe("log index naming", () => {
  it("puts each environment's logs in its own daily index, logs-<namespace>.<yyyy.MM.dd>", () => {
    assert.equal(logIndexName("dev1", new Date("2026-11-20T23:59:00Z")), "logs-dev1.2026.11.20");
    assert.equal(environmentIndexPattern("login-dev"), "logs-login-dev.*");
  });

  it("never lets one environment's pattern match another environment's index", () => {
    fc.assert(
      fc.property(
        namespace,
        namespace,
        fc.date({ min: new Date("2000-01-01"), max: new Date("2099-12-31"), noInvalidDate: true }),
        (a, b, day) => {
          fc.pre(a !== b);
          assert.equal(indexPatternMatches(environmentIndexPattern(a), logIndexName(b, day)), false);
          assert.equal(indexPatternMatches(environmentIndexPattern(a), logIndexName(a, day)), true);
          assert.equal(indexPatternMatches(ALL_LOGS_PATTERN, logIndexName(a, day)), true);
        },
      ),
    );
  });

  it("has the collector and Logstash derive the index from the pod's namespace the same way", () => {
    // The Lua filter builds the prefix from kubernetes.namespace_name, both writers append ".<date>".
    assert.match(LOG_INDEX_LUA, /k8s\["namespace_name"\]/);
    assert.match(LOG_INDEX_LUA, /record\["log_index_prefix"\] = "logs-" \.\. namespace/);
    assert.match(LOG_INDEX_LUA, /string\.gsub\(key, "%\.", "_"\)/);
    const direct = fluentBitConfig({ kind: "opensearch", host: "os", port: 9200 }).outputs;
    assert.match(direct, /Logstash_Prefix_Key\s+\$log_index_prefix\n/);
    assert.match(direct, /Logstash_Prefix_Separator\s+\.\n/);
    assert.match(direct, /Logstash_DateFormat\s+%Y\.%m\.%d\n/);
    assert.equal(LOGSTASH_INDEX, "%{[log_index_prefix]}.%{+YYYY.MM.dd}");
    assert.equal(logIndexPrefix("dev1"), "logs-dev1");
  });
});

describe("retention policy", () => {
  it("deletes indices once they are retentionDays old and attaches itself to every new log index", () => {
    const policy = retentionPolicy(3).policy;
    const open = policy.states.find((s) => s.name === policy.default_state)!;
    assert.deepEqual(open.transitions, [{ state_name: "delete", conditions: { min_index_age: "3d" } }]);
    assert.deepEqual(policy.states.find((s) => s.name === "delete")!.actions, [{ delete: {} }]);
    assert.deepEqual(policy.ism_template, [{ index_patterns: ["logs-*"], priority: 100 }]);
  });

  it("refuses retentions that are not 1 to 365 whole days", () => {
    for (const days of [0, -1, 1.5, 366]) assert.throws(() => retentionPolicy(days), RangeError);
  });

  it("gives log indices a replica only when the store has a second node to hold it", () => {
    assert.equal(logIndexTemplate(1).template.settings.number_of_replicas, 0);
    assert.equal(logIndexTemplate(3).template.settings.number_of_replicas, 1);
  });

  it("hashes what the Job installs, so a changed retention replaces (re-runs) the Job", () => {
    const a = configHash(retentionConfigData(retentionPolicy(3), logIndexTemplate(1)));
    const b = configHash(retentionConfigData(retentionPolicy(7), logIndexTemplate(1)));
    assert.notEqual(a, b);
    assert.equal(a, configHash(retentionConfigData(retentionPolicy(3), logIndexTemplate(1))));
  });
});

describe("collector", () => {
  const pools = [
    { tolerations: [] },
    {
      tolerations: [
        { key: "game-infra/pool", operator: "Equal" as const, value: "game", effect: "NoSchedule" as const },
      ],
    },
  ];
  const grace = graceTolerations(240);

  it("tolerates every pool's taint and the grace-period taints, once each", () => {
    const tolerations = everyNodeTolerations([...pools, ...pools], grace);
    assert.deepEqual(tolerations, [pools[1]!.tolerations[0], ...grace]);
  });

  it("mounts exactly one host path, /var/log, read-only, and runs as a non-root user without capabilities", () => {
    assert.deepEqual(COLLECTOR_HOST_PATHS, [{ name: "varlog", path: "/var/log", readOnly: true }]);
    const values = collectorValues({
      output: { kind: "kafka", brokers: "b:9092", topic: "logs" },
      requests: STANDARD_LOGGING_REQUESTS.collector,
      tolerations: grace,
      labels: {},
      credentialsSecret: "s",
    });
    assert.deepEqual(values.daemonSetVolumes, [
      { name: "varlog", hostPath: { path: "/var/log", type: "Directory" } },
    ]);
    assert.deepEqual(values.daemonSetVolumeMounts, [
      { name: "varlog", mountPath: "/var/log", readOnly: true },
    ]);
    assert.notEqual(values.podSecurityContext.runAsUser, 0);
    assert.equal(values.securityContext.allowPrivilegeEscalation, false);
    assert.deepEqual(values.securityContext.capabilities, { drop: ["ALL"] });
    assert.equal(values.hostNetwork, false);
    // Credentials are only needed (and only mounted) when writing to OpenSearch directly.
    assert.deepEqual(values.env, []);
  });

  it("writes to OpenSearch over TLS with credentials from the environment, never inline", () => {
    const out = fluentBitConfig({
      kind: "opensearch",
      host: "opensearch-cluster-master.logging.svc",
      port: 9200,
    }).outputs;
    assert.match(out, /Name\s+opensearch\n/);
    assert.match(out, /tls\s+On\n/);
    assert.match(out, /HTTP_Passwd\s+\$\{OPENSEARCH_PASSWORD\}\n/);
  });
});

describe("OpenSearch settings", () => {
  it("sizes the JVM heap at half the memory limit, rounded down to 64 MiB, and refuses tiny containers", () => {
    assert.equal(jvmHeapMiB(2048), 1024);
    assert.equal(jvmHeapMiB(1000), 448);
    assert.throws(() => jvmHeapMiB(256), RangeError);
  });

  it("keeps the security block nested, the shape the image's demo installer expects", () => {
    assert.ok(
      !openSearchYml()
        .split("\n")
        .some((line) => line.includes("plugins.security")),
    );
    assert.match(openSearchYml(), /node\.store\.allow_mmap: false/);
  });

  it("lists only our two internal users, with their bcrypt hashes and no demo users", () => {
    const hash = (c: string) => `$2a$12$${c.repeat(53)}`;
    const yaml = internalUsersYaml({ admin: hash("a"), dashboards: hash("b") });
    assert.deepEqual(
      [...yaml.matchAll(/^([a-z_]+):$/gm)].map((m) => m[1]),
      ["_meta", "admin", "kibanaserver"],
    );
    assert.throws(() => internalUsersYaml({ admin: "plain-text", dashboards: hash("b") }));
  });
});

describe("node cost of the pipeline", () => {
  const input: FootprintInput = {
    requests: STANDARD_LOGGING_REQUESTS,
    openSearchNodes: 3,
    dashboardsReplicas: 2,
    buffer: true,
    kafkaNodes: 3,
    logstashReplicas: 2,
    systemNode: { allocatableCpuMillicores: 1930, allocatableMemoryMiB: 7518 },
    pools: [
      { name: "system", nodes: 3, allocatableCpuMillicores: 1930, allocatableMemoryMiB: 7518 },
      { name: "game", nodes: 3, allocatableCpuMillicores: 7870, allocatableMemoryMiB: 31075 },
    ],
  };

  it("sums every system-pool part's requests and expresses them as system nodes' worth", () => {
    const f = loggingFootprint(input);
    // 3x2048 + 2x768 + 384 + 3x2048 + 256 + 2x1024 MiB; memory is the binding resource.
    assert.equal(f.systemPool.memoryMiB, 16512);
    assert.equal(f.systemPool.cpuMillicores, 3 * 250 + 2 * 100 + 200 + 3 * 200 + 100 + 2 * 250);
    assert.equal(f.systemPool.nodes, Math.ceil((16512 / 7518) * 100) / 100);
  });

  it("counts the collector once per node of every pool, and its share of each pool's node", () => {
    const f = loggingFootprint(input);
    const collector = f.rows.find((r) => r.runsOn === "every node")!;
    assert.equal(collector.replicas, 6);
    assert.deepEqual(f.collectorPerNode, { cpuMillicores: 50, memoryMiB: 64 });
    assert.deepEqual(
      f.collectorShare.map((s) => s.pool),
      ["system", "game"],
    );
    assert.equal(f.collectorShare[0]!.cpuPercent, 2.6);
  });

  it("leaves the buffer's parts out when the buffer is off", () => {
    const f = loggingFootprint({ ...input, buffer: false });
    assert.deepEqual(
      f.rows.map((r) => r.part),
      ["Fluent Bit (collector)", "OpenSearch", "OpenSearch Dashboards"],
    );
  });

  it("prints one table row per part and the two summary lines", () => {
    const text = formatFootprint("stage", loggingFootprint(input));
    assert.equal(
      text.split("\n").filter((l) => l.startsWith("| ") && !l.startsWith("| part") && !l.startsWith("| ---"))
        .length,
      7,
    );
    assert.match(text, /System pool: 2350m CPU and 16512 MiB requested, 2\.2 nodes' worth/);
  });
});

describe("logging settings", () => {
  const profile: LoggingProfile = {
    retentionDays: 3,
    buffer: false,
    openSearchNodes: 1,
    storageGiB: 20,
    kafkaNodes: 1,
    kafkaStorageGiB: 10,
    bufferRetentionHours: 24,
    dashboardsReplicas: 1,
    logstashReplicas: 1,
    requests: STANDARD_LOGGING_REQUESTS,
  };
  const system = { nodes: 2, allocatableCpuMillicores: 1930, allocatableMemoryMiB: 7518 };

  it("takes the tier's values and lets the stack override any, requests field by field", () => {
    const s = resolveLoggingSettings(profile, {
      dashboardsAllowedCidrs: ["203.0.113.0/24"],
      retentionDays: 10,
      requests: { openSearch: { memoryMiB: 4096 } },
    });
    assert.equal(s.retentionDays, 10);
    assert.equal(s.buffer, false);
    assert.deepEqual(s.requests.openSearch, { cpuMillicores: 250, memoryMiB: 4096 });
    assert.deepEqual(s.requests.kafka, STANDARD_LOGGING_REQUESTS.kafka);
  });

  it("needs a system node per OpenSearch node and room for the pipeline in the system pool", () => {
    const three = resolveLoggingSettings(profile, {
      dashboardsAllowedCidrs: ["203.0.113.0/24"],
      openSearchNodes: 3,
    });
    assert.deepEqual(
      loggingProblems(three, system).map((p) => p.path),
      ["openSearchNodes"],
    );
    const huge = resolveLoggingSettings(profile, {
      dashboardsAllowedCidrs: ["203.0.113.0/24"],
      requests: { openSearch: { memoryMiB: 16384 } },
    });
    assert.deepEqual(
      loggingProblems(huge, system).map((p) => p.path),
      ["requests"],
    );
  });

  it("allows 1 to 3 Dashboards CIDRs and never /0", () => {
    const cidrs = (list: string[]) => resolveLoggingSettings(profile, { dashboardsAllowedCidrs: list });
    assert.equal(MAX_DASHBOARDS_CIDRS, 3);
    assert.deepEqual(
      loggingProblems(cidrs([]), system).map((p) => p.path),
      ["dashboardsAllowedCidrs"],
    );
    assert.deepEqual(
      loggingProblems(cidrs(["0.0.0.0/0"]), system).map((p) => p.path),
      ["dashboardsAllowedCidrs"],
    );
    assert.deepEqual(loggingProblems(cidrs(["10.1.0.0/16", "10.2.0.0/16", "10.3.0.0/16"]), system), []);
    assert.deepEqual(
      loggingProblems(cidrs(["10.1.0.0/16", "10.2.0.0/16", "10.3.0.0/16", "10.4.0.0/16"]), system),
      [
        {
          path: "dashboardsAllowedCidrs",
          message:
            "needs 1 to 3 CIDRs, got 4: one ALB listener rule holds at most 5 condition values (3 in one condition), " +
            "and this rule's host and path take 2",
        },
      ],
    );
  });
});

describe("Dashboards ingress", () => {
  const ingress = dashboardsIngress({
    namespace: "logging",
    domain: "dev.game.example.com",
    ingressGroup: "game-infra-dev",
    certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/x",
    allowedCidrs: ["203.0.113.0/24"],
    labels: {},
  });
  const annotations = (ingress.metadata as { annotations: Record<string, string> }).annotations;

  it("joins the stack's IngressGroup and serves logs.<domain> over HTTPS only", () => {
    assert.equal(annotations["alb.ingress.kubernetes.io/group.name"], "game-infra-dev");
    assert.deepEqual(JSON.parse(annotations["alb.ingress.kubernetes.io/listen-ports"]!), [{ HTTPS: 443 }]);
    const spec = ingress.spec as { rules: Array<{ host: string }>; tls: Array<{ hosts: string[] }> };
    assert.equal(spec.rules[0]!.host, "logs.dev.game.example.com");
    assert.deepEqual(spec.tls, [{ hosts: ["logs.dev.game.example.com"] }]);
  });

  it("admits only the allowed CIDRs through a source-IP condition on its own rule", () => {
    const conditions = JSON.parse(annotations["alb.ingress.kubernetes.io/conditions.opensearch-dashboards"]!);
    assert.deepEqual(conditions, [{ field: "source-ip", sourceIpConfig: { values: ["203.0.113.0/24"] } }]);
    // The security group is shared with public game endpoints; restricting it here would be wrong.
    assert.equal(annotations["alb.ingress.kubernetes.io/inbound-cidrs"], undefined);
  });
});

describe("Kafka buffer resources", () => {
  const shape: KafkaBufferShape = {
    namespace: "logging",
    nodes: 3,
    storageGiB: 30,
    storageClass: "gp3",
    requests: STANDARD_LOGGING_REQUESTS.kafka,
    retentionHours: 24,
    placement: { nodeSelector: { "game-infra/pool": "system" }, tolerations: graceTolerations(120) },
    labels: { "app.kubernetes.io/component": "log-buffer" },
    topicOperatorRequests: { cpuMillicores: 100, memoryMiB: 256 },
  };

  it("replicates three ways where there are three nodes and needs all but one for a write", () => {
    assert.deepEqual(kafkaReplication(3), { replicationFactor: 3, minInSyncReplicas: 2 });
    assert.deepEqual(kafkaReplication(1), { replicationFactor: 1, minInSyncReplicas: 1 });
  });

  it("caps the topic's bytes per partition so a broker's share stays within 60 % of its disk", () => {
    const perPartition = topicRetentionBytes(30, 3);
    assert.ok(perPartition * 3 <= 30 * 1024 ** 3 * 0.6);
    assert.equal(perPartition, Math.floor((30 * 1024 ** 3 * 0.6) / 3));
  });

  it("builds CRs the Strimzi v1 schema accepts", () => {
    for (const manifest of [
      kafkaNodePoolManifest(shape),
      kafkaClusterManifest(shape),
      logsTopicManifest(shape),
    ]) {
      assert.deepEqual(strimziResourceProblems(manifest), [], manifest.kind);
    }
  });

  it("rejects what the Strimzi v1 CRDs reject", () => {
    const cluster = kafkaClusterManifest(shape);
    // v1beta2-only field, removed in the v1 API
    const withReplicas = {
      ...cluster,
      spec: { ...cluster.spec, kafka: { ...cluster.spec.kafka, replicas: 3 } },
    };
    assert.match(strimziResourceProblems(withReplicas).join(), /spec\.kafka/);
    const badListener = {
      ...cluster,
      spec: {
        ...cluster.spec,
        kafka: {
          ...cluster.spec.kafka,
          listeners: [{ name: "Plain_1", port: 9000, type: "internal", tls: false }],
        },
      },
    };
    assert.equal(strimziResourceProblems(badListener).length, 2);
    const pool = kafkaNodePoolManifest(shape);
    const unlabelled = { ...pool, metadata: { ...pool.metadata, labels: {} } };
    assert.match(strimziResourceProblems(unlabelled).join(), /strimzi\.io\/cluster/);
    const noRoles = { ...pool, spec: { ...pool.spec, roles: ["zookeeper"] } };
    assert.equal(strimziResourceProblems(noRoles).length, 1);
    assert.match(strimziResourceProblems({ kind: "KafkaConnect" }).join(), /not a Strimzi kind/);
  });

  it("has Logstash consume the same topic the collector produces", () => {
    const pipeline = logstashPipeline({
      kafkaBootstrap: "logs-kafka-bootstrap.logging.svc:9092",
      topic: "logs",
      openSearchUrl: "https://os:9200",
      consumerThreads: 1,
    });
    const collector = fluentBitConfig({
      kind: "kafka",
      brokers: "logs-kafka-bootstrap.logging.svc:9092",
      topic: "logs",
    }).outputs;
    assert.match(pipeline, /bootstrap_servers => "logs-kafka-bootstrap\.logging\.svc:9092"/);
    assert.match(pipeline, /topics => \["logs"\]/);
    assert.match(collector, /Brokers\s+logs-kafka-bootstrap\.logging\.svc:9092\n/);
    assert.match(collector, /Topics\s+logs\n/);
  });
});

describe("pinned versions", () => {
  it("pins every chart to an exact semantic version", () => {
    for (const chart of LOGGING_CHARTS) assert.match(chart.version, /^\d+\.\d+\.\d+$/, chart.chart);
  });

  it("turns requests into requests plus a memory limit, and a CPU limit only where asked", () => {
    assert.deepEqual(containerResources({ cpuMillicores: 50, memoryMiB: 64 }, 2), {
      requests: { cpu: "50m", memory: "64Mi" },
      limits: { memory: "128Mi" },
    });
    assert.deepEqual(containerResources({ cpuMillicores: 100, memoryMiB: 768 }, 1, 1000).limits, {
      memory: "768Mi",
      cpu: "1000m",
    });
    assert.throws(() => containerResources({ cpuMillicores: 500, memoryMiB: 768 }, 1, 100), RangeError);
  });
});
