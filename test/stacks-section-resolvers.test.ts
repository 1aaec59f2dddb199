/**
 * The stack config's section resolvers called directly with a tier profile and literal input, without
 * the stack resolver (so without @pulumi/pulumi): `karpenter` (stacks/karpenter-resolve.ts),
 * `logging` against the system pool (logging-resolve.ts), `mysql`/`redis` with the tier's data store
 * floor (resolve-data-stores.ts), `ciRunners` (ci-runners-schema.ts) and `launcher`
 * (launcher-schema.ts): every default, every written value winning, each rule just inside and just
 * outside its bound, and each message naming its key and saying when a tier default is at fault.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ManagedNodePoolConfig, NodePoolConfig } from "../stacks/config";
import type { ConfigIssue } from "../stacks/errors";
import { resolveCiRunners, type CiRunnersInput } from "../stacks/ci-runners-schema";
import { resolveDataStores } from "../stacks/resolve-data-stores";
import { resolveKarpenterSettings } from "../stacks/karpenter-resolve";
import { resolveLauncher, type LauncherInput } from "../stacks/launcher-schema";
import { resolveLogging } from "../stacks/logging-resolve";
import type { TierProfile } from "../stacks/tier";
import { TIERS } from "../stacks/tiers";

const lines = (issues: readonly ConfigIssue[]) => issues.map((i) => `${i.path}: ${i.message}`);

/** Working hours as the `karpenter` section takes them. */
type Hours = NonNullable<NonNullable<Parameters<typeof resolveKarpenterSettings>[1]>["workingHours"]>;

const BERLIN_HOURS: Hours = {
  timeZone: "Europe/Berlin",
  days: ["Mon", "Tue", "Wed", "Thu", "Fri"],
  start: "08:00",
  end: "20:00",
};

describe("karpenter: resolved against the tier", () => {
  function karpenter(
    input: Parameters<typeof resolveKarpenterSettings>[1],
    profile: TierProfile = TIERS.dev,
  ) {
    const issues: ConfigIssue[] = [];
    const result = resolveKarpenterSettings(profile, input, issues);
    return { result, problems: lines(issues) };
  }

  it("takes the tier's release and working hours when the section is absent or empty", () => {
    const expected = { result: { bottlerocketVersion: "v1.68.1", workingHours: BERLIN_HOURS }, problems: [] };
    assert.deepEqual(karpenter(undefined), expected);
    assert.deepEqual(karpenter({}), expected);
  });

  it("takes written values over the tier's", () => {
    const hours: Hours = { timeZone: "Asia/Seoul", days: ["Sat"], start: "00:00", end: "23:59" };
    assert.deepEqual(karpenter({ bottlerocketVersion: "v1.70.12", workingHours: hours }), {
      result: { bottlerocketVersion: "v1.70.12", workingHours: hours },
      problems: [],
    });
  });

  it("says when the tier's own default is what is wrong", () => {
    const broken: TierProfile = {
      ...TIERS.qa,
      karpenter: {
        bottlerocketVersion: "Latest",
        workingHours: { ...BERLIN_HOURS, days: ["Mon", "Mon"], end: "08:00" },
      },
    };
    assert.deepEqual(karpenter(undefined, broken), {
      result: undefined,
      problems: [
        `karpenter.bottlerocketVersion: "Latest" (the qa tier's default) would let every new Bottlerocket release replace the nodes without review; pin a release such as v1.68.1 and bump it in a reviewed change (docs/nodes.md)`,
        "karpenter.workingHours.days: lists a day twice (the qa tier's default)",
        "karpenter.workingHours.end: must be after start (08:00), on the same day (the qa tier's default)",
      ],
    });
    const unpinned = { ...broken, karpenter: { ...broken.karpenter, bottlerocketVersion: "1.2.3" } };
    assert.equal(
      karpenter(undefined, unpinned).problems[0],
      `karpenter.bottlerocketVersion: "1.2.3" (the qa tier's default) is not a Bottlerocket release written vMAJOR.MINOR.PATCH, such as v1.68.1`,
    );
  });

  it("does not blame the tier for a written value", () => {
    assert.deepEqual(
      karpenter({ bottlerocketVersion: "v1.2.3.4", workingHours: { ...BERLIN_HOURS, end: "07:59" } }),
      {
        result: undefined,
        problems: [
          `karpenter.bottlerocketVersion: "v1.2.3.4" is not a Bottlerocket release written vMAJOR.MINOR.PATCH, such as v1.68.1`,
          "karpenter.workingHours.end: must be after start (08:00), on the same day",
        ],
      },
    );
  });

  it("anchors the release pattern at both ends", () => {
    for (const bad of ["xv1.2.3", "v1.2.3x", "v1..3", "v.1.2", "va.b.c"]) {
      assert.equal(karpenter({ bottlerocketVersion: bad }).result, undefined, bad);
    }
    assert.equal(
      karpenter({ bottlerocketVersion: "v10.200.3000" }).result?.bottlerocketVersion,
      "v10.200.3000",
    );
  });

  it("judges only its own problems: earlier issues of other sections do not undo it", () => {
    const issues: ConfigIssue[] = [{ path: "other", message: "x" }];
    assert.deepEqual(resolveKarpenterSettings(TIERS.dev, undefined, issues), {
      bottlerocketVersion: "v1.68.1",
      workingHours: BERLIN_HOURS,
    });
    assert.equal(issues.length, 1);
  });
});

