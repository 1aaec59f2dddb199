/** Reviews of several stacks at once: their new plans against the base (committed or at a ref), with policy results. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { basePlansAtRef, committedBasePlans, emptyPlan, type BasePlans, type BaseRef } from "./base-plan";
import { serializePlan, type Plan } from "./model";
import { markPreExisting, runOfflinePolicies, type PolicyResult } from "./policy-result";
import { redisDbRisks } from "./redis-dbs";
import { diffPlans } from "./diff";
import { findLikelyRenames, type LikelyRename } from "./renames";
import { failedReview, reviewStack, type StackReview } from "./review";
import { loadPriceTable, type LoadedPrices } from "../cost/load";
import { stackCostChange, type CostContext } from "../cost/changes";
import { PriceTableError } from "../../lib/cost/prices";

/** What to compare. */
export interface CompareRequest {
  readonly root: string;
  /** Every stack asked for, in order; those missing from `heads` failed to plan. */
  readonly stacks: readonly string[];
  readonly heads: ReadonlyMap<string, Plan>;
  /** Problems found so far per stack (config errors, schema problems). */
  readonly problems: ReadonlyMap<string, string[]>;
  /** Plan the program at this commit for the base instead of reading plans/. */
  readonly base?: BaseRef;
  /** The bases, already found (they win over `base`); stacks only here are stacks that went away. */
  readonly bases?: BasePlans;
  /** Run the offline policy pack on each new plan (and on its base, to tell new findings from old). */
  readonly policy: boolean;
  /**
   * Estimate each stack's monthly cost change, with each tier's head platform plan (what its
   * environment stacks were planned against; `planTargets`' `platforms`).
   */
  readonly cost?: { readonly platforms: ReadonlyMap<string, Plan> };
}

/** The reviews of every stack, and what they were compared with. */
export interface Comparison {
  readonly label: string;
  readonly reviews: StackReview[];
  /** The price table the cost changes used, or why there are none. */
  readonly cost?: { readonly prices: LoadedPrices } | { readonly error: string };
}

/** Compares each stack's new plan with its base. */
export async function compareStacks(request: CompareRequest): Promise<Comparison> {
  const heads = new Map<string, Plan>(
    request.stacks.filter((s) => request.heads.has(s)).map((s) => [s, request.heads.get(s)!]),
  );
  const bases: BasePlans =
    request.bases ??
    (request.base
      ? await basePlansAtRef(request.root, request.base, heads)
      : committedBasePlans(request.root, heads));
  // A stack the base has and the head does not was removed (an environment file deleted): it is
  // reviewed against an empty plan, so its deletions and their data-loss risks are shown.
  const stacks = [...request.stacks];
  for (const [stack, base] of bases.plans) {
    if (heads.has(stack) || request.problems.has(stack) || !("plan" in base)) continue;
    heads.set(stack, emptyPlan(base.plan.project, stack));
    stacks.push(stack);
  }
  const basePlans = new Map<string, Plan>();
  for (const [stack, base] of bases.plans) if ("plan" in base) basePlans.set(stack, base.plan);
  const policies = request.policy ? await policyResults(heads, basePlans) : new Map<string, PolicyResult>();
  const costContext = costContextOf(request.root, request, basePlans);
  // Every stack of a tier shares its Redis: DB numbers are compared over all the plans at once.
  const redis = redisDbRisks([...basePlans.values()], [...heads.values()]);
  const reviews = stacks.map((stack) => {
    const problems = [...(request.problems.get(stack) ?? [])];
    const head = heads.get(stack);
    const policy = policies.get(stack);
    const base = bases.plans.get(stack);
    if (!head || !base) return failedReview(stack, problems, policy);
    if ("error" in base) return failedReview(stack, [...problems, base.error], policy);
    const removed = head.resources.length === 0 && !request.stacks.includes(stack);
    const note = removed
      ? `stack ${stack} is gone from the registry: sync destroys it (its MySQL database and retired Redis DB stay; docs/data-stores.md)`
      : base.note;
    const review = reviewStack(base.plan, head, {
      problems,
      redisDbRisks: redis.filter((r) => r.stack === stack),
      ...(policy ? { policy } : {}),
      ...(note ? { note } : {}),
    });
    // A created environment stack that is a near copy of one removed in the same change is most
    // likely that environment renamed in the registry: say what happens to its data.
    const renamedFrom = base.plan.resources.length === 0 ? movedFrom(stack, head, basePlans, heads) : [];
    const reviewed =
      renamedFrom.length > 0 ? { ...review, renames: [...review.renames, ...renamedFrom] } : review;
    return costContext && "prices" in costContext
      ? { ...reviewed, cost: stackCostChange(stack, base.plan, head, costContext.context) }
      : reviewed;
  });
  return {
    label: bases.label,
    reviews,
    ...(costContext ? { cost: "error" in costContext ? costContext : { prices: costContext.prices } } : {}),
  };
}

