/**
 * The price table a cost estimate reads (`upstream/aws-prices/<region>.json`): one figure per thing
 * the stacks pay for, each with its source, or `unknown` with the reason none was found. Nothing
 * here estimates a missing figure from another region or type: an unknown figure stays unknown and
 * the estimate says so (`money.ts`).
 */
import { z } from "zod";
import { isIsoDate } from "../dates";

/** Hours in the month every estimate is for (AWS's own convention: 365 × 24 / 12). */
export const HOURS_PER_MONTH = 730;

/** How directly a figure comes from AWS. */
export const EVIDENCE_LEVELS = ["aws", "price-list", "secondary"] as const;
/** One of {@link EVIDENCE_LEVELS}. */
export type Evidence = (typeof EVIDENCE_LEVELS)[number];

/** Where a figure was read. */
export interface PriceSource {
  readonly title: string;
  readonly url?: string;
  /** Search index ids of the stored files it was read from, when their repository is not named. */
  readonly index?: readonly string[];
  /** `YYYY-MM-DD`. */
  readonly read: string;
  readonly evidence: Evidence;
  /** The words the figure was read from. */
  readonly quote?: string;
  readonly note?: string;
  /** Price List fields (`npm run prices`): the offer, its version and publication date, the SKU and rate. */
  readonly offer?: string;
  readonly version?: string;
  readonly publicationDate?: string;
  readonly sku?: string;
  readonly rateCode?: string;
}

/** A price in USD with its source, or why there is none. */
export type Figure = { readonly usd: number; readonly source: PriceSource } | { readonly unknown: string };

/** RDS prices differ by deployment. */
export interface ByDeployment {
  readonly singleAz: Figure;
  readonly multiAz: Figure;
}

/** Everything `upstream/aws-prices/<region>.json` holds. */
export interface PriceTable {
  readonly region: string;
  readonly location: string;
  readonly currency: "USD";
  /** The day the table was taken (`YYYY-MM-DD`). */
  readonly taken: string;
  readonly method: string;
  readonly eks: { readonly clusterHour: Figure; readonly extendedSupportClusterHour: Figure };
  readonly ec2: {
    /** Linux, shared tenancy, on-demand, per instance-hour. */
    readonly onDemandHour: Readonly<Record<string, Figure>>;
    /** Fraction off on-demand that spot capacity costs (0.6 = 60 % off). */
    readonly spotDiscount: Figure;
  };
  readonly ebs: { readonly gp3GbMonth: Figure };
  readonly natGateway: { readonly hour: Figure; readonly perGb: Figure };
  readonly publicIpv4: { readonly hour: Figure };
  readonly alb: { readonly hour: Figure; readonly lcuHour: Figure };
  readonly rds: {
    /** RDS for MySQL instance-hour by instance class. */
    readonly mysqlHour: Readonly<Record<string, ByDeployment>>;
    readonly gp3GbMonth: ByDeployment;
  };
  readonly elasticache: {
    /** Node-hour by engine (`valkey`, `redis`) and node type. */
    readonly nodeHour: Readonly<Record<string, Readonly<Record<string, Figure>>>>;
  };
  readonly cloudwatchLogs: { readonly ingestGb: Figure; readonly storageGbMonth: Figure };
  /** Charges the estimate leaves out, and why. */
  readonly notEstimated: Readonly<Record<string, string>>;
}

const isoDate = z.string().refine(isIsoDate, "must be a date written YYYY-MM-DD");

const sourceSchema = z.strictObject({
  title: z.string().min(1),
  url: z.url().optional(),
  index: z.array(z.string().regex(/^\d+$/, "must be a search index id (digits)")).min(1).optional(),
  read: isoDate,
  evidence: z.enum(EVIDENCE_LEVELS),
  quote: z.string().min(1).optional(),
  note: z.string().optional(),
  offer: z.string().optional(),
  version: z.string().optional(),
  publicationDate: z.string().optional(),
  sku: z.string().optional(),
  rateCode: z.string().optional(),
});

const figureSchema = z.union([
  z.strictObject({ usd: z.number().nonnegative(), source: sourceSchema }),
  z.strictObject({ unknown: z.string().min(1) }),
]);

const byDeployment = z.strictObject({ singleAz: figureSchema, multiAz: figureSchema });

const tableSchema = z.strictObject({
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "must be an AWS region code such as eu-west-1"),
  location: z.string().min(1),
  currency: z.literal("USD"),
  taken: isoDate,
  method: z.string().min(1),
  eks: z.strictObject({ clusterHour: figureSchema, extendedSupportClusterHour: figureSchema }),
  ec2: z.strictObject({
    onDemandHour: z.record(z.string(), figureSchema),
    spotDiscount: figureSchema,
  }),
  ebs: z.strictObject({ gp3GbMonth: figureSchema }),
  natGateway: z.strictObject({ hour: figureSchema, perGb: figureSchema }),
  publicIpv4: z.strictObject({ hour: figureSchema }),
  alb: z.strictObject({ hour: figureSchema, lcuHour: figureSchema }),
  rds: z.strictObject({ mysqlHour: z.record(z.string(), byDeployment), gp3GbMonth: byDeployment }),
  elasticache: z.strictObject({ nodeHour: z.record(z.string(), z.record(z.string(), figureSchema)) }),
  cloudwatchLogs: z.strictObject({ ingestGb: figureSchema, storageGbMonth: figureSchema }),
  notEstimated: z.record(z.string(), z.string()),
});

/** A price table that is not in the documented shape. */
export class PriceTableError extends Error {
  override readonly name = "PriceTableError";
}

/** Checks a parsed price table file; throws {@link PriceTableError} naming the first bad field. */
export function parsePriceTable(value: unknown, file: string): PriceTable {
  const result = tableSchema.safeParse(value);
  if (!result.success) {
    const first = result.error.issues[0]!;
    throw new PriceTableError(`${file}: ${first.path.join(".") || "(root)"}: ${first.message}`);
  }
  const table = result.data as PriceTable;
  const spot = table.ec2.spotDiscount;
  if ("usd" in spot && spot.usd >= 1) {
    throw new PriceTableError(`${file}: ec2.spotDiscount: ${spot.usd} is a fraction off on-demand, below 1`);
  }
  return table;
}

/** Every figure of a table with its dotted path (`ec2.onDemandHour.m6i.large`), for reports and tests. */
export function figuresOf(table: PriceTable): Array<{ path: string; figure: Figure }> {
  const out: Array<{ path: string; figure: Figure }> = [];
  const walk = (value: unknown, path: string): void => {
    if (value === null || typeof value !== "object") return;
    if ("usd" in value || "unknown" in value) {
      out.push({ path, figure: value as Figure });
      return;
    }
    for (const [key, child] of Object.entries(value)) walk(child, path ? `${path}.${key}` : key);
  };
  const {
    region: _r,
    location: _l,
    currency: _c,
    taken: _t,
    method: _m,
    notEstimated: _n,
    ...priced
  } = table;
  walk(priced, "");
  return out;
}

/** Whether a figure is known. */
export function isKnown(figure: Figure | undefined): figure is { usd: number; source: PriceSource } {
  return figure !== undefined && "usd" in figure;
}
