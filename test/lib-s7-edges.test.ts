/**
 * Edges of small lib/ rules that the broader suites do not pin (issue 14's surviving mutants): the
 * https git URL check looks for credentials in the URL's authority only, and a sleep schedule's
 * weekday list is refused when any one of its ranges runs backwards. Fast: plain lib/ imports, so
 * `npm run mutate` runs it per mutant (lib list).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { gitTransport } from "../lib/launcher-settings";
import { sleepScheduleProblems } from "../lib/sleep-schedule";

describe("the launcher's git transport", () => {
  it("looks for credentials in the https URL's authority only, not in its path or query", () => {
    assert.equal(
      gitTransport("https://git.example.com/studio/game-infra.git?mirror=https://git@github.com/studio"),
      "https",
    );
    assert.equal(gitTransport("https://git@git.example.com/studio/game-infra.git"), undefined);
  });
});

describe("a sleep schedule's weekdays", () => {
  const schedule = (weekdays: string) => ({
    weekdays,
    sleepAt: "20:00",
    wakeUpAt: "08:00",
    timeZone: "Europe/Berlin",
  });
  const notWeekdays = (weekdays: string) => [
    {
      field: "weekdays",
      message: `"${weekdays}" is not a list of cron weekdays such as 1-5 (Monday to Friday), 0,6 or * (0 is Sunday, 6 Saturday)`,
    },
  ];

  it("are refused when any one range runs backwards, even after an ascending one", () => {
    assert.deepEqual(sleepScheduleProblems(schedule("1-2,5-3")), notWeekdays("1-2,5-3"));
    assert.deepEqual(sleepScheduleProblems(schedule("5-3,0")), notWeekdays("5-3,0"));
  });

  it("are accepted when every range ascends", () => {
    assert.deepEqual(sleepScheduleProblems(schedule("1-2,3-5")), []);
    assert.deepEqual(sleepScheduleProblems(schedule("0,2-4,6")), []);
  });
});
