/**
 * How registry files are written (`stacks/registry-format.ts`), and that every committed file is
 * already in that form, so writing a file through the formatter never reformats anyone's file.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { parse } from "yaml";
import { formatEnvironmentFile, formatRetiredRedisDbs } from "../stacks/registry-format";
import {
  environmentFileSchema,
  retiredRedisDbsSchema,
  type EnvironmentFile,
} from "../stacks/registry-schema";
import { ROOT } from "./paths";

/** A file's settings in an order unlike the registry's, with values YAML would misread unquoted. */
const SAMPLE = {
  credentialsRevision: 2,
  quota: { cpu: "8", pods: 40 },
  replicas: { gameserver: { min: 2, max: 4 } },
  clockOffset: "+720h",
  expires: "2026-12-15",
  created: "2026-11-20",
  redisDb: 9,
  resourceVersion: "2026.11",
  gameDataVersion: "1.0",
  version: "1.40",
  purpose: "Winter event: clock moved 30 days ahead",
  team: "server",
  owner: "a@studio.example",
} satisfies EnvironmentFile;

const SAMPLE_TEXT = `owner: a@studio.example
team: server
purpose: "Winter event: clock moved 30 days ahead"
version: "1.40"
gameDataVersion: "1.0"
resourceVersion: "2026.11"
redisDb: 9
created: "2026-11-20"
expires: "2026-12-15"
clockOffset: "+720h"
replicas:
  gameserver:
    min: 2
    max: 4
quota:
  cpu: "8"
  pods: 40
credentialsRevision: 2
`;

const RETIRED_HEADER =
  "# Redis DB numbers of removed environments: never given to another environment until released.\n" +
  '# Release one by flushing it (docs/data-stores.md, "Redis DB numbers"), then removing its entry.\n';

describe("registry file format", () => {
  it("writes keys in the registry's order, two-space indented, dates and versions double-quoted", () => {
    assert.equal(formatEnvironmentFile(SAMPLE), SAMPLE_TEXT);
  });

  it("reads back exactly what it wrote: version 1.40 stays the string 1.40", () => {
    const read = environmentFileSchema.parse(parse(formatEnvironmentFile(SAMPLE)));
    assert.deepEqual(read, SAMPLE);
    assert.equal(read.version, "1.40");
    // What the quotes prevent: unquoted, YAML reads a number and drops the trailing zero.
    assert.equal((parse("version: 1.40") as { version: unknown }).version, 1.4);
  });

  it("writes the retired list sorted by number under its header, and an empty one as []", () => {
    const entries = [
      { db: 7, environment: "old-b", retired: "2026-11-02" },
      { db: 3, environment: "old-a", retired: "2026-10-01" },
    ];
    const text = formatRetiredRedisDbs(entries);
    assert.equal(
      text,
      RETIRED_HEADER +
        '- db: 3\n  environment: old-a\n  retired: "2026-10-01"\n' +
        '- db: 7\n  environment: old-b\n  retired: "2026-11-02"\n',
    );
    assert.deepEqual(retiredRedisDbsSchema.parse(parse(text)), [entries[1], entries[0]]);
    assert.equal(formatRetiredRedisDbs([]), `${RETIRED_HEADER}[]\n`);
    assert.deepEqual(parse(formatRetiredRedisDbs([])), []);
  });
});

describe("committed registry files", () => {
  // defaults.yaml is written by people (with comments), never by the launcher: only checked by the schema.
  const files = readdirSync(join(ROOT, "environments"), { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".yaml") && !f.endsWith("/defaults.yaml"))
    .sort();

  it("exist for every tier", () => {
    for (const tier of ["dev", "qa", "stage"]) {
      assert.ok(
        files.some((f) => f.startsWith(`${tier}/`)),
        `no committed environment file under environments/${tier}`,
      );
    }
  });

  for (const file of files) {
    it(`environments/${file} is byte for byte in the registry's format`, () => {
      const text = readFileSync(join(ROOT, "environments", file), "utf8");
      const formatted = file.endsWith("/retired-redis-dbs.yaml")
        ? formatRetiredRedisDbs(retiredRedisDbsSchema.parse(parse(text)) ?? [])
        : formatEnvironmentFile(environmentFileSchema.parse(parse(text)));
      assert.equal(text, formatted);
    });
  }
});
