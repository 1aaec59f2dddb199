/**
 * What each `npm run envs` command does, with its effects injected (where plans come from, the
 * engine, the clock, output), so the tests run every command without a Pulumi CLI or a cloud.
 */
import { mkdirSync, appendFileSync } from "node:fs";
import { join } from "node:path";
import { ENVIRONMENT_PROJECT, PLATFORM_PROJECT, environmentStackName } from "../../lib/naming";
import type { EnvironmentSettings } from "../../stacks/environment-settings";
import {
  formatRegistryIssues,
  RegistryError,
  resolveRegistry,
  type Registry,
  type RegistrySource,
} from "../../stacks/resolve-registry";
import { registryChangeIssues } from "../../stacks/registry-changes";
import type { TierName } from "../../stacks/tier";
import type { Plan } from "../plan/model";
import { decideActions, renderActions, type SyncAction } from "./actions";
import type { EnvironmentEngine } from "./engine";
import { planFingerprint } from "./fingerprint";
import { renderResults, summarise } from "./report";
import { runActions, type SyncResult } from "./run";

/** Where a command writes. */
export interface Output {
  /** The command's result (what a script would read). */
  readonly out: (text: string) => void;
  /** Progress and explanations. */
  readonly err: (text: string) => void;
}

/** A registry as read now and, for comparisons, at a base. */
export interface RegistryInputs {
  readonly tier: TierName;
  readonly head: RegistrySource;
  readonly settings: EnvironmentSettings;
  readonly today: string;
  /** The registry at the base ref, and the ref's name. */
  readonly base?: { readonly label: string; readonly source: RegistrySource };
}

/** The outcome of a check: the registry, or every problem found. */
export type CheckOutcome = { readonly registry: Registry } | { readonly problems: string };

/** Validates the registry, and the change from the base when there is one. */
export function checkRegistry(inputs: RegistryInputs): CheckOutcome {
  const issues = inputs.base ? registryChangeIssues(inputs.base.source, inputs.head, inputs.today) : [];
  let registry: Registry | undefined;
  try {
    registry = resolveRegistry(inputs.head, { settings: inputs.settings, today: inputs.today });
  } catch (err) {
    if (!(err instanceof RegistryError)) throw err;
    issues.push(...err.issues);
  }
  if (issues.length > 0 || !registry) return { problems: formatRegistryIssues(inputs.tier, issues) };
  return { registry };
}

/** `envs check`: exit 0 with a summary, or 2 with every problem. */
export function checkCommand(inputs: RegistryInputs, output: Output): number {
  const outcome = checkRegistry(inputs);
  if ("problems" in outcome) {
    output.err(outcome.problems);
    return 2;
  }
  const names = outcome.registry.environments.map((e) => e.name);
  const against = inputs.base ? `; the change since ${inputs.base.label} keeps every Redis DB safe` : "";
  output.out(
    `environments/${inputs.tier}: ${names.length} environment(s) valid (${names.join(", ") || "none"}), ${outcome.registry.retired.length} retired Redis DB(s)${against}`,
  );
  return 0;
}

/** Plans of a tier's environment stacks, by stack name. */
export type EnvironmentPlans = ReadonlyMap<string, Plan>;

/** `envs sync --dry-run`: the action per environment stack, comparing with the plans at a base. */
export function dryRunCommand(
  request: {
    readonly head: EnvironmentPlans;
    readonly base: EnvironmentPlans;
    readonly baseLabel: string;
    readonly only?: readonly string[];
    readonly tier: TierName;
  },
  output: Output,
): number {
  const fingerprints = (plans: EnvironmentPlans) =>
    new Map([...plans].map(([stack, plan]) => [stack, planFingerprint(plan)]));
  const base = fingerprints(request.base);
  const actions = decideActions(
    fingerprints(request.head),
    [...base].map(([name, fingerprint]) => ({ name, fingerprint })),
    onlyOption(request.tier, request.only),
  );
  output.err(`compared with ${request.baseLabel}:`);
  if (actions.length > 0) output.out(renderActions(actions));
  else output.err("no environment stacks");
  return 0;
}

/** What the real sync needs besides the engine. */
export interface SyncRequest {
  readonly tier: TierName;
  /** The registry, already checked. */
  readonly registry: Registry;
  /** Planned environment stacks (their fingerprints decide what changed). */
  readonly plans: EnvironmentPlans;
  readonly parallel: number;
  readonly only?: readonly string[];
  readonly force: boolean;
  /** Folder for one log file per stack. */
  readonly logs: string;
  /** Told of each stack's result (notifications). */
  readonly onResult?: (result: SyncResult, action: SyncAction) => void | Promise<void>;
  /** Retry timing for busy stacks (tests shorten it). */
  readonly busyRetries?: number;
  readonly busyDelayMs?: number;
}

