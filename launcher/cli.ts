/**
 * `npm run env -- <operation> <tier>/<name> [--setting value ...]`: the launcher's command line.
 * Every operation goes through the same library as the web page (operations, views, workspace,
 * publish, history, expire, slack); this file only parses arguments, prints and picks exit codes:
 * 0 done, 1 a commit could not be published (or git failed), 2 bad input with nothing changed.
 * `runCli` takes its effects (output, environment variables, today, platform settings, fetch) so the
 * tests run it in-process against real git repositories.
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { parse } from "yaml";
import { addDays, isIsoDate, todayUtc } from "../lib/dates";
import type { EnvironmentSettings } from "../stacks/environment-settings";
import { ConfigError } from "../stacks/errors";
import { environmentFilePath } from "../stacks/registry";
import { registryDefaultsSchema, type EnvironmentFile } from "../stacks/registry-schema";
import {
  RegistryError,
  resolveRegistry,
  type Registry,
  type RegistrySource,
} from "../stacks/resolve-registry";
import { email, environmentName } from "../stacks/rules";
import { TIER_NAMES, type TierName } from "../stacks/tier";
import { TIERS } from "../stacks/tiers";
import { StackFileError } from "../tools/plan/stack-files";
import {
  fieldOf,
  flagOf,
  globalHelp,
  OPERATION_NAMES,
  OPERATIONS,
  operationHelp,
  parseOptions,
  REPLICA_SERVERS,
  type CliOperation,
  type OperationSpec,
} from "./cli-spec";
import { deleteChanges, expiryReport } from "./expire";
import { commitWebUrl } from "./github";
import { environmentHistory, HistoryError, type HistoryEntry } from "./history";
import {
  createEnvironment,
  deleteEnvironment,
  extendEnvironment,
  OperationError,
  sleepEnvironment,
  updateEnvironment,
  wakeEnvironment,
  type CreateInput,
  type FieldIssue,
  type OperationContext,
  type RegistryChange,
  type UpdateInput,
} from "./operations";
import {
  prepareWorkingTree,
  PublishError,
  PublishRefusedError,
  publishChanges,
  remoteRepo,
  type PublishOutcome,
} from "./publish";
import {
  daysLeftText,
  expiryDeletionMessage,
  expiryWarningMessage,
  operationMessage,
  slackWebhookFromEnv,
  type ExpiryItem,
  type SlackMessage,
  type SlackWebhookOptions,
} from "./slack";
import { environmentRows, type EnvironmentRow, type SleepView, type TierCostBasis } from "./views";
import { GitError, RegistryWorkspace } from "./workspace";

/** What the command line runs with. */
export interface CliDeps {
  /** The repository unless `--repo` names another. */
  readonly root: string;
  /** Where a relative `--repo` is resolved from. @default root */
  readonly cwd?: string;
  /** The command's result. */
  readonly out: (text: string) => void;
  /** Progress, warnings and errors. */
  readonly err: (text: string) => void;
  /** SLACK_WEBHOOK_URL, GITHUB_TOKEN, GITHUB_API_URL. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** @default today, UTC */
  readonly today?: string;
  /** The instant `list` shows each schedule at (asleep or awake now). @default the clock's */
  readonly now?: Date;
  /** The tier's platform settings. @default computed from `Pulumi.<tier>.yaml` in the repository */
  readonly settings?: (root: string, tier: TierName) => Promise<EnvironmentSettings>;
  /** What `list` prices environments from. @default computed from `Pulumi.<tier>.yaml` and the region's price table */
  readonly costBasis?: (root: string, tier: TierName) => Promise<TierCostBasis>;
  /** @default globalThis.fetch */
  readonly fetch?: typeof fetch;
  /** Slack client timing (tests shorten the retry wait). */
  readonly slack?: SlackWebhookOptions;
}

/** Bad command-line input; nothing was read or changed. */
class UsageError extends Error {
  constructor(
    readonly operation: CliOperation | undefined,
    readonly issues: readonly { readonly label: string; readonly message: string }[],
  ) {
    super(issues.map((i) => `${i.label}: ${i.message}`).join("\n"));
  }
}

type Values = Record<string, string | boolean | string[] | undefined>;

/** One parsed invocation. */
interface Invocation {
  readonly deps: CliDeps;
  readonly spec: OperationSpec;
  readonly values: Values;
  readonly tier: TierName;
  /** The environment (operations on one). */
  readonly name: string;
  readonly workspace: RegistryWorkspace;
  readonly today: string;
  readonly settings: () => Promise<EnvironmentSettings>;
  readonly costBasis: () => Promise<TierCostBasis>;
}

