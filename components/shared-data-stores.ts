import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { BOOTSTRAP_COMPONENT } from "../lib/bootstrap-job";
import type { DataAccessFactory } from "../lib/data-access";
import { MYSQL_ADMIN_USER } from "../lib/mysql-settings";
import { mysqlEgressSpec } from "../lib/platform-network-policies";
import { assertValidArgs, type ArgProblem } from "../lib/validation";
import type { MysqlConfig, RedisConfig } from "../stacks/config";
import type { GameCluster } from "./cluster";
import { EnvironmentData, type DataStoreBindings, type EnvironmentDataConfig } from "./environment-data";
import { MysqlDatabase, validateMysqlDatabaseArgs, type MysqlDatabaseArgs } from "./mysql-database";
import type { GameNetwork } from "./network";
import { PlatformNamespace } from "./platform-namespace";
import { RedisCache, validateRedisCacheArgs, type RedisCacheArgs } from "./redis-cache";

/** Secret in the platform namespace with the RDS admin's `username` and `password`. */
export const MYSQL_ADMIN_SECRET_NAME = "mysql-admin";
/** Service account of the database bootstrap Jobs (no API token, no IAM role: it needs neither). */
export const BOOTSTRAP_SERVICE_ACCOUNT = "db-bootstrap";

/** Arguments of {@link SharedDataStores}. */
export interface SharedDataStoresArgs {
  /** Prefix of the AWS identifiers (`<prefix>-mysql`, `<prefix>-redis`); the cluster name. */
  readonly clusterName: string;
  /** The VPC: data stores go into its private subnets; bootstrap Jobs may reach MySQL inside its CIDR. */
  readonly network: Pick<GameNetwork, "vpcId" | "vpcCidr" | "privateSubnetIds">;
  /** The cluster: its provider, the security group of its nodes and pods, and where shared work runs. */
  readonly cluster: Pick<GameCluster, "provider" | "nodeSecurityGroupId" | "systemScheduling">;
  /** More security groups allowed to connect, e.g. security groups for pods. @default [] */
  readonly extraClientSecurityGroupIds?: pulumi.Input<string>[];
  readonly mysql: MysqlConfig;
  readonly redis: RedisConfig;
  /** Retention of the database's CloudWatch logs, in days. */
  readonly logRetentionDays: number;
  /** Apply changes now rather than in the next maintenance window. @default false */
  readonly applyImmediately?: boolean;
  /** @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

/** The arguments SharedDataStores gives its MySQL and Redis components. */
function storeArgs(args: SharedDataStoresArgs): { mysql: MysqlDatabaseArgs; redis: RedisCacheArgs } {
  const common = {
    vpcId: args.network.vpcId,
    subnetIds: args.network.privateSubnetIds,
    clientSecurityGroupIds: [args.cluster.nodeSecurityGroupId, ...(args.extraClientSecurityGroupIds ?? [])],
    applyImmediately: args.applyImmediately ?? false,
    tags: args.tags ?? {},
  };
  return {
    mysql: {
      ...common,
      identifierPrefix: args.clusterName,
      config: args.mysql,
      logRetentionDays: args.logRetentionDays,
    },
    redis: { ...common, idPrefix: args.clusterName, config: args.redis },
  };
}

/** Checks SharedDataStores' arguments, its stores' included, so nothing is created when any is wrong. */
export function validateSharedDataStoresArgs(args: SharedDataStoresArgs): ArgProblem[] {
  const problems: ArgProblem[] = [];
  if (args.network.vpcCidr.endsWith("/0")) {
    problems.push({
      propertyPath: "network.vpcCidr",
      reason: "must be the VPC's block, not the whole internet",
    });
  }
  const stores = storeArgs(args);
  const prefixed = (prefix: string, found: ArgProblem[]) =>
    found.map((p) => ({ propertyPath: `${prefix}.${p.propertyPath}`, reason: p.reason }));
  problems.push(...prefixed("mysql", validateMysqlDatabaseArgs(stores.mysql)));
  problems.push(...prefixed("redis", validateRedisCacheArgs(stores.redis)));
  return problems;
}

/**
 * The stack's shared MySQL (RDS) and Redis (ElastiCache), reachable only from the cluster, plus the
 * platform namespace where the admin credentials live and environments' databases are bootstrapped.
 * Each environment gets its share through {@link SharedDataStores.dataAccessFor}: its own database
 * and user, and its own Redis DB number from config (never from list position).
 */
export class SharedDataStores extends pulumi.ComponentResource implements DataStoreBindings {
  readonly provider: k8s.Provider;
  readonly platformNamespace: pulumi.Output<string>;
  readonly mysqlEndpoint: pulumi.Output<string>;
  readonly mysqlPort: number;
  readonly mysqlSecurityGroupId: pulumi.Output<string>;
  /** ARN of the Secrets Manager secret with the admin credentials (break-glass; not the value). */
  readonly mysqlAdminSecretArn: pulumi.Output<string>;
  readonly redisEndpoint: pulumi.Output<string>;
  readonly redisPort: number;
  readonly redisSecurityGroupId: pulumi.Output<string>;
  /** ARN of the Secrets Manager secret with the Redis AUTH token (not the value). */
  readonly redisAuthSecretArn: pulumi.Output<string>;
  readonly redisDatabases: number;
  readonly redisAuthToken: pulumi.Output<string>;
  readonly bootstrap: DataStoreBindings["bootstrap"];
  /** Redis DB numbers and environment names handed out so far, to refuse a second claim. */
  private readonly claims = { redisDb: new Map<number, string>(), names: new Set<string>() };

