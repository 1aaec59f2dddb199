/**
 * What every game server of an environment is told about it: a ConfigMap with the environment's
 * name, data access (hosts, ports, database, Redis DB, TLS), data versions and clock offset, and
 * environment variables that read the passwords from the environment's Secrets.
 */
import { createHash } from "node:crypto";
import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { MYSQL_SERVICE_NAME, REDIS_SERVICE_NAME, type EnvironmentDataAccess } from "../data-access";
import { APP_LABELS } from "../workload/labels";

/** Name of the ConfigMap the servers read their settings from. */
export const SERVER_CONFIG_MAP = "game-env";
/** Name of the Secret with Couchbase's administrator credentials (keys `username`, `password`). */
export const COUCHBASE_ADMIN_SECRET = "couchbase-admin";
/** Couchbase's administrator user name. */
export const COUCHBASE_ADMIN_USER = "Administrator";

/** The environment settings the ConfigMap carries. */
export interface ServerConfigSource {
  readonly name: string;
  readonly version: string;
  readonly gameDataVersion: string;
  readonly resourceVersion: string;
  /** Clock offset as written (`+720h`) and in seconds. */
  readonly clockOffset: string;
  readonly clockOffsetSeconds: number;
  /** Public URLs by entry point (`game`, `backoffice`). */
  readonly publicUrls: Readonly<Record<string, string>>;
}

/**
 * The ConfigMap's data. Hosts are the in-namespace Service names (`mysql`, `redis`, `couchbase`,
 * `gameserver`, ...), so a server image knows nothing about which environment it runs in. TLS
 * server names carry the AWS endpoints, because the certificates name those, not `mysql`.
 */
export function serverConfigData(
  env: ServerConfigSource,
  access: EnvironmentDataAccess,
): Record<string, pulumi.Input<string>> {
  return {
    GAME_ENV: env.name,
    GAME_DATA_VERSION: env.gameDataVersion,
    RESOURCE_VERSION: env.resourceVersion,
    CLOCK_OFFSET: env.clockOffset,
    CLOCK_OFFSET_SECONDS: String(env.clockOffsetSeconds),
    MYSQL_HOST: MYSQL_SERVICE_NAME,
    MYSQL_PORT: String(access.mysql.port),
    MYSQL_DATABASE: access.mysql.database,
    MYSQL_USER: access.mysql.user,
    MYSQL_TLS: String(access.mysql.tls),
    MYSQL_TLS_SERVER_NAME: access.mysql.endpoint,
    REDIS_HOST: REDIS_SERVICE_NAME,
    REDIS_PORT: String(access.redis.port),
    REDIS_DB: String(access.redis.db),
    REDIS_TLS: String(access.redis.tls),
    REDIS_TLS_SERVER_NAME: access.redis.endpoint,
    COUCHBASE_HOST: "couchbase",
    GAMESERVER_URL: "http://gameserver",
    LEAGUE_URL: "http://league",
    SCHEDULER_URL: "http://scheduler",
    BACKOFFICE_URL: "http://backoffice",
    ...Object.fromEntries(
      Object.entries(env.publicUrls).map(([endpoint, url]) => [
        `PUBLIC_${screamingSnake(endpoint)}_URL`,
        url,
      ]),
    ),
  };
}

function screamingSnake(text: string): string {
  return text.replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase();
}

/**
 * Per-pod environment variables: the passwords, read from the environment's Secrets (never from the
 * ConfigMap), and the pod's own version from its `app.kubernetes.io/version` label. The version is
 * not in the ConfigMap because the two colours of a blue/green game server run different versions,
 * and a version in the ConfigMap would change its hash and restart both colours at every switch.
 */
export function serverEnv(access: EnvironmentDataAccess): k8s.types.input.core.v1.EnvVar[] {
  const fromSecret = (name: string, secret: string, key: string) => ({
    name,
    valueFrom: { secretKeyRef: { name: secret, key } },
  });
  return [
    {
      name: "GAME_VERSION",
      valueFrom: { fieldRef: { fieldPath: `metadata.labels['${APP_LABELS.version}']` } },
    },
    fromSecret("MYSQL_PASSWORD", access.mysql.credentialsSecretName, "password"),
    fromSecret("REDIS_AUTH_TOKEN", access.redis.authSecretName, "token"),
    fromSecret("COUCHBASE_USERNAME", COUCHBASE_ADMIN_SECRET, "username"),
    fromSecret("COUCHBASE_PASSWORD", COUCHBASE_ADMIN_SECRET, "password"),
  ];
}

/**
 * A short hash of the ConfigMap's data, put on the pod templates: pods read the ConfigMap only at
 * start, so a changed value (a new clock offset) must roll them, and a changed hash does.
 */
export function configHash(data: Record<string, pulumi.Input<string>>): pulumi.Output<string> {
  return pulumi.output(data).apply((resolved) => {
    const canonical = JSON.stringify(
      Object.keys(resolved)
        .sort()
        .map((k) => [k, resolved[k]]),
    );
    return createHash("sha256").update(canonical).digest("hex").slice(0, 16);
  });
}