/** Runs one command line; resolves with the exit code. */
export async function runCli(argv: readonly string[], deps: CliDeps): Promise<number> {
  let operation: CliOperation | undefined;
  let target = "";
  try {
    const first = argv[0];
    if (first === undefined)
      throw new UsageError(undefined, [
        { label: "operation", message: `missing; one of ${OPERATION_NAMES.join(", ")}` },
      ]);
    if (first === "--help" || first === "-h" || first === "help") {
      const about = argv[1];
      deps.out(about && isOperation(about) ? operationHelp(about) : globalHelp());
      return 0;
    }
    if (!isOperation(first)) {
      throw new UsageError(undefined, [
        {
          label: "operation",
          message: `"${first}" is not an operation; operations: ${OPERATION_NAMES.join(", ")}`,
        },
      ]);
    }
    operation = first;
    const spec = OPERATIONS[operation];
    const { values, positionals } = parseCommandLine(spec, argv.slice(1));
    if (values.help) {
      deps.out(operationHelp(operation));
      return 0;
    }
    const parsedTarget = parseTarget(spec, positionals);
    target = parsedTarget.label;
    checkChoices(spec, values);
    const root = typeof values.repo === "string" ? resolve(deps.cwd ?? deps.root, values.repo) : deps.root;
    if (!existsSync(join(root, "Pulumi.yaml"))) {
      throw new UsageError(operation, [
        { label: "--repo", message: `${root} is not a clone of this repository (it has no Pulumi.yaml)` },
      ]);
    }
    const workspace = new RegistryWorkspace(root);
    let settings: Promise<EnvironmentSettings> | undefined;
    const invocation: Invocation = {
      deps,
      spec,
      values,
      tier: parsedTarget.tier,
      name: parsedTarget.name,
      workspace,
      today: deps.today ?? todayUtc(),
      settings: () =>
        (settings ??= deps.settings
          ? deps.settings(root, parsedTarget.tier)
          : workspace.settings(parsedTarget.tier)),
      costBasis: () =>
        deps.costBasis ? deps.costBasis(root, parsedTarget.tier) : workspace.costBasis(parsedTarget.tier),
    };
    return await HANDLERS[operation](invocation);
  } catch (err) {
    return report(err, operation, target, deps);
  }
}

/** `$43.32 24/7, $16.04 asleep off hours` (or `always on` when the schedule never sleeps). */
function costCell(cost: NonNullable<EnvironmentRow["cost"]>): string {
  return cost.schedule === "always on"
    ? `${cost.alwaysOn} (always on)`
    : `${cost.alwaysOn} 24/7, ${cost.scheduled} scheduled`;
}

function isOperation(value: string): value is CliOperation {
  return (OPERATION_NAMES as readonly string[]).includes(value);
}

function parseCommandLine(
  spec: OperationSpec,
  args: readonly string[],
): { values: Values; positionals: string[] } {
  try {
    const parsed = parseArgs({
      args: [...args],
      options: parseOptions(spec),
      allowPositionals: true,
      strict: true,
    });
    return { values: parsed.values as Values, positionals: parsed.positionals };
  } catch (err) {
    const e = err as { code?: string; message: string };
    const named = /'(-[^' ]+)/.exec(e.message)?.[1];
    if (e.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && named) {
      throw new UsageError(spec.name, [
        {
          label: named,
          message: `is not an option of ${spec.name}; options: ${spec.flags.map((f) => `--${f.name}`).join(", ")}`,
        },
      ]);
    }
    const message = e.message.replace(/\. To specify .*$/s, "").replace(/^Option '[^']*' /, "");
    throw new UsageError(spec.name, [
      { label: named?.replace(/^(--?[\w-]+).*/, "$1") ?? spec.name, message },
    ]);
  }
}

