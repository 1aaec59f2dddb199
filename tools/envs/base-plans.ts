/**
 * The environment stacks' plans as the program and registry are at a git ref, for `sync --dry-run
 * --base REF`: the commit is checked out into a temporary worktree and planned there by that
 * commit's own tier planner, so the comparison is with what the ref would have applied.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { TierName } from "../../stacks/tier";
import type { Plan } from "../plan/model";
import { runCommand } from "../plan/run-command";
import { withWorktree } from "../plan/worktree";
import { resolveCommit } from "./git-registry";

/** Script run inside the worktree: that commit's tier planner, writing `<stack>.json` per environment stack. */
const BUILD_SCRIPT = `
const { writeFileSync } = require("node:fs");
const { join } = require("node:path");
const { buildTierPlans } = require("./tools/plan/tier");
const { serializePlan } = require("./tools/plan/model");
const [out, tier, today] = process.argv.slice(1);
buildTierPlans({ root: process.cwd(), tier, today }).then(
  (plans) => {
    for (const [stack, plan] of plans.environments) writeFileSync(join(out, stack + ".json"), serializePlan(plan));
    process.exit(0);
  },
  (err) => {
    console.error(err && err.message ? err.message : String(err));
    process.exit(2);
  },
);
`;

/** The base's plans and how to name it; `note` says why there are none. */
export interface BaseEnvironmentPlans {
  readonly label: string;
  readonly plans: ReadonlyMap<string, Plan>;
  readonly note?: string;
}

/** Plans the tier's environment stacks as they are at `ref`; throws GitRefError or an Error with the base's problem. */
export async function environmentPlansAt(
  root: string,
  ref: string,
  tier: TierName,
  today: string,
): Promise<BaseEnvironmentPlans> {
  const sha = await resolveCommit(root, ref);
  const label = `${ref} (${sha.slice(0, 7)})`;
  return withWorktree(root, sha, async (dir) => {
    if (!existsSync(join(dir, "tools", "plan", "tier.ts"))) {
      return {
        label,
        plans: new Map(),
        note: `${label} predates environment stacks (its environments lived in the platform stack)`,
      };
    }
    const out = join(dir, ".envs-base");
    mkdirSync(out);
    const result = await runCommand(
      process.execPath,
      ["--import", "tsx", "-e", BUILD_SCRIPT, out, tier, today],
      dir,
    );
    if (result.code !== 0) {
      throw new Error(
        `planning the environment stacks at ${label} failed:\n${result.stderr.trim().split("\n").slice(-8).join("\n")}`,
      );
    }
    const plans = new Map<string, Plan>();
    for (const file of readdirSync(out).sort()) {
      plans.set(file.slice(0, -".json".length), JSON.parse(readFileSync(join(out, file), "utf8")) as Plan);
    }
    return { label, plans };
  });
}
