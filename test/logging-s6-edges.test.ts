/**
 * Edges of lib/logging that the broader logging suites do not pin (issue 14's surviving mutants):
 * the Helm release names the pipeline is installed under (the collector's is named by the policy
 * allow-lists), the Kubernetes quantity pattern's exponent, and the lower bounds (not upper bounds)
 * of the Strimzi schemas' grace period, reconciliation interval and volume id. Fast: plain lib/
 * imports and three small policy config files, so `npm run mutate` runs it per mutant (lib list).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { COLLECTOR_RELEASE } from "../lib/logging/collector";
import { LOGSTASH_RELEASE } from "../lib/logging/logstash-values";
import { STRIMZI_RELEASE } from "../lib/logging/strimzi-operator";
import { strimziResourceProblems } from "../lib/logging/strimzi-schema";
import { ROOT } from "./paths";

type Json = Record<string, unknown>;

describe("the Helm release names of the logging pipeline", () => {
  it("installs the collector as release fluent-bit, the name the policy allow-lists exempt in logging", () => {
    // The chart names its DaemonSet after the release; the host-path, run-as-root and token
    // exceptions in policy/config/<stack>.json name that DaemonSet, so any other name is refused.
    assert.equal(COLLECTOR_RELEASE, "fluent-bit");
    for (const stack of ["dev", "qa", "stage"]) {
      const config = JSON.parse(
        readFileSync(join(ROOT, "policy", "config", `${stack}.json`), "utf8"),
      ) as Record<string, { allowedWorkloads?: Array<{ namespace: string; name: string }> }>;
      for (const policy of [
        "k8s-no-host-path",
        "k8s-run-as-non-root",
        "k8s-no-automount-service-account-token",
      ]) {
        const logging = (config[policy]?.allowedWorkloads ?? []).filter((w) => w.namespace === "logging");
        assert.deepEqual(
          logging.map((w) => w.name),
          [COLLECTOR_RELEASE],
          `${stack}: ${policy}`,
        );
      }
    }
  });

  it("keeps the deployed release names of Logstash and the Strimzi operator (a new name is a second install)", () => {
    // Helm cannot rename a release: another name installs a second copy beside the running one.
    assert.equal(LOGSTASH_RELEASE, "logstash");
    assert.equal(STRIMZI_RELEASE, "strimzi-kafka-operator");
  });
});

const pool = (spec: Json = {}): Json => ({
  apiVersion: "kafka.strimzi.io/v1",
  kind: "KafkaNodePool",
  metadata: { name: "brokers", namespace: "logging", labels: { "strimzi.io/cluster": "logs" } },
  spec: {
    replicas: 3,
    roles: ["controller", "broker"],
    storage: { type: "jbod", volumes: [{ id: 0, type: "persistent-claim", size: "30Gi" }] },
    ...spec,
  },
});

const kafka = (entityOperator: Json): Json => ({
  apiVersion: "kafka.strimzi.io/v1",
  kind: "Kafka",
  metadata: { name: "logs", namespace: "logging" },
  spec: {
    kafka: { listeners: [{ name: "plain", port: 9092, type: "internal", tls: false }] },
    entityOperator,
  },
});

describe("the Kubernetes quantity pattern of the Strimzi schemas", () => {
  const memory = (value: string) =>
    strimziResourceProblems(pool({ resources: { requests: { memory: value } } }));

  it("accepts an exponent with a fraction, as the CRD's pattern does", () => {
    assert.deepEqual(memory("1e2.5"), []);
    assert.deepEqual(memory("1.5e3"), []);
  });

  it("refuses an exponent whose fraction is not digits", () => {
    assert.deepEqual(memory("1e3.x"), ["spec.resources.requests.memory: must be a Kubernetes quantity"]);
  });
});

describe("the Strimzi schemas' lower bounds", () => {
  it("accepts a pod grace period above zero and refuses a negative one", () => {
    const graced = (seconds: number) =>
      strimziResourceProblems(pool({ template: { pod: { terminationGracePeriodSeconds: seconds } } }));
    assert.deepEqual(graced(30), []);
    assert.deepEqual(graced(-1), [
      "spec.template.pod.terminationGracePeriodSeconds: Too small: expected number to be >=0",
    ]);
  });

  it("accepts a topic operator reconciliation interval above zero and refuses a negative one", () => {
    const every = (ms: number) =>
      strimziResourceProblems(kafka({ topicOperator: { reconciliationIntervalMs: ms } }));
    assert.deepEqual(every(120000), []);
    assert.deepEqual(every(-1), [
      "spec.entityOperator.topicOperator.reconciliationIntervalMs: Too small: expected number to be >=0",
    ]);
  });

  it("accepts a second JBOD volume (id 1) and refuses a negative volume id", () => {
    const volumes = (ids: number[]) =>
      strimziResourceProblems(
        pool({
          storage: {
            type: "jbod",
            volumes: ids.map((id) => ({ id, type: "persistent-claim", size: "30Gi" })),
          },
        }),
      );
    assert.deepEqual(volumes([0, 1]), []);
    assert.deepEqual(volumes([-1]), ["spec.storage.volumes.0.id: Too small: expected number to be >=0"]);
  });
});
