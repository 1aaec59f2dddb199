import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import {
  BOOTSTRAP_BAD_INPUT_EXIT_CODE,
  BOOTSTRAP_SCRIPT,
  MYSQL_CLIENT_IMAGE,
  bootstrapJob,
  type BootstrapJobInput,
} from "../lib/bootstrap-job";
import { databaseName } from "../lib/data-access";
import { graceTolerations } from "../lib/grace";
import {
  MYSQL_USER_MAX_LENGTH,
  bootstrapSql,
  environmentDatabase,
  mysqlUserName,
} from "../lib/mysql-bootstrap-sql";
import { MAX_ENVIRONMENT_NAME_LENGTH } from "../lib/environment/name";
import { validateKubernetesObjects } from "../tools/plan/k8s-validate";

/** The pod spec of a Job built by `bootstrapJob`, in the plain shape the builder writes. */
interface PlainPodSpec {
  containers: {
    image: string;
    securityContext: unknown;
    env: { name: string; value?: string; valueFrom?: { secretKeyRef: { name: string; key: string } } }[];
  }[];
  securityContext: unknown;
  automountServiceAccountToken: boolean;
  tolerations: unknown;
}
const podOf = (job: ReturnType<typeof bootstrapJob>) =>
  (job.spec.template as unknown as { spec: PlainPodSpec }).spec;

/** Splits SQL into statements (the bootstrap SQL has one per line). */
const statements = (sql: string) => sql.split("\n").filter((s) => s.trim() !== "");

/** DNS-1123 labels of at most 40 characters: the environment names config accepts. */
const environmentNames = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,38}[a-z0-9])?$/);

describe("bootstrap SQL", () => {
  const sql = bootstrapSql(environmentDatabase("dev1"));

  it("creates the database and user only when missing, and never drops anything", () => {
    assert.ok(statements(sql).some((s) => s.startsWith("CREATE DATABASE IF NOT EXISTS `game_dev1`")));
    assert.match(sql, /CREATE USER IF NOT EXISTS ''game_dev1''@''%''/);
    assert.doesNotMatch(sql, /\bDROP\s+(DATABASE|SCHEMA|TABLE|USER)\b/i);
    assert.doesNotMatch(sql, /\bDELETE\s+FROM\b|\bTRUNCATE\b/i);
    for (const statement of statements(sql)) {
      assert.match(
        statement,
        /^(CREATE DATABASE IF NOT EXISTS|SET @|PREPARE|EXECUTE|DEALLOCATE PREPARE|REVOKE ALL PRIVILEGES, GRANT OPTION FROM 'game_dev1'@'%'|GRANT )/,
        `not an idempotent statement: ${statement}`,
      );
    }
  });

  it("sets the password on every run (rotation) from @password, with TLS required", () => {
    assert.match(sql, /'ALTER USER ''game_dev1''@''%'' IDENTIFIED BY ', QUOTE\(@password\), ' REQUIRE SSL'/);
    assert.match(
      sql,
      /'CREATE USER IF NOT EXISTS ''game_dev1''@''%'' IDENTIFIED BY ', QUOTE\(@password\), ' REQUIRE SSL'/,
    );
    assert.match(sql, /EXECUTE alter_user;/);
    assert.match(sql, /SET @password = NULL/);
  });

  it("grants only on the environment's own database, never globally or with GRANT OPTION", () => {
    const grants = statements(sql).filter((s) => s.startsWith("GRANT "));
    assert.equal(grants.length, 1);
    // The exact privileges, written out: data, its own schema migrations, views, routines, events
    // and triggers; nothing global (FILE, PROCESS, SUPER, ...), no GRANT OPTION.
    assert.equal(
      grants[0],
      "GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, DROP, INDEX, REFERENCES, CREATE TEMPORARY TABLES, LOCK TABLES, EXECUTE, CREATE VIEW, SHOW VIEW, CREATE ROUTINE, ALTER ROUTINE, EVENT, TRIGGER ON `game_dev1`.* TO 'game_dev1'@'%';",
    );
    assert.doesNotMatch(sql, /ON \*\.\*/);
    assert.doesNotMatch(grants[0]!, /WITH GRANT OPTION|ALL PRIVILEGES/);
    // Resetting first means a grant added by hand never survives the next run.
    const revoke = statements(sql).findIndex((s) => s.startsWith("REVOKE ALL PRIVILEGES"));
    assert.ok(revoke >= 0 && revoke < statements(sql).indexOf(grants[0]!));
  });

  it("maps hyphens to underscores for database and user", () => {
    assert.deepEqual(environmentDatabase("login-dev"), {
      database: "game_login_dev",
      user: "game_login_dev",
    });
    assert.match(
      bootstrapSql(environmentDatabase("login-dev")),
      /ON `game_login_dev`\.\* TO 'game_login_dev'@'%'/,
    );
  });

  it("refuses names that would need quoting inside the SQL", () => {
    assert.throws(
      () => bootstrapSql({ database: "game_x`; DROP DATABASE y; --", user: "game_x" }),
      /must be lower-case/,
    );
    assert.throws(() => bootstrapSql({ database: "game_x", user: "game_x'@'%" }), /must be lower-case/);
  });
});

