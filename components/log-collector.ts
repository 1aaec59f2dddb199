import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { Toleration } from "../lib/grace";
import { FLUENT_BIT_CHART } from "../lib/logging/charts";
import { COLLECTOR_MEMORY_LIMIT_FACTOR, COLLECTOR_RELEASE, collectorValues } from "../lib/logging/collector";
import type { CollectorOutput } from "../lib/logging/fluent-bit";
import { CHART_LABELS } from "../lib/logging/pod-defaults";
import { containerResources, type PartRequests } from "../lib/logging/resources";
import { assertValidArgs, type ArgProblem } from "../lib/validation";
import { pinnedRelease } from "./pinned-release";

/** Arguments of {@link LogCollector}. */
export interface LogCollectorArgs {
  readonly provider: k8s.Provider;
  readonly namespaceName: string;
  /** OpenSearch directly, or the Kafka buffer. */
  readonly output: CollectorOutput;
  readonly requests: PartRequests;
  /** Every taint of every pool plus the grace-period ones: the collector runs on every node. */
  readonly tolerations: readonly Toleration[];
  /** Name of the Secret with the OpenSearch `username` and `password` (direct output only). */
  readonly credentialsSecret: string;
  /** @default [] */
  readonly dependsOn?: pulumi.Input<pulumi.Resource>[];
}

/** Checks LogCollector's arguments; returns every problem found. */
export function validateLogCollectorArgs(args: LogCollectorArgs): ArgProblem[] {
  const problems: ArgProblem[] = [];
  if (args.requests.cpuMillicores < 1 || args.requests.memoryMiB < 16) {
    problems.push({ propertyPath: "requests", reason: "needs at least 1m CPU and 16 MiB memory" });
  }
  for (const effect of ["NoExecute"] as const) {
    for (const key of ["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"]) {
      if (!args.tolerations.some((t) => t.key === key && t.effect === effect)) {
        problems.push({
          propertyPath: "tolerations",
          reason: `needs the grace-period toleration for ${key}`,
        });
      }
    }
  }
  return problems;
}

/** Fluent Bit as a DaemonSet on every node, from its pinned chart. */
export class LogCollector extends pulumi.ComponentResource {
  /** What one collector pod requests: it comes off every node's allocatable capacity. */
  readonly requestsPerNode: { readonly cpu: string; readonly memory: string };

  constructor(name: string, args: LogCollectorArgs, opts?: pulumi.ComponentResourceOptions) {
    super("game:index:LogCollector", name, {}, opts);
    assertValidArgs("LogCollector", name, validateLogCollectorArgs(args));

    pinnedRelease(
      `${name}-fluent-bit`,
      COLLECTOR_RELEASE,
      FLUENT_BIT_CHART,
      args.namespaceName,
      collectorValues({
        output: args.output,
        requests: args.requests,
        tolerations: args.tolerations,
        labels: CHART_LABELS,
        credentialsSecret: args.credentialsSecret,
      }),
      { parent: this, provider: args.provider, dependsOn: args.dependsOn ?? [] },
    );

    this.requestsPerNode = containerResources(args.requests, COLLECTOR_MEMORY_LIMIT_FACTOR).requests;
    this.registerOutputs({ requestsPerNode: this.requestsPerNode });
  }
}
