/**
 * An environment's `sleep` key resolved against its tier (stacks/resolve-sleep.ts), called directly
 * with literal checked entries: the schedule each mode follows, the always-on reason the dev tier
 * requires (policy G10), pauses up to 14 days ahead and whether they hold today, and every message
 * naming its key.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { WorkingHours } from "../lib/karpenter-schedule";
import type { ConfigIssue } from "../stacks/errors";
import { resolveSleep } from "../stacks/resolve-sleep";
import type { CheckedEnvironment } from "../stacks/environment-entry";
import type { EnvironmentFile } from "../stacks/registry-schema";
import { TIERS } from "../stacks/tiers";
import type { TierName } from "../stacks/tier";

const FILE = "environments/dev/dev1.yaml";
const TODAY = "2026-12-01";
const HOURS: WorkingHours = {
  timeZone: "Europe/Berlin",
  days: ["Mon", "Tue", "Wed", "Thu", "Fri"],
  start: "08:00",
  end: "20:00",
};

function entry(
  sleep: EnvironmentFile["sleep"] | undefined,
  failed: readonly string[] = [],
): CheckedEnvironment {
  return {
    path: FILE,
    fields: sleep === undefined ? {} : { sleep },
    failedKeys: new Set(failed),
    complete: failed.length === 0,
  };
}

function run(
  sleep: EnvironmentFile["sleep"] | undefined,
  tier: TierName = "dev",
  failed: readonly string[] = [],
  today = TODAY,
) {
  const issues: ConfigIssue[] = [];
  const result = resolveSleep(entry(sleep, failed), TIERS[tier], HOURS, today, issues);
  return { result, problems: issues.map((i) => `${i.path}: ${i.message}`) };
}

const OFFICE = { weekdays: "1-5", sleepAt: "20:00", wakeUpAt: "08:00", timeZone: "Europe/Berlin" };

describe("sleep: the schedule an environment follows", () => {
  it("follows the working hours on dev and qa when nothing is written", () => {
    for (const tier of ["dev", "qa"] as const) {
      assert.deepEqual(run(undefined, tier), {
        result: { mode: "officeHours", schedule: OFFICE, paused: false },
        problems: [],
      });
    }
  });

  it("is always on on stage when nothing is written, with no reason needed there", () => {
    assert.deepEqual(run(undefined, "stage"), { result: { mode: "alwaysOn", paused: false }, problems: [] });
    assert.deepEqual(run({ schedule: "alwaysOn" }, "qa"), {
      result: { mode: "alwaysOn", paused: false },
      problems: [],
    });
  });

  it("takes a written officeHours on stage", () => {
    assert.deepEqual(run({ schedule: "officeHours" }, "stage"), {
      result: { mode: "officeHours", schedule: OFFICE, paused: false },
      problems: [],
    });
  });

  it("uses the tier's default when the written sleep key failed the schema", () => {
    assert.deepEqual(run({ schedule: "alwaysOn", reason: "load test" }, "dev", ["sleep"]), {
      result: { mode: "officeHours", schedule: OFFICE, paused: false },
      problems: [],
    });
  });

  it("takes a custom schedule, in the working hours' time zone unless it names one", () => {
    const own = { weekdays: "0,6", sleepAt: "23:00", wakeUpAt: "10:00" };
    assert.deepEqual(run({ schedule: own }), {
      result: {
        mode: "custom",
        schedule: { ...own, timeZone: "Europe/Berlin" },
        paused: false,
      },
      problems: [],
    });
    assert.deepEqual(run({ schedule: { ...own, timeZone: "Asia/Seoul" } }).result, {
      mode: "custom",
      schedule: { ...own, timeZone: "Asia/Seoul" },
      paused: false,
    });
  });

  it("names each field of a custom schedule kube-green could not run", () => {
    assert.deepEqual(
      run({ schedule: { weekdays: "5-1", sleepAt: "24:00", wakeUpAt: "8:00", timeZone: "Mars/Base" } })
        .problems,
      [
        `${FILE}: sleep.schedule.weekdays: "5-1" is not a list of cron weekdays such as 1-5 (Monday to Friday), 0,6 or * (0 is Sunday, 6 Saturday)`,
        `${FILE}: sleep.schedule.sleepAt: "24:00" is not a time of day written HH:MM (00:00-23:59)`,
        `${FILE}: sleep.schedule.wakeUpAt: "8:00" is not a time of day written HH:MM (00:00-23:59)`,
        `${FILE}: sleep.schedule.timeZone: "Mars/Base" is not an IANA time zone such as Europe/Berlin or Asia/Seoul`,
      ],
    );
    assert.deepEqual(run({ schedule: { weekdays: "*", sleepAt: "08:00", wakeUpAt: "08:00" } }).problems, [
      `${FILE}: sleep.schedule.wakeUpAt: is the same as sleepAt (08:00); the environment would wake the moment it sleeps`,
    ]);
  });
});

describe("sleep: why an environment is always on", () => {
  const required = `${FILE}: sleep.reason: is required on dev when the environment is always on: say why it must run at night and at weekends (policy G10), or drop "schedule: alwaysOn" to sleep outside the working hours`;

  it("needs a reason on dev, and keeps it", () => {
    assert.deepEqual(run({ schedule: "alwaysOn" }).problems, [required]);
    assert.deepEqual(run({ schedule: "alwaysOn", reason: "soak test over the weekend" }), {
      result: { mode: "alwaysOn", reason: "soak test over the weekend", paused: false },
      problems: [],
    });
  });

  it("keeps a reason on a tier that does not require one", () => {
    assert.deepEqual(run({ schedule: "alwaysOn", reason: "shared by QA" }, "qa").result, {
      mode: "alwaysOn",
      reason: "shared by QA",
      paused: false,
    });
  });

  it("refuses a reason on an environment that sleeps, naming its mode", () => {
    assert.deepEqual(run({ reason: "x" }), {
      result: { mode: "officeHours", schedule: OFFICE, paused: false },
      problems: [
        `${FILE}: sleep.reason: says why an environment is always on; this one sleeps (officeHours). Remove it, or set schedule: alwaysOn`,
      ],
    });
    assert.deepEqual(
      run({ schedule: { weekdays: "1-5", sleepAt: "22:00", wakeUpAt: "07:00" }, reason: "x" }).problems,
      [
        `${FILE}: sleep.reason: says why an environment is always on; this one sleeps (custom). Remove it, or set schedule: alwaysOn`,
      ],
    );
  });

  it("refuses a pause of an always-on environment and drops it", () => {
    assert.deepEqual(run({ schedule: "alwaysOn", reason: "demo", pausedUntil: "2026-12-03" }), {
      result: { mode: "alwaysOn", reason: "demo", paused: false },
      problems: [
        `${FILE}: sleep.pausedUntil: pauses a sleep schedule, and this environment has none (it is always on); remove it`,
      ],
    });
    // Even a pause far ahead gets only that one message (not the 14-day one too).
    assert.deepEqual(run({ schedule: "alwaysOn", reason: "demo", pausedUntil: "2027-06-01" }).problems, [
      `${FILE}: sleep.pausedUntil: pauses a sleep schedule, and this environment has none (it is always on); remove it`,
    ]);
  });
});

describe("sleep: pauses written by wake", () => {
  it("takes a pause up to 14 days ahead, not 15", () => {
    assert.deepEqual(run({ pausedUntil: "2026-12-15" }), {
      result: { mode: "officeHours", schedule: OFFICE, pausedUntil: "2026-12-15", paused: true },
      problems: [],
    });
    assert.deepEqual(run({ pausedUntil: "2026-12-16" }).problems, [
      `${FILE}: sleep.pausedUntil: 2026-12-16 is more than 14 days ahead; latest allowed today: 2026-12-15 (an environment that must stay on longer says schedule: alwaysOn with a reason)`,
    ]);
  });

  it("holds through its last day and not after it, and is kept in the file when it has passed", () => {
    assert.deepEqual(run({ pausedUntil: TODAY }).result, {
      mode: "officeHours",
      schedule: OFFICE,
      pausedUntil: TODAY,
      paused: true,
    });
    assert.deepEqual(run({ pausedUntil: "2026-11-30" }), {
      result: { mode: "officeHours", schedule: OFFICE, pausedUntil: "2026-11-30", paused: false },
      problems: [],
    });
  });

  it("pauses a custom schedule too", () => {
    const own = { weekdays: "1-5", sleepAt: "22:00", wakeUpAt: "07:00", timeZone: "UTC" };
    assert.deepEqual(run({ schedule: own, pausedUntil: "2026-12-02" }).result, {
      mode: "custom",
      schedule: own,
      pausedUntil: "2026-12-02",
      paused: true,
    });
  });

  it("measures the 14 days from the day it is judged on, across a month's end", () => {
    assert.deepEqual(run({ pausedUntil: "2027-01-13" }, "dev", [], "2026-12-30").problems, []);
    assert.deepEqual(run({ pausedUntil: "2027-01-14" }, "dev", [], "2026-12-30").problems, [
      `${FILE}: sleep.pausedUntil: 2027-01-14 is more than 14 days ahead; latest allowed today: 2027-01-13 (an environment that must stay on longer says schedule: alwaysOn with a reason)`,
    ]);
  });
});
