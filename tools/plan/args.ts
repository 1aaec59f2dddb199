/** Command-line arguments of `npm run plan`. */
import { isIsoDate } from "../../lib/dates";
import { StackFileError } from "./stack-files";

/** How a diff is printed: for a terminal, or as one pull-request comment. */
export type DiffFormat = "text" | "markdown";

/** Parsed `plan` arguments. */
export interface PlanArgs {
  /**
   * One or more targets, in the order given: a tier (`dev`: its platform stack and one stack per
   * environment file), or an environment stack (`dev.dev1`).
   */
  readonly stacks: string[];
  /** Plan only the platform stacks of tier targets. */
  readonly platformOnly?: boolean;
  /** Write every planned stack's JSON into this folder (`<stack>.json`); resolve against the user's directory. */
  readonly jsonDir?: string;
  /** Read `environments/<tier>/` from this folder instead of the repository (test fixtures). */
  readonly registry?: string;
  /** Judge environment lifetimes as of this day (`YYYY-MM-DD`). @default today (UTC) */
  readonly today?: string;
  /** With a diff: exit 3 when any planned stack changes (and nothing failed), 0 when none does. */
  readonly detailedExitCode?: boolean;
  /** As given on the command line; resolve against the user's directory (`userPath`). */
  readonly configFile?: string;
  /** As given on the command line; resolve against the user's directory (`userPath`). */
  readonly json?: string;
  /** Compare with a base plan (implied by `--base` and `--format`). */
  readonly diff: boolean;
  readonly update: boolean;
  /** Plan the program as it is at this git ref and compare with that, instead of plans/<stack>.json. */
  readonly base?: string;
  readonly format: DiffFormat;
}

/** How to call the tool, printed with every argument error. */
export const PLAN_USAGE =
  "usage: npm run plan -- <tier|tier.env>... [--platform-only] [--config-file FILE] [--json FILE | --json-dir DIR] [--diff [--base REF] [--format text|markdown]] [--update] [--registry DIR] [--today YYYY-MM-DD]";

/** `--help`: the usage, then what each option does. */
export const PLAN_HELP = [
  PLAN_USAGE,
  "",
  "Plans each stack offline under Pulumi's mock runtime (no cloud account, no Pulumi CLI), checks every",
  "Kubernetes object against the upstream schema, and prints the resource tree (or, with --diff, what",
  "changes). A target is a tier (dev, qa, stage: its platform stack, Pulumi.<tier>.yaml, and one",
  "environment stack per file in environments/<tier>/), or one environment stack, <tier>.<env> (dev.dev1),",
  "planned against its platform's planned outputs.",
  "",
  "  --platform-only      plan only the platform stacks of the tiers named",
  "  --diff               show what changes, instead of the tree: platform stacks against the committed",
  "                       plans/<tier>.json, environment stacks against the program and registry at HEAD",
  "  --base REF           compare with the program as it is at git REF (planned in a temporary worktree); implies --diff",
  "  --format text|markdown",
  "                       text (default) for a terminal; markdown prints one pull-request comment on stdout,",
  "                       with the offline policy result (new findings first); implies --diff",
  "  --json FILE          also write the plan JSON to FILE (one stack)",
  "  --json-dir DIR       also write every planned stack's JSON to DIR/<stack>.json",
  "  --registry DIR       read environments/<tier>/ from DIR instead of the repository (test/fixtures)",
  "  --today YYYY-MM-DD   judge environment lifetimes as of this day (default: today, UTC)",
  "  --detailed-exitcode  with a diff, exit 3 when anything changes and 0 when nothing does (for CI)",
  "  --config-file FILE   plan with this settings file instead of Pulumi.<stack>.yaml (one stack; not with --update)",
  "  --update             rewrite the committed plans/<tier>.json of each platform stack (and, with",
  "                       --registry test/fixtures, plans/fixtures/<stack>.json of the fixture environments)",
  "  -h, --help           print this help",
  "",
  "Relative FILE paths are taken from the directory you ran npm in.",
  "Exit codes: 0 fine; 1 schema problems (markdown: also a mandatory policy violation); 2 bad arguments or config;",
  "3 something changes (only with --detailed-exitcode).",
].join("\n");

const FORMATS: readonly DiffFormat[] = ["text", "markdown"];
const OPTIONS =
  "--platform-only, --config-file, --json, --json-dir, --diff, --update, --base, --format, --registry, --today, --detailed-exitcode, --help";

