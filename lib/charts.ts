/**
 * Third-party Helm charts, pinned. Bump a version here on purpose: read the chart's release notes,
 * and vendor the new app version's published IAM policy into `upstream/` (see its SOURCE.md):
 * `test/upstream-iam.test.ts` holds `iam-policies.ts` to the vendored policy and fails on a bump
 * until that is done.
 */

/** A pinned Helm chart. */
export interface PinnedChart {
  readonly chart: string;
  readonly version: string;
  readonly repository: string;
}

/**
 * The AWS Load Balancer Controller chart (app v2.16.0: aws/eks-charts
 * `stable/aws-load-balancer-controller/Chart.yaml` at the 1.16.0 release; policy in
 * `upstream/aws-load-balancer-controller/`).
 */
export const AWS_LOAD_BALANCER_CONTROLLER_CHART: PinnedChart = {
  chart: "aws-load-balancer-controller",
  version: "1.16.0",
  repository: "https://aws.github.io/eks-charts",
};

/**
 * The external-dns chart (app v0.19.0: kubernetes-sigs/external-dns `charts/external-dns/Chart.yaml`
 * at tag external-dns-helm-chart-1.19.0; policy in `upstream/external-dns/`).
 */
export const EXTERNAL_DNS_CHART: PinnedChart = {
  chart: "external-dns",
  version: "1.19.0",
  repository: "https://kubernetes-sigs.github.io/external-dns/",
};
