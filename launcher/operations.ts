/**
 * The environment operations every front end uses (the CLI, the web page, expiry): each takes a
 * tier's registry as it is, validates the result against the WHOLE tier's registry, and returns the
 * change to write (files to write and to remove, a commit message), or throws an
 * {@link OperationError} naming each bad field and what is allowed. Nothing here touches the disk
 * or git: `workspace.ts` applies a change, so a refused operation leaves the registry byte for byte
 * as it was.
 */
import { addDays, daysBetween, isIsoDate } from "../lib/dates";
import { describeSleepSchedule, MAX_SLEEP_PAUSE_DAYS } from "../lib/sleep-schedule";
import type { EnvironmentSettings } from "../stacks/environment-settings";
import { environmentFilePath, retiredFilePath } from "../stacks/registry";
import { formatEnvironmentFile, formatRetiredRedisDbs } from "../stacks/registry-format";
import {
  environmentFileSchema,
  FIRST_ENVIRONMENT_REDIS_DB,
  type EnvironmentFile,
} from "../stacks/registry-schema";
import {
  RegistryError,
  resolveRegistry,
  type Registry,
  type RegistryFile,
  type RegistrySource,
} from "../stacks/resolve-registry";
import { TIERS } from "../stacks/tiers";
import { parse } from "yaml";

/** One problem with an operation's input: the field (as the form and the CLI flag name it) and why. */
export interface FieldIssue {
  /** `name`, `owner`, `team`, `version`, ... or `registry` for a problem elsewhere in the tier. */
  readonly field: string;
  readonly message: string;
}

/** An operation that cannot be done as asked; nothing was changed. */
export class OperationError extends Error {
  constructor(readonly issues: readonly FieldIssue[]) {
    super(issues.map((i) => `${i.field}: ${i.message}`).join("\n"));
    this.name = "OperationError";
  }
}

/** The operations, by the word the CLI and the commit messages use. */
export type OperationName = "create" | "update" | "extend" | "delete" | "wake" | "sleep";

/** What an operation changes in the registry, ready to apply and commit. */
export interface RegistryChange {
  readonly operation: OperationName;
  readonly tier: string;
  readonly environment: string;
  /** Files to write (repository-relative path to full text). */
  readonly writes: ReadonlyMap<string, string>;
  /** Files to remove (repository-relative paths). */
  readonly removes: readonly string[];
  /** The commit message: who did what, and why. */
  readonly message: string;
  /** One line for people (Slack, the page): what changed. */
  readonly summary: string;
  /** The registry after the change (validated). */
  readonly registry: Registry;
}

/** What every operation is judged against. */
export interface OperationContext {
  readonly source: RegistrySource;
  readonly settings: EnvironmentSettings;
  /** `YYYY-MM-DD`, UTC. */
  readonly today: string;
  /** Who asks (an e-mail address): the commit's author. */
  readonly actor: string;
}

/** What `create` takes; the rest defaults from the tier. */
export interface CreateInput {
  readonly name: string;
  readonly owner: string;
  readonly team: string;
  readonly purpose: string;
  readonly version: string;
  /** @default the tier's `defaults.yaml` */
  readonly gameDataVersion?: string;
  /** @default the tier's `defaults.yaml` */
  readonly resourceVersion?: string;
  /** @default today + the tier's default lifetime (none on stage) */
  readonly expires?: string;
  /** @default "0s" */
  readonly clockOffset?: string;
  /** @default the tier's release strategy */
  readonly deployment?: "rolling" | "blueGreen";
}

/** What `update` may change. */
export interface UpdateInput {
  readonly version?: string;
  readonly previewVersion?: string;
  readonly activeColor?: "blue" | "green";
  readonly deployment?: "rolling" | "blueGreen";
  readonly gameDataVersion?: string;
  readonly resourceVersion?: string;
  readonly clockOffset?: string;
  readonly purpose?: string;
  readonly replicas?: EnvironmentFile["replicas"];
}

/** What `extend` takes: a new last day, or a number of days from today. @default the tier's maximum */
export interface ExtendInput {
  readonly expires?: string;
  readonly days?: number;
}

/** What `wake` takes: the last day the schedule is paused. @default today */
export interface WakeInput {
  readonly until?: string;
}

/** The fields `update` accepts, in the order help lists them. */
export const UPDATE_FIELDS: readonly (keyof UpdateInput)[] = [
  "version",
  "previewVersion",
  "activeColor",
  "deployment",
  "gameDataVersion",
  "resourceVersion",
  "clockOffset",
  "purpose",
  "replicas",
];

