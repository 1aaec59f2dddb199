/**
 * What `npm run prices` reads from the AWS Price List and how it turns the offer files into
 * `upstream/aws-prices/<region>.json`: the items the tiers use (`wantedItems`), the selector that
 * picks each one's product out of its offer file (`selectors`), and the table built from them.
 *
 * The EC2 selectors follow attribute names and values seen in real AmazonEC2 offer files
 * (upstream/aws-prices/price-list-excerpt.json: `instanceType`, `operatingSystem`, `tenancy`,
 * `preInstalledSw`, `capacitystatus`, `volumeApiName`, `usagetype`). Those of AmazonEKS, AWSELB,
 * AmazonVPC, AmazonRDS and AmazonElastiCache follow the usage types and attributes AWS documents
 * for billing reports (`<region prefix>-LoadBalancerUsage`, `-LCUUsage`, `-NatGateway-Hours`,
 * `-PublicIPv4:InUseAddress`) and have not been checked against a downloaded offer file here: a
 * selector that matches nothing leaves its figure `unknown` with the reason, and the run says so.
 */
import { onDemandFigure, type OfferFile, type Selector } from "../../lib/cost/price-list";
import type { ByDeployment, Figure, PriceTable } from "../../lib/cost/prices";
import { REDIS_ENGINE } from "../../lib/redis-settings";
import type { TierProfile } from "../../stacks/tier";

/** The Price List services the table is built from. */
export const OFFER_CODES = [
  "AmazonEC2",
  "AmazonEKS",
  "AWSELB",
  "AmazonVPC",
  "AmazonRDS",
  "AmazonElastiCache",
] as const;
/** One of {@link OFFER_CODES}. */
export type OfferCode = (typeof OFFER_CODES)[number];

/** The bulk offer file of one service in one region. */
export function offerUrl(offer: OfferCode, region: string): string {
  return `https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/${offer}/current/${region}/index.json`;
}

/** What the tiers run that has a price. */
export interface WantedItems {
  readonly instanceTypes: readonly string[];
  /** RDS for MySQL classes, with the deployments used. */
  readonly mysql: Readonly<Record<string, { singleAz: boolean; multiAz: boolean }>>;
  readonly cacheNodeTypes: readonly string[];
}

/** Every instance type, RDS class and cache node type the tier profiles use, sorted. */
export function wantedItems(tiers: readonly TierProfile[]): WantedItems {
  const types = new Set<string>();
  const mysql: Record<string, { singleAz: boolean; multiAz: boolean }> = {};
  const caches = new Set<string>();
  for (const tier of tiers) {
    for (const pool of Object.values(tier.nodePools)) {
      if (pool.provisioner === "managed") pool.instanceTypes.forEach((t) => types.add(t));
      else pool.instanceFamilies.forEach((f) => pool.instanceSizes.forEach((s) => types.add(`${f}.${s}`)));
    }
    const entry = (mysql[tier.mysql.instanceClass] ??= { singleAz: false, multiAz: false });
    if (tier.mysql.multiAz) entry.multiAz = true;
    else entry.singleAz = true;
    caches.add(tier.redis.nodeType);
  }
  return { instanceTypes: [...types].sort(), mysql, cacheNodeTypes: [...caches].sort() };
}

/** A billing usage type with any region prefix (`EU-`, `USE1-`, none in us-east-1) and nothing else before it. */
function usageType(suffix: string): RegExp {
  return new RegExp(`^([A-Z]{2,4}[0-9]?-)?${suffix.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`);
}

