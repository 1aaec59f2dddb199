/**
 * A real, throw-away registry repository for the launcher's tests: a bare `origin.git` (what the
 * studio's Git host would be) and the launcher's own clone of it. The clone has this repository's
 * Pulumi project and stack files (the platform settings the registry is judged against) and a
 * small registry written here, so the tests never depend on the committed environments.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatEnvironmentFile } from "../../stacks/registry-format";
import type { EnvironmentFile } from "../../stacks/registry-schema";

/** The day the tests run on (every date in the fixture is relative to it). */
export const TEST_TODAY = "2026-12-01";

/** The fixture's dev environments. */
export const DEV1: EnvironmentFile = {
  owner: "mina.park@studio.example",
  team: "server",
  purpose: "Shared integration environment for the server team's main branch",
  version: "1.42.0",
  gameDataVersion: "gd-2026.11.3",
  resourceVersion: "res-2026.11.1",
  redisDb: 1,
  created: "2026-11-20",
  expires: "2026-12-20",
};

export const DEV2: EnvironmentFile = {
  owner: "jonas.berg@studio.example",
  team: "balance",
  purpose: "Balance data for the <winter> event & friends",
  version: "1.42.0",
  gameDataVersion: "gd-2026.12.0-winter",
  resourceVersion: "res-2026.11.1",
  redisDb: 2,
  created: "2026-11-02",
  expires: "2026-12-03",
};

export const STAGE: EnvironmentFile = {
  owner: "release-managers@studio.example",
  team: "release",
  purpose: "Release candidate",
  version: "1.42.0",
  gameDataVersion: "gd-2026.11.3",
  resourceVersion: "res-2026.11.1",
  redisDb: 1,
  created: "2026-06-01",
};

const DEFAULTS = (tier: string) =>
  [
    `# Defaults for environments launched on ${tier}.`,
    `gameDataVersion: "gd-2026.11.3"`,
    `resourceVersion: "res-2026.11.1"`,
    `compareUrl: "https://github.com/studio/game-server/compare/{from}...{to}"`,
    "",
  ].join("\n");

/** The repository's root (Pulumi.yaml and the stack files are copied from it). */
const PROJECT_ROOT = join(__dirname, "..", "..");

/** A temporary origin and the launcher's clone of it. */
export interface LauncherRepo {
  readonly dir: string;
  /** The bare repository standing in for the Git host. */
  readonly origin: string;
  /** The launcher's working clone. */
  readonly clone: string;
  /** git in `cwd` (default: the clone); returns stdout. */
  git(args: readonly string[], cwd?: string): string;
  /** git on the origin. */
  originGit(args: readonly string[]): string;
  /** Pushes a commit to origin from a second clone, as another person would. */
  pushAsSomeoneElse(path: string, text: string, message: string): string;
  remove(): void;
}

const GIT_ENV = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_AUTHOR_NAME: "fixture",
  GIT_AUTHOR_EMAIL: "fixture@studio.example",
  GIT_COMMITTER_NAME: "fixture",
  GIT_COMMITTER_EMAIL: "fixture@studio.example",
};

function run(args: readonly string[], cwd: string): string {
  return execFileSync("git", [...args], {
    cwd,
    env: GIT_ENV,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** Builds the origin and the launcher's clone; `withRemote: false` leaves the clone without one. */
export function makeLauncherRepo(
  options: {
    withRemote?: boolean;
    /** A price table to commit as upstream/aws-prices/eu-west-1.json (the list's cost column). */
    prices?: string;
  } = {},
): LauncherRepo {
  const dir = mkdtempSync(join(tmpdir(), "launcher-web-"));
  const seed = join(dir, "seed");
  const origin = join(dir, "origin.git");
  const clone = join(dir, "clone");
  mkdirSync(seed);
  run(["init", "--quiet", "-b", "main"], seed);
  for (const file of ["Pulumi.yaml", "Pulumi.dev.yaml", "Pulumi.qa.yaml", "Pulumi.stage.yaml"]) {
    copyFileSync(join(PROJECT_ROOT, file), join(seed, file));
  }
  const write = (path: string, text: string) => {
    mkdirSync(join(seed, path, ".."), { recursive: true });
    writeFileSync(join(seed, path), text);
  };
  write("environments/dev/defaults.yaml", DEFAULTS("dev"));
  write("environments/dev/dev1.yaml", formatEnvironmentFile(DEV1));
  write("environments/dev/dev2.yaml", formatEnvironmentFile(DEV2));
  write("environments/qa/defaults.yaml", DEFAULTS("qa"));
  write("environments/stage/defaults.yaml", DEFAULTS("stage"));
  write("environments/stage/stage.yaml", formatEnvironmentFile(STAGE));
  if (options.prices !== undefined) write("upstream/aws-prices/eu-west-1.json", options.prices);
  run(["add", "--all"], seed);
  run(["commit", "--quiet", "-m", "registry fixture"], seed);
  if (options.withRemote === false) {
    run(["clone", "--quiet", seed, clone], dir);
    run(["remote", "remove", "origin"], clone);
  } else {
    run(["clone", "--quiet", "--bare", seed, origin], dir);
    run(["clone", "--quiet", origin, clone], dir);
  }
  rmSync(seed, { recursive: true, force: true });
  return {
    dir,
    origin,
    clone,
    git: (args, cwd = clone) => run(args, cwd),
    originGit: (args) => run(args, origin),
    pushAsSomeoneElse(path, text, message) {
      const other = mkdtempSync(join(dir, "other-"));
      run(["clone", "--quiet", origin, other], dir);
      mkdirSync(join(other, path, ".."), { recursive: true });
      writeFileSync(join(other, path), text);
      run(["add", "--all"], other);
      run(["commit", "--quiet", "-m", message], other);
      run(["push", "--quiet", "origin", "HEAD:main"], other);
      return run(["rev-parse", "HEAD"], other).trim();
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
