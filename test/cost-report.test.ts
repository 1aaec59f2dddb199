/**
 * `npm run cost -- dev --marginal`'s figures from the committed dev plans, priced with test figures so
 * each is worked out by hand: the platform base part by part, one more environment at the tier's
 * defaults always on and on the dev schedule, and the tier's totals.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { cents } from "../lib/cost/money";
import { describeAwake } from "../lib/cost/schedule";
import { marginalText } from "../tools/cost/render";
import { tierCost } from "../tools/cost/report";
import type { Plan } from "../tools/plan/model";
import { gamePoolTestPrices } from "./support/cost-table";
import { ROOT } from "./support/git-repo";

const plan = (file: string) => JSON.parse(readFileSync(join(ROOT, "plans", file), "utf8")) as Plan;

describe("a tier's cost report", () => {
  const report = tierCost({
    tier: "dev",
    platformPlan: plan("dev.json"),
    includePlatform: true,
    environmentPlans: [plan("fixtures/dev.fixture-rolling.json")],
    prices: gamePoolTestPrices(),
    marginal: true,
  });

  it("prices the dev platform base part by part", () => {
    // Test prices: EKS $0.10/h, NAT $0.05/h, public IPv4 $0.005/h, ALB $0.02/h + 1 LCU × $0.01/h,
    // m6i.large $0.10/h, gp3 $0.10 per GiB-month, db.t4g.medium $0.07/h, cache.t4g.small $0.03/h.
    const parts = Object.fromEntries(report.platform!.lines.map((l) => [l.id, cents(l.monthly.usd)]));
    assert.deepEqual(parts, {
      controlPlane: 73, // 1 cluster × $0.10 × 730
      natGateways: 36.5, // dev has one NAT gateway: $0.05 × 730
      publicIpv4: 14.6, // its Elastic IP + 1 ALB × 3 public subnets = 4 × $0.005 × 730
      loadBalancer: 21.9, // 1 shared ALB × ($0.02 + $0.01) × 730
      systemNodes: 124.74, // 2 × m6i.large × ($0.10 × 730 + 40 GiB × $0.10) = $154.00, less 0.38 of 2 nodes
      loggingNodes: 29.26, // $154.00 × 0.38 / 2 (the log pipeline's requests, logging.systemPoolNodes)
      logStorage: 2, // OpenSearch's 20 GiB × $0.10
      rds: 53.1, // $0.07 × 730 + 20 GiB × $0.10
      elasticache: 21.9, // 1 node × $0.03 × 730
    });
    assert.equal(cents(report.platform!.total.usd), 377);
    assert.deepEqual(report.platform!.total.unknown, []);
  });

  it("prices one more environment at the dev defaults, always on and on the dev schedule", () => {
    // Dev defaults: 1050m, 3328 MiB, a 10 GiB Couchbase volume. On an m6i.2xlarge (7870m and
    // 29253 MiB of room) CPU decides: 1050/7870. Always on: 1050/7870 × ($0.50 × 730 + 64 GiB ×
    // $0.10) = $49.55, + $1.00 = $50.55. Mon-Fri 08:00-20:00 (60/168 of the month): $17.70 + $1.00.
    const marginal = report.marginal!;
    assert.equal(describeAwake(marginal.awake), "Mon-Fri 08:00-20:00 Europe/Berlin");
    assert.deepEqual(marginal.footprint.requests, { cpuMillicores: 1050, memoryMiB: 3328 });
    assert.equal(cents(marginal.alwaysOn.nodes.usd), 49.55);
    assert.equal(cents(marginal.alwaysOn.total.usd), 50.55);
    assert.equal(cents(marginal.scheduled.nodes.usd), 17.7);
    assert.equal(cents(marginal.scheduled.total.usd), 18.7);
  });

  it("prints the marginal environment and the base as --marginal shows them", () => {
    assert.deepEqual(marginalText("dev", report.marginal!, report.platform!.total), [
      "One more dev environment at the tier's defaults (1.05 CPU, 3.25 GiB, 5 pods, 10 GiB of volumes): $50.55 a month always on, $18.70 on Mon-Fri 08:00-20:00 Europe/Berlin (260.7 h awake).",
      "dev platform base (no environment): $377.00 a month.",
    ]);
  });

  it("totals the platform and its environments, always on and on their schedules", () => {
    // $377.00 + dev.fixture-rolling's $60.50 always on or $22.89 on schedule (test/cost-cli.test.ts).
    assert.equal(cents(report.totals.alwaysOn.usd), 437.5);
    assert.equal(cents(report.totals.scheduled.usd), 399.89);
  });
});
