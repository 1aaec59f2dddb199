/** Command-line arguments of `npm run plan`. */
import { StackFileError } from "./stack-files";

/** How a diff is printed: for a terminal, or as one pull-request comment. */
export type DiffFormat = "text" | "markdown";

/** Parsed `plan` arguments. */
export interface PlanArgs {
  /** One or more stacks, in the order given. */
  readonly stacks: string[];
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
  "usage: npm run plan -- <stack>... [--config-file FILE] [--json FILE] [--diff [--base REF] [--format text|markdown]] [--update]";

/** `--help`: the usage, then what each option does. */
export const PLAN_HELP = [
  PLAN_USAGE,
  "",
  "Plans each stack offline under Pulumi's mock runtime (no cloud account, no Pulumi CLI), checks every",
  "Kubernetes object against the upstream schema, and prints the resource tree (or, with --diff, what",
  "changes). <stack> is a Pulumi.<stack>.yaml in the repository (dev, qa, stage, ...).",
  "",
  "  --diff               show what changes compared with the committed plans/<stack>.json, instead of the tree",
  "  --base REF           compare with the program as it is at git REF (planned in a temporary worktree); implies --diff",
  "  --format text|markdown",
  "                       text (default) for a terminal; markdown prints one pull-request comment on stdout,",
  "                       with the offline policy result (new findings first); implies --diff",
  "  --json FILE          also write the plan JSON to FILE (one stack)",
  "  --config-file FILE   plan with this settings file instead of Pulumi.<stack>.yaml (one stack; not with --update)",
  "  --update             rewrite the committed plans/<stack>.json from Pulumi.<stack>.yaml",
  "  -h, --help           print this help",
  "",
  "Relative FILE paths are taken from the directory you ran npm in.",
  "Exit codes: 0 fine; 1 schema problems (markdown: also a mandatory policy violation); 2 bad arguments or config.",
].join("\n");

const FORMATS: readonly DiffFormat[] = ["text", "markdown"];
const OPTIONS = "--config-file, --json, --diff, --update, --base, --format, --help";

/** Parses `argv` (without node and script); "help" for `--help`; throws `StackFileError` naming the bad argument. */
export function parsePlanArgs(argv: readonly string[]): PlanArgs | "help" {
  const stacks: string[] = [];
  let configFile: string | undefined;
  let json: string | undefined;
  let base: string | undefined;
  let format: DiffFormat | undefined;
  let diff = false;
  let update = false;
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
    else if (arg === "--diff") diff = true;
    else if (arg === "--update") update = true;
    else if (arg.startsWith("-"))
      throw new StackFileError(`unknown option ${arg}; allowed: ${OPTIONS}\n${PLAN_USAGE}`);
    else if (!stacks.includes(arg)) stacks.push(arg);
  }
  if (stacks.length === 0)
    throw new StackFileError(
      `missing <stack> (dev, qa, stage or another Pulumi.<stack>.yaml)\n${PLAN_USAGE}`,
    );
  for (const stack of stacks) {
    if (!/^[A-Za-z0-9_.-]+$/.test(stack))
      throw new StackFileError(`"${stack}" is not a stack name (letters, digits, '-', '_', '.')`);
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
    diff: diff || base !== undefined || format !== undefined,
    update,
    format: format ?? "text",
    ...(configFile ? { configFile } : {}),
    ...(json ? { json } : {}),
    ...(base ? { base } : {}),
  };
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
