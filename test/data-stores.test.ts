import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { MYSQL_LOG_EXPORTS } from "../lib/mysql-settings";
import { RENAMED_COMMANDS } from "../lib/redis-settings";
import type { Json } from "../tools/engine/values";
import { loadConfig, resolveOutputs, runStack, type RecordedResource, type Registered } from "./harness";
import { mockId } from "../tools/engine/mock-outputs";
import { runDataStores } from "./support/data-stores";

type Inputs = { [key: string]: Json };
const inputs = (r: RecordedResource): Inputs => r.inputs as Inputs;

const RDS = "aws:rds/instance:Instance";
const REPLICATION_GROUP = "aws:elasticache/replicationGroup:ReplicationGroup";
const KMS_KEY = "aws:kms/key:Key";
const INGRESS_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";

/**
 * Every ingress rule in the stack that opens 3306 or 6379, standalone or inline, in any security
 * group: a rule someone else adds for these ports shows up here too.
 */
function dataPortRules(registered: Registered): Inputs[] {
  const covers = (r: Inputs, port: number) =>
    r.ipProtocol === "-1" || r.protocol === "-1" || (Number(r.fromPort) <= port && port <= Number(r.toPort));
  const inline = registered.ofType("aws:ec2/securityGroup:SecurityGroup").flatMap((g) =>
    ((inputs(g).ingress as Inputs[] | undefined) ?? []).map((r): Inputs => ({
      ...r,
      securityGroupId: `${g.name}-id`,
    })),
  );
  return [...registered.ofType(INGRESS_RULE).map(inputs), ...inline]
    .filter((r) => covers(r, 3306) || covers(r, 6379))
    .sort((a, b) => Number(a.fromPort) - Number(b.fromPort));
}

/** Everything a stack registered and returned, as one JSON text (to search for leaked secrets). */
async function everything(registered: Registered, outputs: unknown): Promise<string> {
  return JSON.stringify({ resources: registered.resources, outputs: await resolveOutputs(outputs) });
}

