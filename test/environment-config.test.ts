import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkEnvironmentEntry } from "../stacks/environment-entry";
import { configIssues, loadConfig, stackConfig } from "./harness";

/** One valid environment, plus `over`. */
const env = (over: Record<string, unknown> = {}) => ({
  name: "dev9",
  owner: "a@studio.example",
  purpose: "testing",
  version: "1.0.0",
  gameDataVersion: "gd-1",
  resourceVersion: "res-1",
  redisDb: 9,
  ...over,
});

/** The one issue at `path`, failing if there is not exactly one issue. */
function onlyIssue(issues: ReadonlyArray<{ path: string; message: string }>): {
  path: string;
  message: string;
} {
  assert.equal(issues.length, 1, JSON.stringify(issues));
  return issues[0]!;
}

describe("environment config: tier defaults and overrides", () => {
  it("rolls the game server on dev and qa and runs it blue/green on stage, with blue active", async () => {
    const dev = await loadConfig("dev");
    assert.equal(dev.environments[0]?.deployment, "rolling");
    const stage = await loadConfig("stage");
    assert.equal(stage.environments[0]?.deployment, "blueGreen");
    assert.equal(stage.environments[0]?.activeColor, "blue");
    assert.equal(stage.environments[0]?.spread, "required");
    assert.deepEqual(stage.environments[0]?.servers.gameserver, {
      replicas: 3,
      maxReplicas: 8,
      cpu: "1",
      memory: "2Gi",
      memoryLimit: "2Gi",
    });
  });

  it("applies per-environment replicas, resources, quota, chaos and release overrides", async () => {
    const config = await loadConfig("dev", {
      environments: [
        env({
          deployment: "blueGreen",
          activeColor: "green",
          previewVersion: "1.1.0",
          replicas: { gameserver: { min: 2, max: 4 }, league: 2 },
          resources: {
            couchbase: { memory: "3Gi", memoryLimit: "3Gi", storage: "20Gi" },
            league: { cpu: 0.5 },
          },
          quota: { cpu: "8", pods: 40 },
          chaos: { mtbfDays: 2 },
        }),
      ],
    });
    const e = config.environments[0]!;
    assert.equal(e.deployment, "blueGreen");
    assert.equal(e.activeColor, "green");
    assert.equal(e.previewVersion, "1.1.0");
    assert.deepEqual([e.servers.gameserver.replicas, e.servers.gameserver.maxReplicas], [2, 4]);
    assert.deepEqual(
      [e.servers.league.replicas, e.servers.league.maxReplicas, e.servers.league.cpu],
      [2, 2, "0.5"],
    );
    assert.deepEqual(e.servers.couchbase, {
      replicas: 1,
      maxReplicas: 1,
      cpu: "500m",
      memory: "3Gi",
      memoryLimit: "3Gi",
      storage: "20Gi",
    });
    assert.equal(e.quota.cpu, "8");
    assert.equal(e.quota.pods, 40);
    assert.equal(e.quota.memory, "10Gi", "unset quota fields keep the tier's");
    assert.deepEqual(e.chaos, { mtbfDays: 2, killMode: "fixed" });
  });

  it("defaults the host pattern and the image repositories, and takes the registry from config", async () => {
    const config = await loadConfig("qa");
    assert.equal(config.hostPattern, "{server}-{env}");
    assert.equal(config.images.registry, "123456789012.dkr.ecr.eu-west-1.amazonaws.com/game");
    assert.equal(config.images.repositories.league, "league-server");
    assert.equal(config.images.couchbase, "couchbase/server:7.6.6");
  });
});

