/**
 * `npm run mutate`'s own logic (docs/mutation.md): the command line, the score of a Stryker JSON
 * report per folder and sub-folder, the table it prints, the threshold gate, and the folder table
 * (tools/mutate-folders.ts) that decides which test files may kill mutants. Nothing here starts
 * Stryker; every expectation is written out by hand.
 */
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { after, describe, it } from "node:test";
import { parseMutateArgs, strykerOptions } from "../tools/mutate";
import { MUTATION_FOLDERS, mutationFolder, type MutationFolder } from "../tools/mutate-folders";
import {
  formatScoreTable,
  mutationScore,
  printScores,
  reportDirectory,
  reportScores,
  scoresFile,
  scoreRows,
  thresholdFailure,
  type MutantStatus,
  type MutationReport,
} from "../tools/mutate-score";

const ROOT = resolve(__dirname, "..");

/** A report whose files hold mutants with these statuses. */
function report(files: Record<string, readonly MutantStatus[]>): MutationReport {
  return {
    files: Object.fromEntries(
      Object.entries(files).map(([file, statuses]) => [
        file,
        {
          mutants: statuses.map((status, i) => ({
            status,
            mutatorName: "EqualityOperator",
            location: { start: { line: i + 1, column: 1 } },
          })),
        },
      ]),
    ),
  };
}

const folder = (name: string, threshold: number): MutationFolder => ({
  name,
  mutate: [`${name}/**/*.ts`],
  testFiles: [],
  threshold,
});

describe("mutation score", () => {
  it("is detected (killed + timed out) over detected plus survived and uncovered, in percent", () => {
    assert.equal(mutationScore({ killed: 3, timeout: 1, survived: 1, noCoverage: 0 }), 80);
    assert.equal(mutationScore({ killed: 1, timeout: 0, survived: 0, noCoverage: 1 }), 50);
    assert.equal(mutationScore({ killed: 0, timeout: 2, survived: 0, noCoverage: 0 }), 100);
    assert.equal(mutationScore({ killed: 0, timeout: 0, survived: 4, noCoverage: 1 }), 0);
  });

  it("rounds down to two decimals, so 79.999 % never shows as 80 %", () => {
    assert.equal(mutationScore({ killed: 2, timeout: 0, survived: 1, noCoverage: 0 }), 66.66);
    assert.equal(mutationScore({ killed: 79999, timeout: 0, survived: 20001, noCoverage: 0 }), 79.99);
  });

  it("has no score when no mutant counts", () => {
    assert.equal(mutationScore({ killed: 0, timeout: 0, survived: 0, noCoverage: 0 }), undefined);
  });
});

describe("score rows of a report", () => {
  it("counts the whole folder first, then each sub-folder, sorted, compile errors and ignored apart", () => {
    const rows = scoreRows(
      "lib",
      report({
        "lib/cidr.ts": ["Killed", "Killed", "Survived", "CompileError"],
        "lib/environment/name.ts": ["Killed", "Timeout", "NoCoverage", "Ignored"],
        "lib/environment/quota.ts": ["Survived"],
        "lib/crd-schema/cel.ts": ["Killed", "RuntimeError"],
      }),
    );
    assert.deepEqual(rows, [
      { folder: "lib", killed: 4, timeout: 1, survived: 2, noCoverage: 1, excluded: 3, score: 62.5 },
      {
        folder: "lib/crd-schema",
        killed: 1,
        timeout: 0,
        survived: 0,
        noCoverage: 0,
        excluded: 1,
        score: 100,
      },
      {
        folder: "lib/environment",
        killed: 1,
        timeout: 1,
        survived: 1,
        noCoverage: 1,
        excluded: 1,
        score: 50,
      },
    ]);
  });

  it("takes Windows separators and a folder with a slash in its name", () => {
    const rows = scoreRows(
      "tools/plan",
      report({ "tools\\plan\\diff.ts": ["Killed"], "tools/plan/sub/x.ts": ["Survived"] }),
    );
    assert.deepEqual(
      rows.map((r) => [r.folder, r.score]),
      [
        ["tools/plan", 50],
        ["tools/plan/sub", 0],
      ],
    );
  });

  it("gives an empty report one row with no score", () => {
    assert.deepEqual(scoreRows("stacks", report({})), [
      { folder: "stacks", killed: 0, timeout: 0, survived: 0, noCoverage: 0, excluded: 0, score: undefined },
    ]);
  });
});

