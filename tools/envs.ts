/**
 * `npm run envs -- <check|sync|migrate> <tier> [options]` (`--help` for the options): checks a tier's
 * environment registry, converges its environment stacks with the Automation API (or, with
 * `--dry-run`, says what that would do without any cloud), and prints the commands that migrate a
 * tier from environments-in-the-platform-stack. Exit codes: 0 fine, 1 a stack failed to sync,
 * 2 bad arguments, config or registry.
 */
import { resolve } from "node:path";
import { todayUtc } from "../lib/dates";
import { readRegistrySource } from "../stacks/registry";
import { slackWebhookFromEnv } from "../launcher/slack";
import { syncNotifier } from "../launcher/sync-notify";
import { ConfigError } from "../stacks/errors";
import { RegistryError } from "../stacks/resolve-registry";
import { EnvsUsageError, ENVS_USAGE, parseEnvsArgs } from "./envs/args";
import { environmentPlansAt } from "./envs/base-plans";
import {
  checkCommand,
  checkRegistry,
  dryRunCommand,
  migrationCommands,
  type Output,
  type RegistryInputs,
} from "./envs/commands";
import { registrySourceAt } from "./envs/git-registry";
import { resolveBaseRef } from "./plan/base-plan";
import { platformSettings } from "./envs/platform-settings";
import { StackFileError } from "./plan/stack-files";
import { buildTierPlans } from "./plan/tier";

const ROOT = resolve(__dirname, "..");
const output: Output = { out: (text) => console.log(text), err: (text) => console.error(text) };

async function main(argv: readonly string[]): Promise<number> {
  const args = parseEnvsArgs(argv);
  if (args.command === "help") {
    output.out(ENVS_USAGE);
    return 0;
  }
  const today = args.today ?? todayUtc();
  if (args.command === "migrate") {
    const settings = await platformSettings(ROOT, args.tier);
    const outcome = checkRegistry({
      tier: args.tier,
      head: readRegistrySource(ROOT, args.tier),
      settings,
      today,
    });
    if ("problems" in outcome) {
      output.err(outcome.problems);
      return 2;
    }
    output.out(
      migrationCommands(
        args.tier,
        outcome.registry.environments.map((e) => e.name),
        args.org,
      ),
    );
    return 0;
  }
  if (args.command === "check") {
    const inputs: RegistryInputs = {
      tier: args.tier,
      head: readRegistrySource(ROOT, args.tier),
      settings: await platformSettings(ROOT, args.tier),
      today,
      ...(args.base ? { base: await baseRegistry(args.base, args.tier) } : {}),
    };
    return checkCommand(inputs, output);
  }
  // sync: the registry is checked as a whole before anything is planned or applied.
  const head = readRegistrySource(ROOT, args.tier);
  const settings = await platformSettings(ROOT, args.tier);
  const outcome = checkRegistry({ tier: args.tier, head, settings, today });
  if ("problems" in outcome) {
    output.err(outcome.problems);
    return 2;
  }
  const base = args.dryRun ? (args.base ?? "HEAD") : undefined;
  if (base !== undefined) await resolveBaseRef(ROOT, base); // a bad ref fails before the planning
  const plans = await buildTierPlans({
    root: ROOT,
    tier: args.tier,
    today,
    ...(args.only
      ? { environments: args.only.filter((n) => outcome.registry.environments.some((e) => e.name === n)) }
      : {}),
    onPlanned: (stack, plan) => output.err(`planned ${stack} (${plan.resources.length} resources)`),
  });
  if (base !== undefined) {
    const at = await environmentPlansAt(ROOT, base, args.tier, plans.environments, today);
    return dryRunCommand(
      {
        head: plans.environments,
        base: at.plans,
        baseLabel: at.label,
        tier: args.tier,
        ...(args.only ? { only: args.only } : {}),
      },
      output,
    );
  }
  const { automationEngine } = await import("./envs/automation");
  const { syncCommand } = await import("./envs/commands");
  const logs = resolve(process.env.INIT_CWD ?? process.cwd(), args.logs);
  // Slack notices per finished environment, when SLACK_WEBHOOK_URL is set (launcher/sync-notify.ts).
  const slack = slackWebhookFromEnv(process.env);
  if (slack.problem) output.err(`slack: no notices: ${slack.problem}`);
  return syncCommand(
    {
      tier: args.tier,
      registry: plans.registry,
      plans: plans.environments,
      parallel: args.parallel,
      force: args.force,
      logs,
      ...(args.only ? { only: args.only } : {}),
      ...(slack.webhook
        ? {
            onResult: syncNotifier({
              registry: plans.registry,
              settings,
              today,
              webhook: slack.webhook,
              logs,
              env: process.env,
              warn: output.err,
            }),
          }
        : {}),
    },
    automationEngine({ root: ROOT }),
    output,
  );
}

async function baseRegistry(ref: string, tier: Parameters<typeof registrySourceAt>[2]) {
  const resolved = await resolveBaseRef(ROOT, ref);
  return { label: resolved.label, source: await registrySourceAt(ROOT, resolved.sha, tier) };
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof EnvsUsageError) {
      console.error(`envs: ${err.message}\n\n${ENVS_USAGE}`);
      process.exit(2);
    }
    if (err instanceof ConfigError || err instanceof RegistryError || err instanceof StackFileError) {
      console.error(`envs: ${err.message}`);
      process.exit(2);
    }
    console.error(err);
    process.exit(1);
  },
);
