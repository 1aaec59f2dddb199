/**
 * The Strimzi `kafka.strimzi.io/v1` schemas (lib/logging/strimzi-schema.ts) field by field: minimal
 * valid Kafka, KafkaNodePool and KafkaTopic resources written out here, then one change at a time,
 * each with the exact `<path>: <message>` line it must produce (or none). Covers the quantity and
 * heap patterns, listener names and ports, labels, storage, affinity and toleration shapes, and
 * unknown kinds. Fast: no Pulumi runtime, so `npm run mutate` runs it per mutant (lib list).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { strimziResourceProblems } from "../lib/logging/strimzi-schema";

type Json = Record<string, unknown>;

const POD_TEMPLATE = {
  metadata: { labels: { app: "kafka" }, annotations: { note: "x" } },
  affinity: {
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [{ matchExpressions: [{ key: "pool", operator: "In", values: ["system"] }] }],
      },
    },
    podAntiAffinity: {
      preferredDuringSchedulingIgnoredDuringExecution: [
        {
          weight: 100,
          podAffinityTerm: {
            topologyKey: "kubernetes.io/hostname",
            labelSelector: { matchLabels: { a: "b" } },
          },
        },
      ],
    },
  },
  tolerations: [
    { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute", tolerationSeconds: 80 },
    { key: "pool", operator: "Equal", value: "system", effect: "NoSchedule" },
    { key: "soft", operator: "Exists", effect: "PreferNoSchedule" },
  ],
  terminationGracePeriodSeconds: 0,
  priorityClassName: "high",
};

const pool = (spec: Json = {}, metadata: Json = {}): Json => ({
  apiVersion: "kafka.strimzi.io/v1",
  kind: "KafkaNodePool",
  metadata: { name: "brokers", namespace: "logging", labels: { "strimzi.io/cluster": "logs" }, ...metadata },
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
          class: "gp3",
          deleteClaim: false,
          kraftMetadata: "shared",
        },
      ],
    },
    resources: { requests: { cpu: "200m", memory: "2048Mi" }, limits: { memory: "2Gi", cpu: 1 } },
    jvmOptions: { "-Xms": "1024m", "-Xmx": "1g", "-XX": { UseG1GC: "true" }, gcLoggingEnabled: false },
    template: { pod: POD_TEMPLATE },
    ...spec,
  },
});

const kafka = (kafkaSpec: Json = {}, spec: Json = {}, metadata: Json = {}): Json => ({
  apiVersion: "kafka.strimzi.io/v1",
  kind: "Kafka",
  metadata: { name: "logs", namespace: "logging", ...metadata },
  spec: {
    kafka: {
      version: "4.3.0",
      metadataVersion: "4.3-IV0",
      listeners: [{ name: "plain", port: 9092, type: "internal", tls: false }],
      config: { "min.insync.replicas": 2, "auto.create.topics.enable": false, "compression.type": "lz4" },
      template: { pod: POD_TEMPLATE },
      ...kafkaSpec,
    },
    entityOperator: {
      topicOperator: { watchedNamespace: "logging", reconciliationIntervalMs: 0, resources: {} },
      template: { pod: POD_TEMPLATE },
    },
    ...spec,
  },
});

const topic = (spec: Json = {}, metadata: Json = {}): Json => ({
  apiVersion: "kafka.strimzi.io/v1",
  kind: "KafkaTopic",
  metadata: { name: "logs", namespace: "logging", labels: { "strimzi.io/cluster": "logs" }, ...metadata },
  spec: { topicName: "logs", partitions: 1, replicas: 1, config: { "retention.ms": 1000 }, ...spec },
});

const problems = (resource: Json) => strimziResourceProblems(resource);

describe("Strimzi schemas: valid resources", () => {
  it("accepts the fields this program sets, with every optional one present", () => {
    assert.deepEqual(problems(pool()), []);
    assert.deepEqual(problems(kafka()), []);
    assert.deepEqual(problems(topic()), []);
    assert.deepEqual(problems(topic({ replicas: 32767 })), []);
    assert.deepEqual(problems(pool({ replicas: 0 })), []);
  });

  it("accepts a cluster without labels, or without an entity operator", () => {
    const { entityOperator: _, ...spec } = kafka().spec as Json;
    assert.deepEqual(problems({ ...kafka(), spec }), []);
    assert.deepEqual(problems(kafka({}, {}, { labels: { any: "label" }, annotations: { a: "b" } })), []);
  });
});

describe("Strimzi schemas: kinds and metadata", () => {
  it("names an unknown or missing kind instead of guessing a schema", () => {
    assert.deepEqual(strimziResourceProblems({ kind: "KafkaConnect" }), [
      "kind: KafkaConnect is not a Strimzi kind this program knows",
    ]);
    assert.deepEqual(strimziResourceProblems({}), [
      "kind: undefined is not a Strimzi kind this program knows",
    ]);
    // Only a string kind selects a schema, even one whose text names a known kind.
    assert.deepEqual(strimziResourceProblems({ kind: ["Kafka"] }), [
      "kind: Kafka is not a Strimzi kind this program knows",
    ]);
  });

  it("names no schema after a property every object has", () => {
    for (const kind of ["toString", "constructor", "__proto__", "hasOwnProperty"]) {
      assert.deepEqual(strimziResourceProblems({ kind }), [
        `kind: ${kind} is not a Strimzi kind this program knows`,
      ]);
    }
  });

  it("refuses another API version or a kind the wrong schema would take", () => {
    assert.deepEqual(problems({ ...topic(), apiVersion: "kafka.strimzi.io/v1beta2" }), [
      'apiVersion: Invalid input: expected "kafka.strimzi.io/v1"',
    ]);
  });

  it("needs a DNS-1123 name and a namespace", () => {
    assert.deepEqual(problems(topic({}, { name: "Logs_1", namespace: "" })), [
      "metadata.name: must be a DNS-1123 subdomain",
      "metadata.namespace: Too small: expected string to have >=1 characters",
    ]);
  });

  it("needs the strimzi.io/cluster label on a node pool and a topic, but not on the cluster", () => {
    const missing = "metadata.labels: needs the strimzi.io/cluster label naming its Kafka cluster";
    assert.deepEqual(problems(pool({}, { labels: { other: "x" } })), [missing]);
    assert.deepEqual(problems(topic({}, { labels: {} })), [missing]);
    assert.deepEqual(problems(pool({}, { labels: { "strimzi.io/cluster": "" } })), []);
  });

  it("reports an unknown top-level field at the root", () => {
    assert.deepEqual(problems({ ...topic(), status: {} }), ['(root): Unrecognized key: "status"']);
  });
});

describe("Strimzi schemas: the node pool", () => {
  const resources = (memory: string) => pool({ resources: { requests: { memory } } });

  it("takes Kubernetes quantities for resources", () => {
    for (const q of [
      "1",
      "100m",
      "2048Mi",
      "1.5",
      ".5",
      "2.",
      "1e3",
      "1E-3",
      "1e+3",
      "+1",
      "-1",
      "5Gi",
      "3k",
      "1Ei",
      "7n",
      "1u",
      ".25",
      "1e10",
      "1e2.",
      "1e.55",
      "-.5E+.25",
      "1Ki",
      "1Mi",
      "1Ti",
      "1Pi",
      "1M",
      "1G",
      "1T",
      "1P",
      "1E",
    ]) {
      assert.deepEqual(problems(resources(q)), [], q);
    }
  });

  it("refuses anything else as a quantity", () => {
    for (const q of [
      "",
      "Mi",
      "1MB",
      "1.5.5",
      "m1",
      "1 m",
      "1e",
      "x1",
      "1Mi ",
      " 1Mi",
      "1mi",
      "1Ki1",
      "1e1.5.",
      ".",
      "1.e",
      "1x",
      "1Zi",
      "1x3",
      "1ki",
    ]) {
      assert.deepEqual(
        problems(resources(q)),
        ["spec.resources.requests.memory: must be a Kubernetes quantity"],
        q,
      );
    }
  });

  it("takes whole heap sizes with an optional m or g unit", () => {
    for (const heap of ["1024", "1024m", "512M", "1g", "2G"]) {
      assert.deepEqual(problems(pool({ jvmOptions: { "-Xms": heap } })), [], heap);
    }
    for (const heap of ["1.5g", "1024mb", "m", "", " 1g", "1g ", "1k"]) {
      assert.deepEqual(
        problems(pool({ jvmOptions: { "-Xmx": heap } })),
        ["spec.jvmOptions.-Xmx: Invalid string: must match pattern /^[0-9]+[mMgG]?$/"],
        heap,
      );
    }
  });

  it("needs volumes for jbod storage, and at least one role", () => {
    assert.deepEqual(problems(pool({ storage: { type: "jbod" } })), [
      "spec.storage: jbod storage needs volumes",
    ]);
    assert.deepEqual(problems(pool({ storage: { type: "jbod", volumes: [] } })), [
      "spec.storage: jbod storage needs volumes",
    ]);
    assert.deepEqual(problems(pool({ storage: { type: "persistent-claim" } })), []);
    assert.deepEqual(problems(pool({ storage: { type: "ephemeral" } })), []);
    assert.deepEqual(problems(pool({ roles: [] })), [
      "spec.roles: Too small: expected array to have >=1 items",
    ]);
  });

  it("takes ephemeral volumes with a size limit and refuses what is not a size", () => {
    const ephemeral = (sizeLimit: string) =>
      pool({ storage: { type: "jbod", volumes: [{ id: 0, type: "ephemeral", sizeLimit }] } });
    for (const size of [
      "1Gi",
      "512Mi",
      "1.5G",
      "100",
      "1e3",
      "1e-3",
      "1e+3",
      "1E3",
      "5n",
      "5u",
      "5m",
      "5k",
      "5Ki",
      "5T",
      "5P",
    ]) {
      assert.deepEqual(problems(ephemeral(size)), [], size);
    }
    for (const size of ["", "Gi", "1 Gi", "1GB!", "x1", "1x", "1e3-", "1Gi1.5"]) {
      assert.equal(problems(ephemeral(size)).length, 1, size);
      assert.match(problems(ephemeral(size))[0]!, /^spec\.storage\.volumes\.0\.sizeLimit: /, size);
    }
  });

  it("refuses v1beta2 leftovers and unknown fields inside the spec", () => {
    assert.deepEqual(problems(pool({ zookeeper: {} })), ['spec: Unrecognized key: "zookeeper"']);
  });
});

describe("Strimzi schemas: the cluster", () => {
  const listener = (change: Json) =>
    kafka({ listeners: [{ name: "plain", port: 9092, type: "internal", tls: false, ...change }] });

  it("takes listener names of 1 to 11 lower-case letters or digits", () => {
    for (const name of ["a", "plain", "tls2", "abcdefghijk"])
      assert.deepEqual(problems(listener({ name })), [], name);
    for (const name of ["", "abcdefghijkl", "Plain", "pl-ain", "pl ain"]) {
      assert.deepEqual(
        problems(listener({ name })),
        ["spec.kafka.listeners.0.name: must be 1-11 lower-case letters or digits"],
        name,
      );
    }
  });

  it("takes listener ports from 9092 and the listener types Strimzi knows", () => {
    assert.deepEqual(problems(listener({ port: 9091 })), [
      "spec.kafka.listeners.0.port: Too small: expected number to be >=9092",
    ]);
    for (const type of ["route", "tlsroute", "loadbalancer", "nodeport", "ingress", "cluster-ip"]) {
      assert.deepEqual(problems(listener({ type })), [], type);
    }
    assert.equal(problems(listener({ type: "external" })).length, 1);
    assert.deepEqual(problems(kafka({ listeners: [] })), [
      "spec.kafka.listeners: Too small: expected array to have >=1 items",
    ]);
  });

  it("refuses the v1beta2 replicas field, and config values that are not scalars", () => {
    assert.deepEqual(problems(kafka({ replicas: 3 })), ['spec.kafka: Unrecognized key: "replicas"']);
    assert.equal(problems(kafka({ config: { nested: { a: 1 } } })).length, 1);
  });
});

describe("Strimzi schemas: pod templates", () => {
  const withPod = (change: Json) => pool({ template: { pod: { ...POD_TEMPLATE, ...change } } });

  it("refuses a nodeSelector (Strimzi has none) and tolerations Kubernetes would refuse", () => {
    assert.deepEqual(problems(withPod({ nodeSelector: { pool: "system" } })), [
      'spec.template.pod: Unrecognized key: "nodeSelector"',
    ]);
    assert.equal(
      problems(withPod({ tolerations: [{ key: "k", operator: "In", effect: "NoSchedule" }] })).length,
      1,
    );
    assert.equal(
      problems(withPod({ tolerations: [{ key: "k", operator: "Exists", effect: "Evict" }] })).length,
      1,
    );
    assert.equal(problems(withPod({ tolerations: [{ key: "k", tolerationSeconds: 1.5 }] })).length, 1);
  });

  it("needs an anti-affinity weight of 1 to 100, a topology key and a node selector term", () => {
    const anti = (weight: number, topologyKey: string) => ({
      affinity: {
        podAntiAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            { weight, podAffinityTerm: { topologyKey, labelSelector: { matchLabels: {} } } },
          ],
        },
      },
    });
    assert.deepEqual(problems(withPod(anti(1, "zone"))), []);
    assert.equal(problems(withPod(anti(0, "zone"))).length, 1);
    assert.equal(problems(withPod(anti(101, "zone"))).length, 1);
    assert.equal(problems(withPod(anti(50, ""))).length, 1);
    assert.equal(
      problems(
        withPod({
          affinity: {
            nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [] } },
          },
        }),
      ).length,
      1,
    );
  });
});

describe("Strimzi schemas: the topic", () => {
  it("needs at least one partition and 1 to 32767 replicas", () => {
    assert.deepEqual(problems(topic({ partitions: 0, replicas: 0 })), [
      "spec.partitions: Too small: expected number to be >=1",
      "spec.replicas: Too small: expected number to be >=1",
    ]);
    assert.deepEqual(problems(topic({ replicas: 32768 })), [
      "spec.replicas: Too big: expected number to be <=32767",
    ]);
  });
});