function parseTarget(
  spec: OperationSpec,
  positionals: readonly string[],
): { tier: TierName; name: string; label: string } {
  const shape = spec.target === "environment" ? "<tier>/<name>" : "<tier>";
  const [given, ...rest] = positionals;
  if (given === undefined) {
    throw new UsageError(spec.name, [
      {
        label: shape,
        message: `missing; such as ${spec.target === "environment" ? "dev/dev1" : "dev"} (tiers: ${TIER_NAMES.join(", ")})`,
      },
    ]);
  }
  if (rest.length > 0)
    throw new UsageError(spec.name, [{ label: shape, message: `one only; also got "${rest.join(" ")}"` }]);
  const [tier, name, ...more] = given.split("/");
  if (!(TIER_NAMES as readonly string[]).includes(tier!)) {
    throw new UsageError(spec.name, [
      { label: shape, message: `"${tier}" is not a tier; tiers: ${TIER_NAMES.join(", ")}` },
    ]);
  }
  if (spec.target === "tier") {
    if (name !== undefined)
      throw new UsageError(spec.name, [
        { label: shape, message: `${spec.name} takes a tier, such as ${tier}; got "${given}"` },
      ]);
    return { tier: tier as TierName, name: "", label: tier! };
  }
  if (!name || more.length > 0) {
    throw new UsageError(spec.name, [
      { label: shape, message: `"${given}" does not name an environment, such as ${tier}/dev1` },
    ]);
  }
  const valid = environmentName.safeParse(name);
  if (!valid.success)
    throw new UsageError(spec.name, [{ label: given, message: valid.error.issues[0]!.message }]);
  return { tier: tier as TierName, name, label: given };
}

function checkChoices(spec: OperationSpec, values: Values): void {
  const issues = spec.flags
    .filter(
      (f) => f.choices && typeof values[f.name] === "string" && !f.choices.includes(values[f.name] as string),
    )
    .map((f) => ({
      label: `--${f.name}`,
      message: `"${String(values[f.name])}" is not allowed; one of ${f.choices!.join(", ")}`,
    }));
  if (issues.length > 0) throw new UsageError(spec.name, issues);
}

const str = (values: Values, flag: string): string | undefined =>
  typeof values[flag] === "string" ? (values[flag] as string) : undefined;

function wholeNumber(
  values: Values,
  flag: string,
  min: number,
  issues: { label: string; message: string }[],
): number | undefined {
  const raw = str(values, flag);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isInteger(value) || value < min) {
    issues.push({ label: `--${flag}`, message: `"${raw}" is not a whole number of days, ${min} or more` });
    return undefined;
  }
  return value;
}

/** The requester: `--as`, else `git config user.email`. */
async function actorOf(run: Invocation): Promise<string> {
  const given = str(run.values, "as");
  let actor = given;
  if (actor === undefined) {
    actor = (await run.workspace.git(["config", "--get", "user.email"]).catch(() => "")).trim() || undefined;
  }
  if (actor === undefined) {
    throw new UsageError(run.spec.name, [
      { label: "--as", message: "no requester: pass --as EMAIL, or set git config user.email" },
    ]);
  }
  if (!email.safeParse(actor).success) {
    throw new UsageError(run.spec.name, [
      {
        label: "--as",
        message: `"${actor}"${given ? "" : " (git config user.email)"} is not an e-mail address`,
      },
    ]);
  }
  return actor;
}

const modeOf = (values: Values) => ({
  commit: values.commit === true || values.push === true,
  push: values.push === true,
});

/** Validates on the tree as it is, prepares it for commit/push, builds the changes again on the result, publishes. */
async function writeChanges(
  run: Invocation,
  actor: string,
  build: (context: OperationContext) => RegistryChange[],
  pullRequest?: { title: string },
): Promise<{ changes: RegistryChange[]; outcome: PublishOutcome }> {
  const settings = await run.settings();
  const context = (): OperationContext => ({
    source: run.workspace.source(run.tier),
    settings,
    today: run.today,
    actor,
  });
  build(context()); // refused input fails here, before anything is fetched or written
  const mode = modeOf(run.values);
  await prepareWorkingTree(run.workspace, run.tier, mode);
  const changes = build(context());
  const outcome = await publishChanges({
    workspace: run.workspace,
    tier: run.tier,
    changes,
    actor,
    settings,
    today: run.today,
    ...mode,
    ...(pullRequest ? { title: pullRequest.title } : {}),
    github: {
      ...(run.deps.env.GITHUB_TOKEN ? { token: run.deps.env.GITHUB_TOKEN } : {}),
      ...(run.deps.env.GITHUB_API_URL ? { apiUrl: run.deps.env.GITHUB_API_URL } : {}),
      ...(run.deps.fetch ? { fetch: run.deps.fetch } : {}),
    },
  });
  return { changes, outcome };
}

