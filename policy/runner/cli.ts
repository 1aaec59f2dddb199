// The offline runner's command line:
// `npm run policy -- --plan FILE [--baseline FILE] [--config FILE] [--tier T] [--format F]`.
// Exit codes: 0 no mandatory violation, 1 mandatory violations, 2 bad arguments/plan/config,
// 3 a policy crashed.
import { existsSync, readdirSync } from "node:fs";
import * as path from "node:path";

import {
  ConfigError,
  type PolicyPackConfig,
  readConfigFile,
  configTierOf,
  tierConfigDirectory,
  tierConfigFile,
} from "./config";
import { type Plan, PlanError, readPlanFile } from "./plan";
import { compareWithBaseline, exitCodeOf, jsonReport, textReport } from "./report";
import { PolicyRunError } from "./policy-run-error";

/** Parsed command-line options. */
export interface CliOptions {
  readonly plan: string;
  /** An earlier plan of the same stack: its findings are reported as already present, not new. */
  readonly baseline?: string;
  readonly config?: string;
  readonly tier?: string;
  readonly format: "text" | "json";
}

/** A bad command line, reported as one line. */
export class UsageError extends Error {}

/** Where the runner writes. */
export interface Output {
  stdout(line: string): void;
  stderr(line: string): void;
}

/** The usage text. */
export const usage = [
  "usage: npm run policy -- --plan FILE [--baseline FILE] [--config FILE] [--tier TIER] [--format text|json]",
  "  --plan FILE     offline plan written by `npm run plan -- <stack> --json FILE` (required)",
  "  --baseline FILE an earlier plan of the same stack (e.g. plans/<stack>.json): list the findings it",
  "                  does not have first, and only count the ones it has",
  "  --config FILE   policy config (JSON or YAML); default policy/config/<tier>.json",
  "  --tier TIER     tier whose config to use when --config is not given; default: the plan's stack",
  "                  (an environment stack <tier>.<environment> uses its tier's)",
  "  --format F      text (default) or json",
  "Expired environments are listed first, always. Relative paths are taken from the directory npm ran in.",
  "Exit codes: 0 no mandatory violation, 1 mandatory violations (new or not), 2 bad arguments, 3 a policy failed.",
].join("\n");

const valueOptions = ["--plan", "--baseline", "--config", "--tier", "--format"] as const;

/** Parses argv (without node and script); returns "help" for --help; throws UsageError. */
export function parseCliArgs(argv: readonly string[]): CliOptions | "help" {
  const values: Partial<Record<(typeof valueOptions)[number], string>> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--help" || arg === "-h") return "help";
    const [flag, inline] =
      arg.startsWith("--") && arg.includes("=")
        ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)]
        : [arg, undefined];
    const option = valueOptions.find((o) => o === flag);
    if (!option)
      throw new UsageError(
        `unknown argument ${JSON.stringify(arg)}; allowed: ${valueOptions.join(", ")}, --help`,
      );
    const value = inline ?? argv[++i];
    if (value === undefined || value === "" || (inline === undefined && value.startsWith("--"))) {
      throw new UsageError(
        `${option} needs a value (${option === "--format" ? "text or json" : option === "--tier" ? "a tier name" : "a file"})`,
      );
    }
    if (values[option] !== undefined) throw new UsageError(`${option} given twice; allowed once`);
    values[option] = value;
  }
  if (values["--plan"] === undefined) throw new UsageError("--plan FILE is required (an offline plan JSON)");
  const format = values["--format"] ?? "text";
  if (format !== "text" && format !== "json")
    throw new UsageError(`--format ${JSON.stringify(format)} is not allowed; use text or json`);
  if (values["--tier"] !== undefined && !existsSync(tierConfigFile(values["--tier"]))) {
    throw new UsageError(
      `--tier ${JSON.stringify(values["--tier"])} has no config; allowed: ${knownTiers().join(", ")}`,
    );
  }
  return {
    plan: values["--plan"],
    ...(values["--baseline"] !== undefined ? { baseline: values["--baseline"] } : {}),
    config: values["--config"],
    tier: values["--tier"],
    format,
  };
}

