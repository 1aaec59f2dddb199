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

/**
 * Karpenter 1.14.1 (aws/karpenter-provider-aws, release commit c88abbba, 2026-08-21), an LTS release.
 * Why this line: Karpenter supports a regular minor release only until the next one (about monthly),
 * but each LTS release for 12 months, at most two at a time (its SUPPORT.md). In late 2026 the docs
 * list v1.15 as latest and v1.9 as LTS "supported until Feb 2027", and the v1.14 patch releases
 * from v1.14.2 on are titled "(LTS)", "Supported until Jul 2027". v1.9 is therefore in its security-only half and ends within
 * three months, and supports Kubernetes up to 1.35; v1.14 is in active support, covers Kubernetes
 * 1.30-1.36 (its compatibility matrix), so the cluster's 1.34 and the next two upgrades, and a
 * regular v1.15 would need a minor upgrade every month. Patch 1.14.1 is the newest patch whose CRDs
 * and template could be read and verified here (upstream/karpenter/SOURCE.md); v1.14.3 (2026-10-23)
 * exists: bump with a re-vendor. The CRDs come from the `karpenter-crd` chart of the same version,
 * which Karpenter's upgrade guide recommends because Helm never upgrades a chart's `crds/` folder.
 */
export const KARPENTER_CHART: PinnedChart = {
  chart: "karpenter",
  version: "1.14.1",
  repository: "oci://public.ecr.aws/karpenter",
};

/** Karpenter's CRDs (NodePool, NodeClaim, EC2NodeClass, ...), released with the controller chart (same version). */
export const KARPENTER_CRD_CHART: PinnedChart = {
  chart: "karpenter-crd",
  version: "1.14.1",
  repository: "oci://public.ecr.aws/karpenter",
};

/**
 * kube-green 0.7.1 (kube-green/kube-green tag v0.7.1, 2025-06-29), the newest release: it scales
 * Deployments and StatefulSets to zero on a schedule (environments' sleep schedules) and back. A
 * maintained CNCF-landscape controller rather than one of our own; its facts and the one behaviour
 * the program works around (it claims every field of what it puts to sleep) are in
 * upstream/kube-green/SOURCE.md. Bump with a re-vendor of that folder.
 */
export const KUBE_GREEN_CHART: PinnedChart = {
  chart: "kube-green",
  version: "0.7.1",
  repository: "https://kube-green.github.io/helm-charts/",
};
