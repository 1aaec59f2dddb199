/**
 * Assembling a folder's mutation report from runs over its parts (tools/mutate-merge.ts), and the
 * rule that only a report of every file of a folder with mutants is that folder's score
 * (tools/mutate-score.ts). Nothing here starts Stryker; the reports are written out by hand.
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import type { MutationFolder } from "../tools/mutate-folders";
import { mergeReports, readReport, type StrykerReport } from "../tools/mutate-merge";
import {
  completenessFailure,
  folderSourceFiles,
  mutatedFiles,
  reportScores,
  type MutationReport,
} from "../tools/mutate-score";

const lib: MutationFolder = { name: "lib", mutate: ["lib/**/*.ts"], testFiles: [], threshold: 80 };

const mutant = (id: string, status: string, killedBy: string[], coveredBy: string[]) => ({
  id,
  mutatorName: "EqualityOperator",
  replacement: "<=",
  status,
  location: { start: { line: 1, column: 1 }, end: { line: 1, column: 2 } },
  killedBy,
  coveredBy,
});

/** Two runs over two parts of lib/, each numbering its tests from 0 in its own order. */
const partA: StrykerReport = {
  schemaVersion: "2",
  files: {
    "lib/a.ts": { language: "typescript", source: "a", mutants: [mutant("0", "Killed", ["1"], ["0", "1"])] },
  },
  testFiles: {
    "test/x.test.ts": { tests: [{ id: "0", name: "x one" }] },
    "test/y.test.ts": { tests: [{ id: "1", name: "y one" }] },
  },
};
const partB: StrykerReport = {
  schemaVersion: "2",
  files: {
    "lib/b/c.ts": { language: "typescript", source: "c", mutants: [mutant("0", "Survived", [], ["0", "1"])] },
  },
  testFiles: {
    "test/y.test.ts": { tests: [{ id: "0", name: "y one" }] },
    "test/z.test.ts": { tests: [{ id: "1", name: "z one" }] },
  },
};

describe("merging a folder's partial mutation reports", () => {
  it("keeps every file and gives each test one id across the reports, rewriting killedBy and coveredBy", () => {
    const merged = mergeReports(lib, [
      { path: "a.json", report: partA },
      { path: "b.json", report: partB },
    ]);
    assert.deepEqual(Object.keys(merged.files), ["lib/a.ts", "lib/b/c.ts"]);
    assert.deepEqual(merged.testFiles, {
      "test/x.test.ts": { tests: [{ id: "test/x.test.ts#1", name: "x one" }] },
      "test/y.test.ts": { tests: [{ id: "test/y.test.ts#1", name: "y one" }] },
      "test/z.test.ts": { tests: [{ id: "test/z.test.ts#1", name: "z one" }] },
    });
    const a = merged.files["lib/a.ts"]!.mutants[0]!;
    assert.deepEqual(a.killedBy, ["test/y.test.ts#1"]);
    assert.deepEqual(a.coveredBy, ["test/x.test.ts#1", "test/y.test.ts#1"]);
    // Report b's test "0" is y's test, not x's: the same number meant another test there.
    const c = merged.files["lib/b/c.ts"]!.mutants[0]!;
    assert.deepEqual(c.coveredBy, ["test/y.test.ts#1", "test/z.test.ts#1"]);
    assert.equal(merged.schemaVersion, "2");
  });

  it("takes a file measured twice from the report named last", () => {
    const again: StrykerReport = {
      ...partA,
      files: {
        "lib/a.ts": { language: "typescript", source: "a2", mutants: [mutant("0", "Survived", [], [])] },
      },
    };
    const merged = mergeReports(lib, [
      { path: "a.json", report: partA },
      { path: "again.json", report: again },
    ]);
    assert.equal(merged.files["lib/a.ts"]!.source, "a2");
    assert.equal(merged.files["lib/a.ts"]!.mutants[0]!.status, "Survived");
  });

  it("refuses a report with a file of another folder, naming the report and the file", () => {
    const stacks: StrykerReport = { ...partA, files: { "stacks/rules.ts": partA.files["lib/a.ts"]! } };
    assert.throws(
      () => mergeReports(lib, [{ path: "stacks.json", report: stacks }]),
      /^Error: stacks\.json: stacks\/rules\.ts is not in lib\/; merge each folder's reports apart$/,
    );
  });

  it("refuses a mutant that names a test its report does not list", () => {
    const broken: StrykerReport = {
      ...partA,
      files: {
        "lib/a.ts": { language: "typescript", source: "a", mutants: [mutant("0", "Killed", ["7"], [])] },
      },
    };
    assert.throws(
      () => mergeReports(lib, [{ path: "broken.json", report: broken }]),
      /broken\.json: a mutant's killedBy names test 7, which it does not list/,
    );
    assert.throws(() => mergeReports(lib, []), /lib: no report to merge/);
  });

  it("reads only Stryker reports, naming the file otherwise", () => {
    const dir = mkdtempSync(join(tmpdir(), "mutate-merge-"));
    after(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, "bad.json"), "{ not json");
    writeFileSync(join(dir, "other.json"), JSON.stringify({ files: {} }));
    writeFileSync(join(dir, "good.json"), JSON.stringify(partA));
    assert.throws(() => readReport(join(dir, "bad.json")), /bad\.json: not a readable JSON file/);
    assert.throws(
      () => readReport(join(dir, "other.json")),
      /other\.json: not a Stryker mutation report \(it needs "schemaVersion" and "files"\)/,
    );
    assert.deepEqual(readReport(join(dir, "good.json")).report, partA);
  });
});

