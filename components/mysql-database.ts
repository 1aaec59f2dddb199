import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import {
  MYSQL_ADMIN_USER,
  MYSQL_LOG_EXPORTS,
  MYSQL_PORT,
  backupRetentionProblem,
  dbInstanceIdentifier,
  dbInstanceIdentifierProblems,
  minimumMaxAllocatedStorage,
  mysqlLogGroupNames,
  mysqlParameterFamily,
  mysqlParameters,
  supportsPerformanceInsights,
} from "../lib/mysql-settings";
import { assertValidArgs, type ArgProblem } from "../lib/validation";
import type { MysqlConfig } from "../stacks/config";
import { PrivateServiceSecurityGroup } from "./private-service-security-group";

/** Arguments of {@link MysqlDatabase}. */
export interface MysqlDatabaseArgs {
  /** Prefix of the instance identifier (`<prefix>-mysql`) and its log groups; usually the cluster name. */
  readonly identifierPrefix: string;
  /** Size, version and protection, resolved from the tier and stack config. */
  readonly config: MysqlConfig;
  readonly vpcId: pulumi.Input<string>;
  /** Private subnets in at least two AZs (RDS requires two for a DB subnet group). */
  readonly subnetIds: pulumi.Input<string>[];
  /** Security groups whose members may connect on 3306 (the cluster's nodes and pods). */
  readonly clientSecurityGroupIds: pulumi.Input<string>[];
  /** Retention of the exported error and slow-query logs, in days. */
  readonly logRetentionDays: number;
  /** Apply changes now rather than in the next maintenance window. @default false */
  readonly applyImmediately?: boolean;
  /** @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

/** Checks MysqlDatabase's arguments; returns every problem found. */
export function validateMysqlDatabaseArgs(args: MysqlDatabaseArgs): ArgProblem[] {
  const problems: ArgProblem[] = dbInstanceIdentifierProblems(
    dbInstanceIdentifier(args.identifierPrefix),
  ).map((reason) => ({ propertyPath: "identifierPrefix", reason }));
  if (args.subnetIds.length < 2) {
    problems.push({
      propertyPath: "subnetIds",
      reason: "a DB subnet group needs subnets in at least two AZs",
    });
  }
  if (args.clientSecurityGroupIds.length === 0) {
    problems.push({
      propertyPath: "clientSecurityGroupIds",
      reason: "needs at least one client security group",
    });
  }
  const headroom = minimumMaxAllocatedStorage(args.config.allocatedStorageGiB);
  if (args.config.maxAllocatedStorageGiB < headroom) {
    problems.push({
      propertyPath: "config.maxAllocatedStorageGiB",
      reason: `${args.config.maxAllocatedStorageGiB} must be at least ${headroom} (10 % above allocatedStorageGiB ${args.config.allocatedStorageGiB})`,
    });
  }
  const retention = backupRetentionProblem(args.config.backupRetentionDays);
  if (retention) problems.push({ propertyPath: "config.backupRetentionDays", reason: retention });
  return problems;
}

/**
 * The stack's RDS for MySQL instance: private (own DB subnet group and security group, never
 * public), storage and Performance Insights encrypted with its own KMS key, gp3 with storage
 * autoscaling, automated backups, enhanced monitoring, error and slow-query logs in CloudWatch,
 * TLS-only server parameters, and an admin password generated here and kept a Pulumi secret.
 * The instance and its key are `protect`ed: Pulumi refuses to delete them (docs/data-stores.md,
 * "Tearing a stack down on purpose"). A copy of the admin credentials sits in Secrets Manager for break-glass
 * access by people with IAM rights to it.
 */
export class MysqlDatabase extends pulumi.ComponentResource {
  /** The instance's DNS address (`<id>.<hash>.<region>.rds.amazonaws.com`). */
  readonly address: pulumi.Output<string>;
  readonly port: number;
  readonly identifier: string;
  readonly securityGroupId: pulumi.Output<string>;
  readonly adminUsername: string;
  /** The admin password (a Pulumi secret). */
  readonly adminPassword: pulumi.Output<string>;
  /** ARN of the Secrets Manager secret with the admin credentials (not the value). */
  readonly adminSecretArn: pulumi.Output<string>;
  /** The KMS key that encrypts storage, Performance Insights and the admin secret. */
  readonly kmsKeyArn: pulumi.Output<string>;

