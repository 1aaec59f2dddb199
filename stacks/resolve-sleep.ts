/**
 * Resolves an environment's `sleep` key against its tier: the schedule it follows (`officeHours`
 * from the platform's working hours, a schedule of its own, or none when always on), why an
 * always-on environment never sleeps (required where the tier says so: dev, policy G10), and whether
 * a pause written by `wake` holds today.
 */
import { addDays } from "../lib/dates";
import type { WorkingHours } from "../lib/karpenter-schedule";
import {
  MAX_SLEEP_PAUSE_DAYS,
  officeHoursSchedule,
  sleepScheduleProblems,
  type SleepSchedule,
} from "../lib/sleep-schedule";
import type { EnvironmentSleepConfig } from "../lib/environment/profile";
import type { ConfigIssue } from "./errors";
import { at, type CheckedEnvironment } from "./environment-entry";
import type { TierProfile } from "./tier";

/** The sleep side of one environment file; problems are appended to `issues` as `<file>: sleep.<key>`. */
export function resolveSleep(
  { path, fields, failedKeys }: CheckedEnvironment,
  profile: TierProfile,
  workingHours: WorkingHours,
  today: string,
  issues: ConfigIssue[],
): EnvironmentSleepConfig {
  // A `sleep` key that failed the schema was reported there; the tier's default stands in for it.
  const written = failedKeys.has("sleep") ? {} : (fields.sleep ?? {});
  const defaults = profile.environments.sleep;
  const named = written.schedule ?? defaults.schedule;
  let mode: EnvironmentSleepConfig["mode"];
  let schedule: SleepSchedule | undefined;
  if (named === "alwaysOn") {
    mode = "alwaysOn";
  } else if (named === "officeHours") {
    mode = "officeHours";
    schedule = officeHoursSchedule(workingHours);
  } else {
    mode = "custom";
    schedule = { ...named, timeZone: named.timeZone ?? workingHours.timeZone };
    for (const problem of sleepScheduleProblems(schedule)) {
      issues.push({ path: at(path, `sleep.schedule.${problem.field}`), message: problem.message });
    }
  }

  if (mode === "alwaysOn") {
    if (written.reason === undefined && defaults.alwaysOnNeedsReason) {
      issues.push({
        path: at(path, "sleep.reason"),
        message: `is required on ${profile.name} when the environment is always on: say why it must run at night and at weekends (policy G10), or drop "schedule: alwaysOn" to sleep outside the working hours`,
      });
    }
    if (written.pausedUntil !== undefined) {
      issues.push({
        path: at(path, "sleep.pausedUntil"),
        message: "pauses a sleep schedule, and this environment has none (it is always on); remove it",
      });
    }
  } else if (written.reason !== undefined) {
    issues.push({
      path: at(path, "sleep.reason"),
      message: `says why an environment is always on; this one sleeps (${mode}). Remove it, or set schedule: alwaysOn`,
    });
  }

  const latest = addDays(today, MAX_SLEEP_PAUSE_DAYS);
  if (written.pausedUntil !== undefined && mode !== "alwaysOn" && written.pausedUntil > latest) {
    issues.push({
      path: at(path, "sleep.pausedUntil"),
      message: `${written.pausedUntil} is more than ${MAX_SLEEP_PAUSE_DAYS} days ahead; latest allowed today: ${latest} (an environment that must stay on longer says schedule: alwaysOn with a reason)`,
    });
  }
  // A pause that has passed is kept in the file until someone (or expiry) resumes the schedule,
  // and holds no more: the environment follows its schedule again.
  const paused = schedule !== undefined && written.pausedUntil !== undefined && written.pausedUntil >= today;
  return {
    mode,
    ...(schedule ? { schedule } : {}),
    ...(mode === "alwaysOn" && written.reason !== undefined ? { reason: written.reason } : {}),
    ...(written.pausedUntil !== undefined && mode !== "alwaysOn" ? { pausedUntil: written.pausedUntil } : {}),
    paused,
  };
}
