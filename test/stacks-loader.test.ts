/**
 * Reading the config the engine hands the program (stacks/loader.ts): the `game-infra:` keys by short
 * name, mappings, lists and null decoded from the CLI's JSON text and every scalar kept as written,
 * secrets and other namespaces by name; and `loadStackConfig` ending a bad config as a `RunError`
 * (the message alone, no stack trace). Imports @pulumi/pulumi (about a second to load), so it is
 * kept apart from the suites that do not need it; no resource is registered.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { CONFIG_NAMESPACE, loadStackConfig, readRawConfig } from "../stacks/loader";

/**
 * Mocks for project game-infra, stack dev, and `config` as the engine's config. Called at the start
 * of each test, not once for the file: under `npm test` this suite shares its process with others
 * that set their own mocks and config (test/harness.ts), and the runtime's settings are global.
 */
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

describe("loader: the raw config", () => {
  it("reads the game-infra namespace", () => {
    assert.equal(CONFIG_NAMESPACE, "game-infra");
  });

  it("decodes mappings, lists and null, and keeps every scalar as its text", () => {
    engineConfig(
      {
        "game-infra:domain": "dev.game.example.com",
        "game-infra:network": '{"cidr":"10.20.0.0/16","azCount":3}',
        "game-infra:list": '  ["a", 1]',
        "game-infra:empty": "null",
        "game-infra:spaced": " null",
        "game-infra:version": "1.40",
        "game-infra:flag": "true",
        "game-infra:token": "0123456789012345",
        "game-infra:broken": "{not json",
        "game-infra:braced": "x{}",
        "aws:region": "eu-west-1",
        "kubernetes:context": "kind",
        "game-infraX:typo": "1",
      },
      ["game-infra:token", "aws:region"],
    );
    assert.deepEqual(readRawConfig(), {
      project: "game-infra",
      stack: "dev",
      region: "eu-west-1",
      values: {
        domain: "dev.game.example.com",
        network: { cidr: "10.20.0.0/16", azCount: 3 },
        list: ["a", 1],
        empty: null,
        spaced: " null",
        version: "1.40",
        flag: "true",
        token: "0123456789012345",
        broken: "{not json",
        braced: "x{}",
      },
      secretKeys: ["token"],
      otherKeys: ["aws:region", "game-infraX:typo", "kubernetes:context"],
    });
  });

  it("has no region when aws:region is not set", () => {
    engineConfig({ "game-infra:domain": "x.example.com" }, []);
    assert.deepEqual(readRawConfig(), {
      project: "game-infra",
      stack: "dev",
      region: undefined,
      values: { domain: "x.example.com" },
      secretKeys: [],
      otherKeys: [],
    });
  });
});

describe("loader: loading the stack config", () => {
  it("ends a bad config as a RunError listing every problem, nothing else", () => {
    engineConfig({ "game-infra:domain": "x.example.com", "aws:region": "eu-west-1" }, []);
    assert.throws(
      () => loadStackConfig(),
      (err: unknown) => {
        assert.ok(err instanceof pulumi.RunError, String(err));
        assert.match(
          (err as Error).message,
          /^invalid config for stack "dev" \(\d+ problems; nothing was created\):\n {2}cluster: is required \(pulumi config set game-infra:cluster \.\.\.\)\n/,
        );
        return true;
      },
    );
  });
});
