/** Reviews of several stacks at once: their new plans against the base (committed or at a ref), with policy results. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { basePlansAtRef, committedBasePlans, type BasePlans } from "./base-plan";
import { serializePlan, type Plan } from "./model";
import { runOfflinePolicies, type PolicyResult } from "./policy-result";
import { failedReview, reviewStack, type StackReview } from "./review";

/** What to compare. */
export interface CompareRequest {
  readonly root: string;
  readonly project: string;
  /** Every stack asked for, in order; those missing from `heads` failed to plan. */
  readonly stacks: readonly string[];
  readonly heads: ReadonlyMap<string, Plan>;
  /** Problems found so far per stack (config errors, schema problems). */
  readonly problems: ReadonlyMap<string, string[]>;
  /** Plan the program at this ref for the base instead of reading plans/. */
  readonly base?: string;
  /** Run the offline policy pack on each new plan. */
  readonly policy: boolean;
}

/** The reviews of every stack, and what they were compared with. */
export interface Comparison {
  readonly label: string;
  readonly reviews: StackReview[];
}

/** Compares each stack's new plan with its base. */
export async function compareStacks(request: CompareRequest): Promise<Comparison> {
  const planned = request.stacks.filter((s) => request.heads.has(s));
  const bases: BasePlans = request.base
    ? await basePlansAtRef(request.root, request.project, request.base, planned)
    : committedBasePlans(request.root, request.project, planned);
  const policies = request.policy ? await policyResults(planned, request.heads) : new Map();
  const reviews = request.stacks.map((stack) => {
    const problems = [...(request.problems.get(stack) ?? [])];
    const head = request.heads.get(stack);
    const policy: PolicyResult | undefined = policies.get(stack);
    const base = bases.plans.get(stack);
    if (!head || !base) return failedReview(stack, problems, policy);
    if ("error" in base) return failedReview(stack, [...problems, base.error], policy);
    return reviewStack(base.plan, head, {
      problems,
      ...(policy ? { policy } : {}),
      ...(base.note ? { note: base.note } : {}),
    });
  });
  return { label: bases.label, reviews };
}

/** Runs the policy pack on every plan (each from a temporary plan file, as the runner reads files). */
async function policyResults(
  stacks: readonly string[],
  heads: ReadonlyMap<string, Plan>,
): Promise<Map<string, PolicyResult>> {
  const dir = mkdtempSync(join(tmpdir(), "plan-policy-"));
  try {
    const results = new Map<string, PolicyResult>();
    // One at a time: the runner is in process, and one pack run at a time is what it is written for.
    for (const stack of stacks) {
      const file = join(dir, `${stack}.json`);
      writeFileSync(file, serializePlan(heads.get(stack)!));
      results.set(stack, await runOfflinePolicies(file));
    }
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
