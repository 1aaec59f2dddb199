import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import {
  REDIS_ENGINE,
  REDIS_ENGINE_VERSION,
  REDIS_MAX_REPLICAS,
  REDIS_PARAMETER_FAMILY,
  REDIS_PORT,
  redisParameters,
  replicationGroupId,
  replicationGroupIdProblems,
} from "../lib/redis-settings";
import { assertValidArgs, type ArgProblem } from "../lib/validation";
import type { RedisConfig } from "../stacks/config";
import { PrivateServiceSecurityGroup } from "./private-service-security-group";

/** Arguments of {@link RedisCache}. */
export interface RedisCacheArgs {
  /** Prefix of the replication group id (`<prefix>-redis`); usually the cluster name. */
  readonly idPrefix: string;
  /** Node type, replicas, snapshots and the logical database count, resolved from tier and config. */
  readonly config: RedisConfig;
  readonly vpcId: pulumi.Input<string>;
  /** Private subnets; replicas are spread over their AZs. */
  readonly subnetIds: pulumi.Input<string>[];
  /** Security groups whose members may connect on 6379 (the cluster's nodes and pods). */
  readonly clientSecurityGroupIds: pulumi.Input<string>[];
  /** Apply changes now rather than in the next maintenance window. @default false */
  readonly applyImmediately?: boolean;
  /** The AUTH token, a Pulumi secret (from `pulumi config set --secret game-infra:redisAuthToken`). @default a generated 64-character token */
  readonly authToken?: pulumi.Output<string>;
  /** @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

/** Checks RedisCache's arguments; returns every problem found. */
export function validateRedisCacheArgs(args: RedisCacheArgs): ArgProblem[] {
  const problems: ArgProblem[] = replicationGroupIdProblems(replicationGroupId(args.idPrefix)).map(
    (reason) => ({
      propertyPath: "idPrefix",
      reason,
    }),
  );
  if (args.subnetIds.length === 0)
    problems.push({ propertyPath: "subnetIds", reason: "needs at least one subnet" });
  if (args.clientSecurityGroupIds.length === 0) {
    problems.push({
      propertyPath: "clientSecurityGroupIds",
      reason: "needs at least one client security group",
    });
  }
  if (
    !Number.isInteger(args.config.replicas) ||
    args.config.replicas < 0 ||
    args.config.replicas > REDIS_MAX_REPLICAS
  ) {
    problems.push({ propertyPath: "config.replicas", reason: `must be 0-${REDIS_MAX_REPLICAS}` });
  }
  try {
    redisParameters(args.config.databases);
  } catch (err) {
    problems.push({ propertyPath: "config.databases", reason: (err as Error).message });
  }
  return problems;
}

/**
 * The stack's ElastiCache (Valkey) replication group, cluster mode disabled so that environments
 * can each have a logical database: its own subnet group and security group, encryption at rest
 * (own KMS key) and in transit (TLS required), an AUTH token generated here and kept a Pulumi
 * secret, a parameter group with the stack's database count and the cross-database commands
 * renamed, snapshots by tier, and with a replica: automatic failover across AZs. The replication
 * group and its key are `protect`ed.
 */
export class RedisCache extends pulumi.ComponentResource {
  /** The primary endpoint's DNS address (`master.<id>.<hash>.<region>.cache.amazonaws.com`). */
  readonly primaryEndpoint: pulumi.Output<string>;
  readonly port: number;
  readonly replicationGroupId: string;
  readonly securityGroupId: pulumi.Output<string>;
  /** The AUTH token (a Pulumi secret). */
  readonly authToken: pulumi.Output<string>;
  /** ARN of the Secrets Manager secret with the AUTH token (not the value). */
  readonly authSecretArn: pulumi.Output<string>;

