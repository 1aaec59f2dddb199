/**
 * Validates a tier's environment registry as a whole and resolves every environment against the
 * tier's defaults: one file per environment (`environments/<tier>/<name>.yaml`) and the tier's
 * retired Redis DB numbers. Every problem of every file is collected before anything is thrown, each
 * as `<file>: <key>: <what is wrong and what is allowed>`.
 *
 * The tier-wide rules: names are DNS-1123 labels that fit every derived name and are not reserved;
 * each environment has its own Redis DB number below the shared Redis's database count and never a
 * retired one; its team is one the platform maps to a Kubernetes group; dates are in order and, where
 * the tier limits lifetimes, `expires` is set and within the tier's maximum; its host names fit; its
 * quota holds its servers at full scale; its sleep settings are whole (`resolve-sleep.ts`); and the
 * tier's environments together fit the game pool at full scale (`lib/capacity.ts`).
 */
import { LineCounter, parse, YAMLParseError } from "yaml";
import { addDays } from "../lib/dates";
import { parseSignedDuration } from "../lib/duration";
import type { EnvironmentConfig } from "./config";
import type { EnvironmentSettings } from "./environment-settings";
import type { ConfigIssue } from "./errors";
import { at, checkEnvironmentEntry, type CheckedEnvironment } from "./environment-entry";
import { describeIssueAt, describeSchemaIssue } from "./issue-messages";
import {
  registryDefaultsSchema,
  REGISTRY_DEFAULTS_FILE,
  RESERVED_REGISTRY_NAMES,
  retiredRedisDbsSchema,
  RETIRED_REDIS_DBS_FILE,
  type EnvironmentFile,
  type RegistryDefaults,
  type RetiredRedisDb,
} from "./registry-schema";
import { hostNameIssues, resolveEnvironmentWorkloads } from "./resolve-environment-workloads";
import { resolveSleep } from "./resolve-sleep";
import {
  capacityShortfalls,
  environmentDemand,
  shortfallMessage,
  type EnvironmentDemand,
} from "../lib/capacity";
import { environmentName } from "./rules";
import type { TierName } from "./tier";
import { TIERS } from "./tiers";

/** The keys an environment's full-scale requests are computed from. */
const SIZING_KEYS = ["deployment", "replicas", "resources"] as const;

/** One file of the registry, as read from disk (or from git at some ref). */
export interface RegistryFile {
  /** The path people see in messages, relative to the repository root (`environments/dev/dev1.yaml`). */
  readonly path: string;
  readonly text: string;
}

/** A tier's registry as read: its environment files and its retired-DB list. */
export interface RegistrySource {
  readonly tier: TierName;
  /** Environment files by environment name (the file name without `.yaml`). */
  readonly environments: ReadonlyMap<string, RegistryFile>;
  /** `retired-redis-dbs.yaml`, when it exists. */
  readonly retired?: RegistryFile;
  /** `defaults.yaml`, when it exists. */
  readonly defaults?: RegistryFile;
  /** Files in the tier's folder that are neither (reported as problems). */
  readonly strays?: readonly string[];
}

/** What the registry is checked against besides itself: the platform's settings and the date. */
export interface RegistryContext {
  readonly settings: Pick<
    EnvironmentSettings,
    | "tier"
    | "redisDatabases"
    | "teams"
    | "hostPattern"
    | "gamePoolCapacity"
    | "gamePoolProvisioner"
    | "workingHours"
  >;
  /** Today (`YYYY-MM-DD`, UTC): lifetimes are measured from it. */
  readonly today: string;
}

/** A validated registry: every environment resolved, plus the retired Redis DB numbers. */
export interface Registry {
  readonly tier: TierName;
  /** Sorted by name. */
  readonly environments: readonly EnvironmentConfig[];
  readonly retired: readonly RetiredRedisDb[];
  /** The tier's defaults for new environments. */
  readonly defaults: RegistryDefaults;
}

/** A registry with problems; `message` has one `<file>: <key>: <problem>` line each. */
export class RegistryError extends Error {
  constructor(
    readonly tier: string,
    readonly issues: readonly ConfigIssue[],
  ) {
    super(formatRegistryIssues(tier, issues));
    this.name = "RegistryError";
  }
}

/** Renders registry issues as the lines users see, sorted so the output is stable. */
export function formatRegistryIssues(tier: string, issues: readonly ConfigIssue[]): string {
  const lines = [...issues]
    .sort((a, b) => a.path.localeCompare(b.path, "en"))
    .map((issue) => `  ${issue.path}: ${issue.message}`);
  const count = issues.length === 1 ? "1 problem" : `${issues.length} problems`;
  return [
    `invalid environment registry for tier "${tier}" (${count}; nothing was created or changed):`,
    ...lines,
  ].join("\n");
}

