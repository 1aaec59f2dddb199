/**
 * A price table with round test figures (not AWS prices: chosen so the expected costs in the cost
 * tests can be worked out by hand), in the shape of upstream/aws-prices/<region>.json.
 */
import type { Figure, PriceSource, PriceTable } from "../../lib/cost/prices";

const SOURCE: PriceSource = { title: "test figure", read: "2026-12-01", evidence: "aws", quote: "test" };

/** A known test figure. */
export function usd(value: number, evidence: PriceSource["evidence"] = "aws"): Figure {
  return { usd: value, source: { ...SOURCE, evidence } };
}

/** An unknown test figure. */
export function unknown(reason = "not in this test table"): Figure {
  return { unknown: reason };
}

/** The test table, with `overrides` merged in at the top level. */
export function testPrices(overrides: Partial<PriceTable> = {}): PriceTable {
  return {
    region: "eu-west-1",
    location: "EU (Ireland)",
    currency: "USD",
    taken: "2026-12-01",
    method: "test",
    eks: { clusterHour: usd(0.1), extendedSupportClusterHour: usd(0.6) },
    ec2: {
      onDemandHour: {
        "m6i.large": usd(0.1),
        "m6i.xlarge": usd(0.2),
        "m6i.2xlarge": usd(0.4),
        "m6a.xlarge": unknown(),
        "m6a.2xlarge": unknown(),
        "m5.xlarge": usd(0.2),
        "m5.2xlarge": usd(0.4),
      },
      spotDiscount: unknown(),
    },
    ebs: { gp3GbMonth: usd(0.1) },
    natGateway: { hour: usd(0.05), perGb: usd(0.05) },
    publicIpv4: { hour: usd(0.005) },
    alb: { hour: usd(0.02), lcuHour: usd(0.01) },
    rds: {
      mysqlHour: { "db.t4g.medium": { singleAz: usd(0.07), multiAz: usd(0.14) } },
      gp3GbMonth: { singleAz: usd(0.1), multiAz: usd(0.2) },
    },
    elasticache: { nodeHour: { valkey: { "cache.t4g.small": usd(0.03) } } },
    cloudwatchLogs: { ingestGb: unknown(), storageGbMonth: unknown() },
    notEstimated: { test: "nothing" },
    ...overrides,
  };
}

/**
 * The test table with one game-node type priced: m6i.2xlarge at $0.50 an hour (the dev game pool's
 * other types unknown), so every dev environment's share is of an m6i.2xlarge; gp3 at $0.10.
 */
export function gamePoolTestPrices(): PriceTable {
  return testPrices({
    ec2: {
      onDemandHour: {
        "m6i.large": usd(0.1),
        "m6i.xlarge": unknown(),
        "m6i.2xlarge": usd(0.5),
        "m6a.xlarge": unknown(),
        "m6a.2xlarge": unknown(),
        "m5.xlarge": unknown(),
        "m5.2xlarge": unknown(),
      },
      spotDiscount: unknown(),
    },
  });
}
