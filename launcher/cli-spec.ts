/**
 * The command line of `npm run env`: each operation's target, flags (named after the registry's
 * settings), defaults and example, in one table that both the argument parser (`node:util`
 * `parseArgs`, strict) and `--help` are built from, so the two never disagree.
 */
import { environmentFileSchema } from "../stacks/registry-schema";
import { TIER_NAMES } from "../stacks/tier";
import { TIERS } from "../stacks/tiers";
import { MAX_SLEEP_PAUSE_DAYS } from "../lib/sleep-schedule";
import { EXPIRING_DAYS } from "./views";

/** The operations, in the order help lists them. */
export const OPERATION_NAMES = [
  "create",
  "update",
  "extend",
  "delete",
  "wake",
  "sleep",
  "list",
  "show",
  "history",
  "expire",
] as const;
/** One of {@link OPERATION_NAMES}. */
export type CliOperation = (typeof OPERATION_NAMES)[number];

/** One flag. */
export interface FlagSpec {
  /** The flag without dashes (`game-data-version`). */
  readonly name: string;
  readonly type: "string" | "boolean";
  /** What the value looks like in help (`VERSION`). */
  readonly value?: string;
  readonly help: string;
  /** The default, as help says it. */
  readonly default?: string;
  /** Allowed values, checked before anything else. */
  readonly choices?: readonly string[];
  /** Required (create's --team, --purpose, --version). */
  readonly required?: boolean;
  readonly multiple?: boolean;
}

/** One operation. */
export interface OperationSpec {
  readonly name: CliOperation;
  /** `<tier>/<name>` or `<tier>`. */
  readonly target: "environment" | "tier";
  readonly summary: string;
  readonly details: string;
  readonly flags: readonly FlagSpec[];
  readonly examples: readonly string[];
  /** Whether it changes the registry (and so takes --as, --commit, --push). */
  readonly writes: boolean;
}

/** The servers `--replicas` may name (the registry schema's `replicas` keys). */
export const REPLICA_SERVERS: readonly string[] = Object.keys(
  environmentFileSchema.shape.replicas.unwrap().shape,
);

const lifetimes = TIER_NAMES.map((t) => {
  const l = TIERS[t].environmentLifetime;
  return l ? `${t}: ${l.defaultDays} days, at most ${l.maxDays}` : `${t}: none (may be permanent)`;
}).join("; ");

const deployments = TIER_NAMES.map((t) => `${t}: ${TIERS[t].environments.deployment}`).join(", ");

const actorFlags: readonly FlagSpec[] = [
  {
    name: "as",
    type: "string",
    value: "EMAIL",
    help: "who asks: the commits' author and the name in messages",
    default: "git config user.email",
  },
  {
    name: "commit",
    type: "boolean",
    help: "commit the change (one commit per change, message saying who and what)",
    default: "off: only the working tree is edited",
  },
  {
    name: "push",
    type: "boolean",
    help: "commit and publish as the tier allows: dev and qa push to main after the registry check; stage pushes a branch and opens a pull request (GITHUB_TOKEN)",
    default: "off",
  },
];

const repoFlag: FlagSpec = {
  name: "repo",
  type: "string",
  value: "DIR",
  help: "the clone of this repository to read and edit (relative to where the command is typed)",
  default: "the repository the script belongs to",
};

const jsonFlag: FlagSpec = { name: "json", type: "boolean", help: "print JSON instead of text" };

const versionFlags = (what: string): FlagSpec[] => [
  {
    name: "game-data-version",
    type: "string",
    value: "VERSION",
    help: `game data version${what}`,
  },
  { name: "resource-version", type: "string", value: "VERSION", help: `resource version${what}` },
];