/** Parses, defaults and cross-checks a tier's registry; throws {@link RegistryError} listing every problem. */
export function resolveRegistry(source: RegistrySource, context: RegistryContext): Registry {
  const issues: ConfigIssue[] = [];
  const { settings, today } = context;
  const profile = TIERS[source.tier];
  if (settings.tier !== source.tier) {
    issues.push({
      path: `environments/${source.tier}`,
      message: `is checked against the settings of tier "${settings.tier}"; a registry folder is one tier's`,
    });
  }

  for (const stray of source.strays ?? []) {
    issues.push({
      path: stray,
      message: `is not a registry file: environments are <name>.yaml files, retired Redis DBs live in ${RETIRED_REDIS_DBS_FILE}, defaults for new environments in ${REGISTRY_DEFAULTS_FILE}`,
    });
  }

  const retired = parseRetired(source.retired, settings.redisDatabases, issues);
  const defaults = parseDefaults(source.defaults, issues);
  const retiredByDb = new Map(retired.map((entry) => [entry.db, entry]));

  const checked: Array<{ name: string; entry: CheckedEnvironment }> = [];
  for (const [name, file] of [...source.environments].sort(([a], [b]) => a.localeCompare(b, "en"))) {
    const nameResult = environmentName.safeParse(name);
    if (!nameResult.success) {
      for (const issue of nameResult.error.issues) {
        issues.push({ path: at(file.path, "(file name)"), message: issue.message });
      }
    } else if (RESERVED_REGISTRY_NAMES.includes(name)) {
      issues.push({
        path: at(file.path, "(file name)"),
        message: `"${name}" is reserved for the registry's own files (${RESERVED_REGISTRY_NAMES.map((n) => `${n}.yaml`).join(", ")})`,
      });
    }
    const value = parseYaml(file, issues);
    if (value === undefined) continue;
    checked.push({ name, entry: checkEnvironmentEntry(value, file.path, issues) });
  }

  // The rules between keys and files run on every key that passed, so one mistake never hides another.
  const byRedisDb = new Map<number, string>();
  const environments: EnvironmentConfig[] = [];
  // What each environment requests at full scale; undefined once one's sizing could not be read.
  let demands: EnvironmentDemand[] | undefined = [];
  for (const { name, entry } of checked) {
    const { path, fields } = entry;
    if (fields.redisDb !== undefined) {
      const db = fields.redisDb;
      const sameDb = byRedisDb.get(db);
      if (sameDb !== undefined) {
        issues.push({
          path: at(path, "redisDb"),
          message: `${db} is already used by environment "${sameDb}"; each environment needs its own Redis DB`,
        });
      } else {
        byRedisDb.set(db, name);
      }
      if (db >= settings.redisDatabases) {
        issues.push({
          path: at(path, "redisDb"),
          message: `${db} is outside 1..${settings.redisDatabases - 1} (the tier's shared Redis has ${settings.redisDatabases} databases)`,
        });
      }
      const retiredEntry = retiredByDb.get(db);
      if (retiredEntry) {
        issues.push({
          path: at(path, "redisDb"),
          message: `${db} is retired: environment "${retiredEntry.environment}" used it until ${retiredEntry.retired} and its data may still be there; pick a free number, or release it first (see docs/data-stores.md, "Redis DB numbers")`,
        });
      }
    }
    if (fields.team !== undefined && !settings.teams.includes(fields.team)) {
      issues.push({
        path: at(path, "team"),
        message:
          settings.teams.length === 0
            ? `"${fields.team}" is not a team of the ${source.tier} platform, which has none yet: add it under game-infra:teams in Pulumi.${source.tier}.yaml`
            : `"${fields.team}" is not a team of the ${source.tier} platform; teams: ${settings.teams.join(", ")} (add one under game-infra:teams in Pulumi.${source.tier}.yaml)`,
      });
    }
    if (fields.expires !== undefined && fields.created !== undefined && fields.expires <= fields.created) {
      issues.push({
        path: at(path, "expires"),
        message: `${fields.expires} is not after created (${fields.created})`,
      });
    }
    const lifetime = profile.environmentLifetime;
    if (lifetime && !entry.failedKeys.has("expires")) {
      const latest = addDays(today, lifetime.maxDays);
      if (fields.expires === undefined) {
        issues.push({
          path: at(path, "expires"),
          message: `is required on ${source.tier} (environments there are temporary): a date at most ${lifetime.maxDays} days ahead, such as ${addDays(today, lifetime.defaultDays)}`,
        });
      } else if (fields.expires > latest) {
        issues.push({
          path: at(path, "expires"),
          message: `${fields.expires} is more than ${lifetime.maxDays} days ahead (the ${source.tier} maximum); latest allowed today: ${latest}`,
        });
      }
    }

    const workloads = resolveEnvironmentWorkloads(entry, profile, issues);
    if (SIZING_KEYS.some((key) => entry.failedKeys.has(key))) demands = undefined;
    else demands?.push(environmentDemand(name, workloads));
    const sleep = resolveSleep(entry, profile, settings.workingHours, today, issues);
    if (!entry.failedKeys.has("deployment")) {
      for (const message of hostNameIssues(name, workloads.deployment, settings.hostPattern)) {
        issues.push({ path: at(path, "(file name)"), message });
      }
    }
    if (!entry.complete) continue;
    const file = fields as EnvironmentFile;
    const clockOffset = file.clockOffset ?? "0s";
    environments.push({
      name,
      tier: source.tier,
      owner: file.owner,
      team: file.team,
      purpose: file.purpose,
      version: file.version,
      gameDataVersion: file.gameDataVersion,
      resourceVersion: file.resourceVersion,
      redisDb: file.redisDb,
      created: file.created,
      ...(file.expires ? { expires: file.expires } : {}),
      clockOffset,
      clockOffsetSeconds: parseSignedDuration(clockOffset) ?? 0,
      credentialsRevision: file.credentialsRevision ?? 1,
      sleep,
      ...workloads,
    });
  }
  // The whole tier against the pool: judged only when every environment's sizing could be read.
  if (demands) {
    for (const shortfall of capacityShortfalls(demands, settings.gamePoolCapacity)) {
      issues.push({
        path: `environments/${source.tier}`,
        message: shortfallMessage(shortfall, {
          stackFile: `Pulumi.${source.tier}.yaml`,
          setting:
            settings.gamePoolProvisioner === "karpenter"
              ? `nodePools.game.limits.${shortfall.resource}`
              : "nodePools.game.maxSize",
        }),
      });
    }
  }
  if (issues.length > 0) throw new RegistryError(source.tier, issues);
  return { tier: source.tier, environments, retired, defaults };
}

