/**
 * Whether a tier's environments fit its game pool (`lib/capacity.ts`, checked by
 * `stacks/resolve-registry.ts`): each environment's requests at full scale, the sum over the tier,
 * and the refusal with the numbers and the setting to raise, at the boundary.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { capacityShortfalls, environmentDemand } from "../lib/capacity";
import { TIERS } from "../stacks/tiers";
import { committedRegistry, registryIssues, resolveTestRegistry } from "./harness";

const MiB = 2 ** 20;

/** A valid dev environment file with its own Redis DB. */
function file(redisDb: number, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    owner: "a@studio.example",
    team: "server",
    purpose: "testing",
    version: "1.0.0",
    gameDataVersion: "gd-1",
    resourceVersion: "res-1",
    redisDb,
    created: "2026-11-20",
    expires: "2026-12-15",
    ...over,
  };
}

const { deployment, activeColor, spread, autoscaleCpuPercent, servers, quota } = {
  ...TIERS.dev.environments,
  activeColor: "blue" as const,
};
const devWorkloads = { deployment, activeColor, spread, autoscaleCpuPercent, servers, quota };

describe("an environment's requests at full scale", () => {
  it("counts dev's defaults: game server at 3 plus a surge pod, league and backoffice with a surge pod, scheduler, Couchbase", () => {
    // CPU: 4 x 250m + 2 x 100m + 100m + 2 x 100m + 500m = 2000m.
    // Memory: 4 x 512Mi + 2 x 256Mi + 256Mi + 2 x 256Mi + 2Gi = 5376Mi.
    assert.deepEqual(environmentDemand("dev1", devWorkloads), {
      name: "dev1",
      cpuMillicores: 2000,
      memoryBytes: 5376 * MiB,
    });
  });

  it("counts both colours of stage's blue/green game server, each at its maximum with a surge pod", () => {
    const stage = { ...TIERS.stage.environments, activeColor: "blue" as const };
    // Game server 2 x (8 + 1) x 1 CPU, league 3 x 500m, scheduler 250m, backoffice 3 x 250m, Couchbase 2.
    // Memory 18 x 2Gi + 3 x 1Gi + 512Mi + 3 x 512Mi + 8Gi = 49Gi.
    assert.deepEqual(environmentDemand("stage", stage), {
      name: "stage",
      cpuMillicores: 22500,
      memoryBytes: 49 * 1024 * MiB,
    });
  });
});

describe("the tier against its game pool", () => {
  const two = [environmentDemand("dev1", devWorkloads), environmentDemand("dev2", devWorkloads)];

  it("fits exactly at the pool's capacity", () => {
    assert.deepEqual(capacityShortfalls(two, { cpu: "4", memory: "10752Mi" }), []);
  });

  it("is short by one millicore, or one MiB, above it", () => {
    const cpu = capacityShortfalls(two, { cpu: "3999m", memory: "10752Mi" });
    assert.deepEqual(cpu, [
      {
        resource: "cpu",
        needed: 4000,
        available: 3999,
        demands: [
          { name: "dev1", amount: 2000 },
          { name: "dev2", amount: 2000 },
        ],
      },
    ]);
    const memory = capacityShortfalls(two, { cpu: "4", memory: "10751Mi" });
    assert.deepEqual(
      memory.map((s) => [s.resource, s.needed, s.available]),
      [["memory", 10752 * MiB, 10751 * MiB]],
    );
  });
});

