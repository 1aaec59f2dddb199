/**
 * Literal tests of the small top-level `lib/` modules: names and tags (`naming.ts`), quantities
 * (`quantity.ts`), typo distance (`edit-distance.ts`), the instance-type table
 * (`instance-types.ts`), ALB rule value counting (`alb-rules.ts`), region messages (`regions.ts`),
 * the pinned charts (`charts.ts`), the MySQL and Redis settings (`mysql-settings.ts`,
 * `redis-settings.ts`), the bootstrap SQL (`mysql-bootstrap-sql.ts`) and the bootstrap Job
 * (`bootstrap-job.ts`). Every expectation is a literal worked out by hand: each boundary from both
 * sides, and each message word for word.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ingressPathConditionValues, maxSourceIpValues, sourceIpLimitReason } from "../lib/alb-rules";
import {
  BOOTSTRAP_BAD_INPUT_EXIT_CODE,
  BOOTSTRAP_COMPONENT,
  CREDENTIALS_REVISION_ANNOTATION,
  MYSQL_CLIENT_IMAGE,
  bootstrapJob,
  bootstrapJobName,
  bootstrapLabels,
  specFingerprint,
  type BootstrapJobInput,
} from "../lib/bootstrap-job";
import {
  ARC_CONTROLLER_CHART,
  ARC_SCALE_SET_CHART,
  AWS_LOAD_BALANCER_CONTROLLER_CHART,
  EXTERNAL_DNS_CHART,
  KARPENTER_CHART,
  KARPENTER_CRD_CHART,
  KUBE_GREEN_CHART,
} from "../lib/charts";
import { editDistance, nearest } from "../lib/edit-distance";
import { INSTANCE_TYPES, KNOWN_INSTANCE_TYPES, instanceTypeSpec } from "../lib/instance-types";
import {
  ENVIRONMENT_PRIVILEGES,
  bootstrapSql,
  environmentDatabase,
  environmentDatabaseProblems,
  mysqlUserName,
} from "../lib/mysql-bootstrap-sql";
import {
  MYSQL_ADMIN_USER,
  MYSQL_BACKUP_RETENTION_DAYS,
  MYSQL_ENGINE_VERSIONS,
  MYSQL_LOG_EXPORTS,
  MYSQL_PORT,
  backupRetentionProblem,
  dbInstanceIdentifierProblems,
  mysqlParameterFamily,
} from "../lib/mysql-settings";
import {
  ARC_CONTROLLER_NAMESPACE,
  ARC_RUNNER_NAMESPACE,
  ENVIRONMENT_PROJECT,
  LAUNCHER_NAMESPACE,
  LOGGING_NAMESPACE,
  PLATFORM_NAMESPACE,
  PLATFORM_PROJECT,
  POOL_LABEL,
  RESERVED_NAMESPACES,
  clusterName,
  environmentStackName,
  ingressGroupName,
  parseEnvironmentStackName,
  platformStackReference,
  stackTags,
} from "../lib/naming";
import { describeBytes, describeCpu, formatBytes, formatCpu, parseBytes, parseCpu } from "../lib/quantity";
import {
  REDIS_ENGINE,
  REDIS_ENGINE_VERSION,
  REDIS_MAX_DATABASES,
  REDIS_MAX_REPLICAS,
  REDIS_PARAMETER_FAMILY,
  REDIS_PORT,
  REDIS_SNAPSHOT_RETENTION_DAYS,
  RENAMED_COMMANDS,
  redisParameters,
  replicationGroupId,
  replicationGroupIdProblems,
} from "../lib/redis-settings";
import { isCommercialRegion, partitionOf, regionProblem } from "../lib/regions";

describe("names and tags (lib/naming.ts)", () => {
  it("name the cluster, ingress group, environment stacks and platform reference", () => {
    assert.equal(clusterName("game-infra", "dev"), "game-infra-dev");
    assert.equal(ingressGroupName("game-infra", "qa"), "game-infra-qa");
    assert.equal(environmentStackName("dev", "dev1"), "dev.dev1");
    assert.equal(platformStackReference("acme", "dev"), "acme/game-infra/dev");
    assert.deepEqual(stackTags("game-infra", "dev", "development"), {
      "game-infra:project": "game-infra",
      "game-infra:stack": "dev",
      "game-infra:tier": "development",
      ManagedBy: "pulumi",
    });
  });

  it("read <tier>.<env> stack names and nothing else", () => {
    assert.deepEqual(parseEnvironmentStackName("dev.dev-1"), { tier: "dev", environment: "dev-1" });
    for (const bad of ["dev", "dev.", ".dev1", "a.b.c", "Dev.dev1", "dev.dev1 ", " dev.dev1", "dev_x.y"]) {
      assert.equal(parseEnvironmentStackName(bad), undefined, bad);
    }
  });

  it("reserve the namespaces of Kubernetes and the platform", () => {
    assert.deepEqual(RESERVED_NAMESPACES, [
      "default",
      "kube-system",
      "kube-public",
      "kube-node-lease",
      "logging",
      "platform",
      "launcher",
      "external-dns",
      "aws-load-balancer-controller",
      "arc-systems",
      "arc-runners",
    ]);
    assert.deepEqual(
      [
        POOL_LABEL,
        PLATFORM_NAMESPACE,
        LOGGING_NAMESPACE,
        LAUNCHER_NAMESPACE,
        ARC_CONTROLLER_NAMESPACE,
        ARC_RUNNER_NAMESPACE,
        PLATFORM_PROJECT,
        ENVIRONMENT_PROJECT,
      ],
      [
        "game-infra/pool",
        "platform",
        "logging",
        "launcher",
        "arc-systems",
        "arc-runners",
        "game-infra",
        "game-environment",
      ],
    );
  });
});

describe("quantities (lib/quantity.ts)", () => {
  it("read CPU in whole millicores, trimmed, and refuse anything else", () => {
    assert.equal(parseCpu("500m"), 500);
    assert.equal(parseCpu("0.5"), 500);
    assert.equal(parseCpu(" 2 "), 2000);
    assert.equal(parseCpu(3), 3000);
    for (const bad of ["1.5m", "0.0005", "m", "2 m", "2M", "-1", "1e3", "x2", "2x", ""]) {
      assert.equal(parseCpu(bad), undefined, bad);
    }
  });

  it("read bytes in every decimal and binary unit, rounding to a whole byte", () => {
    assert.deepEqual(
      ["512", "1k", "1Ki", "1M", "1Mi", "1G", "1Gi", "1T", "1Ti", "1.5Ki", "0.5", " 2Gi "].map((q) =>
        parseBytes(q),
      ),
      [512, 1000, 1024, 1e6, 2 ** 20, 1e9, 2 ** 30, 1e12, 2 ** 40, 1536, 1, 2 * 2 ** 30],
    );
    for (const bad of ["1Pi", "1KI", "Gi", "1 Gi", "x1Gi", "1Gix", "-1Gi", "9".repeat(400)]) {
      assert.equal(parseBytes(bad), undefined, bad);
    }
  });

  it("write CPU as whole cores or millicores", () => {
    assert.deepEqual([0, 999, 1000, 1500, 2000].map(formatCpu), ["0", "999m", "1", "1500m", "2"]);
  });

  it("write bytes in the largest binary unit that divides them, from exactly one unit up", () => {
    assert.deepEqual(
      [0, 1000, 1023, 1024, 1536 * 1024, 2 ** 20, 3 * 2 ** 30, 2 ** 40, 2 ** 40 + 2 ** 30].map(formatBytes),
      ["0", "1000", "1023", "1Ki", "1536Ki", "1Mi", "3Gi", "1Ti", "1025Gi"],
    );
  });

  it("describe bytes in GiB and CPU in cores for messages", () => {
    assert.equal(describeBytes(2 ** 30), "1 GiB");
    assert.equal(describeBytes(5.25 * 2 ** 30), "5.25 GiB");
    assert.equal(describeBytes(2 ** 30 / 3), "0.33 GiB");
    assert.equal(describeCpu(2500), "2.5 CPU");
  });
});

describe("typo distance (lib/edit-distance.ts)", () => {
  it("counts insertions, deletions and substitutions", () => {
    assert.equal(editDistance("kitten", "sitting"), 3);
    assert.equal(editDistance("", "abc"), 3);
    assert.equal(editDistance("abc", ""), 3);
    assert.equal(editDistance("flaw", "lawn"), 2);
    assert.equal(editDistance("same", "same"), 0);
    assert.equal(editDistance("ab", "ba"), 2);
  });

  it("suggests the one nearest candidate within the distance, and nothing on a tie or beyond it", () => {
    const regions = ["eu-west-1", "eu-west-2", "us-east-1"] as const;
    assert.equal(nearest("us-east1", regions, 1), "us-east-1");
    assert.equal(nearest("us-eas1", regions, 2), "us-east-1");
    assert.equal(nearest("us-eas1", regions, 1), undefined);
    assert.equal(nearest("eu-west-3", regions, 2), undefined, "equally close to eu-west-1 and eu-west-2");
    assert.equal(nearest("eu-west-1", regions, 0), "eu-west-1");
    assert.equal(nearest("x", [], 5), undefined);
    // A later, closer candidate wins over an earlier tie.
    assert.equal(nearest("abc", ["abx", "aby", "abc"], 1), "abc");
  });
});

describe("the instance-type table (lib/instance-types.ts)", () => {
  it("knows each type's CPUs, memory, interfaces, architecture and whether it bursts", () => {
    assert.deepEqual(instanceTypeSpec("m6i.xlarge"), {
      vcpus: 4,
      memoryMiB: 16384,
      enis: 4,
      ipv4PerEni: 15,
      architecture: "x86_64",
      burstable: false,
    });
    assert.deepEqual(instanceTypeSpec("t3.medium"), {
      vcpus: 2,
      memoryMiB: 4096,
      enis: 3,
      ipv4PerEni: 6,
      architecture: "x86_64",
      burstable: true,
    });
    assert.deepEqual(
      Object.entries(INSTANCE_TYPES)
        .filter(([, s]) => s.burstable)
        .map(([t]) => t),
      ["t3.medium", "t3.large", "t3.xlarge"],
    );
    assert.deepEqual(
      Object.entries(INSTANCE_TYPES)
        .filter(([, s]) => s.architecture === "arm64")
        .map(([t]) => t),
      ["m7g.large", "m7g.xlarge", "m7g.2xlarge"],
    );
  });

  it("refuses an unknown type, listing the known ones sorted", () => {
    const known =
      "c6i.2xlarge, c6i.large, c6i.xlarge, m5.2xlarge, m5.4xlarge, m5.large, m5.xlarge, m6a.2xlarge, m6a.large, " +
      "m6a.xlarge, m6i.2xlarge, m6i.4xlarge, m6i.large, m6i.xlarge, m7g.2xlarge, m7g.large, m7g.xlarge, " +
      "m7i.2xlarge, m7i.large, m7i.xlarge, r6i.2xlarge, r6i.large, r6i.xlarge, t3.large, t3.medium, t3.xlarge";
    assert.equal(KNOWN_INSTANCE_TYPES.join(", "), known);
    assert.throws(() => instanceTypeSpec("x1.huge"), {
      name: "RangeError",
      message: `unknown instance type "x1.huge"; known: ${known}`,
    });
  });
});

describe("ALB listener rule values (lib/alb-rules.ts)", () => {
  it("counts host and path values as controller v2.16.0 builds them", () => {
    assert.deepEqual(ingressPathConditionValues({ host: "a.example.com", pathType: "Prefix" }), {
      hostHeader: ["a.example.com"],
      pathPattern: [],
    });
    assert.deepEqual(ingressPathConditionValues({ pathType: "Exact" }), {
      hostHeader: [],
      pathPattern: ["/*"],
    });
    assert.deepEqual(ingressPathConditionValues({ path: "/x/", pathType: "ImplementationSpecific" }), {
      hostHeader: [],
      pathPattern: ["/x/"],
    });
    assert.deepEqual(ingressPathConditionValues({ path: "/a/b/", pathType: "Prefix" }).pathPattern, [
      "/a/b",
      "/a/b/*",
    ]);
    assert.deepEqual(ingressPathConditionValues({ path: "/a/b", pathType: "Prefix" }).pathPattern, [
      "/a/b",
      "/a/b/*",
    ]);
  });

  it("leaves source CIDRs by what the host and path take, never more than three", () => {
    assert.equal(maxSourceIpValues({ host: "a.example.com", pathType: "Prefix" }), 3);
    assert.equal(maxSourceIpValues({ host: "a.example.com", path: "/x", pathType: "Exact" }), 3);
    assert.equal(maxSourceIpValues({ host: "a.example.com", path: "/x", pathType: "Prefix" }), 2);
  });

  it("explains the limit with the rule's own count", () => {
    assert.equal(
      sourceIpLimitReason({ host: "a.example.com", path: "/x", pathType: "Prefix" }),
      "one ALB listener rule holds at most 5 condition values (3 in one condition), and this rule's host and path take 3",
    );
    assert.equal(
      sourceIpLimitReason({ pathType: "Prefix" }),
      "one ALB listener rule holds at most 5 condition values (3 in one condition), and this rule's host and path take 1",
    );
  });
});

describe("regions (lib/regions.ts)", () => {
  it("refuse another partition's region, naming the partition", () => {
    assert.equal(
      regionProblem("us-gov-west-1"),
      '"us-gov-west-1" is a region of the aws-us-gov partition; this program writes ARNs of the commercial aws partition only, so use a commercial region such as eu-west-1',
    );
    assert.equal(partitionOf("eusc-de-east-1"), "aws-eusc");
    assert.equal(partitionOf("mars-1"), undefined);
  });

  it("refuse an unknown region of the aws pattern, with or without a hint", () => {
    assert.equal(
      regionProblem("eu-wset-1"),
      '"eu-wset-1" is not a region @pulumi/aws 7.48.0 knows (did you mean eu-west-1?); if AWS opened it since, add it to lib/regions.ts with a provider upgrade',
    );
    assert.equal(
      regionProblem("eu-nowhere-7"),
      '"eu-nowhere-7" is not a region @pulumi/aws 7.48.0 knows; if AWS opened it since, add it to lib/regions.ts with a provider upgrade',
    );
    assert.equal(
      regionProblem("ireland"),
      '"ireland" is not an AWS region name; names look like eu-west-1 (area, direction, number)',
    );
  });

  it("hint at the region with the same letters and digits, whatever the case and punctuation", () => {
    assert.match(regionProblem("EU_WEST_1")!, /\(did you mean eu-west-1\?\)/);
    assert.match(regionProblem("Ap-Southeast-7")!, /\(did you mean ap-southeast-7\?\)/);
    // Five edits from eu-west-1, so only the same-letters rule finds it.
    assert.equal(
      regionProblem("e.u.w.e.s.t.1"),
      '"e.u.w.e.s.t.1" is not an AWS region name (did you mean eu-west-1?); names look like eu-west-1 (area, direction, number)',
    );
    assert.equal(isCommercialRegion("eu-west-1"), true);
    assert.equal(isCommercialRegion("EU-WEST-1"), false);
  });
});

describe("pinned charts (lib/charts.ts)", () => {
  it("pin each chart's name, version and repository", () => {
    assert.deepEqual(
      [
        AWS_LOAD_BALANCER_CONTROLLER_CHART,
        EXTERNAL_DNS_CHART,
        ARC_CONTROLLER_CHART,
        ARC_SCALE_SET_CHART,
        KARPENTER_CHART,
        KARPENTER_CRD_CHART,
        KUBE_GREEN_CHART,
      ],
      [
        {
          chart: "aws-load-balancer-controller",
          version: "1.16.0",
          repository: "https://aws.github.io/eks-charts",
        },
        {
          chart: "external-dns",
          version: "1.19.0",
          repository: "https://kubernetes-sigs.github.io/external-dns/",
        },
        {
          chart: "gha-runner-scale-set-controller",
          version: "0.14.2",
          repository: "oci://ghcr.io/actions/actions-runner-controller-charts",
        },
        {
          chart: "gha-runner-scale-set",
          version: "0.14.2",
          repository: "oci://ghcr.io/actions/actions-runner-controller-charts",
        },
        { chart: "karpenter", version: "1.14.1", repository: "oci://public.ecr.aws/karpenter" },
        { chart: "karpenter-crd", version: "1.14.1", repository: "oci://public.ecr.aws/karpenter" },
        { chart: "kube-green", version: "0.7.1", repository: "https://kube-green.github.io/helm-charts/" },
      ],
    );
  });
});

describe("MySQL settings (lib/mysql-settings.ts)", () => {
  it("keep backups 1 to 35 whole days", () => {
    assert.deepEqual(MYSQL_BACKUP_RETENTION_DAYS, { min: 1, max: 35 });
    assert.deepEqual([0, 1, 35, 36, 1.5, -1].map(backupRetentionProblem), [
      "must be 1-35 days",
      undefined,
      undefined,
      "must be 1-35 days",
      "must be 1-35 days",
      "must be 1-35 days",
    ]);
  });

  it("name the parameter family, port, admin user and exported logs", () => {
    assert.deepEqual(MYSQL_ENGINE_VERSIONS.map(mysqlParameterFamily), ["mysql8.0", "mysql8.4"]);
    assert.equal(MYSQL_PORT, 3306);
    assert.equal(MYSQL_ADMIN_USER, "gameadmin");
    assert.deepEqual(MYSQL_LOG_EXPORTS, ["error", "slowquery"]);
  });

  it("refuse an identifier over 63 characters with both problems named", () => {
    const long = `a${"b".repeat(62)}-`;
    assert.deepEqual(dbInstanceIdentifierProblems(long), [
      `"${long}" is 64 characters; RDS allows 63`,
      `"${long}" must be lower-case letters, digits and single hyphens, starting with a letter and not ending with a hyphen`,
    ]);
    assert.deepEqual(dbInstanceIdentifierProblems("a-b1-c"), []);
    assert.equal(dbInstanceIdentifierProblems("a--b").length, 1);
    assert.equal(dbInstanceIdentifierProblems("1a").length, 1);
    assert.equal(dbInstanceIdentifierProblems("xa_b").length, 1);
  });
});

describe("Redis settings (lib/redis-settings.ts)", () => {
  it("run Valkey 8.2 on the TLS port with snapshots 0-35 days and at most five replicas", () => {
    assert.deepEqual(
      [REDIS_ENGINE, REDIS_ENGINE_VERSION, REDIS_PARAMETER_FAMILY, REDIS_PORT, REDIS_MAX_REPLICAS],
      ["valkey", "8.2", "valkey8", 6379, 5],
    );
    assert.deepEqual(REDIS_SNAPSHOT_RETENTION_DAYS, { min: 0, max: 35 });
    assert.equal(REDIS_MAX_DATABASES, 1_200_000);
  });

  it("accept 2 to 1,200,000 databases and refuse the rest, saying the range and the value", () => {
    assert.deepEqual(redisParameters(2), [
      { name: "databases", value: "2" },
      {
        name: "rename-commands",
        value: "FLUSHALL GAMEINFRAPLATFORMFLUSHALL SWAPDB GAMEINFRAPLATFORMSWAPDB MOVE GAMEINFRAPLATFORMMOVE",
      },
    ]);
    assert.equal(redisParameters(1_200_000)[0]!.value, "1200000");
    for (const bad of [1, 1_200_001, 2.5]) {
      assert.throws(() => redisParameters(bad), {
        name: "RangeError",
        message: `databases must be a whole number from 2 to 1200000, got ${bad}`,
      });
    }
    assert.deepEqual(RENAMED_COMMANDS, {
      FLUSHALL: "GAMEINFRAPLATFORMFLUSHALL",
      SWAPDB: "GAMEINFRAPLATFORMSWAPDB",
      MOVE: "GAMEINFRAPLATFORMMOVE",
    });
  });

  it("name the replication group and refuse ids over 40 characters or of the wrong shape", () => {
    assert.equal(replicationGroupId("game-infra-dev"), "game-infra-dev-redis");
    const forty = `a${"b".repeat(39)}`;
    assert.deepEqual(replicationGroupIdProblems(forty), []);
    assert.deepEqual(replicationGroupIdProblems(`${forty}c`), [
      `"${forty}c" is 41 characters; ElastiCache allows 40`,
    ]);
    assert.deepEqual(replicationGroupIdProblems("a-"), [
      '"a-" must be lower-case letters, digits and single hyphens, starting with a letter and not ending with a hyphen',
    ]);
    for (const bad of ["-a", "A", "a--b", "1a", "a_b", "a b"]) {
      assert.equal(replicationGroupIdProblems(bad).length, 1, bad);
    }
    assert.deepEqual(replicationGroupIdProblems("a1-b2-c3"), []);
  });
});

describe("the bootstrap SQL (lib/mysql-bootstrap-sql.ts)", () => {
  it("is, for dev-1, exactly these idempotent statements", () => {
    assert.equal(
      bootstrapSql(environmentDatabase("dev-1")),
      [
        "CREATE DATABASE IF NOT EXISTS `game_dev_1` CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci;",
        "SET @create_user = CONCAT('CREATE USER IF NOT EXISTS ''game_dev_1''@''%'' IDENTIFIED BY ', QUOTE(@password), ' REQUIRE SSL');",
        "PREPARE create_user FROM @create_user;",
        "EXECUTE create_user;",
        "DEALLOCATE PREPARE create_user;",
        "SET @alter_user = CONCAT('ALTER USER ''game_dev_1''@''%'' IDENTIFIED BY ', QUOTE(@password), ' REQUIRE SSL');",
        "PREPARE alter_user FROM @alter_user;",
        "EXECUTE alter_user;",
        "DEALLOCATE PREPARE alter_user;",
        "REVOKE ALL PRIVILEGES, GRANT OPTION FROM 'game_dev_1'@'%';",
        "GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, DROP, INDEX, REFERENCES, CREATE TEMPORARY TABLES, " +
          "LOCK TABLES, EXECUTE, CREATE VIEW, SHOW VIEW, CREATE ROUTINE, ALTER ROUTINE, EVENT, TRIGGER ON `game_dev_1`.* TO 'game_dev_1'@'%';",
        "SET @password = NULL, @create_user = NULL, @alter_user = NULL;",
      ].join("\n"),
    );
    assert.equal(ENVIRONMENT_PRIVILEGES.length, 18);
  });

  it("keeps a user name of exactly 32 characters and hashes one of 33", () => {
    // game_ + 27 characters = 32; game_ + 28 = 33, cut to 23 characters, '_' and 8 hex digits of SHA-256.
    assert.equal(mysqlUserName("abcdefghijklmnopqrstuvwxy1"), "game_abcdefghijklmnopqrstuvwxy1");
    assert.equal(mysqlUserName("abcdefghijklmnopqrstuvwxyz1"), "game_abcdefghijklmnopqrstuvwxyz1");
    assert.equal(mysqlUserName("abcdefghijklmnopqrstuvwxyz12"), "game_abcdefghijklmnopqr_3b538c0c");
    assert.deepEqual(environmentDatabase("dev-1"), { database: "game_dev_1", user: "game_dev_1" });
  });

  it("refuses names over MySQL's lengths or with characters that need quoting, naming each", () => {
    const database = `game_${"x".repeat(60)}`;
    assert.deepEqual(environmentDatabaseProblems({ database, user: "u".repeat(33) }), [
      `database "${database}" must be lower-case letters, digits and '_', at most 64 characters`,
      `user "${"u".repeat(33)}" must be lower-case letters, digits and '_', at most 32 characters`,
    ]);
    assert.deepEqual(environmentDatabaseProblems({ database: "d".repeat(64), user: "u".repeat(32) }), []);
    assert.equal(environmentDatabaseProblems({ database: "Game", user: "ok" }).length, 1);
    assert.equal(environmentDatabaseProblems({ database: "ok", user: "a-b" }).length, 1);
    assert.equal(environmentDatabaseProblems({ database: "", user: "ok" }).length, 1);
    assert.throws(() => bootstrapSql({ database: "ok", user: "x'y" }), {
      message: `cannot build bootstrap SQL: user "x'y" must be lower-case letters, digits and '_', at most 32 characters`,
    });
  });
});

describe("the bootstrap Job (lib/bootstrap-job.ts)", () => {
  const input: BootstrapJobInput = {
    environment: "dev1",
    target: { database: "game_dev1", user: "game_dev1" },
    host: "mysql.internal",
    port: 3306,
    adminSecretName: "mysql-admin",
    userSecretName: "mysql-dev1",
    serviceAccountName: "db-bootstrap",
    credentialsRevision: 3,
    scheduling: {
      nodeSelector: { "game-infra/pool": "system" },
      tolerations: [{ key: "CriticalAddonsOnly", operator: "Exists", effect: "NoSchedule" }],
    },
  };
  const labels = {
    "app.kubernetes.io/name": "database-bootstrap",
    "app.kubernetes.io/instance": "db-bootstrap-dev1",
    "app.kubernetes.io/component": "database-bootstrap",
    "app.kubernetes.io/part-of": "game-infra",
    "app.kubernetes.io/managed-by": "pulumi",
    "game-infra/environment": "dev1",
  };

  it("is the whole Job: retries, deadline, fail-fast on bad input, pod, container, env and volume", () => {
    const job = bootstrapJob(input);
    assert.match(job.name, /^db-bootstrap-dev1-[0-9a-f]{8}$/);
    assert.deepEqual(job.labels, labels);
    const { env, command, ...container } = (job.spec.template as { spec: { containers: object[] } }).spec
      .containers[0] as { env: unknown; command: string[] };
    assert.deepEqual(command.slice(0, 2), ["/bin/bash", "-c"]);
    assert.equal(
      command[2],
      [
        "set -euo pipefail",
        "umask 077",
        'for value in "$ADMIN_PASSWORD" "$USER_PASSWORD"; do',
        '  if [[ ! "$value" =~ ^[A-Za-z0-9]+$ ]]; then',
        '    echo "refusing a password with characters other than letters and digits" >&2',
        "    exit 2",
        "  fi",
        "done",
        'options="${TMPDIR:-/tmp}/admin.cnf"',
        "printf '[client]\\nuser=%s\\npassword=%s\\nhost=%s\\nport=%s\\nssl-mode=REQUIRED\\nconnect-timeout=10\\n' \\",
        '  "$ADMIN_USER" "$ADMIN_PASSWORD" "$MYSQL_HOST" "$MYSQL_PORT" > "$options"',
        '{ printf "SET @password = \'%s\';\\n" "$USER_PASSWORD"; printf \'%s\\n\' "$BOOTSTRAP_SQL"; } \\',
        '  | mysql --defaults-extra-file="$options" --batch',
        'echo "database bootstrap of $DATABASE finished"',
      ].join("\n"),
    );
    assert.deepEqual(env, [
      { name: "MYSQL_HOST", value: "mysql.internal" },
      { name: "MYSQL_PORT", value: "3306" },
      { name: "DATABASE", value: "game_dev1" },
      { name: "ADMIN_USER", valueFrom: { secretKeyRef: { name: "mysql-admin", key: "username" } } },
      { name: "ADMIN_PASSWORD", valueFrom: { secretKeyRef: { name: "mysql-admin", key: "password" } } },
      { name: "USER_PASSWORD", valueFrom: { secretKeyRef: { name: "mysql-dev1", key: "password" } } },
      { name: "BOOTSTRAP_SQL", value: bootstrapSql({ database: "game_dev1", user: "game_dev1" }) },
      { name: "HOME", value: "/tmp" },
    ]);
    assert.deepEqual(container, {
      name: "mysql-client",
      image: "public.ecr.aws/docker/library/mysql:8.4.6",
      resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
      securityContext: {
        runAsNonRoot: true,
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ["ALL"] },
      },
      volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
    });
    const { containers: _containers, ...pod } = (job.spec.template as { spec: { containers: unknown } }).spec;
    assert.deepEqual(pod, {
      restartPolicy: "Never",
      serviceAccountName: "db-bootstrap",
      automountServiceAccountToken: false,
      nodeSelector: { "game-infra/pool": "system" },
      tolerations: [{ key: "CriticalAddonsOnly", operator: "Exists", effect: "NoSchedule" }],
      securityContext: {
        runAsNonRoot: true,
        runAsUser: 999,
        runAsGroup: 999,
        seccompProfile: { type: "RuntimeDefault" },
      },
      volumes: [{ name: "tmp", emptyDir: { medium: "Memory", sizeLimit: "1Mi" } }],
    });
    const { template, ...jobSpec } = job.spec;
    assert.deepEqual(jobSpec, {
      backoffLimit: 6,
      activeDeadlineSeconds: 600,
      podFailurePolicy: {
        rules: [
          {
            action: "FailJob",
            onExitCodes: { containerName: "mysql-client", operator: "In", values: [2] },
          },
        ],
      },
    });
    assert.deepEqual((template as { metadata: unknown }).metadata, {
      labels,
      annotations: { "game-infra/credentials-revision": "3" },
    });
  });

  it("names the Job after its environment and the first 8 hex digits of the spec's SHA-256", () => {
    // printf '{"a":1}' | sha256sum
    assert.equal(specFingerprint({ a: 1 }), "015abd7f");
    assert.equal(bootstrapJobName("dev1", "015abd7f"), "db-bootstrap-dev1-015abd7f");
    assert.equal(bootstrapJob(input).name, `db-bootstrap-dev1-${specFingerprint(bootstrapJob(input).spec)}`);
    assert.notEqual(bootstrapJob(input).name, bootstrapJob({ ...input, credentialsRevision: 4 }).name);
  });

  it("names its constants as the network policy and the script rely on", () => {
    assert.deepEqual(
      [
        BOOTSTRAP_COMPONENT,
        CREDENTIALS_REVISION_ANNOTATION,
        MYSQL_CLIENT_IMAGE,
        BOOTSTRAP_BAD_INPUT_EXIT_CODE,
      ],
      [
        "database-bootstrap",
        "game-infra/credentials-revision",
        "public.ecr.aws/docker/library/mysql:8.4.6",
        2,
      ],
    );
    assert.deepEqual(bootstrapLabels("x"), {
      ...labels,
      "app.kubernetes.io/instance": "db-bootstrap-x",
      "game-infra/environment": "x",
    });
  });
});
