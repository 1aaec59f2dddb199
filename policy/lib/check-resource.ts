import { type ResourceValidation, type ResourceValidationArgs, validateResourceOfType } from "@pulumi/policy";
import type { Unwrap } from "@pulumi/pulumi";

import type { ResourceClass } from "./resource-class";

/** What a simple check returns: nothing when the resource passes, else one or more problems. */
export type Problems = string | readonly string[] | undefined;

/** A validation of resources of `cls` that reports each problem `problems` returns. */
export function checkResource<TArgs>(
  cls: ResourceClass<TArgs>,
  problems: (props: Unwrap<NonNullable<TArgs>>, args: ResourceValidationArgs) => Problems,
): ResourceValidation {
  return validateResourceOfType(cls, (props, args, report) => {
    const found = problems(props, args);
    if (found === undefined) return;
    for (const problem of typeof found === "string" ? [found] : found) report(problem);
  });
}