describe("SharedDataStores on the dev stack", () => {
  let registered: Registered;
  let outputs: Awaited<ReturnType<typeof runStack>>["outputs"];
  let rds: Inputs;
  let redis: Inputs;
  before(async () => {
    ({ registered, outputs } = await runStack("dev"));
    rds = inputs(registered.one(RDS));
    redis = inputs(registered.one(REPLICATION_GROUP));
  });

  it("encrypts MySQL storage and Performance Insights with its own KMS key", () => {
    const key = registered.one(KMS_KEY, "dev-mysql-key");
    assert.equal(rds.storageEncrypted, true);
    assert.equal(rds.kmsKeyId, `arn:aws:kms:eu-west-1:123456789012:key/${key.name}-id`);
    assert.equal(rds.performanceInsightsEnabled, true, "db.t4g.medium supports Performance Insights");
    assert.equal(rds.performanceInsightsKmsKeyId, rds.kmsKeyId);
    assert.equal(inputs(key).enableKeyRotation, true);
  });

  it("encrypts Redis at rest with its own key and in transit with TLS required, behind an AUTH token", () => {
    assert.equal(redis.atRestEncryptionEnabled, true);
    assert.equal(redis.kmsKeyId, `arn:aws:kms:eu-west-1:123456789012:key/dev-redis-key-id`);
    assert.equal(redis.transitEncryptionEnabled, true);
    assert.equal(redis.transitEncryptionMode, "required");
    assert.equal(redis.authToken, "[secret]");
  });

  it("keeps both stores private: own subnet groups over the private subnets, never public", () => {
    assert.equal(rds.publiclyAccessible, false);
    const privateSubnets = registered
      .ofType("aws:ec2/subnet:Subnet")
      .filter((s) => /-private-\d$/.test(s.name))
      .map((s) => mockId(s))
      .sort();
    assert.equal(privateSubnets.length, 3);
    const dbSubnets = inputs(registered.one("aws:rds/subnetGroup:SubnetGroup"));
    const cacheSubnets = inputs(registered.one("aws:elasticache/subnetGroup:SubnetGroup"));
    assert.deepEqual([...(dbSubnets.subnetIds as string[])].sort(), privateSubnets);
    assert.deepEqual([...(cacheSubnets.subnetIds as string[])].sort(), privateSubnets);
    assert.match(String(rds.dbSubnetGroupName), /^dev-mysql-subnets-/);
    assert.match(String(redis.subnetGroupName), /^dev-redis-subnets-/);
  });

  it("admits 3306 and 6379 only from the cluster's security group, never from a CIDR", () => {
    const rules = dataPortRules(registered);
    assert.deepEqual(
      rules.map((r) => [r.securityGroupId, r.referencedSecurityGroupId, r.fromPort, r.toPort]),
      [
        ["dev-mysql-sg-id", "sg-game-infra-dev-eks-cluster", 3306, 3306],
        ["dev-redis-sg-id", "sg-game-infra-dev-eks-cluster", 6379, 6379],
      ],
    );
    for (const rule of rules) {
      assert.equal(rule.cidrIpv4, undefined, "no CIDR source on a data-store port");
      assert.equal(rule.cidrIpv6, undefined);
    }
    for (const sg of registered
      .ofType("aws:ec2/securityGroup:SecurityGroup")
      .filter((g) => /-(mysql|redis)-sg$/.test(g.name))) {
      assert.equal(inputs(sg).ingress, undefined, "no inline rules mixed with standalone ones");
      assert.equal(inputs(sg).egress, undefined);
    }
    assert.deepEqual(rds.vpcSecurityGroupIds, ["dev-mysql-sg-id"]);
    assert.deepEqual(redis.securityGroupIds, ["dev-redis-sg-id"]);
  });

  it("runs MySQL 8.0 on gp3 with autoscaling, backups, enhanced monitoring and log exports", () => {
    assert.equal(rds.engine, "mysql");
    assert.equal(rds.engineVersion, "8.0");
    assert.equal(rds.storageType, "gp3");
    assert.equal(rds.allocatedStorage, 20);
    assert.equal(rds.maxAllocatedStorage, 100);
    assert.equal(rds.backupRetentionPeriod, 7);
    assert.equal(rds.monitoringInterval, 60);
    assert.equal(rds.monitoringRoleArn, "arn:aws:iam::123456789012:role/dev-mysql-monitoring");
    assert.deepEqual(rds.enabledCloudwatchLogsExports, [...MYSQL_LOG_EXPORTS]);
    assert.equal(rds.username, "gameadmin");
    assert.equal(rds.password, "[secret]");
    const logGroups = registered.ofType("aws:cloudwatch/logGroup:LogGroup").map(inputs);
    for (const type of MYSQL_LOG_EXPORTS) {
      const group = logGroups.find((g) => g.name === `/aws/rds/instance/game-infra-dev-mysql/${type}`);
      assert.equal(group?.retentionInDays, 7, `${type} log group exists with the stack's retention`);
    }
  });

  it("configures MySQL for utf8mb4, TLS only and bounded timeouts", () => {
    const params = inputs(registered.one("aws:rds/parameterGroup:ParameterGroup"));
    assert.equal(params.family, "mysql8.0");
    assert.match(String(rds.parameterGroupName), /^dev-mysql-params-[0-9a-f]{7}$/);
    const byName = Object.fromEntries(
      (params.parameters as { name: string; value: string }[]).map((p) => [p.name, p.value]),
    );
    assert.equal(byName.character_set_server, "utf8mb4");
    assert.equal(byName.require_secure_transport, "1");
    assert.equal(byName.wait_timeout, "1800");
    assert.equal(byName.log_output, "FILE");
  });

  it("gives Redis enough logical databases for the stack, in cluster mode disabled, with cross-database commands renamed", () => {
    assert.equal(redis.engine, "valkey");
    assert.equal(redis.clusterMode, "disabled");
    const params = inputs(registered.one("aws:elasticache/parameterGroup:ParameterGroup"));
    const byName = Object.fromEntries(
      (params.parameters as { name: string; value: string }[]).map((p) => [p.name, p.value]),
    );
    assert.equal(byName.databases, "64");
    assert.equal(outputs.dataStores.redis.databases, 64);
    for (const [command, renamed] of Object.entries(RENAMED_COMMANDS)) {
      assert.match(byName["rename-commands"]!, new RegExp(`\\b${command} ${renamed}\\b`));
    }
    assert.doesNotMatch(byName["rename-commands"]!, /FLUSHDB/);
  });

  it("keeps dev cheap: single-AZ, no replica, deletable without a final snapshot", () => {
    assert.equal(rds.multiAz, false);
    assert.equal(rds.deletionProtection, false);
    assert.equal(rds.skipFinalSnapshot, true);
    assert.equal(rds.applyImmediately, true, "dev store changes apply at once");
    assert.equal(redis.applyImmediately, true);
    assert.equal(redis.numCacheClusters, 1);
    assert.equal(redis.automaticFailoverEnabled, false);
    assert.equal(redis.multiAzEnabled, false);
    assert.equal(redis.snapshotRetentionLimit, 1);
    assert.equal(redis.finalSnapshotIdentifier, undefined);
  });

  it("protects the database, the replication group and their keys from deletion on every tier", () => {
    const protectedResources = registered.resources
      .filter((r) => r.protect)
      .map((r) => `${r.type} ${r.name}`);
    for (const expected of [
      `${RDS} dev-mysql-instance`,
      `${REPLICATION_GROUP} dev-redis-group`,
      `${KMS_KEY} dev-mysql-key`,
      `${KMS_KEY} dev-redis-key`,
    ]) {
      assert.ok(protectedResources.includes(expected), `${expected} is protected`);
    }
  });

  it("creates a restricted platform namespace whose pods reach only DNS, and MySQL for bootstrap Jobs", () => {
    const ns = inputs(registered.one("kubernetes:core/v1:Namespace", "dev-platform-namespace"));
    assert.deepEqual((ns.metadata as Inputs).name, "platform");
    assert.equal(
      ((ns.metadata as Inputs).labels as Inputs)["pod-security.kubernetes.io/enforce"],
      "restricted",
    );
    const policies = Object.fromEntries(
      registered
        .ofType("kubernetes:networking.k8s.io/v1:NetworkPolicy")
        .map(inputs)
        .filter((p) => (p.metadata as Inputs).namespace === "platform")
        .map((p) => [(p.metadata as Inputs).name as string, p.spec as Inputs]),
    );
    assert.deepEqual(policies["default-deny"], { podSelector: {}, policyTypes: ["Ingress", "Egress"] });
    assert.deepEqual(policies["db-bootstrap-to-mysql"], {
      podSelector: { matchLabels: { "app.kubernetes.io/component": "database-bootstrap" } },
      policyTypes: ["Egress"],
      egress: [{ to: [{ ipBlock: { cidr: "10.20.0.0/16" } }], ports: [{ protocol: "TCP", port: 3306 }] }],
    });
    assert.ok(policies["allow-dns"]);
  });

  it("keeps the admin credentials in the platform namespace only, as a secret", () => {
    const secrets = registered.ofType("kubernetes:core/v1:Secret").map(inputs);
    const admin = secrets.filter((s) => (s.metadata as Inputs).name === "mysql-admin");
    assert.equal(admin.length, 1);
    assert.equal((admin[0]!.metadata as Inputs).namespace, "platform");
    assert.equal(admin[0]!.stringData, "[secret]");
  });

  it("exports endpoints, ports, security groups and secret ARNs, never secret values", async () => {
    const exported = (await resolveOutputs(outputs.dataStores)) as Inputs;
    assert.deepEqual(exported.mysql, {
      adminSecretArn:
        "arn:aws:secretsmanager:eu-west-1:123456789012:aws:secretsmanager/secret:Secret/dev-mysql-admin-id",
      endpoint: "game-infra-dev-mysql.c0mock0db0id.eu-west-1.rds.amazonaws.com",
      port: 3306,
      securityGroupId: "dev-mysql-sg-id",
    });
    assert.equal(
      (exported.redis as Inputs).endpoint,
      "master.game-infra-dev-redis.mock0id.euw1.cache.amazonaws.com",
    );
    assert.equal(exported.platformNamespace, "platform");
  });

  it("lets no generated password or token reach any input or output of the plan", async () => {
    const text = await everything(registered, outputs);
    assert.ok(registered.ofType("random:index/randomPassword:RandomPassword").length >= 2);
    assert.doesNotMatch(text, /MOCKSECRET/);
  });
});

