/**
 * `npm run mutate:merge -- <folder> <report.json>...`: one folder's mutation report assembled from
 * the reports of runs over parts of it (`npm run mutate -- <folder> --mutate <glob>`, each copied
 * aside after its run, or CI jobs that split a folder). A whole folder takes hours on a small
 * machine (docs/mutation.md), so it is measured in parts; the merged report is written where
 * `npm run mutate` writes the folder's own (reports/mutation/<folder>/mutation.json) and as its
 * incremental file, so `npm run mutate -- <folder> --incremental` then re-runs only what changed
 * or gained a test and produces the folder's report in one run of Stryker. The scores of the merged
 * report are printed and judged as after a full run: a report that lacks some of the folder's files
 * fails (tools/mutate-score.ts).
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { mutationFolder, type MutationFolder } from "./mutate-folders";
import { expectedFiles, reportDirectory, reportScores } from "./mutate-score";

const ROOT = join(__dirname, "..");

/** A test as a Stryker report (mutation-testing-report-schema) lists it. */
interface ReportTest {
  readonly id: string;
  readonly name: string;
  readonly [key: string]: unknown;
}

/** The parts of a Stryker JSON report the merge reads and rewrites; everything else is kept. */
export interface StrykerReport {
  readonly schemaVersion: string;
  readonly files: Record<
    string,
    {
      readonly mutants: ReadonlyArray<{
        readonly killedBy?: readonly string[];
        readonly coveredBy?: readonly string[];
        readonly [key: string]: unknown;
      }>;
      readonly [key: string]: unknown;
    }
  >;
  readonly testFiles?: Record<
    string,
    { readonly tests: readonly ReportTest[]; readonly [key: string]: unknown }
  >;
  readonly [key: string]: unknown;
}

/** A report and where it was read from (for messages). */
export interface NamedReport {
  readonly path: string;
  readonly report: StrykerReport;
}

/** Reads a Stryker JSON report; throws naming the file when it is not one. */
export function readReport(path: string): NamedReport {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    throw new Error(`${path}: not a readable JSON file (${(err as Error).message})`, { cause: err });
  }
  const r = parsed as Partial<StrykerReport> | null;
  if (
    typeof r !== "object" ||
    r === null ||
    typeof r.schemaVersion !== "string" ||
    typeof r.files !== "object" ||
    r.files === null
  ) {
    throw new Error(`${path}: not a Stryker mutation report (it needs "schemaVersion" and "files")`);
  }
  return { path, report: r as StrykerReport };
}

/**
 * The reports merged into one for `folder`. Test ids are numbers each run assigns afresh, so the
 * same id names different tests in two reports: each test is given the id `<test file>#<n>`, one
 * per distinct test file and name, and every `killedBy`/`coveredBy` is rewritten to it. A source
 * file measured by more than one report is taken from the last one named (the newest measurement,
 * when they are given in the order they ran). Throws when a report holds a file outside the folder.
 */
export function mergeReports(folder: MutationFolder, reports: readonly NamedReport[]): StrykerReport {
  if (reports.length === 0) throw new Error(`${folder.name}: no report to merge`);
  const prefix = `${folder.name}/`;
  const files: Record<string, StrykerReport["files"][string]> = {};
  const testFiles: Record<string, { tests: ReportTest[]; [key: string]: unknown }> = {};
  const idByKey = new Map<string, string>();
  for (const { path, report } of reports) {
    const outside = Object.keys(report.files).filter((f) => !f.startsWith(prefix));
    if (outside.length > 0) {
      throw new Error(
        `${path}: ${outside.join(", ")} is not in ${prefix}; merge each folder's reports apart`,
      );
    }
    const newId = new Map<string, string>();
    for (const [testFile, entry] of Object.entries(report.testFiles ?? {})) {
      const merged = (testFiles[testFile] ??= { ...entry, tests: [] });
      for (const test of entry.tests) {
        const key = `${testFile}\n${test.name}`;
        let id = idByKey.get(key);
        if (id === undefined) {
          id = `${testFile}#${merged.tests.length + 1}`;
          idByKey.set(key, id);
          merged.tests.push({ ...test, id });
        }
        newId.set(test.id, id);
      }
    }
    const rekey = (ids: readonly string[] | undefined, what: string) =>
      ids?.map((id) => {
        const found = newId.get(id);
        if (found === undefined)
          throw new Error(`${path}: a mutant's ${what} names test ${id}, which it does not list`);
        return found;
      });
    for (const [file, entry] of Object.entries(report.files)) {
      files[file] = {
        ...entry,
        mutants: entry.mutants.map((m) => {
          const killedBy = rekey(m.killedBy, "killedBy");
          const coveredBy = rekey(m.coveredBy, "coveredBy");
          return { ...m, ...(killedBy ? { killedBy } : {}), ...(coveredBy ? { coveredBy } : {}) };
        }),
      };
    }
  }
  const last = reports[reports.length - 1]!.report;
  return { ...last, files, testFiles };
}

export const MERGE_USAGE = "usage: npm run mutate:merge -- <folder> <report.json>...";

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...paths] = argv;
  if (name === undefined || paths.length === 0 || argv.some((a) => a.startsWith("-"))) {
    console.error(MERGE_USAGE);
    return 2;
  }
  let folder: MutationFolder;
  let merged: StrykerReport;
  try {
    folder = mutationFolder(name);
    merged = mergeReports(folder, paths.map(readReport));
  } catch (err) {
    console.error(`${(err as Error).message}\n${MERGE_USAGE}`);
    return 2;
  }
  const dir = reportDirectory(ROOT, folder);
  mkdirSync(dir, { recursive: true });
  const text = JSON.stringify(merged);
  writeFileSync(join(dir, "mutation.json"), text);
  writeFileSync(join(dir, "stryker-incremental.json"), text);
  console.log(
    `Merged ${paths.length} reports into ${join(dir, "mutation.json")} (also its incremental file)`,
  );
  const expected = await expectedFiles(ROOT, [folder]);
  const failures = reportScores(ROOT, [folder], { merged: paths, expected });
  for (const failure of failures) console.error(failure);
  return failures.length > 0 ? 1 : 0;
}

if (require.main === module) void main(process.argv.slice(2)).then((code) => (process.exitCode = code));
