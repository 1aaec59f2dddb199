/** Command-line arguments of `npm run envs`. */
import { parseArgs } from "node:util";
import { isIsoDate } from "../../lib/dates";
import { TIER_NAMES, type TierName } from "../../stacks/tier";
import { DEFAULT_PARALLEL } from "./run";

/** A bad command line, printed with the usage and exit code 2. */
export class EnvsUsageError extends Error {
  override readonly name = "EnvsUsageError";
}

/** The usage text (`--help`). */
export const ENVS_USAGE = `usage: npm run envs -- <command> <tier> [options]

commands:
  check <tier> [--base REF]        validate the tier's registry (environments/<tier>/) as a whole;
                                   with --base, also what the change since REF does to Redis DBs
  sync <tier> [options]            converge the tier's environment stacks to the registry
      --dry-run [--base REF]       no cloud: print "<action> <stack>" per environment stack,
                                   comparing the registry and program with REF (default HEAD)
      --parallel N                 stacks updated at once (default ${DEFAULT_PARALLEL})
      --only a,b                   only these environments
      --force                      update every existing stack, changed or not
      --logs DIR                   one log file per stack (default .envs-logs)
  migrate <tier> [--org ORG]       print the pulumi commands that move a tier deployed with
                                   environments inside its platform stack to one stack each

options for every command:
  --today YYYY-MM-DD               judge lifetimes as of this day (default: today, UTC)
  --help                           this text`;

/** Parsed arguments. */
export type EnvsArgs =
  | { readonly command: "help" }
  | { readonly command: "check"; readonly tier: TierName; readonly base?: string; readonly today?: string }
  | {
      readonly command: "sync";
      readonly tier: TierName;
      readonly dryRun: boolean;
      readonly base?: string;
      readonly parallel: number;
      readonly only?: readonly string[];
      readonly force: boolean;
      readonly logs: string;
      readonly today?: string;
    }
  | { readonly command: "migrate"; readonly tier: TierName; readonly org: string; readonly today?: string };

const COMMANDS = ["check", "sync", "migrate"] as const;

/** Parses argv (without node and script); throws {@link EnvsUsageError} naming what is wrong. */
export function parseEnvsArgs(argv: readonly string[]): EnvsArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        help: { type: "boolean", short: "h" },
        base: { type: "string" },
        "dry-run": { type: "boolean" },
        parallel: { type: "string" },
        only: { type: "string" },
        force: { type: "boolean" },
        logs: { type: "string" },
        org: { type: "string" },
        today: { type: "string" },
      },
    });
  } catch (err) {
    throw new EnvsUsageError((err as Error).message.replace(/\. To specify a positional.*$/s, ""));
  }
  const { values, positionals } = parsed;
  if (values.help) return { command: "help" };
  const [command, tier, ...rest] = positionals;
  if (command === undefined) throw new EnvsUsageError(`missing <command>: one of ${COMMANDS.join(", ")}`);
  if (!(COMMANDS as readonly string[]).includes(command)) {
    throw new EnvsUsageError(`unknown command "${command}"; commands: ${COMMANDS.join(", ")}`);
  }
  if (tier === undefined)
    throw new EnvsUsageError(`${command} needs a <tier>: one of ${TIER_NAMES.join(", ")}`);
  if (!(TIER_NAMES as readonly string[]).includes(tier)) {
    throw new EnvsUsageError(`"${tier}" is not a tier; tiers: ${TIER_NAMES.join(", ")}`);
  }
  if (rest.length > 0) throw new EnvsUsageError(`unexpected argument "${rest[0]}"`);
  const today = values.today;
  if (today !== undefined && !isIsoDate(today)) {
    throw new EnvsUsageError(`--today: "${today}" is not a date written YYYY-MM-DD`);
  }
  const allow = (allowed: readonly string[]) => {
    const given = Object.keys(values).filter((k) => k !== "today" && !allowed.includes(k));
    if (given.length > 0) {
      throw new EnvsUsageError(
        `${command} does not take --${given[0]}; it takes ${allowed.map((a) => `--${a}`).join(", ") || "no options"}`,
      );
    }
  };
  const dated = today !== undefined ? { today } : {};
  const typedTier = tier as TierName;
  if (command === "check") {
    allow(["base"]);
    return { command, tier: typedTier, ...(values.base ? { base: values.base } : {}), ...dated };
  }
  if (command === "migrate") {
    allow(["org"]);
    return { command, tier: typedTier, org: values.org ?? "organization", ...dated };
  }
  allow(["dry-run", "base", "parallel", "only", "force", "logs"]);
  const sync = "sync" as const;
  if (values.base !== undefined && !values["dry-run"]) {
    throw new EnvsUsageError(
      "--base only applies to --dry-run (a real sync compares with the backend's stacks)",
    );
  }
  const parallel = values.parallel === undefined ? DEFAULT_PARALLEL : Number(values.parallel);
  if (!Number.isInteger(parallel) || parallel < 1 || parallel > 32) {
    throw new EnvsUsageError(`--parallel: "${values.parallel}" is not a whole number from 1 to 32`);
  }
  const only = values.only
    ?.split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (values.only !== undefined && (only ?? []).length === 0) {
    throw new EnvsUsageError("--only needs environment names, such as --only dev1,dev2");
  }
  return {
    command: sync,
    tier: typedTier,
    dryRun: values["dry-run"] ?? false,
    ...(values.base ? { base: values.base } : {}),
    parallel,
    ...(only ? { only } : {}),
    force: values.force ?? false,
    logs: values.logs ?? ".envs-logs",
    ...dated,
  };
}
