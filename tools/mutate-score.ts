/**
 * Mutation scores from Stryker's JSON reports (reports/mutation/<folder>/mutation.json), per
 * folder and per sub-folder, and the gate `npm run mutate` applies: a folder under its threshold
 * (tools/mutate-folders.ts) fails the run. The tables are printed and written to
 * reports/mutation/scores.txt; `npm run mutate:score` prints and writes them again from the reports.
 *
 * The score is Stryker's: detected (killed or timed out) over detected plus undetected (survived
 * or reached by no test). Mutants that do not compile or crash the runtime, and ignored ones, do not
 * count either way.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, posix } from "node:path";
import { MUTATION_FOLDERS, mutationFolder, type MutationFolder } from "./mutate-folders";

/** The statuses a mutant can have in a mutation-testing-report-schema report. */
export type MutantStatus =
  "Killed" | "Survived" | "NoCoverage" | "Timeout" | "CompileError" | "RuntimeError" | "Ignored" | "Pending";

/** The part of a Stryker JSON report read here. */
export interface MutationReport {
  readonly files: Readonly<
    Record<
      string,
      {
        readonly mutants: ReadonlyArray<{
          readonly status: MutantStatus;
          readonly mutatorName: string;
          readonly replacement?: string;
          readonly location: { readonly start: { readonly line: number; readonly column: number } };
        }>;
      }
    >
  >;
}

/** Counts of one folder's (or sub-folder's) mutants. */
export interface ScoreRow {
  readonly folder: string;
  readonly killed: number;
  readonly timeout: number;
  readonly survived: number;
  readonly noCoverage: number;
  /** Compile or runtime errors and ignored mutants: not part of the score. */
  readonly excluded: number;
  /** Detected / (detected + undetected) in percent; `undefined` when nothing counts. */
  readonly score: number | undefined;
}

/** Where `npm run mutate` writes a folder's reports. */
export function reportDirectory(root: string, folder: MutationFolder): string {
  return join(root, "reports", "mutation", folder.name.replace(/\//g, "-"));
}

/** The score of a set of counts, in percent (two decimals), or `undefined` when no mutant counts. */
export function mutationScore(counts: {
  killed: number;
  timeout: number;
  survived: number;
  noCoverage: number;
}): number | undefined {
  const detected = counts.killed + counts.timeout;
  const valid = detected + counts.survived + counts.noCoverage;
  if (valid === 0) return undefined;
  return Math.floor((detected / valid) * 10000) / 100;
}

/**
 * Rows for the report's whole folder (`name`) and for each directory below it that holds mutated
 * files, sorted by path.
 */
export function scoreRows(name: string, report: MutationReport): ScoreRow[] {
  const tallies = new Map<
    string,
    { killed: number; timeout: number; survived: number; noCoverage: number; excluded: number }
  >();
  const tally = (folder: string) => {
    let t = tallies.get(folder);
    if (!t) {
      t = { killed: 0, timeout: 0, survived: 0, noCoverage: 0, excluded: 0 };
      tallies.set(folder, t);
    }
    return t;
  };
  tally(name);
  for (const [file, { mutants }] of Object.entries(report.files)) {
    const dir = posix.dirname(file.replace(/\\/g, "/"));
    const targets = dir === name ? [tally(name)] : [tally(name), tally(dir)];
    for (const mutant of mutants) {
      for (const t of targets) {
        if (mutant.status === "Killed") t.killed++;
        else if (mutant.status === "Timeout") t.timeout++;
        else if (mutant.status === "Survived") t.survived++;
        else if (mutant.status === "NoCoverage") t.noCoverage++;
        else t.excluded++;
      }
    }
  }
  return [...tallies.entries()]
    .sort(([a], [b]) => (a === name ? -1 : b === name ? 1 : a.localeCompare(b)))
    .map(([folder, t]) => ({ folder, ...t, score: mutationScore(t) }));
}

/** A fixed-width table of rows, the folder's own row first. */
export function formatScoreTable(rows: readonly ScoreRow[]): string {
  const header = ["folder", "score", "killed", "timeout", "survived", "no cov", "excluded"];
  const body = rows.map((r) => [
    r.folder,
    r.score === undefined ? "n/a" : `${r.score.toFixed(2)} %`,
    String(r.killed),
    String(r.timeout),
    String(r.survived),
    String(r.noCoverage),
    String(r.excluded),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [line(header), ...body.map(line)].join("\n");
}

/** The verdict on one folder's score against its threshold: `undefined` when it passes. */
export function thresholdFailure(folder: MutationFolder, score: number | undefined): string | undefined {
  if (score === undefined) return `${folder.name}: no mutant counted, so there is no score to judge`;
  if (score < folder.threshold) {
    return `${folder.name}: mutation score ${score.toFixed(2)} % is under its threshold of ${folder.threshold} %`;
  }
  return undefined;
}

/** Prints every named folder's table and returns the failures (missing reports included). */
export function printScores(root: string, folders: readonly MutationFolder[], log = console.log): string[] {
  const failures: string[] = [];
  for (const folder of folders) {
    const file = join(reportDirectory(root, folder), "mutation.json");
    if (!existsSync(file)) {
      failures.push(`${folder.name}: no report at ${file} (run npm run mutate -- ${folder.name})`);
      continue;
    }
    const rows = scoreRows(folder.name, JSON.parse(readFileSync(file, "utf8")) as MutationReport);
    log(`\nMutation score of ${folder.name}/ (threshold ${folder.threshold} %):\n${formatScoreTable(rows)}`);
    const failure = thresholdFailure(folder, rows[0]!.score);
    if (failure) failures.push(failure);
  }
  return failures;
}

/** Where the score tables of the last `npm run mutate` (or `npm run mutate:score`) are written. */
export function scoresFile(root: string): string {
  return join(root, "reports", "mutation", "scores.txt");
}

/**
 * Prints the folders' tables and failures, and writes the same text to {@link scoresFile} (after a
 * header line saying when, for which folders, and whether the run was partial). Returns the failures.
 */
export function reportScores(
  root: string,
  folders: readonly MutationFolder[],
  options: {
    readonly only?: readonly string[];
    readonly now?: Date;
    readonly log?: (line: string) => void;
  } = {},
): string[] {
  const lines: string[] = [];
  const log = options.log ?? console.log;
  const failures = printScores(root, folders, (line) => {
    lines.push(line);
    log(line);
  });
  const scope =
    options.only && options.only.length > 0
      ? `partial: only ${options.only.join(" ")}`
      : `folders: ${folders.map((f) => f.name).join(", ")}`;
  const verdict =
    failures.length > 0
      ? ["", "FAILED:", ...failures]
      : ["", "PASSED: every folder at or above its threshold"];
  const file = scoresFile(root);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(
    file,
    [
      `npm run mutate, ${(options.now ?? new Date()).toISOString()} (${scope})`,
      ...lines,
      ...verdict,
      "",
    ].join("\n"),
  );
  return failures;
}

if (require.main === module) {
  const names = process.argv.slice(2);
  try {
    const folders = names.length === 0 ? MUTATION_FOLDERS : names.map(mutationFolder);
    const failures = reportScores(join(__dirname, ".."), folders);
    for (const failure of failures) console.error(failure);
    process.exitCode = failures.length > 0 ? 1 : 0;
  } catch (err) {
    console.error((err as Error).message);
    process.exitCode = 2;
  }
}
