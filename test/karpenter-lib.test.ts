/**
 * The pure parts of the Karpenter work: working hours as a UTC budget window, the node class's
 * user data, the sizing rules and the capacity a pool's limits give environments. Expectations are
 * literal figures worked out by hand (see the comments), never recomputed with the code under test.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  bottlerocketToml,
  disruptionBudgets,
  instanceTypesOf,
  nodesAtLimit,
  nodeRoom,
  poolCapacity,
  poolSizingProblems,
} from "../lib/karpenter";
import { utcOffsetsMinutes, workingHoursProblems, workingHoursWindow } from "../lib/karpenter-schedule";
import { poolSizing } from "../lib/sizing";

const weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri"] as const;

describe("working hours as a disruption-budget window (UTC)", () => {
  it("covers both of Berlin's offsets: 08:00-20:00 is 07-19 UTC in winter and 06-18 in summer", () => {
    assert.deepEqual(utcOffsetsMinutes("Europe/Berlin"), [60, 120]);
    assert.deepEqual(
      workingHoursWindow({ timeZone: "Europe/Berlin", days: weekdays, start: "08:00", end: "20:00" }),
      { schedule: "0 6 * * 1-5", duration: "13h" },
    );
  });

  it("moves the days back when the window starts the evening before in UTC (Seoul, UTC+9)", () => {
    assert.deepEqual(
      workingHoursWindow({ timeZone: "Asia/Seoul", days: weekdays, start: "08:00", end: "20:00" }),
      { schedule: "0 23 * * 0-4", duration: "12h" },
    );
  });

  it("moves the days forward west of UTC and keeps half hours (Los Angeles, UTC-8/-7)", () => {
    // 17:00 PDT is 00:00 UTC the next day; 23:30 PST is 07:30 UTC: 7 h 30 min.
    assert.deepEqual(
      workingHoursWindow({ timeZone: "America/Los_Angeles", days: weekdays, start: "17:00", end: "23:30" }),
      { schedule: "0 0 * * 2-6", duration: "7h30m" },
    );
  });

  it("writes scattered days as a list and runs of three or more as ranges (Kolkata, UTC+5:30)", () => {
    assert.deepEqual(
      workingHoursWindow({
        timeZone: "Asia/Kolkata",
        days: ["Mon", "Wed", "Fri", "Sat"],
        start: "09:30",
        end: "18:00",
      }),
      { schedule: "0 4 * * 1,3,5,6", duration: "8h30m" },
    );
  });

  it("names the field that is wrong", () => {
    assert.deepEqual(
      workingHoursProblems({ timeZone: "Mars/Olympus", days: [], start: "9:00", end: "25:00" }).map(
        (p) => p.field,
      ),
      ["timeZone", "days", "start", "end"],
    );
    assert.deepEqual(workingHoursProblems({ timeZone: "UTC", days: ["Mon"], start: "18:00", end: "09:00" }), [
      { field: "end", message: "must be after start (18:00), on the same day" },
    ]);
  });

  it("gives budgets: the pool's share at any time, none for consolidation and drift in working hours", () => {
    assert.deepEqual(
      disruptionBudgets(
        { disruptionBudget: "10%" },
        { timeZone: "UTC", days: weekdays, start: "09:00", end: "17:00" },
      ),
      [
        { nodes: "10%" },
        { nodes: "0", reasons: ["Underutilized", "Drifted"], schedule: "0 9 * * 1-5", duration: "8h" },
      ],
    );
  });
});

describe("the node class's user data", () => {
  it("is Bottlerocket TOML with one table per settings level", () => {
    assert.equal(
      bottlerocketToml({
        settings: {
          kubernetes: { "shutdown-grace-period": "90s", "max-pods": 58 },
          "host-containers": { admin: { enabled: false } },
        },
      }),
      '[settings.kubernetes]\nshutdown-grace-period = "90s"\nmax-pods = 58\n[settings.host-containers.admin]\nenabled = false\n',
    );
  });
});

describe("pool capacity and sizing", () => {
  const dev = {
    instanceFamilies: ["m6i", "m6a", "m5"],
    instanceSizes: ["xlarge", "2xlarge"],
    limits: { cpu: "40", memory: "160Gi" },
  };
  const collector = { cpuMillicores: 50, memoryMiB: 64 };

  it("allows every family in every size", () => {
    assert.deepEqual(instanceTypesOf(dev), [
      "m5.2xlarge",
      "m5.xlarge",
      "m6a.2xlarge",
      "m6a.xlarge",
      "m6i.2xlarge",
      "m6i.xlarge",
    ]);
  });

  it("leaves on an m6i.xlarge 3870m CPU and 14098 MiB after reservations, VM overhead and the collector", () => {
    // CPU: 4000 - 80 (kube-reserved, 4 vCPU) - 50 (collector). Memory: floor(16384 x 0.925) = 15155,
    // - 893 (kube-reserved at 58 pods) - 100 (eviction) - 64 (collector).
    assert.deepEqual(nodeRoom("m6i.xlarge", poolSizing(["m6i.xlarge"]), collector), {
      instanceType: "m6i.xlarge",
      cpuMillicores: 3870,
      memoryMiB: 14098,
    });
  });

  it("counts the most nodes the limits allow, of the smallest allowed type", () => {
    // 40 CPU / 4 = 10 xlarge nodes; 160 GiB / 15155 MiB = 10.8.
    assert.equal(nodesAtLimit(dev), 10);
    assert.equal(nodesAtLimit({ ...dev, limits: { cpu: "40", memory: "64Gi" } }), 4);
  });

  it("gives environments 10 x the smallest node's room on the dev pool: 38700m and 140980Mi", () => {
    assert.deepEqual(poolCapacity(dev, collector), {
      cpu: "38700m",
      memory: "140980Mi",
      nodes: 10,
      cpuMillicores: 38700,
      memoryMiB: 140980,
    });
  });

  it("accepts the largest type at exactly a third of the limits and refuses it above", () => {
    const pods = [{ name: "gameserver", cpuMillicores: 250, memoryMiB: 512 }];
    // m6i.2xlarge: 8 vCPU, 32 GiB; 3 x = 24 CPU, 96 GiB.
    const pool = {
      instanceFamilies: ["m6i"],
      instanceSizes: ["2xlarge"],
      limits: { cpu: "24", memory: "96Gi" },
    };
    assert.deepEqual(poolSizingProblems(pool, collector, pods), []);
    const tight = poolSizingProblems({ ...pool, limits: { cpu: "23", memory: "96Gi" } }, collector, pods);
    assert.equal(tight.length, 1);
    assert.match(
      tight[0]!.message,
      /m6i\.2xlarge \(8 vCPU, 32 GiB\) is more than a third of the pool's limits \(23 CPU, 96Gi\)/,
    );
  });

  it("refuses a size that cannot hold an environment's pod after the DaemonSets", () => {
    // m6i.large: 2000 - 70 - 50 = 1880m; floor(8192 x 0.925) = 7577 - 574 - 100 - 64 = 6839 MiB.
    const pool = {
      instanceFamilies: ["m6i"],
      instanceSizes: ["large"],
      limits: { cpu: "40", memory: "160Gi" },
    };
    assert.deepEqual(
      poolSizingProblems(pool, collector, [{ name: "couchbase", cpuMillicores: 1880, memoryMiB: 6839 }]),
      [],
    );
    assert.deepEqual(
      poolSizingProblems(pool, collector, [{ name: "couchbase", cpuMillicores: 2000, memoryMiB: 8192 }]),
      [
        {
          field: "instanceSizes",
          message:
            "m6i.large leaves 1880m CPU and 6839 MiB after the kubelet's reservations and the DaemonSets, less than an environment's couchbase pod requests (2 CPU, 8192 MiB): too small for this pool",
        },
      ],
    );
  });
});