function printOutcome(run: Invocation, outcome: PublishOutcome): void {
  const { out } = run.deps;
  const destination = outcome.destination;
  if (!destination) {
    out("not committed: review it with `git diff`, then commit it, or run again with --commit or --push");
    return;
  }
  const short = (c: string) => c.slice(0, 7);
  switch (destination.kind) {
    case "commit":
      out(
        `committed ${outcome.commits.map(short).join(", ")} (not pushed: git push, or run with --push next time)`,
      );
      break;
    case "main":
      out(`pushed to main: ${destination.url ?? short(destination.commit)}`);
      out(`the next \`npm run envs -- sync ${run.tier}\` applies it`);
      break;
    case "pullRequest":
      out(
        `committed ${outcome.commits.map(short).join(", ")}; pull request #${destination.number}: ${destination.url}`,
      );
      break;
    case "branch":
      out(`committed ${outcome.commits.map(short).join(", ")}; pushed branch ${destination.branch}`);
      break;
  }
  for (const note of outcome.notes) out(note);
}

async function notify(run: Invocation, message: () => SlackMessage): Promise<void> {
  const { webhook, problem } = slackWebhookFromEnv(run.deps.env, {
    ...run.deps.slack,
    ...(run.deps.fetch ? { fetch: run.deps.fetch } : {}),
  });
  if (problem) {
    run.deps.err(`slack: not notified: ${problem}`);
    return;
  }
  if (!webhook) return;
  const result = await webhook.send(message());
  if (result.ok) run.deps.err("slack: notified");
  else
    run.deps.err(`warning: slack: the notice was not delivered (${result.error}); the change itself is done`);
}

async function runChange(
  run: Invocation,
  build: (context: OperationContext) => RegistryChange,
  knownActor?: string,
): Promise<number> {
  const actor = knownActor ?? (await actorOf(run));
  const { changes, outcome } = await writeChanges(run, actor, (context) => [build(context)]);
  const change = changes[0]!;
  const { out } = run.deps;
  out(change.summary);
  for (const path of change.writes.keys()) out(`  wrote ${path}`);
  for (const path of change.removes) out(`  removed ${path}`);
  const row = rowOf(change.registry, await run.settings(), run.today, run.name);
  if (row?.expires && (change.operation === "create" || change.operation === "extend")) {
    out(`  last day ${row.expires} (${daysLeftText(row.daysLeft!)})`);
  }
  printOutcome(run, outcome);
  const destination = outcome.destination;
  if (destination) {
    await notify(run, () =>
      operationMessage({
        operation: change.operation,
        tier: change.tier,
        environment: change.environment,
        actor,
        summary: change.summary,
        destination,
        ...(row && change.operation !== "delete" ? { urls: urlsOf(row) } : {}),
      }),
    );
  }
  return 0;
}

/** The SLEEP column: where the schedule has it now and until when, a wake's last day, or always on. */
function sleepText(sleep: SleepView): string {
  if (sleep.mode === "alwaysOn") return "always on";
  if (sleep.mode === "awake") return `awake until ${sleep.awakeUntil} (wake)`;
  return `${sleep.now} until ${sleep.next}`;
}

function rowOf(
  registry: Registry,
  settings: EnvironmentSettings,
  today: string,
  name: string,
): EnvironmentRow | undefined {
  return environmentRows(registry, settings, today).find((r) => r.name === name);
}

function urlsOf(row: EnvironmentRow): Record<string, string> {
  return { ...row.urls };
}

