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
import { platformSettings } from "../tools/envs/platform-settings";
import type { RegistryChange } from "./operations";

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

/** A working tree of this repository. */
export class RegistryWorkspace {
  private readonly settingsCache = new Map<TierName, Promise<EnvironmentSettings>>();

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
      found = platformSettings(this.root, tier);
      this.settingsCache.set(tier, found);
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
   * Publishes the last commit as the tier wants: `main` pushes it to the remote's main (rebasing
   * onto changes others pushed meanwhile, once); `pullRequest` pushes a branch named after the
   * change, for a pull request.
   */
  async publish(change: RegistryChange, remote = "origin"): Promise<Publication> {
    const tier = change.tier as TierName;
    if (TIERS[tier].registryPublish === "main") {
      try {
        await this.git(["push", "--quiet", remote, "HEAD:main"]);
      } catch {
        // Someone else pushed first: one file per environment means a rebase almost never conflicts.
        // The rebase rewrites the commit: it needs a committer, and a pod has no git identity.
        await this.git([
          "-c",
          `user.name=${this.committer.name}`,
          "-c",
          `user.email=${this.committer.email}`,
          "pull",
          "--quiet",
          "--rebase",
          remote,
          "main",
        ]);
        await this.git(["push", "--quiet", remote, "HEAD:main"]);
      }
      return { kind: "main", commit: (await this.git(["rev-parse", "HEAD"])).trim() };
    }
    const branch = `env/${change.tier}-${change.environment}-${change.operation}-${Date.now().toString(36)}`;
    await this.git(["push", "--quiet", remote, `HEAD:refs/heads/${branch}`]);
    return { kind: "branch", branch, commit: (await this.git(["rev-parse", "HEAD"])).trim() };
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
