/**
 * `npm run test:unit`: node's test runner over every test file, with the files grouped into a few
 * processes instead of one process each. Every process pays ~2.5 s of CPU to load the Pulumi SDKs
 * (and tsx's transpiler) before its first test; with 80+ test files that alone was minutes on a
 * 2-core machine. Each group is one generated entry file that imports its test files, so node's test
 * runner still reports every test (nested under its group) and fails the run when any fails.
 *
 * `npm run test:unit -- test/<name>.test.ts ...` runs just those files, each in its own process.
 * `--suite=e2e` runs the end-to-end suites (E2E_FILES) instead of the rest, `--suite=all` both.
 * GROUPS (default 3) sets how many processes; TEST_FILES_PER_PROCESS=1 restores one file per process.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";

const ROOT = resolve(__dirname, "..");

/**
 * Test files known to spend most of their time in child processes or a browser: each gets a group of
 * its own share so the groups end about together (weights are rough CPU-seconds, measured once).
 */
const WEIGHTS: Readonly<Record<string, number>> = {
  // npm test's heaviest files (seconds in a fresh-clone run, 2026-12-02; the rest count 2).
  "test/launcher-web.test.ts": 39,
  "test/cluster.test.ts": 17,
  "test/cluster-creator.test.ts": 16,
  "test/config.test.ts": 15,
  "test/bench-replay.test.ts": 14,
  "test/ci-runners.test.ts": 14,
  "test/migration.test.ts": 12,
  "test/policy-plans.test.ts": 9,
  "test/launcher-component.test.ts": 7,
  "test/karpenter-policy.test.ts": 7,
  "test/stack-files.test.ts": 6,
  "test/kubernetes-schema.test.ts": 6,
  "test/shared-logging.test.ts": 6,
  "test/data-stores.test.ts": 6,
  "test/launcher-history.test.ts": 6,
  "test/environment-stack.test.ts": 6,
  "test/cluster-readiness.test.ts": 6,
  "test/launcher-web-api.test.ts": 5,
  // The end-to-end suites (npm run test:e2e).
  "test/plan-cli.test.ts": 60,
  "test/envs-cli.test.ts": 35,
  "test/entrypoint.test.ts": 35,
  "test/launcher-web-writes.test.ts": 30,
  "test/launcher-cli.test.ts": 25,
  "test/plan-review.test.ts": 25,
  "test/environment-isolation.test.ts": 13,
  "test/launcher-publish.test.ts": 13,
  "test/bench-targets.test.ts": 10,
};

/**
 * End-to-end suites: each drives the real command lines in child processes (`npm run plan`, `npm run
 * envs` in a clone, `npm run bench`, the Pulumi entry points, `--push` to a bare Git remote).
 * The launcher's operations through its command line and through HTTP against real Git clones, the
 * policy runner's command line, the scenarios that plan a whole tier several times over
 * (environment isolation, review of a tier change, the migration guide's steps) and the benchmark's
 * baseline replay are end-to-end too. Together they take longer than the rest of the tests, so `npm test` leaves them to
 * `npm run test:e2e`; CI (.ci/run, pull-request.yml) runs both. The launcher's browser tests
 * (test/launcher-web.test.ts) stay in `npm test`.
 */
export const E2E_FILES: readonly string[] = [
  "test/bench-replay.test.ts",
  "test/bench-targets.test.ts",
  "test/cost-cli.test.ts",
  "test/entrypoint.test.ts",
  "test/environment-isolation.test.ts",
  "test/envs-cli.test.ts",
  "test/launcher-cli.test.ts",
  "test/launcher-expire.test.ts",
  "test/launcher-publish.test.ts",
  "test/launcher-web-writes.test.ts",
  "test/migration.test.ts",
  "test/plan-cli.test.ts",
  "test/plan-review.test.ts",
  "policy/test/cli.test.ts",
];

/** Every `*.test.ts` under `dir` (recursively), repository-relative, sorted. */
function testFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d)) {
      if (entry === "node_modules" || entry === "fixtures") continue;
      const full = join(d, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (entry.endsWith(".test.ts")) found.push(relative(ROOT, full));
    }
  };
  walk(join(ROOT, dir));
  return found.sort();
}

/** Splits files into `count` groups of about equal weight (heaviest first into the lightest group). */
export function groupFiles(files: readonly string[], count: number): string[][] {
  const groups = Array.from({ length: count }, () => ({ weight: 0, files: [] as string[] }));
  const weighted = files
    .map((file) => ({ file, weight: WEIGHTS[file] ?? 2 }))
    .sort((a, b) => b.weight - a.weight || a.file.localeCompare(b.file));
  for (const { file, weight } of weighted) {
    const lightest = groups.reduce((a, b) => (b.weight < a.weight ? b : a));
    lightest.files.push(file);
    lightest.weight += weight;
  }
  return groups.map((g) => g.files.sort()).filter((g) => g.length > 0);
}

/** The test files of a suite: `unit` (all but the end-to-end ones), `e2e`, or `all`. */
export function suiteFiles(suite: "unit" | "e2e" | "all", all: readonly string[]): string[] {
  if (suite === "all") return [...all];
  const e2e = new Set(E2E_FILES);
  return all.filter((f) => e2e.has(f) === (suite === "e2e"));
}

function main(args: readonly string[]): number {
  const node = [process.execPath, "--import", "tsx", "--test"];
  const suiteFlag = args.find((a) => a.startsWith("--suite="));
  const suite = (suiteFlag?.slice("--suite=".length) ?? "unit") as "unit" | "e2e" | "all";
  if (!["unit", "e2e", "all"].includes(suite)) {
    process.stderr.write(`test: --suite must be unit, e2e or all (got "${suite}")\n`);
    return 2;
  }
  const argv = args.filter((a) => a !== suiteFlag);
  const found = [...testFiles("test"), ...testFiles("policy/test")];
  const missing = E2E_FILES.filter((f) => !found.includes(f));
  if (missing.length > 0) {
    process.stderr.write(`test: E2E_FILES names files that do not exist: ${missing.join(", ")}\n`);
    return 2;
  }
  if (argv.length > 0 || process.env.TEST_FILES_PER_PROCESS === "1") {
    const files = argv.length > 0 ? [...argv] : suiteFiles(suite, found);
    return (
      spawnSync(node[0]!, [...node.slice(1), "--test-concurrency=2", ...files], {
        cwd: ROOT,
        stdio: "inherit",
      }).status ?? 1
    );
  }
  const groups = groupFiles(suiteFiles(suite, found), Number(process.env.GROUPS ?? "3"));
  const dir = mkdtempSync(join(tmpdir(), "test-groups-"));
  try {
    const entries = groups.map((files, i) => {
      const entry = join(dir, `group-${i + 1}.test.mjs`);
      writeFileSync(entry, files.map((f) => `import ${JSON.stringify(join(ROOT, f))};`).join("\n") + "\n");
      return entry;
    });
    return (
      spawnSync(node[0]!, [...node.slice(1), `--test-concurrency=${groups.length}`, ...entries], {
        cwd: ROOT,
        stdio: "inherit",
      }).status ?? 1
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
