import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { OPENSEARCH_DASHBOARDS_CHART, OPENSEARCH_DASHBOARDS_IMAGE } from "../lib/logging/charts";
import {
  DASHBOARDS_CIDR_LIMIT_REASON,
  MAX_DASHBOARDS_CIDRS,
  dashboardsHost,
  dashboardsIngress,
  dashboardsValues,
} from "../lib/logging/dashboards";
import { CHART_LABELS, loggingLabels, type Placement } from "../lib/logging/pod-defaults";
import type { PartRequests } from "../lib/logging/resources";
import { assertValidArgs, type ArgProblem } from "../lib/validation";
import { pinnedRelease } from "./pinned-release";

/** The Helm release name of Dashboards. */
export const DASHBOARDS_RELEASE = "opensearch-dashboards";

/** Arguments of {@link LogDashboards}. */
export interface LogDashboardsArgs {
  readonly provider: k8s.Provider;
  readonly namespaceName: string;
  readonly replicas: number;
  readonly requests: PartRequests;
  readonly placement: Placement;
  /** Name of the Secret with the Dashboards server user's `username`, `password` and `cookie`. */
  readonly credentialsSecret: string;
  /** The stack's domain; Dashboards is served at `logs.<domain>`. */
  readonly domain: string;
  /** The stack's ALB IngressGroup. */
  readonly ingressGroup: string;
  /** The stack's wildcard certificate. */
  readonly certificateArn: pulumi.Input<string>;
  /** Source CIDRs allowed through the ALB rule: 1 to {@link MAX_DASHBOARDS_CIDRS} (3), never /0. */
  readonly allowedCidrs: readonly string[];
  /** What the release and the Ingress wait for (the store, the cluster's add-ons). @default [] */
  readonly dependsOn?: pulumi.Input<pulumi.Resource>[];
}

/** Checks LogDashboards' arguments; returns every problem found. */
export function validateLogDashboardsArgs(args: LogDashboardsArgs): ArgProblem[] {
  const problems: ArgProblem[] = [];
  if (args.allowedCidrs.length === 0 || args.allowedCidrs.length > MAX_DASHBOARDS_CIDRS) {
    problems.push({
      propertyPath: "allowedCidrs",
      reason: `needs 1 to ${MAX_DASHBOARDS_CIDRS} CIDRs, got ${args.allowedCidrs.length}: ${DASHBOARDS_CIDR_LIMIT_REASON}`,
    });
  }
  if (args.allowedCidrs.some((c) => c.endsWith("/0"))) {
    problems.push({
      propertyPath: "allowedCidrs",
      reason: "must not contain a /0 block: logs are not public",
    });
  }
  if (!Number.isInteger(args.replicas) || args.replicas < 1) {
    problems.push({ propertyPath: "replicas", reason: `must be 1 or more, got ${args.replicas}` });
  }
  return problems;
}

/** OpenSearch Dashboards from its pinned chart, behind the stack's shared ALB at `logs.<domain>`. */
export class LogDashboards extends pulumi.ComponentResource {
  /** `https://logs.<domain>`. */
  readonly url: pulumi.Output<string>;

  constructor(name: string, args: LogDashboardsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("game:index:LogDashboards", name, {}, opts);
    assertValidArgs("LogDashboards", name, validateLogDashboardsArgs(args));
    const k8sOpts = { parent: this, provider: args.provider };

    const release = pinnedRelease(
      `${name}-dashboards`,
      DASHBOARDS_RELEASE,
      OPENSEARCH_DASHBOARDS_CHART,
      args.namespaceName,
      dashboardsValues({
        namespace: args.namespaceName,
        replicas: args.replicas,
        requests: args.requests,
        placement: args.placement,
        labels: CHART_LABELS,
        credentialsSecret: args.credentialsSecret,
      }),
      { ...k8sOpts, dependsOn: args.dependsOn ?? [] },
    );
    new k8s.networking.v1.Ingress(
      `${name}-ingress`,
      dashboardsIngress({
        namespace: args.namespaceName,
        domain: args.domain,
        ingressGroup: args.ingressGroup,
        certificateArn: args.certificateArn,
        allowedCidrs: args.allowedCidrs,
        labels: loggingLabels("opensearch-dashboards", "ui", OPENSEARCH_DASHBOARDS_IMAGE.tag),
      }),
      // The load balancer controller's webhook admits Ingresses; `dependsOn` carries the cluster's readiness.
      { ...k8sOpts, dependsOn: [release, ...(args.dependsOn ?? [])] },
    );

    this.url = pulumi.output(`https://${dashboardsHost(args.domain)}`);
    this.registerOutputs({ url: this.url });
  }
}
