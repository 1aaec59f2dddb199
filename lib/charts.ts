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

/**
 * Actions Runner Controller's controller chart 0.14.2 (tag gha-runner-scale-set-0.14.2, 2026-05-22:
 * the release that moved to Go 1.26.2 for its critical security fixes). Published only as an OCI
 * artifact, so `repository` is an `oci://` registry path, not a chart repository. The values the
 * program relies on are vendored in upstream/actions-runner-controller/.
 */
export const ARC_CONTROLLER_CHART: PinnedChart = {
  chart: "gha-runner-scale-set-controller",
  version: "0.14.2",
  repository: "oci://ghcr.io/actions/actions-runner-controller-charts",
};

/** ARC's runner scale set chart, released together with the controller chart (same version). */
export const ARC_SCALE_SET_CHART: PinnedChart = {
  chart: "gha-runner-scale-set",
  version: "0.14.2",
  repository: "oci://ghcr.io/actions/actions-runner-controller-charts",
};
