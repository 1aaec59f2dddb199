/**
 * `npm run prices -- --region eu-west-1 [--offers-dir DIR] [--out FILE] [--today YYYY-MM-DD]`:
 * refreshes `upstream/aws-prices/<region>.json` from the AWS Price List bulk offer files
 * (`https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/<service>/current/<region>/index.json`,
 * no credentials needed) for everything the tiers use (`tools/prices/build.ts`). `--offers-dir`
 * reads `<service>.json` files downloaded beforehand instead (the files are large: AmazonEC2's is
 * hundreds of MB). A figure the offer files do not give stays `unknown` with the reason.
 * Nothing is written unless every offer file was read. Exit codes: 0 written; 1 an offer file could
 * not be fetched or read (offline, for one); 2 bad arguments.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { isIsoDate, todayUtc } from "../lib/dates";
import { PriceListError, readOffer, type OfferFile } from "../lib/cost/price-list";
import { figuresOf, parsePriceTable, PriceTableError, type PriceTable } from "../lib/cost/prices";
import { COMMERCIAL_REGIONS } from "../lib/regions";
import { TIERS } from "../stacks/tiers";
import { unwritableReason, userDirectory } from "./plan/user-paths";
import { buildPriceTable, OFFER_CODES, offerUrl, wantedItems, type OfferCode } from "./prices/build";

const ROOT = resolve(__dirname, "..");

/** How to call the tool, printed with every argument error. */
export const PRICES_USAGE =
  "usage: npm run prices -- --region REGION [--offers-dir DIR] [--out FILE] [--today YYYY-MM-DD]";

class UsageError extends Error {}
class FetchError extends Error {}

interface PricesArgs {
  readonly region: string;
  readonly offersDir?: string;
  readonly out?: string;
  readonly today?: string;
}

/** Parses the arguments; throws UsageError naming the bad one. */
export function parsePricesArgs(argv: readonly string[]): PricesArgs | "help" {
  if (argv.includes("--help") || argv.includes("-h")) return "help";
  const values: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf("=");
    const [name, inline] =
      arg.startsWith("--") && eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
    if (!["--region", "--offers-dir", "--out", "--today"].includes(name)) {
      throw new UsageError(`${arg}: not an option; allowed: --region, --offers-dir, --out, --today, --help`);
    }
    const value = inline ?? argv[++i];
    if (value === undefined || value.startsWith("--")) throw new UsageError(`${name} needs a value`);
    values[name] = value;
  }
  const region = values["--region"];
  if (!region) throw new UsageError("--region is required (the stacks' region, e.g. eu-west-1)");
  if (!(COMMERCIAL_REGIONS as readonly string[]).includes(region)) {
    throw new UsageError(
      `--region: "${region}" is not a commercial AWS region; regions: ${COMMERCIAL_REGIONS.join(", ")}`,
    );
  }
  if (values["--today"] !== undefined && !isIsoDate(values["--today"])) {
    throw new UsageError(`--today: "${values["--today"]}" is not a date written YYYY-MM-DD`);
  }
  return {
    region,
    ...(values["--offers-dir"] ? { offersDir: values["--offers-dir"] } : {}),
    ...(values["--out"] ? { out: values["--out"] } : {}),
    ...(values["--today"] ? { today: values["--today"] } : {}),
  };
}

/** Reads one offer file from disk or the Price List endpoint; throws FetchError saying why not. */
async function loadOffer(
  code: OfferCode,
  region: string,
  offersDir: string | undefined,
): Promise<{ offer: OfferFile; url: string }> {
  const url = offerUrl(code, region);
  let text: string;
  if (offersDir) {
    const file = join(offersDir, `${code}.json`);
    if (!existsSync(file))
      throw new FetchError(`--offers-dir: ${file} does not exist (download ${url} there first)`);
    text = readFileSync(file, "utf8");
  } else {
    let response: Response;
    try {
      response = await fetch(url, { signal: AbortSignal.timeout(120_000) });
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      throw new FetchError(
        `cannot reach ${url}: ${cause?.code ?? cause?.message ?? (err as Error).message}. The AWS Price List is not reachable from here; run this where it is, or download the offer files and pass --offers-dir DIR. Nothing was written.`,
      );
    }
    if (!response.ok) throw new FetchError(`${url} answered HTTP ${response.status}; nothing was written`);
    text = await response.text();
  }
  try {
    return { offer: readOffer(JSON.parse(text), url), url };
  } catch (err) {
    if (err instanceof PriceListError || err instanceof SyntaxError) {
      throw new FetchError(`${url}: not a Price List offer file (${err.message}); nothing was written`);
    }
    throw err;
  }
}

/** The region's name as the Price List writes it (`EU (Ireland)`), from the products' `location`. */
function offerLocation(offer: OfferFile): string | undefined {
  return Object.values(offer.products).find((p) => p.attributes["locationType"] === "AWS Region")?.attributes[
    "location"
  ];
}

async function main(argv: readonly string[]): Promise<number> {
  const args = parsePricesArgs(argv);
  if (args === "help") {
    console.log(
      `${PRICES_USAGE}\n\nRewrites upstream/aws-prices/<region>.json from the AWS Price List bulk offer files.`,
    );
    return 0;
  }
  const dir = userDirectory("prices");
  const out = args.out ? resolve(dir, args.out) : join(ROOT, "upstream", "aws-prices", `${args.region}.json`);
  const offersDir = args.offersDir ? resolve(dir, args.offersDir) : undefined;
  if (offersDir && (!existsSync(offersDir) || !statSync(offersDir).isDirectory())) {
    throw new UsageError(`--offers-dir: ${offersDir} is not a directory`);
  }
  const unwritable = unwritableReason(out);
  if (unwritable) throw new UsageError(`--out: cannot write ${out}: ${unwritable}`);
  const previous: PriceTable | undefined = existsSync(out)
    ? parsePriceTable(JSON.parse(readFileSync(out, "utf8")), out)
    : undefined;
  const offers = new Map<OfferCode, { offer: OfferFile; url: string }>();
  for (const code of OFFER_CODES) {
    console.error(
      `prices: reading ${offersDir ? join(offersDir, `${code}.json`) : offerUrl(code, args.region)}`,
    );
    offers.set(code, await loadOffer(code, args.region, offersDir));
  }
  const table = buildPriceTable({
    region: args.region,
    location: offerLocation(offers.get("AmazonEC2")!.offer) ?? previous?.location ?? args.region,
    offers,
    wanted: wantedItems(Object.values(TIERS)),
    today: args.today ?? todayUtc(),
    ...(previous ? { previous } : {}),
  });
  writeFileSync(out, `${JSON.stringify(table, null, 2)}\n`);
  const unknown = figuresOf(table).filter((f) => "unknown" in f.figure);
  console.log(`prices: wrote ${out}`);
  for (const { path, figure } of unknown)
    console.log(`  unknown ${path}: ${(figure as { unknown: string }).unknown}`);
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      if (err instanceof UsageError) {
        console.error(`prices: ${err.message}\n${PRICES_USAGE}`);
        process.exit(2);
      }
      if (err instanceof FetchError || err instanceof PriceTableError) {
        console.error(`prices: ${err.message}`);
        process.exit(1);
      }
      console.error(err);
      process.exit(1);
    },
  );
}