  constructor(name: string, args: MysqlDatabaseArgs, opts?: pulumi.ComponentResourceOptions) {
    super("game:index:MysqlDatabase", name, {}, opts);
    assertValidArgs("MysqlDatabase", name, validateMysqlDatabaseArgs(args));
    const tags = args.tags ?? {};
    const config = args.config;
    const identifier = dbInstanceIdentifier(args.identifierPrefix);
    const parent = { parent: this };

    const key = new aws.kms.Key(
      `${name}-key`,
      {
        description: `Encryption of the ${identifier} RDS instance, its Performance Insights and admin secret`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        tags,
      },
      { parent: this, protect: true },
    );
    new aws.kms.Alias(`${name}-key`, { name: `alias/${identifier}`, targetKeyId: key.keyId }, parent);

    const securityGroup = new PrivateServiceSecurityGroup(
      `${name}-sg`,
      {
        vpcId: args.vpcId,
        description: `${identifier}: MySQL from the cluster only`,
        port: MYSQL_PORT,
        clientSecurityGroupIds: args.clientSecurityGroupIds,
        tags: { ...tags, Name: identifier },
      },
      parent,
    );

    const subnetGroup = new aws.rds.SubnetGroup(
      `${name}-subnets`,
      { description: `Private subnets of ${identifier}`, subnetIds: args.subnetIds, tags },
      parent,
    );

    const parameterGroup = new aws.rds.ParameterGroup(
      `${name}-params`,
      {
        family: mysqlParameterFamily(config.engineVersion),
        description: `${identifier}: utf8mb4, TLS only, timeouts, slow-query log`,
        parameters: mysqlParameters(),
        tags,
      },
      parent,
    );

    const monitoringRole = new aws.iam.Role(
      `${name}-monitoring`,
      {
        description: `Enhanced monitoring of ${identifier}`,
        assumeRolePolicy: JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Principal: { Service: "monitoring.rds.amazonaws.com" },
              Action: "sts:AssumeRole",
            },
          ],
        }),
        tags,
      },
      parent,
    );
    const monitoringPolicy = new aws.iam.RolePolicyAttachment(
      `${name}-monitoring`,
      {
        role: monitoringRole.name,
        policyArn: "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole",
      },
      parent,
    );

    // RDS would create these itself with no expiry; creating them first sets the retention.
    const logGroups = mysqlLogGroupNames(identifier).map(
      (logGroupName, i) =>
        new aws.cloudwatch.LogGroup(
          `${name}-log-${MYSQL_LOG_EXPORTS[i]}`,
          { name: logGroupName, retentionInDays: args.logRetentionDays, tags },
          parent,
        ),
    );

    // Letters and digits only: the bootstrap Job refuses anything it would have to quote.
    const adminPassword = new random.RandomPassword(
      `${name}-admin-password`,
      { length: 32, special: false },
      parent,
    );
    this.adminPassword = pulumi.secret(adminPassword.result);

    const performanceInsights = supportsPerformanceInsights(config.instanceClass);
    const instance = new aws.rds.Instance(
      `${name}-instance`,
      {
        identifier,
        engine: "mysql",
        engineVersion: config.engineVersion,
        instanceClass: config.instanceClass,
        allocatedStorage: config.allocatedStorageGiB,
        maxAllocatedStorage: config.maxAllocatedStorageGiB,
        storageType: "gp3",
        storageEncrypted: true,
        kmsKeyId: key.arn,
        dbSubnetGroupName: subnetGroup.name,
        vpcSecurityGroupIds: [securityGroup.id],
        publiclyAccessible: false,
        multiAz: config.multiAz,
        port: MYSQL_PORT,
        username: MYSQL_ADMIN_USER,
        password: this.adminPassword,
        parameterGroupName: parameterGroup.name,
        iamDatabaseAuthenticationEnabled: true,
        backupRetentionPeriod: config.backupRetentionDays,
        backupWindow: "02:00-03:00",
        maintenanceWindow: "sun:04:00-sun:05:00",
        copyTagsToSnapshot: true,
        // Automated backups outlive the instance for their retention period: a deleted database can still be restored.
        deleteAutomatedBackups: false,
        deletionProtection: config.deletionProtection,
        skipFinalSnapshot: !config.finalSnapshot,
        ...(config.finalSnapshot ? { finalSnapshotIdentifier: `${identifier}-final` } : {}),
        autoMinorVersionUpgrade: true,
        allowMajorVersionUpgrade: false,
        applyImmediately: args.applyImmediately ?? false,
        enabledCloudwatchLogsExports: [...MYSQL_LOG_EXPORTS],
        monitoringInterval: 60,
        monitoringRoleArn: monitoringRole.arn,
        performanceInsightsEnabled: performanceInsights,
        ...(performanceInsights
          ? { performanceInsightsKmsKeyId: key.arn, performanceInsightsRetentionPeriod: 7 }
          : {}),
        tags: { ...tags, Name: identifier },
      },
      { parent: this, protect: true, dependsOn: [...logGroups, monitoringPolicy] },
    );

    const adminSecret = new aws.secretsmanager.Secret(
      `${name}-admin`,
      {
        description: `Admin credentials of ${identifier} (break-glass; the cluster reads its own copy)`,
        kmsKeyId: key.arn,
        recoveryWindowInDays: 7,
        tags,
      },
      parent,
    );
    new aws.secretsmanager.SecretVersion(
      `${name}-admin`,
      {
        secretId: adminSecret.id,
        secretString: pulumi.jsonStringify({
          engine: "mysql",
          host: instance.address,
          port: MYSQL_PORT,
          username: MYSQL_ADMIN_USER,
          password: this.adminPassword,
          dbInstanceIdentifier: identifier,
        }),
      },
      parent,
    );

    this.address = instance.address;
    this.port = MYSQL_PORT;
    this.identifier = identifier;
    this.securityGroupId = securityGroup.id;
    this.adminUsername = MYSQL_ADMIN_USER;
    this.adminSecretArn = adminSecret.arn;
    this.kmsKeyArn = key.arn;
    this.registerOutputs({
      address: this.address,
      port: this.port,
      securityGroupId: this.securityGroupId,
      adminSecretArn: this.adminSecretArn,
    });
  }
}