/** Creates an environment: a new registry file, with its own Redis DB number. */
export function createEnvironment(context: OperationContext, input: CreateInput): RegistryChange {
  const { source, today } = context;
  const issues: FieldIssue[] = [];
  if (source.environments.has(input.name)) {
    issues.push({ field: "name", message: `${source.tier}/${input.name} already exists; pick another name` });
  }
  const current = currentRegistry(context);
  const defaults = current.defaults;
  const lifetime = TIERS[source.tier].environmentLifetime;
  const gameDataVersion = input.gameDataVersion ?? defaults.gameDataVersion;
  const resourceVersion = input.resourceVersion ?? defaults.resourceVersion;
  for (const [field, value] of [
    ["gameDataVersion", gameDataVersion],
    ["resourceVersion", resourceVersion],
  ] as const) {
    if (value === undefined) {
      issues.push({
        field,
        message: `is required: the ${source.tier} tier has no default (${field} in environments/${source.tier}/defaults.yaml)`,
      });
    }
  }
  const redisDb = freeRedisDb(current, context.settings.redisDatabases);
  if (redisDb === undefined) {
    issues.push({
      field: "registry",
      message: `no free Redis DB on ${source.tier}: all ${context.settings.redisDatabases - 1} are used or retired; release retired ones (docs/data-stores.md, "Redis DB numbers") or raise redis.databases`,
    });
  }
  if (issues.length > 0) throw new OperationError(issues);
  const file: EnvironmentFile = {
    owner: input.owner,
    team: input.team,
    purpose: input.purpose,
    version: input.version,
    gameDataVersion: gameDataVersion!,
    resourceVersion: resourceVersion!,
    redisDb: redisDb!,
    created: today,
    ...(input.expires !== undefined
      ? { expires: input.expires }
      : lifetime
        ? { expires: addDays(today, lifetime.defaultDays) }
        : {}),
    ...(input.clockOffset !== undefined ? { clockOffset: input.clockOffset } : {}),
    ...(input.deployment !== undefined ? { deployment: input.deployment } : {}),
  };
  return finish(context, "create", input.name, withFile(source, input.name, file), [], {
    message: `create ${source.tier}/${input.name} for ${input.owner}: ${input.purpose}`,
    summary: `${input.owner} launched ${source.tier}/${input.name} (${input.version}, team ${input.team}, Redis DB ${redisDb}${file.expires ? `, until ${file.expires}` : ""}): ${input.purpose}`,
  });
}

/** Changes an environment's versions, clock, release or replicas. */
export function updateEnvironment(
  context: OperationContext,
  name: string,
  input: UpdateInput,
): RegistryChange {
  const file = existingFile(context, name);
  const given = Object.entries(input).filter(([, v]) => v !== undefined);
  if (given.length === 0) {
    throw new OperationError([
      { field: "update", message: `names nothing to change; fields: ${UPDATE_FIELDS.join(", ")}` },
    ]);
  }
  const next = { ...file, ...Object.fromEntries(given) } as EnvironmentFile;
  // Dropping the last replica override leaves the tier's defaults, not an empty `replicas: {}`.
  if (next.replicas && Object.keys(next.replicas).length === 0) delete next.replicas;
  const changes = given.map(
    ([k, v]) => `${k} ${describe((file as Record<string, unknown>)[k])} -> ${describe(v)}`,
  );
  return finish(context, "update", name, withFile(context.source, name, next), [], {
    message: `update ${context.source.tier}/${name} by ${context.actor}: ${changes.join(", ")}`,
    summary: `${context.actor} updated ${context.source.tier}/${name}: ${changes.join(", ")}`,
  });
}

/** Moves an environment's last day later, up to the tier's maximum. */
export function extendEnvironment(
  context: OperationContext,
  name: string,
  input: ExtendInput,
): RegistryChange {
  const file = existingFile(context, name);
  const tier = context.source.tier;
  const lifetime = TIERS[tier].environmentLifetime;
  if (input.expires !== undefined && input.days !== undefined) {
    throw new OperationError([{ field: "expires", message: "give a date or a number of days, not both" }]);
  }
  if (input.days !== undefined && (!Number.isInteger(input.days) || input.days < 1)) {
    throw new OperationError([
      { field: "days", message: `must be a whole number of days, 1 or more; got ${input.days}` },
    ]);
  }
  if (input.expires !== undefined && !isIsoDate(input.expires)) {
    throw new OperationError([
      { field: "expires", message: `"${input.expires}" is not a date written YYYY-MM-DD` },
    ]);
  }
  const expires =
    input.expires ??
    (input.days !== undefined
      ? addDays(context.today, input.days)
      : lifetime
        ? addDays(context.today, lifetime.maxDays)
        : undefined);
  if (expires === undefined) {
    throw new OperationError([
      {
        field: "expires",
        message: `${tier} environments may be permanent; give the new last day with --expires`,
      },
    ]);
  }
  if (file.expires !== undefined && expires <= file.expires) {
    throw new OperationError([
      { field: "expires", message: `${expires} is not later than the current last day, ${file.expires}` },
    ]);
  }
  return finish(context, "extend", name, withFile(context.source, name, { ...file, expires }), [], {
    message: `extend ${tier}/${name} by ${context.actor}: expires ${file.expires ?? "never"} -> ${expires}`,
    summary: `${context.actor} extended ${tier}/${name} to ${expires} (${daysBetween(context.today, expires)} days from today)`,
  });
}