describe("score table", () => {
  it("pads the folder to the left and the numbers to the right", () => {
    const table = formatScoreTable([
      { folder: "lib", killed: 4, timeout: 1, survived: 2, noCoverage: 1, excluded: 3, score: 62.5 },
      {
        folder: "lib/environment",
        killed: 12,
        timeout: 0,
        survived: 0,
        noCoverage: 0,
        excluded: 0,
        score: 100,
      },
      { folder: "lib/x", killed: 0, timeout: 0, survived: 0, noCoverage: 0, excluded: 2, score: undefined },
    ]);
    assert.equal(
      table,
      [
        "folder              score  killed  timeout  survived  no cov  excluded",
        "lib               62.50 %       4        1         2       1         3",
        "lib/environment  100.00 %      12        0         0       0         0",
        "lib/x                 n/a       0        0         0       0         2",
      ].join("\n"),
    );
  });
});

describe("threshold gate", () => {
  it("passes a score at or above the threshold and fails one just under it", () => {
    assert.equal(thresholdFailure(folder("lib", 80), 80), undefined);
    assert.equal(thresholdFailure(folder("lib", 80), 93.1), undefined);
    assert.equal(
      thresholdFailure(folder("lib", 80), 79.99),
      "lib: mutation score 79.99 % is under its threshold of 80 %",
    );
    assert.equal(thresholdFailure(folder("policy", 0), 0), undefined);
  });

  it("fails a folder with no score rather than passing it", () => {
    assert.equal(
      thresholdFailure(folder("stacks", 0), undefined),
      "stacks: no mutant counted, so there is no score to judge",
    );
  });

  it("prints each folder's table from its report and returns the failures, a missing report included", () => {
    const root = mkdtempSync(join(tmpdir(), "mutate-score-"));
    after(() => rmSync(root, { recursive: true, force: true }));
    const write = (name: string, statuses: Record<string, readonly MutantStatus[]>) => {
      const file = join(root, "reports", "mutation", name, "mutation.json");
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify(report(statuses)));
    };
    write("lib", { "lib/a.ts": ["Killed", "Killed", "Killed", "Survived"] });
    write("tools-plan", { "tools/plan/a.ts": ["Killed", "Survived"] });
    const lines: string[] = [];
    const failures = printScores(
      root,
      [folder("lib", 80), folder("tools/plan", 60), folder("stacks", 80)],
      (line) => lines.push(line),
    );
    assert.deepEqual(failures, [
      "lib: mutation score 75.00 % is under its threshold of 80 %",
      "tools/plan: mutation score 50.00 % is under its threshold of 60 %",
      `stacks: no report at ${join(root, "reports", "mutation", "stacks", "mutation.json")} (run npm run mutate -- stacks)`,
    ]);
    assert.equal(
      lines[0],
      [
        "",
        "Mutation score of lib/ (threshold 80 %):",
        "folder    score  killed  timeout  survived  no cov  excluded",
        "lib     75.00 %       3        0         1       0         0",
      ].join("\n"),
    );
    assert.equal(lines.length, 2);
  });
});