/** Every operation's command line. */
export const OPERATIONS: Readonly<Record<CliOperation, OperationSpec>> = {
  create: {
    name: "create",
    target: "environment",
    writes: true,
    summary: "launch a new environment",
    details:
      "Writes environments/<tier>/<name>.yaml with its own Redis DB (the lowest number neither used nor retired), created today, and the rest from the tier's defaults, after checking the whole tier's registry with it.",
    flags: [
      {
        name: "owner",
        type: "string",
        value: "EMAIL",
        help: "who the environment is for",
        default: "the actor (--as)",
      },
      {
        name: "team",
        type: "string",
        value: "TEAM",
        help: "the team whose group may edit it (a team of the tier's platform)",
        required: true,
      },
      {
        name: "purpose",
        type: "string",
        value: "TEXT",
        help: "what it is for (shown to everyone)",
        required: true,
      },
      {
        name: "version",
        type: "string",
        value: "TAG",
        help: "image tag of the game, league, scheduler and backoffice servers",
        required: true,
      },
      ...versionFlags("").map((f) => ({ ...f, default: "environments/<tier>/defaults.yaml" })),
      {
        name: "expires",
        type: "string",
        value: "YYYY-MM-DD",
        help: "its last day",
        default: `today + the tier's lifetime (${lifetimes})`,
      },
      {
        name: "days",
        type: "string",
        value: "N",
        help: "its lifetime in days from today (instead of --expires)",
      },
      {
        name: "clock-offset",
        type: "string",
        value: "DURATION",
        help: "server clock offset such as +720h (write --clock-offset=-2h for a negative one)",
        default: "0s",
      },
      {
        name: "deployment",
        type: "string",
        value: "MODE",
        help: "game server release strategy",
        choices: ["rolling", "blueGreen"],
        default: `the tier's (${deployments})`,
      },
      ...actorFlags,
      repoFlag,
    ],
    examples: [
      'npm run env -- create dev/guild-rework --team server --purpose "Guild rework, own balance data" --version 1.44.0-guild.2 --push',
      'npm run env -- create qa/event-test --team qa --purpose "Winter event" --version 1.43.0 --clock-offset +720h --days 21 --commit',
    ],
  },
  update: {
    name: "update",
    target: "environment",
    writes: true,
    summary: "change an environment's versions, clock, release strategy or replicas",
    details: "Changes only the settings named; the whole tier's registry is checked with the change.",
    flags: [
      {
        name: "version",
        type: "string",
        value: "TAG",
        help: "image tag of the servers (the active colour's, on blue/green)",
      },
      {
        name: "preview-version",
        type: "string",
        value: "TAG",
        help: "blue/green: the idle colour's version",
      },
      {
        name: "active-color",
        type: "string",
        value: "COLOR",
        help: "blue/green: the colour players reach",
        choices: ["blue", "green"],
      },
      {
        name: "deployment",
        type: "string",
        value: "MODE",
        help: "game server release strategy",
        choices: ["rolling", "blueGreen"],
      },
      ...versionFlags(""),
      {
        name: "clock-offset",
        type: "string",
        value: "DURATION",
        help: "server clock offset such as +720h (write --clock-offset=-2h for a negative one)",
      },
      { name: "purpose", type: "string", value: "TEXT", help: "what it is for" },
      {
        name: "replicas",
        type: "string",
        value: "SERVER=N",
        multiple: true,
        help: `replicas of a server (${REPLICA_SERVERS.join(", ")}): a count (gameserver=2), autoscaling bounds (gameserver=2-8), or "default" to drop the override; repeat or separate with commas`,
      },
      ...actorFlags,
      repoFlag,
    ],
    examples: [
      "npm run env -- update dev/dev1 --version 1.43.0 --game-data-version gd-2026.12.0 --push",
      "npm run env -- update qa/qa-event --clock-offset +1440h --replicas gameserver=2-4 --commit",
    ],
  },
  extend: {
    name: "extend",
    target: "environment",
    writes: true,
    summary: "move an environment's last day later, up to the tier's maximum",
    details: `The new last day must be later than the current one and at most the tier's maximum ahead (${lifetimes}).`,
    flags: [
      {
        name: "expires",
        type: "string",
        value: "YYYY-MM-DD",
        help: "the new last day",
        default: "today + the tier's maximum",
      },
      {
        name: "days",
        type: "string",
        value: "N",
        help: "the new last day as days from today (instead of --expires)",
      },
      ...actorFlags,
      repoFlag,
    ],
    examples: [
      "npm run env -- extend dev/dev2 --days 14 --push",
      "npm run env -- extend qa/qa-release --expires 2027-02-28 --commit",
    ],
  },
  delete: {
    name: "delete",
    target: "environment",
    writes: true,
    summary: "remove an environment",
    details:
      "Removes its file and retires its Redis DB in the same change (no later environment gets a DB that may still hold its data); its MySQL database is kept. Sync then destroys its stack.",
    flags: [...actorFlags, repoFlag],
    examples: ["npm run env -- delete dev/login-dev --push"],
  },
  wake: {
    name: "wake",
    target: "environment",
    writes: true,
    summary: "keep an environment awake outside its sleep schedule, up to a given day",
    details: `Pauses its sleep schedule through --until (sleep.pausedUntil in its file): sync removes its kube-green SleepInfo and scales every server back up. The pause ends by itself after that day (the nightly sync restores the schedule), or earlier with sleep. At most ${MAX_SLEEP_PAUSE_DAYS} days ahead; an environment that must run longer says sleep.schedule: alwaysOn with a sleep.reason.`,
    flags: [
      {
        name: "until",
        type: "string",
        value: "YYYY-MM-DD",
        help: `the last day it stays awake, today to ${MAX_SLEEP_PAUSE_DAYS} days ahead`,
        default: "today",
      },
      ...actorFlags,
      repoFlag,
    ],
    examples: [
      "npm run env -- wake dev/dev1 --push",
      "npm run env -- wake dev/guild-rework --until 2026-12-12 --commit",
    ],
  },
  sleep: {
    name: "sleep",
    target: "environment",
    writes: true,
    summary: "end a wake: the environment follows its sleep schedule again",
    details:
      "Removes the pause wake wrote (sleep.pausedUntil): sync gives it its kube-green SleepInfo back, and kube-green scales it to zero at the schedule's next sleep time (it acts only at the schedule's times, not when the SleepInfo is created). Volumes, the MySQL database and the Redis DB are kept.",
    flags: [...actorFlags, repoFlag],
    examples: ["npm run env -- sleep dev/dev1 --push"],
  },
  list: {
    name: "list",
    target: "tier",
    writes: false,
    summary: "the tier's environments, expired first",
    details:
      "Name, owner, team, purpose, version, created, last day with days left, status, sleep (the schedule and whether it has the environment asleep or awake now, a wake's last day, or always on), monthly cost (always on, and on the tier's default sleep schedule; `npm run cost` explains it) and URLs; expired first, then expiring, then by last day.",
    flags: [jsonFlag, repoFlag],
    examples: ["npm run env -- list dev", "npm run env -- list qa --json"],
  },
  show: {
    name: "show",
    target: "environment",
    writes: false,
    summary: "one environment's settings, status and URLs",
    details:
      "Everything the registry says about it, resolved against the tier (release strategy, Redis DB, URLs, logs).",
    flags: [jsonFlag, repoFlag],
    examples: ["npm run env -- show dev/dev1", "npm run env -- show stage/stage --json"],
  },
  history: {
    name: "history",
    target: "environment",
    writes: false,
    summary: "who changed what when, from Git, with compare links between versions",
    details:
      "Every commit of its registry file, newest first (its creation, each change, its removal), and for each version change a link to the game's changes between the two versions (compareUrl in environments/<tier>/defaults.yaml).",
    flags: [jsonFlag, repoFlag],
    examples: ["npm run env -- history dev/dev1", "npm run env -- history dev/old-env --json"],
  },
  expire: {
    name: "expire",
    target: "tier",
    writes: true,
    summary: "environments expiring soon and expired; warn owners, delete the expired",
    details:
      "Lists environments whose last day is within --warn-days and those already expired. --notify posts a warning to Slack (SLACK_WEBHOOK_URL); --apply deletes the expired ones as delete does (Redis DB retired), one commit each with --commit or --push.",
    flags: [
      {
        name: "warn-days",
        type: "string",
        value: "N",
        help: "warn about environments whose last day is at most N days ahead",
        default: String(EXPIRING_DAYS),
      },
      { name: "notify", type: "boolean", help: "warn the owners in Slack (needs SLACK_WEBHOOK_URL)" },
      { name: "apply", type: "boolean", help: "delete the expired environments" },
      ...actorFlags,
      jsonFlag,
      repoFlag,
    ],
    examples: [
      "npm run env -- expire dev",
      "npm run env -- expire dev --warn-days 7 --notify --apply --push --as expiry@studio.example",
    ],
  },
};

