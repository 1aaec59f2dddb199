import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { configIssues, loadConfig } from "./harness";

const OFFICE = ["203.0.113.0/24"];

describe("config: logging", () => {
  it("resolves the tier's logging defaults", async () => {
    const dev = (await loadConfig("dev")).logging;
    assert.deepEqual(
      [dev.retentionDays, dev.buffer, dev.openSearchNodes, dev.kafkaNodes, dev.dashboardsAllowedCidrs],
      [3, false, 1, 1, OFFICE],
    );
    const stage = (await loadConfig("stage")).logging;
    assert.deepEqual(
      [stage.retentionDays, stage.buffer, stage.openSearchNodes, stage.kafkaNodes],
      [14, true, 3, 3],
    );
  });

  it("lets a stack override retention, buffer, sizes and each part's requests", async () => {
    const logging = (
      await loadConfig("dev", {
        logging: {
          dashboardsAllowedCidrs: OFFICE,
          retentionDays: 10,
          buffer: true,
          storageGiB: 40,
          requests: { collector: { memoryMiB: 96 } },
        },
      })
    ).logging;
    assert.deepEqual([logging.retentionDays, logging.buffer, logging.storageGiB], [10, true, 40]);
    assert.deepEqual(logging.requests.collector, { cpuMillicores: 50, memoryMiB: 96 });
  });

  it("requires the logging section, and who may open Dashboards", async () => {
    assert.deepEqual(await configIssues("dev", { logging: undefined }), [
      { path: "logging", message: "is required (pulumi config set game-infra:logging ...)" },
    ]);
    assert.deepEqual(await configIssues("dev", { logging: {} }), [
      { path: "logging.dashboardsAllowedCidrs", message: "is required" },
    ]);
    assert.deepEqual(await configIssues("dev", { logging: { dashboardsAllowedCidrs: [] } }), [
      {
        path: "logging.dashboardsAllowedCidrs",
        message: "needs at least one CIDR (Dashboards is never open to everyone)",
      },
    ]);
  });

  it("refuses to open Dashboards to the internet", async () => {
    const open = await configIssues("dev", { logging: { dashboardsAllowedCidrs: ["0.0.0.0/0"] } });
    assert.equal(open.length, 1);
    assert.equal(open[0]!.path, "logging.dashboardsAllowedCidrs[0]");
    assert.match(open[0]!.message, /must not open Dashboards to the whole internet/);
    const bad = await configIssues("dev", { logging: { dashboardsAllowedCidrs: ["10.1.0.1/16"] } });
    assert.match(bad[0]!.message, /IPv4 CIDR block/);
  });

  it("accepts 3 Dashboards CIDRs and refuses a 4th, which the ALB rule could not hold, naming the key and why", async () => {
    const three = ["10.1.0.0/16", "10.2.0.0/16", "10.3.0.0/16"];
    const logging = (await loadConfig("dev", { logging: { dashboardsAllowedCidrs: three } })).logging;
    assert.deepEqual(logging.dashboardsAllowedCidrs, three);
    assert.deepEqual(
      await configIssues("dev", { logging: { dashboardsAllowedCidrs: [...three, "10.4.0.0/16"] } }),
      [
        {
          path: "logging.dashboardsAllowedCidrs",
          message:
            "allows at most 3 CIDRs: one ALB listener rule holds at most 5 condition values (3 in one condition), " +
            "and this rule's host and path take 2; list wider blocks (one /16 instead of several /24s)",
        },
      ],
    );
  });

  it("names the key and what is allowed for out-of-range values", async () => {
    const issues = await configIssues("dev", {
      logging: {
        dashboardsAllowedCidrs: OFFICE,
        retentionDays: 0,
        openSearchNodes: 2,
        buffer: "yes",
        requests: { kafka: { cpu: 1 } },
      },
    });
    const byPath = Object.fromEntries(issues.map((i) => [i.path, i.message]));
    assert.match(byPath["logging.retentionDays"]!, /at least 1 days/);
    assert.match(byPath["logging.openSearchNodes"]!, /must be 1, 3, 5/);
    assert.match(byPath["logging.buffer"]!, /must be true .* or false/);
    assert.match(byPath["logging.requests.kafka.cpu"]!, /unknown key/);
  });

  it("checks the store against the system pool: a node per OpenSearch node, and JVM memory", async () => {
    const issues = await configIssues("dev", {
      logging: {
        dashboardsAllowedCidrs: OFFICE,
        openSearchNodes: 3,
        requests: { openSearch: { memoryMiB: 256 } },
      },
    });
    assert.deepEqual(issues.map((i) => i.path).sort(), [
      "logging.openSearchNodes",
      "logging.requests.openSearch.memoryMiB",
    ]);
    assert.match(issues.find((i) => i.path === "logging.openSearchNodes")!.message, /the pool has 2/);
  });
});
