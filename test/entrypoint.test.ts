/**
 * The Pulumi entry points, loaded as `pulumi up` loads them (tools/entrypoint-check.cjs: the
 * engine's program location, the nodejs runtime's entry resolution and ts-node with type checking,
 * no tsx), must register exactly what the offline plan registers: the platform project at the
 * repository root (stack qa), and the environment project in environment/ (stack dev.dev1, its
 * StackReference answered with the dev platform's planned outputs).
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { buildPlan } from "../tools/plan/build";
import { buildEnvironmentPlan } from "../tools/plan/build-environment";
import type { Plan } from "../tools/plan/model";
import { ROOT, TEST_TODAY, platformReference } from "./harness";

/** What the check prints. */
interface CheckReport {
  project: string;
  stack: string;
  program: string;
  registered: string[];
  outputs: string[];
}

/** Runs the check in a plain node process (no tsx: only what package.json installs for Pulumi). */
function check(args: string[]): Promise<CheckReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, "tools/entrypoint-check.cjs"), ...args], { cwd: ROOT });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) reject(new Error(`entrypoint-check ${args.join(" ")} exited ${code}:\n${stderr}`));
      else resolve(JSON.parse(stdout.trim().split("\n").pop()!) as CheckReport);
    });
  });
}

/** What a plan registers: its URNs, sorted. */
const urnsOf = (plan: Plan) => plan.resources.map((r) => r.urn).sort();

describe("the Pulumi entry points", () => {
  const dir = mkdtempSync(join(tmpdir(), "entrypoint-"));
  let platform: { report: CheckReport; plan: Plan };
  let environment: { report: CheckReport; plan: Plan };
  before(async () => {
    const devPlatform = await platformReference("dev");
    const references = join(dir, "stack-references.json");
    writeFileSync(references, JSON.stringify({ "organization/game-infra/dev": devPlatform }));
    // Both checks compile the program with type checking; they run side by side while the offline
    // plans are built here.
    const reports = Promise.all([check([".", "qa"]), check(["environment", "dev.dev1", references])]);
    const qaPlan = await buildPlan({ root: ROOT, stack: "qa" });
    const dev1Plan = await buildEnvironmentPlan({
      registryRoot: ROOT,
      tier: "dev",
      environment: "dev1",
      platform: devPlatform,
      today: TEST_TODAY,
    });
    const [qa, dev1] = await reports;
    platform = { report: qa, plan: qaPlan };
    environment = { report: dev1, plan: dev1Plan };
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("runs index.ts of the platform project for stack qa and registers exactly the planned resources", () => {
    assert.equal(platform.report.program, "index.ts");
    assert.equal(platform.report.project, "game-infra");
    assert.deepEqual(platform.report.registered, urnsOf(platform.plan));
    assert.deepEqual(platform.report.outputs, Object.keys(platform.plan.outputs as object).sort());
    assert.ok(platform.report.outputs.includes("environmentSettings"));
  });

  it("runs environment/index.ts (not the repository's main) for stack dev.dev1 and registers exactly its plan", () => {
    assert.equal(environment.report.program, "environment/index.ts");
    assert.equal(environment.report.project, "game-environment");
    assert.deepEqual(environment.report.registered, urnsOf(environment.plan));
    assert.ok(
      environment.report.registered.includes(
        "urn:pulumi:dev.dev1::game-environment::pulumi:pulumi:StackReference::platform",
      ),
    );
    assert.deepEqual(environment.report.outputs, Object.keys(environment.plan.outputs as object).sort());
  });
});