const HANDLERS: Readonly<Record<CliOperation, (run: Invocation) => Promise<number>>> = {
  async create(run) {
    const { values } = run;
    const issues: { label: string; message: string }[] = [];
    const settings = await run.settings();
    for (const flag of run.spec.flags.filter((f) => f.required && str(values, f.name) === undefined)) {
      const allowed =
        flag.name === "team"
          ? `; teams of the ${run.tier} platform: ${settings.teams.join(", ") || "(none yet)"}`
          : flag.name === "version"
            ? "; an image tag such as 1.42.0"
            : "";
      issues.push({ label: `--${flag.name}`, message: `is required${allowed}` });
    }
    const days = wholeNumber(values, "days", 1, issues);
    if (days !== undefined && str(values, "expires") !== undefined) {
      issues.push({ label: "--days", message: "give --expires or --days, not both" });
    }
    if (issues.length > 0) throw new UsageError("create", issues);
    const actor = await actorOf(run);
    const input: CreateInput = {
      name: run.name,
      owner: str(values, "owner") ?? actor,
      team: str(values, "team")!,
      purpose: str(values, "purpose")!,
      version: str(values, "version")!,
      ...optional("gameDataVersion", str(values, "game-data-version")),
      ...optional("resourceVersion", str(values, "resource-version")),
      ...optional(
        "expires",
        str(values, "expires") ?? (days !== undefined ? addDays(run.today, days) : undefined),
      ),
      ...optional("clockOffset", str(values, "clock-offset")),
      ...optional("deployment", str(values, "deployment") as CreateInput["deployment"]),
    };
    return runChange(run, (context) => createEnvironment(context, input), actor);
  },

  async update(run) {
    const { values } = run;
    const given = run.spec.flags.filter(
      (f) => !["as", "commit", "push", "repo"].includes(f.name) && values[f.name] !== undefined,
    );
    if (given.length === 0) {
      throw new UsageError("update", [
        {
          label: "update",
          message: `names nothing to change; give one or more of ${run.spec.flags
            .filter((f) => !["as", "commit", "push", "repo"].includes(f.name))
            .map((f) => `--${f.name}`)
            .join(", ")}`,
        },
      ]);
    }
    const input: Record<string, unknown> = {};
    for (const flag of given) {
      if (flag.name !== "replicas") input[fieldOf(flag.name)] = values[flag.name];
    }
    // Replica overrides merge into the file's, as the tree has them when the change is built.
    const replicas = values.replicas as string[] | undefined;
    return runChange(run, (context) =>
      updateEnvironment(context, run.name, {
        ...input,
        ...(replicas ? { replicas: replicasAfter(run, context.source, replicas) } : {}),
      } as UpdateInput),
    );
  },

  async extend(run) {
    const issues: { label: string; message: string }[] = [];
    const days = wholeNumber(run.values, "days", 1, issues);
    const expires = str(run.values, "expires");
    if (expires !== undefined && !isIsoDate(expires)) {
      issues.push({ label: "--expires", message: `"${expires}" is not a date written YYYY-MM-DD` });
    }
    if (issues.length > 0) throw new UsageError("extend", issues);
    return runChange(run, (context) =>
      extendEnvironment(context, run.name, { ...optional("expires", expires), ...optional("days", days) }),
    );
  },

  async delete(run) {
    return runChange(run, (context) => deleteEnvironment(context, run.name));
  },

  async wake(run) {
    const until = str(run.values, "until");
    return runChange(run, (context) => wakeEnvironment(context, run.name, optional("until", until)));
  },

  async sleep(run) {
    return runChange(run, (context) => sleepEnvironment(context, run.name));
  },

  async list(run) {
    const settings = await run.settings();
    const registry = resolveRegistry(run.workspace.source(run.tier), { settings, today: run.today });
    const cost = await run.costBasis();
    if ("error" in cost) run.deps.err(`monthly cost not estimated: ${cost.error}`);
    const rows = environmentRows(registry, settings, run.today, new Map(), cost, run.deps.now ?? new Date());
    if (run.values.json) {
      run.deps.out(JSON.stringify({ tier: run.tier, today: run.today, environments: rows }, null, 2));
      return 0;
    }
    if (rows.length === 0) {
      run.deps.out(
        `no environments on ${run.tier}; create one with npm run env -- create ${run.tier}/<name> ...`,
      );
      return 0;
    }
    run.deps.out(
      table(
        [
          "NAME",
          "OWNER",
          "TEAM",
          "PURPOSE",
          "VERSION",
          "CREATED",
          "EXPIRES",
          "STATUS",
          "SLEEP",
          "COST/MONTH",
          "URLS",
        ],
        rows.map((r) => [
          r.name,
          r.owner,
          r.team,
          r.purpose.length > 48 ? `${r.purpose.slice(0, 47)}…` : r.purpose,
          r.version,
          r.created,
          r.expires ? `${r.expires} (${daysLeftText(r.daysLeft!)})` : "never",
          r.live === "unknown" ? r.lifetime : `${r.lifetime}, ${r.live}`,
          sleepText(r.sleep),
          r.cost ? costCell(r.cost) : "-",
          Object.values(r.urls).join(" "),
        ]),
      ),
    );
    return 0;
  },

  async show(run) {
    const settings = await run.settings();
    const source = run.workspace.source(run.tier);
    const file = source.environments.get(run.name);
    if (!file) {
      throw new UsageError("show", [
        {
          label: `${run.tier}/${run.name}`,
          message: `does not exist; environments: ${[...source.environments.keys()].sort().join(", ") || "(none)"} (npm run env -- history ${run.tier}/${run.name} shows a deleted one's history)`,
        },
      ]);
    }
    const registry = resolveRegistry(source, { settings, today: run.today });
    const env = registry.environments.find((e) => e.name === run.name)!;
    const row = rowOf(registry, settings, run.today, run.name)!;
    const written = parse(file.text) as EnvironmentFile;
    if (run.values.json) {
      run.deps.out(
        JSON.stringify(
          {
            ...row,
            redisDb: env.redisDb,
            deployment: env.deployment,
            ...(env.deployment === "blueGreen"
              ? { activeColor: env.activeColor, previewVersion: env.previewVersion }
              : {}),
            file: file.path,
            settings: written,
          },
          null,
          2,
        ),
      );
      return 0;
    }
    const lines: [string, string][] = [
      ["owner", row.owner],
      ["team", row.team],
      ["purpose", row.purpose],
      ["version", row.version],
      ...(env.deployment === "blueGreen"
        ? ([
            ["active colour", env.activeColor],
            ["preview version", env.previewVersion ?? row.version],
          ] as [string, string][])
        : []),
      ["game data", row.gameDataVersion],
      ["resources", row.resourceVersion],
      ["clock offset", row.clockOffset],
      ["deployment", env.deployment],
      ["Redis DB", String(env.redisDb)],
      ["created", row.created],
      ["expires", row.expires ? `${row.expires} (${daysLeftText(row.daysLeft!)})` : "never (permanent)"],
      ["status", row.live === "unknown" ? row.lifetime : `${row.lifetime}, ${row.live}`],
      [
        "sleep",
        `${row.sleep.schedule}${row.sleep.awakeUntil ? `; woken until ${row.sleep.awakeUntil}` : ""}${row.sleep.reason ? ` (${row.sleep.reason})` : ""}`,
      ],
      ...Object.entries(row.urls).map(([k, v]) => [k, v] as [string, string]),
      ["logs", `${row.logs.url} (index pattern ${row.logs.indexPattern})`],
      ["history", `npm run env -- history ${run.tier}/${run.name}`],
    ];
    const width = Math.max(...lines.map(([k]) => k.length)) + 2;
    run.deps.out(
      [`${run.tier}/${run.name} (${file.path})`, ...lines.map(([k, v]) => `  ${k.padEnd(width)}${v}`)].join(
        "\n",
      ),
    );
    return 0;
  },

  async history(run) {
    const source = run.workspace.source(run.tier);
    let compareUrl: string | undefined;
    if (source.defaults) {
      const defaults = registryDefaultsSchema.safeParse(parse(source.defaults.text) ?? {});
      if (defaults.success) compareUrl = defaults.data.compareUrl;
    }
    const repo = await remoteRepo(run.workspace);
    const entries = await environmentHistory(run.workspace.root, run.tier, run.name, {
      ...(compareUrl ? { compareUrl } : {}),
      ...(repo ? { commitUrl: (c: string) => commitWebUrl(repo, c) } : {}),
    });
    if (entries.length === 0) {
      throw new UsageError("history", [
        {
          label: `${run.tier}/${run.name}`,
          message: `has no history: ${environmentFilePath(run.tier, run.name)} was never committed`,
        },
      ]);
    }
    if (run.values.json) {
      run.deps.out(
        JSON.stringify(
          { tier: run.tier, name: run.name, file: environmentFilePath(run.tier, run.name), entries },
          null,
          2,
        ),
      );
      return 0;
    }
    run.deps.out(`${run.tier}/${run.name} (${environmentFilePath(run.tier, run.name)}), newest first:`);
    for (const entry of entries) run.deps.out(historyLines(entry).join("\n"));
    if (!compareUrl)
      run.deps.out(
        `(no compareUrl in environments/${run.tier}/defaults.yaml: version changes have no links)`,
      );
    return 0;
  },

  async expire(run) {
    const { values } = run;
    const issues: { label: string; message: string }[] = [];
    const warnDays =
      wholeNumber(values, "warn-days", 0, issues) ??
      Number(OPERATIONS.expire.flags.find((f) => f.name === "warn-days")!.default);
    const mode = modeOf(values);
    if ((mode.commit || mode.push) && !values.apply) {
      issues.push({
        label: values.push ? "--push" : "--commit",
        message: "only applies with --apply (expiry changes nothing without it)",
      });
    }
    const slack = slackWebhookFromEnv(run.deps.env);
    if (values.notify && !slack.webhook) {
      issues.push({
        label: "--notify",
        message: slack.problem ?? "SLACK_WEBHOOK_URL is not set: there is nowhere to send the warning",
      });
    }
    if (issues.length > 0) throw new UsageError("expire", issues);
    const actor = values.apply ? await actorOf(run) : undefined;
    const settings = await run.settings();
    const rowsNow = () =>
      environmentRows(
        resolveRegistry(run.workspace.source(run.tier), { settings, today: run.today }),
        settings,
        run.today,
      );
    let expiry = expiryReport(rowsNow(), warnDays);
    let deleted: EnvironmentRow[] = [];
    let outcome: PublishOutcome | undefined;
    let changes: RegistryChange[] = [];
    if (values.apply && expiry.expired.length > 0) {
      const written = await writeChanges(
        run,
        actor!,
        (context) => {
          // Judged again after a --push brought the checkout up to main: expired there, deleted here.
          expiry = expiryReport(
            environmentRows(resolveRegistry(context.source, context), settings, run.today),
            warnDays,
          );
          return deleteChanges(
            context,
            expiry.expired.map((r) => r.name),
          );
        },
        { title: `expire ${run.tier}: delete expired environments` },
      );
      changes = written.changes;
      outcome = written.outcome;
      deleted = [...expiry.expired];
    }
    const notDeleted = expiry.expired.filter((r) => !deleted.includes(r));
    const item = (r: EnvironmentRow): ExpiryItem => ({
      name: r.name,
      owner: r.owner,
      expires: r.expires!,
      daysLeft: r.daysLeft!,
    });
    if (values.json) {
      run.deps.out(
        JSON.stringify(
          {
            tier: run.tier,
            today: run.today,
            warnDays,
            expired: expiry.expired,
            expiring: expiry.expiring,
            deleted: deleted.map((r) => r.name),
            commits: outcome?.commits ?? [],
            ...(outcome?.destination ? { destination: outcome.destination } : {}),
          },
          null,
          2,
        ),
      );
    } else {
      printExpiry(run, expiry.expired, expiry.expiring, warnDays, deleted);
      for (const change of changes) run.deps.out(`  ${change.summary}`);
      if (outcome && deleted.length > 0) printOutcome(run, outcome);
    }
    if (values.notify && (expiry.expiring.length > 0 || notDeleted.length > 0)) {
      const lifetime = TIERS[run.tier].environmentLifetime;
      await notify(run, () =>
        expiryWarningMessage({
          tier: run.tier,
          warnDays,
          expiring: expiry.expiring.map(item),
          expired: notDeleted.map(item),
          extendCommand: (name) => `npm run env -- extend ${run.tier}/${name}`,
          ...(lifetime ? { maxDays: lifetime.maxDays } : {}),
        }),
      );
    }
    const destination = outcome?.destination;
    if (destination && deleted.length > 0) {
      const dbs = new Map(changes.map((c) => [c.environment, c]));
      await notify(run, () =>
        expiryDeletionMessage({
          tier: run.tier,
          actor: actor!,
          destination,
          deleted: deleted.map((r) => ({ ...item(r), ...retiredDb(dbs.get(r.name), r.name) })),
        }),
      );
    }
    return 0;
  },
};

