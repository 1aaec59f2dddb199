// @ts-check
/**
 * StrykerJS options shared by every folder's mutation run (docs/mutation.md).
 *
 * Run it through `npm run mutate [-- <folder>...]` (tools/mutate.ts): that sets, per folder, the
 * files to mutate, the test files that may kill them (tools/mutate-folders.ts) and where the
 * reports go. `npx stryker run` alone mutates nothing, on purpose: with no test selection it would
 * run every suite, browser and git ones included, for every mutant.
 *
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  mutate: [],
  testRunner: "tap",
  plugins: ["@stryker-mutator/tap-runner"],
  tap: {
    // Each test file runs in its own node process under node's test runner, TypeScript loaded by
    // tsx; the runner's hook ({{hookFile}}) records which mutants each file reaches. tsx's CommonJS
    // hook (`tsx/cjs`) rather than `--import tsx` as in `npm test`: the repository compiles to
    // CommonJS, and the ESM loader's worker thread cost 0.3-0.4 s of CPU per process, most of a
    // small suite's run, paid once per mutant (measured with /usr/bin/time, docs/mutation.md).
    nodeArgs: ["--require", "tsx/cjs", "--test-reporter=tap", "-r", "{{hookFile}}", "{{testFile}}"],
    testFiles: [],
    forceBail: true,
  },
  // The tap runner measures coverage per test file: a mutant runs only the files that reached it.
  coverageAnalysis: "perTest",
  // The machines this runs on are shared: one mutant at a time unless the caller asks for more.
  concurrency: 1,
  // A test file takes 0.3-3 s, most of it loading modules; a mutant that makes a loop endless is
  // stopped after its file's normal time times 1.5 plus this margin. 5 s is several times a suite's
  // run even on a loaded machine; a larger margin made the CEL parser's endless-loop mutants cost
  // 15 s each, most of a run's time (docs/mutation.md).
  timeoutMS: 5000,
  timeoutFactor: 1.5,
  // Only the repository's sources and data are copied into the sandbox; reports and temporary
  // output of other tools stay out.
  ignorePatterns: ["reports", ".plan-tmp", ".envs-logs", "bin", ".stryker-tmp"],
  // tsx strips types without checking them, so a mutant that breaks a type still runs; the
  // instrumenter's `// @ts-nocheck` header is what `disableTypeChecks` adds for tsc-based setups.
  disableTypeChecks: "{lib,stacks,tools,policy,test}/**/*.ts",
  reporters: ["clear-text", "progress", "html", "json"],
  clearTextReporter: { allowColor: false, logTests: false, maxTestsToLog: 0 },
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
  // The score gate is tools/mutate-score.ts (per folder and from the JSON report), not Stryker's.
  thresholds: { high: 90, low: 80, break: null },
};
