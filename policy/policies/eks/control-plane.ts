// EKS control-plane policies (catalogue E1-E4, E9), on both views of the cluster (see cluster-view.ts).
import { cidrContains, isIpv6, isWorldOpen } from "../../../lib/cidr";
import { stringListSchema } from "../../lib/config-schemas";
import { resourcePolicy } from "../../lib/define-policy";
import { validateClusters } from "./cluster-view";

const allLogTypes = ["api", "audit", "authenticator", "controllerManager", "scheduler"];
const defaultMinimumVersion = "1.31";

/** E1: the public API endpoint is off, or open only to allow-listed CIDRs and never to the world. */
export const eksEndpointAccessRestricted = resourcePolicy(
  {
    name: "eks-endpoint-access-restricted",
    catalogueId: "E1",
    check: "The EKS public endpoint is off, or limited to allow-listed CIDRs and never 0.0.0.0/0.",
    enforcementLevel: "mandatory",
    config: {
      allowedPublicAccessCidrs: stringListSchema(
        "CIDRs the public endpoint may admit; when empty, any CIDR except a /0 is accepted.",
        [],
      ),
    },
  },
  validateClusters((cluster, args, report) => {
    if (!cluster.publicAccess()) return;
    const { allowedPublicAccessCidrs = [] } = args.getConfig<{ allowedPublicAccessCidrs?: string[] }>();
    for (const cidr of cluster.publicAccessCidrs()) {
      if (isWorldOpen(cidr)) {
        report(`the public API endpoint admits ${cidr}; set publicAccessCidrs to the office/VPN ranges`);
      } else if (
        allowedPublicAccessCidrs.length > 0 &&
        !allowedPublicAccessCidrs.some((allowed) => !isIpv6(cidr) && cidrContains(allowed, cidr))
      ) {
        report(`the public API endpoint admits ${cidr}, which is not within allowedPublicAccessCidrs`);
      }
    }
  }),
);

/** E2: Kubernetes secrets are envelope-encrypted with a KMS key. */
export const eksSecretsEncryption = resourcePolicy(
  {
    name: "eks-secrets-encryption",
    catalogueId: "E2",
    check: "EKS envelope-encrypts Kubernetes secrets with a KMS key.",
    enforcementLevel: "mandatory",
  },
  validateClusters((cluster, _args, report) => {
    if (!cluster.encryptsSecrets()) {
      report("secrets are not envelope-encrypted; set encryptionConfigKeyArn to a KMS key");
    }
  }),
);

/** E3 (mandatory part): the audit log is enabled. */
export const eksAuditLogging = resourcePolicy(
  {
    name: "eks-audit-logging",
    catalogueId: "E3",
    check: "EKS control-plane logging includes the audit log.",
    enforcementLevel: "mandatory",
  },
  validateClusters((cluster, _args, report) => {
    if (!cluster.logTypes().includes("audit")) {
      report(`enabledClusterLogTypes ${JSON.stringify(cluster.logTypes())} lacks "audit"`);
    }
  }),
);

/** E3 (advisory part): all five control-plane log types are enabled. */
export const eksAllControlPlaneLogs = resourcePolicy(
  {
    name: "eks-all-control-plane-logs",
    catalogueId: "E3",
    check: "EKS control-plane logging enables all five log types.",
    enforcementLevel: "advisory",
  },
  validateClusters((cluster, _args, report) => {
    const missing = allLogTypes.filter((t) => !cluster.logTypes().includes(t));
    if (missing.length > 0) report(`control-plane log types not enabled: ${missing.join(", ")}`);
  }),
);

/** E4: the Kubernetes version is at or above the configured floor. */
export const eksVersionFloor = resourcePolicy(
  {
    name: "eks-version-floor",
    catalogueId: "E4",
    check: "The EKS Kubernetes version is at or above the configured floor.",
    enforcementLevel: "advisory",
    config: {
      minimumVersion: {
        type: "string",
        pattern: "^[0-9]+\\.[0-9]+$",
        default: defaultMinimumVersion,
        description: "Oldest Kubernetes minor version accepted (e.g. 1.31).",
      },
    },
  },
  validateClusters((cluster, args, report) => {
    const version = cluster.version();
    const { minimumVersion = defaultMinimumVersion } = args.getConfig<{ minimumVersion?: string }>();
    if (version !== undefined && compareMinorVersions(version, minimumVersion) < 0) {
      report(`Kubernetes ${version} is below the floor ${minimumVersion}`);
    }
  }),
);

/** E9: the cluster authenticates with access entries (mode API), not the aws-auth ConfigMap. */
export const eksAuthenticationModeApi = resourcePolicy(
  {
    name: "eks-authentication-mode-api",
    catalogueId: "E9",
    check: "EKS uses authentication mode API (access entries), not the deprecated aws-auth ConfigMap.",
    enforcementLevel: "advisory",
  },
  validateClusters((cluster, _args, report) => {
    const mode = cluster.authenticationMode();
    if (mode !== "API") report(`authentication mode is ${mode}; use API with access entries`);
  }),
);

/** Compares two `major.minor` versions numerically (negative when `a` is older). */
export function compareMinorVersions(a: string, b: string): number {
  const [aMajor = 0, aMinor = 0] = a.split(".").map(Number);
  const [bMajor = 0, bMinor = 0] = b.split(".").map(Number);
  return aMajor !== bMajor ? aMajor - bMajor : aMinor - bMinor;
}

/** The EKS control-plane policies. */
export const eksControlPlanePolicies = [
  eksEndpointAccessRestricted,
  eksSecretsEncryption,
  eksAuditLogging,
  eksAllControlPlaneLogs,
  eksVersionFloor,
  eksAuthenticationModeApi,
];
