/**
 * lib/environment/server-config.ts against literal expectations: every key of the servers'
 * ConfigMap, the per-pod variables that read passwords from Secrets and the version from the pod's
 * label, and the config hash that rolls pods when a value changes. Kept apart from
 * environment-objects.test.ts because this module needs @pulumi/pulumi's Outputs (its import costs
 * about a second); no Pulumi runtime or mocks are started.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import type { EnvironmentDataAccess } from "../lib/data-access";
import {
  COUCHBASE_ADMIN_SECRET,
  COUCHBASE_ADMIN_USER,
  SERVER_CONFIG_MAP,
  configHash,
  serverConfigData,
  serverEnv,
} from "../lib/environment/server-config";

/** The value an Output resolves to (outside a deployment, a known Output resolves at once). */
function resolved<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => {
    output.apply((value) => {
      resolve(value);
      return value;
    });
  });
}

const access: EnvironmentDataAccess = {
  mysql: {
    endpoint: pulumi.output("game.abc.eu-west-1.rds.amazonaws.com"),
    port: 3306,
    database: "game_dev_1",
    user: "game_dev_1",
    credentialsSecretName: "mysql-credentials",
    tls: true,
  },
  redis: {
    endpoint: pulumi.output("master.game.abc.euw1.cache.amazonaws.com"),
    port: 6379,
    db: 4,
    authSecretName: "redis-auth",
    tls: false,
  },
  readyResources: [],
};

const source = {
  name: "dev-1",
  version: "1.42.0",
  gameDataVersion: "gd-1",
  resourceVersion: "res-1",
  clockOffset: "+72h",
  clockOffsetSeconds: 259200,
  publicUrls: {
    game: "https://game-dev-1.example.com",
    backoffice: "https://backoffice-dev-1.example.com",
    gamePreview: "https://game-preview-dev-1.example.com",
    someOtherEntry: "https://x.example.com",
  },
};

describe("server config", () => {
  it("names the ConfigMap, the Couchbase admin Secret and user", () => {
    assert.equal(SERVER_CONFIG_MAP, "game-env");
    assert.equal(COUCHBASE_ADMIN_SECRET, "couchbase-admin");
    assert.equal(COUCHBASE_ADMIN_USER, "Administrator");
  });

  it("tells servers the environment, versions, clock offset, in-namespace hosts, TLS names and public URLs", async () => {
    assert.deepEqual(await resolved(pulumi.output(serverConfigData(source, access))), {
      GAME_ENV: "dev-1",
      GAME_DATA_VERSION: "gd-1",
      RESOURCE_VERSION: "res-1",
      CLOCK_OFFSET: "+72h",
      CLOCK_OFFSET_SECONDS: "259200",
      MYSQL_HOST: "mysql",
      MYSQL_PORT: "3306",
      MYSQL_DATABASE: "game_dev_1",
      MYSQL_USER: "game_dev_1",
      MYSQL_TLS: "true",
      MYSQL_TLS_SERVER_NAME: "game.abc.eu-west-1.rds.amazonaws.com",
      REDIS_HOST: "redis",
      REDIS_PORT: "6379",
      REDIS_DB: "4",
      REDIS_TLS: "false",
      REDIS_TLS_SERVER_NAME: "master.game.abc.euw1.cache.amazonaws.com",
      COUCHBASE_HOST: "couchbase",
      GAMESERVER_URL: "http://gameserver",
      LEAGUE_URL: "http://league",
      SCHEDULER_URL: "http://scheduler",
      BACKOFFICE_URL: "http://backoffice",
      PUBLIC_GAME_URL: "https://game-dev-1.example.com",
      PUBLIC_BACKOFFICE_URL: "https://backoffice-dev-1.example.com",
      PUBLIC_GAME_PREVIEW_URL: "https://game-preview-dev-1.example.com",
      PUBLIC_SOME_OTHER_ENTRY_URL: "https://x.example.com",
    });
  });

  it("reads the passwords from Secrets and the version from the pod's own label", () => {
    assert.deepEqual(serverEnv(access), [
      {
        name: "GAME_VERSION",
        valueFrom: { fieldRef: { fieldPath: "metadata.labels['app.kubernetes.io/version']" } },
      },
      { name: "MYSQL_PASSWORD", valueFrom: { secretKeyRef: { name: "mysql-credentials", key: "password" } } },
      { name: "REDIS_AUTH_TOKEN", valueFrom: { secretKeyRef: { name: "redis-auth", key: "token" } } },
      {
        name: "COUCHBASE_USERNAME",
        valueFrom: { secretKeyRef: { name: "couchbase-admin", key: "username" } },
      },
      {
        name: "COUCHBASE_PASSWORD",
        valueFrom: { secretKeyRef: { name: "couchbase-admin", key: "password" } },
      },
    ]);
  });

  it("hashes the data's sorted key/value pairs: the first 16 hex digits of their SHA-256", async () => {
    // sha256('[["A","1"],["B","2"]]'), computed with sha256sum.
    assert.equal(await resolved(configHash({ B: "2", A: pulumi.output("1") })), "b520ef3fdba6b3bf");
    assert.equal(await resolved(configHash({ A: "1", B: "2" })), "b520ef3fdba6b3bf");
    assert.notEqual(await resolved(configHash({ A: "1", B: "3" })), "b520ef3fdba6b3bf");
  });
});
