/**
 * Every committed environment's own stack (`<tier>.<env>` of the environment project), run under
 * mocks against its tier's planned platform: what it creates and what it outputs (its preset).
 * Expectations come from the registry files as written (parsed here, not through the program).
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { parse } from "yaml";
import type { EnvironmentStackOutputs } from "../environment/program";
import { ROOT, platformReference, runEnvironmentStack, type Registered } from "./harness";
import { plain, type ConfigMap, type Service } from "./support/k8s";

/** Each tier's domain, as its Pulumi.<tier>.yaml sets it. */
const DOMAINS = {
  dev: "dev.game.example.com",
  qa: "qa.game.example.com",
  stage: "stage.game.example.com",
} as const;

/** Committed environments whose server clock is moved: offset as written, and in seconds (30 days). */
const CLOCK_OFFSETS: Readonly<Record<string, readonly [string, string]>> = {
  "qa-event": ["+720h", String(30 * 24 * 3600)],
};

/** A registry file's values as written. */
interface FileValues {
  owner: string;
  team: string;
  purpose: string;
  version: string;
  redisDb: number;
  created: string;
  expires?: string;
}

/** The committed environment files of a tier, parsed as plain YAML. */
function committedFiles(tier: string): Array<[name: string, values: FileValues]> {
  const dir = join(ROOT, "environments", tier);
  return readdirSync(dir)
    .filter((f) => f.endsWith(".yaml") && !["retired-redis-dbs.yaml", "defaults.yaml"].includes(f))
    .sort()
    .map((f) => [f.slice(0, -".yaml".length), parse(readFileSync(join(dir, f), "utf8")) as FileValues]);
}

/** The ConfigMap every server of a namespace reads. */
function serverSettings(registered: Registered, namespace: string): Record<string, string> {
  return registered
    .ofType("kubernetes:core/v1:ConfigMap")
    .map((r) => plain<ConfigMap>(r))
    .find((c) => c.metadata?.namespace === namespace && c.metadata?.name === "game-env")!.data!;
}

for (const tier of ["dev", "qa", "stage"] as const) {
  const files = committedFiles(tier);

  it(`the ${tier} registry has committed environments to run`, () => {
    assert.ok(files.length > 0);
  });

  for (const [name, file] of files) {
    describe(`the environment stack ${tier}.${name}`, () => {
      let registered: Registered;
      let outputs: EnvironmentStackOutputs;
      let mysqlEndpoint: string;
      before(async () => {
        ({ registered, outputs } = await runEnvironmentStack(tier, name));
        const platform = (await platformReference(tier)).outputs;
        mysqlEndpoint = (platform.dataStores as { mysql: { endpoint: string } }).mysql.endpoint;
      });

      it("creates the one GameEnvironment named after the stack, in its own namespace", () => {
        assert.deepEqual(
          registered.ofType("game:index:GameEnvironment").map((e) => e.name),
          [name],
        );
        assert.deepEqual(
          registered
            .ofType("kubernetes:core/v1:Namespace")
            .map((r) => (r.inputs.metadata as { name: string }).name),
          [name],
        );
      });

      it("gives it the platform's mysql and redis as ExternalName Services in its namespace", () => {
        const services = registered
          .ofType("kubernetes:core/v1:Service")
          .map((r) => plain<Service>(r))
          .filter((s) => s.metadata?.namespace === name && s.spec?.type === "ExternalName");
        assert.deepEqual(services.map((s) => s.metadata?.name).sort(), ["mysql", "redis"]);
        assert.match(mysqlEndpoint, new RegExp(`^game-infra-${tier}-mysql\\..*\\.rds\\.amazonaws\\.com$`));
        assert.equal(services.find((s) => s.metadata?.name === "mysql")!.spec!.externalName, mysqlEndpoint);
      });

      it("outputs its preset: owner, team, purpose, version, Redis DB, dates and URLs", () => {
        assert.equal(outputs.name, name);
        assert.equal(outputs.tier, tier);
        assert.equal(outputs.owner, file.owner);
        assert.equal(outputs.team, file.team);
        assert.equal(outputs.purpose, file.purpose);
        assert.equal(outputs.version, file.version);
        assert.equal(outputs.redisDb, file.redisDb);
        assert.equal(outputs.created, file.created);
        assert.equal(outputs.expires, file.expires);
        assert.equal(outputs.database, `game_${name.replace(/-/g, "_")}`);
        assert.equal(outputs.urls.game, `https://game-${name}.${DOMAINS[tier]}`);
        assert.equal(outputs.urls.backoffice, `https://backoffice-${name}.${DOMAINS[tier]}`);
        assert.deepEqual(outputs.logs, {
          dashboardsUrl: `https://logs.${DOMAINS[tier]}`,
          indexPattern: `logs-${name}.*`,
        });
      });

      it("moves the server clock only where the file says so", () => {
        const data = serverSettings(registered, name);
        const [offset, seconds] = CLOCK_OFFSETS[name] ?? ["0s", "0"];
        assert.deepEqual([data.CLOCK_OFFSET, data.CLOCK_OFFSET_SECONDS], [offset, seconds]);
      });

      if (tier === "stage") {
        it("shows stage's blue/green colour and preview URL", () => {
          assert.equal(outputs.deployment, "blueGreen");
          assert.equal(outputs.activeColor, "blue");
          assert.equal(outputs.urls.gamePreview, "https://game-preview-stage.stage.game.example.com");
        });
      }
    });
  }
}