function retiredDb(change: RegistryChange | undefined, name: string): { redisDb?: number } {
  const entry = change?.registry.retired.find((r) => r.environment === name);
  return entry ? { redisDb: entry.db } : {};
}

function printExpiry(
  run: Invocation,
  expired: readonly EnvironmentRow[],
  expiring: readonly EnvironmentRow[],
  warnDays: number,
  deleted: readonly EnvironmentRow[],
): void {
  const { out } = run.deps;
  const line = (r: EnvironmentRow) =>
    `  ${r.name}  ${r.owner}  ${r.expires} (${daysLeftText(r.daysLeft!)})${deleted.includes(r) ? "  deleted" : ""}`;
  out(
    `${run.tier}: ${expired.length} expired, ${expiring.length} expiring within ${warnDays} day(s) (today ${run.today})`,
  );
  if (expired.length > 0) out(["expired:", ...expired.map(line)].join("\n"));
  if (expiring.length > 0) out(["expiring:", ...expiring.map(line)].join("\n"));
  if (expired.length > 0 && deleted.length === 0) {
    out(
      `delete them with: npm run env -- expire ${run.tier} --apply (or extend them: npm run env -- extend ${run.tier}/<name>)`,
    );
  }
}

function historyLines(entry: HistoryEntry): string[] {
  const date = entry.date.slice(0, 16).replace("T", " ");
  const lines = [`${entry.commit.slice(0, 7)}  ${date}  ${entry.author.email}  ${entry.subject}`];
  const pad = " ".repeat(9);
  if (entry.change === "created" && entry.version) lines.push(`${pad}created with version ${entry.version}`);
  if (entry.change === "deleted") lines.push(`${pad}deleted`);
  if (entry.versionChange) {
    const v = entry.versionChange;
    lines.push(`${pad}version ${v.from} -> ${v.to}${v.compareUrl ? `: ${v.compareUrl}` : ""}`);
  }
  if (entry.url) lines.push(`${pad}${entry.url}`);
  return lines;
}

