/**
 * The logging pipeline's third-party software, pinned: each Helm chart at an exact version and
 * each image at an exact tag, so a plan shows every upgrade as a diff. Bump a version here on
 * purpose, after reading its release notes; where each pin was checked is noted beside it.
 */
import type { PinnedChart } from "../charts";

/** A container image pinned to a tag (never `latest`). */
export interface PinnedImage {
  readonly repository: string;
  readonly tag: string;
}

/**
 * Fluent Bit chart 0.54.1 (fluent/helm-charts CHANGELOG, 2026-01-06: "Update Fluent Bit OCI image
 * to 4.1.1"). The chart's test pod pulls `busybox:latest`, so its test framework is switched off.
 */
export const FLUENT_BIT_CHART: PinnedChart = {
  chart: "fluent-bit",
  version: "0.54.1",
  repository: "https://fluent.github.io/helm-charts",
};

/** Fluent Bit 4.1.1, the image chart 0.54.1 was released with. */
export const FLUENT_BIT_IMAGE: PinnedImage = {
  repository: "cr.fluentbit.io/fluent/fluent-bit",
  tag: "4.1.1",
};

/**
 * OpenSearch chart 3.6.0 (opensearch-project/helm-charts PR #737, "Update helm charts to support
 * 3.6.0", 2026-04-07; also used at that version by sapcc/helm-charts PR #11599).
 */
export const OPENSEARCH_CHART: PinnedChart = {
  chart: "opensearch",
  version: "3.6.0",
  repository: "https://opensearch-project.github.io/helm-charts",
};

/** OpenSearch 3.6.0 (endoflife.date: latest 3.x release 2026-04-07). */
export const OPENSEARCH_IMAGE: PinnedImage = { repository: "opensearchproject/opensearch", tag: "3.6.0" };

/** OpenSearch Dashboards chart 3.6.0 (Artifact Hub feed, published 2026-04-07), released with the above. */
export const OPENSEARCH_DASHBOARDS_CHART: PinnedChart = {
  chart: "opensearch-dashboards",
  version: "3.6.0",
  repository: "https://opensearch-project.github.io/helm-charts",
};

/** OpenSearch Dashboards 3.6.0; Dashboards must match the OpenSearch version. */
export const OPENSEARCH_DASHBOARDS_IMAGE: PinnedImage = {
  repository: "opensearchproject/opensearch-dashboards",
  tag: "3.6.0",
};

/**
 * Strimzi operator chart 1.1.0: KRaft only, `kafka.strimzi.io/v1` CRDs (v1beta2 was removed in 1.0.0,
 * strimzi-kafka-operator #11937; headlamp-k8s/plugins #666). 1.1.0 supports Kafka 4.2.0, 4.2.1 and 4.3.0
 * (zacheryph/k8s-gitops #3396). The chart's images default to its own version; pinned here anyway.
 */
export const STRIMZI_CHART: PinnedChart = {
  chart: "strimzi-kafka-operator",
  version: "1.1.0",
  repository: "https://strimzi.io/charts/",
};

/** The tag of every Strimzi operator image (operator, topic operator, Kafka base images). */
export const STRIMZI_IMAGE_TAG = "1.1.0";

/** The Kafka version the brokers run, and the KRaft metadata version that goes with it. */
export const KAFKA_VERSION = { version: "4.3.0", metadataVersion: "4.3-IV0" } as const;

/**
 * Elastic's Logstash chart 8.5.1, its last release (elastic/helm-charts is no longer developed; the
 * chart is a plain StatefulSet template, and every value this program relies on is set explicitly).
 */
export const LOGSTASH_CHART: PinnedChart = {
  chart: "logstash",
  version: "8.5.1",
  repository: "https://helm.elastic.co",
};

/**
 * Logstash OSS with the OpenSearch output plugin, 8.9.0: the newest tag OpenSearch publishes
 * (plugin 2.0.1), reported working against OpenSearch 3.7.
 */
export const LOGSTASH_IMAGE: PinnedImage = {
  repository: "opensearchproject/logstash-oss-with-opensearch-output-plugin",
  tag: "8.9.0",
};

/** curl for the retention-policy Job: a small non-root image (uid 100). */
export const CURL_IMAGE: PinnedImage = { repository: "curlimages/curl", tag: "8.16.0" };

/** `repository:tag`. */
export function imageRef(image: PinnedImage): string {
  return `${image.repository}:${image.tag}`;
}

/** Every chart the logging pipeline installs (tests check each is pinned). */
export const LOGGING_CHARTS: readonly PinnedChart[] = [
  FLUENT_BIT_CHART,
  OPENSEARCH_CHART,
  OPENSEARCH_DASHBOARDS_CHART,
  STRIMZI_CHART,
  LOGSTASH_CHART,
];
