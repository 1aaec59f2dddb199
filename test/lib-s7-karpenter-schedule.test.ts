/**
 * Edges of the time-zone offset scan behind the Karpenter working-hours window (lib/karpenter-schedule.ts,
 * issue 14's surviving mutants): a zone's offsets are those of the asked year only, also when the zone
 * changes its offset on 1 January (São Tomé, 2018 and 2019), and an offset the scan cannot read (local
 * mean time, which has seconds) is refused with its name rather than read as a rounded offset. Fast:
 * plain lib/ imports, so `npm run mutate` runs it per mutant (lib list).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { utcOffsetsMinutes } from "../lib/karpenter-schedule";

describe("the UTC offsets a time zone uses in a year", () => {
  it("are those of that year only, when the zone moved its offset on 1 January of the next", () => {
    // São Tomé went from UTC to UTC+1 on 1 January 2018 and back on 1 January 2019.
    assert.deepEqual(utcOffsetsMinutes("Africa/Sao_Tome", 2017), [0]);
    assert.deepEqual(utcOffsetsMinutes("Africa/Sao_Tome", 2018), [60]);
    assert.deepEqual(utcOffsetsMinutes("Africa/Sao_Tome", 2019), [0]);
  });

  it("refuse an offset with seconds (local mean time), naming it and the zone, instead of rounding it", () => {
    assert.throws(() => utcOffsetsMinutes("Africa/Abidjan", 1900), {
      name: "Error",
      message: 'unexpected offset "GMT-00:16:08" for Africa/Abidjan',
    });
    assert.throws(() => utcOffsetsMinutes("Africa/Addis_Ababa", 1800), {
      name: "Error",
      message: 'unexpected offset "GMT+02:27:16" for Africa/Addis_Ababa',
    });
  });

  it("read the first year of whole-minute offsets after local mean time", () => {
    // Abidjan kept local mean time (-00:16:08) until 1912.
    assert.deepEqual(utcOffsetsMinutes("Africa/Abidjan", 1912), [0]);
  });
});
