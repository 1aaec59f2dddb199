/**
 * The settings a platform exports for its environments (stacks/environment-settings.ts), computed
 * from the dev stack's resolved config without the Pulumi runtime: teams listed by name whatever
 * order the config holds them in, the working days copied, a toleration of any of the three taint
 * effects taken back by an environment stack, and a wrong nested key named by its dotted path.
 * Mutation-run survivors of 2026-12-02.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { environmentSettingsFromConfig, parseEnvironmentSettings } from "../stacks/environment-settings";
import { resolvedConfig } from "./support/raw-config";

const PLATFORM = "studio/game-infra/dev";
const dev = resolvedConfig("dev");
const devSettings = environmentSettingsFromConfig(dev);

describe("environment settings (s4): from the platform's config", () => {
  it("lists the teams by name, whatever order the config holds them in", () => {
    const teams = { server: dev.teams.server!, ops: dev.teams.balance!, balance: dev.teams.balance! };
    assert.deepEqual(environmentSettingsFromConfig({ ...dev, teams }).teams, ["balance", "ops", "server"]);
  });

  it("gives the working hours with their days", () => {
    assert.deepEqual(devSettings.workingHours, {
      timeZone: "Europe/Berlin",
      days: ["Mon", "Tue", "Wed", "Thu", "Fri"],
      start: "08:00",
      end: "20:00",
    });
  });
});

describe("environment settings (s4): read back by an environment stack", () => {
  it("takes tolerations of each taint effect", () => {
    const effects = ["NoSchedule", "PreferNoSchedule", "NoExecute"] as const;
    const exported = {
      ...devSettings,
      gameScheduling: {
        nodeSelector: { "game-infra/pool": "game" },
        tolerations: effects.map((effect) => ({
          key: "example.com/busy",
          operator: "Exists" as const,
          effect,
        })),
      },
    };
    const read = parseEnvironmentSettings(JSON.parse(JSON.stringify(exported)), PLATFORM);
    assert.notEqual(typeof read, "string", String(read));
    assert.deepEqual(read, exported);
  });

  it("names a wrong nested key by its dotted path", () => {
    const exported = { ...devSettings, images: { ...devSettings.images, registry: 5 } };
    assert.equal(
      parseEnvironmentSettings(exported, PLATFORM),
      `platform stack ${PLATFORM} exports "environmentSettings" in a shape this program does not understand (images.registry: Invalid input: expected string, received number); update the platform stack to this program version first`,
    );
  });
});
