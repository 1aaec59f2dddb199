/**
 * How many hours a month an environment is awake under a sleep schedule. While it sleeps, kube-green
 * sets its Deployments' and StatefulSets' replicas to 0 (upstream/kube-green/SOURCE.md), so its pods
 * leave the game nodes and Karpenter removes the emptied nodes: its share of the game nodes is paid
 * only for the hours awake. Its volumes stay, and are paid every hour.
 *
 * A schedule has kube-green's shape (a SleepInfo's `weekdays`, `sleepAt`, `wakeUpAt`, `timeZone`):
 * on each listed weekday the environment wakes at `wakeUpAt` and sleeps at `sleepAt`, local time.
 * Until the registry's `sleep` key exists, the schedule comes from the command line (`--awake`) or
 * from the tier's default ({@link defaultSchedule}) or the environment's own ({@link awakeOfEnvironment}).
 */
import { HOURS_PER_MONTH } from "./prices";

/** Hours in a week. */
const WEEK_HOURS = 7 * 24;
const DAY_MINUTES = 24 * 60;

/** Weekday names, cron numbering (0 = Sunday), as kube-green and Karpenter's working hours use them. */
export const WEEKDAY_NAMES = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const;

/** A kube-green style sleep schedule. */
export interface SleepSchedule {
  /** Cron weekday numbers, 0 = Sunday. */
  readonly weekdays: readonly number[];
  /** Local time the environment wakes, in minutes after midnight. */
  readonly wakeUpAt: number;
  /** Local time it goes to sleep, in minutes after midnight. */
  readonly sleepAt: number;
  /** IANA time zone (for display; the hours awake do not depend on it). */
  readonly timeZone: string;
}

/** An environment that never sleeps, or one that follows a schedule. */
export type Awake = "always" | SleepSchedule;

/**
 * Hours awake per 730-hour month: the minutes awake in a week, found by walking the week's wake and
 * sleep events in order (twice, so the state at the week's start is the one the end leaves), scaled
 * from 168 hours to 730. Summer-time changes move two hours a year and are ignored.
 */
export function awakeHoursPerMonth(awake: Awake): number {
  if (awake === "always") return HOURS_PER_MONTH;
  const events = awake.weekdays
    .flatMap((day) => [
      { at: day * DAY_MINUTES + awake.wakeUpAt, awake: true },
      { at: day * DAY_MINUTES + awake.sleepAt, awake: false },
    ])
    .sort((a, b) => a.at - b.at || Number(a.awake) - Number(b.awake));
  if (events.length === 0) return 0;
  let state = events[events.length - 1]!.awake;
  let minutes = 0;
  let last = 0;
  for (const event of events) {
    if (state) minutes += event.at - last;
    state = event.awake;
    last = event.at;
  }
  if (state) minutes += 7 * DAY_MINUTES - last;
  return (minutes * HOURS_PER_MONTH) / (WEEK_HOURS * 60);
}

/** Working hours as the tier profile writes them (`karpenter.workingHours`). */
export interface WorkingHoursLike {
  readonly timeZone: string;
  readonly days: readonly string[];
  readonly start: string;
  readonly end: string;
}

/** A tier's working hours as a schedule: awake from `start` to `end` on the working days. */
export function scheduleFromWorkingHours(hours: WorkingHoursLike): SleepSchedule {
  return {
    weekdays: hours.days.map((d) => weekdayNumber(d)),
    wakeUpAt: minutesOf(hours.start),
    sleepAt: minutesOf(hours.end),
    timeZone: hours.timeZone,
  };
}

/**
 * The schedule an environment that names none follows: the tier profile's `environments.sleep.schedule`
 * (`officeHours` on dev and qa, `alwaysOn` on stage), office hours being the tier's working hours
 * (`karpenter.workingHours`, 08:00-20:00 Mon-Fri Europe/Berlin on dev).
 */
export function defaultSchedule(named: "officeHours" | "alwaysOn", workingHours: WorkingHoursLike): Awake {
  return named === "alwaysOn" ? "always" : scheduleFromWorkingHours(workingHours);
}

/**
 * An environment's own schedule as the registry resolves it (`EnvironmentSleepConfig.schedule`, in
 * kube-green's fields): always on when it has none. A `wake` pause is left out: it ends within days
 * (at most `MAX_SLEEP_PAUSE_DAYS`), and a month's estimate follows the schedule it returns to.
 */
export function awakeOfEnvironment(sleep: {
  readonly schedule?: {
    readonly weekdays: string;
    readonly sleepAt: string;
    readonly wakeUpAt: string;
    readonly timeZone: string;
  };
}): Awake | AwakeProblem {
  if (sleep.schedule === undefined) return "always";
  const schedule = scheduleFromSleepInfo(sleep.schedule);
  // An object for a problem, so that it is never mistaken for "always".
  return typeof schedule === "string" ? { problem: schedule } : schedule;
}

/** Why a `--awake` value is not a schedule. */
export interface AwakeProblem {
  readonly problem: string;
}

/**
 * A `--awake` value as a schedule (`always`, or `Mon-Fri 08:00-20:00 [Europe/Berlin]`), or what is
 * wrong with it (an object, so that it is never mistaken for `"always"`).
 */
export function parseAwake(text: string, defaultTimeZone = "UTC"): Awake | AwakeProblem {
  const parsed = readAwake(text, defaultTimeZone);
  return typeof parsed === "string" && parsed !== "always" ? { problem: parsed } : (parsed as Awake);
}

