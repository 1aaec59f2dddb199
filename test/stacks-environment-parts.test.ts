/**
 * Small parts of an environment's resolution, called directly with literal input: the stack's
 * `images` with default repositories and Couchbase image (stacks/resolve-environment-workloads.ts),
 * host names held to one 63-character DNS label under the host pattern, the game pool's capacity
 * floor at zero, and what an environment stack says when the platform's `environmentSettings` output
 * is missing or in another shape (stacks/environment-settings.ts).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ManagedNodePoolConfig, StackConfig } from "../stacks/config";
import { gamePoolCapacity, parseEnvironmentSettings } from "../stacks/environment-settings";
import { hostNameIssues, resolveImages } from "../stacks/resolve-environment-workloads";

const REGISTRY = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/game";

describe("environment images", () => {
  it("fills in the default repositories and the pinned Couchbase image", () => {
    assert.deepEqual(resolveImages({ registry: REGISTRY }), {
      registry: REGISTRY,
      repositories: {
        gameserver: "gameserver",
        league: "league-server",
        scheduler: "scheduler-server",
        backoffice: "backoffice",
      },
      couchbase: "couchbase/server:7.6.6",
    });
  });

  it("keeps written repositories and image, the others defaulted", () => {
    assert.deepEqual(
      resolveImages({
        registry: REGISTRY,
        repositories: { league: "league" },
        couchbase: "couchbase/server:7.2.4",
      }),
      {
        registry: REGISTRY,
        repositories: {
          gameserver: "gameserver",
          league: "league",
          scheduler: "scheduler-server",
          backoffice: "backoffice",
        },
        couchbase: "couchbase/server:7.2.4",
      },
    );
  });
});

describe("environment host names", () => {
  const name52 = "e".repeat(52);
  const name53 = "e".repeat(53);

  it("takes a name whose longest host is 63 characters under the default pattern", () => {
    assert.deepEqual(hostNameIssues(name52, "rolling", undefined), []);
  });

  it("names each host over 63 characters, with the pattern", () => {
    assert.deepEqual(hostNameIssues(name53, "rolling", undefined), [
      `host "backoffice-${name53}" is 64 characters; a DNS label has at most 63 (hostPattern "{server}-{env}"); use a shorter name or pattern`,
    ]);
    assert.deepEqual(hostNameIssues(name53, "blueGreen", undefined), [
      `host "backoffice-${name53}" is 64 characters; a DNS label has at most 63 (hostPattern "{server}-{env}"); use a shorter name or pattern`,
      `host "game-preview-${name53}" is 66 characters; a DNS label has at most 63 (hostPattern "{server}-{env}"); use a shorter name or pattern`,
    ]);
  });

  it("measures under the stack's own pattern", () => {
    assert.deepEqual(hostNameIssues(name52, "rolling", "{env}{server}"), []);
    // Only the backoffice host is too long: the game host is 60 characters.
    assert.deepEqual(hostNameIssues(name53, "rolling", "{env}-x-{server}"), [
      `host "${name53}-x-backoffice" is 66 characters; a DNS label has at most 63 (hostPattern "{env}-x-{server}"); use a shorter name or pattern`,
    ]);
  });
});

describe("game pool capacity", () => {
  const managed = (maxSize: number): ManagedNodePoolConfig => ({
    name: "game",
    provisioner: "managed",
    instanceTypes: ["m6i.large"],
    capacityType: "ON_DEMAND",
    minSize: 0,
    desiredSize: 0,
    maxSize,
    diskSizeGiB: 40,
    dedicated: true,
    labels: {},
  });
  const logging = (cpuMillicores: number, memoryMiB: number) =>
    ({ requests: { collector: { cpuMillicores, memoryMiB } } }) as unknown as StackConfig["logging"];

  it("is nothing for a managed pool of no nodes, and never below nothing", () => {
    assert.deepEqual(gamePoolCapacity({ nodePools: [managed(0)], logging: logging(50, 64) }), {
      cpu: "0",
      memory: "0",
    });
    assert.deepEqual(gamePoolCapacity({ nodePools: [managed(3)], logging: logging(1_000_000, 1_000_000) }), {
      cpu: "0",
      memory: "0",
    });
  });

  it("needs a game pool", () => {
    assert.throws(
      () => gamePoolCapacity({ nodePools: [{ ...managed(1), name: "system" }], logging: logging(50, 64) }),
      { message: 'the resolved config has no "game" node pool' },
    );
  });
});

describe("environment settings from the platform stack", () => {
  const PLATFORM = "studio/game-infra/dev";
  const update = "update the platform stack to this program version first";

  it("says to update the platform stack when it has no settings output", () => {
    const expected =
      'platform stack studio/game-infra/dev has no "environmentSettings" output: update the platform stack (pulumi up -s dev in the repository root) before its environments';
    assert.equal(parseEnvironmentSettings(undefined, PLATFORM), expected);
    assert.equal(parseEnvironmentSettings(null, PLATFORM), expected);
    assert.equal(
      parseEnvironmentSettings(undefined, "dev"),
      'platform stack dev has no "environmentSettings" output: update the platform stack (pulumi up -s dev in the repository root) before its environments',
    );
  });

  it("names the first key of another shape, or the root", () => {
    assert.equal(
      parseEnvironmentSettings("settings", PLATFORM),
      `platform stack ${PLATFORM} exports "environmentSettings" in a shape this program does not understand ((root): Invalid input: expected object, received string); ${update}`,
    );
    assert.equal(
      parseEnvironmentSettings({ version: 0 }, PLATFORM),
      `platform stack ${PLATFORM} exports "environmentSettings" in a shape this program does not understand (version: Invalid input: expected 1); ${update}`,
    );
  });
});
