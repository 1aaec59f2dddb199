import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { SharedDataStores } from "../components/shared-data-stores";
import { bootstrapSql, environmentDatabase } from "../lib/mysql-bootstrap-sql";
import type { EnvironmentDataAccess } from "../lib/data-access";
import type { EnvironmentConfig } from "../stacks/config";
import { mockSecret } from "../tools/engine/mock-outputs";
import { validateKubernetesObjects } from "../tools/plan/k8s-validate";
import type { Json } from "../tools/engine/values";
import {
  committedRegistry,
  loadConfig,
  resolveOutputs,
  runComponent,
  valueOf,
  type RecordedResource,
  type Registered,
} from "./harness";
import { runEnvironmentData } from "./support/data-stores";

/** The dev platform's planned data-store endpoints (what its stack outputs and environment stacks read). */
const DEV_MYSQL = "game-infra-dev-mysql.c0mock0db0id.eu-west-1.rds.amazonaws.com";
const DEV_REDIS = "master.game-infra-dev-redis.mock0id.euw1.cache.amazonaws.com";

type Inputs = { [key: string]: Json };
const inputs = (r: RecordedResource): Inputs => r.inputs as Inputs;
const metadata = (r: RecordedResource) =>
  inputs(r).metadata as { name: string; namespace: string; labels: Inputs };

/** The resource of `type` whose Kubernetes object is `name` in `namespace`. */
function object(
  registered: Registered,
  type: string,
  namespace: string,
  name: string | RegExp,
): RecordedResource {
  const found = registered
    .ofType(type)
    .filter(
      (r) =>
        metadata(r).namespace === namespace &&
        (typeof name === "string" ? metadata(r).name === name : name.test(metadata(r).name)),
    );
  assert.equal(found.length, 1, `one ${type} ${namespace}/${String(name)}`);
  return found[0]!;
}

/** The bootstrap Job of an environment. */
const jobOf = (registered: Registered, env: string) =>
  object(registered, "kubernetes:batch/v1:Job", "platform", new RegExp(`^db-bootstrap-${env}-[0-9a-f]{8}$`));

/** The container of a Job, with its environment variables by name. */
function containerOf(job: RecordedResource) {
  const pod = (inputs(job).spec as { template: { spec: Inputs } }).template.spec;
  const container = (pod.containers as Inputs[])[0]!;
  const env = Object.fromEntries((container.env as Inputs[]).map((e) => [e.name as string, e]));
  return { pod, container, env };
}

