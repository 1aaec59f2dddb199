/**
 * The plan a diff compares against: the committed `plans/<stack>.json`, or the program as it is at
 * a git ref, planned offline in a temporary worktree. The second way gives the right diff even
 * when a pull request forgot to refresh plans/. The worktree reuses this checkout's node_modules
 * (a symlink; nothing is installed) and is removed afterwards, also on Ctrl-C.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { cleanupOnInterrupt } from "./interrupts";
import type { Plan } from "./model";
import type { PlanTarget } from "./targets";
import { runCommand } from "./run-command";
import { StackFileError } from "./stack-files";

/** The base of one stack: its plan (an empty one for a stack that did not exist), or why there is none. */
export type BasePlan = { readonly plan: Plan; readonly note?: string } | { readonly error: string };

/** Base plans for several stacks, and how to name where they came from. */
export interface BasePlans {
  /** `plans/<stack>.json` or `<ref> (<short sha>)`. */
  readonly label: string;
  readonly plans: ReadonlyMap<string, BasePlan>;
}

/** A plan with no resources: the base of a stack that does not exist yet. */
export function emptyPlan(project: string, stack: string): Plan {
  return { project, stack, resources: [], outputs: {} };
}

/**
 * The committed plan of each stack (`plans/<stack>.json`); a missing file means a new stack.
 * `heads` are the new plans being compared (the project of an empty base is theirs).
 */
export function committedBasePlans(root: string, heads: ReadonlyMap<string, Plan>): BasePlans {
  const plans = new Map<string, BasePlan>();
  for (const [stack, head] of heads) {
    const file = join(root, "plans", `${stack}.json`);
    plans.set(
      stack,
      existsSync(file)
        ? { plan: JSON.parse(readFileSync(file, "utf8")) as Plan }
        : {
            plan: emptyPlan(head.project, stack),
            note: `no committed plans/${stack}.json: everything would be new`,
          },
    );
  }
  return { label: "the committed plans", plans };
}

/**
 * Script run inside the worktree: that commit's own plan builder, for each stack in turn (one
 * process, so the SDKs load once), writing `<stack>.json` or `<stack>.error` into the output folder.
 */
const BUILD_SCRIPT = `
const { writeFileSync } = require("node:fs");
const { join } = require("node:path");
const { buildPlan } = require("./tools/plan/build");
const { serializePlan } = require("./tools/plan/model");
const [out, ...stacks] = process.argv.slice(1);
(async () => {
  for (const stack of stacks) {
    try {
      writeFileSync(join(out, stack + ".json"), serializePlan(await buildPlan({ root: process.cwd(), stack })));
    } catch (err) {
      writeFileSync(join(out, stack + ".error"), err && err.message ? err.message : String(err));
    }
  }
  process.exit(0);
})();
`;

/**
 * Script run inside the worktree when that commit plans targets (tiers with their environment
 * stacks): its own `planTargets`, writing `<stack>.json`, or `<stack>.error` for a stack it could
 * not plan. Stacks that exist only at the base (an environment removed since) come back too.
 */
const TARGETS_SCRIPT = `
const { writeFileSync } = require("node:fs");
const { join } = require("node:path");
const { planTargets } = require("./tools/plan/targets");
const { serializePlan } = require("./tools/plan/model");
const [out, request] = process.argv.slice(1);
const { targets, registry, today } = JSON.parse(request);
planTargets({ root: process.cwd(), targets, today, ...(registry ? { registryRoot: join(process.cwd(), registry) } : {}) }).then(
  (result) => {
    const file = (stack) => join(out, encodeURIComponent(stack));
    for (const [stack, plan] of result.plans) writeFileSync(file(stack) + ".json", serializePlan(plan));
    for (const [stack, problems] of result.problems) writeFileSync(file(stack) + ".error", problems.join("\\n"));
    process.exit(0);
  },
  (err) => {
    console.error(err && err.message ? err.message : String(err));
    process.exit(2);
  },
);
`;

/** What to plan at the base when the heads came from targets (tiers and environment stacks). */
export interface BaseTargets {
  readonly targets: readonly PlanTarget[];
  /** The registry folder relative to the repository root, when not the repository's own. */
  readonly registry?: string;
  readonly today?: string;
}

/** A git ref resolved to a commit, checked before anything is planned. */
export interface BaseRef {
  /** As the user gave it (`origin/main`). */
  readonly ref: string;
  readonly sha: string;
  /** `origin/main (1a2b3c4)`. */
  readonly label: string;
}

