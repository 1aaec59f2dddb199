/**
 * Resolves the `mysql` and `redis` keys against the tier profile and checks the rules that need
 * both the written values and the tier's: storage autoscaling headroom, and what the stage tier
 * may not be without (a standby, deletion protection, a week of backups, a Redis replica).
 */
import { minimumMaxAllocatedStorage } from "../lib/mysql-settings";
import type { MysqlConfig, RedisConfig } from "./config";
import type { ConfigIssue } from "./errors";
import type { StackConfigInput } from "./schema";
import type { TierProfile } from "./tier";

/** Smallest backup retention the stage tier accepts, in days. */
export const STAGE_MIN_BACKUP_RETENTION_DAYS = 7;

/** The data stores' config with every default resolved; problems are appended to `issues`. */
export function resolveDataStores(
  profile: TierProfile,
  input: Pick<Partial<StackConfigInput>, "mysql" | "redis">,
  databases: number,
  issues: ConfigIssue[],
): { mysql: MysqlConfig; redis: RedisConfig } {
  const written = input.mysql ?? {};
  const mysql: MysqlConfig = {
    engineVersion: written.engineVersion ?? profile.mysql.engineVersion,
    instanceClass: written.instanceClass ?? profile.mysql.instanceClass,
    allocatedStorageGiB: written.allocatedStorageGiB ?? profile.mysql.allocatedStorageGiB,
    maxAllocatedStorageGiB: written.maxAllocatedStorageGiB ?? profile.mysql.maxAllocatedStorageGiB,
    backupRetentionDays: written.backupRetentionDays ?? profile.mysql.backupRetentionDays,
    multiAz: written.multiAz ?? profile.mysql.multiAz,
    deletionProtection: written.deletionProtection ?? profile.mysql.deletionProtection,
    finalSnapshot: written.finalSnapshot ?? profile.mysql.finalSnapshot,
  };
  const writtenRedis = input.redis ?? {};
  const redis: RedisConfig = {
    databases,
    nodeType: writtenRedis.nodeType ?? profile.redis.nodeType,
    replicas: writtenRedis.replicas ?? profile.redis.replicas,
    snapshotRetentionDays: writtenRedis.snapshotRetentionDays ?? profile.redis.snapshotRetentionDays,
    finalSnapshot: writtenRedis.finalSnapshot ?? profile.redis.finalSnapshot,
  };

  const headroom = minimumMaxAllocatedStorage(mysql.allocatedStorageGiB);
  if (mysql.maxAllocatedStorageGiB < headroom) {
    issues.push({
      path: "mysql.maxAllocatedStorageGiB",
      message: `${mysql.maxAllocatedStorageGiB} leaves storage autoscaling no room above allocatedStorageGiB ${mysql.allocatedStorageGiB}; RDS needs at least 10 % more: ${headroom} or more`,
    });
  }
  if (profile.name === "stage") {
    const why = "the stage tier is sized and protected like production; use tier qa for a cheaper stack";
    if (!mysql.multiAz) issues.push({ path: "mysql.multiAz", message: `must be true on stage (${why})` });
    if (!mysql.deletionProtection) {
      issues.push({ path: "mysql.deletionProtection", message: `must be true on stage (${why})` });
    }
    if (!mysql.finalSnapshot)
      issues.push({ path: "mysql.finalSnapshot", message: `must be true on stage (${why})` });
    if (mysql.backupRetentionDays < STAGE_MIN_BACKUP_RETENTION_DAYS) {
      issues.push({
        path: "mysql.backupRetentionDays",
        message: `${mysql.backupRetentionDays} is too short for stage; allowed: ${STAGE_MIN_BACKUP_RETENTION_DAYS}-35 days`,
      });
    }
    if (!redis.finalSnapshot)
      issues.push({ path: "redis.finalSnapshot", message: `must be true on stage (${why})` });
    if (redis.replicas < 1) {
      issues.push({
        path: "redis.replicas",
        message: `must be 1 or more on stage: automatic failover and multi-AZ need a replica (${why})`,
      });
    }
  }
  return { mysql, redis };
}