describe("MySQL user names", () => {
  it("use the database name when it fits, and a stable hashed form when it does not", () => {
    assert.equal(mysqlUserName("dev1"), "game_dev1");
    const long = "a".repeat(MAX_ENVIRONMENT_NAME_LENGTH);
    assert.equal(mysqlUserName(long).length, MYSQL_USER_MAX_LENGTH);
    assert.equal(mysqlUserName(long), mysqlUserName(long));
    assert.notEqual(mysqlUserName(`${"a".repeat(39)}b`), mysqlUserName(`${"a".repeat(39)}c`));
  });

  it("always fit MySQL's 32 characters, are SQL-safe, and differ for different environments", () => {
    fc.assert(
      fc.property(environmentNames, environmentNames, (a, b) => {
        const user = mysqlUserName(a);
        assert.ok(user.length <= MYSQL_USER_MAX_LENGTH);
        assert.match(user, /^[a-z0-9_]+$/);
        assert.ok(databaseName(a).length <= 64);
        if (a !== b) assert.notEqual(user, mysqlUserName(b));
      }),
      { numRuns: 500 },
    );
  });
});

describe("bootstrap Job", () => {
  const input: BootstrapJobInput = {
    environment: "dev1",
    target: environmentDatabase("dev1"),
    host: "game-infra-dev-mysql.abc.eu-west-1.rds.amazonaws.com",
    port: 3306,
    adminSecretName: "mysql-admin",
    userSecretName: "db-bootstrap-dev1",
    serviceAccountName: "db-bootstrap",
    credentialsRevision: 1,
    scheduling: { nodeSelector: { "game-infra/pool": "system" }, tolerations: graceTolerations(240) },
  };

  it("is valid against the upstream Job schema", async () => {
    const job = bootstrapJob(input);
    const manifest = {
      metadata: { name: job.name, namespace: "platform", labels: job.labels },
      spec: job.spec,
    };
    const problems = await validateKubernetesObjects([
      { urn: "urn:job", type: "kubernetes:batch/v1:Job", inputs: JSON.parse(JSON.stringify(manifest)) },
    ]);
    assert.deepEqual(problems, []);
  });

  it("takes passwords from Secrets only, never as literal values", () => {
    const container = podOf(bootstrapJob(input)).containers[0]!;
    const byName = Object.fromEntries(container.env.map((e) => [e.name, e]));
    assert.deepEqual(byName.ADMIN_PASSWORD?.valueFrom, {
      secretKeyRef: { name: "mysql-admin", key: "password" },
    });
    assert.deepEqual(byName.USER_PASSWORD?.valueFrom, {
      secretKeyRef: { name: "db-bootstrap-dev1", key: "password" },
    });
    for (const entry of container.env.filter((e) => /PASSWORD/.test(e.name)))
      assert.equal(entry.value, undefined);
  });

  it("is renamed when anything in its spec changes, so Pulumi replaces the immutable Job", () => {
    const base = bootstrapJob(input).name;
    assert.match(base, /^db-bootstrap-dev1-[0-9a-f]{8}$/);
    assert.equal(bootstrapJob(input).name, base, "same input, same name");
    assert.notEqual(
      bootstrapJob({ ...input, credentialsRevision: 2 }).name,
      base,
      "password rotation re-runs it",
    );
    assert.notEqual(
      bootstrapJob({ ...input, host: "other.rds.amazonaws.com" }).name,
      base,
      "a new endpoint re-runs it",
    );
  });

  it("fits Kubernetes' 63-character names for the longest environment name", () => {
    const env = "a".repeat(MAX_ENVIRONMENT_NAME_LENGTH);
    const job = bootstrapJob({
      ...input,
      environment: env,
      target: environmentDatabase(env),
      userSecretName: `db-bootstrap-${env}`,
    });
    assert.ok(job.name.length <= 63, job.name);
    for (const value of Object.values(job.labels)) assert.ok(value.length <= 63, value);
  });

  it("runs a pinned image as non-root with a read-only root filesystem", () => {
    const pod = podOf(bootstrapJob(input));
    const container = pod.containers[0]!;
    assert.equal(container.image, MYSQL_CLIENT_IMAGE);
    assert.match(MYSQL_CLIENT_IMAGE, /:\d+\.\d+\.\d+$/);
    assert.deepEqual(container.securityContext, {
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ["ALL"] },
    });
    assert.deepEqual(pod.securityContext, {
      runAsNonRoot: true,
      runAsUser: 999,
      runAsGroup: 999,
      seccompProfile: { type: "RuntimeDefault" },
    });
    assert.equal(pod.automountServiceAccountToken, false);
    assert.deepEqual(pod.tolerations, graceTolerations(240));
  });
});

