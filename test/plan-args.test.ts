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
      /unknown option -x; allowed: --platform-only, --config-file, --json, --json-dir, --diff, --update, --base, --format, --registry, --today, --detailed-exitcode, --help/,
    );
  });

  it("answers --help and -h with help, whatever else is given", () => {
    assert.equal(parsePlanArgs(["--help"]), "help");
    assert.equal(parsePlanArgs(["dev", "-h"]), "help");
    assert.equal(parsePlanArgs(["--jsn", "--help"]), "help");
  });

  it("refuses --update with --config-file: the committed plan comes from the stack's own settings", () => {
    assert.throws(
      () => parsePlanArgs(["dev", "--update", "--config-file", "other.yaml"]),
      /--update rewrites the committed plans\/dev\.json from Pulumi\.dev\.yaml and cannot take --config-file; to write the plan of other\.yaml, use --json FILE instead/,
    );
    assert.deepEqual(parsePlanArgs(["dev", "--update"]), {
      stacks: ["dev"],
      diff: false,
      update: true,
      format: "text",
    });
  });

  it("takes stack names with dots (environment stacks such as dev.dev1)", () => {
    assert.deepEqual((parsePlanArgs(["dev.dev1", "--diff"]) as { stacks: string[] }).stacks, ["dev.dev1"]);
  });
});

describe("plan arguments for tiers and environment stacks", () => {
  it("takes --platform-only, --json-dir, --registry and --today", () => {
    assert.deepEqual(
      parsePlanArgs([
        "dev",
        "qa.qa-event",
        "--json-dir",
        "out",
        "--registry",
        "fixtures",
        "--today",
        "2026-12-01",
      ]),
      {
        stacks: ["dev", "qa.qa-event"],
        diff: false,
        update: false,
        format: "text",
        jsonDir: "out",
        registry: "fixtures",
        today: "2026-12-01",
      },
    );
    assert.equal(
      (parsePlanArgs(["dev", "--platform-only"]) as { platformOnly?: boolean }).platformOnly,
      true,
    );
  });

  it("refuses --json with --json-dir, and a --today that is not a date", () => {
    assert.throws(
      () => parsePlanArgs(["dev", "--json", "a", "--json-dir", "b"]),
      /--json writes one stack, --json-dir every stack/,
    );
    assert.throws(
      () => parsePlanArgs(["dev", "--today", "tomorrow"]),
      /--today: "tomorrow" is not a date written YYYY-MM-DD/,
    );
  });
});

describe("--detailed-exitcode", () => {
  it("implies a diff", () => {
    const args = parsePlanArgs(["dev", "--platform-only", "--detailed-exitcode"]) as {
      diff: boolean;
      detailedExitCode?: boolean;
    };
    assert.equal(args.diff, true);
    assert.equal(args.detailedExitCode, true);
  });
});
