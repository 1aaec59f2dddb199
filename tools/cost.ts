/**
 * `npm run cost -- <tier|tier.env>... [--platform-only] [--json] [--awake "Mon-Fri 08:00-20:00"|always]
 * [--marginal] [--prices FILE] [--registry DIR] [--today YYYY-MM-DD]`.
 *
 * Plans the targets offline as `npm run plan` does (same target names: a tier is its platform stack
 * and its environment stacks; `dev.dev1` one environment stack), and prices them with the region's
 * table (`upstream/aws-prices/<region>.json`, dated): the platform stack by part, every environment
 * always on and on its sleep schedule, the totals, the prices that are unknown, and the assumptions.
 * `--marginal` adds one more environment at the tier's defaults and the platform's base cost.
 * Exit codes: 0 priced; 1 a stack could not be planned; 2 bad arguments, config or price table.
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { PriceTableError } from "../lib/cost/prices";
import { parseAwake, type Awake } from "../lib/cost/schedule";
import { isIsoDate } from "../lib/dates";
import { ConfigError } from "../stacks/errors";
import { loadPriceTable } from "./cost/load";
import { costJson, renderCostText } from "./cost/render";
import { tierCost, type TierCost } from "./cost/report";
import { StackFileError } from "./plan/stack-files";
import { parseTargets, planTargets } from "./plan/targets";
import { userDirectory } from "./plan/user-paths";

const ROOT = resolve(__dirname, "..");

/** How to call the tool, printed with every argument error. */
export const COST_USAGE =
  'usage: npm run cost -- <tier|tier.env>... [--platform-only] [--json] [--awake "Mon-Fri 08:00-20:00 [ZONE]"|always] [--marginal] [--prices FILE] [--registry DIR] [--today YYYY-MM-DD]';

const HELP = [
  COST_USAGE,
  "",
  "Prints the monthly cost estimate of each target, planned offline as `npm run plan` plans it:",
  "the platform stack by part (control plane, NAT, public IPv4, ALB, system nodes, the log pipeline's",
  "share of them, log storage, RDS, ElastiCache) and every environment stack's share of the game",
  "nodes and its volumes, always on and on its sleep schedule, with totals.",
  "",
  "  --platform-only   price only the platform stacks of the tiers named",
  "  --json            print the estimate as JSON",
  "  --awake SCHEDULE  the schedule of environments with none of their own: days and hours awake",
  '                    ("Mon-Fri 08:00-20:00", optionally a time zone after it) or "always";',
  "                    default: the tier's (office hours on dev and qa, always on for stage)",
  "  --marginal        also price one more environment at the tier's defaults, and the platform base",
  "  --prices FILE     price with this table instead of upstream/aws-prices/<region>.json",
  "  --registry DIR    read environments/<tier>/ from DIR (test/fixtures)",
  "  --today DATE      judge environment lifetimes as of this day (YYYY-MM-DD)",
  "",
  "Exit codes: 0 priced; 1 a stack could not be planned; 2 bad arguments, config or price table.",
].join("\n");

/** Bad command-line input. */
export class CostArgsError extends Error {}

/** Parsed `cost` arguments. */
export interface CostArgs {
  readonly targets: string[];
  readonly json: boolean;
  readonly platformOnly: boolean;
  readonly marginal: boolean;
  readonly awake?: Awake;
  readonly prices?: string;
  readonly registry?: string;
  readonly today?: string;
}

