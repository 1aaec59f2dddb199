/**
 * The web server's writes: one at a time per repository (a promise queue), each starting from the
 * remote's latest `main` (`git pull --ff-only`), so two people clicking at once never build on the
 * same stale registry, and a change is validated against what it will really land on.
 *
 * A write is: pull; read the tier; run the operation (an {@link OperationError} leaves everything
 * as it was); apply; commit as the requester; publish as the tier wants (`main` or a branch for a
 * pull request). Where the clone has no remote, it commits only and says so. Afterwards the clone's
 * `main` is again what the remote's `main` is: a change published as a branch, or one that failed to
 * publish, is taken back out of the local branch with `git reset --keep` (never `--hard`: a
 * developer's uncommitted edits in a local clone stay), so a later dev push can never carry an
 * unreviewed stage change to `main`.
 */
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { OperationContext, RegistryChange } from "../operations";
import type { TierName } from "../../stacks/tier";
import { GitError, type RegistryWorkspace } from "../workspace";
import type { ChangeOutcome, Notifier } from "./notifier";

/** A write that failed in git (not in validation); nothing is left changed in the clone. */
export class WriteError extends Error {
  override readonly name = "WriteError";
  constructor(
    readonly phase: "pull" | "commit" | "publish",
    message: string,
  ) {
    super(message);
  }
}

/** What a successful write did. */
export interface WriteResult {
  readonly change: RegistryChange;
  readonly outcome: ChangeOutcome;
  readonly actor: string;
  /** Set when the notifier failed (the change itself stands). */
  readonly notifyError?: string;
}

/** How {@link RegistryWriter} is set up. */
export interface WriterOptions {
  /** @default "origin" */
  readonly remote?: string;
  readonly today: () => string;
  readonly notifier: Notifier;
  /** Called after every git change of the clone (to drop caches keyed by HEAD). */
  readonly onHeadChange?: () => void;
}

/** Serialises the web server's git work on one clone. */
export class RegistryWriter {
  private tail: Promise<unknown> = Promise.resolve();
  private remoteKnown: Promise<boolean> | undefined;
  readonly remote: string;

  constructor(
    private readonly workspace: RegistryWorkspace,
    private readonly options: WriterOptions,
  ) {
    this.remote = options.remote ?? "origin";
  }

  /** Runs `task` after every task queued before it has finished (whatever its outcome). */
  serialize<T>(task: () => Promise<T>): Promise<T> {
    const run = this.tail.then(task, task);
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** True when the clone has the remote to pull from and publish to. */
  hasRemote(): Promise<boolean> {
    this.remoteKnown ??= this.workspace.git(["remote", "get-url", this.remote]).then(
      () => true,
      () => false,
    );
    return this.remoteKnown;
  }

  /** Brings the clone up to the remote's `main` (fast-forward only); queued like a write. */
  refresh(): Promise<void> {
    return this.serialize(() => this.pull());
  }

  /** Pulls, runs `operation` on the tier as it now is, applies, commits and publishes. */
  write(
    tier: TierName,
    actor: string,
    operation: (context: OperationContext) => RegistryChange,
  ): Promise<WriteResult> {
    return this.serialize(async () => {
      await this.pull();
      const context: OperationContext = {
        source: this.workspace.source(tier),
        settings: await this.workspace.settings(tier),
        today: this.options.today(),
        actor,
      };
      const change = operation(context); // an OperationError leaves the clone untouched
      const before = await this.head();
      this.workspace.apply(change);
      let commit: string;
      try {
        commit = await this.workspace.commit(change, actor);
      } catch (err) {
        await this.restorePaths(change);
        throw new WriteError("commit", `could not commit: ${(err as Error).message}`);
      } finally {
        this.options.onHeadChange?.();
      }
      let outcome: ChangeOutcome;
      if (!(await this.hasRemote())) {
        outcome = { kind: "local", commit };
      } else {
        try {
          outcome = await this.workspace.publish(change, this.remote);
        } catch (err) {
          await this.workspace.git(["rebase", "--abort"]).catch(() => undefined);
          await this.workspace.git(["reset", "--quiet", "--keep", before]).catch(() => undefined);
          this.options.onHeadChange?.();
          throw new WriteError(
            "publish",
            `could not publish to ${this.remote}: ${(err as Error).message}. Someone may have changed the same file at the same time; nothing was changed, reload and try again.`,
          );
        }
        if (outcome.kind === "branch") {
          // The change waits for review on its branch; the clone's main stays the remote's main.
          await this.workspace.git(["reset", "--quiet", "--keep", before]);
          this.options.onHeadChange?.();
        }
      }
      let notifyError: string | undefined;
      try {
        await this.options.notifier.changed(change, outcome, actor);
      } catch (err) {
        notifyError = (err as Error).message;
        console.error(
          `launcher: the notifier failed for ${change.tier}/${change.environment}: ${notifyError}`,
        );
      }
      return { change, outcome, actor, ...(notifyError ? { notifyError } : {}) };
    });
  }

  /** The clone's HEAD commit. */
  async head(): Promise<string> {
    return (await this.workspace.git(["rev-parse", "HEAD"])).trim();
  }

  private async pull(): Promise<void> {
    if (!(await this.hasRemote())) return;
    try {
      await this.workspace.git(["pull", "--quiet", "--ff-only", this.remote, "main"]);
    } catch (err) {
      throw new WriteError(
        "pull",
        `could not update from ${this.remote} main: ${(err as Error).message}. Nothing was changed.`,
      );
    } finally {
      this.options.onHeadChange?.();
    }
  }

  /** Puts the change's files back as HEAD has them (a commit that failed). */
  private async restorePaths(change: RegistryChange): Promise<void> {
    for (const path of [...change.writes.keys(), ...change.removes]) {
      try {
        await this.workspace.git(["checkout", "HEAD", "--", path]);
      } catch (err) {
        // Not in HEAD: the change created it.
        if (err instanceof GitError && existsSync(join(this.workspace.root, path))) {
          await this.workspace
            .git(["rm", "--quiet", "--cached", "--ignore-unmatch", "--", path])
            .catch(() => undefined);
          rmSync(join(this.workspace.root, path), { force: true });
        }
      }
    }
  }
}
