/**
 * The environment stacks' plans as the program and registry are at a git ref, for `sync --dry-run
 * --base REF`: the commit is planned in a temporary worktree by its own tier planner (see
 * tools/plan/base-plan.ts), so the comparison is with what the ref would have applied. A stack with
 * no resources at the ref did not exist there.
 */
import type { TierName } from "../../stacks/tier";
import { basePlansAtRef, resolveBaseRef } from "../plan/base-plan";
import type { Plan } from "../plan/model";

/** The base's plans and how to name it. */
export interface BaseEnvironmentPlans {
  readonly label: string;
  readonly plans: ReadonlyMap<string, Plan>;
}

/**
 * Plans the tier's environment stacks as they are at `ref`; `heads` are the stacks planned now (a
 * stack of theirs missing at the ref is new). Throws StackFileError for a ref that is no commit, and
 * an Error when the ref's program cannot plan its registry.
 */
export async function environmentPlansAt(
  root: string,
  ref: string,
  tier: TierName,
  heads: ReadonlyMap<string, Plan>,
  today: string,
): Promise<BaseEnvironmentPlans> {
  const base = await resolveBaseRef(root, ref);
  const found = await basePlansAtRef(root, base, heads, {
    targets: [{ tier, platform: false, environments: "all" }],
    today,
  });
  const plans = new Map<string, Plan>();
  for (const [stack, planned] of found.plans) {
    if ("error" in planned) throw new Error(planned.error);
    if (planned.plan.resources.length > 0) plans.set(stack, planned.plan);
  }
  return { label: found.label, plans };
}