  constructor(name: string, args: SharedDataStoresArgs, opts?: pulumi.ComponentResourceOptions) {
    super("game:index:SharedDataStores", name, {}, opts);
    assertValidArgs("SharedDataStores", name, validateSharedDataStoresArgs(args));
    const stores = storeArgs(args);
    const mysql = new MysqlDatabase(`${name}-mysql`, stores.mysql, { parent: this });
    const redis = new RedisCache(`${name}-redis`, stores.redis, { parent: this });

    const platform = new PlatformNamespace(
      `${name}-platform`,
      { provider: args.cluster.provider },
      { parent: this },
    );
    const childOpts = { parent: this, provider: args.cluster.provider };
    const labels = (component: string) => ({
      "app.kubernetes.io/name": component,
      "app.kubernetes.io/component": BOOTSTRAP_COMPONENT,
      "app.kubernetes.io/part-of": "game-infra",
      "app.kubernetes.io/managed-by": "pulumi",
    });
    const adminSecret = new k8s.core.v1.Secret(
      `${name}-mysql-admin`,
      {
        metadata: {
          name: MYSQL_ADMIN_SECRET_NAME,
          namespace: platform.namespace,
          labels: labels("mysql-admin"),
        },
        type: "Opaque",
        stringData: { username: MYSQL_ADMIN_USER, password: mysql.adminPassword },
      },
      childOpts,
    );
    const serviceAccount = new k8s.core.v1.ServiceAccount(
      `${name}-db-bootstrap`,
      {
        metadata: {
          name: BOOTSTRAP_SERVICE_ACCOUNT,
          namespace: platform.namespace,
          labels: labels("db-bootstrap"),
        },
        automountServiceAccountToken: false,
      },
      childOpts,
    );
    const egress = new k8s.networking.v1.NetworkPolicy(
      `${name}-db-bootstrap-egress`,
      {
        metadata: {
          name: "db-bootstrap-to-mysql",
          namespace: platform.namespace,
          labels: labels("db-bootstrap"),
        },
        spec: mysqlEgressSpec(BOOTSTRAP_COMPONENT, args.network.vpcCidr),
      },
      childOpts,
    );

    this.provider = args.cluster.provider;
    this.platformNamespace = platform.namespace;
    this.mysqlEndpoint = mysql.address;
    this.mysqlPort = mysql.port;
    this.mysqlSecurityGroupId = mysql.securityGroupId;
    this.mysqlAdminSecretArn = mysql.adminSecretArn;
    this.redisEndpoint = redis.primaryEndpoint;
    this.redisPort = redis.port;
    this.redisSecurityGroupId = redis.securityGroupId;
    this.redisAuthSecretArn = redis.authSecretArn;
    this.redisDatabases = args.redis.databases;
    this.redisAuthToken = redis.authToken;
    this.bootstrap = {
      serviceAccountName: BOOTSTRAP_SERVICE_ACCOUNT,
      adminSecretName: MYSQL_ADMIN_SECRET_NAME,
      scheduling: args.cluster.systemScheduling,
      dependsOn: [...platform.readyResources, adminSecret, serviceAccount, egress],
    };
    this.registerOutputs({
      platformNamespace: this.platformNamespace,
      mysqlEndpoint: this.mysqlEndpoint,
      mysqlPort: this.mysqlPort,
      mysqlSecurityGroupId: this.mysqlSecurityGroupId,
      mysqlAdminSecretArn: this.mysqlAdminSecretArn,
      redisEndpoint: this.redisEndpoint,
      redisPort: this.redisPort,
      redisSecurityGroupId: this.redisSecurityGroupId,
      redisAuthSecretArn: this.redisAuthSecretArn,
    });
  }

  /**
   * The data-access factory for one environment: GameEnvironment calls it with its namespace and
   * itself as parent. Refuses (before anything is created) an environment whose name or Redis DB
   * number another environment already claimed on these stores.
   */
  dataAccessFor(environment: EnvironmentDataConfig): DataAccessFactory {
    const problems: ArgProblem[] = [];
    const holder = this.claims.redisDb.get(environment.redisDb);
    if (holder !== undefined) {
      problems.push({
        propertyPath: "environment.redisDb",
        reason: `${environment.redisDb} is already used by environment "${holder}"`,
      });
    }
    if (this.claims.names.has(environment.name)) {
      problems.push({
        propertyPath: "environment.name",
        reason: `"${environment.name}" already has its data access`,
      });
    }
    assertValidArgs("SharedDataStores.dataAccessFor", environment.name, problems);
    this.claims.redisDb.set(environment.redisDb, environment.name);
    this.claims.names.add(environment.name);
    return (namespace, parent) =>
      new EnvironmentData(`${environment.name}-data`, { environment, stores: this, namespace }, { parent })
        .access;
  }
}
