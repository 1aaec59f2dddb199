/** Command-line arguments of `npm run plan`. */
import { StackFileError } from "./stack-files";

/** Parsed `plan` arguments. */
export interface PlanArgs {
  readonly stack: string;
  readonly configFile?: string;
  readonly json?: string;
  readonly diff: boolean;
  readonly update: boolean;
}

/** How to call the tool, printed with every argument error. */
export const PLAN_USAGE =
  "usage: npm run plan -- <stack> [--config-file FILE] [--json FILE] [--diff] [--update]";

/** Parses `argv` (without node and script); throws `StackFileError` naming the bad argument. */
export function parsePlanArgs(argv: readonly string[]): PlanArgs {
  let stack: string | undefined;
  let configFile: string | undefined;
  let json: string | undefined;
  let diff = false;
  let update = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const next = argv[++i];
      if (next === undefined || next.startsWith("--"))
        throw new StackFileError(`${arg} needs a file name\n${PLAN_USAGE}`);
      return next;
    };
    if (arg === "--config-file") configFile = value();
    else if (arg === "--json") json = value();
    else if (arg === "--diff") diff = true;
    else if (arg === "--update") update = true;
    else if (arg.startsWith("-"))
      throw new StackFileError(
        `unknown option ${arg}; allowed: --config-file, --json, --diff, --update\n${PLAN_USAGE}`,
      );
    else if (stack === undefined) stack = arg;
    else throw new StackFileError(`unexpected argument "${arg}": give one stack\n${PLAN_USAGE}`);
  }
  if (!stack)
    throw new StackFileError(
      `missing <stack> (dev, qa, stage or another Pulumi.<stack>.yaml)\n${PLAN_USAGE}`,
    );
  if (!/^[A-Za-z0-9_.-]+$/.test(stack))
    throw new StackFileError(`"${stack}" is not a stack name (letters, digits, '-', '_', '.')`);
  return { stack, diff, update, ...(configFile ? { configFile } : {}), ...(json ? { json } : {}) };
}