/** Resolves `ref` to a commit of the repository at `root`; throws StackFileError when it is none. */
export async function resolveBaseRef(root: string, ref: string): Promise<BaseRef> {
  const resolved = await runCommand(
    "git",
    ["rev-parse", "--verify", "--quiet", "--end-of-options", `${ref}^{commit}`],
    root,
  );
  const sha = resolved.stdout.trim();
  if (resolved.code !== 0 || sha === "") {
    throw new StackFileError(
      `--base: "${ref}" is not a commit in this repository (a branch, tag or commit; fetch it first?)`,
    );
  }
  return { ref, sha, label: `${ref} (${sha.slice(0, 7)})` };
}

/**
 * The lock reason of the temporary worktrees this tool creates, then the creating process's id and
 * host: `git worktree list` shows it, and a later run on the same host removes the worktrees whose
 * process is gone (a process id means nothing on another host or container sharing the checkout).
 */
const LOCK_REASON = "npm run plan --base, pid ";

/** `npm run plan --base, pid 4242 on build-7`. */
function lockReason(pid: number): string {
  return `${LOCK_REASON}${pid} on ${hostname()}`;
}

/**
 * Test hook: when set, the tool stops right after creating the base worktree (until interrupted),
 * so a test can interrupt it at exactly that point instead of guessing a delay.
 */
export const PAUSE_AFTER_WORKTREE_ENV = "PLAN_TEST_PAUSE_AFTER_BASE_WORKTREE";

/**
 * Plans each stack as the program is at `base`: checks the commit out into a temporary worktree,
 * runs that commit's plan builder there for every stack, and removes the worktree, also when the
 * process is interrupted (SIGINT, SIGTERM). Worktrees left behind by earlier runs that were killed
 * outright (SIGKILL, a power cut) are removed first.
 */
export async function basePlansAtRef(
  root: string,
  base: BaseRef,
  heads: ReadonlyMap<string, Plan>,
  targets?: BaseTargets,
): Promise<BasePlans> {
  pruneStaleBaseWorktrees(root);
  const dir = mkdtempSync(join(tmpdir(), "plan-base-"));
  const abort = new AbortController();
  // Registered before the worktree exists: an interrupt during `git worktree add` cleans up too.
  const release = cleanupOnInterrupt(() => {
    abort.abort();
    removeWorktree(root, dir);
  });
  try {
    const added = await runCommand(
      "git",
      ["worktree", "add", "--lock", "--reason", lockReason(process.pid), "--detach", dir, base.sha],
      root,
      abort.signal,
    );
    if (added.code !== 0) {
      throw new StackFileError(`--base: cannot check out ${base.label}: ${added.stderr.trim()}`);
    }
    process.stderr.write(`plan: planning ${base.label} in a temporary worktree (${dir})\n`);
    if (process.env[PAUSE_AFTER_WORKTREE_ENV]) await new Promise((wake) => setTimeout(wake, 2 ** 31 - 1));
    linkDependencies(root, dir);
    const plans =
      targets && existsSync(join(dir, "tools", "plan", "targets.ts"))
        ? await planTargetsInWorktree(dir, heads, targets, base.label, abort.signal)
        : await planInWorktree(dir, heads, base.label, abort.signal);
    return { label: base.label, plans };
  } finally {
    release();
    removeWorktree(root, dir);
  }
}

/** Removes a worktree of ours (locked, perhaps already deleted on disk) and its directory. */
function removeWorktree(root: string, dir: string): void {
  // Synchronous: this also runs from a signal handler, right before the process ends.
  spawnSync("git", ["worktree", "remove", "--force", "--force", dir], { cwd: root, stdio: "ignore" });
  rmSync(dir, { recursive: true, force: true });
}

/** One entry of `git worktree list --porcelain`. */
export interface WorktreeEntry {
  readonly path: string;
  readonly locked?: string;
}

/** Parses `git worktree list --porcelain` (entries separated by blank lines). */
export function parseWorktreeList(porcelain: string): WorktreeEntry[] {
  return porcelain
    .split(/\n\n+/)
    .map((block) => block.split("\n"))
    .filter((lines) => lines[0]?.startsWith("worktree "))
    .map((lines) => {
      const locked = lines.find((l) => l === "locked" || l.startsWith("locked "));
      return {
        path: lines[0]!.slice("worktree ".length),
        ...(locked !== undefined ? { locked: locked.slice("locked ".length) } : {}),
      };
    });
}