describe("bootstrap script (run with a stand-in mysql client)", () => {
  let dir: string;
  const run = (env: Record<string, string>) =>
    spawnSync("bash", ["-c", BOOTSTRAP_SCRIPT], {
      env: { PATH: `${dir}/bin:/usr/bin:/bin`, TMPDIR: dir, DATABASE: "game_dev1", ...env },
      // From the test's own directory: a relative path the script writes stays inside it.
      cwd: dir,
      encoding: "utf8",
    });
  const credentials = {
    ADMIN_USER: "gameadmin",
    ADMIN_PASSWORD: "AdminPassw0rd",
    USER_PASSWORD: "UserPassw0rd",
    MYSQL_HOST: "db.example.rds.amazonaws.com",
    MYSQL_PORT: "3306",
    BOOTSTRAP_SQL: "SELECT 1;",
  };

  before(() => {
    dir = mkdtempSync(join(tmpdir(), "bootstrap-"));
    spawnSync("mkdir", ["-p", `${dir}/bin`]);
    // Records its arguments, its stdin, and the option file it was pointed at.
    writeFileSync(
      `${dir}/bin/mysql`,
      `#!/bin/bash\nprintf '%s\\n' "$@" > "${dir}/args"\ncat > "${dir}/stdin"\ncp "\${1#--defaults-extra-file=}" "${dir}/options-seen"\n`,
    );
    chmodSync(`${dir}/bin/mysql`, 0o755);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("passes no password on a command line, the admin's in a private option file, the user's on stdin", () => {
    const result = run(credentials);
    assert.equal(result.status, 0, result.stderr);
    const args = readFileSync(`${dir}/args`, "utf8").trim().split("\n");
    assert.deepEqual(args, [`--defaults-extra-file=${dir}/admin.cnf`, "--batch"]);
    assert.ok(!args.join(" ").includes("Passw0rd"));
    assert.equal(statSync(`${dir}/admin.cnf`).mode & 0o777, 0o600);
    assert.match(readFileSync(`${dir}/options-seen`, "utf8"), /^password=AdminPassw0rd$/m);
    assert.match(readFileSync(`${dir}/options-seen`, "utf8"), /^ssl-mode=REQUIRED$/m);
    assert.equal(readFileSync(`${dir}/stdin`, "utf8"), "SET @password = 'UserPassw0rd';\nSELECT 1;\n");
  });

  it("refuses a password it would have to quote, without calling the client", () => {
    rmSync(`${dir}/args`, { force: true });
    const result = run({ ...credentials, USER_PASSWORD: "x'; DROP DATABASE game_dev2; --" });
    assert.equal(result.status, BOOTSTRAP_BAD_INPUT_EXIT_CODE);
    assert.ok(!existsSync(`${dir}/args`));
  });
});
