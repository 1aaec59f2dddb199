/**
 * An environment's settings from its registry file (`environments/<tier>/<name>.yaml`): the tier's
 * defaults, per-file overrides, and the errors a file's workload keys get, each reported as
 * `environments/<tier>/<name>.yaml: <key>: <message>`. The platform settings environments are built
 * with (host pattern, images) are platform config and are checked here too.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  committedEnvironment,
  configIssues,
  loadConfig,
  registryIssues,
  resolveTestRegistry,
} from "./harness";
import { devEnvironmentFile } from "./support/registry-file";

const file = devEnvironmentFile;

/** The path a key of environments/dev/dev9.yaml is reported under. */
const at = (key: string) => `environments/dev/dev9.yaml: ${key}`;

/** dev9's resolved settings, with `over` in its file. */
async function dev9(over: Record<string, unknown>) {
  return (await resolveTestRegistry("dev", { dev9: file(over) })).environments[0]!;
}

/** The problems of a dev registry holding only dev9 with `over` in its file. */
const dev9Issues = (over: Record<string, unknown>) => registryIssues("dev", { dev9: file(over) });

/** The one issue at `path`, failing if there is not exactly one issue. */
function onlyIssue(issues: ReadonlyArray<{ path: string; message: string }>): {
  path: string;
  message: string;
} {
  assert.equal(issues.length, 1, JSON.stringify(issues));
  return issues[0]!;
}

