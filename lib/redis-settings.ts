/**
 * How the shared Redis is set up: the engine, its parameters and AWS identifiers, as plain data.
 *
 * ElastiCache runs Valkey (the open-source continuation of Redis OSS 7.2, wire-compatible with
 * Redis clients and cheaper than Redis OSS on ElastiCache) in cluster mode *disabled*: numbered
 * logical databases (`SELECT n`) exist only there; cluster mode allows database 0 alone.
 */

/** The cache engine ElastiCache runs. */
export const REDIS_ENGINE = "valkey";
/** Pinned engine version; minor patches arrive through auto minor version upgrade. */
export const REDIS_ENGINE_VERSION = "8.2";
/** The parameter group family of {@link REDIS_ENGINE_VERSION}. */
export const REDIS_PARAMETER_FAMILY = "valkey8";
/** Days ElastiCache keeps automatic snapshots: 0 (off) to 35 (the ElastiCache maximum). */
export const REDIS_SNAPSHOT_RETENTION_DAYS = { min: 0, max: 35 } as const;

/** The port clients connect to (TLS). */
export const REDIS_PORT = 6379;

/**
 * Largest `databases` value ElastiCache accepts: DescribeCacheParameters reports `AllowedValues:
 * "1-1200000"` for it (ChangeType `requires-reboot`). Every logical database costs memory at
 * start-up, so keep the configured count close to what the stack's environments need.
 */
export const REDIS_MAX_DATABASES = 1_200_000;

/** ElastiCache allows at most five read replicas in a cluster-mode-disabled replication group. */
export const REDIS_MAX_REPLICAS = 5;

/** Longest ElastiCache replication group id. */
export const REPLICATION_GROUP_ID_MAX_LENGTH = 40;

/**
 * Commands renamed so that no environment can reach another's data by accident, although they all
 * share one AUTH token: FLUSHALL empties every database, SWAPDB exchanges two of them, MOVE writes
 * a key into another database. ElastiCache only renames (no disabling), to alphanumeric names.
 * FLUSHDB stays: it empties the caller's own database only.
 */
export const RENAMED_COMMANDS: Readonly<Record<string, string>> = {
  FLUSHALL: "GAMEINFRAPLATFORMFLUSHALL",
  SWAPDB: "GAMEINFRAPLATFORMSWAPDB",
  MOVE: "GAMEINFRAPLATFORMMOVE",
};

/** The replication group's parameters: the DB count the stack's environments need, and the renames. */
export function redisParameters(databases: number): { name: string; value: string }[] {
  if (!Number.isInteger(databases) || databases < 2 || databases > REDIS_MAX_DATABASES) {
    throw new RangeError(
      `databases must be a whole number from 2 to ${REDIS_MAX_DATABASES}, got ${databases}`,
    );
  }
  return [
    { name: "databases", value: String(databases) },
    {
      name: "rename-commands",
      value: Object.entries(RENAMED_COMMANDS)
        .map(([command, renamed]) => `${command} ${renamed}`)
        .join(" "),
    },
  ];
}

/** The replication group id (`<prefix>-redis`): lower-case, starting with a letter, at most 40 characters. */
export function replicationGroupId(prefix: string): string {
  return `${prefix}-redis`;
}

/** Problems with a replication group id, by ElastiCache's naming rules; empty when it is valid. */
export function replicationGroupIdProblems(id: string): string[] {
  const problems: string[] = [];
  if (id.length > REPLICATION_GROUP_ID_MAX_LENGTH) {
    problems.push(
      `"${id}" is ${id.length} characters; ElastiCache allows ${REPLICATION_GROUP_ID_MAX_LENGTH}`,
    );
  }
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(id)) {
    problems.push(
      `"${id}" must be lower-case letters, digits and single hyphens, starting with a letter and not ending with a hyphen`,
    );
  }
  return problems;
}
