/** Synchronous argument checks for components, run before any child resource is created. */
import * as pulumi from "@pulumi/pulumi";

/** One failed check: which argument, and why. */
export interface ArgProblem {
  readonly propertyPath: string;
  readonly reason: string;
}

/**
 * Throws every problem at once as a `pulumi.InputPropertiesError`, which the engine prints per
 * property. Does nothing when `problems` is empty.
 */
export function assertValidArgs(component: string, name: string, problems: readonly ArgProblem[]): void {
  if (problems.length === 0) return;
  throw new pulumi.InputPropertiesError({
    message: `${component} "${name}" has invalid arguments:\n${problems.map((p) => `  ${p.propertyPath}: ${p.reason}`).join("\n")}`,
    errors: problems.map((p) => ({ propertyPath: p.propertyPath, reason: p.reason })),
  });
}
