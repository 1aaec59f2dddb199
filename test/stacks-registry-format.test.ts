/**
 * How registry files are written (stacks/registry-format.ts), as literal texts: keys in the schema's
 * order whatever order they were given in, absent keys left out, dates, versions and sleep times
 * double-quoted (also inside `sleep.schedule`), other values plain, no folding of long lines, and
 * the retired-DB list sorted by DB number under its header.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatEnvironmentFile, formatRetiredRedisDbs } from "../stacks/registry-format";
import type { EnvironmentFile, RetiredRedisDb } from "../stacks/registry-schema";

const RETIRED_HEADER =
  "# Redis DB numbers of removed environments: never given to another environment until released.\n" +
  '# Release one by flushing it (docs/data-stores.md, "Redis DB numbers"), then removing its entry.\n';

describe("formatEnvironmentFile", () => {
  it("writes the keys in the schema's order, quoting dates, versions and sleep times", () => {
    const file = {
      credentialsRevision: 2,
      sleep: {
        pausedUntil: "2026-12-05",
        schedule: { weekdays: "1-5", sleepAt: "20:00", wakeUpAt: "08:00", timeZone: "Europe/Berlin" },
      },
      clockOffset: "+3d",
      expires: undefined,
      created: "2026-12-01",
      redisDb: 3,
      resourceVersion: "res-1",
      gameDataVersion: "gd-1",
      version: "1.0",
      purpose: "Login rework",
      team: "server",
      owner: "a@studio.example",
    } as unknown as EnvironmentFile;
    assert.equal(
      formatEnvironmentFile(file),
      [
        "owner: a@studio.example",
        "team: server",
        "purpose: Login rework",
        'version: "1.0"',
        'gameDataVersion: "gd-1"',
        'resourceVersion: "res-1"',
        "redisDb: 3",
        'created: "2026-12-01"',
        'clockOffset: "+3d"',
        "sleep:",
        '  pausedUntil: "2026-12-05"',
        "  schedule:",
        '    weekdays: "1-5"',
        '    sleepAt: "20:00"',
        '    wakeUpAt: "08:00"',
        "    timeZone: Europe/Berlin",
        "credentialsRevision: 2",
        "",
      ].join("\n"),
    );
  });

  it("quotes only string values of the quoted keys, and never folds a long line", () => {
    const purpose =
      "A long purpose sentence that goes well past eighty characters so that a folding writer would break it in two";
    const file = {
      owner: "a@studio.example",
      team: "server",
      purpose,
      version: 5,
      gameDataVersion: "gd-1",
      resourceVersion: "res-1",
      redisDb: 3,
      created: "2026-12-01",
      expires: "2027-01-01",
    } as unknown as EnvironmentFile;
    assert.equal(
      formatEnvironmentFile(file),
      [
        "owner: a@studio.example",
        "team: server",
        `purpose: ${purpose}`,
        "version: 5",
        'gameDataVersion: "gd-1"',
        'resourceVersion: "res-1"',
        "redisDb: 3",
        'created: "2026-12-01"',
        'expires: "2027-01-01"',
        "",
      ].join("\n"),
    );
  });
});

describe("formatEnvironmentFile quoting of version keys", () => {
  it("quotes versions even where YAML would not need quotes", () => {
    const file = {
      version: "main-42",
      previewVersion: "pr-7",
      gameDataVersion: "gd",
      resourceVersion: "res",
      purpose: "main-42",
    } as unknown as EnvironmentFile;
    assert.equal(
      formatEnvironmentFile(file),
      [
        "purpose: main-42",
        'version: "main-42"',
        'gameDataVersion: "gd"',
        'resourceVersion: "res"',
        'previewVersion: "pr-7"',
        "",
      ].join("\n"),
    );
  });
});

describe("formatRetiredRedisDbs", () => {
  it("writes the header and an empty list when nothing is retired", () => {
    assert.equal(formatRetiredRedisDbs([]), `${RETIRED_HEADER}[]\n`);
  });

  it("sorts by DB number, writes db, environment, retired in that order and quotes the date", () => {
    const entries = [
      { retired: "2026-11-02", environment: "login-dev", db: 9 },
      { environment: "qa1", db: 2, retired: "2026-10-01", extra: "dropped" },
      { db: 12, environment: "event-test", retired: "2026-11-30" },
    ] as unknown as RetiredRedisDb[];
    assert.equal(
      formatRetiredRedisDbs(entries),
      RETIRED_HEADER +
        [
          "- db: 2",
          "  environment: qa1",
          '  retired: "2026-10-01"',
          "- db: 9",
          "  environment: login-dev",
          '  retired: "2026-11-02"',
          "- db: 12",
          "  environment: event-test",
          '  retired: "2026-11-30"',
          "",
        ].join("\n"),
    );
    // The input is left as it was.
    assert.deepEqual(
      entries.map((e) => e.db),
      [9, 2, 12],
    );
  });
});
