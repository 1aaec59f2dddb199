/**
 * What the mutation run of 2026-12-02 left alive in stacks/loader.ts: a scalar is decoded only when
 * its text starts with `[` or `{` (a quoted scalar with a brace inside stays the text written), and
 * only a config problem becomes a `RunError`: any other failure (here the engine's list of secret
 * keys is not JSON) passes through as itself, with its stack trace. Imports @pulumi/pulumi, which
 * the loader needs, so it is kept apart from the suites that do not; no resource is registered.
 */
import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { loadStackConfig, readRawConfig } from "../stacks/loader";

/** The engine's config as the Pulumi runtime keeps it (the SDK's store; its typings do not export it). */
function engineStore(): { config: Record<string, string> } {
  return (globalThis as unknown as { globalStore: { config: Record<string, string> } }).globalStore;
}

/** Mocks for project game-infra, stack dev, and `config` as the engine's config (set per test: it is global). */
function engineConfig(config: Record<string, string>, secretKeys: string[]): void {
  void pulumi.runtime.setMocks(
    {
      newResource: () => {
        throw new Error("the loader registers no resource");
      },
      call: () => ({}),
    },
    "game-infra",
    "dev",
  );
  pulumi.runtime.setAllConfig(config, secretKeys);
}

afterEach(() => engineConfig({}, []));

describe("loader: decoding the CLI's text", () => {
  it("keeps a quoted scalar with braces or brackets inside as the text written", () => {
    engineConfig({ "game-infra:quoted": '"{x}"', "game-infra:listed": '"[1]"' }, []);
    assert.deepEqual(readRawConfig().values, { quoted: '"{x}"', listed: '"[1]"' });
  });
});

describe("loader: which failures become a RunError", () => {
  it("lets a failure that is no config problem through as itself, not as a RunError", () => {
    engineConfig({ "game-infra:domain": "x.example.com", "aws:region": "eu-west-1" }, []);
    engineStore().config.PULUMI_CONFIG_SECRET_KEYS = "[not json";
    assert.throws(
      () => loadStackConfig(),
      (err: unknown) => {
        assert.ok(err instanceof SyntaxError, String(err));
        assert.equal(err instanceof pulumi.RunError, false);
        return true;
      },
    );
  });
});