/** Existing replica overrides with `--replicas SERVER=N|MIN-MAX|default` applied. */
function replicasAfter(
  run: Invocation,
  source: RegistrySource,
  specs: readonly string[],
): UpdateInput["replicas"] {
  const file = source.environments.get(run.name);
  let current: Record<string, unknown> = {};
  try {
    current = {
      ...((parse(file?.text ?? "") as { replicas?: Record<string, unknown> } | null)?.replicas ?? {}),
    };
  } catch {
    // An unreadable file is reported by the operation itself.
  }
  const issues: { label: string; message: string }[] = [];
  for (const spec of specs
    .flatMap((s) => s.split(","))
    .map((s) => s.trim())
    .filter(Boolean)) {
    const match = /^([a-z]+)=(?:(\d+)|(\d+)-(\d+)|(default))$/.exec(spec);
    if (!match || !REPLICA_SERVERS.includes(match[1]!)) {
      issues.push({
        label: "--replicas",
        message: `"${spec}" is not SERVER=N, SERVER=MIN-MAX or SERVER=default with SERVER one of ${REPLICA_SERVERS.join(", ")}`,
      });
      continue;
    }
    const server = match[1]!;
    if (match[5]) delete current[server];
    else if (match[2]) current[server] = Number(match[2]);
    else current[server] = { min: Number(match[3]), max: Number(match[4]) };
  }
  if (issues.length > 0) throw new UsageError("update", issues);
  return current as UpdateInput["replicas"];
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  return [line(header), ...rows.map(line)].join("\n");
}

