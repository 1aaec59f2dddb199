// RDS instance policies (catalogue R1-R14). Defaults follow the AWS provider: unset booleans take
// the provider's default (e.g. storage unencrypted, auto minor upgrades on).
import { checkResource } from "../../lib/check-resource";
import { integerSchema, stringListSchema } from "../../lib/config-schemas";
import { resourcePolicy } from "../../lib/define-policy";
import { RdsInstance } from "../../lib/resource-types";
import { arrayOf, isSet } from "../../lib/values";

const defaultMinimumBackupDays = 7;
const defaultLogTypes = ["audit", "error", "general", "slowquery"];
const defaultForbiddenUsernames = ["admin", "administrator", "root", "master", "mysql", "postgres", "sa"];

/** R1: not publicly accessible. */
export const rdsNotPublic = resourcePolicy(
  {
    name: "rds-not-public",
    catalogueId: "R1",
    check: "RDS instances are not publicly accessible.",
    enforcementLevel: "mandatory",
  },
  checkResource(RdsInstance, (db) =>
    db.publiclyAccessible === true ? "publiclyAccessible is true" : undefined,
  ),
);

/** R2: storage encrypted. */
export const rdsStorageEncrypted = resourcePolicy(
  {
    name: "rds-storage-encrypted",
    catalogueId: "R2",
    check: "RDS storage is encrypted.",
    enforcementLevel: "mandatory",
  },
  checkResource(RdsInstance, (db) =>
    db.storageEncrypted === true ? undefined : "storageEncrypted is not true; storage would be unencrypted",
  ),
);

/** R3: backups kept for at least the configured number of days. */
export const rdsBackupRetention = resourcePolicy(
  {
    name: "rds-backup-retention",
    catalogueId: "R3",
    check: "RDS automated backups are kept for at least the configured number of days.",
    enforcementLevel: "mandatory",
    config: { minimumDays: integerSchema("Fewest days of automated backups.", defaultMinimumBackupDays, 1) },
  },
  checkResource(RdsInstance, (db, args) => {
    const { minimumDays = defaultMinimumBackupDays } = args.getConfig<{ minimumDays?: number }>();
    const days = db.backupRetentionPeriod ?? 0;
    return days < minimumDays
      ? `backupRetentionPeriod is ${days} days; at least ${minimumDays} required`
      : undefined;
  }),
);

/** R4: multi-AZ (mandatory on stage through tier config). */
export const rdsMultiAz = resourcePolicy(
  {
    name: "rds-multi-az",
    catalogueId: "R4",
    check: "RDS instances are multi-AZ.",
    enforcementLevel: "advisory",
  },
  checkResource(RdsInstance, (db) => (db.multiAz === true ? undefined : "multiAz is not true")),
);

/** R5: deletion protection (mandatory on stage through tier config). */
export const rdsDeletionProtection = resourcePolicy(
  {
    name: "rds-deletion-protection",
    catalogueId: "R5",
    check: "RDS instances have deletion protection.",
    enforcementLevel: "advisory",
  },
  checkResource(RdsInstance, (db) =>
    db.deletionProtection === true ? undefined : "deletionProtection is not true",
  ),
);

/** R6: enhanced monitoring on. */
export const rdsEnhancedMonitoring = resourcePolicy(
  {
    name: "rds-enhanced-monitoring",
    catalogueId: "R6",
    check: "RDS enhanced monitoring is on (monitoringInterval > 0).",
    enforcementLevel: "advisory",
  },
  checkResource(RdsInstance, (db) =>
    (db.monitoringInterval ?? 0) > 0 ? undefined : "monitoringInterval is 0; enhanced monitoring is off",
  ),
);

/** R7: logs exported to CloudWatch. */
export const rdsLogExports = resourcePolicy(
  {
    name: "rds-log-exports",
    catalogueId: "R7",
    check: "RDS exports the configured log types to CloudWatch Logs.",
    enforcementLevel: "advisory",
    config: { requiredLogTypes: stringListSchema("Log types that must be exported.", defaultLogTypes) },
  },
  checkResource(RdsInstance, (db, args) => {
    const { requiredLogTypes = defaultLogTypes } = args.getConfig<{ requiredLogTypes?: string[] }>();
    const exported = arrayOf(db.enabledCloudwatchLogsExports);
    const missing = requiredLogTypes.filter((t) => !exported.includes(t));
    if (exported.length === 0) return "enabledCloudwatchLogsExports is empty";
    return missing.length > 0 ? `log types not exported: ${missing.join(", ")}` : undefined;
  }),
);

