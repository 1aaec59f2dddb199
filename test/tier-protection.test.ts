/**
 * Tier differences live in the tier profiles (`protection` in stacks/tiers/*.ts): the program and
 * config validation read them there. The policy pack's per-tier config (policy/config/<tier>.json) is
 * JSON that `pulumi preview --policy-pack-config` reads and cannot import the profile, so this test
 * holds it to the profile instead.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { TIER_NAMES } from "../stacks/tier";
import { TIERS } from "../stacks/tiers";
import { ROOT, loadConfig } from "./harness";

describe("tier protection: one home in the tier profiles", () => {
  it("protects stage like production and leaves dev and qa cheap to rebuild (literal values)", () => {
    assert.deepEqual(TIERS.dev.protection, {
      clusterDeletionProtection: false,
      applyDataStoreChangesImmediately: true,
    });
    assert.deepEqual(TIERS.qa.protection, {
      clusterDeletionProtection: false,
      applyDataStoreChangesImmediately: true,
    });
    const stage = TIERS.stage.protection;
    assert.equal(stage.clusterDeletionProtection, true);
    assert.equal(stage.applyDataStoreChangesImmediately, false);
    assert.equal(stage.dataStoreFloor?.requireMysqlStandbyAndProtection, true);
    assert.equal(stage.dataStoreFloor?.minBackupRetentionDays, 7);
    assert.equal(stage.dataStoreFloor?.minRedisReplicas, 1);
  });

  it("reaches the resolved stack config of each committed stack", async () => {
    for (const [stack, deletion, immediately] of [
      ["dev", false, true],
      ["qa", false, true],
      ["stage", true, false],
    ] as const) {
      const config = await loadConfig(stack);
      assert.equal(config.cluster.deletionProtection, deletion, `${stack}: cluster.deletionProtection`);
      assert.equal(config.applyDataStoreChangesImmediately, immediately, `${stack}: store changes`);
    }
  });

  it("is what each tier's policy config enforces: the floor's settings mandatory, its backup days the minimum", () => {
    for (const tier of TIER_NAMES) {
      const config = JSON.parse(
        readFileSync(join(ROOT, "policy", "config", `${tier}.json`), "utf8"),
      ) as Record<string, unknown>;
      const floor = TIERS[tier].protection.dataStoreFloor;
      const level = (name: string) => {
        const entry = config[name];
        return typeof entry === "string"
          ? entry
          : (entry as { enforcementLevel?: string } | undefined)?.enforcementLevel;
      };
      const minimumDays = (config["rds-backup-retention"] as { minimumDays?: number } | undefined)
        ?.minimumDays;
      if (floor) {
        const mandatory = floor.requireMysqlStandbyAndProtection
          ? ["rds-multi-az", "rds-deletion-protection", "rds-final-snapshot"]
          : [];
        if (floor.minRedisReplicas >= 1) mandatory.push("elasticache-automatic-failover");
        for (const name of mandatory) assert.equal(level(name), "mandatory", `${tier}: ${name}`);
        assert.equal(minimumDays, floor.minBackupRetentionDays, `${tier}: rds-backup-retention.minimumDays`);
      } else {
        // No floor: the policy may not demand more than the tier's own default gives.
        for (const name of ["rds-multi-az", "rds-deletion-protection", "rds-final-snapshot"]) {
          assert.notEqual(level(name), "mandatory", `${tier}: ${name} is not mandatory without a floor`);
        }
        assert.ok(
          (minimumDays ?? 0) <= TIERS[tier].mysql.backupRetentionDays,
          `${tier}: minimumDays ${minimumDays} within the tier's default backups`,
        );
      }
    }
  });
});