/** `envs sync`: converges the tier's environment stacks; exit 1 names the stacks that failed. */
export async function syncCommand(
  request: SyncRequest,
  engine: EnvironmentEngine,
  output: Output,
): Promise<number> {
  const platform = await engine.platformFingerprint(request.tier);
  const desired = new Map(
    [...request.plans].map(([stack, plan]) => [stack, planFingerprint(plan, platform)]),
  );
  const existing = await engine.listStacks(request.tier);
  const actions = decideActions(desired, existing, {
    force: request.force,
    ...onlyOption(request.tier, request.only),
  });
  mkdirSync(request.logs, { recursive: true });
  const logFile = (stack: string) => join(request.logs, `${stack}.log`);
  const pending: Array<void | Promise<void>> = [];
  const results = await runActions(actions, engine, {
    parallel: request.parallel,
    ...(request.busyRetries !== undefined ? { busyRetries: request.busyRetries } : {}),
    ...(request.busyDelayMs !== undefined ? { busyDelayMs: request.busyDelayMs } : {}),
    logFor: (stack) => (line) => appendFileSync(logFile(stack), `${line}\n`),
    onStart: (action) =>
      output.err(`${action.kind} ${action.stack}: started${action.reason ? ` (${action.reason})` : ""}`),
    onResult: (result, action) => {
      if (result.status !== "unchanged") {
        output.err(`${result.kind} ${result.stack}: ${result.status} in ${result.seconds.toFixed(1)}s`);
      }
      // A notice that fails is reported; it never fails the sync.
      pending.push(
        Promise.resolve()
          .then(() => request.onResult?.(result, action))
          .catch((err: unknown) =>
            output.err(
              `notice for ${result.stack} failed: ${err instanceof Error ? err.message : String(err)}`,
            ),
          ),
      );
    },
  });
  await Promise.all(pending);
  output.out(renderResults(results));
  const summary = summarise(results);
  output.out(summary.text);
  if (results.some((r) => r.status === "failed" || r.status === "busy")) {
    output.err(`logs: ${request.logs}/<stack>.log`);
  }
  return summary.exitCode;
}

function onlyOption(tier: TierName, only: readonly string[] | undefined): { only?: ReadonlySet<string> } {
  return only ? { only: new Set(only.map((name) => environmentStackName(tier, name))) } : {};
}

/**
 * The commands that move a tier deployed with its environments inside the platform stack (before
 * environment stacks) to one stack per environment, in order, for `organization`.
 */
export function migrationCommands(
  tier: TierName,
  environments: readonly string[],
  organization: string,
): string {
  const platform = `${organization}/${PLATFORM_PROJECT}/${tier}`;
  const stack = (env: string) => `${organization}/${ENVIRONMENT_PROJECT}/${environmentStackName(tier, env)}`;
  const urn = (env: string) => `urn:pulumi:${tier}::${PLATFORM_PROJECT}::game:index:GameEnvironment::${env}`;
  const lines = [
    `# Migrating tier ${tier}: ${environments.length} environment(s) move out of platform stack ${platform}.`,
    "# Run from the repository root, with the program at this commit checked out and",
    "# the registry files (environments/" + tier + "/) committed. Nothing here is destroyed or recreated.",
    "",
    "# 1. Create one stack per environment in the environment project.",
    ...environments.map((env) => `pulumi -C environment stack init ${stack(env)}`),
    "",
    "# 2. Move each environment (its GameEnvironment and every child; Pulumi copies the providers they use).",
    ...environments.map(
      (env) =>
        `pulumi -C environment state move --yes --source ${platform} --dest ${stack(env)} '${urn(env)}'`,
    ),
    "",
    "# 3. The platform stack without its environments. Expect: access entries per team; no GameEnvironment deleted.",
    `pulumi -C . preview --stack ${platform} --diff`,
    `pulumi -C . up --stack ${platform}`,
    "",
    "# 4. Each environment stack. Expect: its team RoleBinding and an aws provider created; nothing replaced.",
    ...environments.map((env) => `pulumi -C environment up --stack ${stack(env)}`),
    "",
    "# 5. Every stack is quiet.",
    `pulumi -C . preview --stack ${platform} --expect-no-changes`,
    ...environments.map((env) => `pulumi -C environment preview --stack ${stack(env)} --expect-no-changes`),
  ];
  return lines.join("\n");
}
