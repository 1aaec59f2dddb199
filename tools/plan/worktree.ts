/**
 * A temporary git worktree at a commit, for planning the program as it was there. It reuses this
 * checkout's node_modules (a symlink; nothing is installed) and is removed afterwards, also when
 * the work fails.
 */
import { existsSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCommand } from "./run-command";
import { StackFileError } from "./stack-files";

/** Runs `work` in a worktree of `root` checked out at `sha`, then removes the worktree. */
export async function withWorktree<T>(
  root: string,
  sha: string,
  work: (dir: string) => Promise<T>,
): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), "plan-base-"));
  const added = await runCommand("git", ["worktree", "add", "--detach", dir, sha], root);
  if (added.code !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new StackFileError(`cannot check out ${sha.slice(0, 7)}: ${added.stderr.trim()}`);
  }
  try {
    linkDependencies(root, dir);
    return await work(dir);
  } finally {
    const removed = await runCommand("git", ["worktree", "remove", "--force", dir], root);
    if (removed.code !== 0) {
      rmSync(dir, { recursive: true, force: true });
      await runCommand("git", ["worktree", "prune"], root);
    }
  }
}

/** Points the worktree's node_modules (and the policy workspace's) at this checkout's. */
function linkDependencies(root: string, dir: string): void {
  for (const sub of ["", "policy"]) {
    const from = join(root, sub, "node_modules");
    const to = join(dir, sub, "node_modules");
    if (existsSync(from) && existsSync(join(dir, sub)) && !existsSync(to)) symlinkSync(from, to, "dir");
  }
}