/** R8: IAM database authentication. */
export const rdsIamAuthentication = resourcePolicy(
  {
    name: "rds-iam-authentication",
    catalogueId: "R8",
    check: "RDS IAM database authentication is enabled.",
    enforcementLevel: "advisory",
  },
  checkResource(RdsInstance, (db) =>
    db.iamDatabaseAuthenticationEnabled === true ? undefined : "iamDatabaseAuthenticationEnabled is not true",
  ),
);

/** R9: automatic minor version upgrades stay on. */
export const rdsAutoMinorVersionUpgrade = resourcePolicy(
  {
    name: "rds-auto-minor-version-upgrade",
    catalogueId: "R9",
    check: "RDS automatic minor version upgrades are on.",
    enforcementLevel: "advisory",
  },
  checkResource(RdsInstance, (db) =>
    db.autoMinorVersionUpgrade === false ? "autoMinorVersionUpgrade is false" : undefined,
  ),
);

/** R10: snapshots carry the instance's tags. */
export const rdsCopyTagsToSnapshots = resourcePolicy(
  {
    name: "rds-copy-tags-to-snapshots",
    catalogueId: "R10",
    check: "RDS copies tags to snapshots.",
    enforcementLevel: "advisory",
  },
  checkResource(RdsInstance, (db) =>
    db.copyTagsToSnapshot === true ? undefined : "copyTagsToSnapshot is not true",
  ),
);

/** R11: placed in our own DB subnet group. */
export const rdsInSubnetGroup = resourcePolicy(
  {
    name: "rds-in-subnet-group",
    catalogueId: "R11",
    check: "RDS instances are placed in a DB subnet group of our VPC.",
    enforcementLevel: "mandatory",
  },
  checkResource(RdsInstance, (db) => {
    if (!isSet(db, "dbSubnetGroupName"))
      return "dbSubnetGroupName is unset; the instance would land in the default VPC";
    return db.dbSubnetGroupName === "default" ? 'dbSubnetGroupName is "default"' : undefined;
  }),
);

/** R12: the admin user is not a well-known name. */
export const rdsNonDefaultAdminUser = resourcePolicy(
  {
    name: "rds-non-default-admin-user",
    catalogueId: "R12",
    check: "RDS admin user name is not a default or well-known one.",
    enforcementLevel: "advisory",
    config: { forbiddenUsernames: stringListSchema("Admin user names to avoid.", defaultForbiddenUsernames) },
  },
  checkResource(RdsInstance, (db, args) => {
    const { forbiddenUsernames = defaultForbiddenUsernames } = args.getConfig<{
      forbiddenUsernames?: string[];
    }>();
    const username = typeof db.username === "string" ? db.username : undefined;
    return username !== undefined && forbiddenUsernames.includes(username.toLowerCase())
      ? `admin user name "${username}" is a well-known default`
      : undefined;
  }),
);

/** R13: Performance Insights on and encrypted with our key. */
export const rdsPerformanceInsights = resourcePolicy(
  {
    name: "rds-performance-insights",
    catalogueId: "R13",
    check: "RDS Performance Insights is on and encrypted with a KMS key.",
    enforcementLevel: "advisory",
  },
  checkResource(RdsInstance, (db) => {
    if (db.performanceInsightsEnabled !== true) return "performanceInsightsEnabled is not true";
    return isSet(db, "performanceInsightsKmsKeyId") ? undefined : "performanceInsightsKmsKeyId is unset";
  }),
);

/** R14: a final snapshot is taken on delete (mandatory on stage through tier config). */
export const rdsFinalSnapshot = resourcePolicy(
  {
    name: "rds-final-snapshot",
    catalogueId: "R14",
    check: "RDS takes a final snapshot on delete (skipFinalSnapshot is not true).",
    enforcementLevel: "advisory",
  },
  checkResource(RdsInstance, (db) =>
    db.skipFinalSnapshot === true
      ? "skipFinalSnapshot is true; deleting the instance loses its data"
      : undefined,
  ),
);

/** Every RDS policy. */
export const rdsPolicies = [
  rdsNotPublic,
  rdsStorageEncrypted,
  rdsBackupRetention,
  rdsMultiAz,
  rdsDeletionProtection,
  rdsEnhancedMonitoring,
  rdsLogExports,
  rdsIamAuthentication,
  rdsAutoMinorVersionUpgrade,
  rdsCopyTagsToSnapshots,
  rdsInSubnetGroup,
  rdsNonDefaultAdminUser,
  rdsPerformanceInsights,
  rdsFinalSnapshot,
];
