/** One stack's review: its diff against the base, the likely renames, the data-loss risks, and what else went wrong. */
import { diffPlans, type PlanDiff } from "./diff";
import { secretValues } from "./display-values";
import type { Plan } from "./model";
import type { PolicyResult } from "./policy-result";
import type { StackCostChange } from "../cost/changes";
import { findLikelyRenames, type LikelyRename } from "./renames";
import { redisDbRisks, type RedisDbRisk } from "./redis-dbs";
import { dataLossRisks, type DataLossRisk } from "./risks";

/** Everything the text and markdown renderers show for one stack. */
export interface StackReview {
  readonly stack: string;
  /** Absent when the stack could not be planned (see `problems`). */
  readonly diff?: PlanDiff;
  readonly renames: LikelyRename[];
  readonly risks: DataLossRisk[];
  readonly policy?: PolicyResult;
  /** Why the stack could not be fully reviewed (config errors, schema problems, a failed base plan). */
  readonly problems: string[];
  /** Something the reader should know about the base (`a new stack: everything would be new`). */
  readonly note?: string;
  /** Credentials found unmasked in either plan, which renderers scrub from everything they print. */
  readonly secretValues: string[];
  /** The monthly cost, base and head (`tools/cost/changes.ts`), or why it could not be estimated. */
  readonly cost?: StackCostChange | { readonly error: string };
}

/** What else a review shows besides the diff of its two plans. */
export interface ReviewExtras extends Partial<Pick<StackReview, "policy" | "problems" | "note">> {
  /**
   * The Redis DB risks of this stack, when they were found over several stacks at once (a tier);
   * by default they are found from this stack's two plans alone.
   */
  readonly redisDbRisks?: readonly RedisDbRisk[];
}

/** Reviews a stack's new plan against its base plan. */
export function reviewStack(base: Plan, next: Plan, extra: ReviewExtras = {}): StackReview {
  const diff = diffPlans(base, next);
  const renames = findLikelyRenames(diff, next);
  const redis = (extra.redisDbRisks ?? redisDbRisks([base], [next])).map(
    ({ stack: _stack, ...risk }): DataLossRisk => risk,
  );
  return {
    stack: next.stack,
    diff,
    renames,
    risks: [...dataLossRisks(diff, base, renames), ...redis],
    problems: extra.problems ?? [],
    secretValues: secretValues([...base.resources, ...next.resources], [base.outputs, next.outputs]),
    ...(extra.policy ? { policy: extra.policy } : {}),
    ...(extra.note ? { note: extra.note } : {}),
  };
}

/** A stack that could not be planned or compared, with the reasons. */
export function failedReview(stack: string, problems: string[], policy?: PolicyResult): StackReview {
  return { stack, renames: [], risks: [], problems, secretValues: [], ...(policy ? { policy } : {}) };
}

/** Whether the review shows any change at all. */
export function hasChanges(review: StackReview): boolean {
  const d = review.diff;
  return d !== undefined && (d.resources.length > 0 || d.outputs.length > 0);
}
