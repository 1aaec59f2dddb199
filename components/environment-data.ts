import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { bootstrapJob, bootstrapLabels } from "../lib/bootstrap-job";
import type { EnvironmentDataAccess } from "../lib/data-access";
import {
  DATA_SERVICE_NAMES,
  MYSQL_CREDENTIALS_SECRET_NAME,
  REDIS_AUTH_SECRET_NAME,
  bootstrapSecretName,
  dataAccessLabels,
  externalNameSpec,
  redisDbProblems,
} from "../lib/environment-data";
import type { Toleration } from "../lib/grace";
import { environmentDatabase, environmentDatabaseProblems } from "../lib/mysql-bootstrap-sql";
import { assertValidArgs, type ArgProblem } from "../lib/validation";
import type { EnvironmentConfig } from "../stacks/config";
import { environmentNameProblem } from "../lib/environment/name";

/** What an environment's data needs from the shared data stores (SharedDataStores provides it). */
export interface DataStoreBindings {
  /** Kubernetes provider of the cluster. */
  readonly provider: k8s.Provider;
  /** The platform namespace, where bootstrap Jobs run with the admin credentials. */
  readonly platformNamespace: pulumi.Output<string>;
  /** The RDS instance address. */
  readonly mysqlEndpoint: pulumi.Output<string>;
  readonly mysqlPort: number;
  /** The replication group's primary endpoint address. */
  readonly redisEndpoint: pulumi.Output<string>;
  readonly redisPort: number;
  /** Logical databases on the shared Redis; an environment's `redisDb` is below it. */
  readonly redisDatabases: number;
  /** The shared Redis AUTH token (a Pulumi secret). */
  readonly redisAuthToken: pulumi.Output<string>;
  readonly bootstrap: {
    readonly serviceAccountName: string;
    /** Secret in the platform namespace with the RDS admin's `username` and `password`. */
    readonly adminSecretName: string;
    /** Where bootstrap pods run (the system pool, with the grace-period tolerations). */
    readonly scheduling: {
      readonly nodeSelector: Readonly<Record<string, string>>;
      readonly tolerations: readonly Toleration[];
    };
    /**
     * What must exist before a bootstrap pod can run: the cluster's nodes and add-ons, the namespace,
     * its policies, the admin Secret and the service account.
     */
    readonly dependsOn: readonly pulumi.Resource[];
  };
}

/** The environment fields its data depends on. */
export type EnvironmentDataConfig = Pick<EnvironmentConfig, "name" | "redisDb" | "credentialsRevision">;

/** Arguments of {@link EnvironmentData}. */
export interface EnvironmentDataArgs {
  readonly environment: EnvironmentDataConfig;
  readonly stores: DataStoreBindings;
  /** The environment's namespace (created by GameEnvironment); its Secrets and Services go there. */
  readonly namespace: pulumi.Input<string>;
}

/** Checks EnvironmentData's arguments; returns every problem found. */
export function validateEnvironmentDataArgs(args: EnvironmentDataArgs): ArgProblem[] {
  const env = args.environment;
  const problems: ArgProblem[] = [];
  const nameProblem = environmentNameProblem(env.name);
  if (nameProblem) {
    problems.push({ propertyPath: "environment.name", reason: nameProblem });
  } else {
    for (const reason of environmentDatabaseProblems(environmentDatabase(env.name))) {
      problems.push({ propertyPath: "environment.name", reason });
    }
  }
  for (const reason of redisDbProblems(env.redisDb, args.stores.redisDatabases)) {
    problems.push({ propertyPath: "environment.redisDb", reason });
  }
  if (!Number.isInteger(env.credentialsRevision) || env.credentialsRevision < 1) {
    problems.push({
      propertyPath: "environment.credentialsRevision",
      reason: "must be a whole number, 1 or more",
    });
  }
  return problems;
}

/**
 * One environment's share of the data stores: its own MySQL database and user (created by an
 * idempotent bootstrap Job in the platform namespace, which alone holds the admin credentials), a
 * Secret in the environment's namespace with only that user's credentials, a Secret with the Redis
 * AUTH token, and `mysql` / `redis` ExternalName Services pointing straight at the AWS endpoints.
 * Deleting it never drops the database: data outlives the environment until purged on purpose.
 */
export class EnvironmentData extends pulumi.ComponentResource {
  /** What the environment's servers need; GameEnvironment injects it. */
  readonly access: EnvironmentDataAccess;