describe("environment files: tier defaults and overrides", () => {
  it("rolls the game server on dev and qa and runs it blue/green on stage, with blue active", async () => {
    assert.equal((await committedEnvironment("dev", "dev1")).deployment, "rolling");
    assert.equal((await committedEnvironment("qa", "qa-release")).deployment, "rolling");
    const stage = await committedEnvironment("stage", "stage");
    assert.equal(stage.deployment, "blueGreen");
    assert.equal(stage.activeColor, "blue");
    assert.equal(stage.spread, "required");
    assert.deepEqual(stage.servers.gameserver, {
      replicas: 3,
      maxReplicas: 8,
      cpu: "1",
      memory: "2Gi",
      memoryLimit: "2Gi",
    });
  });

  it("applies per-environment replicas, resources, quota, chaos and release overrides", async () => {
    const e = await dev9({
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
    });
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

  it("defaults credentialsRevision to 1 and keeps a written one", async () => {
    for (const name of ["qa-release", "qa-event"]) {
      assert.equal((await committedEnvironment("qa", name)).credentialsRevision, 1, name);
    }
    assert.equal((await dev9({ credentialsRevision: 3 })).credentialsRevision, 3);
  });
});

describe("platform settings environments are built with", () => {
  it("defaults the host pattern and the image repositories, and takes the registry from config", async () => {
    const config = await loadConfig("qa");
    assert.equal(config.hostPattern, "{server}-{env}");
    assert.equal(config.images.registry, "123456789012.dkr.ecr.eu-west-1.amazonaws.com/game");
    assert.equal(config.images.repositories.league, "league-server");
    assert.equal(config.images.couchbase, "couchbase/server:7.6.6");
  });

  it("rejects host patterns a single wildcard certificate cannot serve", async () => {
    const dotted = onlyIssue(await configIssues("dev", { hostPattern: "{server}.{env}" }));
    assert.equal(dotted.path, "hostPattern");
    assert.match(dotted.message, /single DNS label/);
    const noEnv = onlyIssue(await configIssues("dev", { hostPattern: "{server}" }));
    assert.match(noEnv.message, /both \{server\} and \{env\}/);
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

describe("environment files: errors name the file, the key and what is allowed", () => {
  it("rejects an unknown release strategy", async () => {
    const issue = onlyIssue(await dev9Issues({ deployment: "canary" }));
    assert.equal(issue.path, at("deployment"));
    assert.match(issue.message, /"rolling", "blueGreen"/);
  });

  it("rejects blue/green keys on a rolling environment", async () => {
    const issues = await dev9Issues({ activeColor: "green", previewVersion: "1.1.0" });
    assert.deepEqual(issues.map((i) => i.path).sort(), [at("activeColor"), at("previewVersion")]);
    assert.match(issues[0]!.message, /only applies to a blue\/green game server; set deployment: blueGreen/);
  });

  it("refuses more than one scheduler: replicas has no scheduler key", async () => {
    const issue = onlyIssue(await dev9Issues({ replicas: { scheduler: 2 } }));
    assert.equal(issue.path, at("replicas.scheduler"));
    assert.match(issue.message, /unknown key; allowed: gameserver, league, backoffice/);
  });

  it("rejects autoscaling bounds the wrong way round, and replica counts that are not counts", async () => {
    const reversed = onlyIssue(await dev9Issues({ replicas: { gameserver: { min: 4, max: 2 } } }));
    assert.equal(reversed.path, at("replicas.gameserver"));
    assert.match(reversed.message, /max must be at least min/);
    const bad = onlyIssue(await dev9Issues({ replicas: { league: "two" } }));
    assert.match(
      bad.message,
      /must be a replica count such as 2, or autoscaling bounds such as \{ min: 2, max: 8 \}/,
    );
  });

  it("rejects a memory limit below the request, and quantities that are not quantities", async () => {
    const below = onlyIssue(
      await dev9Issues({ resources: { league: { memory: "1Gi", memoryLimit: "512Mi" } } }),
    );
    assert.equal(below.path, at("resources.league.memoryLimit"));
    assert.match(below.message, /512Mi is below the memory request 1Gi/);
    const bad = onlyIssue(await dev9Issues({ resources: { league: { cpu: "lots" } } }));
    assert.equal(bad.path, at("resources.league.cpu"));
    assert.match(bad.message, /CPU quantity/);
  });

  it("rejects a quota the environment's own servers do not fit, with the numbers", async () => {
    const issue = onlyIssue(await dev9Issues({ quota: { memory: "4Gi" } }));
    assert.equal(issue.path, at("quota.memory"));
    assert.match(
      issue.message,
      /^4 GiB is less than the 5\.25 GiB of memory requests the servers need at full scale during a rollout/,
    );
  });

  it("counts both colours when an environment switches to blue/green", async () => {
    const issue = onlyIssue(await dev9Issues({ deployment: "blueGreen", quota: { pods: 12 } }));
    assert.equal(issue.path, at("quota.pods"));
    assert.match(issue.message, /14 pods/);
  });

  it("rejects a percentage kill value above 100", async () => {
    const issue = onlyIssue(
      await dev9Issues({ chaos: { mtbfDays: 1, killMode: "fixed-percent", killValue: 150 } }),
    );
    assert.equal(issue.path, at("chaos.killValue"));
    assert.match(issue.message, /allowed: 1-100/);
  });

  it("rejects a credentialsRevision below 1", async () => {
    const issue = onlyIssue(await dev9Issues({ credentialsRevision: 0 }));
    assert.equal(issue.path, at("credentialsRevision"));
    assert.match(issue.message, /1 or more; bump it to rotate/);
  });
});

describe("registry files: every problem of every file at once", () => {
  it("reports a bad owner and a Redis DB outside the shared Redis in the same file", async () => {
    const issues = await dev9Issues({ owner: "nobody", redisDb: 64 });
    assert.deepEqual(issues.map((i) => i.path).sort(), [at("owner"), at("redisDb")]);
    assert.match(issues.find((i) => i.path === at("redisDb"))!.message, /64 is outside 1\.\.63/);
  });

  it("runs the rules between keys and files on the keys that passed while other keys fail", async () => {
    const issues = await registryIssues("dev", {
      dev8: file({ owner: "nobody", created: "2026-12-01", expires: "2026-11-30", redisDb: 9 }),
      dev9: file({ version: "latest", team: "nope" }),
    });
    const byPath = Object.fromEntries(issues.map((i) => [i.path, i.message]));
    assert.deepEqual(Object.keys(byPath).sort(), [
      "environments/dev/dev8.yaml: expires",
      "environments/dev/dev8.yaml: owner",
      "environments/dev/dev9.yaml: redisDb",
      "environments/dev/dev9.yaml: team",
      "environments/dev/dev9.yaml: version",
    ]);
    assert.equal(
      byPath["environments/dev/dev8.yaml: expires"],
      "2026-11-30 is not after created (2026-12-01)",
    );
    assert.match(byPath["environments/dev/dev9.yaml: redisDb"]!, /9 is already used by environment "dev8"/);
    assert.match(byPath["environments/dev/dev9.yaml: team"]!, /"nope" is not a team of the dev platform/);
  });

  it("skips rules whose key failed instead of judging the tier default the file did not ask for", async () => {
    // deployment fails, so activeColor is not blamed for a rolling release the file did not ask for.
    const issues = await dev9Issues({ deployment: "bluegreen", activeColor: "green" });
    assert.deepEqual(
      issues.map((i) => i.path),
      [at("deployment")],
    );
  });

  it("names a file that is not a mapping", async () => {
    const issues = await registryIssues("dev", { dev8: "- a list\n", dev9: "just text\n" });
    assert.deepEqual(
      issues.map((i) => i.path),
      ["environments/dev/dev8.yaml", "environments/dev/dev9.yaml"],
    );
    assert.match(
      issues[1]!.message,
      /must be a mapping of settings \(owner, team, .*\), got the string "just text"/,
    );
  });
});

describe("registry files: values YAML reads as numbers or booleans", () => {
  it("says to quote a version YAML read as a number, and warns the trailing zeros may be gone", async () => {
    const issues = await dev9Issues({ version: 1.44, gameDataVersion: 2026.12, resourceVersion: 1.4 });
    assert.equal(
      issues.find((i) => i.path === at("version"))!.message,
      'must be a string; got the number 1.44; YAML read it as a number: quote it ("1.44"); YAML drops trailing zeros (1.40 reads as 1.4): check the quoted digits are the ones you meant',
    );
    assert.match(
      issues.find((i) => i.path === at("gameDataVersion"))!.message,
      /got the number 2026\.12; YAML read it as a number: quote it \("2026\.12"\)/,
    );
    assert.match(issues.find((i) => i.path === at("resourceVersion"))!.message, /1\.40 reads as 1\.4/);
  });

  it("names a boolean YAML read where a release strategy was expected", async () => {
    const issues = await dev9Issues({ deployment: true });
    assert.equal(
      issues.find((i) => i.path === at("deployment"))!.message,
      'must be one of "rolling", "blueGreen"; got the boolean true (YAML read it as a boolean)',
    );
  });

  it("keeps a schema's own message when a size arrives as a number", async () => {
    const issues = await dev9Issues({ resources: { gameserver: { memory: 512 } } });
    assert.equal(issues.length, 1, JSON.stringify(issues));
    assert.match(
      issues[0]!.message,
      /^must be a size such as 512Mi or 2Gi; got the number 512; YAML read it as a number/,
    );
  });
});
