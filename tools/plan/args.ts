/** Command-line arguments of `npm run plan`. */
import { StackFileError } from "./stack-files";

/** How a diff is printed: for a terminal, or as one pull-request comment. */
export type DiffFormat = "text" | "markdown";

/** Parsed `plan` arguments. */
export interface PlanArgs {
  /** One or more stacks, in the order given. */
  readonly stacks: string[];
  readonly configFile?: string;
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

const FORMATS: readonly DiffFormat[] = ["text", "markdown"];

/** Parses `argv` (without node and script); throws `StackFileError` naming the bad argument. */
export function parsePlanArgs(argv: readonly string[]): PlanArgs {
  const stacks: string[] = [];
  let configFile: string | undefined;
  let json: string | undefined;
  let base: string | undefined;
  let format: DiffFormat | undefined;
  let diff = false;
  let update = false;
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
      throw new StackFileError(
        `unknown option ${arg}; allowed: --config-file, --json, --diff, --update, --base, --format\n${PLAN_USAGE}`,
      );
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
