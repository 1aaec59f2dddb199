// Cases for the game's own policies (G1-G6); G7-G9 and the environment-stack limits of G3 are in
// environment-stacks.ts.
import * as aws from "../fixtures/aws";
import * as k8s from "../fixtures/kubernetes";
import { modified, withOptions } from "../fixtures/plan-builder";
import type { PolicyCase } from "../harness";

const dev1 = k8s.namespace("dev1", { expires: "2999-12-31" });
const dev2 = k8s.namespace("dev2", { redisDb: 2 });

/** Cases for G1-G6. */
export const gameCases: PolicyCase[] = [
  {
    policy: "game-environment-metadata",
    title: "accepts owner and version labels with a purpose annotation",
    resources: [dev1, dev2],
  },
  {
    policy: "game-environment-metadata",
    title: "does not ask shared namespaces for environment metadata",
    resources: [k8s.namespace("logging")],
  },
  {
    policy: "game-environment-metadata",
    title: "rejects an environment without an owner",
    resources: [modified(dev1, (i) => delete i.metadata.labels["game-infra/owner"])],
    violation: /environment dev1 lacks game-infra\/owner/,
  },
  { policy: "game-environment-names", title: "accepts distinct DNS-label names", resources: [dev1, dev2] },
  {
    policy: "game-environment-names",
    title: "rejects a name that is not a DNS-1123 label",
    resources: [modified(dev1, (i) => (i.metadata.labels["game-infra/environment"] = "Dev_1"))],
    violation: /"Dev_1" is not a DNS-1123 label/,
  },
  {
    policy: "game-environment-names",
    title: "rejects a name longer than the registry allows (derived database and host names would not fit)",
    resources: [modified(dev1, (i) => (i.metadata.labels["game-infra/environment"] = "e".repeat(41)))],
    violation: /is 41 characters; at most 40 are allowed/,
  },
  {
    policy: "game-environment-names",
    title: "rejects two namespaces claiming one environment",
    resources: [dev1, modified(dev2, (i) => (i.metadata.labels["game-infra/environment"] = "dev1"))],
    violation: /"dev1" is also used by dev2/,
    urn: dev1.urn,
  },
  {
    policy: "game-redis-db-unique",
    title: "accepts distinct numbers from the ConfigMap and the namespace annotation",
    resources: [dev1, k8s.gameEnvConfigMap("dev1", "1"), dev2],
  },
  {
    policy: "game-redis-db-unique",
    title: "rejects two environments sharing a Redis DB",
    resources: [dev1, k8s.gameEnvConfigMap("dev1", "2"), dev2],
    violation: /uses Redis DB 2, already used by/,
  },
  {
    policy: "game-redis-db-unique",
    title: "takes the database count from the tier profile of the namespace's tier (dev: 64)",
    resources: [modified(dev1, (i) => (i.metadata.annotations["game-infra/redis-db"] = "63"))],
  },
  {
    policy: "game-redis-db-unique",
    title: "rejects a number at the tier profile's database count",
    resources: [modified(dev1, (i) => (i.metadata.annotations["game-infra/redis-db"] = "64"))],
    violation:
      /Redis DB "64" is not a number from 1 to 63 \(database 0 is kept for shared tooling; 64 databases per the dev tier profile\)/,
  },
  {
    policy: "game-redis-db-unique",
    title: "rejects a number beyond a smaller tier's count (qa: 32)",
    resources: [
      modified(
        k8s.namespace("qa1", { tier: "qa" }),
        (i) => (i.metadata.annotations["game-infra/redis-db"] = "32"),
      ),
    ],
    violation: /Redis DB "32" is not a number from 1 to 31/,
  },
  {
    policy: "game-redis-db-unique",
    title: "rejects database 0, kept for shared tooling",
    resources: [modified(dev1, (i) => (i.metadata.annotations["game-infra/redis-db"] = "0"))],
    violation: /Redis DB "0" is not a number from 1 to 63/,
  },
  {
    policy: "game-redis-db-unique",
    title: "takes the database count from config over the tier profile",
    resources: [modified(dev1, (i) => (i.metadata.annotations["game-infra/redis-db"] = "16"))],
    settings: { redisDatabaseCount: 16 },
    violation: /Redis DB "16" is not a number from 1 to 15 .*redisDatabaseCount in policy config/,
  },
  {
    policy: "game-redis-db-unique",
    title: "takes the database count from the stack's ElastiCache parameter group first",
    resources: [
      dev2,
      modified(dev1, (i) => (i.metadata.annotations["game-infra/redis-db"] = "100")),
      aws.cacheParameterGroup(128),
    ],
    settings: { redisDatabaseCount: 16 },
  },
  {
    policy: "game-redis-db-unique",
    title: "rejects a number when nothing says how many databases there are",
    resources: [
      modified(dev1, (i) => {
        delete i.metadata.labels["game-infra/tier"];
        i.metadata.annotations["game-infra/redis-db"] = "3";
      }),
    ],
    violation: /nothing says how many databases its Redis has/,
  },
  {
    policy: "game-redis-db-unique",
    title: "rejects an environment without a Redis DB",
    resources: [dev1],
    violation: /environment dev1 has no Redis DB number/,
  },
  {
    policy: "game-redis-db-unique",
    title: "rejects a ConfigMap and annotation that disagree",
    resources: [
      modified(dev1, (i) => (i.metadata.annotations["game-infra/redis-db"] = "3")),
      k8s.gameEnvConfigMap("dev1", "1"),
    ],
    violation: /REDIS_DB 1 and game-infra\/redis-db 3 disagree/,
  },
  {
    policy: "game-environment-expiry",
    title: "accepts a future expiry and no expiry",
    resources: [dev1, dev2],
  },
  {
    policy: "game-environment-expiry",
    title: "reports an environment past its expiry date",
    resources: [modified(dev1, (i) => (i.metadata.annotations["game-infra/expires"] = "2020-02-29"))],
    violation: /environment dev1 expired on 2020-02-29/,
  },
  {
    policy: "game-environment-expiry",
    title: "reports an expiry that is not a date",
    resources: [modified(dev1, (i) => (i.metadata.annotations["game-infra/expires"] = "2025-02-30"))],
    violation: /"2025-02-30" is not a YYYY-MM-DD date/,
  },
  {
    policy: "game-data-stores-protected",
    title: "accepts protected data stores and a StatefulSet that retains its volumes",
    resources: [aws.rdsInstance(), aws.replicationGroup(), k8s.statefulSet("dev1", "couchbase")],
  },
  {
    policy: "game-data-stores-protected",
    title: "rejects an unprotected RDS instance",
    resources: [withOptions(aws.rdsInstance(), { protect: false })],
    violation: /not protected/,
  },
  {
    policy: "game-data-stores-protected",
    title: "rejects an unprotected ElastiCache group",
    resources: [withOptions(aws.replicationGroup(), { protect: false })],
    violation: /not protected/,
  },
  {
    policy: "game-data-stores-protected",
    title: "rejects a StatefulSet that deletes its volumes with it",
    resources: [
      modified(
        k8s.statefulSet("dev1", "couchbase"),
        (i) => (i.spec.persistentVolumeClaimRetentionPolicy.whenDeleted = "Delete"),
      ),
    ],
    violation: /whenDeleted: Delete/,
  },
  {
    policy: "game-cost-guard",
    title: "accepts allowed instance types and counts",
    resources: [aws.managedNodeGroup(), aws.rdsInstance(), aws.replicationGroup()],
  },
  {
    policy: "game-cost-guard",
    title: "rejects an instance type outside the tier's list",
    resources: [modified(aws.managedNodeGroup(), (i) => (i.instanceTypes = ["m6i.16xlarge"]))],
    settings: { allowedNodeInstanceTypes: ["m6i.large", "m6i.xlarge"] },
    violation: /instance type m6i\.16xlarge is not allowed/,
  },
  {
    policy: "game-cost-guard",
    title: "rejects a node group scaling past the cap",
    resources: [modified(aws.managedNodeGroup(), (i) => (i.scalingConfig.maxSize = 40))],
    violation: /scales to 40 nodes; this tier caps a group at 10/,
  },
  {
    policy: "game-cost-guard",
    title: "rejects a database class outside the tier's list",
    resources: [modified(aws.rdsInstance(), (i) => (i.instanceClass = "db.r6g.4xlarge"))],
    violation: /instance class db\.r6g\.4xlarge is not allowed/,
  },
  {
    policy: "game-cost-guard",
    title: "rejects too many cache nodes",
    resources: [modified(aws.replicationGroup(), (i) => (i.numCacheClusters = 5))],
    violation: /5 cache nodes; this tier caps a group at 3/,
  },
];