/** Parses `argv` (without node and script); "help" for `--help`; throws `StackFileError` naming the bad argument. */
export function parsePlanArgs(argv: readonly string[]): PlanArgs | "help" {
  const stacks: string[] = [];
  let configFile: string | undefined;
  let json: string | undefined;
  let base: string | undefined;
  let format: DiffFormat | undefined;
  let diff = false;
  let update = false;
  let platformOnly = false;
  let jsonDir: string | undefined;
  let registry: string | undefined;
  let today: string | undefined;
  let detailedExitCode = false;
  if (argv.some((a) => a === "--help" || a === "-h")) return "help";
  for (let i = 0; i < argv.length; i++) {
    const [arg, inline] = splitOption(argv[i]!);
    const value = (what: string) => {
      if (inline !== undefined) return inline;
      const next = argv[++i];
      if (next === undefined || next.startsWith("--"))
        throw new StackFileError(`${arg} needs ${what}\n${PLAN_USAGE}`);
      return next;
    };
    if (arg === "--config-file") configFile = value("a file name");
    else if (arg === "--json") json = value("a file name");
    else if (arg === "--base") base = value("a git ref (a branch, tag or commit)");
    else if (arg === "--format") format = parseFormat(value("text or markdown"));
    else if (arg === "--json-dir") jsonDir = value("a folder");
    else if (arg === "--registry") registry = value("a folder holding environments/<tier>/");
    else if (arg === "--today") today = parseToday(value("a date written YYYY-MM-DD"));
    else if (arg === "--platform-only") platformOnly = true;
    else if (arg === "--detailed-exitcode") detailedExitCode = true;
    else if (arg === "--diff") diff = true;
    else if (arg === "--update") update = true;
    else if (arg.startsWith("-"))
      throw new StackFileError(`unknown option ${arg}; allowed: ${OPTIONS}\n${PLAN_USAGE}`);
    else if (!stacks.includes(arg)) stacks.push(arg);
  }
  if (stacks.length === 0)
    throw new StackFileError(
      `missing <stack> (a tier such as dev, or an environment stack such as dev.dev1)\n${PLAN_USAGE}`,
    );
  for (const stack of stacks) {
    if (!/^[A-Za-z0-9_.-]+$/.test(stack))
      throw new StackFileError(`"${stack}" is not a stack name (letters, digits, '-', '_', '.')`);
  }
  if (json && jsonDir) {
    throw new StackFileError(
      `--json writes one stack, --json-dir every stack: give one of them\n${PLAN_USAGE}`,
    );
  }
  if (stacks.length > 1 && (configFile || json)) {
    throw new StackFileError(
      `${configFile ? "--config-file" : "--json"} takes a single stack; got ${stacks.join(", ")}\n${PLAN_USAGE}`,
    );
  }
  if (update && configFile) {
    // plans/<stack>.json must be what Pulumi.<stack>.yaml gives: the base of every later diff.
    throw new StackFileError(
      `--update rewrites the committed plans/${stacks[0]}.json from Pulumi.${stacks[0]}.yaml and cannot take --config-file; ` +
        `to write the plan of ${configFile}, use --json FILE instead\n${PLAN_USAGE}`,
    );
  }
  return {
    stacks,
    diff: diff || base !== undefined || format !== undefined || detailedExitCode,
    update,
    format: format ?? "text",
    ...(configFile ? { configFile } : {}),
    ...(json ? { json } : {}),
    ...(base ? { base } : {}),
    ...(platformOnly ? { platformOnly } : {}),
    ...(jsonDir ? { jsonDir } : {}),
    ...(registry ? { registry } : {}),
    ...(today ? { today } : {}),
    ...(detailedExitCode ? { detailedExitCode } : {}),
  };
}

function parseToday(value: string): string {
  if (isIsoDate(value)) return value;
  throw new StackFileError(`--today: "${value}" is not a date written YYYY-MM-DD\n${PLAN_USAGE}`);
}

/** `--format=markdown` -> [`--format`, `markdown`]; anything else unchanged. */
function splitOption(arg: string): [string, string | undefined] {
  const eq = arg.indexOf("=");
  return arg.startsWith("--") && eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
}

function parseFormat(value: string): DiffFormat {
  if (FORMATS.includes(value as DiffFormat)) return value as DiffFormat;
  throw new StackFileError(`--format: "${value}" is not one of ${FORMATS.join(", ")}\n${PLAN_USAGE}`);
}
