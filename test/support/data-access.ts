/**
 * TEST ONLY: a stand-in for the EnvironmentData factory an environment stack hands GameEnvironment
 * (`environment/program.ts`), so GameEnvironment can be tested alone. It creates what the real
 * factory promises (ExternalName Services `mysql` and `redis` pointing at AWS-style endpoints, and
 * the credential Secrets) with fixed, fake values.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import {
  MYSQL_SERVICE_NAME,
  REDIS_SERVICE_NAME,
  databaseName,
  type DataAccessFactory,
} from "../../lib/data-access";

/** Fake endpoints in the shape AWS gives them. */
export const TEST_ENDPOINTS = {
  mysql: "game-infra-test.abcdefghijkl.eu-west-1.rds.amazonaws.com",
  redis: "master.game-infra-test.abcdef.euw1.cache.amazonaws.com",
} as const;

/** A factory for environment `env` that records the namespaces it was called with. */
export function testDataAccess(
  env: string,
  redisDb: number,
  provider: k8s.Provider,
  calls: unknown[] = [],
): DataAccessFactory {
  return (namespace, parent) => {
    calls.push(namespace);
    const opts = { parent, provider };
    const externalName = (service: string, endpoint: string) =>
      new k8s.core.v1.Service(
        `${env}-test-${service}`,
        { metadata: { name: service, namespace }, spec: { type: "ExternalName", externalName: endpoint } },
        opts,
      );
    const secret = (name: string, data: Record<string, string>) =>
      new k8s.core.v1.Secret(
        `${env}-test-${name}`,
        { metadata: { name, namespace }, type: "Opaque", stringData: pulumi.secret(data) },
        opts,
      );
    const resources = [
      externalName(MYSQL_SERVICE_NAME, TEST_ENDPOINTS.mysql),
      externalName(REDIS_SERVICE_NAME, TEST_ENDPOINTS.redis),
      secret("mysql-credentials", { username: `${env}_user`, password: "not-a-real-password" }),
      secret("redis-auth", { token: "not-a-real-token" }),
    ];
    return {
      mysql: {
        endpoint: pulumi.output(TEST_ENDPOINTS.mysql),
        port: 3306,
        database: databaseName(env),
        user: `${env}_user`,
        credentialsSecretName: "mysql-credentials",
        tls: true,
      },
      redis: {
        endpoint: pulumi.output(TEST_ENDPOINTS.redis),
        port: 6379,
        db: redisDb,
        authSecretName: "redis-auth",
        tls: true,
      },
      readyResources: resources,
    };
  };
}