describe("SharedDataStores on the stage stack", () => {
  let registered: Registered;
  let rds: Inputs;
  let redis: Inputs;
  before(async () => {
    // The stores alone, with stage's resolved config: the whole stack is already exercised on dev.
    ({ registered } = await runDataStores(await loadConfig("stage")));
    rds = inputs(registered.one(RDS));
    redis = inputs(registered.one(REPLICATION_GROUP));
  });

  it("makes MySQL multi-AZ, deletion-protected, with a final snapshot and two weeks of backups", () => {
    assert.equal(rds.multiAz, true);
    assert.equal(rds.deletionProtection, true);
    assert.equal(rds.skipFinalSnapshot, false);
    assert.equal(rds.finalSnapshotIdentifier, "game-infra-stage-mysql-final");
    assert.equal(rds.backupRetentionPeriod, 14);
    assert.equal(rds.applyImmediately, false, "stage changes wait for the maintenance window");
  });

  it("gives Redis a replica with automatic failover across AZs, a week of snapshots and a final one", () => {
    assert.equal(redis.numCacheClusters, 2);
    assert.equal(redis.automaticFailoverEnabled, true);
    assert.equal(redis.multiAzEnabled, true);
    assert.equal(redis.snapshotRetentionLimit, 7);
    assert.equal(redis.finalSnapshotIdentifier, "game-infra-stage-redis-final");
  });

  it("still protects the stores and keys, and admits only the cluster", () => {
    assert.ok(registered.one(RDS).protect && registered.one(REPLICATION_GROUP).protect);
    assert.ok(
      registered
        .ofType(KMS_KEY)
        .filter((k) => /-(mysql|redis)-key$/.test(k.name))
        .every((k) => k.protect),
    );
    const rules = dataPortRules(registered);
    assert.equal(rules.length, 2);
    for (const rule of rules) {
      assert.equal(rule.referencedSecurityGroupId, "sg-nodes");
      assert.equal(rule.cidrIpv4, undefined);
    }
  });
});
