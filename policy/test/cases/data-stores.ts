// Cases for the RDS (R1-R14) and ElastiCache (C1-C8) policies.
import * as aws from "../fixtures/aws";
import { modified } from "../fixtures/plan-builder";
import type { PolicyCase } from "../harness";
import type { Props } from "../../lib/values";

const db = aws.rdsInstance();
const redis = aws.replicationGroup();

function rdsCase(policy: string, title: string, change: (i: Props) => void, violation: RegExp): PolicyCase[] {
  return [
    { policy, title: "accepts the shared MySQL instance as SharedDataStores configures it", resources: [db] },
    { policy, title, resources: [modified(db, change)], violation },
  ];
}

function cacheCase(
  policy: string,
  title: string,
  change: (i: Props) => void,
  violation: RegExp,
): PolicyCase[] {
  return [
    { policy, title: "accepts the shared Redis group as SharedDataStores configures it", resources: [redis] },
    { policy, title, resources: [modified(redis, change)], violation },
  ];
}

/** Cases for R1-R14 and C1-C8. */
export const dataStoreCases: PolicyCase[] = [
  ...rdsCase(
    "rds-not-public",
    "rejects a publicly accessible instance",
    (i) => (i.publiclyAccessible = true),
    /publiclyAccessible is true/,
  ),
  ...rdsCase(
    "rds-storage-encrypted",
    "rejects unset storageEncrypted (the provider default is unencrypted)",
    (i) => delete i.storageEncrypted,
    /storageEncrypted is not true/,
  ),
  ...rdsCase(
    "rds-backup-retention",
    "rejects 1 day of backups against the default 7",
    (i) => (i.backupRetentionPeriod = 1),
    /1 days; at least 7/,
  ),
  {
    policy: "rds-backup-retention",
    title: "uses the tier's minimumDays",
    resources: [modified(db, (i) => (i.backupRetentionPeriod = 1))],
    settings: { minimumDays: 1 },
  },
  ...rdsCase(
    "rds-multi-az",
    "rejects a single-AZ instance",
    (i) => (i.multiAz = false),
    /multiAz is not true/,
  ),
  ...rdsCase(
    "rds-deletion-protection",
    "rejects an instance without deletion protection",
    (i) => delete i.deletionProtection,
    /deletionProtection/,
  ),
  ...rdsCase(
    "rds-enhanced-monitoring",
    "rejects monitoringInterval 0",
    (i) => (i.monitoringInterval = 0),
    /enhanced monitoring is off/,
  ),
  ...rdsCase(
    "rds-log-exports",
    "names log types that are not exported",
    (i) => (i.enabledCloudwatchLogsExports = ["error"]),
    /audit, general, slowquery/,
  ),
  ...rdsCase(
    "rds-iam-authentication",
    "rejects IAM authentication off",
    (i) => (i.iamDatabaseAuthenticationEnabled = false),
    /iamDatabaseAuthenticationEnabled/,
  ),
  ...rdsCase(
    "rds-auto-minor-version-upgrade",
    "rejects auto minor upgrades turned off",
    (i) => (i.autoMinorVersionUpgrade = false),
    /autoMinorVersionUpgrade is false/,
  ),
  ...rdsCase(
    "rds-copy-tags-to-snapshots",
    "rejects snapshots without tags",
    (i) => delete i.copyTagsToSnapshot,
    /copyTagsToSnapshot/,
  ),
  ...rdsCase(
    "rds-in-subnet-group",
    "rejects an instance outside a DB subnet group",
    (i) => delete i.dbSubnetGroupName,
    /default VPC/,
  ),
  ...rdsCase(
    "rds-non-default-admin-user",
    "rejects the admin user name 'admin'",
    (i) => (i.username = "admin"),
    /"admin" is a well-known default/,
  ),
  ...rdsCase(
    "rds-performance-insights",
    "rejects Performance Insights without a KMS key",
    (i) => delete i.performanceInsightsKmsKeyId,
    /performanceInsightsKmsKeyId is unset/,
  ),
  ...rdsCase(
    "rds-final-snapshot",
    "rejects skipFinalSnapshot",
    (i) => (i.skipFinalSnapshot = true),
    /loses its data/,
  ),
  ...cacheCase(
    "elasticache-encrypted-at-rest",
    "rejects no encryption at rest",
    (i) => (i.atRestEncryptionEnabled = false),
    /atRestEncryptionEnabled/,
  ),
  ...cacheCase(
    "elasticache-encrypted-in-transit",
    "rejects no TLS",
    (i) => delete i.transitEncryptionEnabled,
    /transitEncryptionEnabled is not true/,
  ),
  {
    policy: "elasticache-encrypted-in-transit",
    title: "rejects TLS in preferred mode (plain text still accepted)",
    resources: [modified(redis, (i) => (i.transitEncryptionMode = "preferred"))],
    violation: /preferred/,
  },
  ...cacheCase(
    "elasticache-auth-required",
    "rejects a group without AUTH token or user group",
    (i) => delete i.authToken,
    /no authToken and no userGroupIds/,
  ),
  {
    policy: "elasticache-auth-required",
    title: "accepts an RBAC user group instead of a token",
    resources: [modified(redis, (i) => (delete i.authToken, (i.userGroupIds = ["game-users"])))],
  },
  {
    policy: "elasticache-auth-required",
    title: "rejects an AUTH token sent without TLS",
    resources: [modified(redis, (i) => (i.transitEncryptionEnabled = false))],
    violation: /TLS is off/,
  },
  ...cacheCase(
    "elasticache-automatic-failover",
    "rejects a group without automatic failover",
    (i) => (i.automaticFailoverEnabled = false),
    /automaticFailoverEnabled/,
  ),
  ...cacheCase(
    "elasticache-snapshot-retention",
    "rejects no snapshots",
    (i) => (i.snapshotRetentionLimit = 0),
    /snapshotRetentionLimit is 0/,
  ),
  ...cacheCase(
    "elasticache-auto-minor-version-upgrade",
    "rejects auto minor upgrades turned off",
    (i) => (i.autoMinorVersionUpgrade = false),
    /autoMinorVersionUpgrade is false/,
  ),
  ...cacheCase(
    "elasticache-own-subnet-group",
    "rejects the default subnet group",
    (i) => (i.subnetGroupName = "default"),
    /"default"/,
  ),
  ...cacheCase(
    "elasticache-customer-managed-key",
    "rejects the AWS-owned key",
    (i) => delete i.kmsKeyId,
    /kmsKeyId is unset/,
  ),
];
