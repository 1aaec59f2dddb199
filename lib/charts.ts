/**
 * Third-party Helm charts, pinned. Bump a version here on purpose (read the chart's release notes,
 * and for the load balancer controller compare its published IAM policy with `iam-policies.ts`).
 */

/** A pinned Helm chart. */
export interface PinnedChart {
  readonly chart: string;
  readonly version: string;
  readonly repository: string;
}

/** The AWS Load Balancer Controller chart (app v2.16.0). */
export const AWS_LOAD_BALANCER_CONTROLLER_CHART: PinnedChart = {
  chart: "aws-load-balancer-controller",
  version: "1.16.0",
  repository: "https://aws.github.io/eks-charts",
};

/** The external-dns chart (app v0.19.0). */
export const EXTERNAL_DNS_CHART: PinnedChart = {
  chart: "external-dns",
  version: "1.19.0",
  repository: "https://kubernetes-sigs.github.io/external-dns/",
};
