/** How the shared MySQL (RDS) is set up: versions, parameters, monitoring support and AWS identifiers, as plain data. */

/** The RDS for MySQL major versions the program can configure (each has its own parameter group family). */
export const MYSQL_ENGINE_VERSIONS = ["8.0", "8.4"] as const;
/** One of {@link MYSQL_ENGINE_VERSIONS}. */
export type MysqlEngineVersion = (typeof MYSQL_ENGINE_VERSIONS)[number];

/** The port clients connect to. */
export const MYSQL_PORT = 3306;

/** The RDS admin user: not a well-known name such as `admin` or `root` (catalogue R12). */
export const MYSQL_ADMIN_USER = "gameadmin";

/** Log types exported to CloudWatch Logs. `general` would log every statement, passwords of SET included. */
export const MYSQL_LOG_EXPORTS = ["error", "slowquery"] as const;

/** The parameter group family of a MySQL major version (`8.0` -> `mysql8.0`). */
export function mysqlParameterFamily(version: MysqlEngineVersion): string {
  return `mysql${version}`;
}

/**
 * Server parameters: utf8mb4 throughout, TLS required for every connection, idle connections
 * closed after 30 minutes (game servers pool and re-validate; a crashed pod's connections must not
 * pile up for the default 8 hours), DDL that gives up on a metadata lock after a minute instead of a
 * year, and a slow-query log written to files (RDS defaults to a table) so CloudWatch can collect it.
 */
export function mysqlParameters(): {
  name: string;
  value: string;
  applyMethod: "immediate" | "pending-reboot";
}[] {
  const immediate = (name: string, value: string) => ({ name, value, applyMethod: "immediate" as const });
  return [
    immediate("character_set_server", "utf8mb4"),
    immediate("collation_server", "utf8mb4_0900_ai_ci"),
    immediate("require_secure_transport", "1"),
    immediate("wait_timeout", "1800"),
    immediate("interactive_timeout", "1800"),
    immediate("lock_wait_timeout", "60"),
    immediate("slow_query_log", "1"),
    immediate("long_query_time", "1"),
    immediate("log_output", "FILE"),
  ];
}

/**
 * Instance classes Database Insights / Performance Insights does not support for RDS for MySQL
 * (RDS User Guide, "Amazon RDS DB engine, Region, and instance class support for Database Insights").
 */
export const PERFORMANCE_INSIGHTS_UNSUPPORTED_CLASSES: readonly string[] = [
  "db.t2.micro",
  "db.t2.small",
  "db.t3.micro",
  "db.t3.small",
  "db.t4g.micro",
  "db.t4g.small",
];

/** Whether Performance Insights can be turned on for an instance class. */
export function supportsPerformanceInsights(instanceClass: string): boolean {
  return !PERFORMANCE_INSIGHTS_UNSUPPORTED_CLASSES.includes(instanceClass);
}

/** Longest RDS DB instance identifier. */
export const DB_INSTANCE_IDENTIFIER_MAX_LENGTH = 63;

/** The RDS instance identifier (`<prefix>-mysql`); it also names the instance's CloudWatch log groups. */
export function dbInstanceIdentifier(prefix: string): string {
  return `${prefix}-mysql`;
}

/** Problems with a DB instance identifier, by RDS's naming rules; empty when it is valid. */
export function dbInstanceIdentifierProblems(id: string): string[] {
  const problems: string[] = [];
  if (id.length > DB_INSTANCE_IDENTIFIER_MAX_LENGTH) {
    problems.push(`"${id}" is ${id.length} characters; RDS allows ${DB_INSTANCE_IDENTIFIER_MAX_LENGTH}`);
  }
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(id)) {
    problems.push(
      `"${id}" must be lower-case letters, digits and single hyphens, starting with a letter and not ending with a hyphen`,
    );
  }
  return problems;
}

/** CloudWatch log groups RDS writes the exported logs to; created first so they get a retention. */
export function mysqlLogGroupNames(identifier: string): string[] {
  return MYSQL_LOG_EXPORTS.map((type) => `/aws/rds/instance/${identifier}/${type}`);
}

/** Smallest storage autoscaling headroom RDS accepts: the ceiling must be at least 10 % above the allocation. */
export function minimumMaxAllocatedStorage(allocatedStorageGiB: number): number {
  return Math.ceil((allocatedStorageGiB * 11) / 10);
}