describe("a folder's score needs every file of it with mutants", () => {
  const root = mkdtempSync(join(tmpdir(), "mutate-complete-"));
  after(() => rmSync(root, { recursive: true, force: true }));
  const write = (path: string, text: string) => {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  write("lib/a.ts", "export const limit = (n: number) => n > 40;\n");
  write("lib/types.ts", "export interface Only { readonly types: string }\n");
  write("lib/deep/b.ts", 'export const name = "b";\n');
  write("lib/notes.md", "not code\n");
  write("lib/node_modules/x/index.ts", "export const x = 1 + 1;\n");
  const plan: MutationFolder = {
    name: "lib",
    mutate: ["lib/**/*.ts", "!lib/deep/b.ts"],
    testFiles: [],
    threshold: 80,
  };

  it("selects the folder's TypeScript files by its globs, exclusions and node_modules left out", () => {
    assert.deepEqual(folderSourceFiles(root, lib), ["lib/a.ts", "lib/deep/b.ts", "lib/types.ts"]);
    assert.deepEqual(folderSourceFiles(root, plan), ["lib/a.ts", "lib/types.ts"]);
  });

  it("expects only files with mutants, as Stryker's instrumenter counts them (types alone have none)", async () => {
    assert.deepEqual(await mutatedFiles(root, lib), ["lib/a.ts", "lib/deep/b.ts"]);
  });

  const report = (files: string[]): MutationReport => ({
    files: Object.fromEntries(
      files.map((f) => [
        f,
        { mutants: [{ status: "Killed", mutatorName: "x", location: { start: { line: 1, column: 1 } } }] },
      ]),
    ),
  });

  it("fails a report that lacks some, naming them; passes a whole one", () => {
    assert.equal(
      completenessFailure(lib, report(["lib/a.ts"]), ["lib/a.ts", "lib/deep/b.ts"]),
      "lib: the report measured 1 of the 2 files with mutants (missing lib/deep/b.ts), so it is not the folder's score; run npm run mutate -- lib",
    );
    assert.equal(
      completenessFailure(lib, report(["lib/a.ts", "lib/deep/b.ts"]), ["lib/a.ts", "lib/deep/b.ts"]),
      undefined,
    );
    const many = ["lib/1.ts", "lib/2.ts", "lib/3.ts", "lib/4.ts", "lib/5.ts", "lib/6.ts", "lib/7.ts"];
    assert.match(
      completenessFailure(lib, report([]), many)!,
      /measured 0 of the 7 files with mutants \(missing lib\/1\.ts, lib\/2\.ts, lib\/3\.ts, lib\/4\.ts, lib\/5\.ts and 2 more\)/,
    );
  });

  it("makes the scores fail and says the folder was merged, when its report is partial", () => {
    write("reports/mutation/lib/mutation.json", JSON.stringify(report(["lib/a.ts"])));
    const failures = reportScores(root, [lib], {
      merged: ["part-1.json"],
      expected: new Map([["lib", ["lib/a.ts", "lib/deep/b.ts"]]]),
      now: new Date("2026-12-02T03:00:00Z"),
      log: () => {},
    });
    assert.deepEqual(failures, [
      "lib: the report measured 1 of the 2 files with mutants (missing lib/deep/b.ts), so it is not the folder's score; run npm run mutate -- lib",
    ]);
    const whole = reportScores(root, [lib], {
      expected: new Map([["lib", ["lib/a.ts"]]]),
      log: () => {},
    });
    assert.deepEqual(whole, []);
  });
});
