// ElastiCache replication group policies (catalogue C1-C8).
import { checkResource } from "../../lib/check-resource";
import { integerSchema } from "../../lib/config-schemas";
import { resourcePolicy } from "../../lib/define-policy";
import { ReplicationGroup } from "../../lib/resource-types";
import { arrayOf, isSet } from "../../lib/values";

const defaultMinimumSnapshotDays = 1;

/** C1: encrypted at rest. */
export const elasticacheEncryptedAtRest = resourcePolicy(
  {
    name: "elasticache-encrypted-at-rest",
    catalogueId: "C1",
    check: "ElastiCache replication groups are encrypted at rest.",
    enforcementLevel: "mandatory",
  },
  checkResource(ReplicationGroup, (rg) =>
    rg.atRestEncryptionEnabled === true ? undefined : "atRestEncryptionEnabled is not true",
  ),
);

/** C2: encrypted in transit. */
export const elasticacheEncryptedInTransit = resourcePolicy(
  {
    name: "elasticache-encrypted-in-transit",
    catalogueId: "C2",
    check: "ElastiCache replication groups encrypt traffic in transit (TLS).",
    enforcementLevel: "mandatory",
  },
  checkResource(ReplicationGroup, (rg) => {
    if (rg.transitEncryptionEnabled !== true) return "transitEncryptionEnabled is not true";
    return rg.transitEncryptionMode === "preferred"
      ? 'transitEncryptionMode is "preferred", which still accepts plain-text clients'
      : undefined;
  }),
);

/** C3: clients must authenticate (AUTH token with TLS, or RBAC user groups). */
export const elasticacheAuthRequired = resourcePolicy(
  {
    name: "elasticache-auth-required",
    catalogueId: "C3",
    check: "ElastiCache requires authentication: an AUTH token with TLS, or an RBAC user group.",
    enforcementLevel: "mandatory",
  },
  checkResource(ReplicationGroup, (rg) => {
    if (arrayOf(rg.userGroupIds).length > 0) return undefined;
    const token = isSet(rg, "authToken") || isSet(rg, "authTokenWo");
    if (!token) return "no authToken and no userGroupIds; any client in the network can connect";
    return rg.transitEncryptionEnabled === true
      ? undefined
      : "authToken is set but TLS is off, so it travels in clear";
  }),
);

/** C4: automatic failover (mandatory on stage through tier config). */
export const elasticacheAutomaticFailover = resourcePolicy(
  {
    name: "elasticache-automatic-failover",
    catalogueId: "C4",
    check: "ElastiCache replication groups fail over automatically.",
    enforcementLevel: "advisory",
  },
  checkResource(ReplicationGroup, (rg) =>
    rg.automaticFailoverEnabled === true ? undefined : "automaticFailoverEnabled is not true",
  ),
);

/** C5: snapshots kept for at least N days. */
export const elasticacheSnapshotRetention = resourcePolicy(
  {
    name: "elasticache-snapshot-retention",
    catalogueId: "C5",
    check: "ElastiCache keeps automatic snapshots for at least the configured number of days.",
    enforcementLevel: "advisory",
    config: { minimumDays: integerSchema("Fewest days of snapshots.", defaultMinimumSnapshotDays, 1) },
  },
  checkResource(ReplicationGroup, (rg, args) => {
    const { minimumDays = defaultMinimumSnapshotDays } = args.getConfig<{ minimumDays?: number }>();
    const days = rg.snapshotRetentionLimit ?? 0;
    return days < minimumDays
      ? `snapshotRetentionLimit is ${days}; at least ${minimumDays} required`
      : undefined;
  }),
);

/** C6: automatic minor version upgrades stay on. */
export const elasticacheAutoMinorVersionUpgrade = resourcePolicy(
  {
    name: "elasticache-auto-minor-version-upgrade",
    catalogueId: "C6",
    check: "ElastiCache automatic minor version upgrades are on.",
    enforcementLevel: "advisory",
  },
  checkResource(ReplicationGroup, (rg) =>
    rg.autoMinorVersionUpgrade === false ? "autoMinorVersionUpgrade is false" : undefined,
  ),
);

/** C7: placed in our own subnet group. */
export const elasticacheOwnSubnetGroup = resourcePolicy(
  {
    name: "elasticache-own-subnet-group",
    catalogueId: "C7",
    check: "ElastiCache uses its own subnet group, not `default`.",
    enforcementLevel: "mandatory",
  },
  checkResource(ReplicationGroup, (rg) => {
    if (!isSet(rg, "subnetGroupName"))
      return "subnetGroupName is unset; the default subnet group would be used";
    return rg.subnetGroupName === "default" ? 'subnetGroupName is "default"' : undefined;
  }),
);

/** C8: encrypted with a customer-managed KMS key. */
export const elasticacheCustomerManagedKey = resourcePolicy(
  {
    name: "elasticache-customer-managed-key",
    catalogueId: "C8",
    check: "ElastiCache at-rest encryption uses a customer-managed KMS key.",
    enforcementLevel: "advisory",
  },
  checkResource(ReplicationGroup, (rg) =>
    isSet(rg, "kmsKeyId") ? undefined : "kmsKeyId is unset; the AWS-owned key is used",
  ),
);

/** Every ElastiCache policy. */
export const elasticachePolicies = [
  elasticacheEncryptedAtRest,
  elasticacheEncryptedInTransit,
  elasticacheAuthRequired,
  elasticacheAutomaticFailover,
  elasticacheSnapshotRetention,
  elasticacheAutoMinorVersionUpgrade,
  elasticacheOwnSubnetGroup,
  elasticacheCustomerManagedKey,
];
