/**
 * A tier's working hours as a Karpenter disruption-budget schedule.
 *
 * Budget schedules are cron expressions evaluated in UTC ("Timezones are not supported", the
 * NodePool CRD says), but working hours are local and many time zones move by an hour twice a year.
 * So the quiet window is the UTC span that covers the working hours under every UTC offset the zone
 * uses during {@link REFERENCE_YEAR}: from the earliest UTC start to the latest UTC end. In a zone
 * with summer time the window is one hour longer than the working day, and it starts (winter) or
 * ends (summer) an hour early or late; that hour is quiet rather than risky.
 */

/** Weekdays in cron's numbering (0 = Sunday). */
export const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const;
/** One of {@link WEEKDAYS}. */
export type Weekday = (typeof WEEKDAYS)[number];

/** When people use the environments of a tier, in their own time zone. */
export interface WorkingHours {
  /** IANA time zone, e.g. `Europe/Berlin`. */
  readonly timeZone: string;
  /** Working days, e.g. `["Mon", "Tue", "Wed", "Thu", "Fri"]`. */
  readonly days: readonly Weekday[];
  /** Local start, `HH:MM` (24 h). */
  readonly start: string;
  /** Local end, `HH:MM` (24 h), after `start` on the same day. */
  readonly end: string;
}

/** A disruption-budget schedule: a cron expression (UTC) and how long each occurrence lasts. */
export interface BudgetWindow {
  readonly schedule: string;
  readonly duration: string;
}

/**
 * The year whose UTC offsets decide the window. Fixed, so plans do not change with the calendar;
 * a zone whose rules change later needs this bumped (and shows the change in the plan).
 */
export const REFERENCE_YEAR = 2026;

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Problems with working hours, as messages naming the field; empty when they are valid. */
export function workingHoursProblems(hours: WorkingHours): Array<{ field: string; message: string }> {
  const problems: Array<{ field: string; message: string }> = [];
  if (!isTimeZone(hours.timeZone)) {
    problems.push({
      field: "timeZone",
      message: `"${hours.timeZone}" is not an IANA time zone such as Europe/Berlin or Asia/Seoul`,
    });
  }
  if (hours.days.length === 0) problems.push({ field: "days", message: "needs at least one day" });
  if (new Set(hours.days).size !== hours.days.length) {
    problems.push({ field: "days", message: "lists a day twice" });
  }
  for (const field of ["start", "end"] as const) {
    if (!TIME.test(hours[field])) {
      problems.push({ field, message: `"${hours[field]}" is not a time of day written HH:MM (00:00-23:59)` });
    }
  }
  if (TIME.test(hours.start) && TIME.test(hours.end) && minutesOf(hours.end) <= minutesOf(hours.start)) {
    problems.push({ field: "end", message: `must be after start (${hours.start}), on the same day` });
  }
  return problems;
}

/** Whether the runtime knows `zone` as an IANA time zone. */
export function isTimeZone(zone: string): boolean {
  if (!/^[A-Za-z]+(\/[A-Za-z0-9_+-]+)*$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The UTC offsets, in minutes east of UTC, that `timeZone` uses during `year` (sampled daily at noon). */
export function utcOffsetsMinutes(timeZone: string, year: number = REFERENCE_YEAR): number[] {
  const format = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" });
  const offsets = new Set<number>();
  for (let day = 0; day < 366; day++) {
    const instant = new Date(Date.UTC(year, 0, 1 + day, 12));
    if (instant.getUTCFullYear() !== year) break;
    const name = format.formatToParts(instant).find((p) => p.type === "timeZoneName")?.value ?? "GMT";
    const match = /^GMT(?:([+-])(\d{2}):(\d{2}))?$/.exec(name);
    if (!match) throw new Error(`unexpected offset "${name}" for ${timeZone}`);
    const sign = match[1] === "-" ? -1 : 1;
    offsets.add(match[1] ? sign * (Number(match[2]) * 60 + Number(match[3])) : 0);
  }
  return [...offsets].sort((a, b) => a - b);
}

/** The UTC window covering `hours` all year, as a budget schedule and duration. */
export function workingHoursWindow(hours: WorkingHours, year: number = REFERENCE_YEAR): BudgetWindow {
  const problems = workingHoursProblems(hours);
  if (problems.length > 0) {
    throw new RangeError(
      `invalid working hours: ${problems.map((p) => `${p.field} ${p.message}`).join("; ")}`,
    );
  }
  const offsets = utcOffsetsMinutes(hours.timeZone, year);
  const startUtc = minutesOf(hours.start) - Math.max(...offsets);
  const endUtc = minutesOf(hours.end) - Math.min(...offsets);
  const dayShift = Math.floor(startUtc / 1440);
  const startOfDay = startUtc - dayShift * 1440;
  const days = hours.days.map((d) => (((WEEKDAYS.indexOf(d) + dayShift) % 7) + 7) % 7);
  return {
    schedule: `${startOfDay % 60} ${Math.floor(startOfDay / 60)} * * ${cronDays(days)}`,
    duration: formatDuration(endUtc - startUtc),
  };
}

function minutesOf(time: string): number {
  const [h, m] = time.split(":").map(Number);
  return h! * 60 + m!;
}

/** Days as cron writes them: sorted, runs of three or more as ranges (`1-5`, `0,2,4`). */
export function cronDays(days: readonly number[]): string {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(j - i >= 2 ? `${sorted[i]}-${sorted[j]}` : sorted.slice(i, j + 1).join(","));
    i = j + 1;
  }
  return parts.join(",");
}

/** Minutes as a budget duration (`13h`, `9h30m`, `45m`): hours and minutes only, as the CRD requires. */
function formatDuration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h === 0 ? `${m}m` : m === 0 ? `${h}h` : `${h}h${m}m`;
}
