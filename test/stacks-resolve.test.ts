/**
 * The platform stack's config rules (stacks/resolve.ts, schema.ts, rules.ts, node-pools-resolve.ts,
 * resolve-data-stores.ts) at their limits, each both ways: the last accepted value and the first
 * refused one, with the message a user sees. Runs the resolver directly (test/support/raw-config.ts),
 * without the Pulumi mock runtime, so it is fast enough to run for every mutant (docs/mutation.md).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { resolveStackConfig } from "../stacks/resolve";
import { configProblems, rawProblems, rawStackConfig, resolvedConfig } from "./support/raw-config";

const dev = rawStackConfig("dev").values as Record<string, Record<string, unknown>>;
const cluster = (patch: Record<string, unknown>) => ({ cluster: { ...dev.cluster, ...patch } });
const network = (patch: Record<string, unknown>) => ({ network: { ...dev.network, ...patch } });
const ARN = "arn:aws:iam::123456789012:role/platform-admin";

describe("stack config: committed stacks resolve with their tier's defaults", () => {
  it("dev takes the dev tier's data stores, network and grace period", () => {
    const c = resolvedConfig("dev");
    assert.equal(c.tier, "dev");
    assert.equal(c.project, "game-infra");
    assert.equal(c.stack, "dev");
    assert.equal(c.region, "eu-west-1");
    assert.equal(c.domain, "dev.game.example.com");
    assert.equal(c.hostPattern, "{server}-{env}");
    assert.deepEqual(c.network, { cidr: "10.20.0.0/16", azCount: 3, natGateways: "single" });
    assert.equal(c.cluster.nodeMonitorGracePeriod, "240s");
    assert.equal(c.cluster.nodeMonitorGracePeriodSeconds, 240);
    assert.equal(c.cluster.logRetentionDays, 7);
    assert.deepEqual(c.cluster.admins, [ARN]);
    assert.deepEqual(c.mysql, {
      engineVersion: "8.0",
      instanceClass: "db.t4g.medium",
      allocatedStorageGiB: 20,
      maxAllocatedStorageGiB: 100,
      backupRetentionDays: 7,
      multiAz: false,
      deletionProtection: false,
      finalSnapshot: false,
    });
    assert.deepEqual(c.redis, {
      databases: 64,
      nodeType: "cache.t4g.small",
      replicas: 0,
      snapshotRetentionDays: 1,
      finalSnapshot: false,
    });
    assert.equal(c.redisAuthToken, undefined);
    assert.deepEqual(Object.keys(c.teams), ["balance", "server"], "teams sorted by name");
    assert.deepEqual(c.teams.server, { principalArns: ["arn:aws:iam::123456789012:role/dev-server-team"] });
    assert.deepEqual(
      c.nodePools.map((p) => [p.name, p.provisioner]),
      [
        ["system", "managed"],
        ["game", "karpenter"],
      ],
    );
  });

  it("stage keeps its production-like protection: multi-AZ MySQL, 14 days of backups, a Redis replica", () => {
    const c = resolvedConfig("stage");
    assert.equal(c.tier, "stage");
    assert.equal(c.mysql.multiAz, true);
    assert.equal(c.mysql.deletionProtection, true);
    assert.equal(c.mysql.finalSnapshot, true);
    assert.equal(c.mysql.backupRetentionDays, 14);
    assert.equal(c.redis.replicas, 1);
    assert.equal(c.redis.finalSnapshot, true);
    assert.equal(c.redis.databases, 16);
  });

  it("written values win over the tier's", () => {
    const c = resolvedConfig("dev", {
      ...network({ azCount: 2, natGateways: "perAz" }),
      ...cluster({ logRetentionDays: 30, nodeMonitorGracePeriod: "5m" }),
      hostPattern: "{env}-{server}",
      mysql: {
        engineVersion: "8.4",
        instanceClass: "db.m7g.large",
        allocatedStorageGiB: 50,
        maxAllocatedStorageGiB: 55,
        backupRetentionDays: 3,
        multiAz: true,
        deletionProtection: true,
        finalSnapshot: true,
      },
      redis: {
        databases: 2,
        nodeType: "cache.m7g.large",
        replicas: 2,
        snapshotRetentionDays: 0,
        finalSnapshot: true,
      },
    });
    assert.deepEqual(c.network, { cidr: "10.20.0.0/16", azCount: 2, natGateways: "perAz" });
    assert.equal(c.cluster.logRetentionDays, 30);
    assert.equal(c.cluster.nodeMonitorGracePeriod, "5m");
    assert.equal(c.cluster.nodeMonitorGracePeriodSeconds, 300);
    assert.equal(c.hostPattern, "{env}-{server}");
    assert.deepEqual(c.mysql, {
      engineVersion: "8.4",
      instanceClass: "db.m7g.large",
      allocatedStorageGiB: 50,
      maxAllocatedStorageGiB: 55,
      backupRetentionDays: 3,
      multiAz: true,
      deletionProtection: true,
      finalSnapshot: true,
    });
    assert.deepEqual(c.redis, {
      databases: 2,
      nodeType: "cache.m7g.large",
      replicas: 2,
      snapshotRetentionDays: 0,
      finalSnapshot: true,
    });
  });
});

describe("stack config: keys, namespaces, secrets and the region", () => {
  it("refuses the retired environments key with where environments went", () => {
    assert.deepEqual(configProblems("dev", { environments: [] }), [
      "environments: environments are no longer part of the platform stack's config: each one is a file environments/<tier>/<name>.yaml applied as its own stack (docs/environments.md; docs/migration.md moves an existing tier)",
    ]);
  });

  it("names an unknown key, the near miss and every allowed key", () => {
    assert.deepEqual(configProblems("dev", { domian: "x.example.com" }), [
      'domian: unknown key (did you mean "domain"?); allowed: tier, domain, hostedZoneId, network, cluster, nodePools, karpenter, mysql, redis, teams, redisAuthToken, logging, images, hostPattern, ciRunners, launcher',
    ]);
  });

  it("names a namespace nothing reads, suggesting the near one (case-insensitively, or within an edit)", () => {
    const read = "namespaces read: game-infra, aws, kubernetes, pulumi, eks, random";
    assert.deepEqual(
      rawProblems(
        rawStackConfig(
          "dev",
          {},
          { otherKeys: ["game-infr:domain", "AWS:profile", "k8s:x", "ek:x", "kubernetes:context"] },
        ),
      ),
      [
        `AWS:profile: unknown config namespace AWS (did you mean aws?): nothing reads it; ${read}`,
        `ek:x: unknown config namespace ek (did you mean eks?): nothing reads it; ${read}`,
        `game-infr:domain: unknown config namespace game-infr (did you mean game-infra?): nothing reads it; ${read}`,
        `k8s:x: unknown config namespace k8s: nothing reads it; ${read}`,
      ],
    );
  });

  it("suggests within one edit for a short namespace and two for a long one", () => {
    const read = "namespaces read: game-infra, aws, kubernetes, pulumi, eks, random";
    assert.deepEqual(
      rawProblems(rawStackConfig("dev", {}, { otherKeys: ["ekx2:a", "pulumx2:a", "plumi:a"] })),
      [
        `ekx2:a: unknown config namespace ekx2: nothing reads it; ${read}`,
        `plumi:a: unknown config namespace plumi (did you mean pulumi?): nothing reads it; ${read}`,
        `pulumx2:a: unknown config namespace pulumx2 (did you mean pulumi?): nothing reads it; ${read}`,
      ],
    );
  });

  it("takes keys of every namespace the program or its providers read", () => {
    const raw = rawStackConfig(
      "dev",
      {},
      {
        otherKeys: ["aws:profile", "kubernetes:context", "pulumi:tags", "eks:x", "random:x", "game-infra"],
      },
    );
    assert.equal(resolveStackConfig(raw).stack, "dev");
  });

  it("needs aws:region, and a region the provider knows", () => {
    assert.deepEqual(rawProblems(rawStackConfig("dev", {}, { region: null })), [
      "aws:region: is required (for example `pulumi config set aws:region eu-west-1`)",
    ]);
    assert.ok(
      rawProblems(rawStackConfig("dev", {}, { region: "eu-west-9" })).includes(
        'aws:region: "eu-west-9" is not a region @pulumi/aws 7.48.0 knows; if AWS opened it since, add it to lib/regions.ts with a provider upgrade',
      ),
    );
  });

  it("wants redisAuthToken as a secret, and only it", () => {
    const token = "a".repeat(16);
    assert.deepEqual(
      rawProblems(rawStackConfig("dev", { redisAuthToken: token }, { secretKeys: ["domain"] })),
      [
        "redisAuthToken: is a secret: set it with `pulumi config set --secret game-infra:redisAuthToken ...`",
        "domain: is set with --secret, but its value is used in names, tags and plans where it cannot stay hidden; set it without --secret (keys that take secrets: redisAuthToken)",
      ],
    );
    // That an accepted token is kept as a Pulumi secret: test/stacks-secret-token.test.ts (it loads
    // the Pulumi runtime, which this suite, run once per mutant by npm run mutate, does not).
  });

  it("takes AUTH tokens of 16 to 128 allowed characters", () => {
    const message =
      "redisAuthToken: must be 16-128 printable ASCII characters without spaces, '\"', '/' or '@' (ElastiCache AUTH token rules)";
    const problems = (token: string) =>
      rawProblems(
        rawStackConfig("dev", { redisAuthToken: token, domain: "" }, { secretKeys: ["redisAuthToken"] }),
      );
    for (const ok of ["a".repeat(16), "b".repeat(128), "!#$%&'()*+,-.0123"]) {
      assert.ok(!problems(ok).includes(message), ok);
    }
    for (const bad of [
      "a".repeat(15),
      "b".repeat(129),
      `${"a".repeat(16)} `,
      `${"a".repeat(16)}/`,
      `${"a".repeat(16)}@`,
      `${"a".repeat(16)}"`,
    ]) {
      assert.ok(problems(bad).includes(message), bad);
    }
  });

  it("needs the tier set when the stack is not named after one", () => {
    const raw = { ...rawStackConfig("dev", { launcher: undefined }), stack: "sandbox" };
    assert.deepEqual(rawProblems(raw), [
      'tier: stack "sandbox" is not a tier name, so the tier must be set: one of dev, qa, stage',
    ]);
    const c = resolveStackConfig({
      ...rawStackConfig("dev", { launcher: undefined, tier: "qa" }),
      stack: "sandbox",
    });
    assert.equal(c.tier, "qa");
    assert.equal(c.redis.databases, 32, "the qa tier's default");
    assert.deepEqual(configProblems("dev", { tier: "prod" }), ['tier: must be one of "dev", "qa", "stage"']);
  });
});

describe("stack config: names and network at their limits", () => {
  it("takes a domain whose labels are 63 characters, not 64, and at most 200 characters", () => {
    const label63 = "a".repeat(63);
    assert.equal(
      resolvedConfig("dev", { domain: `${label63}.example.com`, launcher: undefined }).domain,
      `${label63}.example.com`,
    );
    const message =
      "domain: must be a lower-case DNS name with at least two labels, such as dev.game.example.com";
    assert.deepEqual(configProblems("dev", { domain: `${"a".repeat(64)}.example.com` }), [message]);
    assert.deepEqual(configProblems("dev", { domain: "localhost" }), [message]);
    assert.deepEqual(configProblems("dev", { domain: "Dev.example.com" }), [message]);
    // 200 characters in four labels of 49 and three dots... and 201.
    const long = (n: number) =>
      [`${"a".repeat(n - 150)}`, "b".repeat(49), "c".repeat(49), "d".repeat(49)].join(".");
    assert.equal(long(200).length, 200);
    assert.equal(resolvedConfig("dev", { domain: long(200), launcher: undefined }).domain, long(200));
    assert.deepEqual(configProblems("dev", { domain: long(201) }), [message]);
  });

  it("takes a Route 53 zone id of Z and 1-31 upper-case letters or digits", () => {
    const message = "hostedZoneId: must be a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ";
    assert.equal(
      resolvedConfig("dev", { hostedZoneId: `Z${"A".repeat(31)}` }).hostedZoneId,
      `Z${"A".repeat(31)}`,
    );
    assert.equal(resolvedConfig("dev", { hostedZoneId: "Z1" }).hostedZoneId, "Z1");
    for (const bad of ["Z", `Z${"A".repeat(32)}`, "X123", "z123", "Z12a"]) {
      assert.deepEqual(configProblems("dev", { hostedZoneId: bad }), [message], bad);
    }
  });

  it("takes 2 to 4 availability zones", () => {
    assert.equal(resolvedConfig("dev", network({ azCount: 2 })).network.azCount, 2);
    assert.equal(resolvedConfig("dev", network({ azCount: 4 })).network.azCount, 4);
    assert.deepEqual(configProblems("dev", network({ azCount: 1 })), [
      "network.azCount: must be at least 2 (EKS needs subnets in two AZs)",
    ]);
    assert.equal(configProblems("dev", network({ azCount: 5 })).length, 1);
    assert.match(configProblems("dev", network({ azCount: 5 }))[0]!, /^network\.azCount: /);
  });

  it("takes Kubernetes 1.28 to 1.39", () => {
    const message = 'cluster.version: must be a Kubernetes minor version such as "1.34"';
    for (const ok of ["1.28", "1.29", "1.30", "1.39"])
      assert.equal(resolvedConfig("dev", cluster({ version: ok })).cluster.version, ok);
    for (const bad of ["1.27", "1.40", "1.3", "2.30", "1.34.1", " 1.34"]) {
      assert.deepEqual(configProblems("dev", cluster({ version: bad })), [message], bad);
    }
  });

  it("never opens the API endpoint to the internet and needs an allow-list and an admin", () => {
    assert.deepEqual(configProblems("dev", cluster({ publicAccessCidrs: ["0.0.0.0/0"] })), [
      "cluster.publicAccessCidrs[0]: must not open the API endpoint to the whole internet",
    ]);
    assert.deepEqual(configProblems("dev", cluster({ publicAccessCidrs: [] })), [
      "cluster.publicAccessCidrs: needs at least one CIDR (the public endpoint is allow-listed, never open)",
    ]);
    assert.deepEqual(configProblems("dev", cluster({ publicAccessCidrs: ["10.0.0.1/24"] })), [
      "cluster.publicAccessCidrs[0]: must be an IPv4 CIDR block such as 10.20.0.0/16 (no host bits set)",
    ]);
    assert.deepEqual(configProblems("dev", cluster({ admins: [] })), [
      "cluster.admins: needs at least one cluster admin principal",
    ]);
    assert.deepEqual(configProblems("dev", cluster({ admins: ["arn:aws:iam::12345678901:role/x"] })), [
      "cluster.admins[0]: must be an IAM role or user ARN such as arn:aws:iam::123456789012:role/platform-admin",
    ]);
    const c = resolvedConfig("dev", cluster({ admins: ["arn:aws-cn:iam::123456789012:user/ops/anna"] }));
    assert.deepEqual(c.cluster.admins, ["arn:aws-cn:iam::123456789012:user/ops/anna"]);
  });

  it("takes only CloudWatch's retention periods", () => {
    assert.equal(resolvedConfig("dev", cluster({ logRetentionDays: 1 })).cluster.logRetentionDays, 1);
    assert.equal(resolvedConfig("dev", cluster({ logRetentionDays: 3653 })).cluster.logRetentionDays, 3653);
    assert.deepEqual(configProblems("dev", cluster({ logRetentionDays: 2 })), [
      "cluster.logRetentionDays: must be a CloudWatch Logs retention period: one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653",
    ]);
  });

  it("takes a node-monitor grace period from EKS's 40 s to an hour", () => {
    assert.equal(
      resolvedConfig("dev", cluster({ nodeMonitorGracePeriod: "40s" })).cluster.nodeMonitorGracePeriodSeconds,
      40,
    );
    assert.equal(
      resolvedConfig("dev", cluster({ nodeMonitorGracePeriod: "1h" })).cluster.nodeMonitorGracePeriodSeconds,
      3600,
    );
    assert.deepEqual(configProblems("dev", cluster({ nodeMonitorGracePeriod: "39s" })), [
      "cluster.nodeMonitorGracePeriod: 39s is shorter than the 40s node-monitor-grace-period EKS fixes; allowed: 40s to 3600s",
    ]);
    assert.deepEqual(configProblems("dev", cluster({ nodeMonitorGracePeriod: "3601s" })), [
      "cluster.nodeMonitorGracePeriod: 3601s would leave pods on a dead node for over an hour; allowed: 40s to 3600s",
    ]);
    assert.deepEqual(configProblems("dev", cluster({ nodeMonitorGracePeriod: "4 minutes" })), [
      "cluster.nodeMonitorGracePeriod: must be a duration such as 240s, 4m or 1h30m (units d, h, m, s)",
    ]);
  });

  it("takes team names of up to 40 characters, each with at least one principal", () => {
    const member = { principalArns: ["arn:aws:iam::123456789012:role/x"] };
    const name40 = "t".repeat(40);
    assert.deepEqual(Object.keys(resolvedConfig("dev", { teams: { [name40]: member } }).teams), [name40]);
    assert.deepEqual(configProblems("dev", { teams: { [`${name40}t`]: member } }), [
      `teams.${name40}t: "${name40}t" is not a team name: a DNS-1123 label (lower-case letters, digits and '-') of at most 40 characters`,
    ]);
    assert.deepEqual(configProblems("dev", { teams: { Server: member } }), [
      `teams.Server: "Server" is not a team name: a DNS-1123 label (lower-case letters, digits and '-') of at most 40 characters`,
    ]);
    assert.deepEqual(configProblems("dev", { teams: { server: { principalArns: [] } } }), [
      "teams.server.principalArns: needs at least one IAM role or user ARN (the team's members assume it)",
    ]);
  });
});

describe("stack config: RDS and ElastiCache settings at their limits", () => {
  const mysql = (patch: Record<string, unknown>) => ({ mysql: patch });
  it("takes 20 GiB to 64 TiB of storage and 1 to 35 days of backups", () => {
    const c = resolvedConfig(
      "dev",
      mysql({ allocatedStorageGiB: 20, maxAllocatedStorageGiB: 22, backupRetentionDays: 1 }),
    );
    assert.deepEqual(
      [c.mysql.allocatedStorageGiB, c.mysql.maxAllocatedStorageGiB, c.mysql.backupRetentionDays],
      [20, 22, 1],
    );
    const top = resolvedConfig(
      "dev",
      mysql({ allocatedStorageGiB: 59_578, maxAllocatedStorageGiB: 65_536, backupRetentionDays: 35 }),
    );
    assert.deepEqual([top.mysql.maxAllocatedStorageGiB, top.mysql.backupRetentionDays], [65_536, 35]);
    assert.deepEqual(
      configProblems(
        "dev",
        mysql({ allocatedStorageGiB: 19, maxAllocatedStorageGiB: 21, backupRetentionDays: 0 }),
      ),
      [
        "mysql.allocatedStorageGiB: must be at least 20 (the smallest gp3 volume RDS for MySQL accepts)",
        "mysql.maxAllocatedStorageGiB: must be at least 22 (10 % above the smallest allocation)",
        "mysql.backupRetentionDays: must be 1-35 days (0 would turn automated backups off)",
      ],
    );
    assert.deepEqual(
      configProblems(
        "dev",
        mysql({ allocatedStorageGiB: 65_537, maxAllocatedStorageGiB: 65_537, backupRetentionDays: 36 }),
      ),
      [
        "mysql.allocatedStorageGiB: must be at most 65536 (64 TiB)",
        "mysql.maxAllocatedStorageGiB: must be at most 65536 (64 TiB)",
        "mysql.backupRetentionDays: must be 1-35 days (RDS keeps automated backups at most 35 days)",
      ],
    );
  });

  it("leaves storage autoscaling at least 10 % above the allocation", () => {
    assert.equal(
      resolvedConfig("dev", mysql({ allocatedStorageGiB: 100, maxAllocatedStorageGiB: 110 })).mysql
        .maxAllocatedStorageGiB,
      110,
    );
    assert.deepEqual(
      configProblems("dev", mysql({ allocatedStorageGiB: 100, maxAllocatedStorageGiB: 109 })),
      [
        "mysql.maxAllocatedStorageGiB: 109 leaves storage autoscaling no room above allocatedStorageGiB 100; RDS needs at least 10 % more: 110 or more",
      ],
    );
    // The tier's default maximum (100) counts too.
    assert.deepEqual(configProblems("dev", mysql({ allocatedStorageGiB: 91 })), [
      "mysql.maxAllocatedStorageGiB: 100 leaves storage autoscaling no room above allocatedStorageGiB 91; RDS needs at least 10 % more: 101 or more",
    ]);
  });

  it("takes known engine versions and instance classes only", () => {
    assert.match(
      configProblems("dev", mysql({ engineVersion: "5.7" }))[0]!,
      /^mysql\.engineVersion: must be one of /,
    );
    assert.deepEqual(configProblems("dev", mysql({ instanceClass: "t4g.medium" })), [
      "mysql.instanceClass: must be an RDS instance class such as db.t4g.medium",
    ]);
    assert.deepEqual(configProblems("dev", { redis: { nodeType: "t4g.small" } }), [
      "redis.nodeType: must be an ElastiCache node type such as cache.t4g.small",
    ]);
  });

  it("keeps stage production-like: each protection is refused off by name", () => {
    const why = "the stage tier is sized and protected like production; use tier qa for a cheaper stack";
    assert.deepEqual(
      configProblems("stage", {
        mysql: { multiAz: false, deletionProtection: false, finalSnapshot: false, backupRetentionDays: 6 },
        redis: { finalSnapshot: false, replicas: 0 },
      }),
      [
        `mysql.multiAz: must be true on stage (${why})`,
        `mysql.deletionProtection: must be true on stage (${why})`,
        `mysql.finalSnapshot: must be true on stage (${why})`,
        "mysql.backupRetentionDays: 6 is too short for stage; allowed: 7-35 days",
        `redis.finalSnapshot: must be true on stage (${why})`,
        `redis.replicas: must be 1 or more on stage: automatic failover and multi-AZ need a replica (${why})`,
      ],
    );
    const c = resolvedConfig("stage", { mysql: { backupRetentionDays: 7 }, redis: { replicas: 1 } });
    assert.equal(c.mysql.backupRetentionDays, 7);
    // The same settings are fine on qa.
    const qa = resolvedConfig("qa", {
      mysql: { multiAz: false, deletionProtection: false, finalSnapshot: false, backupRetentionDays: 1 },
      redis: { finalSnapshot: false, replicas: 0 },
    });
    assert.equal(qa.mysql.backupRetentionDays, 1);
  });

  it("takes 2 to 1,200,000 Redis databases, 0-5 replicas and 0-35 days of snapshots", () => {
    const low = resolvedConfig("dev", { redis: { databases: 2, replicas: 0, snapshotRetentionDays: 0 } });
    assert.deepEqual([low.redis.databases, low.redis.replicas, low.redis.snapshotRetentionDays], [2, 0, 0]);
    const high = resolvedConfig("dev", {
      redis: { databases: 1_200_000, replicas: 5, snapshotRetentionDays: 35 },
    });
    assert.deepEqual(
      [high.redis.databases, high.redis.replicas, high.redis.snapshotRetentionDays],
      [1_200_000, 5, 35],
    );
    assert.deepEqual(
      configProblems("dev", { redis: { databases: 1, replicas: -1, snapshotRetentionDays: -1 } }),
      [
        "redis.databases: must be 2 or more (database 0 is kept for shared tooling)",
        "redis.replicas: must be 0-5",
        "redis.snapshotRetentionDays: must be 0-35 days (0 turns automatic snapshots off)",
      ],
    );
    assert.deepEqual(
      configProblems("dev", { redis: { databases: 1_200_001, replicas: 6, snapshotRetentionDays: 36 } }),
      [
        "redis.databases: must be at most 1200000 (the ElastiCache limit for the databases parameter); keep it low, every database costs memory",
        "redis.replicas: must be 0-5 (ElastiCache allows at most 5 read replicas)",
        "redis.snapshotRetentionDays: must be 0-35 days (ElastiCache keeps automatic snapshots at most 35 days)",
      ],
    );
  });
});