describe("environment config: errors name the key and what is allowed", () => {
  it("rejects an unknown release strategy", async () => {
    const issue = onlyIssue(await configIssues("dev", { environments: [env({ deployment: "canary" })] }));
    assert.equal(issue.path, "environments[0].deployment");
    assert.match(issue.message, /"rolling", "blueGreen"/);
  });

  it("rejects blue/green keys on a rolling environment", async () => {
    const issues = await configIssues("dev", {
      environments: [env({ activeColor: "green", previewVersion: "1.1.0" })],
    });
    assert.deepEqual(issues.map((i) => i.path).sort(), [
      "environments[0].activeColor",
      "environments[0].previewVersion",
    ]);
    assert.match(issues[0]!.message, /only applies to a blue\/green game server; set deployment: blueGreen/);
  });

  it("refuses more than one scheduler: replicas has no scheduler key", async () => {
    const issue = onlyIssue(
      await configIssues("dev", { environments: [env({ replicas: { scheduler: 2 } })] }),
    );
    assert.equal(issue.path, "environments[0].replicas.scheduler");
    assert.match(issue.message, /unknown key; allowed: gameserver, league, backoffice/);
  });

  it("rejects autoscaling bounds the wrong way round, and replica counts that are not counts", async () => {
    const reversed = onlyIssue(
      await configIssues("dev", { environments: [env({ replicas: { gameserver: { min: 4, max: 2 } } })] }),
    );
    assert.equal(reversed.path, "environments[0].replicas.gameserver");
    assert.match(reversed.message, /max must be at least min/);
    const bad = onlyIssue(
      await configIssues("dev", { environments: [env({ replicas: { league: "two" } })] }),
    );
    assert.match(
      bad.message,
      /must be a replica count such as 2, or autoscaling bounds such as \{ min: 2, max: 8 \}/,
    );
  });

  it("rejects a memory limit below the request, and quantities that are not quantities", async () => {
    const below = onlyIssue(
      await configIssues("dev", {
        environments: [env({ resources: { league: { memory: "1Gi", memoryLimit: "512Mi" } } })],
      }),
    );
    assert.equal(below.path, "environments[0].resources.league.memoryLimit");
    assert.match(below.message, /512Mi is below the memory request 1Gi/);
    const bad = onlyIssue(
      await configIssues("dev", { environments: [env({ resources: { league: { cpu: "lots" } } })] }),
    );
    assert.equal(bad.path, "environments[0].resources.league.cpu");
    assert.match(bad.message, /CPU quantity/);
  });

  it("rejects a quota the environment's own servers do not fit, with the numbers", async () => {
    const issue = onlyIssue(await configIssues("dev", { environments: [env({ quota: { memory: "4Gi" } })] }));
    assert.equal(issue.path, "environments[0].quota.memory");
    assert.match(
      issue.message,
      /^4 GiB is less than the 5\.25 GiB of memory requests the servers need at full scale during a rollout/,
    );
  });

  it("counts both colours when an environment switches to blue/green", async () => {
    const issue = onlyIssue(
      await configIssues("dev", { environments: [env({ deployment: "blueGreen", quota: { pods: 12 } })] }),
    );
    assert.equal(issue.path, "environments[0].quota.pods");
    assert.match(issue.message, /14 pods/);
  });

  it("rejects a percentage kill value above 100", async () => {
    const issue = onlyIssue(
      await configIssues("dev", {
        environments: [env({ chaos: { mtbfDays: 1, killMode: "fixed-percent", killValue: 150 } })],
      }),
    );
    assert.equal(issue.path, "environments[0].chaos.killValue");
    assert.match(issue.message, /allowed: 1-100/);
  });

  it("rejects host patterns a single wildcard certificate cannot serve", async () => {
    const dotted = onlyIssue(await configIssues("dev", { hostPattern: "{server}.{env}" }));
    assert.equal(dotted.path, "hostPattern");
    assert.match(dotted.message, /single DNS label/);
    const noEnv = onlyIssue(await configIssues("dev", { hostPattern: "{server}" }));
    assert.match(noEnv.message, /both \{server\} and \{env\}/);
  });

  it("rejects an environment whose host names would not fit a DNS label", async () => {
    const issue = onlyIssue(
      await configIssues("dev", {
        hostPattern: "{server}-{env}-games-platform-preview",
        environments: [env({ name: "a".repeat(30) })],
      }),
    );
    assert.equal(issue.path, "environments[0].name");
    assert.match(issue.message, /at most 63/);
  });

  it("requires an image registry and a pinned Couchbase image", async () => {
    const missing = onlyIssue(await configIssues("dev", { images: undefined }));
    assert.equal(missing.path, "images");
    assert.match(missing.message, /is required/);
    const latest = onlyIssue(
      await configIssues("dev", {
        images: { registry: "registry.example.com/game", couchbase: "couchbase/server:latest" },
      }),
    );
    assert.equal(latest.path, "images.couchbase");
    assert.match(latest.message, /pinned tag or digest/);
    const badRegistry = onlyIssue(
      await configIssues("dev", { images: { registry: "https://registry.example.com" } }),
    );
    assert.equal(badRegistry.path, "images.registry");
  });
});