/** The selector of each figure, by the table path it fills. */
export const selectors = {
  instance: (instanceType: string): Selector => ({
    label: `${instanceType} Linux on-demand`,
    productFamily: "Compute Instance",
    attributes: {
      instanceType,
      operatingSystem: "Linux",
      tenancy: "Shared",
      preInstalledSw: "NA",
      capacitystatus: "Used",
    },
    unit: "Hrs",
  }),
  gp3: {
    label: "EBS gp3 storage",
    productFamily: "Storage",
    attributes: { volumeApiName: "gp3" },
    unit: "GB-Mo",
  },
  natHour: {
    label: "NAT gateway hour",
    attributes: { usagetype: usageType("NatGateway-Hours") },
    unit: "Hrs",
  },
  natGb: {
    label: "NAT gateway data processed",
    attributes: { usagetype: usageType("NatGateway-Bytes") },
    unit: "GB",
  },
  publicIpv4: {
    label: "public IPv4 address in use",
    attributes: { usagetype: usageType("PublicIPv4:InUseAddress") },
    unit: "Hrs",
  },
  eksCluster: {
    label: "EKS cluster hour",
    attributes: { usagetype: usageType("AmazonEKS-Hours:perCluster") },
    unit: "Hrs",
  },
  eksExtended: {
    label: "EKS extended support cluster hour",
    attributes: { usagetype: usageType("AmazonEKS-Hours:extendedSupport") },
    unit: "Hrs",
  },
  albHour: {
    label: "Application Load Balancer hour",
    productFamily: "Load Balancer-Application",
    attributes: { usagetype: usageType("LoadBalancerUsage") },
    unit: "Hrs",
  },
  albLcu: {
    label: "Application Load Balancer LCU-hour",
    productFamily: "Load Balancer-Application",
    attributes: { usagetype: usageType("LCUUsage") },
    unit: "LCU-Hrs",
  },
  mysql: (instanceClass: string, multiAz: boolean): Selector => ({
    label: `RDS for MySQL ${instanceClass} ${multiAz ? "Multi-AZ" : "Single-AZ"}`,
    productFamily: "Database Instance",
    attributes: {
      instanceType: instanceClass,
      databaseEngine: "MySQL",
      deploymentOption: multiAz ? "Multi-AZ" : "Single-AZ",
    },
    unit: "Hrs",
  }),
  rdsGp3: (multiAz: boolean): Selector => ({
    label: `RDS gp3 storage ${multiAz ? "Multi-AZ" : "Single-AZ"}`,
    productFamily: "Database Storage",
    attributes: {
      volumeType: "General Purpose-GP3",
      databaseEngine: "MySQL",
      deploymentOption: multiAz ? "Multi-AZ" : "Single-AZ",
    },
    unit: "GB-Mo",
  }),
  cache: (nodeType: string, engine: string): Selector => ({
    label: `ElastiCache ${engine} ${nodeType}`,
    productFamily: "Cache Instance",
    attributes: { instanceType: nodeType, cacheEngine: engine.charAt(0).toUpperCase() + engine.slice(1) },
    unit: "Hrs",
  }),
} as const;

/** The offer files read, by service. */
export type Offers = ReadonlyMap<OfferCode, { readonly offer: OfferFile; readonly url: string }>;

/** Builds the price table of `region` from the offer files; `previous` keeps its `notEstimated` notes and spot figure. */
export function buildPriceTable(input: {
  readonly region: string;
  readonly location: string;
  readonly offers: Offers;
  readonly wanted: WantedItems;
  /** `YYYY-MM-DD`. */
  readonly today: string;
  readonly previous?: PriceTable;
}): PriceTable {
  const { offers, today } = input;
  const figure = (code: OfferCode, selector: Selector): Figure => {
    const found = offers.get(code);
    if (!found) return { unknown: `the ${code} offer file was not read` };
    return onDemandFigure(found.offer, selector, { url: found.url, read: today });
  };
  const mysqlHour: Record<string, ByDeployment> = {};
  // Both deployments of every class: a stack may override a tier's multiAz.
  for (const cls of Object.keys(input.wanted.mysql)) {
    mysqlHour[cls] = {
      singleAz: figure("AmazonRDS", selectors.mysql(cls, false)),
      multiAz: figure("AmazonRDS", selectors.mysql(cls, true)),
    };
  }
  return {
    region: input.region,
    location: input.location,
    currency: "USD",
    taken: today,
    method: `Written by npm run prices from the AWS Price List bulk offer files of ${input.region} (${[
      ...offers.values(),
    ]
      .map((o) => `${o.offer.offerCode} ${o.offer.version}`)
      .join(", ")}).`,
    eks: {
      clusterHour: figure("AmazonEKS", selectors.eksCluster),
      extendedSupportClusterHour: figure("AmazonEKS", selectors.eksExtended),
    },
    ec2: {
      onDemandHour: Object.fromEntries(
        input.wanted.instanceTypes.map((t) => [t, figure("AmazonEC2", selectors.instance(t))]),
      ),
      // The Price List has no spot prices: keep what the previous table said.
      spotDiscount: input.previous?.ec2.spotDiscount ?? {
        unknown:
          "the AWS Price List publishes no spot prices; spot capacity is priced at the on-demand rate, a ceiling",
      },
    },
    ebs: { gp3GbMonth: figure("AmazonEC2", selectors.gp3) },
    natGateway: { hour: figure("AmazonEC2", selectors.natHour), perGb: figure("AmazonEC2", selectors.natGb) },
    publicIpv4: { hour: figure("AmazonVPC", selectors.publicIpv4) },
    alb: { hour: figure("AWSELB", selectors.albHour), lcuHour: figure("AWSELB", selectors.albLcu) },
    rds: {
      mysqlHour,
      gp3GbMonth: {
        singleAz: figure("AmazonRDS", selectors.rdsGp3(false)),
        multiAz: figure("AmazonRDS", selectors.rdsGp3(true)),
      },
    },
    elasticache: {
      nodeHour: {
        [REDIS_ENGINE]: Object.fromEntries(
          input.wanted.cacheNodeTypes.map((n) => [
            n,
            figure("AmazonElastiCache", selectors.cache(n, REDIS_ENGINE)),
          ]),
        ),
      },
    },
    cloudwatchLogs: input.previous?.cloudwatchLogs ?? {
      ingestGb: { unknown: "not read: usage-based" },
      storageGbMonth: { unknown: "not read: usage-based" },
    },
    notEstimated: input.previous?.notEstimated ?? {},
  };
}