describe("logging: resolved and fitted on the system pool", () => {
  const systemPool = (instanceTypes: string[], desiredSize: number): ManagedNodePoolConfig => ({
    name: "system",
    provisioner: "managed",
    instanceTypes,
    capacityType: "ON_DEMAND",
    minSize: 1,
    desiredSize,
    maxSize: 6,
    diskSizeGiB: 40,
    dedicated: false,
    labels: {},
  });
  const OFFICE = ["203.0.113.0/24"];
  function logging(input: Parameters<typeof resolveLogging>[1], pools: readonly NodePoolConfig[]) {
    const issues: ConfigIssue[] = [];
    const result = resolveLogging(TIERS.dev, input, pools, issues);
    return { result, problems: lines(issues) };
  }

  it("is undefined without the section (the schema reported it)", () => {
    assert.deepEqual(logging(undefined, [systemPool(["m6i.large"], 2)]), { result: undefined, problems: [] });
  });

  it("takes the tier's pipeline with the written values over it", () => {
    const { result, problems } = logging(
      {
        dashboardsAllowedCidrs: OFFICE,
        retentionDays: 5,
        storageGiB: 40,
        requests: { collector: { cpuMillicores: 80 } },
      },
      [systemPool(["m6i.large"], 2)],
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(
      [result?.retentionDays, result?.storageGiB, result?.openSearchNodes, result?.requests.collector],
      [5, 40, 1, { cpuMillicores: 80, memoryMiB: 64 }],
    );
  });

  it("needs one system node per OpenSearch node: 3 fit on 3 nodes, not on 2", () => {
    const three = { dashboardsAllowedCidrs: OFFICE, openSearchNodes: 3 };
    assert.equal(logging(three, [systemPool(["m6i.large"], 3)]).result?.openSearchNodes, 3);
    assert.deepEqual(logging(three, [systemPool(["m6i.large"], 2)]), {
      result: undefined,
      problems: [
        "logging.openSearchNodes: 3 OpenSearch nodes need as many system-pool nodes (one each), but the pool has 2",
      ],
    });
  });

  it("finds the system pool by name among the pools", () => {
    const game = { ...systemPool(["m6i.large"], 1), name: "game" };
    const three = { dashboardsAllowedCidrs: OFFICE, openSearchNodes: 3 };
    assert.equal(logging(three, [game, systemPool(["m6i.large"], 3)]).result?.openSearchNodes, 3);
    assert.equal(logging(three, [systemPool(["m6i.large"], 2), game]).result, undefined);
  });

  it("leaves a missing, Karpenter-provisioned or unknown-type system pool to the node pool rules", () => {
    const three = { dashboardsAllowedCidrs: OFFICE, openSearchNodes: 3 };
    assert.equal(logging(three, []).result?.openSearchNodes, 3);
    const karpenterSystem = {
      ...systemPool(["m6i.large"], 1),
      provisioner: "karpenter",
    } as unknown as NodePoolConfig;
    assert.equal(logging(three, [karpenterSystem]).result?.openSearchNodes, 3);
    assert.deepEqual(logging(three, [systemPool(["zz9.mega"], 1)]).problems, []);
    assert.equal(logging(three, [systemPool(["zz9.mega"], 1)]).result?.openSearchNodes, 3);
  });

  it("judges only its own problems: earlier issues of other sections do not undo it", () => {
    const issues: ConfigIssue[] = [{ path: "other", message: "x" }];
    const result = resolveLogging(
      TIERS.dev,
      { dashboardsAllowedCidrs: OFFICE },
      [systemPool(["m6i.large"], 2)],
      issues,
    );
    assert.equal(result?.openSearchNodes, 1);
    assert.equal(issues.length, 1);
  });
});

describe("mysql and redis: the tier's defaults, written values and the stage floor", () => {
  function stores(profile: TierProfile, input: Parameters<typeof resolveDataStores>[1], databases = 64) {
    const issues: ConfigIssue[] = [];
    const result = resolveDataStores(profile, input, databases, issues);
    return { ...result, problems: lines(issues) };
  }

  it("takes the dev tier's stores when nothing is written", () => {
    assert.deepEqual(stores(TIERS.dev, {}), {
      mysql: {
        engineVersion: "8.0",
        instanceClass: "db.t4g.medium",
        allocatedStorageGiB: 20,
        maxAllocatedStorageGiB: 100,
        backupRetentionDays: 7,
        multiAz: false,
        deletionProtection: false,
        finalSnapshot: false,
      },
      redis: {
        databases: 64,
        nodeType: "cache.t4g.small",
        replicas: 0,
        snapshotRetentionDays: 1,
        finalSnapshot: false,
      },
      problems: [],
    });
  });

  it("takes the stage tier's production-like stores, which meet its own floor", () => {
    assert.deepEqual(stores(TIERS.stage, {}, 512), {
      mysql: {
        engineVersion: "8.0",
        instanceClass: "db.m7g.large",
        allocatedStorageGiB: 100,
        maxAllocatedStorageGiB: 500,
        backupRetentionDays: 14,
        multiAz: true,
        deletionProtection: true,
        finalSnapshot: true,
      },
      redis: {
        databases: 512,
        nodeType: "cache.m7g.large",
        replicas: 1,
        snapshotRetentionDays: 7,
        finalSnapshot: true,
      },
      problems: [],
    });
  });

  it("takes every written value over the tier's", () => {
    const mysql = {
      engineVersion: "8.4",
      instanceClass: "db.r7g.large",
      allocatedStorageGiB: 50,
      maxAllocatedStorageGiB: 60,
      backupRetentionDays: 3,
      multiAz: true,
      deletionProtection: true,
      finalSnapshot: true,
    } as const;
    const redis = { nodeType: "cache.r7g.large", replicas: 2, snapshotRetentionDays: 0, finalSnapshot: true };
    assert.deepEqual(stores(TIERS.dev, { mysql, redis }, 16), {
      mysql,
      redis: { databases: 16, ...redis },
      problems: [],
    });
    // false written over a tier's true is kept (not mistaken for "not written").
    const off = { multiAz: false, deletionProtection: false, finalSnapshot: false };
    const r = stores(
      { ...TIERS.stage, protection: TIERS.dev.protection },
      { mysql: off, redis: { finalSnapshot: false, replicas: 0 } },
    );
    assert.deepEqual(
      [
        r.mysql.multiAz,
        r.mysql.deletionProtection,
        r.mysql.finalSnapshot,
        r.redis.finalSnapshot,
        r.redis.replicas,
      ],
      [false, false, false, false, 0],
    );
    assert.deepEqual(r.problems, []);
  });

  it("leaves storage autoscaling at least 10 % (rounded up) above the allocation", () => {
    assert.deepEqual(
      stores(TIERS.dev, { mysql: { allocatedStorageGiB: 100, maxAllocatedStorageGiB: 110 } }).problems,
      [],
    );
    assert.deepEqual(
      stores(TIERS.dev, { mysql: { allocatedStorageGiB: 100, maxAllocatedStorageGiB: 109 } }).problems,
      [
        "mysql.maxAllocatedStorageGiB: 109 leaves storage autoscaling no room above allocatedStorageGiB 100; RDS needs at least 10 % more: 110 or more",
      ],
    );
    assert.deepEqual(
      stores(TIERS.dev, { mysql: { allocatedStorageGiB: 25, maxAllocatedStorageGiB: 27 } }).problems,
      [
        "mysql.maxAllocatedStorageGiB: 27 leaves storage autoscaling no room above allocatedStorageGiB 25; RDS needs at least 10 % more: 28 or more",
      ],
    );
    // The tier's allocation counts when only the ceiling is written.
    assert.deepEqual(stores(TIERS.dev, { mysql: { maxAllocatedStorageGiB: 21 } }).problems, [
      "mysql.maxAllocatedStorageGiB: 21 leaves storage autoscaling no room above allocatedStorageGiB 20; RDS needs at least 10 % more: 22 or more",
    ]);
  });

  const why = "the stage tier is sized and protected like production; use tier qa for a cheaper stack";

  it("refuses each protection off on stage, by name, with the tier's reason", () => {
    assert.deepEqual(
      stores(TIERS.stage, {
        mysql: { multiAz: false, deletionProtection: false, finalSnapshot: false },
        redis: { finalSnapshot: false },
      }).problems,
      [
        `mysql.multiAz: must be true on stage (${why})`,
        `mysql.deletionProtection: must be true on stage (${why})`,
        `mysql.finalSnapshot: must be true on stage (${why})`,
        `redis.finalSnapshot: must be true on stage (${why})`,
      ],
    );
    assert.deepEqual(stores(TIERS.stage, { mysql: { deletionProtection: false } }).problems, [
      `mysql.deletionProtection: must be true on stage (${why})`,
    ]);
  });

  it("takes 7 days of backups on stage, not 6", () => {
    assert.deepEqual(stores(TIERS.stage, { mysql: { backupRetentionDays: 7 } }).problems, []);
    assert.deepEqual(stores(TIERS.stage, { mysql: { backupRetentionDays: 6 } }).problems, [
      "mysql.backupRetentionDays: 6 is too short for stage; allowed: 7-35 days",
    ]);
  });

  it("takes one Redis replica on stage, not none", () => {
    assert.deepEqual(stores(TIERS.stage, { redis: { replicas: 1 } }).problems, []);
    assert.deepEqual(stores(TIERS.stage, { redis: { replicas: 0 } }).problems, [
      `redis.replicas: must be 1 or more on stage: automatic failover and multi-AZ need a replica (${why})`,
    ]);
  });

  it("applies each part of a floor on its own", () => {
    const floorOnly = (
      floor: Partial<NonNullable<TierProfile["protection"]["dataStoreFloor"]>>,
    ): TierProfile => ({
      ...TIERS.dev,
      name: "qa",
      protection: {
        ...TIERS.dev.protection,
        dataStoreFloor: {
          reason: "test floor",
          requireMysqlStandbyAndProtection: false,
          minBackupRetentionDays: 1,
          minRedisReplicas: 0,
          ...floor,
        },
      },
    });
    // Without the standby requirement, unprotected stores pass (redis.finalSnapshot too).
    assert.deepEqual(stores(floorOnly({}), {}).problems, []);
    assert.deepEqual(stores(floorOnly({ minBackupRetentionDays: 8 }), {}).problems, [
      "mysql.backupRetentionDays: 7 is too short for qa; allowed: 8-35 days",
    ]);
    assert.deepEqual(stores(floorOnly({ minRedisReplicas: 2 }), { redis: { replicas: 1 } }).problems, [
      "redis.replicas: must be 2 or more on qa: automatic failover and multi-AZ need a replica (test floor)",
    ]);
    assert.deepEqual(
      stores(floorOnly({ requireMysqlStandbyAndProtection: true }), {
        mysql: { multiAz: true, deletionProtection: true, finalSnapshot: true },
      }).problems,
      ["redis.finalSnapshot: must be true on qa (test floor)"],
    );
  });

  it("has no floor on dev and qa", () => {
    const bare = {
      mysql: { backupRetentionDays: 1, multiAz: false },
      redis: { replicas: 0, finalSnapshot: false },
    };
    assert.deepEqual(stores(TIERS.dev, bare).problems, []);
    assert.deepEqual(stores(TIERS.qa, bare).problems, []);
  });
});

describe("ciRunners: resolved", () => {
  const base: CiRunnersInput = {
    githubConfigUrl: "https://github.com/studio-example/game-infra",
    deployPolicyArns: ["arn:aws:iam::123456789012:policy/deploy"],
  };
  function runners(input: CiRunnersInput | undefined) {
    const issues: ConfigIssue[] = [];
    return { result: resolveCiRunners(input, issues), problems: lines(issues) };
  }

  it("is undefined without the section", () => {
    assert.deepEqual(runners(undefined), { result: undefined, problems: [] });
  });

  it("fills in the defaults", () => {
    assert.deepEqual(runners(base), {
      result: {
        githubConfigUrl: "https://github.com/studio-example/game-infra",
        githubAppSecret: "arc-github-app",
        runnerGroup: "default",
        minRunners: 0,
        maxRunners: 2,
        deployPolicyArns: ["arn:aws:iam::123456789012:policy/deploy"],
      },
      problems: [],
    });
  });

  it("keeps written values", () => {
    assert.deepEqual(
      runners({ ...base, githubAppSecret: "gh", runnerGroup: "deploy", minRunners: 1, maxRunners: 5 }).result,
      {
        githubConfigUrl: "https://github.com/studio-example/game-infra",
        githubAppSecret: "gh",
        runnerGroup: "deploy",
        minRunners: 1,
        maxRunners: 5,
        deployPolicyArns: ["arn:aws:iam::123456789012:policy/deploy"],
      },
    );
  });

  it("needs at least one runner at most, and no more at least than at most", () => {
    assert.deepEqual(runners({ ...base, maxRunners: 0 }).problems, [
      "ciRunners.maxRunners: must be at least 1, or no job could ever run",
    ]);
    // With no runner at most, the minimum is not compared as well.
    assert.deepEqual(runners({ ...base, minRunners: 3, maxRunners: 0 }).problems, [
      "ciRunners.maxRunners: must be at least 1, or no job could ever run",
    ]);
    assert.deepEqual(runners({ ...base, maxRunners: 1 }).problems, []);
    assert.deepEqual(runners({ ...base, minRunners: 2, maxRunners: 2 }).problems, []);
    assert.deepEqual(runners({ ...base, minRunners: 3 }).problems, [
      "ciRunners.minRunners: 3 is more than maxRunners (2)",
    ]);
    assert.deepEqual(runners({ ...base, minRunners: 3 }).result?.minRunners, 3);
  });
});

describe("launcher: resolved", () => {
  const IMAGE = `123456789012.dkr.ecr.eu-west-1.amazonaws.com/game-infra-dev/launcher@sha256:${"0".repeat(64)}`;
  const input: LauncherInput = {
    image: IMAGE,
    oidc: {
      issuer: "https://login.studio.example",
      authorizationEndpoint: "https://login.studio.example/oauth2/authorize",
      tokenEndpoint: "https://login.studio.example/oauth2/token",
      userInfoEndpoint: "https://login.studio.example/oauth2/userinfo",
    },
    presetAllowedCidrs: ["203.0.113.0/24"],
    gitRepositoryUrl: "git@github.com:studio-example/game-infra.git",
  };
  const context = {
    project: "game-infra",
    stack: "dev",
    domain: "dev.game.example.com",
    region: "eu-west-1",
  };
  function launcher(written: LauncherInput | undefined, where = context) {
    const issues: ConfigIssue[] = [];
    return { result: resolveLauncher(written, where, issues), problems: lines(issues) };
  }

  it("is undefined without the section", () => {
    assert.deepEqual(launcher(undefined), { result: undefined, problems: [] });
  });

  it("fills in the host label and secret names, and no preset token secret", () => {
    assert.deepEqual(launcher(input), {
      result: {
        image: IMAGE,
        hostLabel: "stove",
        oidc: { ...input.oidc, clientSecretName: "launcher-oidc" },
        presetAllowedCidrs: ["203.0.113.0/24"],
        gitRepositoryUrl: "git@github.com:studio-example/game-infra.git",
        gitSecretName: "launcher-git",
        slackSecretName: "launcher-slack",
      },
      problems: [],
    });
  });

  it("keeps written names and the preset token secret", () => {
    const written = {
      ...input,
      hostLabel: "launch",
      oidc: { ...input.oidc, clientSecretName: "oidc" },
      gitSecretName: "git",
      slackSecretName: "slack",
      presetTokenSecretName: "token",
    };
    assert.deepEqual(launcher(written).result, written);
  });

  it("needs the preset API limited by CIDR or token", () => {
    const open = { ...input, presetAllowedCidrs: undefined };
    assert.deepEqual(launcher(open), {
      result: { ...launcher(input).result!, presetAllowedCidrs: [] },
      problems: [
        "launcher.presetAllowedCidrs: is empty and presetTokenSecretName is not set: the preset API, which skips the browser login, must be limited by source CIDR or token",
      ],
    });
    assert.deepEqual(launcher({ ...open, presetTokenSecretName: "token" }).problems, []);
  });

  it("holds the image to this stack's launcher repository", () => {
    assert.deepEqual(launcher(input, { ...context, stack: "qa" }).problems, [
      "launcher.image: the image must come from this stack's launcher repository, <account>.dkr.ecr.eu-west-1.amazonaws.com/game-infra-qa/launcher (the platform creates it; the image workflow pushes there), not 123456789012.dkr.ecr.eu-west-1.amazonaws.com/game-infra-dev/launcher",
    ]);
  });
});
