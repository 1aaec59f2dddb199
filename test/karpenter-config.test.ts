/**
 * Config of Karpenter pools and of the `karpenter` section: what each tier resolves to, the errors a
 * wrong key gets (naming the key and what to use instead), and the game pool's capacity that
 * environment settings carry.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseEnvironmentSettings } from "../stacks/environment-settings";
import { configIssues, environmentSettings, loadConfig } from "./harness";

const issue = (issues: Array<{ path: string; message: string }>, path: string) => {
  const found = issues.find((i) => i.path === path);
  assert.ok(found, `no issue at ${path}; got ${issues.map((i) => `${i.path}: ${i.message}`).join(" | ")}`);
  return found.message;
};

describe("Karpenter pools in config", () => {
  it("resolves dev's game pool to Karpenter (spot then on-demand) and keeps system a managed node group", async () => {
    const dev = await loadConfig("dev");
    assert.deepEqual(
      dev.nodePools.map((p) => [p.name, p.provisioner]),
      [
        ["system", "managed"],
        ["game", "karpenter"],
      ],
    );
    const game = dev.nodePools.find((p) => p.name === "game")!;
    assert.ok(game.provisioner === "karpenter");
    assert.deepEqual(
      {
        capacityTypes: game.capacityTypes,
        limits: game.limits,
        instanceTypes: game.instanceTypes,
        consolidateAfter: game.consolidateAfter,
        expireAfter: game.expireAfter,
        disruptionBudget: game.disruptionBudget,
      },
      {
        capacityTypes: ["spot", "on-demand"],
        limits: { cpu: "40", memory: "160Gi" },
        instanceTypes: ["m5.2xlarge", "m5.xlarge", "m6a.2xlarge", "m6a.xlarge", "m6i.2xlarge", "m6i.xlarge"],
        consolidateAfter: "5m",
        expireAfter: "720h",
        disruptionBudget: "20%",
      },
    );
    assert.deepEqual(dev.karpenter, {
      bottlerocketVersion: "v1.68.1",
      workingHours: {
        timeZone: "Europe/Berlin",
        days: ["Mon", "Tue", "Wed", "Thu", "Fri"],
        start: "08:00",
        end: "20:00",
      },
    });
    const qa = (await loadConfig("qa")).nodePools.find((p) => p.name === "game")!;
    assert.ok(qa.provisioner === "karpenter");
    assert.deepEqual(qa.capacityTypes, ["on-demand"]);
  });

  it("merges a stack's override field by field, limits key by key", async () => {
    const cfg = await loadConfig("dev", {
      nodePools: { game: { limits: { cpu: 60 }, capacityTypes: ["on-demand"], labels: { team: "server" } } },
      karpenter: { bottlerocketVersion: "v1.69.0" },
    });
    const game = cfg.nodePools.find((p) => p.name === "game")!;
    assert.ok(game.provisioner === "karpenter");
    assert.deepEqual(game.limits, { cpu: "60", memory: "160Gi" });
    assert.deepEqual(game.capacityTypes, ["on-demand"]);
    assert.deepEqual(game.instanceFamilies, ["m6i", "m6a", "m5"]);
    assert.deepEqual(game.labels, { team: "server" });
    assert.equal(cfg.karpenter.bottlerocketVersion, "v1.69.0");
    assert.equal(cfg.karpenter.workingHours.timeZone, "Europe/Berlin");
  });
});

describe("Karpenter config errors name the key and what is allowed", () => {
  it("refuses an @latest or unpinned Bottlerocket version", async () => {
    assert.match(
      issue(
        await configIssues("dev", { karpenter: { bottlerocketVersion: "latest" } }),
        "karpenter.bottlerocketVersion",
      ),
      /"latest" would let every new Bottlerocket release replace the nodes without review; pin a release such as v1\.68\.1/,
    );
    assert.match(
      issue(
        await configIssues("dev", { karpenter: { bottlerocketVersion: "1.68.1" } }),
        "karpenter.bottlerocketVersion",
      ),
      /"1\.68\.1" is not a Bottlerocket release written vMAJOR\.MINOR\.PATCH/,
    );
  });

  it("refuses managed node group keys on a Karpenter pool, one issue per key, saying what to use", async () => {
    const issues = await configIssues("dev", {
      nodePools: { game: { minSize: 2, maxSize: 10, instanceTypes: ["m6i.xlarge"], capacityType: "SPOT" } },
    });
    assert.match(
      issue(issues, "nodePools.game.minSize"),
      /is a managed node group key, but pool "game" is provisioned by Karpenter \(provisioner: karpenter\): .*limits\.cpu and limits\.memory/,
    );
    assert.match(
      issue(issues, "nodePools.game.maxSize"),
      /bound the pool with limits\.cpu and limits\.memory instead/,
    );
    assert.match(
      issue(issues, "nodePools.game.instanceTypes"),
      /list instanceFamilies and instanceSizes instead/,
    );
    assert.match(issue(issues, "nodePools.game.capacityType"), /use capacityTypes instead/);
  });

  it("refuses Karpenter keys on a managed node group pool", async () => {
    const issues = await configIssues("dev", {
      nodePools: { system: { limits: { cpu: 8 }, consolidateAfter: "5m" } },
    });
    assert.match(
      issue(issues, "nodePools.system.limits"),
      /is a Karpenter key, but pool "system" is a managed node group/,
    );
    assert.match(issue(issues, "nodePools.system.consolidateAfter"), /is a Karpenter key/);
  });

  it("keeps the system pool a managed node group (it runs Karpenter itself)", async () => {
    assert.match(
      issue(
        await configIssues("dev", { nodePools: { system: { provisioner: "karpenter" } } }),
        "nodePools.system.provisioner",
      ),
      /must be "managed": the system pool runs Karpenter's own controller, which must not run on nodes it manages/,
    );
  });

  it("requires limits on a Karpenter pool the tier does not define", async () => {
    const issues = await configIssues("dev", {
      nodePools: {
        batch: {
          provisioner: "karpenter",
          instanceFamilies: ["m6i"],
          instanceSizes: ["xlarge"],
          capacityTypes: ["spot"],
          limits: { cpu: 24 },
        },
      },
    });
    assert.match(
      issue(issues, "nodePools.batch.limits"),
      /needs limits\.memory: without them Karpenter adds nodes for every pending pod, without bound/,
    );
  });

  it("refuses combinations the sizing tables do not know, burstable families and bad durations", async () => {
    const unknown = await configIssues("dev", {
      nodePools: { game: { instanceSizes: ["xlarge", "4xlarge"] } },
    });
    assert.match(
      issue(unknown, "nodePools.game.instanceFamilies"),
      /allows m6a\.4xlarge, which the sizing tables do not know/,
    );
    const burstable = await configIssues("dev", {
      nodePools: { game: { instanceFamilies: ["t3"], instanceSizes: ["xlarge"] } },
    });
    assert.match(issue(burstable, "nodePools.game.instanceFamilies"), /burstable types \(t3\.xlarge\)/);
    const days = await configIssues("dev", { nodePools: { game: { consolidateAfter: "1d" } } });
    assert.match(issue(days, "nodePools.game.consolidateAfter"), /Karpenter accepts no days/);
    const short = await configIssues("dev", { nodePools: { game: { expireAfter: "30m" } } });
    assert.match(issue(short, "nodePools.game.expireAfter"), /30m would replace every node more than hourly/);
  });

  it("applies the sizing guidance: not too small for an environment's pods, not so big that one node is a third", async () => {
    const big = await configIssues("dev", { nodePools: { game: { limits: { cpu: 16, memory: "64Gi" } } } });
    assert.match(
      issue(big, "nodePools.game.instanceSizes"),
      /m5\.2xlarge \(8 vCPU, 32 GiB\) is more than a third of the pool's limits \(16 CPU, 64Gi\)/,
    );
    // Stage's Couchbase requests 8Gi: an m6i.large leaves 6839 MiB after reservations and the collector.
    const small = await configIssues("stage", { nodePools: { game: { instanceSizes: ["large"] } } });
    assert.match(
      issue(small, "nodePools.game.instanceSizes"),
      /m6a\.large leaves 1880m CPU and 6839 MiB .* couchbase pod/,
    );
  });

  it("checks the working hours field by field", async () => {
    const issues = await configIssues("dev", {
      karpenter: { workingHours: { timeZone: "Europe/Berlin", days: ["Mon"], start: "20:00", end: "08:00" } },
    });
    assert.equal(issue(issues, "karpenter.workingHours.end"), "must be after start (20:00), on the same day");
  });
});

describe("the game pool's capacity in environment settings", () => {
  it("is each tier's limits less what every node keeps (figures worked out in docs/nodes.md)", async () => {
    // dev: 10 xlarge nodes x (3870m, 14098 MiB); qa: 6 x the same; stage: 9 2xlarge x (7860m, 29253 MiB).
    assert.deepEqual((await environmentSettings("dev")).gamePoolCapacity, {
      cpu: "38700m",
      memory: "140980Mi",
    });
    assert.deepEqual((await environmentSettings("qa")).gamePoolCapacity, {
      cpu: "23220m",
      memory: "84588Mi",
    });
    assert.deepEqual((await environmentSettings("stage")).gamePoolCapacity, {
      cpu: "70740m",
      memory: "263277Mi",
    });
  });

  it("follows the collector's requests, which every node pays", async () => {
    const settings = await environmentSettings("dev", {
      logging: {
        dashboardsAllowedCidrs: ["203.0.113.0/24"],
        requests: { collector: { cpuMillicores: 150 } },
      },
    });
    // 10 x (4000 - 80 - 150) = 37700m.
    assert.equal(settings.gamePoolCapacity.cpu, "37700m");
  });

  it("is part of the settings an environment stack accepts, while gameScheduling keeps its shape", async () => {
    const settings = await environmentSettings("dev");
    assert.deepEqual(settings.gameScheduling, {
      nodeSelector: { "game-infra/pool": "game" },
      tolerations: [
        { key: "game-infra/pool", operator: "Equal", value: "game", effect: "NoSchedule" },
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
      ],
    });
    assert.deepEqual(parseEnvironmentSettings(settings, "org/game-infra/dev"), settings);
    const { gamePoolCapacity: _dropped, ...older } = settings;
    assert.match(String(parseEnvironmentSettings(older, "org/game-infra/dev")), /gamePoolCapacity/);
  });
});
