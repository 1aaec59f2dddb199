/**
 * Reads AWS Price List bulk offer files (one service, one region:
 * `https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/<service>/current/<region>/index.json`),
 * in the documented JSON shape ("Reading the service price list file for an AWS service",
 * upstream/aws-prices/SOURCE.md): `products.<sku>.{productFamily, attributes}` and
 * `terms.OnDemand.<sku>.<sku.offerTermCode>.priceDimensions.<rateCode>.{unit, beginRange,
 * pricePerUnit.USD}`. A price is taken only when exactly the products a selector describes match
 * and they agree on one on-demand price for the unit asked; anything else is `unknown`, with the
 * reason, never a guess.
 */
import type { Figure } from "./prices";

/** A bulk offer file, as far as the cost reads it. */
export interface OfferFile {
  readonly offerCode: string;
  readonly version: string;
  readonly publicationDate: string;
  readonly products: Readonly<Record<string, OfferProduct>>;
  readonly onDemand: Readonly<Record<string, readonly OfferTerm[]>>;
}

/** One product (SKU). */
export interface OfferProduct {
  readonly sku: string;
  readonly productFamily?: string;
  readonly attributes: Readonly<Record<string, string>>;
}

/** One on-demand term's price dimensions. */
export interface OfferTerm {
  readonly offerTermCode: string;
  readonly dimensions: ReadonlyArray<{
    readonly rateCode: string;
    readonly description: string;
    readonly unit: string;
    readonly beginRange: string;
    readonly usd?: string;
  }>;
}

/** An offer file that is not in the documented shape. */
export class PriceListError extends Error {
  override readonly name = "PriceListError";
}

/** Checks and reads a parsed offer file; throws {@link PriceListError} naming what is missing. */
export function readOffer(json: unknown, where: string): OfferFile {
  const doc = record(json, where);
  const text = (key: string) => {
    const value = doc[key];
    if (typeof value !== "string") throw new PriceListError(`${where}: "${key}" is missing or not a string`);
    return value;
  };
  const products: Record<string, OfferProduct> = {};
  for (const [sku, raw] of Object.entries(record(doc["products"], `${where}: products`))) {
    const product = record(raw, `${where}: products.${sku}`);
    const attributes = Object.fromEntries(
      Object.entries(record(product["attributes"] ?? {}, `${where}: products.${sku}.attributes`)).filter(
        (e): e is [string, string] => typeof e[1] === "string",
      ),
    );
    products[sku] = {
      sku,
      ...(typeof product["productFamily"] === "string" ? { productFamily: product["productFamily"] } : {}),
      attributes,
    };
  }
  const terms = record(doc["terms"], `${where}: terms`);
  const onDemand: Record<string, OfferTerm[]> = {};
  for (const [sku, byTerm] of Object.entries(record(terms["OnDemand"] ?? {}, `${where}: terms.OnDemand`))) {
    onDemand[sku] = Object.entries(record(byTerm, `${where}: terms.OnDemand.${sku}`)).map(
      ([key, rawTerm]) => {
        const term = record(rawTerm, `${where}: terms.OnDemand.${sku}.${key}`);
        const dimensions = Object.entries(
          record(term["priceDimensions"] ?? {}, `${where}: ${key}.priceDimensions`),
        ).map(([rate, rawDimension]) => {
          const d = record(rawDimension, `${where}: ${key}.priceDimensions.${rate}`);
          const usd = record(d["pricePerUnit"] ?? {}, `${where}: ${rate}.pricePerUnit`)["USD"];
          return {
            rateCode: rate,
            description: typeof d["description"] === "string" ? d["description"] : "",
            unit: typeof d["unit"] === "string" ? d["unit"] : "",
            beginRange: typeof d["beginRange"] === "string" ? d["beginRange"] : "0",
            ...(typeof usd === "string" ? { usd } : {}),
          };
        });
        return {
          offerTermCode: typeof term["offerTermCode"] === "string" ? term["offerTermCode"] : key,
          dimensions,
        };
      },
    );
  }
  return {
    offerCode: text("offerCode"),
    version: text("version"),
    publicationDate: text("publicationDate"),
    products,
    onDemand,
  };
}

/** Which products a figure is the price of: their family, exact or tested attributes, and the unit. */
export interface Selector {
  /** What the figure is, for messages (`m6i.large Linux on-demand`). */
  readonly label: string;
  readonly productFamily?: string;
  /** Attribute values: a string must be equal, a regular expression must match. */
  readonly attributes: Readonly<Record<string, string | RegExp>>;
  /** The price dimension's unit (`Hrs`, `GB-Mo`, `GB`). */
  readonly unit: string;
}

/** Where the offer file was read, for the figure's source. */
export interface OfferOrigin {
  readonly url: string;
  /** `YYYY-MM-DD`. */
  readonly read: string;
}

/** The on-demand price the selector describes, with its source, or why there is none. */
export function onDemandFigure(offer: OfferFile, selector: Selector, origin: OfferOrigin): Figure {
  const matching = Object.values(offer.products).filter(
    (p) =>
      (selector.productFamily === undefined || p.productFamily === selector.productFamily) &&
      Object.entries(selector.attributes).every(([key, want]) => {
        const have = p.attributes[key];
        return have !== undefined && (typeof want === "string" ? have === want : want.test(have));
      }),
  );
  if (matching.length === 0) {
    return { unknown: `no product in ${offer.offerCode} ${offer.version} matches ${describe(selector)}` };
  }
  const found = matching.flatMap((p) =>
    (offer.onDemand[p.sku] ?? []).flatMap((term) =>
      term.dimensions
        .filter((d) => d.unit === selector.unit && d.beginRange === "0" && d.usd !== undefined)
        .map((d) => ({ product: p, term, dimension: d, usd: Number(d.usd) })),
    ),
  );
  if (found.length === 0) {
    return {
      unknown: `${matching.map((p) => p.sku).join(", ")} (${selector.label}) has no on-demand price per ${selector.unit} in ${offer.offerCode} ${offer.version}`,
    };
  }
  const prices = [...new Set(found.map((f) => f.usd))];
  if (prices.length > 1 || !Number.isFinite(prices[0]!)) {
    return {
      unknown: `${found.length} on-demand rates match ${describe(selector)} in ${offer.offerCode} ${offer.version} and disagree (${found
        .map((f) => `${f.product.sku}: ${f.dimension.usd}`)
        .join(", ")})`,
    };
  }
  const first = found[0]!;
  return {
    usd: first.usd,
    source: {
      title: `AWS Price List, ${offer.offerCode} offer file (${selector.label})`,
      url: origin.url,
      read: origin.read,
      evidence: "price-list",
      quote: first.dimension.description || `${first.dimension.usd} USD per ${first.dimension.unit}`,
      offer: offer.offerCode,
      version: offer.version,
      publicationDate: offer.publicationDate,
      sku: first.product.sku,
      rateCode: first.dimension.rateCode,
    },
  };
}

function describe(selector: Selector): string {
  const attributes = Object.entries(selector.attributes).map(
    ([k, v]) => `${k}=${typeof v === "string" ? v : String(v)}`,
  );
  return `${selector.label} (${[...(selector.productFamily ? [`productFamily=${selector.productFamily}`] : []), ...attributes, `unit=${selector.unit}`].join(", ")})`;
}

function record(value: unknown, where: string): Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new PriceListError(`${where}: not a JSON object`);
  }
  return value as Record<string, unknown>;
}