/**
 * Keeps an environment awake through `until` (today by default, at most {@link MAX_SLEEP_PAUSE_DAYS}
 * days ahead): writes `sleep.pausedUntil`, so the environment stack drops its SleepInfo and declares
 * every server's replicas again, which wakes a sleeping environment when sync applies it. kube-green
 * has no "wake now" of its own: a SleepInfo acts only at its schedule's instants
 * (upstream/kube-green/SOURCE.md). The registry holds the pause, so it is reviewed, logged in Git and
 * ends by itself: the nightly sync brings the SleepInfo back once the day has passed.
 */
export function wakeEnvironment(context: OperationContext, name: string, input: WakeInput): RegistryChange {
  const file = existingFile(context, name);
  const { source, today } = context;
  const env = currentRegistry(context).environments.find((e) => e.name === name)!;
  if (env.sleep.schedule === undefined) {
    throw new OperationError([
      {
        field: "name",
        message: `${source.tier}/${name} is always on (sleep.schedule: alwaysOn): it never sleeps, so there is nothing to wake`,
      },
    ]);
  }
  const until = input.until ?? today;
  const latest = addDays(today, MAX_SLEEP_PAUSE_DAYS);
  if (!isIsoDate(until)) {
    throw new OperationError([{ field: "until", message: `"${until}" is not a date written YYYY-MM-DD` }]);
  }
  if (until < today) {
    throw new OperationError([
      {
        field: "until",
        message: `${until} has passed; give today (${today}) or a later day, up to ${latest}`,
      },
    ]);
  }
  if (until > latest) {
    throw new OperationError([
      {
        field: "until",
        message: `${until} is more than ${MAX_SLEEP_PAUSE_DAYS} days ahead; latest allowed today: ${latest} (an environment that must stay on longer says sleep.schedule: alwaysOn with a sleep.reason)`,
      },
    ]);
  }
  if (file.sleep?.pausedUntil === until) {
    throw new OperationError([
      { field: "until", message: `${source.tier}/${name} is already kept awake until ${until}` },
    ]);
  }
  const next: EnvironmentFile = { ...file, sleep: { ...file.sleep, pausedUntil: until } };
  return finish(context, "wake", name, withFile(source, name, next), [], {
    message: `wake ${source.tier}/${name} by ${context.actor}: sleep schedule paused until ${until} (was ${file.sleep?.pausedUntil ?? "not paused"})`,
    summary: `${context.actor} woke ${source.tier}/${name}: awake until the end of ${until}, then asleep again outside ${describeSleepSchedule(env.sleep.schedule)}`,
  });
}

/**
 * Ends a pause `wake` wrote: removes `sleep.pausedUntil`, so the environment stack brings its
 * SleepInfo back. kube-green then puts the environment to sleep at the schedule's next `sleepAt`
 * (it acts only at its schedule's instants, never on creation), and wakes it at `wakeUpAt`.
 */
export function sleepEnvironment(context: OperationContext, name: string): RegistryChange {
  const file = existingFile(context, name);
  const { source, today } = context;
  const env = currentRegistry(context).environments.find((e) => e.name === name)!;
  if (env.sleep.schedule === undefined) {
    throw new OperationError([
      {
        field: "name",
        message: `${source.tier}/${name} is always on (sleep.schedule: alwaysOn${env.sleep.reason ? `: ${env.sleep.reason}` : ""}); give it a schedule with npm run env -- update or in its registry file`,
      },
    ]);
  }
  const pausedUntil = file.sleep?.pausedUntil;
  if (pausedUntil === undefined) {
    throw new OperationError([
      {
        field: "name",
        message: `${source.tier}/${name} is not paused: it already sleeps on its schedule (${describeSleepSchedule(env.sleep.schedule)})`,
      },
    ]);
  }
  const { pausedUntil: _ended, ...rest } = file.sleep!;
  const next: EnvironmentFile = { ...file };
  if (Object.keys(rest).length > 0) next.sleep = rest;
  else delete (next as { sleep?: unknown }).sleep;
  return finish(context, "sleep", name, withFile(source, name, next), [], {
    message: `sleep ${source.tier}/${name} by ${context.actor}: sleep schedule resumed (was paused until ${pausedUntil}${pausedUntil < today ? ", a pause that had ended" : ""})`,
    summary: `${context.actor} resumed the sleep schedule of ${source.tier}/${name}: it sleeps at its next sleep time (${describeSleepSchedule(env.sleep.schedule)})`,
  });
}

