/** Names and manifests of what an environment gets for its data: Secrets, ExternalName Services, its Redis DB check. */
import type * as k8s from "@pulumi/kubernetes";
import { MYSQL_SERVICE_NAME, REDIS_SERVICE_NAME } from "./data-access";

/** Secret in the environment's namespace with `username` and `password` of its own MySQL user. */
export const MYSQL_CREDENTIALS_SECRET_NAME = "mysql-credentials";
/** Secret in the environment's namespace with `token`, the Redis AUTH token. */
export const REDIS_AUTH_SECRET_NAME = "redis-auth";

/** Secret in the platform namespace with the environment user's password, read only by its bootstrap Job. */
export function bootstrapSecretName(environment: string): string {
  return `db-bootstrap-${environment}`;
}

/** Recommended labels of the data-access objects in an environment's namespace. */
export function dataAccessLabels(name: string, environment: string): Record<string, string> {
  return {
    "app.kubernetes.io/name": name,
    "app.kubernetes.io/instance": `${name}-${environment}`,
    "app.kubernetes.io/component": "data-access",
    "app.kubernetes.io/part-of": "game-infra",
    "app.kubernetes.io/managed-by": "pulumi",
    "game-infra/environment": environment,
  };
}

/**
 * An ExternalName Service's spec: the in-namespace name resolves (CNAME) straight to the AWS
 * endpoint address, never to an alias of ours, so there is one DNS TTL between a server and a
 * failover, not a chain of them. The port is informational (ExternalName does no port mapping).
 */
export function externalNameSpec(
  address: string,
  port: number,
  portName: string,
): k8s.types.input.core.v1.ServiceSpec {
  return { type: "ExternalName", externalName: address, ports: [{ name: portName, port, protocol: "TCP" }] };
}

/** The two ExternalName Services every environment gets, by name. */
export const DATA_SERVICE_NAMES = { mysql: MYSQL_SERVICE_NAME, redis: REDIS_SERVICE_NAME } as const;

/** Problems with an environment's Redis DB number against the configured count; empty when it is usable. */
export function redisDbProblems(redisDb: number, databases: number): string[] {
  if (!Number.isInteger(redisDb) || redisDb < 1 || redisDb >= databases) {
    return [
      `${redisDb} is outside 1..${databases - 1} (database 0 is kept for shared tooling; the shared Redis has ${databases} databases)`,
    ];
  }
  return [];
}