/** Prints an error the way the user should see it and returns the exit code. */
function report(err: unknown, operation: CliOperation | undefined, target: string, deps: CliDeps): number {
  const prefix = `env${operation ? ` ${operation}` : ""}${target ? ` ${target}` : ""}`;
  const help = operation
    ? `(npm run env -- ${operation} --help lists the options)`
    : "(npm run env -- --help lists the operations)";
  if (err instanceof UsageError || err instanceof OperationError) {
    const issues =
      err instanceof UsageError
        ? err.issues
        : err.issues.map((i) => ({ label: labelOf(operation, i, target), message: i.message }));
    deps.err(
      [
        `${prefix}: refused, nothing was changed:`,
        ...issues.map((i) => `  ${i.label}: ${i.message}`),
        help,
      ].join("\n"),
    );
    return 2;
  }
  if (err instanceof PublishRefusedError) {
    deps.err(`${prefix}: refused, nothing was changed:\n  ${err.option}: ${err.message}`);
    return 2;
  }
  if (err instanceof RegistryError || err instanceof ConfigError || err instanceof StackFileError) {
    deps.err(`${prefix}: ${err.message}`);
    return 2;
  }
  if (err instanceof PublishError) {
    const commits = err.commits.map((c) => c.slice(0, 7)).join(", ");
    deps.err(
      err.local
        ? `${prefix}: ${err.message}\nthe change is committed here only (${commits}); fix the cause and push it, or drop it with git reset --hard origin/main`
        : `${prefix}: ${err.message}`,
    );
    return 1;
  }
  if (err instanceof GitError || err instanceof HistoryError) {
    deps.err(`${prefix}: ${err.message}`);
    return 1;
  }
  throw err;
}

/** The flag (or file key) an operation's field problem belongs to. */
function labelOf(operation: CliOperation | undefined, issue: FieldIssue, target: string): string {
  if (issue.field === "name") return target;
  if (issue.field === "registry" || issue.field === "update") return issue.field;
  const flag = flagOf(issue.field);
  if (operation && OPERATIONS[operation].flags.some((f) => `--${f.name}` === flag)) return flag;
  const [tier, name] = target.split("/");
  return tier && name ? `${environmentFilePath(tier, name)}: ${issue.field}` : issue.field;
}

if (require.main === module) {
  runCli(process.argv.slice(2), {
    root: resolve(__dirname, ".."),
    // npm runs scripts in the package's folder; INIT_CWD is where the command was typed.
    cwd: process.env.INIT_CWD ?? process.cwd(),
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    env: process.env,
  }).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