/** Removes an environment's file and retires its Redis DB in the same change. */
export function deleteEnvironment(context: OperationContext, name: string): RegistryChange {
  const file = existingFile(context, name);
  const { source, today } = context;
  const current = currentRegistry(context);
  const retired = [...current.retired, { db: file.redisDb, environment: name, retired: today }];
  const environments = new Map(source.environments);
  environments.delete(name);
  const retiredFile: RegistryFile = {
    path: retiredFilePath(source.tier),
    text: formatRetiredRedisDbs(retired),
  };
  const next: RegistrySource = { ...source, environments, retired: retiredFile };
  return finish(context, "delete", name, next, [environmentFilePath(source.tier, name)], {
    message: `delete ${source.tier}/${name} by ${context.actor}; Redis DB ${file.redisDb} retired (its MySQL database is kept)`,
    summary: `${context.actor} deleted ${source.tier}/${name}; Redis DB ${file.redisDb} is retired, its MySQL database kept`,
  });
}

/** The lowest Redis DB number neither used nor retired, or undefined when all are taken. */
export function freeRedisDb(registry: Registry, databases: number): number | undefined {
  const taken = new Set([
    ...registry.environments.map((e) => e.redisDb),
    ...registry.retired.map((r) => r.db),
  ]);
  for (let db = FIRST_ENVIRONMENT_REDIS_DB; db < databases; db++) if (!taken.has(db)) return db;
  return undefined;
}

/** The registry as it is; a tier whose registry is already broken refuses every operation. */
function currentRegistry(context: OperationContext): Registry {
  try {
    return resolveRegistry(context.source, { settings: context.settings, today: context.today });
  } catch (err) {
    if (err instanceof RegistryError) {
      throw new OperationError(
        err.issues.map((i) => ({ field: "registry", message: `${i.path}: ${i.message} (fix this first)` })),
      );
    }
    throw err;
  }
}

function existingFile(context: OperationContext, name: string): EnvironmentFile {
  const found = context.source.environments.get(name);
  if (!found) {
    const names = [...context.source.environments.keys()].sort();
    throw new OperationError([
      {
        field: "name",
        message: `${context.source.tier}/${name} does not exist; environments: ${names.join(", ") || "(none)"}`,
      },
    ]);
  }
  currentRegistry(context);
  return environmentFileSchema.parse(parse(found.text));
}

function withFile(source: RegistrySource, name: string, file: EnvironmentFile): RegistrySource {
  const environments = new Map(source.environments);
  environments.set(name, { path: environmentFilePath(source.tier, name), text: formatEnvironmentFile(file) });
  return { ...source, environments };
}

/** Validates the whole tier after the change and returns it, or throws with the target's problems by field. */
function finish(
  context: OperationContext,
  operation: OperationName,
  name: string,
  next: RegistrySource,
  removes: readonly string[],
  text: { message: string; summary: string },
): RegistryChange {
  let registry: Registry;
  try {
    registry = resolveRegistry(next, { settings: context.settings, today: context.today });
  } catch (err) {
    if (!(err instanceof RegistryError)) throw err;
    const target = environmentFilePath(context.source.tier, name);
    throw new OperationError(
      err.issues.map((issue) => {
        if (issue.path === target) return { field: "file", message: issue.message };
        if (issue.path.startsWith(`${target}: `)) {
          const key = issue.path.slice(target.length + 2);
          return { field: key === "(file name)" ? "name" : key.split(/[.[]/)[0]!, message: issue.message };
        }
        return { field: "registry", message: `${issue.path}: ${issue.message}` };
      }),
    );
  }
  const writes = new Map<string, string>();
  for (const [env, file] of next.environments) {
    if (context.source.environments.get(env)?.text !== file.text) writes.set(file.path, file.text);
  }
  if (next.retired && next.retired.text !== context.source.retired?.text)
    writes.set(next.retired.path, next.retired.text);
  return {
    operation,
    tier: context.source.tier,
    environment: name,
    writes,
    removes,
    message: text.message,
    summary: text.summary,
    registry,
  };
}

function describe(value: unknown): string {
  if (value === undefined) return "(default)";
  return typeof value === "string" ? value : JSON.stringify(value);
}