describe("environment config: every problem of every entry at once", () => {
  it("reports a bad name and a Redis DB outside the shared Redis in the same entry", async () => {
    const issues = await configIssues("dev", { environments: [env({ name: "Dev_9", redisDb: 64 })] });
    assert.deepEqual(issues.map((i) => i.path).sort(), ["environments[0].name", "environments[0].redisDb"]);
    assert.match(issues.find((i) => i.path.endsWith("redisDb"))!.message, /64 is outside 1\.\.63/);
  });

  it("runs the rules on the keys that passed while other keys fail", async () => {
    const issues = await configIssues("dev", {
      environments: [
        env({ name: "logging", owner: "nobody", created: "2026-03-01", expires: "2026-02-01" }),
        env({ name: "dev8", redisDb: 9, version: "latest" }),
      ],
    });
    const byPath = Object.fromEntries(issues.map((i) => [i.path, i.message]));
    assert.deepEqual(Object.keys(byPath).sort(), [
      "environments[0].expires",
      "environments[0].name",
      "environments[0].owner",
      "environments[1].redisDb",
      "environments[1].version",
    ]);
    assert.equal(byPath["environments[0].expires"], "2026-02-01 is not after created (2026-03-01)");
    assert.match(byPath["environments[0].name"]!, /"logging" is reserved for the platform/);
    assert.match(byPath["environments[1].redisDb"]!, /9 is already used by environments\[0\] \("logging"\)/);
  });

  it("skips rules whose key failed instead of judging the tier default the entry did not ask for", async () => {
    // deployment fails, so activeColor is not blamed for a rolling release the entry did not ask for.
    const issue = onlyIssue(
      await configIssues("dev", { environments: [env({ deployment: "bluegreen", activeColor: "green" })] }),
    );
    assert.equal(issue.path, "environments[0].deployment");
  });

  it("names an entry that is not a mapping", async () => {
    const issues = await configIssues("dev", { environments: [env(), "dev2", null] });
    assert.deepEqual(
      issues.map((i) => i.path),
      ["environments[1]", "environments[2]"],
    );
    assert.match(
      issues[0]!.message,
      /must be a mapping of environment keys \(name, owner, .*\), got the string "dev2"/,
    );
  });

  it("checks one entry anywhere it is found (the shared check registry files use)", () => {
    const issues: Array<{ path: string; message: string }> = [];
    const checked = checkEnvironmentEntry(
      { ...env({ name: "kube-system", redisDb: 0, version: 1.44 }), extra: 1 },
      ["environments/dev/kube-system.yaml"],
      issues,
    );
    assert.deepEqual(issues.map((i) => i.path).sort(), [
      "environments/dev/kube-system.yaml.extra",
      "environments/dev/kube-system.yaml.name",
      "environments/dev/kube-system.yaml.redisDb",
      "environments/dev/kube-system.yaml.version",
    ]);
    assert.equal(checked.complete, false);
    assert.deepEqual([...checked.failedKeys].sort(), ["redisDb", "version"]);
    assert.equal(checked.fields.name, "kube-system");
  });
});

describe("environment config: values YAML reads as numbers or booleans", () => {
  it("says to quote a version YAML read as a number, and warns the trailing zeros may be gone", async () => {
    const issues = await configIssues("dev", {
      environments: [env({ version: 1.44, gameDataVersion: 2026.12, resourceVersion: 1.4 })],
    });
    assert.equal(
      issues.find((i) => i.path === "environments[0].version")!.message,
      'must be a string; got the number 1.44; YAML read it as a number: quote it ("1.44"); YAML drops trailing zeros (1.40 reads as 1.4): check the quoted digits are the ones you meant',
    );
    assert.match(
      issues.find((i) => i.path === "environments[0].gameDataVersion")!.message,
      /got the number 2026\.12; YAML read it as a number: quote it \("2026\.12"\)/,
    );
    assert.match(
      issues.find((i) => i.path === "environments[0].resourceVersion")!.message,
      /1\.40 reads as 1\.4/,
    );
  });

  it("gives the format instead when the quoted number would still be wrong", async () => {
    const issues = await configIssues("dev", {
      cluster: { ...devCluster(), nodeMonitorGracePeriod: 240, version: 1.3 },
    });
    assert.equal(
      issues.find((i) => i.path === "cluster.nodeMonitorGracePeriod")!.message,
      "must be a duration such as 240s, 4m or 1h30m (units d, h, m, s); got the number 240 (YAML read it as a number, and quoted it would still be wrong)",
    );
    assert.match(
      issues.find((i) => i.path === "cluster.version")!.message,
      /Kubernetes minor version such as "1\.34"; got the number 1\.3 .*YAML drops trailing zeros \(1\.40 reads as 1\.4\)/,
    );
  });

  it("names the allowed value YAML turned into a number, and booleans too", async () => {
    const issues = await configIssues("dev", {
      mysql: { engineVersion: 8.0 },
      environments: [env({ deployment: true })],
    });
    assert.equal(
      issues.find((i) => i.path === "mysql.engineVersion")!.message,
      'must be one of "8.0", "8.4"; got the number 8: YAML read 8.0 as a number and dropped its trailing zeros; quote it ("8.0")',
    );
    assert.equal(
      issues.find((i) => i.path === "environments[0].deployment")!.message,
      'must be one of "rolling", "blueGreen"; got the boolean true (YAML read it as a boolean)',
    );
  });

  it("keeps a schema's own message when a size arrives as a number", async () => {
    const issue = onlyIssue(
      await configIssues("dev", { environments: [env({ resources: { gameserver: { memory: 512 } } })] }),
    );
    assert.match(
      issue.message,
      /^must be a size such as 512Mi or 2Gi; got the number 512; YAML read it as a number/,
    );
  });
});

function devCluster() {
  return JSON.parse(stackConfig("dev").config["game-infra:cluster"]!) as Record<string, unknown>;
}
