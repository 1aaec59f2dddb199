/**
 * Edges of the cost model that the broader cost suites do not pin (issue 14's surviving mutants):
 * the price path an unpriced volume names, walking a price table past non-object leaves, and the
 * anchoring of the schedule and SleepInfo weekday grammars.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { volumesMonthly } from "../lib/cost/environment";
import { figuresOf, type PriceTable } from "../lib/cost/prices";
import { parseAwake, scheduleFromSleepInfo } from "../lib/cost/schedule";

describe("volumesMonthly", () => {
  it("names ebs.gp3GbMonth as the unknown price when the gp3 figure is unknown", () => {
    const prices = { ebs: { gp3GbMonth: { unknown: "not published" } } } as unknown as PriceTable;
    const result = volumesMonthly(
      [{ owner: "couchbase", count: 1, sizeGiB: 10, storageClass: "gp3" }],
      prices,
    );
    assert.deepEqual(result.monthly, { usd: 0, unknown: ["ebs.gp3GbMonth"], secondary: false });
    assert.deepEqual(result.notes, []);
  });
});

describe("figuresOf", () => {
  it("skips null and scalar leaves instead of failing on them", () => {
    const table = {
      a: null,
      b: 5,
      c: "text",
      d: { usd: 1, source: { evidence: "primary" } },
    } as unknown as PriceTable;
    assert.deepEqual(
      figuresOf(table).map((f) => f.path),
      ["d"],
    );
  });
});

describe("parseAwake anchors", () => {
  const problem = (text: string): string | undefined => (parseAwake(text) as { problem?: string }).problem;

  it("rejects text before the days", () => {
    assert.equal(
      problem("xMon-Fri 08:00-20:00"),
      '"xMon-Fri 08:00-20:00" is not a schedule: write "always", or days and hours awake such as "Mon-Fri 08:00-20:00" (optionally followed by a time zone such as Europe/Berlin)',
    );
  });

  it("rejects a second word after the time zone", () => {
    assert.match(String(problem("Mon-Fri 08:00-20:00 Europe/Berlin extra")), /is not a schedule/);
  });
});

describe("scheduleFromSleepInfo grammar", () => {
  it("rejects a sleepAt that is not a string, even one that prints as a time", () => {
    assert.equal(
      scheduleFromSleepInfo({ weekdays: "1-5", sleepAt: ["20:00"], wakeUpAt: "08:00" }),
      'its spec.sleepAt ["20:00"] is not a time HH:MM',
    );
  });

  it("rejects weekday parts with extra digits before or after", () => {
    assert.equal(
      scheduleFromSleepInfo({ weekdays: "11", sleepAt: "20:00", wakeUpAt: "08:00" }),
      'its spec.weekdays "11" is not a list of weekday numbers such as 1-5',
    );
    assert.equal(
      scheduleFromSleepInfo({ weekdays: "1-23", sleepAt: "20:00", wakeUpAt: "08:00" }),
      'its spec.weekdays "1-23" is not a list of weekday numbers such as 1-5',
    );
  });
});