describe("EnvironmentData for the dev tier's environments", () => {
  let registered: Registered;
  let run: Awaited<ReturnType<typeof runEnvironmentData>>;
  before(async () => {
    run = await runEnvironmentData("dev", (await committedRegistry("dev")).environments);
    registered = run.registered;
  });

  it("runs each environment's own bootstrap SQL in a Job in the platform namespace, against the platform's RDS address", () => {
    assert.equal(run.platform.mysql.endpoint, DEV_MYSQL);
    for (const env of ["dev1", "dev2", "login-dev"]) {
      const { env: vars } = containerOf(jobOf(registered, env));
      assert.equal(vars.BOOTSTRAP_SQL!.value, bootstrapSql(environmentDatabase(env)));
      assert.equal(vars.MYSQL_HOST!.value, DEV_MYSQL);
      assert.deepEqual(vars.ADMIN_PASSWORD!.valueFrom, {
        secretKeyRef: { name: "mysql-admin", key: "password" },
      });
      assert.deepEqual(vars.USER_PASSWORD!.valueFrom, {
        secretKeyRef: { name: `db-bootstrap-${env}`, key: "password" },
      });
    }
  });

  it("places bootstrap pods on the system pool with the platform's grace tolerations, requests and limits", () => {
    const { pod, container } = containerOf(jobOf(registered, "dev1"));
    assert.deepEqual(pod.nodeSelector, { "game-infra/pool": "system" });
    assert.deepEqual(pod.tolerations, [
      {
        key: "node.kubernetes.io/not-ready",
        operator: "Exists",
        effect: "NoExecute",
        tolerationSeconds: 200,
      },
      {
        key: "node.kubernetes.io/unreachable",
        operator: "Exists",
        effect: "NoExecute",
        tolerationSeconds: 200,
      },
    ]);
    assert.equal(pod.serviceAccountName, "db-bootstrap");
    assert.deepEqual(container.resources, {
      requests: { cpu: "50m", memory: "64Mi" },
      limits: { cpu: "500m", memory: "256Mi" },
    });
    assert.equal(
      metadata(jobOf(registered, "dev1")).labels["app.kubernetes.io/component"],
      "database-bootstrap",
    );
  });

  it("gives the environment's namespace only its own user's credentials and the platform's Redis token", async () => {
    const secretsInDev1 = registered
      .ofType("kubernetes:core/v1:Secret")
      .filter((s) => metadata(s).namespace === "dev1")
      .map((s) => metadata(s).name)
      .sort();
    assert.deepEqual(secretsInDev1, ["mysql-credentials", "redis-auth"]);
    /** The Secret named `name` among the environment's data-access resources. */
    const secret = async (env: string, name: string): Promise<k8s.core.v1.Secret> => {
      for (const r of run.outputs.access[env]!.readyResources) {
        if (k8s.core.v1.Secret.isInstance(r) && (await valueOf(r.metadata.name)) === name) return r;
      }
      throw new Error(`no Secret ${name} for ${env}`);
    };
    const dev1 = await valueOf((await secret("dev1", "mysql-credentials")).stringData);
    assert.deepEqual(dev1, { username: "game_dev1", password: mockSecret("dev1-data-mysql-password", 32) });
    const dev2 = await valueOf((await secret("dev2", "mysql-credentials")).stringData);
    assert.notEqual(dev2.password, dev1.password, "every environment has its own password");
    assert.notEqual(dev1.password, mockSecret("dev-mysql-admin-password", 32), "never the admin's");
    assert.ok(await pulumi.isSecret((await secret("dev1", "mysql-credentials")).stringData));
    // The token is the one in the Secrets Manager secret whose ARN the platform exports.
    const redis = await valueOf((await secret("dev1", "redis-auth")).stringData);
    assert.deepEqual(redis, { token: mockSecret(run.platform.redis.authSecretArn, 32) });
    assert.ok(await pulumi.isSecret((await secret("dev1", "redis-auth")).stringData));
  });

  it("points the mysql and redis ExternalName Services straight at the platform's endpoints", () => {
    assert.equal(run.platform.redis.endpoint, DEV_REDIS);
    for (const env of ["dev1", "login-dev"]) {
      const mysql = inputs(object(registered, "kubernetes:core/v1:Service", env, "mysql")).spec as Inputs;
      const redis = inputs(object(registered, "kubernetes:core/v1:Service", env, "redis")).spec as Inputs;
      assert.deepEqual(mysql, {
        type: "ExternalName",
        externalName: DEV_MYSQL,
        ports: [{ name: "mysql", port: 3306, protocol: "TCP" }],
      });
      assert.equal(redis.type, "ExternalName");
      assert.equal(redis.externalName, DEV_REDIS);
    }
  });

  it("exposes each environment's database, user, Redis DB and TLS as a typed value", async () => {
    const access = (await resolveOutputs(run.outputs.access)) as Record<string, Inputs>;
    assert.deepEqual(access["login-dev"]!.mysql, {
      endpoint: DEV_MYSQL,
      port: 3306,
      database: "game_login_dev",
      user: "game_login_dev",
      credentialsSecretName: "mysql-credentials",
      tls: true,
    });
    assert.deepEqual(access["login-dev"]!.redis, {
      endpoint: DEV_REDIS,
      port: 6379,
      db: 3,
      authSecretName: "redis-auth",
      tls: true,
    });
    assert.equal((access["login-dev"]!.readyResources as string[]).length, 5);
  });

  it("writes only Kubernetes objects that are valid against the upstream schema", async () => {
    assert.deepEqual(await validateKubernetesObjects(registered.resources), []);
  });

  it("lets no generated password or token reach any recorded input", () => {
    assert.doesNotMatch(JSON.stringify(registered.resources), /MOCKSECRET/);
  });
});

