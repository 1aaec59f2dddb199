/**
 * The data stores' plain settings (lib/mysql-settings.ts, lib/redis-settings.ts), the names derived
 * from the project and stack (lib/naming.ts), pod disruption budgets and autoscalers
 * (lib/workload/availability.ts) and the sizing of pools of mixed instance types (lib/sizing.ts),
 * at their limits and with literal expectations.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  dbInstanceIdentifier,
  dbInstanceIdentifierProblems,
  minimumMaxAllocatedStorage,
  mysqlLogGroupNames,
  mysqlParameterFamily,
  mysqlParameters,
  supportsPerformanceInsights,
} from "../lib/mysql-settings";
import { redisParameters, replicationGroupId, replicationGroupIdProblems } from "../lib/redis-settings";
import {
  clusterName,
  environmentStackName,
  ingressGroupName,
  parseEnvironmentStackName,
  platformStackReference,
  stackTags,
} from "../lib/naming";
import { horizontalPodAutoscaler, podDisruptionBudget } from "../lib/workload/availability";
import { kubeReservedCpuMillicores, kubeReservedMemoryMiB, maxPods, poolSizing } from "../lib/sizing";

describe("MySQL settings", () => {
  it("sets utf8mb4, TLS, 30-minute idle timeouts, a one-minute lock wait and a file slow-query log, all at once", () => {
    assert.deepEqual(mysqlParameters(), [
      { name: "character_set_server", value: "utf8mb4", applyMethod: "immediate" },
      { name: "collation_server", value: "utf8mb4_0900_ai_ci", applyMethod: "immediate" },
      { name: "require_secure_transport", value: "1", applyMethod: "immediate" },
      { name: "wait_timeout", value: "1800", applyMethod: "immediate" },
      { name: "interactive_timeout", value: "1800", applyMethod: "immediate" },
      { name: "lock_wait_timeout", value: "60", applyMethod: "immediate" },
      { name: "slow_query_log", value: "1", applyMethod: "immediate" },
      { name: "long_query_time", value: "1", applyMethod: "immediate" },
      { name: "log_output", value: "FILE", applyMethod: "immediate" },
    ]);
    assert.equal(mysqlParameterFamily("8.0"), "mysql8.0");
    assert.equal(mysqlParameterFamily("8.4"), "mysql8.4");
  });

  it("exports only the error and slow-query logs (never general, which logs passwords)", () => {
    assert.deepEqual(mysqlLogGroupNames("game-infra-dev-mysql"), [
      "/aws/rds/instance/game-infra-dev-mysql/error",
      "/aws/rds/instance/game-infra-dev-mysql/slowquery",
    ]);
  });

  it("turns Performance Insights on except for the classes that do not support it", () => {
    for (const unsupported of [
      "db.t2.micro",
      "db.t2.small",
      "db.t3.micro",
      "db.t3.small",
      "db.t4g.micro",
      "db.t4g.small",
    ]) {
      assert.equal(supportsPerformanceInsights(unsupported), false, unsupported);
    }
    for (const supported of ["db.t4g.medium", "db.t3.medium", "db.m7g.large"]) {
      assert.equal(supportsPerformanceInsights(supported), true, supported);
    }
  });

  it("needs storage autoscaling at least 10 % above the allocation, rounded up", () => {
    assert.equal(minimumMaxAllocatedStorage(20), 22);
    assert.equal(minimumMaxAllocatedStorage(100), 110);
    assert.equal(minimumMaxAllocatedStorage(21), 24, "23.1 rounds up");
    assert.equal(minimumMaxAllocatedStorage(30), 33);
  });

  it("names the instance <prefix>-mysql and holds it to RDS's 63 characters", () => {
    assert.equal(dbInstanceIdentifier("game-infra-dev"), "game-infra-dev-mysql");
    assert.deepEqual(dbInstanceIdentifierProblems(`a${"b".repeat(62)}`), []);
    assert.deepEqual(dbInstanceIdentifierProblems(`a${"b".repeat(63)}`), [
      `"a${"b".repeat(63)}" is 64 characters; RDS allows 63`,
    ]);
    const shape =
      "must be lower-case letters, digits and single hyphens, starting with a letter and not ending with a hyphen";
    for (const bad of ["1db", "db--x", "db-", "Db"]) {
      assert.deepEqual(dbInstanceIdentifierProblems(bad), [`"${bad}" ${shape}`], bad);
    }
  });
});

describe("Redis settings", () => {
  it("sets the database count and renames the commands that reach other databases", () => {
    assert.deepEqual(redisParameters(64), [
      { name: "databases", value: "64" },
      {
        name: "rename-commands",
        value: "FLUSHALL GAMEINFRAPLATFORMFLUSHALL SWAPDB GAMEINFRAPLATFORMSWAPDB MOVE GAMEINFRAPLATFORMMOVE",
      },
    ]);
  });

  it("takes 2 to 1,200,000 databases", () => {
    assert.equal(redisParameters(2)[0]!.value, "2");
    assert.equal(redisParameters(1_200_000)[0]!.value, "1200000");
    for (const bad of [1, 1_200_001, 2.5]) {
      assert.throws(() => redisParameters(bad), {
        name: "RangeError",
        message: `databases must be a whole number from 2 to 1200000, got ${bad}`,
      });
    }
  });

  it("names the group <prefix>-redis and holds it to ElastiCache's 40 characters", () => {
    assert.equal(replicationGroupId("game-infra-dev"), "game-infra-dev-redis");
    assert.deepEqual(replicationGroupIdProblems(`r${"e".repeat(39)}`), []);
    assert.deepEqual(replicationGroupIdProblems(`r${"e".repeat(40)}`), [
      `"r${"e".repeat(40)}" is 41 characters; ElastiCache allows 40`,
    ]);
    assert.deepEqual(replicationGroupIdProblems("9redis"), [
      '"9redis" must be lower-case letters, digits and single hyphens, starting with a letter and not ending with a hyphen',
    ]);
  });
});

describe("names derived from the project and stack", () => {
  it("names the cluster and ingress group <project>-<stack> and tags every resource", () => {
    assert.equal(clusterName("game-infra", "dev"), "game-infra-dev");
    assert.equal(ingressGroupName("game-infra", "qa"), "game-infra-qa");
    assert.deepEqual(stackTags("game-infra", "dev", "dev"), {
      "game-infra:project": "game-infra",
      "game-infra:stack": "dev",
      "game-infra:tier": "dev",
      ManagedBy: "pulumi",
    });
  });

  it("names environment stacks <tier>.<env> and reads them back", () => {
    assert.equal(environmentStackName("dev", "dev1"), "dev.dev1");
    assert.deepEqual(parseEnvironmentStackName("dev.login-dev"), { tier: "dev", environment: "login-dev" });
    for (const bad of ["dev", "dev.", ".dev1", "dev.dev1.x", "Dev.dev1", "dev.dev_1", "xdev.dev1 "]) {
      assert.equal(parseEnvironmentStackName(bad), undefined, bad);
    }
    assert.equal(platformStackReference("studio", "qa"), "studio/game-infra/qa");
  });
});

describe("pod disruption budgets and autoscalers", () => {
  const meta = { name: "gameserver", namespace: "game-dev1", labels: { app: "gameserver" } };

  it("gives a workload of more than one pod a budget of one disruption that always lets unhealthy pods go", () => {
    assert.equal(podDisruptionBudget(meta, { app: "gameserver" }, 1), undefined);
    assert.equal(podDisruptionBudget(meta, { app: "gameserver" }, 0), undefined);
    assert.deepEqual(podDisruptionBudget(meta, { app: "gameserver" }, 2), {
      metadata: { name: "gameserver", namespace: "game-dev1", labels: { app: "gameserver" } },
      spec: {
        maxUnavailable: 1,
        selector: { matchLabels: { app: "gameserver" } },
        unhealthyPodEvictionPolicy: "AlwaysAllow",
      },
    });
  });

  it("autoscales on CPU only when the maximum is above the minimum, scaling down one pod a minute after 5 minutes", () => {
    const target = { kind: "Deployment", name: "gameserver" } as const;
    assert.equal(
      horizontalPodAutoscaler(meta, target, { minReplicas: 2, maxReplicas: 2, cpuPercent: 70 }),
      undefined,
    );
    assert.equal(
      horizontalPodAutoscaler(meta, target, { minReplicas: 3, maxReplicas: 2, cpuPercent: 70 }),
      undefined,
    );
    assert.deepEqual(
      horizontalPodAutoscaler(meta, target, { minReplicas: 2, maxReplicas: 3, cpuPercent: 70 }),
      {
        metadata: { name: "gameserver", namespace: "game-dev1", labels: { app: "gameserver" } },
        spec: {
          scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "gameserver" },
          minReplicas: 2,
          maxReplicas: 3,
          metrics: [
            {
              type: "Resource",
              resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } },
            },
          ],
          behavior: {
            scaleDown: {
              stabilizationWindowSeconds: 300,
              policies: [{ type: "Pods", value: 1, periodSeconds: 60 }],
            },
          },
        },
      },
    );
  });
});

describe("node sizing", () => {
  it("reserves CPU in bands: 6 % of the first core, 1 % of the second, 0.5 % of cores 3-4, 0.25 % above", () => {
    assert.equal(kubeReservedCpuMillicores(1), 60);
    assert.equal(kubeReservedCpuMillicores(2), 70);
    assert.equal(kubeReservedCpuMillicores(3), 75);
    assert.equal(kubeReservedCpuMillicores(4), 80);
    assert.equal(kubeReservedCpuMillicores(5), 83, "82.5 rounded up");
    assert.equal(kubeReservedCpuMillicores(8), 90);
    assert.throws(() => kubeReservedCpuMillicores(0), { message: "vcpus must be a positive integer, got 0" });
    assert.throws(() => kubeReservedCpuMillicores(1.5), {
      message: "vcpus must be a positive integer, got 1.5",
    });
  });

  it("reserves 11 MiB a pod plus 255 MiB of memory", () => {
    assert.equal(kubeReservedMemoryMiB(0), 255);
    assert.equal(kubeReservedMemoryMiB(29), 574);
    assert.throws(() => kubeReservedMemoryMiB(-1), {
      message: "pods must be a non-negative integer, got -1",
    });
  });

  it("caps max pods at 110 up to 30 vCPUs and at 250 above", () => {
    assert.equal(maxPods({ enis: 3, ipv4PerEni: 10, vcpus: 2 }), 29);
    assert.equal(maxPods({ enis: 15, ipv4PerEni: 50, vcpus: 30 }), 110);
    assert.equal(maxPods({ enis: 15, ipv4PerEni: 50, vcpus: 31 }), 250);
    assert.equal(maxPods({ enis: 8, ipv4PerEni: 30, vcpus: 32 }), 234);
  });

  it("sizes a pool of mixed types for its smallest member, CPU and memory each from its own type", () => {
    // c6i.xlarge: 4 vCPU, 8 GiB, 58 pods; r6i.large: 2 vCPU, 16 GiB, 29 pods.
    const pool = poolSizing(["c6i.xlarge", "r6i.large"]);
    assert.deepEqual(pool, {
      instanceType: "c6i.xlarge,r6i.large",
      maxPods: 29,
      kubeReservedCpuMillicores: 70,
      kubeReservedMemoryMiB: 574,
      evictionHardMemoryMiB: 100,
      allocatableCpuMillicores: 1930,
      allocatableMemoryMiB: 7518,
    });
    assert.deepEqual(poolSizing(["r6i.large", "c6i.xlarge"]).allocatableCpuMillicores, 1930);
    assert.deepEqual(poolSizing(["r6i.large", "c6i.xlarge"]).allocatableMemoryMiB, 7518);
    assert.throws(() => poolSizing([]), { message: "a node pool needs at least one instance type" });
  });
});
