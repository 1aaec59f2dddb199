/**
 * The monthly cost change of each reviewed stack, base plan against head plan, for the pull-request
 * comment: a platform stack's total, an environment stack's always-on and scheduled totals. Both
 * sides are priced with the same table (this change's), so the change is what the plans change,
 * not a price refresh. A stack that exists on one side only costs nothing on the other.
 */
import { difference, type Money } from "../../lib/cost/money";
import { platformCost } from "../../lib/cost/platform";
import { poolBasisFromPlan } from "../../lib/cost/pool";
import type { PriceTable } from "../../lib/cost/prices";
import { parseEnvironmentStackName } from "../../lib/naming";
import { TIER_NAMES, type TierName } from "../../stacks/tier";
import type { Plan } from "../plan/model";
import { environmentStackCost } from "./report";

/** One stack's monthly cost, base and head. */
export interface StackCostChange {
  readonly kind: "platform" | "environment";
  readonly base: Money;
  readonly head: Money;
  readonly change: Money;
  /** Environment stacks: the same on their sleep schedules. */
  readonly scheduled?: { readonly base: Money; readonly head: Money; readonly change: Money };
}

/** What the prices and the platform plans are. */
export interface CostContext {
  readonly prices: PriceTable;
  /** Head platform plans by tier (what the head environment stacks were planned against). */
  readonly headPlatforms: ReadonlyMap<string, Plan>;
  /** Base platform plans by tier, where the base has them (else the head's are used). */
  readonly basePlatforms: ReadonlyMap<string, Plan>;
}

/** The cost change of `stack`, or a reason it could not be priced. */
export function stackCostChange(
  stack: string,
  base: Plan,
  head: Plan,
  context: CostContext,
): StackCostChange | { readonly error: string } {
  const environment = parseEnvironmentStackName(stack);
  if (!environment) {
    const before = platformCost(base, context.prices).total;
    const after = platformCost(head, context.prices).total;
    return { kind: "platform", base: before, head: after, change: difference(after, before) };
  }
  if (!(TIER_NAMES as readonly string[]).includes(environment.tier))
    return { error: `no tier ${environment.tier}` };
  const tier = environment.tier as TierName;
  const headPlatform = context.headPlatforms.get(tier);
  if (!headPlatform) return { error: `the ${tier} platform was not planned` };
  const basePlatform = context.basePlatforms.get(tier) ?? headPlatform;
  const headBasis = poolBasisFromPlan(headPlatform.resources, headPlatform.outputs);
  const baseBasis = poolBasisFromPlan(basePlatform.resources, basePlatform.outputs);
  if (typeof headBasis === "string") return { error: headBasis };
  const after = environmentStackCost(head, headBasis, context.prices);
  const before = environmentStackCost(
    base,
    typeof baseBasis === "string" ? headBasis : baseBasis,
    context.prices,
  );
  return {
    kind: "environment",
    base: before.alwaysOn.total,
    head: after.alwaysOn.total,
    change: difference(after.alwaysOn.total, before.alwaysOn.total),
    scheduled: {
      base: before.scheduled.total,
      head: after.scheduled.total,
      change: difference(after.scheduled.total, before.scheduled.total),
    },
  };
}