describe("databases when environments come and go", () => {
  let environments: readonly EnvironmentConfig[];
  let all: Registered;
  let withoutDev2: Registered;
  let rotated: Registered;
  let accessWithoutDev2: Record<string, EnvironmentDataAccess>;
  before(async () => {
    environments = (await committedRegistry("dev")).environments;
    ({ registered: all } = await runEnvironmentData("dev", environments));
    let outputs;
    ({ registered: withoutDev2, outputs } = await runEnvironmentData(
      "dev",
      environments.filter((e) => e.name !== "dev2"),
    ));
    accessWithoutDev2 = outputs.access;
    ({ registered: rotated } = await runEnvironmentData(
      "dev",
      environments.map((e) => (e.name === "dev1" ? { ...e, credentialsRevision: 2 } : e)),
    ));
  });

  it("keeps login-dev on DB 3 after dev2 (DB 2) is removed", () => {
    assert.equal(accessWithoutDev2["login-dev"]!.redis.db, 3);
    assert.equal(accessWithoutDev2.dev1!.redis.db, 1);
  });

  it("leaves the other environments' resources and bootstrap Jobs untouched", () => {
    const urnsOf = (registered: Registered, env: string) =>
      registered.resources.filter((r) => r.urn.includes(`::${env}-data`)).map((r) => r.urn);
    for (const env of ["dev1", "login-dev"]) {
      assert.deepEqual(urnsOf(withoutDev2, env), urnsOf(all, env));
      assert.ok(urnsOf(all, env).length > 0);
      assert.equal(metadata(jobOf(withoutDev2, env)).name, metadata(jobOf(all, env)).name);
    }
    assert.equal(urnsOf(withoutDev2, "dev2").length, 0);
  });

  it("rotates one environment's password by re-running only its Job under a new name", () => {
    assert.notEqual(metadata(jobOf(rotated, "dev1")).name, metadata(jobOf(all, "dev1")).name);
    assert.equal(metadata(jobOf(rotated, "login-dev")).name, metadata(jobOf(all, "login-dev")).name);
    const password = (registered: Registered) =>
      inputs(registered.one("random:index/randomPassword:RandomPassword", "dev1-data-mysql-password"))
        .keepers;
    assert.deepEqual(password(all), { credentialsRevision: "1" });
    assert.deepEqual(password(rotated), { credentialsRevision: "2" });
  });
});

describe("EnvironmentData arguments", () => {
  it("refuses a Redis DB the shared Redis does not have", async () => {
    const dev1 = (await committedRegistry("dev")).environments[0]!;
    await assert.rejects(
      runEnvironmentData("dev", [{ ...dev1, name: "dev9", redisDb: 64 }]),
      /environment\.redisDb: 64 is outside 1\.\.63/,
    );
  });
});

describe("SharedDataStores arguments", () => {
  it("refuses identifiers AWS would reject, for both stores, before creating anything", async () => {
    const config = await loadConfig("dev");
    const { registered, outputs } = await runComponent(() => {
      try {
        new SharedDataStores("dev", {
          clusterName: "Game-Infra-Development-Environment-Stack",
          network: {
            vpcId: pulumi.output("vpc"),
            vpcCidr: "0.0.0.0/0",
            privateSubnetIds: [pulumi.output("a")],
          },
          cluster: {
            provider: new k8s.Provider("k8s", { kubeconfig: "{}" }),
            nodeSecurityGroupId: pulumi.output("sg"),
          },
          mysql: config.mysql,
          redis: config.redis,
          logRetentionDays: 7,
        });
        return "accepted";
      } catch (err) {
        return (err as Error).message;
      }
    });
    assert.match(outputs, /mysql\.identifierPrefix: .*lower-case/);
    assert.match(outputs, /mysql\.subnetIds: a DB subnet group needs subnets in at least two AZs/);
    assert.match(outputs, /redis\.idPrefix: .*46 characters; ElastiCache allows 40/);
    assert.match(outputs, /network\.vpcCidr: must be the VPC's block/);
    assert.deepEqual(
      registered.resources.filter((r) => !r.type.startsWith("pulumi:providers:")).map((r) => r.type),
      ["game:index:SharedDataStores"],
    );
  });
});
