/** The contract between the shared data stores and a GameEnvironment: how its servers reach their own data. */
import type * as pulumi from "@pulumi/pulumi";

/** Secret in the platform namespace with the RDS admin's `username` and `password`. */
export const MYSQL_ADMIN_SECRET_NAME = "mysql-admin";
/** Service account of the database bootstrap Jobs (no API token, no IAM role: it needs neither). */
export const BOOTSTRAP_SERVICE_ACCOUNT = "db-bootstrap";

/** Name of the in-namespace ExternalName Service that points at the shared MySQL (RDS) endpoint. */
export const MYSQL_SERVICE_NAME = "mysql";
/** Name of the in-namespace ExternalName Service that points at the shared Redis primary endpoint. */
export const REDIS_SERVICE_NAME = "redis";

/**
 * What a game server needs to reach its environment's data. Created per environment (in the
 * environment's namespace) by the data stores side; consumed by GameEnvironment, which injects it
 * into every server.
 */
export interface EnvironmentDataAccess {
  readonly mysql: {
    /** The AWS endpoint address (the RDS instance address), never an alias of our own. */
    readonly endpoint: pulumi.Output<string>;
    readonly port: number;
    /** This environment's own database (`game_<env>`). */
    readonly database: string;
    /** This environment's own MySQL user (granted only on `database`). */
    readonly user: string;
    /** Secret in the environment's namespace with keys `username` and `password`. */
    readonly credentialsSecretName: string;
    readonly tls: boolean;
  };
  readonly redis: {
    /** The replication group's primary endpoint address. */
    readonly endpoint: pulumi.Output<string>;
    readonly port: number;
    /** This environment's Redis logical database number, from config. */
    readonly db: number;
    /** Secret in the environment's namespace with key `token` (the AUTH token). */
    readonly authSecretName: string;
    readonly tls: boolean;
  };
  /** Resources the servers must wait for (the database bootstrap Job, the Secrets). */
  readonly readyResources: pulumi.Resource[];
}

/** Creates an environment's data access inside its namespace; injected into GameEnvironment by the program. */
export type DataAccessFactory = (
  namespace: pulumi.Output<string>,
  parent: pulumi.Resource,
) => EnvironmentDataAccess;

/** The environment's MySQL database name: `game_<env>` with '-' mapped to '_' (MySQL identifiers). */
export function databaseName(environment: string): string {
  return `game_${environment.replace(/-/g, "_")}`;
}
