import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { E2E_FILES, groupFiles, suiteFiles } from "../tools/test";
import { ROOT } from "./paths";

describe("the test runner (tools/test.ts)", () => {
  it("splits the files into the unit suite and the end-to-end suite, each file in exactly one", () => {
    const all = [
      "test/a.test.ts",
      "test/plan-cli.test.ts",
      "policy/test/pack.test.ts",
      "test/envs-cli.test.ts",
    ];
    assert.deepEqual(suiteFiles("unit", all), ["test/a.test.ts", "policy/test/pack.test.ts"]);
    assert.deepEqual(suiteFiles("e2e", all), ["test/plan-cli.test.ts", "test/envs-cli.test.ts"]);
    assert.deepEqual(suiteFiles("all", all), all);
  });

  it("names only end-to-end files that exist", () => {
    for (const file of E2E_FILES) assert.ok(existsSync(join(ROOT, file)), file);
  });

  it("balances groups by weight, the heaviest file first into the lightest group", () => {
    const groups = groupFiles(
      ["test/plan-cli.test.ts", "test/envs-cli.test.ts", "test/x.test.ts", "test/y.test.ts"],
      2,
    );
    // plan-cli (60) alone; envs-cli (35) with the two light files (2 each).
    assert.deepEqual(groups, [
      ["test/plan-cli.test.ts"],
      ["test/envs-cli.test.ts", "test/x.test.ts", "test/y.test.ts"],
    ]);
    assert.deepEqual(groupFiles(["test/x.test.ts"], 3), [["test/x.test.ts"]], "no empty groups");
  });
});
