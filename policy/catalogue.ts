// The rows of the policy catalogue (shared POLICY-CATALOGUE.md): the single place that names each
// control's id and its source IDs. Policy descriptions, the README table and the coverage test all
// read from here, so a row cannot be renamed in one place and forgotten in another.

/** A catalogue row id, e.g. "E1" (EKS), "R3" (RDS), "K6" (pod security), "G3" (game rules), "L1" (launcher). */
export type CatalogueId = keyof typeof catalogue;

/** One catalogue row: what it checks and which benchmarks it comes from. */
export interface CatalogueRow {
  /** The check, in the catalogue's words. */
  readonly check: string;
  /** Source IDs (SH = Security Hub, CKV = Checkov, CIS, PSS, POL = Polaris, KS = kube-score, AG = AWSGuard). */
  readonly sources: string;
}

/** Every catalogue row, keyed by id. */
export const catalogue = {
  E1: {
    check: "EKS endpoint not public, or public access limited to allow-listed CIDRs",
    sources: "SH EKS.1; CKV_AWS_38/39; CIS 5.4.1-5.4.2",
  },
  E2: { check: "EKS secrets envelope-encrypted with a KMS key", sources: "CKV_AWS_58; CIS 5.3.1" },
  E3: { check: "EKS control-plane logging includes audit", sources: "SH EKS.8; CKV_AWS_37; CIS 2.1.1" },
  E4: { check: "Kubernetes version at or above a configured floor", sources: "SH EKS.2; CKV_AWS_339" },
  E5: { check: "no SSH remote access to nodes from 0.0.0.0/0", sources: "CKV_AWS_100" },
  E6: { check: "nodes only in private subnets", sources: "CIS 5.4.3" },
  E7: { check: "IMDSv2 required on node launch templates", sources: "SH EC2.8; CKV_AWS_79" },
  E8: { check: "metadata hop limit <= 1 where pods need no IMDS", sources: "CKV_AWS_341" },
  E9: { check: "authentication mode API (access entries), not the aws-auth ConfigMap", sources: "EKS docs" },
  R1: { check: "RDS not publicly accessible", sources: "SH RDS.2; CKV_AWS_17; AG" },
  R2: { check: "RDS storage encrypted", sources: "SH RDS.3; CKV_AWS_16; AG" },
  R3: { check: "RDS backup retention >= N days", sources: "SH RDS.11; CKV_AWS_133" },
  R4: { check: "RDS multi-AZ", sources: "SH RDS.5; CKV_AWS_157" },
  R5: { check: "RDS deletion protection", sources: "SH RDS.8; CKV_AWS_293" },
  R6: { check: "RDS enhanced monitoring interval > 0", sources: "SH RDS.6; CKV_AWS_118" },
  R7: { check: "RDS CloudWatch log exports enabled", sources: "SH RDS.9; CKV_AWS_129" },
  R8: { check: "RDS IAM database authentication enabled", sources: "SH RDS.10; CKV_AWS_161" },
  R9: { check: "RDS auto minor version upgrade", sources: "SH RDS.13; CKV_AWS_226" },
  R10: { check: "RDS copies tags to snapshots", sources: "SH RDS.17" },
  R11: { check: "RDS in a DB subnet group (in a VPC)", sources: "SH RDS.18" },
  R12: { check: "RDS non-default admin user name", sources: "SH RDS.25" },
  R13: { check: "RDS Performance Insights on, encrypted", sources: "CKV_AWS_353/354" },
  R14: { check: "RDS final snapshot on delete (not skipped) where data matters", sources: "-" },
  C1: { check: "ElastiCache encryption at rest", sources: "SH ElastiCache.4; CKV_AWS_29" },
  C2: { check: "ElastiCache encryption in transit", sources: "SH ElastiCache.5; CKV_AWS_30" },
  C3: {
    check: "ElastiCache AUTH token (with TLS) or RBAC user group",
    sources: "SH ElastiCache.6; CKV_AWS_31",
  },
  C4: { check: "ElastiCache automatic failover", sources: "SH ElastiCache.3" },
  C5: { check: "ElastiCache snapshot retention >= 1", sources: "SH ElastiCache.1" },
  C6: { check: "ElastiCache auto minor version upgrade", sources: "SH ElastiCache.2" },
  C7: { check: "ElastiCache in its own subnet group, not `default`", sources: "SH ElastiCache.7" },
  C8: { check: "ElastiCache encrypted with a customer-managed KMS key", sources: "CKV_AWS_191" },
  V1: { check: "no 0.0.0.0/0 or ::/0 ingress to port 22", sources: "SH EC2.13; CKV_AWS_24" },
  V2: { check: "no 0.0.0.0/0 or ::/0 ingress to port 3389", sources: "SH EC2.14; CKV_AWS_25" },
  V3: { check: "unrestricted ingress only on allow-listed ports", sources: "SH EC2.18; CKV_AWS_260" },
  V4: { check: "database and cache ports never open beyond the VPC", sources: "SH EC2.19" },
  V5: { check: "descriptions on security groups and rules", sources: "CKV_AWS_23" },
  V6: { check: "default security group restricts all traffic", sources: "SH EC2.2" },
  V7: { check: "VPC flow logs", sources: "SH EC2.6" },
  V8: { check: "no automatic public IPs on private subnets", sources: "SH EC2.15" },
  V9: { check: "no mix of inline and standalone rules on one security group", sources: "AG" },
  K1: { check: "containers not privileged", sources: "PSS baseline; CKV_K8S_16; POL; CIS 4.2.1" },
  K2: { check: "no hostNetwork, hostPID, hostIPC", sources: "PSS baseline; CKV_K8S_17-19" },
  K3: { check: "no hostPort", sources: "PSS baseline; CKV_K8S_26" },
  K4: { check: "no hostPath volumes", sources: "PSS restricted; POL" },
  K5: { check: "allowPrivilegeEscalation false", sources: "PSS restricted; CKV_K8S_20" },
  K6: { check: "runAsNonRoot, runAsUser != 0", sources: "PSS restricted; CKV_K8S_23/40" },
  K7: { check: "seccomp RuntimeDefault or Localhost", sources: "PSS restricted; CKV_K8S_31" },
  K8: {
    check: "capabilities drop ALL, add at most NET_BIND_SERVICE",
    sources: "PSS restricted; CKV_K8S_28/37",
  },
  K9: { check: "readOnlyRootFilesystem", sources: "CKV_K8S_22; POL; KS" },
  K10: {
    check: "no workloads in `default`; service-account token not automounted unless needed",
    sources: "CKV_K8S_21/38; CIS 4.1.6/4.5.2",
  },
  W1: { check: "CPU and memory requests", sources: "CKV_K8S_10/12; POL; KS" },
  W2: { check: "memory limit (CPU limit advisory)", sources: "CKV_K8S_11/13; POL; KS" },
  W3: { check: "readiness probe", sources: "CKV_K8S_9; POL; KS" },
  W4: { check: "liveness probe, not identical to readiness", sources: "CKV_K8S_8; KS" },
  W5: {
    check: "image tag pinned, not `latest` or empty (digest advisory)",
    sources: "POL; CKV_K8S_14/43; KS",
  },
  W6: {
    check: "grace-period tolerations (not-ready and unreachable) on every pod template",
    sources: "this project (nodeMonitorGracePeriod)",
  },
  W7: { check: "replicas >= N", sources: "POL; KS" },
  W8: {
    check: "PodDisruptionBudget for workloads with >1 replica, allowing >= 1 disruption",
    sources: "KS; POL",
  },
  W9: { check: "pod anti-affinity or topology spread for >1 replica", sources: "KS; POL" },
  W10: {
    check: "every pod selected by a NetworkPolicy; every environment namespace has default-deny",
    sources: "KS; POL; CIS 4.3.2",
  },
  W11: {
    check:
      "no LoadBalancer/NodePort Services outside an allow-list; Ingress has TLS; StatefulSet has a headless serviceName",
    sources: "CIS 5.4.5; KS; POL",
  },
  W12: { check: "no alpha/beta/deprecated apiVersions; recommended labels", sources: "KS; POL" },
  W13: {
    check: "ExternalName Services point at the provider's endpoint, not at an alias of our own",
    sources: "lesson: stale DNS TTL on an alias chain caused outages",
  },
  G1: { check: "every environment namespace carries owner, purpose, version", sources: "game-infra" },
  G2: { check: "environment names are DNS-1123 labels and unique in the stack", sources: "game-infra" },
  G3: { check: "Redis DB numbers unique and within the configured database count", sources: "game-infra" },
  G4: { check: "environments past their `expires` date are reported", sources: "game-infra" },
  G5: { check: "data stores are protected or retained on delete", sources: "game-infra" },
  G6: {
    check: "instance types and node counts within the tier's allow-list and caps",
    sources: "game-infra",
  },
  G7: {
    check:
      "an environment stack holds one environment: its namespace, and RoleBindings only to its own team's group, nowhere else",
    sources: "game-infra",
  },
  G8: {
    check:
      "a removed environment's Redis DB number is retired, never given to another environment while listed (registry check)",
    sources: "game-infra",
  },
  G9: {
    check: "dev and qa environments have an expiry within the tier's maximum; stage may be permanent",
    sources: "game-infra",
  },
  G10: {
    check: "dev environments carry a sleep schedule unless the registry says why not",
    sources: "game-infra",
  },
  L1: {
    check:
      "the launcher's Ingress requires OIDC authentication (ALB auth-type: oidc) except the preset API's read-only paths, which are limited by source CIDR or token",
    sources: "game-infra",
  },
  L2: {
    check: "the launcher's service account can read workload status only, and cannot read Secrets",
    sources: "game-infra",
  },
  N1: {
    check: "every Karpenter NodePool has CPU and memory limits and a disruption policy with budgets",
    sources: "Karpenter docs (NodePools: limits; Disruption: budgets)",
  },
  N2: {
    check:
      "every EC2NodeClass pins a Bottlerocket AMI alias by version (no `@latest`), requires IMDSv2, encrypts its volumes",
    sources:
      "Karpenter docs (NodeClasses: amiSelectorTerms, metadataOptions, blockDeviceMappings); SH EC2.8; CKV_AWS_79",
  },
  N3: {
    check: "Karpenter's interruption queue exists and the controller runs on nodes it does not manage",
    sources: "Karpenter docs (Interruption; Getting Started)",
  },
} satisfies Record<string, CatalogueRow>;

/** Catalogue rows the pack deliberately does not implement, with the reason (shown in the README). */
export const leftOut: Readonly<Partial<Record<CatalogueId, string>>> = {};

/** Builds a policy description that names the catalogue id and its source IDs. */
export function describePolicy(id: CatalogueId, what: string): string {
  return `${what} [catalogue ${id}; sources: ${catalogue[id].sources}]`;
}
