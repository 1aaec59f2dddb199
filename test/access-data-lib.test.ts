/**
 * Who may use the cluster and what environments get for their data, each expectation written out by
 * hand: EKS access entries and their key collisions (lib/access.ts), the cluster creator's principal
 * (lib/cluster-creator.ts), whether a tier's environments fit its game pool (lib/capacity.ts), and the
 * data-access names, labels, Services and Redis DB check (lib/environment-data.ts, lib/data-access.ts).
 * Fast and free of the Pulumi runtime, so `npm run mutate` runs it per mutant (docs/mutation.md).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  ACCESS_POLICIES,
  accessEntries,
  accessEntryProblems,
  principalKey,
  TEAM_NAMESPACE_ROLE,
  teamGroup,
} from "../lib/access";
import {
  capacityShortfalls,
  describeAmount,
  environmentDemand,
  shortfallMessage,
  type CapacityShortfall,
} from "../lib/capacity";
import { creatorAdminProblem, iamPrincipalOf, samePrincipal } from "../lib/cluster-creator";
import {
  BOOTSTRAP_SERVICE_ACCOUNT,
  databaseName,
  MYSQL_ADMIN_SECRET_NAME,
  MYSQL_SERVICE_NAME,
  REDIS_SERVICE_NAME,
} from "../lib/data-access";
import {
  bootstrapSecretName,
  DATA_SERVICE_NAMES,
  dataAccessLabels,
  externalNameSpec,
  MYSQL_CREDENTIALS_SECRET_NAME,
  REDIS_AUTH_SECRET_NAME,
  redisDbProblems,
} from "../lib/environment-data";
import { TIERS } from "../stacks/tiers";

const ACCOUNT = "123456789012";
const role = (name: string, account = ACCOUNT) => `arn:aws:iam::${account}:role/${name}`;
const CLUSTER_ADMIN = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy";

describe("access entry keys", () => {
  it("fold a principal's resource and account into one lower-case key", () => {
    assert.equal(principalKey(role("team/dev-alice")), "role-team-dev-alice-123456789012");
    assert.equal(principalKey(`arn:aws:iam::${ACCOUNT}:user/Bob_Smith`), "user-bob-smith-123456789012");
    assert.equal(principalKey(`arn:aws:iam::${ACCOUNT}:root`), "root-123456789012");
    assert.equal(principalKey(role("ops__bob2")), "role-ops-bob2-123456789012");
  });

  it("keep text that is not an ARN, without a trailing dash", () => {
    assert.equal(principalKey("Alice"), "alice");
    assert.equal(principalKey("alice--"), "alice");
  });

  it("name team groups with their prefix", () => {
    assert.equal(teamGroup("server"), "game-team:server");
    assert.equal(TEAM_NAMESPACE_ROLE, "edit");
    assert.deepEqual(ACCESS_POLICIES, { clusterAdmin: CLUSTER_ADMIN });
  });
});

describe("access entries", () => {
  const admin = role("Admin");

  it("give admins cluster admin, and team principals their teams' groups and no policy", () => {
    const entries = accessEntries([admin, admin], {
      server: { principalArns: [role("dev-b"), admin, role("dev-a")] },
      qa: { principalArns: [role("dev-b")] },
    });
    assert.deepEqual(entries, {
      "admin-role-admin-123456789012": {
        principalArn: admin,
        accessPolicies: { admin: { policyArn: CLUSTER_ADMIN, accessScope: { type: "cluster" } } },
      },
      "team-role-dev-a-123456789012": {
        principalArn: role("dev-a"),
        kubernetesGroups: ["game-team:server"],
        accessPolicies: {},
      },
      "team-role-dev-b-123456789012": {
        principalArn: role("dev-b"),
        kubernetesGroups: ["game-team:qa", "game-team:server"],
        accessPolicies: {},
      },
    });
    assert.deepEqual(Object.keys(entries), [
      "admin-role-admin-123456789012",
      "team-role-dev-a-123456789012",
      "team-role-dev-b-123456789012",
    ]);
  });

  it("are none without principals", () => {
    assert.deepEqual(accessEntries([], {}), {});
  });

  it("refuse principals whose keys collide, naming both", () => {
    const problems = accessEntryProblems([role("dev_alice"), role("dev-alice"), role("dev_alice")], {
      server: { principalArns: [role("ops.bob"), role("ops-bob"), role("dev_alice"), role("dev-alice")] },
      qa: { principalArns: [role("ops.bob")] },
    });
    assert.deepEqual(problems, [
      {
        propertyPath: "admins",
        reason: `${role("dev_alice")} and ${role("dev-alice")} would share the access entry "admin-role-dev-alice-123456789012" and only one of them would get access; give each its own role name`,
      },
      {
        propertyPath: "teams",
        reason: `${role("ops.bob")} and ${role("ops-bob")} would share the access entry "team-role-ops-bob-123456789012" and only one of them would get access; give each its own role name`,
      },
    ]);
  });

  it("accept an admin and a team principal with the same folded name, and one principal in two teams", () => {
    assert.deepEqual(
      accessEntryProblems([role("dev_alice")], {
        server: { principalArns: [role("dev-alice"), role("dev-bob")] },
        qa: { principalArns: [role("dev-bob")] },
      }),
      [],
    );
  });

  it("throw every collision instead of dropping an entry", () => {
    assert.throws(() => accessEntries([role("a_b"), role("a-b")], {}), {
      message: `admins: ${role("a_b")} and ${role("a-b")} would share the access entry "admin-role-a-b-123456789012" and only one of them would get access; give each its own role name`,
    });
  });
});

describe("IAM principals behind ARNs", () => {
  it("read roles (STS drops the path), users and the account root", () => {
    assert.deepEqual(iamPrincipalOf(`arn:aws:sts::${ACCOUNT}:assumed-role/Deploy/session-1`), {
      partition: "aws",
      account: ACCOUNT,
      kind: "role",
      name: "Deploy",
    });
    assert.deepEqual(iamPrincipalOf(role("ci/pipelines/Deploy")), {
      partition: "aws",
      account: ACCOUNT,
      kind: "role",
      name: "Deploy",
    });
    assert.deepEqual(iamPrincipalOf(`arn:aws-cn:iam::${ACCOUNT}:user/alice`), {
      partition: "aws-cn",
      account: ACCOUNT,
      kind: "user",
      name: "alice",
    });
    assert.deepEqual(iamPrincipalOf(`arn:aws:iam::${ACCOUNT}:root`), {
      partition: "aws",
      account: ACCOUNT,
      kind: "root",
      name: "root",
    });
  });

  it("read nothing from other ARNs or text", () => {
    for (const arn of [
      "arn:aws:iam::12345678901:role/Deploy",
      `arn:aws:sts::${ACCOUNT}:assumed-role/Deploy`,
      `arn:aws:sts::${ACCOUNT}:assumed-role/Deploy/a/b`,
      `arn:aws:sts::${ACCOUNT}:federated-user/bob`,
      `arn:aws:iam::${ACCOUNT}:group/devs`,
      `arn:aws:iam::${ACCOUNT}:role/`,
      `arn:aws:iam::${ACCOUNT}:rootx`,
      `arn:aws:iam::${ACCOUNT}:xrole/Deploy`,
      `arn:aws:iam::${ACCOUNT}:role/Deploy/`,
      `arn:aws:sts::${ACCOUNT}:xassumed-role/Deploy/s`,
      `arn:aws:x:iam::${ACCOUNT}:root`,
      `xarn:aws:iam::${ACCOUNT}:root`,
      `arn:aws:s3:::bucket`,
      "Deploy",
    ]) {
      assert.equal(iamPrincipalOf(arn), undefined, arn);
    }
  });

  it("are the same when partition, account, kind and name agree", () => {
    assert.equal(samePrincipal(`arn:aws:sts::${ACCOUNT}:assumed-role/Deploy/s`, role("ci/Deploy")), true);
    assert.equal(samePrincipal(role("Deploy"), role("Deploy", "210987654321")), false);
    assert.equal(samePrincipal(role("Deploy"), `arn:aws:iam::${ACCOUNT}:user/Deploy`), false);
    assert.equal(samePrincipal(role("Deploy"), `arn:aws-cn:iam::${ACCOUNT}:role/Deploy`), false);
    assert.equal(samePrincipal(role("Deploy"), role("Deployer")), false);
    assert.equal(samePrincipal("Deploy", "Deploy"), false);
    assert.equal(samePrincipal(role("Deploy"), "Deploy"), false);
    assert.equal(samePrincipal("Deploy", role("Deploy")), false);
  });
});

describe("the cluster creator among cluster.admins", () => {
  const input = {
    clusterName: "game-dev",
    admins: [role("Admin"), role("platform/Deploy")],
    callerArn: `arn:aws:sts::${ACCOUNT}:assumed-role/Deploy/gha-42`,
    existingClusters: ["game-qa"],
  };

  it("is refused when the deployment creates the cluster", () => {
    assert.equal(
      creatorAdminProblem(input),
      `cluster.admins: ${role("platform/Deploy")} is the identity creating cluster "game-dev" ` +
        `(this deployment runs as arn:aws:sts::${ACCOUNT}:assumed-role/Deploy/gha-42). EKS gives the cluster's creator an admin access ` +
        `entry of its own (@pulumi/eks always sets bootstrapClusterCreatorAdminPermissions), so a second ` +
        `one for the same principal fails with ResourceInUseException after the control plane is built. ` +
        `Create the stack as a principal that is not in cluster.admins (the deploy role, see ` +
        `docs/access.md), or remove it from cluster.admins: as the creator it is cluster admin anyway.`,
    );
  });

  it("is harmless once the cluster exists, and absent when the caller is not an admin", () => {
    assert.equal(creatorAdminProblem({ ...input, existingClusters: ["game-qa", "game-dev"] }), undefined);
    assert.equal(creatorAdminProblem({ ...input, admins: [role("Admin")] }), undefined);
  });
});

const MiB = 2 ** 20;
const { deployment, spread, autoscaleCpuPercent, servers, quota } = TIERS.dev.environments;
const devWorkloads = {
  deployment,
  activeColor: "blue" as const,
  spread,
  autoscaleCpuPercent,
  servers,
  quota,
};

describe("a tier's environments against its game pool", () => {
  it("add up an environment's requests at full scale", () => {
    // As test/capacity.test.ts works it out for dev's defaults: 2000m CPU and 5376Mi.
    assert.deepEqual(environmentDemand("dev1", devWorkloads), {
      name: "dev1",
      cpuMillicores: 2000,
      memoryBytes: 5376 * MiB,
    });
  });

  const demands = [
    { name: "b", cpuMillicores: 1000, memoryBytes: 100 * MiB },
    { name: "c", cpuMillicores: 3000, memoryBytes: 100 * MiB },
    { name: "a", cpuMillicores: 1000, memoryBytes: 200 * MiB },
  ];

  it("fit when the pool offers exactly what they need", () => {
    assert.deepEqual(capacityShortfalls(demands, { cpu: "5", memory: "400Mi" }), []);
    assert.deepEqual(capacityShortfalls([], { cpu: "0", memory: "0" }), []);
  });

  it("fall short by one millicore, listing every environment largest first, then by name", () => {
    assert.deepEqual(capacityShortfalls(demands, { cpu: "4999m", memory: "400Mi" }), [
      {
        resource: "cpu",
        needed: 5000,
        available: 4999,
        demands: [
          { name: "c", amount: 3000 },
          { name: "a", amount: 1000 },
          { name: "b", amount: 1000 },
        ],
      },
    ]);
  });

  it("fall short of memory by one MiB, and of both at once", () => {
    assert.deepEqual(capacityShortfalls(demands, { cpu: "5", memory: "399Mi" }), [
      {
        resource: "memory",
        needed: 400 * MiB,
        available: 399 * MiB,
        demands: [
          { name: "a", amount: 200 * MiB },
          { name: "b", amount: 100 * MiB },
          { name: "c", amount: 100 * MiB },
        ],
      },
    ]);
    assert.deepEqual(
      capacityShortfalls(demands, { cpu: "1", memory: "1Mi" }).map((s) => [s.resource, s.available]),
      [
        ["cpu", 1000],
        ["memory", MiB],
      ],
    );
  });

  it("refuse a pool room that is not a Kubernetes quantity, naming the key", () => {
    assert.throws(() => capacityShortfalls(demands, { cpu: "lots", memory: "1Gi" }), {
      name: "RangeError",
      message: 'gamePoolCapacity.cpu "lots" is not a Kubernetes quantity',
    });
    assert.throws(() => capacityShortfalls(demands, { cpu: "4", memory: "1 GB" }), {
      name: "RangeError",
      message: 'gamePoolCapacity.memory "1 GB" is not a Kubernetes quantity',
    });
  });

  it("describe CPU in cores and memory as a quantity", () => {
    assert.equal(describeAmount("cpu", 38700), "38.7 CPU");
    assert.equal(describeAmount("memory", 140980 * MiB), "140980Mi");
  });

  const remedy = { stackFile: "Pulumi.dev.yaml", setting: "nodePools.game.limits.memory" };
  const TAIL =
    "Full scale is every server at its autoscaling maximum, one surge pod per rolling Deployment, " +
    "both colours of a blue/green game server, and Couchbase; sleeping environments count, since they " +
    "wake up. By environment, largest first: ";

  it("explain a memory shortfall with the numbers and the setting to raise", () => {
    const shortfall: CapacityShortfall = {
      resource: "memory",
      needed: 3 * 1024 * MiB,
      available: 2 * 1024 * MiB,
      demands: [
        { name: "dev1", amount: 2 * 1024 * MiB },
        { name: "dev2", amount: 1024 * MiB },
      ],
    };
    assert.equal(
      shortfallMessage(shortfall, remedy),
      "the 2 environments request 3Gi of memory at full scale, more than the 2Gi the game pool offers them " +
        "(gamePoolCapacity.memory): 1Gi short. " +
        TAIL +
        "dev1 2Gi, dev2 1Gi. Raise nodePools.game.limits.memory in Pulumi.dev.yaml, lower an environment's " +
        "replicas or resources, or delete one",
    );
  });

  it("explain a CPU shortfall of one environment", () => {
    const shortfall: CapacityShortfall = {
      resource: "cpu",
      needed: 2500,
      available: 2000,
      demands: [{ name: "dev1", amount: 2500 }],
    };
    assert.equal(
      shortfallMessage(shortfall, { stackFile: "Pulumi.qa.yaml", setting: "nodePools.game.limits.cpu" }),
      "the 1 environment request 2.5 CPU at full scale, more than the 2 CPU the game pool offers them " +
        "(gamePoolCapacity.cpu): 0.5 CPU short. " +
        TAIL +
        "dev1 2.5 CPU. Raise nodePools.game.limits.cpu in Pulumi.qa.yaml, lower an environment's replicas " +
        "or resources, or delete one",
    );
  });
});

describe("an environment's data access", () => {
  it("names its Secrets, Services, database and the platform's bootstrap objects", () => {
    assert.equal(MYSQL_CREDENTIALS_SECRET_NAME, "mysql-credentials");
    assert.equal(REDIS_AUTH_SECRET_NAME, "redis-auth");
    assert.equal(bootstrapSecretName("dev-alice"), "db-bootstrap-dev-alice");
    assert.deepEqual(DATA_SERVICE_NAMES, { mysql: "mysql", redis: "redis" });
    assert.equal(MYSQL_SERVICE_NAME, "mysql");
    assert.equal(REDIS_SERVICE_NAME, "redis");
    assert.equal(MYSQL_ADMIN_SECRET_NAME, "mysql-admin");
    assert.equal(BOOTSTRAP_SERVICE_ACCOUNT, "db-bootstrap");
  });

  it("maps every '-' of the environment to '_' in its database name", () => {
    assert.equal(databaseName("dev-alice-2"), "game_dev_alice_2");
    assert.equal(databaseName("qa1"), "game_qa1");
  });

  it("labels its objects with the recommended labels and the environment", () => {
    assert.deepEqual(dataAccessLabels("mysql", "dev1"), {
      "app.kubernetes.io/name": "mysql",
      "app.kubernetes.io/instance": "mysql-dev1",
      "app.kubernetes.io/component": "data-access",
      "app.kubernetes.io/part-of": "game-infra",
      "app.kubernetes.io/managed-by": "pulumi",
      "game-infra/environment": "dev1",
    });
  });

  it("points an ExternalName Service straight at the AWS endpoint", () => {
    assert.deepEqual(externalNameSpec("db.abc.eu-west-1.rds.amazonaws.com", 3306, "mysql"), {
      type: "ExternalName",
      externalName: "db.abc.eu-west-1.rds.amazonaws.com",
      ports: [{ name: "mysql", port: 3306, protocol: "TCP" }],
    });
  });

  it("accepts Redis DBs 1 to databases-1 and refuses 0, the count itself and fractions", () => {
    assert.deepEqual(redisDbProblems(1, 16), []);
    assert.deepEqual(redisDbProblems(15, 16), []);
    const outside = (db: number) => [
      `${db} is outside 1..15 (database 0 is kept for shared tooling; the shared Redis has 16 databases)`,
    ];
    assert.deepEqual(redisDbProblems(0, 16), outside(0));
    assert.deepEqual(redisDbProblems(16, 16), outside(16));
    assert.deepEqual(redisDbProblems(2.5, 16), outside(2.5));
  });
});
