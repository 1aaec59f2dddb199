/**
 * The registry's `sleep` key (`stacks/resolve-sleep.ts`, `lib/sleep-schedule.ts`): the tiers'
 * defaults, office hours from the platform's working hours, schedules of one's own, the reason an
 * always-on dev environment must give (policy G10), and the pause `wake` writes.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { describeSleepSchedule, officeHoursSchedule, sleepScheduleProblems } from "../lib/sleep-schedule";
import { registryIssues, resolveTestRegistry, TEST_TODAY } from "./harness";

/** A valid environment file of `tier` with `sleep` (omitted when undefined). */
function file(sleep?: unknown, tier: "dev" | "qa" | "stage" = "dev"): Record<string, unknown> {
  return {
    owner: "a@studio.example",
    team: tier === "stage" ? "release" : tier === "qa" ? "qa" : "server",
    purpose: "testing",
    version: "1.0.0",
    gameDataVersion: "gd-1",
    resourceVersion: "res-1",
    redisDb: 9,
    created: "2026-11-20",
    ...(tier === "stage" ? {} : { expires: "2026-12-15" }),
    ...(sleep === undefined ? {} : { sleep }),
  };
}

async function sleepOf(tier: "dev" | "qa" | "stage", sleep?: unknown, today = TEST_TODAY) {
  const registry = await resolveTestRegistry(tier, { env9: file(sleep, tier) }, { today });
  return registry.environments[0]!.sleep;
}

async function lines(sleep: unknown, tier: "dev" | "qa" | "stage" = "dev"): Promise<string[]> {
  return (await registryIssues(tier, { env9: file(sleep, tier) })).map((i) => `${i.path}: ${i.message}`);
}

const BERLIN_OFFICE = { weekdays: "1-5", sleepAt: "20:00", wakeUpAt: "08:00", timeZone: "Europe/Berlin" };

describe("sleep schedules: the tiers' defaults", () => {
  it("puts dev and qa environments to sleep outside the working hours, and keeps stage on", async () => {
    assert.deepEqual(await sleepOf("dev"), { mode: "officeHours", schedule: BERLIN_OFFICE, paused: false });
    assert.deepEqual(await sleepOf("qa"), { mode: "officeHours", schedule: BERLIN_OFFICE, paused: false });
    assert.deepEqual(await sleepOf("stage"), { mode: "alwaysOn", paused: false });
  });

  it("takes office hours from the platform's working hours (karpenter.workingHours), not a copy", async () => {
    const registry = await resolveTestRegistry(
      "dev",
      { env9: file() },
      {
        settings: {
          workingHours: {
            timeZone: "Asia/Seoul",
            days: ["Mon", "Wed", "Fri", "Sat"],
            start: "09:30",
            end: "18:00",
          },
        },
      },
    );
    assert.deepEqual(registry.environments[0]!.sleep.schedule, {
      weekdays: "1,3,5,6",
      sleepAt: "18:00",
      wakeUpAt: "09:30",
      timeZone: "Asia/Seoul",
    });
  });
});

describe("sleep schedules: what a file may say", () => {
  it("takes a schedule of its own, in the working hours' time zone unless it names one", async () => {
    assert.deepEqual(
      await sleepOf("dev", { schedule: { weekdays: "0-6", sleepAt: "23:30", wakeUpAt: "06:00" } }),
      {
        mode: "custom",
        schedule: { weekdays: "0-6", sleepAt: "23:30", wakeUpAt: "06:00", timeZone: "Europe/Berlin" },
        paused: false,
      },
    );
    assert.deepEqual(
      (await sleepOf("stage", { schedule: { ...BERLIN_OFFICE, timeZone: "America/Los_Angeles" } })).schedule,
      { ...BERLIN_OFFICE, timeZone: "America/Los_Angeles" },
    );
  });

  it("lets stage sleep at its own office hours (until 22:00) when its file asks", async () => {
    assert.deepEqual(await sleepOf("stage", { schedule: "officeHours" }), {
      mode: "officeHours",
      schedule: { ...BERLIN_OFFICE, sleepAt: "22:00" },
      paused: false,
    });
  });

  it("refuses a schedule kube-green would not run as meant, field by field", async () => {
    assert.deepEqual(
      await lines({ schedule: { weekdays: "5-1", sleepAt: "24:00", wakeUpAt: "8:00", timeZone: "Berlin" } }),
      [
        'environments/dev/env9.yaml: sleep.schedule.weekdays: "5-1" is not a list of cron weekdays such as 1-5 (Monday to Friday), 0,6 or * (0 is Sunday, 6 Saturday)',
        'environments/dev/env9.yaml: sleep.schedule.sleepAt: "24:00" is not a time of day written HH:MM (00:00-23:59)',
        'environments/dev/env9.yaml: sleep.schedule.wakeUpAt: "8:00" is not a time of day written HH:MM (00:00-23:59)',
        'environments/dev/env9.yaml: sleep.schedule.timeZone: "Berlin" is not an IANA time zone such as Europe/Berlin or Asia/Seoul',
      ],
    );
    assert.deepEqual(await lines({ schedule: { weekdays: "1-5", sleepAt: "20:00", wakeUpAt: "20:00" } }), [
      "environments/dev/env9.yaml: sleep.schedule.wakeUpAt: is the same as sleepAt (20:00); the environment would wake the moment it sleeps",
    ]);
  });

  it("names the schedules it knows when the name is wrong, and refuses unknown keys", async () => {
    assert.deepEqual(await lines({ schedule: "officehours" }), [
      'environments/dev/env9.yaml: sleep.schedule: must be officeHours or alwaysOn, or a schedule { weekdays: "1-5", sleepAt: "20:00", wakeUpAt: "08:00", timeZone: Europe/Berlin }',
    ]);
    assert.deepEqual(await lines({ schedule: "officeHours", pause: "2026-12-02" }), [
      "environments/dev/env9.yaml: sleep.pause: unknown key; allowed: schedule, reason, pausedUntil",
    ]);
  });
});