describe("the scores file", () => {
  const root = mkdtempSync(join(tmpdir(), "mutate-scores-"));
  after(() => rmSync(root, { recursive: true, force: true }));
  const file = join(root, "reports", "mutation", "stacks", "mutation.json");
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(
    file,
    JSON.stringify(report({ "stacks/rules.ts": ["Killed", "Killed", "Killed", "Killed", "Survived"] })),
  );
  const now = new Date("2026-12-01T23:40:00Z");

  it("holds when and what was measured, each table, and the verdict", () => {
    const printed: string[] = [];
    const failures = reportScores(root, [folder("stacks", 80)], { now, log: (l) => printed.push(l) });
    assert.deepEqual(failures, []);
    assert.equal(scoresFile(root), join(root, "reports", "mutation", "scores.txt"));
    assert.equal(
      readFileSync(scoresFile(root), "utf8"),
      [
        "npm run mutate, 2026-12-01T23:40:00.000Z (folders: stacks)",
        "",
        "Mutation score of stacks/ (threshold 80 %):",
        "folder    score  killed  timeout  survived  no cov  excluded",
        "stacks  80.00 %       4        0         1       0         0",
        "",
        "PASSED: every folder at or above its threshold",
        "",
      ].join("\n"),
    );
    assert.equal(printed.length, 1, "the table is printed as well");
  });

  it("says a run was partial, and lists the failures", () => {
    const failures = reportScores(root, [folder("stacks", 81)], {
      now,
      only: ["stacks/rules.ts"],
      log: () => {},
    });
    assert.deepEqual(failures, ["stacks: mutation score 80.00 % is under its threshold of 81 %"]);
    const text = readFileSync(scoresFile(root), "utf8");
    assert.match(text, /^npm run mutate, 2026-12-01T23:40:00.000Z \(partial: only stacks\/rules\.ts\)\n/);
    assert.match(text, /\n\nFAILED:\nstacks: mutation score 80\.00 % is under its threshold of 81 %\n$/);
  });
});

describe("npm run mutate arguments", () => {
  it("runs every folder by default, in the table's order, one mutant at a time unless told", () => {
    const args = parseMutateArgs([]);
    assert.deepEqual(
      args.folders.map((f) => f.name),
      ["lib", "stacks", "tools/plan", "policy"],
    );
    assert.equal(args.concurrency, undefined);
    assert.equal(args.incremental, false);
    assert.deepEqual(args.only, []);
  });

  it("takes folder names (a trailing slash too), --concurrency, --incremental and --mutate", () => {
    const args = parseMutateArgs([
      "stacks/",
      "--concurrency",
      "2",
      "--incremental",
      "--mutate",
      "stacks/rules.ts",
    ]);
    assert.deepEqual(
      args.folders.map((f) => f.name),
      ["stacks"],
    );
    assert.equal(args.concurrency, 2);
    assert.equal(args.incremental, true);
    assert.deepEqual(args.only, ["stacks/rules.ts"]);
  });

  it("refuses an unknown folder or option and a concurrency that is not a whole number of 1 or more", () => {
    assert.throws(
      () => parseMutateArgs(["components"]),
      /^Error: unknown folder "components": npm run mutate takes lib, stacks, tools\/plan, policy\nusage: npm run mutate/,
    );
    assert.throws(() => parseMutateArgs(["--fast"]), /^Error: unknown option --fast\nusage:/);
    for (const bad of [
      ["--concurrency"],
      ["--concurrency", "0"],
      ["--concurrency", "1.5"],
      ["--concurrency", "-1"],
    ]) {
      assert.throws(
        () => parseMutateArgs(bad),
        /^Error: --concurrency takes a whole number of 1 or more, not /,
        bad.join(" "),
      );
    }
    assert.doesNotThrow(() => parseMutateArgs(["--concurrency", "1"]));
  });

  it("takes --mutate only with one folder and only for files inside it", () => {
    assert.throws(
      () => parseMutateArgs(["--mutate", "lib/cidr.ts"]),
      /^Error: --mutate needs exactly one folder, not 4\n/,
    );
    assert.throws(
      () => parseMutateArgs(["lib", "stacks", "--mutate", "lib/cidr.ts"]),
      /^Error: --mutate needs exactly one folder, not 2\n/,
    );
    assert.throws(
      () => parseMutateArgs(["lib", "--mutate", "stacks/rules.ts"]),
      /^Error: --mutate stacks\/rules\.ts: not inside lib\/\n/,
    );
    assert.throws(
      () => parseMutateArgs(["lib", "--mutate", "lib/../stacks/rules.ts"]),
      /^Error: --mutate lib\/\.\.\/stacks\/rules\.ts: not inside lib\/\n/,
    );
    assert.throws(
      () => parseMutateArgs(["lib", "--mutate", "lib/*.ts", "--mutate", "!stacks/rules.ts"]),
      /^Error: --mutate !stacks\/rules\.ts: not inside lib\/\n/,
    );
    assert.throws(
      () => parseMutateArgs(["lib", "--mutate", "!lib/cidr.ts"]),
      /^Error: --mutate !lib\/cidr\.ts: only leaves files out; give a glob of files to mutate as well\n/,
    );
    assert.deepEqual(parseMutateArgs(["lib", "--mutate", "lib/*.ts", "--mutate", "!lib/cidr.ts"]).only, [
      "lib/*.ts",
      "!lib/cidr.ts",
    ]);
    assert.throws(
      () => parseMutateArgs(["lib", "--mutate"]),
      /^Error: --mutate takes a file glob, not nothing\n/,
    );
    assert.throws(
      () => parseMutateArgs(["lib", "--mutate", "--incremental"]),
      /^Error: --mutate takes a file glob, not --incremental\n/,
    );
  });
});

