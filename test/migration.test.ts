/**
 * Migrating a tier whose environments lived in its platform stack (docs/migration.md): what
 * `pulumi state move` makes of the old URNs is exactly what the environment program registers, and
 * the platform's Kubernetes provider, copied along, is aliased by the environment stack's provider.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { legacyClusterProviderUrn } from "../environment/program";
import { runUnderMocks } from "../tools/engine/run";
import { environmentSettings, platformReference, runEnvironmentStack } from "./harness";

/** What `pulumi state move` does to a URN: the stack and project change, the type chain stays. */
function moved(urn: string, stack: string, project: string): string {
  return urn.replace(/^urn:pulumi:[^:]+::[^:]+::/, `urn:pulumi:${stack}::${project}::`);
}

describe("migrating environments out of a platform stack", () => {
  it("registers each environment at the URN its old one moves to", async () => {
    const { registered } = await runEnvironmentStack("dev", "dev1");
    const environment = registered.one("game:index:GameEnvironment", "dev1");
    // The old layout's URN of dev1's GameEnvironment in platform stack dev (a top-level component).
    const old = "urn:pulumi:dev::game-infra::game:index:GameEnvironment::dev1";
    assert.equal(environment.urn, moved(old, "dev.dev1", "game-environment"));
    const data = registered.one("game:index:EnvironmentData", "dev1-data");
    assert.equal(
      data.urn,
      moved(
        "urn:pulumi:dev::game-infra::game:index:GameEnvironment$game:index:EnvironmentData::dev1-data",
        "dev.dev1",
        "game-environment",
      ),
    );
  });

  it("aliases the copy of the platform's Kubernetes provider that the move brings along", async () => {
    await platformReference("dev");
    const settings = await environmentSettings("dev");
    // The platform registers its provider as a child of GameCluster "dev", named dev-k8s.
    const platformProvider =
      "urn:pulumi:dev::game-infra::game:index:GameCluster$pulumi:providers:kubernetes::dev-k8s";
    const run = await runUnderMocks({
      project: "game-environment",
      stack: "dev.dev1",
      config: {},
      program: () => ({ alias: legacyClusterProviderUrn(settings), stack: pulumi.getStack() }),
    });
    assert.equal(run.outputs.alias, moved(platformProvider, "dev.dev1", "game-environment"));
    const { registered } = await runEnvironmentStack("dev", "dev1");
    const provider = registered.one("pulumi:providers:kubernetes", "cluster");
    assert.equal(provider.aliases, 1, "the environment stack's provider declares the alias");
  });
});