describe("sleep schedules: always on needs a reason on dev (policy G10)", () => {
  it("refuses alwaysOn on dev without a reason, and says what to do instead", async () => {
    assert.deepEqual(await lines({ schedule: "alwaysOn" }), [
      'environments/dev/env9.yaml: sleep.reason: is required on dev when the environment is always on: say why it must run at night and at weekends (policy G10), or drop "schedule: alwaysOn" to sleep outside the working hours',
    ]);
  });

  it("takes alwaysOn with a reason on dev, and without one on qa and stage", async () => {
    assert.deepEqual(
      await sleepOf("dev", { schedule: "alwaysOn", reason: "overnight soak test of the matchmaker" }),
      {
        mode: "alwaysOn",
        reason: "overnight soak test of the matchmaker",
        paused: false,
      },
    );
    assert.deepEqual(await sleepOf("qa", { schedule: "alwaysOn" }), { mode: "alwaysOn", paused: false });
  });

  it("refuses a reason on an environment that sleeps", async () => {
    assert.deepEqual(await lines({ reason: "needed" }), [
      "environments/dev/env9.yaml: sleep.reason: says why an environment is always on; this one sleeps (officeHours). Remove it, or set schedule: alwaysOn",
    ]);
  });
});

describe("sleep schedules: a pause (wake --until)", () => {
  it("holds from today up to and including its last day", async () => {
    assert.deepEqual(await sleepOf("dev", { pausedUntil: TEST_TODAY }), {
      mode: "officeHours",
      schedule: BERLIN_OFFICE,
      pausedUntil: TEST_TODAY,
      paused: true,
    });
    assert.equal((await sleepOf("dev", { pausedUntil: "2026-12-01" }, "2026-12-02")).paused, false);
  });

  it("may lie at most 14 days ahead", async () => {
    assert.equal((await sleepOf("dev", { pausedUntil: "2026-12-15" })).paused, true);
    assert.deepEqual(await lines({ pausedUntil: "2026-12-16" }), [
      "environments/dev/env9.yaml: sleep.pausedUntil: 2026-12-16 is more than 14 days ahead; latest allowed today: 2026-12-15 (an environment that must stay on longer says schedule: alwaysOn with a reason)",
    ]);
  });

  it("has nothing to pause on an environment that is always on", async () => {
    assert.deepEqual(await lines({ pausedUntil: "2026-12-02" }, "stage"), [
      "environments/stage/env9.yaml: sleep.pausedUntil: pauses a sleep schedule, and this environment has none (it is always on); remove it",
    ]);
  });
});

describe("sleep schedules as people read them", () => {
  it("names the days, the times and the zone", () => {
    assert.equal(describeSleepSchedule(BERLIN_OFFICE), "Mon-Fri: wakes 08:00, sleeps 20:00 (Europe/Berlin)");
    assert.equal(
      describeSleepSchedule({ weekdays: "0,6", sleepAt: "02:00", wakeUpAt: "10:00", timeZone: "UTC" }),
      "Sun, Sat: wakes 10:00, sleeps 02:00 (UTC)",
    );
    assert.equal(
      describeSleepSchedule({ weekdays: "*", sleepAt: "23:00", wakeUpAt: "07:00", timeZone: "Asia/Seoul" }),
      "every day: wakes 07:00, sleeps 23:00 (Asia/Seoul)",
    );
  });

  it("turns working hours into kube-green's fields", () => {
    assert.deepEqual(
      officeHoursSchedule({
        timeZone: "Europe/Berlin",
        days: ["Mon", "Tue", "Wed", "Thu", "Fri"],
        start: "08:00",
        end: "20:00",
      }),
      BERLIN_OFFICE,
    );
    assert.deepEqual(sleepScheduleProblems(BERLIN_OFFICE), []);
  });
});
