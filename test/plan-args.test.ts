import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parsePlanArgs } from "../tools/plan/args";

describe("npm run plan arguments", () => {
  it("keeps the one-stack forms", () => {
    assert.deepEqual(parsePlanArgs(["dev", "--json", "out.json", "--diff"]), {
      stacks: ["dev"],
      json: "out.json",
      diff: true,
      update: false,
      format: "text",
    });
  });

  it("takes several stacks, a base ref and a format, which imply --diff", () => {
    assert.deepEqual(parsePlanArgs(["dev", "qa", "stage", "--base", "origin/main", "--format=markdown"]), {
      stacks: ["dev", "qa", "stage"],
      diff: true,
      update: false,
      base: "origin/main",
      format: "markdown",
    });
  });

  it("names what is wrong with a bad argument", () => {
    assert.throws(
      () => parsePlanArgs(["dev", "--format", "html"]),
      /--format: "html" is not one of text, markdown/,
    );
    assert.throws(() => parsePlanArgs(["dev", "--base"]), /--base needs a git ref/);
    assert.throws(
      () => parsePlanArgs(["dev", "qa", "--json", "x"]),
      /--json takes a single stack; got dev, qa/,
    );
    assert.throws(() => parsePlanArgs(["--diff"]), /missing <stack>/);
    assert.throws(
      () => parsePlanArgs(["dev", "-x"]),
      /unknown option -x; allowed: --config-file, --json, --diff, --update, --base, --format/,
    );
  });
});