function parseRetired(
  file: RegistryFile | undefined,
  databases: number,
  issues: ConfigIssue[],
): RetiredRedisDb[] {
  if (!file) return [];
  const value = parseYaml(file, issues);
  if (value === undefined) return [];
  const result = retiredRedisDbsSchema.safeParse(value);
  if (!result.success) {
    for (const issue of result.error.issues) {
      if (issue.path.length === 0 && issue.code === "invalid_type") {
        issues.push({
          path: file.path,
          message: `must be a list of { db, environment, retired } entries, got ${describe(value)}`,
        });
        continue;
      }
      // Described at its own path, so a missing field reads "is required" and an unknown key is named
      // with the entry's allowed keys (describeSchemaIssue would treat path [] as a missing config key).
      for (const found of describeIssueAt([], issue, retiredRedisDbsSchema)) {
        issues.push({ path: at(file.path, found.path), message: found.message });
      }
    }
    return [];
  }
  const entries = result.data ?? [];
  const seen = new Map<number, number>();
  entries.forEach((entry, i) => {
    const earlier = seen.get(entry.db);
    if (earlier !== undefined) {
      issues.push({
        path: `${file.path}: [${i}].db`,
        message: `${entry.db} is listed twice (also at [${earlier}]); one entry per retired number`,
      });
    } else {
      seen.set(entry.db, i);
    }
    if (entry.db >= databases) {
      issues.push({
        path: `${file.path}: [${i}].db`,
        message: `${entry.db} is outside 1..${databases - 1} (the tier's shared Redis has ${databases} databases)`,
      });
    }
  });
  return entries;
}

function parseDefaults(file: RegistryFile | undefined, issues: ConfigIssue[]): RegistryDefaults {
  if (!file) return {};
  const value = parseYaml(file, issues);
  if (value === undefined || value === null) return {};
  const result = registryDefaultsSchema.safeParse(value);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    for (const found of describeSchemaIssue("", issue, registryDefaultsSchema)) {
      issues.push({ path: at(file.path, found.path), message: found.message });
    }
  }
  return {};
}

/** The YAML value of a file, or `undefined` (with an issue) when it is not valid YAML. */
function parseYaml(file: RegistryFile, issues: ConfigIssue[]): unknown {
  // Without pretty errors the parser sets no line on its errors; the counter gives it.
  const lines = new LineCounter();
  try {
    return parse(file.text, { prettyErrors: false, lineCounter: lines }) as unknown;
  } catch (err) {
    const line = err instanceof YAMLParseError ? ` (line ${lines.linePos(err.pos[0]).line})` : "";
    issues.push({
      path: file.path,
      message: `is not valid YAML${line}: ${(err as Error).message.split("\n")[0]}`,
    });
    return undefined;
  }
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return "an empty file";
  if (Array.isArray(value)) return "a list";
  return `the ${typeof value} ${JSON.stringify(value)}`;
}