describe("Stryker options per folder", () => {
  const plan = mutationFolder("tools/plan");

  it("mutates the folder's globs, runs its test files and writes its reports under reports/mutation/<folder>", () => {
    const options = strykerOptions("/repo", plan, parseMutateArgs(["tools/plan"]));
    assert.deepEqual(options.mutate, plan.mutate);
    assert.deepEqual(options.tap, { testFiles: plan.testFiles });
    assert.deepEqual(options.htmlReporter, { fileName: "/repo/reports/mutation/tools-plan/index.html" });
    assert.deepEqual(options.jsonReporter, { fileName: "/repo/reports/mutation/tools-plan/mutation.json" });
    assert.equal(options.incrementalFile, "/repo/reports/mutation/tools-plan/stryker-incremental.json");
    assert.equal(options.configFile, "/repo/stryker.config.mjs");
    assert.equal(options.incremental, false);
    assert.equal("concurrency" in options, false, "stryker.config.mjs's concurrency stays");
    assert.equal(reportDirectory("/repo", plan), "/repo/reports/mutation/tools-plan");
  });

  it("with --mutate, replaces what the folder includes but keeps what it excludes", () => {
    const options = strykerOptions(
      "/repo",
      plan,
      parseMutateArgs([
        "tools/plan",
        "--mutate",
        "tools/plan/diff.ts",
        "--concurrency",
        "2",
        "--incremental",
      ]),
    );
    assert.deepEqual(options.mutate, [
      "tools/plan/diff.ts",
      "!tools/plan/build.ts",
      "!tools/plan/build-environment.ts",
      "!tools/plan/base-plan.ts",
      "!tools/plan/run-command.ts",
      "!tools/plan/k8s-validate.ts",
    ]);
    assert.equal(options.concurrency, 2);
    assert.equal(options.incremental, true);
  });
});

