/**
 * The plan a diff compares against: the committed `plans/<stack>.json`, or the program as it is at
 * a git ref, planned offline in a temporary worktree. The second way gives the right diff even
 * when a pull request forgot to refresh plans/. The worktree reuses this checkout's node_modules
 * (a symlink; nothing is installed) and is removed afterwards.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Plan } from "./model";
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

/** The committed plan of each stack (`plans/<stack>.json`); a missing file means a new stack. */
export function committedBasePlans(root: string, project: string, stacks: readonly string[]): BasePlans {
  const plans = new Map<string, BasePlan>();
  for (const stack of stacks) {
    const file = join(root, "plans", `${stack}.json`);
    plans.set(
      stack,
      existsSync(file)
        ? { plan: JSON.parse(readFileSync(file, "utf8")) as Plan }
        : {
            plan: emptyPlan(project, stack),
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
 * Plans each stack as the program is at `ref`: checks the commit out into a temporary worktree,
 * runs that commit's plan builder there for every stack, and removes the worktree.
 * Throws StackFileError when `ref` is not a commit.
 */
export async function basePlansAtRef(
  root: string,
  project: string,
  ref: string,
  stacks: readonly string[],
): Promise<BasePlans> {
  const resolved = await runCommand("git", ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`], root);
  const sha = resolved.stdout.trim();
  if (resolved.code !== 0 || sha === "") {
    throw new StackFileError(`--base: "${ref}" is not a commit in this repository (fetch it first?)`);
  }
  const label = `${ref} (${sha.slice(0, 7)})`;
  const dir = mkdtempSync(join(tmpdir(), "plan-base-"));
  const added = await runCommand("git", ["worktree", "add", "--detach", dir, sha], root);
  if (added.code !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new StackFileError(`--base: cannot check out ${label}: ${added.stderr.trim()}`);
  }
  try {
    linkDependencies(root, dir);
    return { label, plans: await planInWorktree(dir, project, stacks, label) };
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

async function planInWorktree(
  dir: string,
  project: string,
  stacks: readonly string[],
  label: string,
): Promise<Map<string, BasePlan>> {
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
  );
  for (const stack of stacks) {
    const [json, error] = [join(out, `${stack}.json`), join(out, `${stack}.error`)];
    if (!existing.includes(stack)) {
      plans.set(stack, {
        plan: emptyPlan(project, stack),
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
