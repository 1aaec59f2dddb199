/**
 * Node pool resolution edges (stacks/node-pools-resolve.ts), called directly with the dev tier
 * profile or a profile built here, so the tier's pools, their labels and the overrides are known
 * literally: the order pools come out in, labels inherited from the tier, a pool with problems left
 * out, managed defaults and overrides (capacity type), Karpenter limits named one by one and the
 * 1 GiB memory floor, no further checks once a Karpenter pool already has a problem, the exact
 * messages for unknown, burstable and mixed-architecture types, and the pods each environment puts
 * on the game pool (the dev tier's servers, figured by hand: 250m = 250 millicores, 512Mi = 512 MiB).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { KarpenterNodePoolConfig, NodePoolConfig } from "../stacks/config";
import type { ConfigIssue } from "../stacks/errors";
import { environmentPods, karpenterSizingIssues, resolveNodePools } from "../stacks/node-pools-resolve";
import type { StackConfigInput } from "../stacks/schema";
import type { NodePoolProfile, TierProfile } from "../stacks/tier";
import { TIERS } from "../stacks/tiers";

type Overrides = NonNullable<StackConfigInput["nodePools"]>;

const DEV = TIERS.dev;

/** Resolves the overrides against a profile; the pools and every issue as `path: message`. */
function resolve(
  overrides: Overrides,
  profile: TierProfile = DEV,
): { pools: NodePoolConfig[]; issues: string[] } {
  const issues: ConfigIssue[] = [];
  const pools = resolveNodePools(profile, overrides, issues);
  return { pools, issues: issues.map((i) => `${i.path}: ${i.message}`) };
}

/** The dev profile with its node pools replaced. */
const withPools = (nodePools: Record<string, NodePoolProfile>): TierProfile => ({ ...DEV, nodePools });

const SYSTEM: NodePoolProfile = {
  provisioner: "managed",
  instanceTypes: ["m6i.large"],
  capacityType: "ON_DEMAND",
  minSize: 2,
  desiredSize: 2,
  maxSize: 4,
  diskSizeGiB: 40,
  dedicated: false,
  labels: {},
};

/** A Karpenter pool with every setting, for overrides to change one at a time. */
const KARPENTER_POOL: Overrides[string] = {
  provisioner: "karpenter",
  instanceFamilies: ["m6i"],
  instanceSizes: ["xlarge"],
  capacityTypes: ["on-demand"],
  limits: { cpu: "12", memory: "48Gi" },
};

const MANAGED_POOL: Overrides[string] = {
  instanceTypes: ["m6i.large"],
  minSize: 1,
  desiredSize: 1,
  maxSize: 2,
};

const names = (pools: readonly NodePoolConfig[]) => pools.map((p) => p.name);

describe("node pools (s1): order", () => {
  it("puts system first, game second and the rest by name, whatever order they are written in", () => {
    const { pools, issues } = resolve({
      zeta: MANAGED_POOL,
      beta: MANAGED_POOL,
      alpha: MANAGED_POOL,
    });
    assert.deepEqual(issues, []);
    assert.deepEqual(names(pools), ["system", "game", "alpha", "beta", "zeta"]);
  });

  it("sorts the tier's own pools the same way when the tier lists game and extras before system", () => {
    const profile = withPools({
      zeta: { ...SYSTEM, minSize: 1, desiredSize: 1, maxSize: 1 },
      game: { ...SYSTEM },
      alpha: { ...SYSTEM },
      system: SYSTEM,
    });
    assert.deepEqual(names(resolve({}, profile).pools), ["system", "game", "alpha", "zeta"]);
  });
});

describe("node pools (s1): labels from the tier", () => {
  it("keeps the tier's labels and adds the stack's", () => {
    const profile = withPools({ system: { ...SYSTEM, labels: { team: "core" } } });
    const { pools, issues } = resolve({}, profile);
    assert.deepEqual(issues, []);
    assert.deepEqual(pools[0]!.labels, { team: "core" });
    const both = resolve({ system: { labels: { zone: "a" } } }, profile);
    assert.deepEqual(both.pools[0]!.labels, { team: "core", zone: "a" });
  });

  it("checks the tier's labels too: a reserved prefix there is refused and the pool left out", () => {
    const profile = withPools({ system: { ...SYSTEM, labels: { "game-infra/pool": "x" } } });
    assert.deepEqual(resolve({}, profile), {
      pools: [],
      issues: ['nodePools.system.labels: "game-infra/pool": the game-infra/ prefix is set by the program'],
    });
  });
});

describe("node pools (s1): a pool with a problem is left out", () => {
  it("drops a managed pool whose sizes are out of order, keeping the others", () => {
    const { pools, issues } = resolve({ system: { minSize: 3, desiredSize: 2, maxSize: 4 } });
    assert.deepEqual(issues, ["nodePools.system: needs minSize <= desiredSize <= maxSize, got 3 <= 2 <= 4"]);
    assert.deepEqual(names(pools), ["game"]);
  });
});

