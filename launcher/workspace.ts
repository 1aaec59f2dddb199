/**
 * A clone of this repository that the launcher reads and writes: a tier's registry as it is in the
 * working tree, the platform settings it is judged against, and a {@link RegistryChange} applied,
 * committed with the requester as author, and published the way the tier wants it (straight to
 * `main`, or as a branch for a pull request). Git is driven through its command line.
 */
import { execFile } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { readRegistrySource } from "../stacks/registry";
import type { EnvironmentSettings } from "../stacks/environment-settings";
import type { RegistrySource } from "../stacks/resolve-registry";
import type { TierName } from "../stacks/tier";
import { TIERS } from "../stacks/tiers";
import type { RegistryChange } from "./operations";
import type { TierCostBasis } from "./views";

const run = promisify(execFile);

/** A git command that failed, with what git said. */
export class GitError extends Error {
  override readonly name = "GitError";
}

/** Who the launcher commits as when it publishes for someone (the author stays the requester). */
export interface Committer {
  readonly name: string;
  readonly email: string;
}

/** The launcher's default committer identity. */
export const LAUNCHER_COMMITTER: Committer = {
  name: "game-infra launcher",
  email: "launcher@game-infra.invalid",
};

/** Where a published change went. */
export type Publication =
  | { readonly kind: "main"; readonly commit: string }
  | { readonly kind: "branch"; readonly branch: string; readonly commit: string };

/** Runs before a push with the remote main's commit the push builds on; throws to stop the push. */
export type PublishCheck = (remoteMain: string) => Promise<void>;

/** A working tree of this repository. */
export class RegistryWorkspace {
  private readonly settingsCache = new Map<TierName, Promise<EnvironmentSettings>>();
  private readonly costCache = new Map<TierName, Promise<TierCostBasis>>();

  constructor(
    readonly root: string,
    readonly committer: Committer = LAUNCHER_COMMITTER,
  ) {}

  /** The tier's registry as the working tree has it. */
  source(tier: TierName): RegistrySource {
    return readRegistrySource(this.root, tier);
  }

  /** The tier's platform settings, from `Pulumi.<tier>.yaml` in this working tree (cached). */
  settings(tier: TierName): Promise<EnvironmentSettings> {
    let found = this.settingsCache.get(tier);
    if (!found) {
      // Loaded on first use: it brings the Pulumi runtime, which help, history and git need not wait for.
      found = import("../tools/envs/platform-settings").then((m) => m.platformSettings(this.root, tier));
      this.settingsCache.set(tier, found);
    }
    return found;
  }

  /**
   * What the tier's environments' monthly cost is priced from (`tools/cost/basis.ts`: the resolved
   * `Pulumi.<tier>.yaml` and `upstream/aws-prices/<region>.json` of this working tree; cached).
   */
  costBasis(tier: TierName): Promise<TierCostBasis> {
    let found = this.costCache.get(tier);
    if (!found) {
      found = import("../tools/cost/basis").then((m) => m.platformCostBasis(this.root, tier));
      this.costCache.set(tier, found);
    }
    return found;
  }

  /** Writes and removes the change's files in the working tree. */
  apply(change: RegistryChange): void {
    for (const [path, text] of change.writes) {
      const full = join(this.root, path);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, text);
    }
    for (const path of change.removes) rmSync(join(this.root, path), { force: true });
  }

  /** Commits exactly the change's files, authored by `author` (an e-mail address); returns the commit. */
  async commit(change: RegistryChange, author: string): Promise<string> {
    const paths = [...change.writes.keys(), ...change.removes];
    await this.git(["add", "--all", "--", ...paths]);
    await this.git([
      "-c",
      `user.name=${this.committer.name}`,
      "-c",
      `user.email=${this.committer.email}`,
      "commit",
      "--quiet",
      `--author=${authorName(author)} <${author}>`,
      "-m",
      change.message,
      "--",
      ...paths,
    ]);
    return (await this.git(["rev-parse", "HEAD"])).trim();
  }

  /**
   * Publishes the last commit as the tier wants: `main` rebases it onto the remote's main as just
   * fetched, runs `check` (the registry check CI runs, against that main) and pushes it there, once
   * more from the fetch when someone else pushed in between; `pullRequest` runs `check` and pushes
   * a branch named after the change, for a pull request. A rebase that conflicts is undone, the
   * commit kept locally.
   */
  async publish(
    change: Pick<RegistryChange, "tier" | "environment" | "operation">,
    remote = "origin",
    check?: PublishCheck,
  ): Promise<Publication> {
    const tier = change.tier as TierName;
    if (TIERS[tier].registryPublish === "main") {
      for (let attempt = 1; ; attempt++) {
        const base = await this.fetchMain(remote);
        await this.rebaseOnto(base);
        await check?.(base);
        try {
          await this.git(["push", "--quiet", remote, "HEAD:main"]);
          return { kind: "main", commit: await this.head() };
        } catch (err) {
          // Someone else pushed between the fetch and the push: fetch, rebase and check again, once.
          if (attempt >= 2 || !(err instanceof GitError)) throw err;
        }
      }
    }
    await check?.(await this.fetchMain(remote));
    const branch = `env/${change.tier}-${change.environment}-${change.operation}-${Date.now().toString(36)}`;
    await this.git(["push", "--quiet", remote, `HEAD:refs/heads/${branch}`]);
    return { kind: "branch", branch, commit: await this.head() };
  }

  /** Fetches the remote's main (updating `<remote>/main`) and returns its commit. */
  async fetchMain(remote = "origin"): Promise<string> {
    await this.git(["fetch", "--quiet", remote, `+refs/heads/main:refs/remotes/${remote}/main`]);
    return (await this.git(["rev-parse", "--verify", `refs/remotes/${remote}/main^{commit}`])).trim();
  }

  /** The commit checked out. */
  async head(): Promise<string> {
    return (await this.git(["rev-parse", "HEAD"])).trim();
  }

  /** Rebases the checked-out commits onto `base` (a no-op when already on it); undoes a conflicting rebase. */
  private async rebaseOnto(base: string): Promise<void> {
    try {
      // Rebasing writes commits (and an autostash): as the launcher, since a CI runner has no identity.
      await this.git([
        "-c",
        `user.name=${this.committer.name}`,
        "-c",
        `user.email=${this.committer.email}`,
        "rebase",
        "--quiet",
        "--autostash",
        base,
      ]);
    } catch (err) {
      await this.git(["rebase", "--abort"]).catch(() => undefined);
      throw new GitError(
        `the change conflicts with what was pushed to main meanwhile; it stays committed here only (${(err as Error).message})`,
      );
    }
  }

  /** Runs git in the working tree; throws {@link GitError} with git's message. */
  async git(args: readonly string[]): Promise<string> {
    try {
      const { stdout } = await run("git", [...args], { cwd: this.root, maxBuffer: 16 * 1024 * 1024 });
      return stdout;
    } catch (err) {
      const e = err as { stderr?: string; message: string };
      throw new GitError(
        `git ${args[0]} failed: ${(e.stderr || e.message).trim().split("\n").slice(-3).join(" / ")}`,
      );
    }
  }
}

/** `mina.park@studio.example` -> `mina.park`: the author name git shows. */
export function authorName(email: string): string {
  return email.split("@")[0] || email;
}
