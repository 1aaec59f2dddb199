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
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, posix, relative } from "node:path";
import { minimatch } from "minimatch";
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

/**
 * The folder's source files its `mutate` globs select (the `!` globs exclude), repository-relative
 * with `/`, sorted.
 */
export function folderSourceFiles(root: string, folder: MutationFolder): string[] {
  const include = folder.mutate.filter((g) => !g.startsWith("!"));
  const exclude = folder.mutate.filter((g) => g.startsWith("!")).map((g) => g.slice(1));
  const found: string[] = [];
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir)) {
      if (entry === "node_modules") continue;
      const full = join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else {
        const path = relative(root, full).split("\\").join("/");
        if (include.some((g) => minimatch(path, g)) && !exclude.some((g) => minimatch(path, g)))
          found.push(path);
      }
    }
  };
  walk(join(root, folder.name));
  return found.sort();
}

/** The part of @stryker-mutator/instrumenter used to count a file's mutants. */
interface InstrumenterApi {
  Instrumenter: new (logger: unknown) => {
    instrument(
      files: ReadonlyArray<{ name: string; mutate: true; content: string }>,
      options: { plugins: null; excludedMutations: string[]; ignorers: string[]; noHeader: boolean },
    ): Promise<{ mutants: readonly unknown[] }>;
  };
}

/**
 * The folder's source files that hold at least one mutant, counted by the instrumenter Stryker
 * itself uses (same version as @stryker-mutator/core): Stryker's report lists only files with
 * mutants, so a file of type declarations alone is never "missing" from it.
 */
export async function mutatedFiles(root: string, folder: MutationFolder): Promise<string[]> {
  // ES module only, like @stryker-mutator/core (see tools/mutate.ts): imported at run time.
  const specifier: string = "@stryker-mutator/instrumenter";
  const { Instrumenter } = (await import(specifier)) as InstrumenterApi;
  const quiet = { debug() {}, info() {}, warn() {}, error() {}, trace() {} };
  const logger = { ...quiet, isDebugEnabled: () => false, isTraceEnabled: () => false };
  const instrumenter = new Instrumenter(logger);
  const withMutants: string[] = [];
  for (const file of folderSourceFiles(root, folder)) {
    const name = join(root, file);
    const content = readFileSync(name, "utf8");
    // Stryker's defaults (stryker.config.mjs sets no mutator options).
    const options = { plugins: null, excludedMutations: [], ignorers: [], noHeader: false };
    const { mutants } = await instrumenter.instrument([{ name, mutate: true, content }], options);
    if (mutants.length > 0) withMutants.push(file);
  }
  return withMutants;
}

/**
 * The verdict on whether a report measured the whole folder: `undefined` when every expected file
 * is in it. A report of part of a folder has no folder score.
 */
export function completenessFailure(
  folder: MutationFolder,
  report: MutationReport,
  expected: readonly string[],
): string | undefined {
  const missing = expected.filter((f) => !(f in report.files));
  if (missing.length === 0) return undefined;
  const shown =
    missing.slice(0, 5).join(", ") + (missing.length > 5 ? ` and ${missing.length - 5} more` : "");
  return (
    `${folder.name}: the report measured ${expected.length - missing.length} of the ${expected.length} files ` +
    `with mutants (missing ${shown}), so it is not the folder's score; run npm run mutate -- ${folder.name}`
  );
}

/**
 * Prints every named folder's table and returns the failures (missing reports included). With
 * `expected` (folder name to the files that must be in its report), a report lacking some fails.
 */
export function printScores(
  root: string,
  folders: readonly MutationFolder[],
  log = console.log,
  expected?: ReadonlyMap<string, readonly string[]>,
): string[] {
  const failures: string[] = [];
  for (const folder of folders) {
    const file = join(reportDirectory(root, folder), "mutation.json");
    if (!existsSync(file)) {
      failures.push(`${folder.name}: no report at ${file} (run npm run mutate -- ${folder.name})`);
      continue;
    }
    const report = JSON.parse(readFileSync(file, "utf8")) as MutationReport;
    const rows = scoreRows(folder.name, report);
    log(`\nMutation score of ${folder.name}/ (threshold ${folder.threshold} %):\n${formatScoreTable(rows)}`);
    const incomplete = expected?.has(folder.name)
      ? completenessFailure(folder, report, expected.get(folder.name)!)
      : undefined;
    if (incomplete) failures.push(incomplete);
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
    /** The reports `npm run mutate:merge` assembled the folder's report from. */
    readonly merged?: readonly string[];
    /** Folder name to the files its report must hold (see {@link mutatedFiles}); unchecked without. */
    readonly expected?: ReadonlyMap<string, readonly string[]>;
    readonly now?: Date;
    readonly log?: (line: string) => void;
  } = {},
): string[] {
  const lines: string[] = [];
  const log = options.log ?? console.log;
  const failures = printScores(
    root,
    folders,
    (line) => {
      lines.push(line);
      log(line);
    },
    options.expected,
  );
  const scope =
    options.only && options.only.length > 0
      ? `partial: only ${options.only.join(" ")}`
      : options.merged && options.merged.length > 0
        ? `folders: ${folders.map((f) => f.name).join(", ")}, merged from ${options.merged.join(" ")}`
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

/** Each folder's {@link mutatedFiles}, for `reportScores`'s `expected`. */
export async function expectedFiles(
  root: string,
  folders: readonly MutationFolder[],
): Promise<Map<string, readonly string[]>> {
  const expected = new Map<string, readonly string[]>();
  for (const folder of folders) expected.set(folder.name, await mutatedFiles(root, folder));
  return expected;
}

async function main(names: readonly string[]): Promise<number> {
  let folders: readonly MutationFolder[];
  try {
    folders = names.length === 0 ? MUTATION_FOLDERS : names.map(mutationFolder);
  } catch (err) {
    console.error((err as Error).message);
    return 2;
  }
  const root = join(__dirname, "..");
  const failures = reportScores(root, folders, { expected: await expectedFiles(root, folders) });
  for (const failure of failures) console.error(failure);
  return failures.length > 0 ? 1 : 0;
}

if (require.main === module) void main(process.argv.slice(2)).then((code) => (process.exitCode = code));