describe("node pools (s1): managed pools", () => {
  it("names what a tier's Karpenter pool lacks when the stack makes it managed", () => {
    assert.deepEqual(resolve({ game: { provisioner: "managed" } }).issues, [
      'nodePools.game: as a managed node group, pool "game" needs instanceTypes, minSize, desiredSize, maxSize',
    ]);
  });

  it("turns a tier's Karpenter pool into a managed one from the stack's settings alone", () => {
    const { pools, issues } = resolve({ game: { provisioner: "managed", ...MANAGED_POOL } });
    assert.deepEqual(issues, []);
    assert.deepEqual(pools[1], {
      name: "game",
      diskSizeGiB: 60,
      dedicated: true,
      labels: {},
      provisioner: "managed",
      instanceTypes: ["m6i.large"],
      capacityType: "ON_DEMAND",
      minSize: 1,
      desiredSize: 1,
      maxSize: 2,
    });
  });

  it("defaults a new pool to on-demand capacity, 50 GiB disks, not dedicated, no labels", () => {
    const { pools, issues } = resolve({ extra: MANAGED_POOL });
    assert.deepEqual(issues, []);
    assert.deepEqual(pools[2], {
      name: "extra",
      diskSizeGiB: 50,
      dedicated: false,
      labels: {},
      provisioner: "managed",
      instanceTypes: ["m6i.large"],
      capacityType: "ON_DEMAND",
      minSize: 1,
      desiredSize: 1,
      maxSize: 2,
    });
  });

  it("takes the stack's capacityType over the tier's, and on a new pool", () => {
    const system = resolve({ system: { capacityType: "SPOT" } }).pools[0]!;
    assert.equal(system.provisioner === "managed" && system.capacityType, "SPOT");
    const extra = resolve({ extra: { ...MANAGED_POOL, capacityType: "SPOT" } }).pools[2]!;
    assert.equal(extra.provisioner === "managed" && extra.capacityType, "SPOT");
    const spotTier = withPools({ system: { ...SYSTEM, capacityType: "SPOT" } });
    const inherited = resolve({}, spotTier).pools[0]!;
    assert.equal(inherited.provisioner === "managed" && inherited.capacityType, "SPOT");
  });
});

describe("node pools (s1): Karpenter limits", () => {
  const LIMITS_TAIL =
    ": without them Karpenter adds nodes for every pending pod, without bound (catalogue N1)";

  it("names only the missing limit", () => {
    assert.deepEqual(resolve({ extra: { ...KARPENTER_POOL, limits: { cpu: "12" } } }).issues, [
      `nodePools.extra.limits: needs limits.memory${LIMITS_TAIL}`,
    ]);
    assert.deepEqual(resolve({ extra: { ...KARPENTER_POOL, limits: { memory: "48Gi" } } }).issues, [
      `nodePools.extra.limits: needs limits.cpu${LIMITS_TAIL}`,
    ]);
    assert.deepEqual(resolve({ extra: { ...KARPENTER_POOL, limits: undefined } }).issues, [
      `nodePools.extra.limits: needs limits.cpu and limits.memory${LIMITS_TAIL}`,
    ]);
  });

  it("accepts a memory limit of exactly 1Gi and refuses one byte less", () => {
    const oneGi = resolve({ extra: { ...KARPENTER_POOL, limits: { cpu: "12", memory: "1Gi" } } });
    assert.deepEqual(oneGi.issues, []);
    assert.deepEqual((oneGi.pools[2] as KarpenterNodePoolConfig).limits, { cpu: "12", memory: "1Gi" });
    assert.deepEqual(
      resolve({ extra: { ...KARPENTER_POOL, limits: { cpu: "12", memory: "1073741823" } } }).issues,
      [
        'nodePools.extra.limits.memory: "1073741823" is not a memory quantity of at least 1Gi (such as "160Gi")',
      ],
    );
  });
});

describe("node pools (s1): a Karpenter pool with a problem gets no further checks", () => {
  it("reports a managed key alone, not the too-short expireAfter or the burstable type behind it", () => {
    assert.deepEqual(
      resolve({
        extra: { ...KARPENTER_POOL, instanceFamilies: ["t3", "m6i"], expireAfter: "30m", minSize: 1 },
      }).issues,
      [
        'nodePools.extra.minSize: is a managed node group key, but pool "extra" is provisioned by Karpenter (provisioner: karpenter): Karpenter adds nodes for pending pods and removes empty or underused ones; bound it with limits.cpu and limits.memory instead',
      ],
    );
  });

  it("reports a bad limit alone", () => {
    assert.deepEqual(
      resolve({
        extra: { ...KARPENTER_POOL, expireAfter: "30m", limits: { cpu: "0", memory: "48Gi" } },
      }).issues,
      ['nodePools.extra.limits.cpu: "0" is not a CPU quantity above zero (such as 40 or "40000m")'],
    );
  });

  it("reports missing settings without failing on them", () => {
    assert.deepEqual(
      resolve({ extra: { provisioner: "karpenter", limits: { cpu: "12", memory: "48Gi" } } }),
      {
        pools: resolve({}).pools,
        issues: [
          'nodePools.extra: as a Karpenter pool, pool "extra" needs instanceFamilies, instanceSizes, capacityTypes',
        ],
      },
    );
    assert.deepEqual(resolve({ extra: { ...KARPENTER_POOL, capacityTypes: undefined } }).issues, [
      'nodePools.extra: as a Karpenter pool, pool "extra" needs capacityTypes',
    ]);
    assert.deepEqual(resolve({ extra: { ...KARPENTER_POOL, instanceSizes: undefined } }).issues, [
      'nodePools.extra: as a Karpenter pool, pool "extra" needs instanceSizes',
    ]);
  });
});