/**
 * The prices and platform plans the cost changes need: the head platform plans of every tier, the
 * base ones where the base has them, and the table of the region the head platforms are in.
 */
function costContextOf(
  root: string,
  request: CompareRequest,
  basePlans: ReadonlyMap<string, Plan>,
): { prices: LoadedPrices; context: CostContext } | { error: string } | undefined {
  if (!request.cost) return undefined;
  const headPlatforms = new Map(request.cost.platforms);
  for (const [stack, plan] of request.heads) if (!stack.includes(".")) headPlatforms.set(stack, plan);
  const basePlatforms = new Map<string, Plan>();
  for (const [stack, plan] of basePlans)
    if (!stack.includes(".") && plan.resources.length > 0) basePlatforms.set(stack, plan);
  const regions = new Set(
    [...headPlatforms.values()].map(
      (p) =>
        (p.outputs as { environmentSettings?: { region?: unknown } } | null)?.environmentSettings?.region,
    ),
  );
  const region = [...regions][0];
  if (regions.size !== 1 || typeof region !== "string") {
    return {
      error: `the platform plans name ${regions.size === 0 ? "no region" : "several regions"}; one price table applies to one region`,
    };
  }
  try {
    const prices = loadPriceTable(root, region);
    return { prices, context: { prices: prices.table, headPlatforms, basePlatforms } };
  } catch (err) {
    if (err instanceof PriceTableError) return { error: err.message };
    throw err;
  }
}

/**
 * The likely renames between a newly created stack and the stacks of its tier that this change
 * removes (they exist in the base, not in the head), found by comparing the created stack with each
 * removed one as if both were the same stack.
 */
function movedFrom(
  stack: string,
  head: Plan,
  bases: ReadonlyMap<string, Plan>,
  heads: ReadonlyMap<string, Plan>,
): LikelyRename[] {
  const tier = tierOfStack(stack);
  const found: LikelyRename[] = [];
  for (const [other, removed] of bases) {
    if (other === stack || tierOfStack(other) !== tier) continue;
    if ((heads.get(other)?.resources.length ?? 0) > 0 || removed.resources.length === 0) continue;
    found.push(...findLikelyRenames(diffPlans(restack(removed, head), head), head));
  }
  return found;
}

/** The tier of a stack name (`dev` of `dev.dev1`, `dev` of the platform stack `dev`). */
function tierOfStack(stack: string): string {
  return stack.split(".")[0] ?? stack;
}

/** `plan` with every URN moved to `onto`'s stack and project, so two stacks' plans can be diffed. */
function restack(plan: Plan, onto: Plan): Plan {
  const move = (urn: string) =>
    urn.replace(/^urn:pulumi:[^:]+::[^:]+::/, `urn:pulumi:${onto.stack}::${onto.project}::`);
  return {
    ...plan,
    project: onto.project,
    stack: onto.stack,
    resources: plan.resources.map((r) => ({
      ...r,
      urn: move(r.urn),
      parent: r.parent ? move(r.parent) : null,
      dependsOn: r.dependsOn.map(move),
      provider: r.provider ? move(r.provider) : null,
    })),
  };
}

/**
 * Runs the policy pack on every new plan and on its base (each from a temporary plan file, as the
 * runner reads files), and marks which findings the base already had.
 */
async function policyResults(
  heads: ReadonlyMap<string, Plan>,
  bases: ReadonlyMap<string, Plan>,
): Promise<Map<string, PolicyResult>> {
  const dir = mkdtempSync(join(tmpdir(), "plan-policy-"));
  const run = (name: string, plan: Plan) => {
    const file = join(dir, name);
    writeFileSync(file, serializePlan(plan));
    return runOfflinePolicies(file);
  };
  try {
    const results = new Map<string, PolicyResult>();
    // One at a time: the runner is in process, and one pack run at a time is what it is written for.
    for (const [stack, head] of heads) {
      const result = await run(`${stack}.json`, head);
      const base = bases.get(stack);
      results.set(stack, base ? markPreExisting(result, await run(`${stack}.base.json`, base)) : result);
    }
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
