/** The temporary worktrees of `npm run plan -- --base REF`: found by their lock, removed when their run is gone. */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { parseWorktreeList, pruneStaleBaseWorktrees } from "../tools/plan/base-plan";
import { ROOT } from "./paths";

function git(...args: string[]) {
  const result = spawnSync("git", args, { cwd: ROOT, encoding: "utf8" });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout;
}

/** A worktree locked the way the plan tool locks its own, for the process `pid` on `host`. */
function lockedWorktree(pid: number, host = hostname()): string {
  const dir = mkdtempSync(join(tmpdir(), "plan-base-"));
  git(
    "worktree",
    "add",
    "--lock",
    "--reason",
    `npm run plan --base, pid ${pid} on ${host}`,
    "--detach",
    dir,
    "HEAD",
  );
  return dir;
}

describe("the --base worktrees", () => {
  it("reads git's porcelain worktree list, lock reasons included", () => {
    const porcelain = [
      "worktree /repo",
      "HEAD 1111111111111111111111111111111111111111",
      "branch refs/heads/main",
      "",
      "worktree /tmp/plan-base-abc",
      "HEAD 2222222222222222222222222222222222222222",
      "detached",
      "locked npm run plan --base, pid 4242",
      "",
      "worktree /tmp/other",
      "HEAD 3333333333333333333333333333333333333333",
      "detached",
      "locked",
      "",
    ].join("\n");
    assert.deepEqual(parseWorktreeList(porcelain), [
      { path: "/repo" },
      { path: "/tmp/plan-base-abc", locked: "npm run plan --base, pid 4242" },
      { path: "/tmp/other", locked: "" },
    ]);
  });

  it("removes those of runs on this host that no longer exist, and keeps the others", () => {
    // A process that has ended: its id names no running process (until the system reuses it).
    const gone = spawnSync(process.execPath, ["-e", ""]).pid!;
    const stale = lockedWorktree(gone);
    const live = lockedWorktree(process.pid);
    // On another host (or container) the id says nothing about whether that run still goes.
    const elsewhere = lockedWorktree(gone, `${hostname()}-other`);
    try {
      const removed = pruneStaleBaseWorktrees(ROOT);
      assert.ok(removed.includes(stale), `${stale} is removed`);
      assert.equal(removed.includes(live), false, "a running process keeps its worktree");
      assert.equal(removed.includes(elsewhere), false, "another host's worktree is kept");
      const list = git("worktree", "list", "--porcelain");
      assert.equal(list.includes(`worktree ${stale}\n`), false);
      assert.equal(existsSync(stale), false);
      assert.ok(list.includes(`worktree ${live}\n`));
      assert.ok(list.includes(`worktree ${elsewhere}\n`));
    } finally {
      for (const dir of [stale, live, elsewhere]) {
        spawnSync("git", ["worktree", "remove", "--force", "--force", dir], { cwd: ROOT });
        rmSync(dir, { recursive: true, force: true });
      }
    }
  });
});