const helpFlag: FlagSpec = { name: "help", type: "boolean", help: "this text" };

/** The `parseArgs` options of an operation. */
export function parseOptions(
  spec: OperationSpec,
): Record<string, { type: "string" | "boolean"; multiple?: boolean; short?: string }> {
  const options: Record<string, { type: "string" | "boolean"; multiple?: boolean; short?: string }> = {
    help: { type: "boolean", short: "h" },
  };
  for (const flag of spec.flags)
    options[flag.name] = { type: flag.type, ...(flag.multiple ? { multiple: true } : {}) };
  return options;
}

/** `--game-data-version` for `gameDataVersion`. */
export function flagOf(field: string): string {
  return `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** `gameDataVersion` for `game-data-version`. */
export function fieldOf(flag: string): string {
  return flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

function usageLine(spec: OperationSpec): string {
  const target = spec.target === "environment" ? "<tier>/<name>" : "<tier>";
  const required = spec.flags.filter((f) => f.required).map((f) => `--${f.name} ${f.value}`);
  return `npm run env -- ${spec.name} ${target}${required.length ? ` ${required.join(" ")}` : ""} [options]`;
}

function flagLines(flags: readonly FlagSpec[]): string[] {
  const left = flags.map((f) => `  --${f.name}${f.value ? ` ${f.value}` : ""}`);
  const width = Math.max(...left.map((l) => l.length)) + 2;
  return flags.map((f, i) => {
    const extra = [
      f.required ? "required" : undefined,
      f.choices ? `one of ${f.choices.join(", ")}` : undefined,
      f.default ? `default: ${f.default}` : undefined,
    ].filter(Boolean);
    return `${left[i]!.padEnd(width)}${f.help}${extra.length ? ` (${extra.join("; ")})` : ""}`;
  });
}

/** An operation's `--help`. */
export function operationHelp(name: CliOperation): string {
  const spec = OPERATIONS[name];
  return [
    `usage: ${usageLine(spec)}`,
    "",
    `${spec.summary[0]!.toUpperCase()}${spec.summary.slice(1)}. ${spec.details}`,
    "",
    `<tier> is one of ${TIER_NAMES.join(", ")}.`,
    "",
    "options:",
    ...flagLines([...spec.flags, helpFlag]),
    "",
    spec.examples.length === 1 ? "example:" : "examples:",
    ...spec.examples.map((e) => `  ${e}`),
  ].join("\n");
}

/** `npm run env -- --help`. */
export function globalHelp(): string {
  const width = Math.max(...OPERATION_NAMES.map((n) => n.length)) + 2;
  return [
    "usage: npm run env -- <operation> <tier>/<name> [--setting value ...]",
    "       npm run env -- <operation> --help",
    "",
    "Environments are registry files, environments/<tier>/<name>.yaml; every operation checks the whole",
    "tier's registry before it writes, edits the working tree, and with --commit or --push commits as the",
    "requester and publishes as the tier allows (dev, qa: main; stage: a pull request).",
    "",
    "operations:",
    ...OPERATION_NAMES.map((n) => `  ${n.padEnd(width)}${OPERATIONS[n].summary}`),
    "",
    "Exit codes: 0 done; 1 a commit could not be published or git failed; 2 bad input (nothing changed).",
    "Environment: SLACK_WEBHOOK_URL (notices when a change is committed or pushed), GITHUB_TOKEN and",
    "GITHUB_API_URL (pull requests for stage). Reference: docs/launcher.md.",
  ].join("\n");
}