describe("node pools (s1): Karpenter instance types", () => {
  it("names every unknown type and lists the known ones, comma-separated", () => {
    assert.deepEqual(resolve({ extra: { ...KARPENTER_POOL, instanceSizes: ["large", "metal"] } }).issues, [
      "nodePools.extra.instanceFamilies: with instanceSizes large, metal this allows m6i.metal, which the sizing tables do not know " +
        "(every family in every size must be known, so the kubelet's max pods and reservations are right for each); known: " +
        "c6i.2xlarge, c6i.large, c6i.xlarge, m5.2xlarge, m5.4xlarge, m5.large, m5.xlarge, m6a.2xlarge, m6a.large, m6a.xlarge, " +
        "m6i.2xlarge, m6i.4xlarge, m6i.large, m6i.xlarge, m7g.2xlarge, m7g.large, m7g.xlarge, m7i.2xlarge, m7i.large, " +
        "m7i.xlarge, r6i.2xlarge, r6i.large, r6i.xlarge, t3.large, t3.medium, t3.xlarge",
    ]);
  });

  it("names the burstable types only, when burstable and steady families are mixed", () => {
    assert.deepEqual(
      resolve({
        extra: { ...KARPENTER_POOL, instanceFamilies: ["t3", "m6i"], instanceSizes: ["large", "xlarge"] },
      }).issues,
      [
        "nodePools.extra.instanceFamilies: allows burstable types (t3.large, t3.xlarge): their CPU credits run out under the steady load of game servers",
      ],
    );
  });

  it("refuses families of two architectures, on instanceFamilies", () => {
    assert.deepEqual(resolve({ extra: { ...KARPENTER_POOL, instanceFamilies: ["m6i", "m7g"] } }).issues, [
      "nodePools.extra.instanceFamilies: mixes CPU architectures (x86_64, arm64); one pool runs one Bottlerocket AMI, so use one architecture",
    ]);
  });
});

describe("node pools (s1): Karpenter disruption settings", () => {
  it("takes the stack's consolidateAfter over the tier's", () => {
    const game = resolve({ game: { consolidateAfter: "10m" } }).pools[1] as KarpenterNodePoolConfig;
    assert.equal(game.consolidateAfter, "10m");
    const tier = resolve({}).pools[1] as KarpenterNodePoolConfig;
    assert.equal(tier.consolidateAfter, "5m");
  });
});

describe("node pools (s1): environments on the game pool", () => {
  it("has one pod per server of the dev tier, in millicores and MiB", () => {
    assert.deepEqual(environmentPods(DEV), [
      { name: "gameserver", cpuMillicores: 250, memoryMiB: 512 },
      { name: "league", cpuMillicores: 100, memoryMiB: 256 },
      { name: "scheduler", cpuMillicores: 100, memoryMiB: 256 },
      { name: "backoffice", cpuMillicores: 100, memoryMiB: 256 },
      { name: "couchbase", cpuMillicores: 500, memoryMiB: 2048 },
    ]);
  });

  it("holds only the game pool to the environments' pods", () => {
    // m6i.xlarge: 4000m less 80m kubelet reservation (6 % + 1 % + 0.5 % + 0.5 % of a core) less
    // 3500m of DaemonSets leaves 420m, under couchbase's 500m. Memory: 16384 MiB less 7.5 % VM
    // overhead (15155), less 893 MiB reserved for 58 pods (11 x 58 + 255), 100 MiB eviction and
    // 1000 MiB of DaemonSets leaves 13162 MiB. Limits of 12 vCPU / 48Gi are three nodes exactly.
    const pool = (name: string): KarpenterNodePoolConfig => ({
      name,
      diskSizeGiB: 60,
      dedicated: true,
      labels: {},
      provisioner: "karpenter",
      instanceFamilies: ["m6i"],
      instanceSizes: ["xlarge"],
      instanceTypes: ["m6i.xlarge"],
      capacityTypes: ["on-demand"],
      limits: { cpu: "12", memory: "48Gi" },
      consolidateAfter: "5m",
      expireAfter: "720h",
      disruptionBudget: "10%",
    });
    const issues: ConfigIssue[] = [];
    karpenterSizingIssues(
      [pool("batch"), pool("game")],
      DEV,
      { cpuMillicores: 3500, memoryMiB: 1000 },
      issues,
    );
    assert.deepEqual(issues, [
      {
        path: "nodePools.game.instanceSizes",
        message:
          "m6i.xlarge leaves 420m CPU and 13162 MiB after the kubelet's reservations and the DaemonSets, less than an " +
          "environment's couchbase pod requests (500m CPU, 2048 MiB): too small for this pool",
      },
    ]);
  });
});