  constructor(name: string, args: RedisCacheArgs, opts?: pulumi.ComponentResourceOptions) {
    super("game:index:RedisCache", name, {}, opts);
    assertValidArgs("RedisCache", name, validateRedisCacheArgs(args));
    const tags = args.tags ?? {};
    const config = args.config;
    const id = replicationGroupId(args.idPrefix);
    const parent = { parent: this };

    const key = new aws.kms.Key(
      `${name}-key`,
      {
        description: `Encryption at rest of the ${id} replication group, its snapshots and AUTH secret`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        tags,
      },
      { parent: this, protect: true },
    );
    new aws.kms.Alias(`${name}-key`, { name: `alias/${id}`, targetKeyId: key.keyId }, parent);

    const securityGroup = new PrivateServiceSecurityGroup(
      `${name}-sg`,
      {
        vpcId: args.vpcId,
        description: `${id}: Redis (TLS) from the cluster only`,
        port: REDIS_PORT,
        clientSecurityGroupIds: args.clientSecurityGroupIds,
        tags: { ...tags, Name: id },
      },
      parent,
    );

    const subnetGroup = new aws.elasticache.SubnetGroup(
      `${name}-subnets`,
      { description: `Private subnets of ${id}`, subnetIds: args.subnetIds, tags },
      parent,
    );

    const parameterGroup = new aws.elasticache.ParameterGroup(
      `${name}-params`,
      {
        family: REDIS_PARAMETER_FAMILY,
        description: `${id}: ${config.databases} databases, cross-database commands renamed`,
        parameters: redisParameters(config.databases),
        tags,
      },
      parent,
    );

    // ElastiCache AUTH tokens: 16-128 printable characters; letters and digits need no escaping anywhere.
    this.authToken = pulumi.secret(
      args.authToken ??
        new random.RandomPassword(`${name}-auth-token`, { length: 64, special: false }, parent).result,
    );

    const withReplicas = config.replicas > 0;
    const group = new aws.elasticache.ReplicationGroup(
      `${name}-group`,
      {
        replicationGroupId: id,
        description: `Shared Redis of ${args.idPrefix}: one logical database per environment`,
        engine: REDIS_ENGINE,
        engineVersion: REDIS_ENGINE_VERSION,
        nodeType: config.nodeType,
        clusterMode: "disabled",
        numCacheClusters: 1 + config.replicas,
        automaticFailoverEnabled: withReplicas,
        multiAzEnabled: withReplicas,
        port: REDIS_PORT,
        parameterGroupName: parameterGroup.name,
        subnetGroupName: subnetGroup.name,
        securityGroupIds: [securityGroup.id],
        atRestEncryptionEnabled: true,
        kmsKeyId: key.arn,
        transitEncryptionEnabled: true,
        transitEncryptionMode: "required",
        // A changed token is applied with AWS's default strategy, ROTATE: the old one keeps working until the next change.
        authToken: this.authToken,
        autoMinorVersionUpgrade: true,
        snapshotRetentionLimit: config.snapshotRetentionDays,
        snapshotWindow: "03:00-04:00",
        maintenanceWindow: "sun:05:00-sun:06:00",
        ...(config.finalSnapshot ? { finalSnapshotIdentifier: `${id}-final` } : {}),
        applyImmediately: args.applyImmediately ?? false,
        tags: { ...tags, Name: id },
      },
      { parent: this, protect: true },
    );

    const authSecret = new aws.secretsmanager.Secret(
      `${name}-auth`,
      {
        description: `AUTH token of ${id} (break-glass; the cluster reads its own copies)`,
        kmsKeyId: key.arn,
        recoveryWindowInDays: 7,
        tags,
      },
      parent,
    );
    new aws.secretsmanager.SecretVersion(
      `${name}-auth`,
      {
        secretId: authSecret.id,
        secretString: pulumi.jsonStringify({
          host: group.primaryEndpointAddress,
          port: REDIS_PORT,
          token: this.authToken,
        }),
      },
      parent,
    );

    this.primaryEndpoint = group.primaryEndpointAddress;
    this.port = REDIS_PORT;
    this.replicationGroupId = id;
    this.securityGroupId = securityGroup.id;
    this.authSecretArn = authSecret.arn;
    this.registerOutputs({
      primaryEndpoint: this.primaryEndpoint,
      port: this.port,
      securityGroupId: this.securityGroupId,
      authSecretArn: this.authSecretArn,
    });
  }
}
