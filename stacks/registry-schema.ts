/**
 * The runtime schema of the environment registry: one file per environment,
 * `environments/<tier>/<name>.yaml` (the file name is the environment's name), and the tier's list
 * of retired Redis DB numbers, `environments/<tier>/retired-redis-dbs.yaml`. Objects are strict: an
 * unknown key is an error with a did-you-mean, never silently ignored. Rules that need the whole tier
 * (unique Redis DBs, retired numbers, lifetimes, host names) live in `resolve-registry.ts`.
 */
import { z } from "zod";
import { NAMED_SLEEP_SCHEDULES } from "../lib/sleep-schedule";
import { environmentWorkloadKeys } from "./environment-schema";
import { email, imageTag, isoDate, labelSafeVersion, signedDuration, teamName } from "./rules";

/** The file that lists a tier's retired Redis DB numbers. */
export const RETIRED_REDIS_DBS_FILE = "retired-redis-dbs.yaml";

/** The file with the tier's defaults for new environments. */
export const REGISTRY_DEFAULTS_FILE = "defaults.yaml";

/** Names no environment may have: the registry's own files use them. */
export const RESERVED_REGISTRY_NAMES: readonly string[] = ["retired-redis-dbs", "defaults"];

/** The lowest Redis DB an environment may use: database 0 is kept for shared tooling. */
export const FIRST_ENVIRONMENT_REDIS_DB = 1;

/** A Redis DB number as the registry writes it. */
const redisDb = z.int().min(FIRST_ENVIRONMENT_REDIS_DB, {
  message: `must be ${FIRST_ENVIRONMENT_REDIS_DB} or more (database 0 is kept for shared tooling)`,
});

/** A sleep schedule of its own, in kube-green's fields (`lib/sleep-schedule.ts` checks the values). */
const customSleepSchedule = z.strictObject({
  /** Cron weekdays, `1-5`. */
  weekdays: z.string({ error: "must be cron weekdays such as 1-5 (Monday to Friday) or 0,6" }),
  sleepAt: z.string({ error: "must be a time of day written HH:MM, such as 20:00" }),
  wakeUpAt: z.string({ error: "must be a time of day written HH:MM, such as 08:00" }),
  /** @default the tier's working hours' time zone */
  timeZone: z.string({ error: "must be an IANA time zone such as Europe/Berlin" }).optional(),
});

/** The registry's `sleep` key. */
const sleepSettings = z.strictObject({
  /** `officeHours` (the tier's working hours), `alwaysOn`, or a schedule of its own. @default the tier's */
  schedule: z
    .union([z.enum(NAMED_SLEEP_SCHEDULES), customSleepSchedule], {
      error: `must be ${NAMED_SLEEP_SCHEDULES.join(" or ")}, or a schedule { weekdays: "1-5", sleepAt: "20:00", wakeUpAt: "08:00", timeZone: Europe/Berlin }`,
    })
    .optional(),
  /** Why an always-on environment never sleeps (required on dev). */
  reason: z
    .string({ error: "must be a sentence saying why the environment must stay on" })
    .min(1, { message: "must say why the environment must stay on" })
    .max(200, { message: "must be at most 200 characters" })
    .optional(),
  /** `wake --until`: the last day the schedule is paused (the environment stays awake). */
  pausedUntil: isoDate.optional(),
});

/** One environment's settings: what its registry file may hold. */
export const environmentFileSchema = z.strictObject({
  /** Who asked for it. */
  owner: email,
  /** The team whose Kubernetes group may edit the namespace; a key of the platform's `teams`. */
  team: teamName,
  purpose: z.string().min(1, { message: "must say what the environment is for" }).max(200, {
    message: "must be at most 200 characters",
  }),
  /** Image tag of the game, league, scheduler and backoffice servers. */
  version: imageTag,
  gameDataVersion: labelSafeVersion,
  resourceVersion: labelSafeVersion,
  /** The environment's own Redis DB number: written once, never changed, retired when it goes. */
  redisDb,
  created: isoDate,
  expires: isoDate.optional(),
  clockOffset: signedDuration.optional(),
  /** When it sleeps (scaled to zero, data kept), or why it never does; `wake` pauses it (docs/environments.md). */
  sleep: sleepSettings.optional(),
  /** Release strategy, replicas, resources, quota and chaos (see environment-schema.ts). */
  ...environmentWorkloadKeys,
  /** Bumping it gives the environment a new MySQL password and re-runs its database bootstrap Job. */
  credentialsRevision: z
    .int()
    .min(1, {
      message: "must be a whole number, 1 or more; bump it to rotate the environment's MySQL password",
    })
    .optional(),
});

/** One environment's file as written, after schema validation. */
export type EnvironmentFile = z.infer<typeof environmentFileSchema>;

/** The keys an environment file may hold, in the order the registry writes them. */
export const ENVIRONMENT_FILE_KEYS: readonly string[] = Object.keys(environmentFileSchema.shape);

/** One retired Redis DB number: which environment last used it and when it went. */
export const retiredRedisDbSchema = z.strictObject({
  db: redisDb,
  /** The environment whose data may still be in it. */
  environment: z.string().min(1, { message: "must name the environment that used the DB" }),
  /** The day the environment was removed (`YYYY-MM-DD`). */
  retired: isoDate,
});

/** A retired Redis DB entry. */
export type RetiredRedisDb = z.infer<typeof retiredRedisDbSchema>;

/** The retired list: a YAML sequence (empty or absent: nothing retired). */
export const retiredRedisDbsSchema = z.array(retiredRedisDbSchema).nullable();

/**
 * A tier's defaults for new environments (`environments/<tier>/defaults.yaml`): the data versions a
 * launch starts from when the requester names none, and where a version's changes can be compared.
 */
export const registryDefaultsSchema = z.strictObject({
  gameDataVersion: labelSafeVersion.optional(),
  resourceVersion: labelSafeVersion.optional(),
  /**
   * Compare page between two server versions, with `{from}` and `{to}`
   * (`https://github.com/studio/game/compare/{from}...{to}`); the history links each version change to it.
   */
  compareUrl: z
    .string()
    .regex(/^https:\/\/\S+$/, { message: "must be an https:// URL" })
    .refine((v) => v.includes("{from}") && v.includes("{to}"), {
      message: "must contain {from} and {to} (the two versions compared)",
    })
    .optional(),
});

/** A tier's registry defaults. */
export type RegistryDefaults = z.infer<typeof registryDefaultsSchema>;
