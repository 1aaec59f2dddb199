/**
 * How a component reports invalid arguments (lib/validation.ts): every problem at once, as the
 * Pulumi engine's InputPropertiesError. Its own file because lib/validation.ts loads the Pulumi SDK
 * (about 2 s of CPU), which the other fast lib suites avoid (docs/mutation.md).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { assertValidArgs } from "../lib/validation";

describe("a component's invalid arguments", () => {
  it("are nothing to throw when there are none", () => {
    assert.doesNotThrow(() => assertValidArgs("Launcher", "launcher", []));
  });

  it("throw one InputPropertiesError naming the component and every property", () => {
    let thrown: unknown;
    try {
      assertValidArgs("Launcher", "stove", [
        { propertyPath: "image", reason: "is not pinned" },
        { propertyPath: "hostLabel", reason: "is taken" },
      ]);
    } catch (error) {
      thrown = error;
    }
    assert.ok(pulumi.InputPropertiesError.isInstance(thrown));
    const error = thrown as pulumi.InputPropertiesError;
    assert.equal(
      error.message,
      'Launcher "stove" has invalid arguments:\n  image: is not pinned\n  hostLabel: is taken',
    );
    assert.deepEqual(error.errors, [
      { propertyPath: "image", reason: "is not pinned" },
      { propertyPath: "hostLabel", reason: "is taken" },
    ]);
  });
});
