import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { ROOT } from "./harness";

describe("the Pulumi entry point", () => {
  it("loads through ts-node with type checking, as `pulumi up` runs it, and registers the planned resources", () => {
    // A plain node process: no tsx, only what package.json installs for the Pulumi runtime.
    const result = spawnSync(process.execPath, [join(ROOT, "tools/entrypoint-check.cjs"), "qa"], {
      cwd: ROOT,
      encoding: "utf8",
    });
    assert.equal(result.status, 0, result.stderr);
    const report = JSON.parse(result.stdout.trim().split("\n").pop()!) as {
      registered: number;
      outputs: string[];
    };
    const planned = (
      JSON.parse(readFileSync(join(ROOT, "plans/qa.json"), "utf8")) as { resources: unknown[] }
    ).resources.length;
    assert.equal(report.registered, planned);
    assert.ok(report.outputs.includes("kubeconfig") && report.outputs.includes("environments"));
  });
});
