/**
 * Resolves the `mysql` and `redis` keys against the tier profile and checks the rules that need
 * both the written values and the tier's: storage autoscaling headroom, and the tier's data store
 * floor (`protection.dataStoreFloor` in the tier profile: on stage a standby, deletion protection, a
 * week of backups, a Redis replica).
 */
import { MYSQL_BACKUP_RETENTION_DAYS, minimumMaxAllocatedStorage } from "../lib/mysql-settings";
import type { MysqlConfig, RedisConfig } from "./config";
import type { ConfigIssue } from "./errors";
import type { StackConfigInput } from "./schema";
import type { TierProfile } from "./tier";

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
  const floor = profile.protection.dataStoreFloor;
  if (floor) {
    const why = floor.reason;
    const tier = profile.name;
    if (floor.requireMysqlStandbyAndProtection) {
      const required = [
        ["mysql.multiAz", mysql.multiAz],
        ["mysql.deletionProtection", mysql.deletionProtection],
        ["mysql.finalSnapshot", mysql.finalSnapshot],
      ] as const;
      for (const [path, on] of required) {
        if (!on) issues.push({ path, message: `must be true on ${tier} (${why})` });
      }
    }
    if (mysql.backupRetentionDays < floor.minBackupRetentionDays) {
      issues.push({
        path: "mysql.backupRetentionDays",
        message: `${mysql.backupRetentionDays} is too short for ${tier}; allowed: ${floor.minBackupRetentionDays}-${MYSQL_BACKUP_RETENTION_DAYS.max} days`,
      });
    }
    if (floor.requireMysqlStandbyAndProtection && !redis.finalSnapshot) {
      issues.push({ path: "redis.finalSnapshot", message: `must be true on ${tier} (${why})` });
    }
    if (redis.replicas < floor.minRedisReplicas) {
      issues.push({
        path: "redis.replicas",
        message: `must be ${floor.minRedisReplicas} or more on ${tier}: automatic failover and multi-AZ need a replica (${why})`,
      });
    }
  }
  return { mysql, redis };
}
