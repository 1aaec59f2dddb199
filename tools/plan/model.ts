/** The offline plan: what a stack would register, in the shape committed to `plans/<stack>.json`. */
import type { Json } from "../engine/values";

/** One resource in a plan. */
export interface PlanResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly parent: string | null;
  readonly custom: boolean;
  readonly inputs: { [key: string]: Json };
  readonly protect: boolean;
  readonly retainOnDelete: boolean;
  readonly dependsOn: string[];
  readonly provider: string | null;
}

/** A whole plan: sorted, deterministic, secrets masked as "[secret]". */
export interface Plan {
  readonly project: string;
  readonly stack: string;
  readonly resources: PlanResource[];
  readonly outputs: Json;
}

/** The URN of the stack's root resource, which the engine makes every top-level resource's parent. */
export function rootStackUrn(project: string, stack: string): string {
  return `urn:pulumi:${stack}::${project}::pulumi:pulumi:Stack::${project}-${stack}`;
}

/** Serialises a plan exactly as committed (2-space JSON, trailing newline). */
export function serializePlan(plan: Plan): string {
  return `${JSON.stringify(plan, null, 2)}\n`;
}
