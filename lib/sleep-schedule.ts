/**
 * When an environment sleeps: a schedule as kube-green's SleepInfo takes it (upstream/kube-green/),
 * the `officeHours` schedule derived from the tier's working hours (`karpenter.workingHours`, the
 * one home of "when the tier's environments are in use"), the rules a schedule must follow, and how
 * people read it.
 *
 * kube-green builds two cron expressions from a SleepInfo, `<minute> <hour> * * <weekdays>`, one
 * from `sleepAt` and one from `wakeUpAt`, both on the same weekdays and in `timeZone`
 * (sleep.excerpt.go.txt). So an office-hours schedule "wakes Mon-Fri 08:00, sleeps Mon-Fri 20:00"
 * sleeps from Friday evening to Monday morning too. kube-green acts at those instants only: a
 * schedule created or resumed at 22:00 puts nothing to sleep before the next `sleepAt`.
 */
import { WEEKDAYS, cronDays, isTimeZone, type WorkingHours } from "./karpenter-schedule";

/** A sleep schedule, in the fields and formats of kube-green's SleepInfo spec. */
export interface SleepSchedule {
  /** Cron day-of-week list: `1-5` (Monday to Friday), `0,6`, `*`. */
  readonly weekdays: string;
  /** Local time the environment is scaled to zero, `HH:MM`. */
  readonly sleepAt: string;
  /** Local time it is scaled back up, `HH:MM`. */
  readonly wakeUpAt: string;
  /** IANA time zone of both times. */
  readonly timeZone: string;
}

/** The named schedules the registry accepts besides a schedule of its own. */
export const NAMED_SLEEP_SCHEDULES = ["officeHours", "alwaysOn"] as const;
/** One of {@link NAMED_SLEEP_SCHEDULES}. */
export type NamedSleepSchedule = (typeof NAMED_SLEEP_SCHEDULES)[number];

/** Longest pause of a schedule `wake --until` may ask for, in days from today; longer needs `alwaysOn`. */
export const MAX_SLEEP_PAUSE_DAYS = 14;

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const WEEKDAY_ITEM = "[0-6](-[0-6])?";
const WEEKDAYS_PATTERN = new RegExp(`^(\\*|${WEEKDAY_ITEM}(,${WEEKDAY_ITEM})*)$`);

/** The schedule that keeps an environment awake during the working hours: wake at their start, sleep at their end. */
export function officeHoursSchedule(hours: WorkingHours): SleepSchedule {
  return {
    weekdays: cronDays(hours.days.map((d) => WEEKDAYS.indexOf(d))),
    sleepAt: hours.end,
    wakeUpAt: hours.start,
    timeZone: hours.timeZone,
  };
}

/** Problems of a schedule, by field; empty when kube-green would run it as meant. */
export function sleepScheduleProblems(
  schedule: SleepSchedule,
): Array<{ field: keyof SleepSchedule; message: string }> {
  const problems: Array<{ field: keyof SleepSchedule; message: string }> = [];
  if (!WEEKDAYS_PATTERN.test(schedule.weekdays) || !rangesAscend(schedule.weekdays)) {
    problems.push({
      field: "weekdays",
      message: `"${schedule.weekdays}" is not a list of cron weekdays such as 1-5 (Monday to Friday), 0,6 or * (0 is Sunday, 6 Saturday)`,
    });
  }
  for (const field of ["sleepAt", "wakeUpAt"] as const) {
    if (!TIME.test(schedule[field])) {
      problems.push({
        field,
        message: `"${schedule[field]}" is not a time of day written HH:MM (00:00-23:59)`,
      });
    }
  }
  if (schedule.sleepAt === schedule.wakeUpAt) {
    problems.push({
      field: "wakeUpAt",
      message: `is the same as sleepAt (${schedule.sleepAt}); the environment would wake the moment it sleeps`,
    });
  }
  if (!isTimeZone(schedule.timeZone)) {
    problems.push({
      field: "timeZone",
      message: `"${schedule.timeZone}" is not an IANA time zone such as Europe/Berlin or Asia/Seoul`,
    });
  }
  return problems;
}

function rangesAscend(weekdays: string): boolean {
  return weekdays
    .split(",")
    .map((part) => part.split("-").map(Number))
    .every((range) => range.length === 1 || range[0]! < range[1]!);
}

/** The weekday numbers a cron weekday list covers (`1-5` -> 1..5, `*` -> 0..6). */
export function weekdayNumbers(weekdays: string): number[] {
  if (weekdays === "*") return [0, 1, 2, 3, 4, 5, 6];
  const days = new Set<number>();
  for (const part of weekdays.split(",")) {
    const [from, to] = part.split("-").map(Number);
    for (let d = from!; d <= (to ?? from)!; d++) days.add(d);
  }
  return [...days].sort((a, b) => a - b);
}

/** A schedule as people read it: `Mon-Fri: wakes 08:00, sleeps 20:00 (Europe/Berlin)`. */
export function describeSleepSchedule(schedule: SleepSchedule): string {
  const days = weekdayNumbers(schedule.weekdays);
  const names = cronDays(days)
    .split(",")
    .map((part) =>
      part
        .split("-")
        .map((d) => WEEKDAYS[Number(d)])
        .join("-"),
    )
    .join(", ");
  return `${days.length === 7 ? "every day" : names}: wakes ${schedule.wakeUpAt}, sleeps ${schedule.sleepAt} (${schedule.timeZone})`;
}

/** Where a schedule has an environment at an instant, and its next change. */
export interface SleepStateAt {
  readonly asleep: boolean;
  /** The schedule's next instant, in its own time zone: `Mon 08:00`. */
  readonly next: string;
}

const MINUTES_PER_WEEK = 7 * 24 * 60;

/**
 * Whether `schedule` has the environment asleep at `instant`: the latest of its sleep and wake
 * instants (both on the schedule's weekdays, kube-green's two crons) decides. This is what kube-green
 * does when its SleepInfo has been in place since that instant; a SleepInfo created later acts only
 * from its next instant on.
 */
export function sleepStateAt(schedule: SleepSchedule, instant: Date): SleepStateAt {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: schedule.timeZone,
    weekday: "short",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(instant);
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  const day = WEEKDAYS.indexOf(part("weekday") as (typeof WEEKDAYS)[number]);
  const now = day * 1440 + Number(part("hour")) * 60 + Number(part("minute"));
  const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
  const events = weekdayNumbers(schedule.weekdays).flatMap((d) => [
    { asleep: true, at: d * 1440 + minutesOf(schedule.sleepAt) },
    { asleep: false, at: d * 1440 + minutesOf(schedule.wakeUpAt) },
  ]);
  const since = (at: number) => (now - at + MINUTES_PER_WEEK) % MINUTES_PER_WEEK;
  const until = (at: number) => (at - now + MINUTES_PER_WEEK - 1) % MINUTES_PER_WEEK;
  const last = events.reduce((a, b) => (since(b.at) < since(a.at) ? b : a));
  const next = events.reduce((a, b) => (until(b.at) < until(a.at) ? b : a));
  const hhmm = (m: number) =>
    `${String(Math.floor((m % 1440) / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
  return { asleep: last.asleep, next: `${WEEKDAYS[Math.floor(next.at / 1440)]} ${hhmm(next.at)}` };
}
