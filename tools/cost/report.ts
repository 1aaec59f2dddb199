/**
 * A tier's monthly cost from its plans: the platform stack by part, every environment stack always
 * on and on its schedule, the totals, and (with `marginal`) one more environment at the tier's
 * defaults. Shared by `npm run cost` and the pull-request comment.
 */
import {
  awakeFromPlan,
  environmentCost,
  footprintFromPlan,
  footprintOfEnvironment,
  type EnvironmentCost,
} from "../../lib/cost/environment";
import { sum, ZERO, type Money } from "../../lib/cost/money";
import { platformCost, type PlatformCost, type UsageAssumptions } from "../../lib/cost/platform";
import { poolBasisFromPlan, type GamePoolBasis } from "../../lib/cost/pool";
import type { PriceTable } from "../../lib/cost/prices";
import { defaultSchedule, type Awake } from "../../lib/cost/schedule";
import { parseEnvironmentStackName } from "../../lib/naming";
import type { TierName } from "../../stacks/tier";
import { TIERS } from "../../stacks/tiers";
import type { Plan } from "../plan/model";

/** One environment stack's cost. */
export interface EnvironmentStackCost extends EnvironmentCost {
  readonly stack: string;
  readonly name: string;
}

/** A tier's cost. */
export interface TierCost {
  readonly tier: TierName;
  /** The schedule environments without their own follow. */
  readonly defaultAwake: Awake;
  readonly platform?: PlatformCost & { readonly stack: string };
  readonly environments: readonly EnvironmentStackCost[];
  /** Why environments could not be priced (no game pool in the platform plan). */
  readonly basisProblem?: string;
  /** Platform plus every environment, always on and on their schedules. */
  readonly totals: { readonly alwaysOn: Money; readonly scheduled: Money };
  /** One more environment at the tier's defaults. */
  readonly marginal?: EnvironmentCost;
}

/** What to price. */
export interface TierCostRequest {
  readonly tier: TierName;
  /** The tier's platform plan (what its environments were planned against). */
  readonly platformPlan: Plan;
  /** Show the platform stack's parts. */
  readonly includePlatform: boolean;
  readonly environmentPlans: readonly Plan[];
  readonly prices: PriceTable;
  /**
   * The schedule of the marginal environment (one more at the tier's defaults).
   * @default the tier's ({@link tierDefaultAwake})
   */
  readonly awake?: Awake;
  readonly marginal?: boolean;
  readonly usage?: UsageAssumptions;
}

/** The tier's default schedule: the tier profile's `environments.sleep.schedule` over its working hours. */
export function tierDefaultAwake(tier: TierName): Awake {
  return defaultSchedule(TIERS[tier].environments.sleep.schedule, TIERS[tier].karpenter.workingHours);
}

/** Prices a tier. */
export function tierCost(request: TierCostRequest): TierCost {
  const { tier, prices } = request;
  const defaultAwake = request.awake ?? tierDefaultAwake(tier);
  const basis = poolBasisFromPlan(request.platformPlan.resources, request.platformPlan.outputs);
  const platform = request.includePlatform
    ? { stack: request.platformPlan.stack, ...platformCost(request.platformPlan, prices, request.usage) }
    : undefined;
  const environments =
    typeof basis === "string"
      ? []
      : request.environmentPlans.map((plan) => environmentStackCost(plan, basis, prices));
  const marginal =
    request.marginal && typeof basis !== "string"
      ? marginalEnvironment(tier, basis, prices, defaultAwake)
      : undefined;
  const base = platform?.total ?? ZERO;
  return {
    tier,
    defaultAwake,
    ...(platform ? { platform } : {}),
    environments,
    ...(typeof basis === "string" ? { basisProblem: basis } : {}),
    totals: {
      alwaysOn: sum(base, ...environments.map((e) => e.alwaysOn.total)),
      scheduled: sum(base, ...environments.map((e) => e.scheduled.total)),
    },
    ...(marginal ? { marginal } : {}),
  };
}

/**
 * One environment stack's cost from its plan: on its SleepInfo's schedule, or always on when the
 * plan has none (the program gives every scheduled environment one, unless `wake` paused it).
 */
export function environmentStackCost(
  plan: Plan,
  basis: GamePoolBasis,
  prices: PriceTable,
): EnvironmentStackCost {
  const { awake, note } = awakeFromPlan(plan.resources, "always");
  const cost = environmentCost(footprintFromPlan(plan.resources), awake, basis, prices);
  return {
    stack: plan.stack,
    name: parseEnvironmentStackName(plan.stack)?.environment ?? plan.stack,
    ...cost,
    notes: note ? [...cost.notes, note] : cost.notes,
  };
}

/** One more environment of the tier at its defaults (the tier profile's servers, no overrides). */
export function marginalEnvironment(
  tier: TierName,
  basis: GamePoolBasis,
  prices: PriceTable,
  awake: Awake,
): EnvironmentCost {
  const profile = TIERS[tier].environments;
  const footprint = footprintOfEnvironment({ deployment: profile.deployment, servers: profile.servers });
  return environmentCost(footprint, awake, basis, prices);
}
