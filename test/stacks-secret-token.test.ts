/**
 * A Redis AUTH token set with `--secret` is kept, and only as a Pulumi secret Output, never as the
 * plain string (stacks/resolve.ts). Apart from test/stacks-resolve.test.ts because wrapping the
 * secret loads the Pulumi runtime (1-2 s), which that suite's other tests do not need.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { resolveStackConfig } from "../stacks/resolve";
import { rawStackConfig } from "./support/raw-config";

describe("stack config: the Redis AUTH token", () => {
  it("keeps a token set with --secret as a secret Output holding it, never as plain text", async () => {
    const token = "a".repeat(16);
    const c = resolveStackConfig(
      rawStackConfig("dev", { redisAuthToken: token }, { secretKeys: ["redisAuthToken"] }),
    );
    const out = c.redisAuthToken;
    assert.ok(out !== undefined && pulumi.Output.isInstance(out), "an Output, not the string");
    assert.equal(await pulumi.isSecret(out), true, "marked secret");
    const value = await new Promise<string>((resolve) => out.apply((v) => resolve(v)));
    assert.equal(value, token, "holding the configured token");
  });

  it("has no token when none is set", () => {
    assert.equal(resolveStackConfig(rawStackConfig("dev")).redisAuthToken, undefined);
  });
});
