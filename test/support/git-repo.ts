/**
 * Real git repositories for the launcher tests: a bare "origin" and a clone holding this
 * repository's Pulumi.yaml, Pulumi.<tier>.yaml files and environments/ (optionally changed), with
 * origin's URL written as a GitHub URL that git rewrites (`url.<path>.insteadOf`) to the bare
 * repository, as a real clone of the studio's repository would have it. Git runs without the
 * machine's global or system config, so no identity or setting leaks in.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import type { EnvironmentSettings } from "../../stacks/environment-settings";
import type { TierName } from "../../stacks/tier";

/**
 * This repository's root. (test/harness.ts has it too, but importing the harness loads the whole
 * platform program; the launcher tests need none of it.)
 */
export const ROOT = resolve(__dirname, "..", "..");

/** The GitHub repository the test clones say they are. */
export const TEST_REMOTE_URL = "https://github.com/studio/game-infra.git";

/** The platform files a clone needs for the registry check and the launcher. */
const SEEDED = ["Pulumi.yaml", "Pulumi.dev.yaml", "Pulumi.qa.yaml", "Pulumi.stage.yaml", "environments"];

/** A bare origin and a clone of it. */
export interface TestRepo {
  /** The temporary folder holding everything. */
  readonly dir: string;
  /** The bare repository. */
  readonly origin: string;
  /** The clone the launcher works in. */
  readonly root: string;
  /** Runs git (in the clone unless `cwd` says otherwise) and returns its output, trimmed. */
  git(args: readonly string[], cwd?: string): string;
  /** Another clone of origin (another person's checkout). */
  clone(name: string): string;
  /** Writes a file in a clone (`null` removes it). */
  write(path: string, text: string | null, cwd?: string): void;
  /** A digest of the clone: every file outside .git, the index and HEAD. */
  treeHash(cwd?: string): string;
  /** A file of main as the bare origin has it, or undefined. */
  originFile(path: string, ref?: string): string | undefined;
  remove(): void;
}

let isolated = false;
/** Seeded bare repositories by file set, removed when the test process ends. */
const templates = new Map<string, string>();
process.on("exit", () => {
  for (const template of templates.values()) rmSync(template, { recursive: true, force: true });
});

/** Keeps the machine's git config out of every git the tests (and the code under test) run. */
function isolateGit(dir: string): void {
  if (isolated) return;
  isolated = true;
  const config = join(dir, "..", `launcher-test-gitconfig-${process.pid}`);
  writeFileSync(config, "");
  process.on("exit", () => rmSync(config, { force: true }));
  process.env.GIT_CONFIG_GLOBAL = config;
  process.env.GIT_CONFIG_NOSYSTEM = "1";
  delete process.env.GIT_AUTHOR_NAME;
  delete process.env.GIT_AUTHOR_EMAIL;
  delete process.env.GIT_COMMITTER_NAME;
  delete process.env.GIT_COMMITTER_EMAIL;
}

/**
 * Creates origin and a clone whose first commit is this repository's platform files and registry,
 * with `files` (repository-relative path to text, or null to leave a file out) applied on top.
 */
export function createTestRepo(files: Readonly<Record<string, string | null>> = {}): TestRepo {
  const dir = mkdtempSync(join(tmpdir(), "launcher-test-"));
  isolateGit(dir);
  const origin = join(dir, "origin.git");
  const git = (args: readonly string[], cwd: string): string =>
    execFileSync("git", [...args], { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();

  // The seeded origin is built once per file set and copied: a copy costs no git process.
  const key = JSON.stringify(Object.entries(files).sort(([a], [b]) => a.localeCompare(b)));
  let template = templates.get(key);
  if (!template) {
    template = mkdtempSync(join(tmpdir(), "launcher-template-"));
    const seed = join(template, "seed");
    const bare = join(template, "origin.git");
    git(["init", "--quiet", "--bare", "--initial-branch=main", bare], template);
    mkdirSync(seed);
    for (const entry of SEEDED) cpSync(join(ROOT, entry), join(seed, entry), { recursive: true });
    for (const [path, text] of Object.entries(files)) {
      if (text === null) rmSync(join(seed, path), { force: true });
      else {
        mkdirSync(dirname(join(seed, path)), { recursive: true });
        writeFileSync(join(seed, path), text);
      }
    }
    git(["init", "--quiet", "--initial-branch=main"], seed);
    git(["add", "--all"], seed);
    git(
      [
        "-c",
        "user.name=seed",
        "-c",
        "user.email=seed@studio.example",
        "commit",
        "--quiet",
        "-m",
        "seed the registry",
      ],
      seed,
    );
    git(["push", "--quiet", bare, "HEAD:main"], seed);
    templates.set(key, template);
  }
  cpSync(join(template, "origin.git"), origin, { recursive: true });

  const clone = (name: string): string => {
    const path = join(dir, name);
    git(["clone", "--quiet", origin, path], dir);
    // origin is written as the GitHub URL; git rewrites it to the bare repository.
    git(["config", `url.${origin}.insteadOf`, TEST_REMOTE_URL], path);
    git(["remote", "set-url", "origin", TEST_REMOTE_URL], path);
    return path;
  };
  const root = clone("work");

  return {
    dir,
    origin,
    root,
    git: (args, cwd = root) => git(args, cwd),
    clone,
    write(path, text, cwd = root) {
      const full = join(cwd, path);
      if (text === null) rmSync(full, { force: true });
      else {
        mkdirSync(dirname(full), { recursive: true });
        writeFileSync(full, text);
      }
    },
    treeHash(cwd = root) {
      const hash = createHash("sha256");
      const walk = (folder: string): void => {
        for (const entry of readdirSync(folder).sort()) {
          if (entry === ".git") continue;
          const full = join(folder, entry);
          if (statSync(full).isDirectory()) walk(full);
          else
            hash
              .update(`${relative(cwd, full)}\0`)
              .update(readFileSync(full))
              .update("\0");
        }
      };
      walk(cwd);
      hash.update(git(["rev-parse", "HEAD"], cwd)).update(git(["status", "--porcelain"], cwd));
      return hash.digest("hex");
    },
    originFile(path, ref = "main") {
      try {
        return execFileSync("git", ["show", `${ref}:${path}`], {
          cwd: origin,
          encoding: "utf8",
          stdio: ["ignore", "pipe", "pipe"],
        });
      } catch {
        return undefined;
      }
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const settingsCache = new Map<TierName, Promise<EnvironmentSettings>>();

/**
 * The tier's platform settings, computed once per test process from this repository's stack files
 * (the test clones carry the same files, so the result is the same for them).
 */
export function testSettings(_root: string, tier: TierName): Promise<EnvironmentSettings> {
  let found = settingsCache.get(tier);
  if (!found) {
    // Loaded here: it loads the Pulumi runtime, which tests without settings need not wait for. A
    // require, not import(): `npm run mutate` runs suites under tsx's CommonJS hook only
    // (stryker.config.mjs), which does not resolve a dynamic import() of a TypeScript file.
    found = Promise.resolve().then(() => {
      type Module = typeof import("../../tools/envs/platform-settings");
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const m = require("../../tools/envs/platform-settings") as Module;
      return m.platformSettings(ROOT, tier);
    });
    settingsCache.set(tier, found);
  }
  return found;
}
