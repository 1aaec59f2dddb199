// Policy config: resolved as the Pulumi CLI resolves it, and the committed tier files.
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { test } from "node:test";

import { policies } from "../../pack";
import { ConfigError, readConfigFile, resolveConfig, tierConfigFile } from "../../runner/config";

function levelsOf(tier: string): Map<string, string> {
  const resolved = resolveConfig(policies, readConfigFile(tierConfigFile(tier)));
  return new Map([...resolved].map(([name, c]) => [name, c.enforcementLevel]));
}

test("defaults come from each policy's level and config schema", () => {
  const resolved = resolveConfig(policies, {});
  assert.equal(resolved.get("rds-multi-az")?.enforcementLevel, "advisory");
  assert.equal(resolved.get("rds-not-public")?.enforcementLevel, "mandatory");
  assert.deepEqual(resolved.get("rds-backup-retention")?.properties, { minimumDays: 7, exemptions: [] });
});

test("`all` sets every level and a policy's own entry wins over it", () => {
  const resolved = resolveConfig(policies, {
    all: "advisory",
    "rds-multi-az": { enforcementLevel: "mandatory" },
  });
  assert.equal(resolved.get("rds-not-public")?.enforcementLevel, "advisory");
  assert.equal(resolved.get("rds-multi-az")?.enforcementLevel, "mandatory");
});

test("a policy's entry overrides properties one by one and keeps the other defaults", () => {
  const resolved = resolveConfig(policies, { "game-cost-guard": { maxNodesPerGroup: 3 } });
  const properties = resolved.get("game-cost-guard")?.properties as Record<string, unknown>;
  assert.equal(properties.maxNodesPerGroup, 3);
  assert.equal(properties.maxCacheNodes, 3);
});

test("config for a policy the pack does not have is an error (a typo must not disable a rule)", () => {
  assert.throws(
    () => resolveConfig(policies, { "rds-multiaz": "mandatory" }),
    /no policy named rds-multiaz in the pack/,
  );
});

test("an unknown enforcement level is an error naming the policy", () => {
  assert.throws(
    () => resolveConfig(policies, { "rds-multi-az": "blocking" }),
    /rds-multi-az\.enforcementLevel: "blocking" is not one of advisory, mandatory, remediate, disabled/,
  );
});

test("properties are checked against the policy's schema", () => {
  assert.throws(
    () => resolveConfig(policies, { "k8s-min-replicas": { minReplicas: "two" } }),
    (e: unknown) =>
      e instanceof ConfigError && /k8s-min-replicas\.minReplicas: must be of type integer/.test(e.message),
  );
});

test("a property the policy does not declare is an error, such as the grace period's old copy", () => {
  assert.throws(
    () => resolveConfig(policies, { "k8s-grace-period-tolerations": { graceTolerationSeconds: 200 } }),
    (e: unknown) =>
      e instanceof ConfigError &&
      /k8s-grace-period-tolerations\.graceTolerationSeconds: is not a known property/.test(e.message),
  );
  assert.throws(
    () => resolveConfig(policies, { "k8s-min-replicas": { minReplica: 2 } }),
    /k8s-min-replicas\.minReplica: is not a known property/,
  );
});

test("YAML config files read the same as JSON ones", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "policy-config-"));
  const yamlFile = path.join(dir, "stage.yaml");
  writeFileSync(
    yamlFile,
    "rds-multi-az: mandatory\nk8s-min-replicas:\n  enforcementLevel: mandatory\n  minReplicas: 3\n",
  );
  assert.deepEqual(readConfigFile(yamlFile), {
    "rds-multi-az": "mandatory",
    "k8s-min-replicas": { enforcementLevel: "mandatory", minReplicas: 3 },
  });
});

test("every committed tier config is valid for the pack", () => {
  for (const tier of ["dev", "qa", "stage"]) assert.doesNotThrow(() => levelsOf(tier), tier);
});

test("stage is stricter: multi-AZ, deletion protection, final snapshots, failover, replicas and PDBs are mandatory", () => {
  const dev = levelsOf("dev");
  const stage = levelsOf("stage");
  for (const name of [
    "rds-multi-az",
    "rds-deletion-protection",
    "rds-final-snapshot",
    "elasticache-automatic-failover",
    "k8s-min-replicas",
    "k8s-pdb-required",
  ]) {
    assert.equal(dev.get(name), "advisory", `${name} on dev`);
    assert.equal(stage.get(name), "mandatory", `${name} on stage`);
  }
});

test("no tier config holds a copy of the grace period: the stack declares it (W6)", () => {
  for (const tier of ["dev", "qa", "stage"]) {
    const resolved = resolveConfig(policies, readConfigFile(tierConfigFile(tier)));
    assert.deepEqual(resolved.get("k8s-grace-period-tolerations")?.properties, { exemptions: [] }, tier);
  }
});
