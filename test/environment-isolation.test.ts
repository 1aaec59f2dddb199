/**
 * Environments are independent stacks: adding an environment's file changes no other stack's plan
 * (the platform's or another environment's), and removing one changes only its own (its stack goes;
 * everyone else's plan, Redis DB included, stays byte for byte). Each scenario is a copy of the
 * repository's dev stack files and registry in a temp folder, planned as `npm run plan` plans it.
 */
import assert from "node:assert/strict";
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { buildPlatformPlan } from "../tools/plan/build";
import { buildEnvironmentPlan } from "../tools/plan/build-environment";
import { ROOT, TEST_TODAY } from "./paths";

/** A new dev environment's file, in the registry's format. */
const DEV4 = `owner: new.person@studio.example
team: balance
purpose: A fourth environment, added while the others run
version: "1.43.0"
gameDataVersion: "gd-2026.11.3"
resourceVersion: "res-2026.11.1"
redisDb: 4
created: "2026-11-30"
expires: "2026-12-14"
`;

/** Every dev stack's plan as JSON text, by stack name, for a copy of the repository edited by `edit`. */
async function tierPlans(root: string, edit: (registryDir: string) => void): Promise<Map<string, string>> {
  mkdirSync(root, { recursive: true });
  for (const file of ["Pulumi.yaml", "Pulumi.dev.yaml"]) copyFileSync(join(ROOT, file), join(root, file));
  const registryDir = join(root, "environments", "dev");
  cpSync(join(ROOT, "environments", "dev"), registryDir, { recursive: true });
  edit(registryDir);
  const platform = await buildPlatformPlan({ root, stack: "dev" });
  const plans = new Map([["dev", JSON.stringify(platform.plan)]]);
  const registered = readdirSync(registryDir).filter(
    (f) => !["defaults.yaml", "retired-redis-dbs.yaml"].includes(f),
  );
  for (const file of registered.sort()) {
    const environment = file.slice(0, -".yaml".length);
    const plan = await buildEnvironmentPlan({
      registryRoot: root,
      tier: "dev",
      environment,
      platform: platform.reference,
      today: TEST_TODAY,
    });
    plans.set(plan.stack, JSON.stringify(plan));
  }
  return plans;
}

describe("environment stacks are independent of each other", () => {
  const dir = mkdtempSync(join(tmpdir(), "isolation-"));
  let base: Map<string, string>;
  let added: Map<string, string>;
  let removed: Map<string, string>;
  before(async () => {
    base = await tierPlans(join(dir, "base"), () => {});
    added = await tierPlans(join(dir, "added"), (registry) =>
      writeFileSync(join(registry, "dev4.yaml"), DEV4),
    );
    removed = await tierPlans(join(dir, "removed"), (registry) => rmSync(join(registry, "dev2.yaml")));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("plans the platform and one stack per committed file", () => {
    assert.deepEqual([...base.keys()], ["dev", "dev.dev1", "dev.dev2", "dev.login-dev"]);
  });

  it("adding an environment adds its stack and changes no other stack's plan", () => {
    assert.deepEqual([...added.keys()], ["dev", "dev.dev1", "dev.dev2", "dev.dev4", "dev.login-dev"]);
    for (const [stack, plan] of base) assert.equal(added.get(stack), plan, `${stack} changed`);
    assert.match(added.get("dev.dev4")!, /"REDIS_DB":"4"/);
  });

  it("removing an environment removes only its stack: the others, Redis DBs included, stay byte for byte", () => {
    assert.deepEqual([...removed.keys()], ["dev", "dev.dev1", "dev.login-dev"]);
    for (const [stack, plan] of removed) assert.equal(plan, base.get(stack), `${stack} changed`);
    assert.match(removed.get("dev.login-dev")!, /"REDIS_DB":"3"/);
  });
});
