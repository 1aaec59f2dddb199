/**
 * `npm run mutate [-- <folder>...] [--concurrency N] [--incremental]`: mutation testing with
 * StrykerJS, one folder after the other (tools/mutate-folders.ts), each with its own test
 * selection and its own reports under reports/mutation/<folder>/ (index.html, mutation.json).
 * Then prints the score per folder and sub-folder (also written to reports/mutation/scores.txt) and
 * fails when a folder is under its threshold.
 * Options shared by every folder are in stryker.config.mjs; docs/mutation.md explains the results.
 */
import { join } from "node:path";
import { MUTATION_FOLDERS, mutationFolder, type MutationFolder } from "./mutate-folders";
import { expectedFiles, reportDirectory, reportScores, scoresFile } from "./mutate-score";

const ROOT = join(__dirname, "..");

/** What the command line asks for. */
export interface MutateArgs {
  readonly folders: readonly MutationFolder[];
  readonly concurrency: number | undefined;
  readonly incremental: boolean;
  /**
   * `--mutate <glob>`: mutate only these files of the one folder named (a partial measurement;
   * its report and score cover only these files).
   */
  readonly only: readonly string[];
}

export const MUTATE_USAGE = `usage: npm run mutate [-- <folder>...] [--concurrency N] [--incremental] [--mutate <glob>...]
folders: ${MUTATION_FOLDERS.map((f) => f.name).join(", ")} (default: all, one after the other)
--concurrency N  mutants tested at once (default 1, from stryker.config.mjs)
--incremental    reuse the previous run's results for mutants and tests that did not change
--mutate <glob>  with one folder: mutate only the matching files inside it (a partial score);
                 a glob starting with ! leaves the matching files out`;

/** Parses the arguments; throws with the usage for anything it does not know. */
export function parseMutateArgs(argv: readonly string[]): MutateArgs {
  const names: string[] = [];
  let concurrency: number | undefined;
  let incremental = false;
  const only: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--incremental") incremental = true;
    else if (arg === "--concurrency") {
      const value = argv[++i];
      if (value === undefined || !/^[1-9]\d*$/.test(value)) {
        throw new Error(
          `--concurrency takes a whole number of 1 or more, not ${value ?? "nothing"}\n${MUTATE_USAGE}`,
        );
      }
      concurrency = Number(value);
    } else if (arg === "--mutate") {
      const value = argv[++i];
      if (value === undefined || value.startsWith("-")) {
        throw new Error(`--mutate takes a file glob, not ${value ?? "nothing"}\n${MUTATE_USAGE}`);
      }
      only.push(value);
    } else if (arg.startsWith("-")) throw new Error(`unknown option ${arg}\n${MUTATE_USAGE}`);
    else names.push(arg);
  }
  let folders: MutationFolder[];
  try {
    folders = names.length === 0 ? [...MUTATION_FOLDERS] : names.map(mutationFolder);
  } catch (err) {
    throw new Error(`${(err as Error).message}\n${MUTATE_USAGE}`, { cause: err });
  }
  if (only.length > 0) {
    if (folders.length !== 1) {
      throw new Error(`--mutate needs exactly one folder, not ${folders.length}\n${MUTATE_USAGE}`);
    }
    const prefix = `${folders[0]!.name}/`;
    // `!glob` leaves files out of the run, as in Stryker's own `mutate` list.
    const outside = only.filter((glob) => {
      const path = glob.startsWith("!") ? glob.slice(1) : glob;
      return !path.startsWith(prefix) || path.includes("..");
    });
    if (outside.length > 0) {
      throw new Error(`--mutate ${outside.join(", ")}: not inside ${prefix}\n${MUTATE_USAGE}`);
    }
    if (only.every((glob) => glob.startsWith("!"))) {
      throw new Error(
        `--mutate ${only.join(", ")}: only leaves files out; give a glob of files to mutate as well\n${MUTATE_USAGE}`,
      );
    }
  }
  return { folders, concurrency, incremental, only };
}

/** The Stryker options for one folder, on top of stryker.config.mjs. */
export function strykerOptions(
  root: string,
  folder: MutationFolder,
  args: MutateArgs,
): Record<string, unknown> {
  const reports = reportDirectory(root, folder);
  return {
    configFile: join(root, "stryker.config.mjs"),
    // A partial run keeps the folder's exclusions (the `!` globs) and replaces what it includes.
    mutate:
      args.only.length > 0
        ? [...args.only, ...folder.mutate.filter((g) => g.startsWith("!"))]
        : [...folder.mutate],
    tap: { testFiles: [...folder.testFiles] },
    htmlReporter: { fileName: join(reports, "index.html") },
    jsonReporter: { fileName: join(reports, "mutation.json") },
    incremental: args.incremental,
    incrementalFile: join(reports, "stryker-incremental.json"),
    ...(args.concurrency !== undefined ? { concurrency: args.concurrency } : {}),
  };
}

/** The part of StrykerJS's API used here. */
interface StrykerApi {
  Stryker: new (options: Record<string, unknown>) => { runMutationTest(): Promise<unknown[]> };
}

/**
 * StrykerJS is an ES module only (its package exports no CommonJS entry, which this repository's
 * `moduleResolution: node` cannot type); this file runs as CommonJS under tsx, so it is imported
 * at run time.
 */
async function loadStryker(): Promise<StrykerApi> {
  const specifier: string = "@stryker-mutator/core";
  return (await import(specifier)) as StrykerApi;
}

async function main(): Promise<void> {
  let args: MutateArgs;
  try {
    args = parseMutateArgs(process.argv.slice(2));
  } catch (err) {
    console.error((err as Error).message);
    process.exitCode = 2;
    return;
  }
  const { Stryker } = await loadStryker();
  for (const folder of args.folders) {
    const what = args.only.length > 0 ? args.only.join(" ") : `${folder.name}/`;
    console.log(`\n== Mutating ${what} (${folder.testFiles.length} test files) ==`);
    await new Stryker(strykerOptions(ROOT, folder, args)).runMutationTest();
  }
  // A partial run (--mutate) is judged on what it measured; a folder's run must have measured
  // every file of the folder that has mutants.
  const expected = args.only.length > 0 ? undefined : await expectedFiles(ROOT, args.folders);
  const failures = reportScores(ROOT, args.folders, { only: args.only, expected });
  console.log(`\nScores written to ${scoresFile(ROOT)}`);
  for (const failure of failures) console.error(failure);
  if (failures.length > 0) process.exitCode = 1;
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  });
}