  constructor(name: string, args: EnvironmentDataArgs, opts?: pulumi.ComponentResourceOptions) {
    super("game:index:EnvironmentData", name, {}, opts);
    assertValidArgs("EnvironmentData", name, validateEnvironmentDataArgs(args));
    const env = args.environment;
    const stores = args.stores;
    const target = environmentDatabase(env.name);
    const childOpts = { parent: this, provider: stores.provider };

    // Letters and digits only: the bootstrap script refuses anything it would have to quote.
    const password = new random.RandomPassword(
      `${name}-mysql-password`,
      { length: 32, special: false, keepers: { credentialsRevision: String(env.credentialsRevision) } },
      { parent: this },
    );
    const secretPassword = pulumi.secret(password.result);

    const userSecret = new k8s.core.v1.Secret(
      `${name}-bootstrap-credentials`,
      {
        metadata: {
          name: bootstrapSecretName(env.name),
          namespace: stores.platformNamespace,
          labels: bootstrapLabels(env.name),
        },
        type: "Opaque",
        stringData: { password: secretPassword },
      },
      childOpts,
    );

    const job = stores.mysqlEndpoint.apply((host) =>
      bootstrapJob({
        environment: env.name,
        target,
        host,
        port: stores.mysqlPort,
        adminSecretName: stores.bootstrap.adminSecretName,
        userSecretName: bootstrapSecretName(env.name),
        serviceAccountName: stores.bootstrap.serviceAccountName,
        credentialsRevision: env.credentialsRevision,
        scheduling: stores.bootstrap.scheduling,
      }),
    );
    const bootstrap = new k8s.batch.v1.Job(
      `${name}-bootstrap`,
      {
        metadata: {
          name: job.name,
          namespace: stores.platformNamespace,
          labels: bootstrapLabels(env.name),
          // A Job that failed (e.g. RDS not reachable yet) is replaced on the next `pulumi up` rather than awaited again.
          annotations: { "pulumi.com/replaceUnready": "true" },
        },
        spec: job.spec,
      },
      {
        ...childOpts,
        dependsOn: [userSecret, ...stores.bootstrap.dependsOn],
        customTimeouts: { create: "10m", update: "10m" },
      },
    );

    const credentials = new k8s.core.v1.Secret(
      `${name}-mysql-credentials`,
      {
        metadata: {
          name: MYSQL_CREDENTIALS_SECRET_NAME,
          namespace: args.namespace,
          labels: dataAccessLabels("mysql", env.name),
        },
        type: "Opaque",
        stringData: { username: target.user, password: secretPassword },
      },
      childOpts,
    );
    const redisAuth = new k8s.core.v1.Secret(
      `${name}-redis-auth`,
      {
        metadata: {
          name: REDIS_AUTH_SECRET_NAME,
          namespace: args.namespace,
          labels: dataAccessLabels("redis", env.name),
        },
        type: "Opaque",
        stringData: { token: stores.redisAuthToken },
      },
      childOpts,
    );

    const externalName = (
      service: keyof typeof DATA_SERVICE_NAMES,
      address: pulumi.Output<string>,
      port: number,
    ) =>
      new k8s.core.v1.Service(
        `${name}-${service}`,
        {
          metadata: {
            name: DATA_SERVICE_NAMES[service],
            namespace: args.namespace,
            labels: dataAccessLabels(service, env.name),
          },
          spec: address.apply((a) => externalNameSpec(a, port, service)),
        },
        childOpts,
      );
    const mysqlService = externalName("mysql", stores.mysqlEndpoint, stores.mysqlPort);
    const redisService = externalName("redis", stores.redisEndpoint, stores.redisPort);

    this.access = {
      mysql: {
        endpoint: stores.mysqlEndpoint,
        port: stores.mysqlPort,
        database: target.database,
        user: target.user,
        credentialsSecretName: MYSQL_CREDENTIALS_SECRET_NAME,
        tls: true,
      },
      redis: {
        endpoint: stores.redisEndpoint,
        port: stores.redisPort,
        db: env.redisDb,
        authSecretName: REDIS_AUTH_SECRET_NAME,
        tls: true,
      },
      readyResources: [bootstrap, credentials, redisAuth, mysqlService, redisService],
    };
    this.registerOutputs({
      database: target.database,
      user: target.user,
      redisDb: env.redisDb,
      bootstrapJob: job.name,
    });
  }
}
