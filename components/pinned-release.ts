/** The one way the logging components install a third-party Helm chart. */
import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { PinnedChart } from "../lib/charts";

/** How long a release may take to become ready (OpenSearch and Kafka start slowly). */
export const RELEASE_TIMEOUT_SECONDS = 900;

/**
 * A Helm release of a pinned chart into `namespace`, under a fixed release name (policies and
 * people find it by that name), waiting for readiness and rolling back a failed upgrade.
 */
export function pinnedRelease(
  resourceName: string,
  releaseName: string,
  chart: PinnedChart,
  namespace: pulumi.Input<string>,
  values: object,
  opts: pulumi.CustomResourceOptions,
): k8s.helm.v3.Release {
  return new k8s.helm.v3.Release(
    resourceName,
    {
      name: releaseName,
      chart: chart.chart,
      version: chart.version,
      repositoryOpts: { repo: chart.repository },
      namespace,
      createNamespace: false,
      values: values as Record<string, unknown>,
      atomic: true,
      cleanupOnFail: true,
      timeout: RELEASE_TIMEOUT_SECONDS,
    },
    opts,
  );
}