/** Parses `argv`; "help" for `--help`; throws CostArgsError naming the bad argument. */
export function parseCostArgs(argv: readonly string[]): CostArgs | "help" {
  if (argv.includes("--help") || argv.includes("-h")) return "help";
  const targets: string[] = [];
  let json = false;
  let platformOnly = false;
  let marginal = false;
  let awake: Awake | undefined;
  let prices: string | undefined;
  let registry: string | undefined;
  let today: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i]!;
    const eq = raw.indexOf("=");
    const [arg, inline] =
      raw.startsWith("--") && eq > 0 ? [raw.slice(0, eq), raw.slice(eq + 1)] : [raw, undefined];
    const value = (what: string) => {
      if (inline !== undefined) return inline;
      const next = argv[++i];
      if (next === undefined || next.startsWith("--")) throw new CostArgsError(`${arg} needs ${what}`);
      return next;
    };
    if (arg === "--json") json = true;
    else if (arg === "--platform-only") platformOnly = true;
    else if (arg === "--marginal") marginal = true;
    else if (arg === "--awake") {
      const parsed = parseAwake(value('a schedule such as "Mon-Fri 08:00-20:00" or always'), "Europe/Berlin");
      if (typeof parsed === "object" && "problem" in parsed)
        throw new CostArgsError(`--awake: ${parsed.problem}`);
      awake = parsed;
    } else if (arg === "--prices") prices = value("a price table file");
    else if (arg === "--registry") registry = value("a folder holding environments/<tier>/");
    else if (arg === "--today") {
      today = value("a date written YYYY-MM-DD");
      if (!isIsoDate(today)) throw new CostArgsError(`--today: "${today}" is not a date written YYYY-MM-DD`);
    } else if (arg.startsWith("-")) {
      throw new CostArgsError(
        `unknown option ${arg}; allowed: --platform-only, --json, --awake, --marginal, --prices, --registry, --today, --help`,
      );
    } else if (!/^[A-Za-z0-9_.-]+$/.test(arg)) {
      throw new CostArgsError(`"${arg}" is not a stack name (letters, digits, '-', '_', '.')`);
    } else if (!targets.includes(arg)) targets.push(arg);
  }
  if (targets.length === 0) {
    throw new CostArgsError("missing <target>: a tier such as dev, or an environment stack such as dev.dev1");
  }
  if (marginal && platformOnly)
    throw new CostArgsError("--marginal prices an environment; it cannot take --platform-only");
  return {
    targets,
    json,
    platformOnly,
    marginal,
    ...(awake ? { awake } : {}),
    ...(prices ? { prices } : {}),
    ...(registry ? { registry } : {}),
    ...(today ? { today } : {}),
  };
}

async function main(argv: readonly string[]): Promise<number> {
  const args = parseCostArgs(argv);
  if (args === "help") {
    console.log(HELP);
    return 0;
  }
  const dir = userDirectory("cost");
  const registry = args.registry ? resolve(dir, args.registry) : undefined;
  if (registry && !existsSync(join(registry, "environments"))) {
    throw new StackFileError(`--registry: ${registry} holds no environments/ folder`);
  }
  const pricesFile = args.prices ? resolve(dir, args.prices) : undefined;
  if (pricesFile && !existsSync(pricesFile))
    throw new PriceTableError(`--prices: ${pricesFile} does not exist`);
  const targets = parseTargets(ROOT, args.targets, args.platformOnly ? { platformOnly: true } : {});
  console.error(`cost: planning ${args.targets.join(", ")} offline (seconds per stack)`);
  const planned = await planTargets({
    root: ROOT,
    targets,
    ...(registry ? { registryRoot: registry } : {}),
    ...(args.today ? { today: args.today } : {}),
  });
  const tiers: TierCost[] = [];
  let prices: ReturnType<typeof loadPriceTable> | undefined;
  for (const target of targets) {
    const platformPlan = planned.platforms.get(target.tier);
    if (!platformPlan) continue;
    const region = regionOf(platformPlan.outputs);
    prices ??= loadPriceTable(ROOT, region, pricesFile);
    if (prices.table.region !== region) {
      throw new PriceTableError(
        `${prices.file} holds prices for ${prices.table.region}, but ${target.tier} is in ${region}`,
      );
    }
    const environmentPlans = planned.order
      .filter((stack) => stack.startsWith(`${target.tier}.`))
      .map((stack) => planned.plans.get(stack))
      .filter((p) => p !== undefined);
    tiers.push(
      tierCost({
        tier: target.tier,
        platformPlan,
        includePlatform: target.platform,
        environmentPlans,
        prices: prices.table,
        ...(args.awake ? { awake: args.awake } : {}),
        marginal: args.marginal,
      }),
    );
  }
  if (!prices) {
    for (const [stack, problems] of planned.problems) console.error(`cost: ${stack}: ${problems.join("\n")}`);
    return 2;
  }
  const run = { prices, tiers, problems: planned.problems };
  if (args.json) console.log(JSON.stringify(costJson(run), null, 2));
  else console.log(renderCostText(run));
  return planned.problems.size > 0 ? 1 : 0;
}

/** The region a platform plan's stack is in (its `environmentSettings.region` output). */
function regionOf(outputs: unknown): string {
  const settings = (outputs as { environmentSettings?: { region?: unknown } } | null)?.environmentSettings;
  if (typeof settings?.region !== "string") {
    throw new StackFileError(
      "the platform plan exports no environmentSettings.region: cannot tell which prices apply",
    );
  }
  return settings.region;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      if (err instanceof CostArgsError) {
        console.error(`cost: ${err.message}\n${COST_USAGE}`);
        process.exit(2);
      }
      if (err instanceof ConfigError || err instanceof StackFileError || err instanceof PriceTableError) {
        console.error(`cost: ${err.message}`);
        process.exit(2);
      }
      console.error(err);
      process.exit(1);
    },
  );
}
