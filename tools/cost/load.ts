/** Reads a region's price table from the repository (`upstream/aws-prices/<region>.json`) or a file given. */
import { existsSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { parsePriceTable, PriceTableError, type PriceTable } from "../../lib/cost/prices";

/** The committed price table of `region`. */
export function priceTableFile(root: string, region: string): string {
  return join(root, "upstream", "aws-prices", `${region}.json`);
}

/** A price table and where it came from (a path relative to the repository when inside it). */
export interface LoadedPrices {
  readonly table: PriceTable;
  readonly file: string;
}

/**
 * Reads the price table for `region` (or `file`); throws PriceTableError saying which file is
 * missing or wrong, and, for a file given, when it is for another region.
 */
export function loadPriceTable(root: string, region: string, file?: string): LoadedPrices {
  const path = file ?? priceTableFile(root, region);
  const shown = path.startsWith(root) ? relative(root, path) : path;
  if (!existsSync(path)) {
    throw new PriceTableError(
      file
        ? `${shown} does not exist`
        : `no price table for region ${region}: ${shown} does not exist (npm run prices -- --region ${region} writes it)`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    throw new PriceTableError(`${shown}: not JSON (${(err as Error).message})`);
  }
  const table = parsePriceTable(json, shown);
  if (table.region !== region) {
    throw new PriceTableError(`${shown} holds prices for ${table.region}, but the stacks are in ${region}`);
  }
  return { table, file: shown };
}