/**
 * Removes the base worktrees an earlier run of this tool on this host left behind: those locked
 * with our reason whose process no longer runs (a run still in progress, here or in another
 * checkout of the same repository, keeps its worktree). Returns the removed paths.
 */
export function pruneStaleBaseWorktrees(root: string): string[] {
  const list = spawnSync("git", ["worktree", "list", "--porcelain"], { cwd: root, encoding: "utf8" });
  if (list.status !== 0) return [];
  const stale = parseWorktreeList(list.stdout).filter((w) => {
    const pid = /^(\d+) on (.+)$/.exec(
      w.locked?.startsWith(LOCK_REASON) ? w.locked.slice(LOCK_REASON.length) : "",
    );
    return pid !== null && pid[2] === hostname() && !processRuns(Number(pid[1]));
  });
  for (const w of stale) removeWorktree(root, w.path);
  return stale.map((w) => w.path);
}

/** Whether a process with this id exists (signal 0 checks without sending anything). */
function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to another user.
    return (err as NodeJS.ErrnoException).code === "EPERM";
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

async function planInWorktree(
  dir: string,
  heads: ReadonlyMap<string, Plan>,
  label: string,
  abort: AbortSignal,
): Promise<Map<string, BasePlan>> {
  const stacks = [...heads.keys()];
  const plans = new Map<string, BasePlan>();
  if (!existsSync(join(dir, "tools", "plan", "build.ts"))) {
    for (const stack of stacks) {
      plans.set(stack, {
        error: `the program at ${label} has no offline plan builder (tools/plan/build.ts)`,
      });
    }
    return plans;
  }
  const existing = stacks.filter((stack) => existsSync(join(dir, `Pulumi.${stack}.yaml`)));
  const out = join(dir, ".plan-base");
  mkdirSync(out);
  const result = await runCommand(
    process.execPath,
    ["--import", "tsx", "-e", BUILD_SCRIPT, out, ...existing],
    dir,
    abort,
  );
  for (const stack of stacks) {
    const [json, error] = [join(out, `${stack}.json`), join(out, `${stack}.error`)];
    if (!existing.includes(stack)) {
      plans.set(stack, {
        plan: emptyPlan(heads.get(stack)!.project, stack),
        note: `stack ${stack} does not exist at ${label}: everything would be new`,
      });
    } else if (existsSync(json)) {
      plans.set(stack, { plan: JSON.parse(readFileSync(json, "utf8")) as Plan });
    } else {
      const reason = existsSync(error)
        ? readFileSync(error, "utf8")
        : result.stderr.trim().split("\n").slice(-5).join("\n") || `exit code ${String(result.code)}`;
      plans.set(stack, { error: `planning ${stack} at ${label} failed:\n${reason}` });
    }
  }
  return plans;
}

/** The base's plans of every target, by the base commit's own target planner. */
async function planTargetsInWorktree(
  dir: string,
  heads: ReadonlyMap<string, Plan>,
  request: BaseTargets,
  label: string,
  abort: AbortSignal,
): Promise<Map<string, BasePlan>> {
  const out = join(dir, ".plan-base");
  mkdirSync(out);
  const result = await runCommand(
    process.execPath,
    ["--import", "tsx", "-e", TARGETS_SCRIPT, out, JSON.stringify(request)],
    dir,
    abort,
  );
  const plans = new Map<string, BasePlan>();
  if (result.code !== 0) {
    const reason =
      result.stderr.trim().split("\n").slice(-5).join("\n") || `exit code ${String(result.code)}`;
    for (const stack of heads.keys())
      plans.set(stack, { error: `planning ${stack} at ${label} failed:\n${reason}` });
    return plans;
  }
  for (const file of readdirSync(out).sort()) {
    const stack = decodeURIComponent(file.replace(/\.(json|error)$/, ""));
    const text = readFileSync(join(out, file), "utf8");
    plans.set(
      stack,
      file.endsWith(".json")
        ? { plan: JSON.parse(text) as Plan }
        : { error: `planning ${stack} at ${label} failed:\n${text}` },
    );
  }
  for (const [stack, head] of heads) {
    if (!plans.has(stack)) {
      plans.set(stack, {
        plan: emptyPlan(head.project, stack),
        note: `stack ${stack} does not exist at ${label}: everything would be new`,
      });
    }
  }
  return plans;
}
