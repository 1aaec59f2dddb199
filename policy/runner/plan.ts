// The offline plan written by `npm run plan -- <stack> --json FILE` (see DESIGN.md).
import { readFileSync } from "node:fs";

/** One resource of the plan, as registered with the engine. */
export interface PlanResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  /** Parent URN; top-level resources have the root Stack's URN. */
  readonly parent?: string;
  readonly custom?: boolean;
  /** Inputs; secrets appear as "[secret]", values unknown at preview time as "[unknown]". */
  readonly inputs: Readonly<Record<string, unknown>>;
  readonly protect?: boolean;
  readonly retainOnDelete?: boolean;
  /** URNs this resource depends on. */
  readonly dependsOn?: readonly string[];
  /** Provider reference (`<provider URN>::<id>`) or provider URN. */
  readonly provider?: string;
}

/** An offline plan of one stack. */
export interface Plan {
  readonly project?: string;
  /** The stack name; for dev, qa and stage it is also the tier. */
  readonly stack: string;
  readonly resources: readonly PlanResource[];
  readonly outputs?: unknown;
}

/** A plan file that cannot be used, with the reason. */
export class PlanError extends Error {}

/** Checks that `value` has the plan's shape and returns it typed; throws PlanError naming the bad field. */
export function parsePlan(value: unknown): Plan {
  if (!isRecord(value)) throw new PlanError("not a JSON object");
  if (typeof value.stack !== "string" || value.stack === "")
    throw new PlanError('"stack" must be a non-empty string');
  if (!Array.isArray(value.resources)) throw new PlanError('"resources" must be an array');
  value.resources.forEach((r: unknown, i: number) => {
    const at = `resources[${i}]`;
    if (!isRecord(r)) throw new PlanError(`${at} is not an object`);
    for (const key of ["urn", "type", "name"]) {
      if (typeof r[key] !== "string" || r[key] === "")
        throw new PlanError(`${at}.${key} must be a non-empty string`);
    }
    if (r.inputs !== undefined && !isRecord(r.inputs)) throw new PlanError(`${at}.inputs must be an object`);
    if (
      r.dependsOn !== undefined &&
      !(Array.isArray(r.dependsOn) && r.dependsOn.every((d) => typeof d === "string"))
    ) {
      throw new PlanError(`${at}.dependsOn must be a list of URNs`);
    }
  });
  const resources = (value.resources as Record<string, unknown>[]).map((r) => ({
    ...r,
    inputs: r.inputs ?? {},
  }));
  return { ...value, resources } as unknown as Plan;
}

/** Reads and parses a plan file; throws PlanError when it cannot be read or has the wrong shape. */
export function readPlanFile(file: string): Plan {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new PlanError(`cannot read ${file}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new PlanError(`${file} is not valid JSON`);
  }
  try {
    return parsePlan(json);
  } catch (error) {
    throw new PlanError(`${file}: ${(error as Error).message}`);
  }
}

/** The URN of the plan's root Stack resource. */
export function rootStackUrn(plan: Plan): string {
  const root = plan.resources.find((r) => r.type === "pulumi:pulumi:Stack");
  const project = plan.project ?? "game-infra";
  return root?.urn ?? `urn:pulumi:${plan.stack}::${project}::pulumi:pulumi:Stack::${project}-${plan.stack}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