describe("the registry check refuses a tier that overflows its game pool", () => {
  const files = { dev1: file(1), dev2: file(2) };

  it("accepts environments that exactly fill the pool", async () => {
    const registry = await resolveTestRegistry("dev", files, {
      settings: { gamePoolCapacity: { cpu: "4", memory: "10752Mi" } },
    });
    assert.deepEqual(
      registry.environments.map((e) => e.name),
      ["dev1", "dev2"],
    );
  });

  it("refuses one millicore over, with the numbers, each environment's share and the setting to raise", async () => {
    const issues = await registryIssues("dev", files, {
      settings: { gamePoolCapacity: { cpu: "3999m", memory: "10752Mi" } },
    });
    assert.deepEqual(issues, [
      {
        path: "environments/dev",
        message:
          "the 2 environments request 4 CPU at full scale, more than the 3.999 CPU the game pool offers them (gamePoolCapacity.cpu): 0.001 CPU short. " +
          "Full scale is every server at its autoscaling maximum, one surge pod per rolling Deployment, both colours of a blue/green game server, and Couchbase; " +
          "sleeping environments count, since they wake up. By environment, largest first: dev1 2 CPU, dev2 2 CPU. " +
          "Raise nodePools.game.limits.cpu in Pulumi.dev.yaml, lower an environment's replicas or resources, or delete one",
      },
    ]);
  });

  it("refuses one MiB of memory over, largest environment first", async () => {
    const bigger = {
      ...files,
      dev3: file(3, { resources: { couchbase: { memory: "3Gi", memoryLimit: "3Gi" } } }),
    };
    // dev3: 5376Mi + 1Gi more for Couchbase = 6400Mi; all three: 17152Mi.
    const issues = await registryIssues("dev", bigger, {
      settings: { gamePoolCapacity: { cpu: "6", memory: "17151Mi" } },
    });
    assert.deepEqual(issues, [
      {
        path: "environments/dev",
        message:
          "the 3 environments request 17152Mi of memory at full scale, more than the 17151Mi the game pool offers them (gamePoolCapacity.memory): 1Mi short. " +
          "Full scale is every server at its autoscaling maximum, one surge pod per rolling Deployment, both colours of a blue/green game server, and Couchbase; " +
          "sleeping environments count, since they wake up. By environment, largest first: dev3 6400Mi, dev1 5376Mi, dev2 5376Mi. " +
          "Raise nodePools.game.limits.memory in Pulumi.dev.yaml, lower an environment's replicas or resources, or delete one",
      },
    ]);
  });

  it("names maxSize when the game pool is a managed node group", async () => {
    const issues = await registryIssues("dev", files, {
      settings: { gamePoolCapacity: { cpu: "3", memory: "3Gi" }, gamePoolProvisioner: "managed" },
    });
    assert.equal(issues.length, 2);
    for (const issue of issues)
      assert.match(issue.message, /Raise nodePools\.game\.maxSize in Pulumi\.dev\.yaml/);
  });

  it("counts a sleeping environment like an awake one", async () => {
    const asleep = { ...files, dev2: file(2, { sleep: { schedule: "officeHours" } }) };
    const issues = await registryIssues("dev", asleep, {
      settings: { gamePoolCapacity: { cpu: "3999m", memory: "10752Mi" } },
    });
    assert.match(issues[0]!.message, /request 4 CPU at full scale/);
  });

  it("judges the pool only once every environment's sizing could be read", async () => {
    const broken = { ...files, dev3: file(3, { replicas: { gameserver: "many" } }) };
    const issues = await registryIssues("dev", broken, {
      settings: { gamePoolCapacity: { cpu: "1", memory: "1Gi" } },
    });
    assert.deepEqual(
      issues.map((i) => i.path),
      ["environments/dev/dev3.yaml: replicas.gameserver"],
    );
  });

  it("accepts every committed tier on its committed platform", async () => {
    for (const tier of ["dev", "qa", "stage"] as const) await committedRegistry(tier);
  });

  it("refuses four production-sized stage environments on stage's pool (90 CPU against 70.74)", async () => {
    const stage = (redisDb: number) => ({
      owner: "r@studio.example",
      team: "release",
      purpose: "release candidate",
      version: "1.0.0",
      gameDataVersion: "gd-1",
      resourceVersion: "res-1",
      redisDb,
      created: "2026-11-20",
    });
    const issues = await registryIssues("stage", { s1: stage(1), s2: stage(2), s3: stage(3), s4: stage(4) });
    assert.deepEqual(
      issues.map((i) => i.message.split(". ")[0]),
      [
        "the 4 environments request 90 CPU at full scale, more than the 70.74 CPU the game pool offers them (gamePoolCapacity.cpu): 19.26 CPU short",
      ],
    );
    assert.match(issues[0]!.message, /Raise nodePools\.game\.limits\.cpu in Pulumi\.stage\.yaml/);
  });
});