describe("the folder table", () => {
  it("holds lib/ and stacks/ to at least 80 %", () => {
    assert.deepEqual(
      MUTATION_FOLDERS.map((f) => [f.name, f.threshold >= 80]),
      [
        ["lib", true],
        ["stacks", true],
        ["tools/plan", false],
        ["policy", false],
      ],
    );
  });

  it("mutates only files inside each folder", () => {
    for (const f of MUTATION_FOLDERS) {
      for (const glob of f.mutate) {
        const path = glob.replace(/^!/, "");
        assert.ok(
          path.startsWith(`${f.name}/`) || (f.name === "policy" && path.startsWith("policy/")),
          `${f.name}: ${glob}`,
        );
        if (!glob.startsWith("!") && !glob.includes("*")) assert.ok(existsSync(join(ROOT, path)), glob);
      }
    }
  });

  it("lists only test files that exist, once each", () => {
    for (const f of MUTATION_FOLDERS) {
      assert.ok(f.testFiles.length > 0, `${f.name} has test files`);
      assert.equal(new Set(f.testFiles).size, f.testFiles.length, `${f.name}: no file twice`);
      for (const file of f.testFiles) {
        assert.match(file, /^(test|policy\/test)\/[\w-]+\.test\.ts$/, `${f.name}: ${file}`);
        assert.ok(existsSync(join(ROOT, file)), `${f.name}: ${file} exists`);
      }
    }
  });

  it("lists no test file that starts a browser, spawns a CLI or runs the Pulumi mock runtime", () => {
    for (const f of MUTATION_FOLDERS) {
      for (const file of f.testFiles) {
        for (const [source, text] of testSources(file)) {
          const why = forbidden(text, source);
          assert.equal(why, undefined, `${f.name}: ${file} (through ${source}): ${why}`);
        }
      }
    }
  });

  it("recognises what it forbids", () => {
    assert.equal(forbidden('import { chromium } from "playwright-core";'), "starts a browser");
    assert.equal(forbidden('import { runStack } from "./harness";'), "runs the Pulumi mock runtime");
    assert.equal(
      forbidden('import { ROOT } from "../harness";', "test/support/x.ts"),
      "runs the Pulumi mock runtime",
    );
    // policy/test/harness.ts runs policies over literal resources, not the Pulumi program.
    assert.equal(
      forbidden('import { registerCases } from "../harness";', "policy/test/suites/x.ts"),
      undefined,
    );
    assert.equal(forbidden('import type { RecordedResource } from "../harness";'), undefined);
    assert.equal(forbidden('spawnSync(process.execPath, ["--import", "tsx", SCRIPT])'), "spawns a CLI");
    assert.equal(forbidden('spawn("npm", ["run", "plan"])'), "spawns a CLI");
    assert.equal(forbidden('execFileSync("npx", ["tsx", "tools/envs.ts"])'), "spawns a CLI");
    assert.equal(forbidden('spawnSync("bash", ["-c", BOOTSTRAP_SCRIPT])'), undefined);
    assert.equal(forbidden('import { databaseName } from "../lib/data-access";'), undefined);
  });
});

/**
 * Why a test source (at `path`, repository-relative) may not kill mutants, or `undefined`. The Pulumi
 * mock runtime is test/harness.ts; a type-only import of it is erased and loads nothing.
 */
function forbidden(text: string, path = "test/x.test.ts"): string | undefined {
  if (/from "playwright(-core)?"/.test(text)) return "starts a browser";
  for (const [, spec] of text.matchAll(/^import (?!type )[^;]*from "(\.[^"]*)"/gm)) {
    if (join(dirname(path), spec!) === "test/harness") return "runs the Pulumi mock runtime";
  }
  if (/\b(spawn|spawnSync|execFile|execFileSync)\(\s*(process\.execPath|"(npm|npx|tsx|node)")/.test(text)) {
    return "spawns a CLI";
  }
  return undefined;
}

/** A test file's text and that of every test helper it imports (relative imports inside test folders). */
function testSources(file: string): Map<string, string> {
  const seen = new Map<string, string>();
  const visit = (path: string) => {
    if (seen.has(path)) return;
    const text = readFileSync(join(ROOT, path), "utf8");
    seen.set(path, text);
    for (const [, spec] of text.matchAll(/(?:from|import) "(\.[^"]+)"/g)) {
      const target = join(dirname(path), spec!);
      if (!/^(test|policy\/test)\//.test(target)) continue;
      const resolved = [`${target}.ts`, `${target}/index.ts`, target].find(
        (p) => p.endsWith(".ts") && existsSync(join(ROOT, p)),
      );
      if (resolved) visit(resolved);
    }
  };
  visit(file);
  return seen;
}
