/**
 * Node pool rules (stacks/node-pools-resolve.ts) and what the platform exports for environments
 * (stacks/environment-settings.ts): pool sizes in order, keys of the other provisioner refused by
 * name, Karpenter limits, labels, and the game pool's capacity, figured by hand from the documented
 * formulas (lib/sizing.ts, EKS-NOTES.md "Node sizing") rather than by the code under test.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  environmentSettingsFromConfig,
  gamePoolCapacity,
  parseEnvironmentSettings,
} from "../stacks/environment-settings";
import { configProblems, resolvedConfig } from "./support/raw-config";

const pools = (nodePools: Record<string, unknown>) => configProblems("dev", { nodePools });

describe("node pools: managed node groups", () => {
  it("needs minSize <= desiredSize <= maxSize, equality allowed", () => {
    assert.deepEqual(pools({ system: { desiredSize: 5 } }), [
      "nodePools.system: needs minSize <= desiredSize <= maxSize, got 2 <= 5 <= 4",
    ]);
    assert.deepEqual(pools({ system: { minSize: 3, desiredSize: 2 } }), [
      "nodePools.system: needs minSize <= desiredSize <= maxSize, got 3 <= 2 <= 4",
    ]);
    const system = resolvedConfig("dev", {
      nodePools: { system: { minSize: 4, desiredSize: 4, maxSize: 4 } },
    }).nodePools[0]!;
    assert.equal(system.provisioner, "managed");
    if (system.provisioner !== "managed") return;
    assert.deepEqual([system.minSize, system.desiredSize, system.maxSize], [4, 4, 4]);
    assert.deepEqual(system.instanceTypes, ["m6i.large"]);
    assert.equal(system.capacityType, "ON_DEMAND");
    assert.equal(system.diskSizeGiB, 40);
    assert.equal(system.dedicated, false);
  });

  it("keeps the system pool managed: Karpenter's controller must not run on nodes it manages", () => {
    assert.deepEqual(pools({ system: { provisioner: "karpenter" } }), [
      `nodePools.system.provisioner: must be "managed": the system pool runs Karpenter's own controller, which must not run on nodes it manages (catalogue N3)`,
      'nodePools.system: as a Karpenter pool, pool "system" needs instanceFamilies, instanceSizes, capacityTypes',
      "nodePools.system.limits: needs limits.cpu and limits.memory: without them Karpenter adds nodes for every pending pod, without bound (catalogue N1)",
    ]);
  });

  it("refuses a Karpenter key on a managed pool by name", () => {
    for (const [key, value] of Object.entries({
      instanceFamilies: ["m6i"],
      instanceSizes: ["large"],
      capacityTypes: ["spot"],
      limits: { cpu: "4", memory: "8Gi" },
      consolidateAfter: "5m",
      expireAfter: "24h",
      disruptionBudget: "1",
    })) {
      assert.deepEqual(pools({ system: { [key]: value } }), [
        `nodePools.system.${key}: is a Karpenter key, but pool "system" is a managed node group (provisioner: managed); set provisioner: karpenter to have Karpenter provision it`,
      ]);
    }
  });

  it("needs every size of a pool the tier does not define", () => {
    assert.deepEqual(pools({ extra: {} }), [
      "nodePools.extra: a pool the dev tier does not define needs instanceTypes, minSize, desiredSize, maxSize",
    ]);
    assert.deepEqual(pools({ extra: { instanceTypes: ["m6i.large"], minSize: 1 } }), [
      "nodePools.extra: a pool the dev tier does not define needs desiredSize, maxSize",
    ]);
    const c = resolvedConfig("dev", {
      nodePools: { extra: { instanceTypes: ["m6i.large"], minSize: 0, desiredSize: 0, maxSize: 1 } },
    });
    assert.deepEqual(
      c.nodePools.map((p) => p.name),
      ["system", "game", "extra"],
      "system first, game second, the rest by name",
    );
    const extra = c.nodePools[2]!;
    assert.equal(extra.diskSizeGiB, 50, "the default disk");
    assert.equal(extra.dedicated, false);
  });

  it("keeps one CPU architecture per pool", () => {
    assert.deepEqual(pools({ system: { instanceTypes: ["m6i.large", "m7g.large"] } }), [
      "nodePools.system.instanceTypes: mixes CPU architectures (x86_64, arm64); one pool runs one Bottlerocket AMI, so use one architecture",
    ]);
  });

  it("takes pool names of up to 20 characters and disks of 20-1000 GiB", () => {
    const managed = { instanceTypes: ["m6i.large"], minSize: 0, desiredSize: 0, maxSize: 1 };
    const name20 = "p".repeat(20);
    assert.ok(
      resolvedConfig("dev", { nodePools: { [name20]: managed } }).nodePools.some((p) => p.name === name20),
    );
    assert.deepEqual(pools({ [`${name20}p`]: managed }), [
      `nodePools.${name20}p: "${name20}p" is not a DNS-1123 label of at most 20 characters`,
    ]);
    assert.deepEqual(pools({ system: { diskSizeGiB: 19 } }), [
      "nodePools.system.diskSizeGiB: must be at least 20",
    ]);
    assert.equal(
      resolvedConfig("dev", { nodePools: { system: { diskSizeGiB: 1000 } } }).nodePools[0]!.diskSizeGiB,
      1000,
    );
    assert.equal(pools({ system: { diskSizeGiB: 1001 } }).length, 1);
  });

  it("leaves game-infra/ labels to the program and checks the rest are Kubernetes labels", () => {
    assert.deepEqual(
      pools({ system: { labels: { "game-infra/x": "1", "bad key!": "v", ok: "bad value!" } } }),
      [
        'nodePools.system.labels: "game-infra/x": the game-infra/ prefix is set by the program',
        'nodePools.system.labels: "bad key!: v" is not a valid Kubernetes label',
        'nodePools.system.labels: "ok: bad value!" is not a valid Kubernetes label',
      ],
    );
    const labels = { "example.com/team": "server", tier: "", [`k${"e".repeat(62)}`]: `v${"a".repeat(62)}` };
    assert.deepEqual(
      resolvedConfig("dev", { nodePools: { system: { labels } } }).nodePools[0]!.labels,
      labels,
    );
    assert.equal(
      pools({ system: { labels: { [`k${"e".repeat(63)}`]: "v" } } }).length,
      1,
      "a 64-character name",
    );
    assert.equal(
      pools({ system: { labels: { k: `v${"a".repeat(63)}` } } }).length,
      1,
      "a 64-character value",
    );
  });
});

describe("node pools: Karpenter pools", () => {
  it("resolves the dev game pool with its tier's settings", () => {
    const game = resolvedConfig("dev").nodePools[1]!;
    assert.equal(game.provisioner, "karpenter");
    if (game.provisioner !== "karpenter") return;
    assert.deepEqual(game.instanceFamilies, ["m6i", "m6a", "m5"]);
    assert.deepEqual(game.instanceSizes, ["xlarge", "2xlarge"]);
    assert.deepEqual(game.capacityTypes, ["spot", "on-demand"]);
    assert.deepEqual(game.limits, { cpu: "40", memory: "160Gi" });
    assert.equal(game.consolidateAfter, "5m");
    assert.equal(game.expireAfter, "720h");
    assert.equal(game.disruptionBudget, "20%");
    assert.equal(game.dedicated, true);
    assert.equal(game.diskSizeGiB, 60);
  });

  it("refuses a managed key on a Karpenter pool, saying what to use instead", () => {
    assert.deepEqual(pools({ game: { instanceTypes: ["m6i.xlarge"], capacityType: "SPOT", minSize: 1 } }), [
      'nodePools.game.instanceTypes: is a managed node group key, but pool "game" is provisioned by Karpenter (provisioner: karpenter): list instanceFamilies and instanceSizes instead (every family in every size is allowed)',
      `nodePools.game.capacityType: is a managed node group key, but pool "game" is provisioned by Karpenter (provisioner: karpenter): use capacityTypes instead (Karpenter's names: "spot", "on-demand")`,
      'nodePools.game.minSize: is a managed node group key, but pool "game" is provisioned by Karpenter (provisioner: karpenter): Karpenter adds nodes for pending pods and removes empty or underused ones; bound it with limits.cpu and limits.memory instead',
    ]);
  });

  it("needs limits above zero CPU and of at least 1Gi memory", () => {
    assert.deepEqual(pools({ game: { limits: { cpu: "0", memory: "1023Mi" } } }), [
      'nodePools.game.limits.cpu: "0" is not a CPU quantity above zero (such as 40 or "40000m")',
      'nodePools.game.limits.memory: "1023Mi" is not a memory quantity of at least 1Gi (such as "160Gi")',
    ]);
    assert.deepEqual(
      pools({
        extra: {
          provisioner: "karpenter",
          instanceFamilies: ["m6i"],
          instanceSizes: ["large"],
          capacityTypes: ["spot"],
          limits: { cpu: "4" },
        },
      }),
      [
        "nodePools.extra.limits: needs limits.memory: without them Karpenter adds nodes for every pending pod, without bound (catalogue N1)",
      ],
    );
    const extra = resolvedConfig("dev", {
      nodePools: {
        extra: {
          provisioner: "karpenter",
          instanceFamilies: ["m6i"],
          instanceSizes: ["large"],
          capacityTypes: ["on-demand"],
          limits: { cpu: 6, memory: "24Gi" },
        },
      },
    }).nodePools[2]!;
    assert.equal(extra.provisioner, "karpenter");
    if (extra.provisioner !== "karpenter") return;
    assert.deepEqual(extra.limits, { cpu: "6", memory: "24Gi" });
    assert.equal(extra.consolidateAfter, "5m");
    assert.equal(extra.expireAfter, "720h");
    assert.equal(extra.disruptionBudget, "10%");
    assert.deepEqual(extra.instanceTypes, ["m6i.large"]);
  });

  it("keeps nodes at least an hour", () => {
    assert.deepEqual(pools({ game: { expireAfter: "59m" } }), [
      "nodePools.game.expireAfter: 59m would replace every node more than hourly; use 1h or more (nodes pick up a new AMI through drift, not expiry)",
    ]);
    const game = resolvedConfig("dev", { nodePools: { game: { expireAfter: "1h" } } }).nodePools[1]!;
    assert.equal(game.provisioner === "karpenter" && game.expireAfter, "1h");
  });

  it("refuses burstable families and families in sizes the tables do not know", () => {
    assert.deepEqual(
      pools({
        game: { instanceFamilies: ["t3"], instanceSizes: ["xlarge"], limits: { cpu: "40", memory: "160Gi" } },
      }),
      [
        "nodePools.game.instanceFamilies: allows burstable types (t3.xlarge): their CPU credits run out under the steady load of game servers",
      ],
    );
    const unknown = pools({ game: { instanceFamilies: ["m6i", "zz9"] } });
    assert.equal(unknown.length, 1);
    assert.match(
      unknown[0]!,
      /^nodePools\.game\.instanceFamilies: with instanceSizes xlarge, 2xlarge this allows zz9\.2xlarge, zz9\.xlarge, which the sizing tables do not know /,
    );
  });

  it("checks Karpenter durations, budgets and capacity types", () => {
    assert.deepEqual(pools({ game: { disruptionBudget: "101%" } }), [
      'nodePools.game.disruptionBudget: must be a node count ("1") or a percentage ("10%")',
    ]);
    for (const ok of ["100%", "0%", "3"]) {
      const game = resolvedConfig("dev", { nodePools: { game: { disruptionBudget: ok } } }).nodePools[1]!;
      assert.equal(game.provisioner === "karpenter" && game.disruptionBudget, ok);
    }
    assert.deepEqual(pools({ game: { consolidateAfter: "1d" } }), [
      "nodePools.game.consolidateAfter: must be a duration in hours, minutes or seconds such as 5m, 90s or 720h (Karpenter accepts no days)",
    ]);
    assert.deepEqual(pools({ game: { capacityTypes: ["spot", "spot"] } }), [
      "nodePools.game.capacityTypes: lists a capacity type twice",
    ]);
    assert.deepEqual(pools({ game: { instanceSizes: [] } }), [
      "nodePools.game.instanceSizes: needs at least one instance size",
    ]);
  });

  it("sizes the pool so no node holds a third of its limits", () => {
    const problems = pools({ game: { instanceSizes: ["2xlarge"], limits: { cpu: "23", memory: "160Gi" } } });
    assert.deepEqual(problems, [
      "nodePools.game.instanceSizes: m5.2xlarge (8 vCPU, 32 GiB) is more than a third of the pool's limits (23 CPU, 160Gi): at full size the pool would be fewer than three nodes, so one node would take a third or more of the environments down; raise limits or allow smaller sizes",
      "nodePools.game.instanceSizes: m6a.2xlarge (8 vCPU, 32 GiB) is more than a third of the pool's limits (23 CPU, 160Gi): at full size the pool would be fewer than three nodes, so one node would take a third or more of the environments down; raise limits or allow smaller sizes",
      "nodePools.game.instanceSizes: m6i.2xlarge (8 vCPU, 32 GiB) is more than a third of the pool's limits (23 CPU, 160Gi): at full size the pool would be fewer than three nodes, so one node would take a third or more of the environments down; raise limits or allow smaller sizes",
    ]);
    const game = resolvedConfig("dev", {
      nodePools: { game: { instanceSizes: ["2xlarge"], limits: { cpu: "24", memory: "160Gi" } } },
    }).nodePools[1]!;
    assert.equal(game.provisioner === "karpenter" && game.limits.cpu, "24");
  });
});

describe("environment settings: the game pool's capacity", () => {
  it("a Karpenter pool: as many of its smallest type as its limits allow", () => {
    // dev: m6i/m6a/m5 in xlarge and 2xlarge, limits 40 CPU and 160Gi -> 10 nodes of 4 vCPU and 16 GiB.
    // CPU per node: 4000m - kube-reserved 80m (60 + 10 + 5 + 5) - the collector's 50m = 3870m.
    // Memory: 16384Mi less Karpenter's 7.5 % VM overhead (1228.8Mi), kube-reserved 893Mi (11 x 58 pods
    // + 255), eviction 100Mi and the collector's 64Mi = 14098.2Mi -> 14098Mi.
    assert.deepEqual(gamePoolCapacity(resolvedConfig("dev")), { cpu: "38700m", memory: "140980Mi" });
  });

  it("a managed pool of mixed types: the smallest CPU and the smallest memory, each from its own type", () => {
    // c6i.xlarge has more CPU (4 vCPU, 8 GiB), r6i.large more memory (2 vCPU, 16 GiB); both run 29 pods
    // at most on the smaller one. CPU: r6i.large's 2000m - 70m reserved - 50m = 1880m per node;
    // memory: c6i.xlarge's 8192Mi - 574Mi (11 x 29 + 255) - 100Mi - 64Mi = 7454Mi per node; 3 nodes.
    const managed = {
      provisioner: "managed",
      instanceTypes: ["c6i.xlarge", "r6i.large"],
      minSize: 1,
      desiredSize: 1,
      maxSize: 3,
    };
    assert.deepEqual(gamePoolCapacity(resolvedConfig("dev", { nodePools: { game: managed } })), {
      cpu: "5640m",
      memory: "22362Mi",
    });
    assert.deepEqual(
      gamePoolCapacity(
        resolvedConfig("dev", {
          nodePools: { game: { ...managed, instanceTypes: ["r6i.large", "c6i.xlarge"] } },
        }),
      ),
      { cpu: "5640m", memory: "22362Mi" },
      "the order of the types does not matter",
    );
  });
});

describe("environment settings: what the platform exports", () => {
  const settings = environmentSettingsFromConfig(resolvedConfig("dev"));

  it("names the cluster and ingress group, and places game pods on the game pool with the grace tolerations", () => {
    assert.equal(settings.version, 1);
    assert.equal(settings.clusterName, "game-infra-dev");
    assert.equal(settings.ingressGroupName, "game-infra-dev");
    assert.equal(settings.redisDatabases, 64);
    assert.deepEqual(settings.teams, ["balance", "server"]);
    assert.equal(settings.nodeMonitorGracePeriodSeconds, 240);
    const grace = [
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
    ];
    assert.deepEqual(settings.graceTolerations, grace);
    assert.deepEqual(settings.gameScheduling, {
      nodeSelector: { "game-infra/pool": "game" },
      tolerations: [
        { key: "game-infra/pool", operator: "Equal", value: "game", effect: "NoSchedule" },
        ...grace,
      ],
    });
    assert.deepEqual(settings.systemScheduling, {
      nodeSelector: { "game-infra/pool": "system" },
      tolerations: grace,
    });
    assert.deepEqual(settings.loadBalancerCidrs, ["10.20.128.0/24", "10.20.129.0/24", "10.20.130.0/24"]);
    assert.equal(settings.platformNamespace, "platform");
    assert.deepEqual(settings.dataAccess, {
      bootstrapServiceAccount: "db-bootstrap",
      mysqlAdminSecretName: "mysql-admin",
      mysqlPort: 3306,
      redisPort: 6379,
    });
  });

  it("an environment stack accepts its own version's settings and explains anything else", () => {
    assert.deepEqual(
      parseEnvironmentSettings(JSON.parse(JSON.stringify(settings)), "org/game-infra/dev"),
      settings,
    );
    assert.equal(
      parseEnvironmentSettings(undefined, "org/game-infra/dev"),
      'platform stack org/game-infra/dev has no "environmentSettings" output: update the platform stack (pulumi up -s dev in the repository root) before its environments',
    );
    assert.equal(
      parseEnvironmentSettings(null, "dev"),
      'platform stack dev has no "environmentSettings" output: update the platform stack (pulumi up -s dev in the repository root) before its environments',
    );
    assert.equal(
      parseEnvironmentSettings({ ...settings, version: 2 }, "org/game-infra/dev"),
      'platform stack org/game-infra/dev exports "environmentSettings" in a shape this program does not understand (version: Invalid input: expected 1); update the platform stack to this program version first',
    );
    assert.equal(
      parseEnvironmentSettings("x", "org/game-infra/dev"),
      'platform stack org/game-infra/dev exports "environmentSettings" in a shape this program does not understand ((root): Invalid input: expected object, received string); update the platform stack to this program version first',
    );
  });

  it("fails loudly when the resolved config has no game pool", () => {
    const config = resolvedConfig("dev");
    assert.throws(() => gamePoolCapacity({ ...config, nodePools: config.nodePools.slice(0, 1) }), {
      message: 'the resolved config has no "game" node pool',
    });
    assert.throws(() => environmentSettingsFromConfig({ ...config, nodePools: config.nodePools.slice(1) }), {
      message: 'the resolved config has no "system" node pool',
    });
  });
});