function readAwake(text: string, defaultTimeZone: string): Awake | string {
  const trimmed = text.trim();
  if (trimmed === "always") return "always";
  const match =
    /^([A-Za-z]{3}(?:-[A-Za-z]{3})?(?:,[A-Za-z]{3}(?:-[A-Za-z]{3})?)*)\s+(\d{2}:\d{2})-(\d{2}:\d{2})(?:\s+(\S+))?$/.exec(
      trimmed,
    );
  if (!match) {
    return `"${text}" is not a schedule: write "always", or days and hours awake such as "Mon-Fri 08:00-20:00" (optionally followed by a time zone such as Europe/Berlin)`;
  }
  const weekdays: number[] = [];
  for (const part of match[1]!.split(",")) {
    const [from, to] = part.split("-");
    const a = WEEKDAY_NAMES.indexOf(capitalised(from!) as (typeof WEEKDAY_NAMES)[number]);
    const b = to === undefined ? a : WEEKDAY_NAMES.indexOf(capitalised(to) as (typeof WEEKDAY_NAMES)[number]);
    if (a < 0 || b < 0) return `"${part}" names no weekday; days are ${WEEKDAY_NAMES.join(", ")}`;
    if (b < a) return `"${part}" runs backwards; write days from Sun to Sat, e.g. Mon-Fri`;
    for (let d = a; d <= b; d++) if (!weekdays.includes(d)) weekdays.push(d);
  }
  const [wake, sleep] = [match[2]!, match[3]!];
  for (const time of [wake, sleep]) {
    if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(time))
      return `"${time}" is not a time of day written HH:MM (00:00-23:59)`;
  }
  if (minutesOf(sleep) <= minutesOf(wake)) {
    return `the end ${sleep} must be after the start ${wake} on the same day`;
  }
  return {
    weekdays: weekdays.sort((x, y) => x - y),
    wakeUpAt: minutesOf(wake),
    sleepAt: minutesOf(sleep),
    timeZone: match[4] ?? defaultTimeZone,
  };
}

/**
 * A kube-green SleepInfo's spec as a schedule, when it has the shape this model handles: numeric
 * `weekdays` (`1-5`, `0,6`, `*`), `sleepAt` and `wakeUpAt` as `HH:MM`. Returns a reason otherwise
 * (cron expressions in the times, no `wakeUpAt`).
 */
export function scheduleFromSleepInfo(spec: {
  readonly weekdays?: unknown;
  readonly sleepAt?: unknown;
  readonly wakeUpAt?: unknown;
  readonly timeZone?: unknown;
}): SleepSchedule | string {
  if (typeof spec.weekdays !== "string") return "its spec.weekdays is not a string";
  const weekdays = cronWeekdays(spec.weekdays);
  if (typeof weekdays === "string") return weekdays;
  const time = (value: unknown, field: string): number | string =>
    typeof value === "string" && /^([01]?\d|2[0-3]):[0-5]\d$/.test(value)
      ? minutesOf(value)
      : `its spec.${field} ${JSON.stringify(value)} is not a time HH:MM`;
  const sleepAt = time(spec.sleepAt, "sleepAt");
  const wakeUpAt = time(spec.wakeUpAt, "wakeUpAt");
  if (typeof sleepAt === "string") return sleepAt;
  if (typeof wakeUpAt === "string") return wakeUpAt;
  return {
    weekdays,
    wakeUpAt,
    sleepAt,
    timeZone: typeof spec.timeZone === "string" && spec.timeZone !== "" ? spec.timeZone : "UTC",
  };
}

/** `Mon-Fri 08:00-20:00 Europe/Berlin`, or `always on`. */
export function describeAwake(awake: Awake): string {
  if (awake === "always") return "always on";
  const days = runs(awake.weekdays)
    .map(([a, b]) => (a === b ? WEEKDAY_NAMES[a] : `${WEEKDAY_NAMES[a]}-${WEEKDAY_NAMES[b]}`))
    .join(",");
  return `${days} ${clock(awake.wakeUpAt)}-${clock(awake.sleepAt)} ${awake.timeZone}`;
}

function cronWeekdays(text: string): number[] | string {
  if (text.trim() === "*") return [0, 1, 2, 3, 4, 5, 6];
  const days = new Set<number>();
  for (const part of text.split(",")) {
    const m = /^([0-7])(?:-([0-7]))?$/.exec(part.trim());
    if (!m) return `its spec.weekdays "${text}" is not a list of weekday numbers such as 1-5`;
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    if (b < a) return `its spec.weekdays "${text}" has a range that runs backwards`;
    for (let d = a; d <= b; d++) days.add(d % 7);
  }
  return [...days].sort((x, y) => x - y);
}

function runs(days: readonly number[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const d of [...days].sort((x, y) => x - y)) {
    const last = out[out.length - 1];
    if (last && last[1] === d - 1) last[1] = d;
    else out.push([d, d]);
  }
  return out;
}

function weekdayNumber(name: string): number {
  const n = WEEKDAY_NAMES.indexOf(name as (typeof WEEKDAY_NAMES)[number]);
  if (n < 0) throw new RangeError(`"${name}" is not a weekday; days are ${WEEKDAY_NAMES.join(", ")}`);
  return n;
}

function minutesOf(time: string): number {
  const [h, m] = time.split(":").map(Number);
  return h! * 60 + m!;
}

function clock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1).toLowerCase();
}
