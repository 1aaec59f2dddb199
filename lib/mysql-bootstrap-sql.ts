/**
 * The SQL that gives an environment its own MySQL database and user, and nothing else.
 *
 * Every statement is idempotent, so the bootstrap Job can run again at any time (a new password, a
 * changed grant list) without touching data: the database and user are created only when missing,
 * the password is (re)set, and the user's privileges are reset to exactly the listed ones on its own
 * database. Nothing here ever drops anything; purging an environment's data is a deliberate manual
 * step (docs/data-stores.md, "Removing an environment does not delete its data").
 *
 * The password is not part of the text: the Job's script sets the session variable `@password`
 * from a Secret first, and the statements that need it are built with `QUOTE(@password)` and run as
 * prepared statements, so the SQL can live in a manifest and a plan without revealing anything.
 */
import { createHash } from "node:crypto";
import { databaseName } from "./data-access";

/** Longest MySQL user name (MySQL 5.7.8 and later). */
export const MYSQL_USER_MAX_LENGTH = 32;
/** Longest MySQL database name. */
export const MYSQL_DATABASE_MAX_LENGTH = 64;

/**
 * What an environment's user may do on its own database: read and write data, and run its own
 * schema migrations. No global privileges, no GRANT OPTION, nothing on any other database.
 */
export const ENVIRONMENT_PRIVILEGES = [
  "SELECT",
  "INSERT",
  "UPDATE",
  "DELETE",
  "CREATE",
  "ALTER",
  "DROP",
  "INDEX",
  "REFERENCES",
  "CREATE TEMPORARY TABLES",
  "LOCK TABLES",
  "EXECUTE",
  "CREATE VIEW",
  "SHOW VIEW",
  "CREATE ROUTINE",
  "ALTER ROUTINE",
  "EVENT",
  "TRIGGER",
] as const;

/**
 * The environment's MySQL user: its database name (`game_<env>`) when that fits MySQL's 32
 * characters, otherwise a prefix of it plus a hash of the environment name, so long names stay
 * unique and stable.
 */
export function mysqlUserName(environment: string): string {
  const name = databaseName(environment);
  if (name.length <= MYSQL_USER_MAX_LENGTH) return name;
  const hash = createHash("sha256").update(environment).digest("hex").slice(0, 8);
  return `${name.slice(0, MYSQL_USER_MAX_LENGTH - hash.length - 1)}_${hash}`;
}

/** The database and user one environment's bootstrap creates. */
export interface EnvironmentDatabase {
  readonly database: string;
  readonly user: string;
}

/** The database and user of an environment, by name. */
export function environmentDatabase(environment: string): EnvironmentDatabase {
  return { database: databaseName(environment), user: mysqlUserName(environment) };
}

/** Problems with a database or user name that would make the SQL unsafe or invalid; empty when fine. */
export function environmentDatabaseProblems(target: EnvironmentDatabase): string[] {
  const problems: string[] = [];
  // Names are spliced into SQL, so only characters that never need escaping are allowed.
  if (!/^[a-z0-9_]+$/.test(target.database) || target.database.length > MYSQL_DATABASE_MAX_LENGTH) {
    problems.push(
      `database "${target.database}" must be lower-case letters, digits and '_', at most ${MYSQL_DATABASE_MAX_LENGTH} characters`,
    );
  }
  if (!/^[a-z0-9_]+$/.test(target.user) || target.user.length > MYSQL_USER_MAX_LENGTH) {
    problems.push(
      `user "${target.user}" must be lower-case letters, digits and '_', at most ${MYSQL_USER_MAX_LENGTH} characters`,
    );
  }
  return problems;
}

/** A statement that needs the password: built with `QUOTE(@password)` and run as a prepared statement. */
function withPassword(
  label: string,
  statementBeforePassword: string,
  statementAfterPassword: string,
): string[] {
  const literal = (sql: string) => `'${sql.replace(/'/g, "''")}'`;
  return [
    `SET @${label} = CONCAT(${literal(statementBeforePassword)}, QUOTE(@password), ${literal(statementAfterPassword)});`,
    `PREPARE ${label} FROM @${label};`,
    `EXECUTE ${label};`,
    `DEALLOCATE PREPARE ${label};`,
  ];
}

/**
 * The bootstrap SQL for one environment: database, user (TLS required), password, and privileges
 * on that database only. Expects `@password` to be set in the session beforehand.
 */
export function bootstrapSql(target: EnvironmentDatabase): string {
  const problems = environmentDatabaseProblems(target);
  if (problems.length > 0) throw new Error(`cannot build bootstrap SQL: ${problems.join("; ")}`);
  const db = `\`${target.database}\``;
  const account = `'${target.user}'@'%'`;
  return [
    `CREATE DATABASE IF NOT EXISTS ${db} CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci;`,
    ...withPassword("create_user", `CREATE USER IF NOT EXISTS ${account} IDENTIFIED BY `, " REQUIRE SSL"),
    // ALTER as well as CREATE: an existing user gets the current password (rotation) and TLS requirement.
    ...withPassword("alter_user", `ALTER USER ${account} IDENTIFIED BY `, " REQUIRE SSL"),
    // Reset to exactly the grant below, whatever was granted by hand since.
    `REVOKE ALL PRIVILEGES, GRANT OPTION FROM ${account};`,
    `GRANT ${ENVIRONMENT_PRIVILEGES.join(", ")} ON ${db}.* TO ${account};`,
    "SET @password = NULL, @create_user = NULL, @alter_user = NULL;",
  ].join("\n");
}
