import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import type { StackOutputs } from "../program";
import type { StackConfig } from "../stacks/config";
import { resolveOutputs, runStack, type Registered } from "./harness";
import { plain, type ConfigMap, type Service } from "./support/k8s";

interface PresetJson {
  name: string;
  owner: string;
  purpose: string;
  version: string;
  expires?: string;
  clockOffset: string;
  deployment: string;
  activeColor?: string;
  urls: Record<string, string>;
}

for (const stack of ["dev", "qa", "stage"]) {
  describe(`the ${stack} stack's environments`, () => {
    let registered: Registered;
    let outputs: StackOutputs;
    let config: StackConfig;
    let presets: PresetJson[];
    before(async () => {
      ({ registered, outputs, config } = await runStack(stack));
      presets = (await resolveOutputs(outputs.environments)) as unknown as PresetJson[];
    });

    it("creates one GameEnvironment per configured environment, after the cluster and its add-ons", () => {
      const environments = registered.ofType("game:index:GameEnvironment");
      assert.deepEqual(environments.map((e) => e.name).sort(), config.environments.map((e) => e.name).sort());
      const lbController = registered.resources.find(
        (r) => r.name.endsWith("-aws-load-balancer-controller") && r.type === "kubernetes:helm.sh/v3:Release",
      );
      const storageClass = registered.one("kubernetes:storage.k8s.io/v1:StorageClass");
      for (const env of environments) {
        assert.ok(
          env.dependsOn.includes(lbController!.urn),
          `${env.name} waits for the load balancer controller`,
        );
        assert.ok(env.dependsOn.includes(storageClass.urn), `${env.name} waits for the gp3 StorageClass`);
      }
    });

    it("gives each environment the shared data stores' mysql and redis Services in its own namespace", () => {
      for (const env of config.environments) {
        const services = registered
          .ofType("kubernetes:core/v1:Service")
          .map((r) => plain<Service>(r))
          .filter((s) => s.metadata?.namespace === env.name && s.spec?.type === "ExternalName");
        assert.deepEqual(services.map((s) => s.metadata?.name).sort(), ["mysql", "redis"], env.name);
        assert.match(
          services.find((s) => s.metadata?.name === "mysql")!.spec!.externalName!,
          /\.rds\.amazonaws\.com$/,
        );
      }
    });

    it("lists every environment with owner, purpose, version, URLs and expiry in the stack outputs", () => {
      assert.deepEqual(
        presets.map((p) => p.name),
        config.environments.map((e) => e.name),
      );
      for (const [i, env] of config.environments.entries()) {
        const preset = presets[i]!;
        assert.equal(preset.owner, env.owner);
        assert.equal(preset.purpose, env.purpose);
        assert.equal(preset.version, env.version);
        assert.equal(preset.expires, env.expires);
        assert.equal(preset.urls.game, `https://game-${env.name}.${config.domain}`);
        assert.equal(preset.urls.backoffice, `https://backoffice-${env.name}.${config.domain}`);
      }
    });

    if (stack === "qa") {
      it("moves only the qa-event environment's clock", () => {
        const data = (ns: string) =>
          registered
            .ofType("kubernetes:core/v1:ConfigMap")
            .map((r) => plain<ConfigMap>(r))
            .find((c) => c.metadata?.namespace === ns && c.metadata?.name === "game-env")!.data!;
        assert.equal(data("qa-event").CLOCK_OFFSET, "+720h");
        assert.equal(data("qa-event").CLOCK_OFFSET_SECONDS, String(30 * 24 * 3600));
        assert.equal(data("qa-release").CLOCK_OFFSET, "0s");
      });
    }

    if (stack === "stage") {
      it("shows stage's blue/green colour and preview URL", () => {
        const [preset] = presets;
        assert.equal(preset?.deployment, "blueGreen");
        assert.equal(preset?.activeColor, "blue");
        assert.equal(preset?.urls.gamePreview, "https://game-preview-stage.stage.game.example.com");
      });
    }
  });
}