/** The tiers with a committed config file. */
export function knownTiers(): string[] {
  return readdirSync(tierConfigDirectory)
    .filter((f) => f.endsWith(".json"))
    .map((f) => f.slice(0, -".json".length))
    .sort();
}

/** Where relative paths on the command line start from. @default process.cwd() */
export interface MainOptions {
  readonly cwd?: string;
}

/** Runs the CLI and returns its exit code. */
export async function main(argv: readonly string[], out: Output, how: MainOptions = {}): Promise<number> {
  try {
    const parsed = parseCliArgs(argv);
    if (parsed === "help") {
      out.stdout(usage);
      return 0;
    }
    const cwd = how.cwd ?? process.cwd();
    const from = (file: string) => path.resolve(cwd, file);
    const options: CliOptions = {
      ...parsed,
      plan: from(parsed.plan),
      ...(parsed.baseline !== undefined ? { baseline: from(parsed.baseline) } : {}),
      ...(parsed.config !== undefined ? { config: from(parsed.config) } : {}),
    };
    const plan = readPlanFile(options.plan);
    const baselinePlan =
      options.baseline !== undefined ? readBaseline(options.baseline, plan.stack) : undefined;
    const { config, source } = loadConfig(options, plan.stack, out, cwd);
    // Loaded only now: the pack pulls in @pulumi/policy, so argument errors answer at once.
    const { runPolicies } = await import("./run");
    const report = await runPolicies(plan, config);
    const baseline = baselinePlan
      ? compareWithBaseline(
          report,
          await runPolicies(baselinePlan, config),
          displayPath(options.baseline!, cwd),
        )
      : undefined;
    if (options.format === "json") out.stdout(jsonReport(report, source, baseline));
    else textReport(report, source, baseline).forEach((line) => out.stdout(line));
    return exitCodeOf(report);
  } catch (error) {
    if (error instanceof UsageError) return fail(out, error.message, 2);
    if (error instanceof BaselineError) return fail(out, `--baseline: ${error.message}`, 2);
    if (error instanceof PlanError) return fail(out, `--plan: ${error.message}`, 2);
    if (error instanceof ConfigError) return fail(out, `policy config: ${error.message}`, 2);
    if (error instanceof PolicyRunError) return fail(out, error.message, 3);
    throw error;
  }
}

/** A baseline plan that cannot be compared with. */
class BaselineError extends Error {}

/** Reads the baseline plan; it must be of the same stack, or no URN would match. */
function readBaseline(file: string, stack: string): Plan {
  let baseline: Plan;
  try {
    baseline = readPlanFile(file);
  } catch (error) {
    if (error instanceof PlanError) throw new BaselineError(error.message);
    throw error;
  }
  if (baseline.stack !== stack) {
    throw new BaselineError(
      `${file} is a plan of stack ${baseline.stack}, --plan of stack ${stack}; compare plans of the same stack`,
    );
  }
  return baseline;
}

/** `file` relative to `cwd` when it is inside it, as the user would write it. */
function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative.startsWith("..") || path.isAbsolute(relative) ? file : relative;
}

function loadConfig(
  options: CliOptions,
  stack: string,
  out: Output,
  cwd: string,
): { config: PolicyPackConfig; source: string } {
  if (options.config !== undefined) {
    try {
      return { config: readConfigFile(options.config), source: displayPath(options.config, cwd) };
    } catch (error) {
      if (error instanceof ConfigError) throw new UsageError(`--config: ${error.message}`);
      throw error;
    }
  }
  const file = tierConfigFile(options.tier ?? configTierOf(stack));
  if (!existsSync(file)) {
    out.stderr(
      `note: no policy config for stack ${stack} (${path.relative(process.cwd(), file)}); using the pack's defaults`,
    );
    return { config: {}, source: "pack defaults" };
  }
  return { config: readConfigFile(file), source: path.relative(process.cwd(), file) };
}

function fail(out: Output, message: string, code: number): number {
  out.stderr(`error: ${message}`);
  return code;
}
