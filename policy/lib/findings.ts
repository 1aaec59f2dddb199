// The common shape of the pod rules: collect the problems of one pod template (or one Helm
// release's values), drop them when the workload is on the policy's `allowedWorkloads` list, and
// report each one.
import type { ResourceValidation, ResourceValidationArgs } from "@pulumi/policy";

import type { AllowedWorkload } from "./config-schemas";
import { type HelmValuesCheck, type ValueEntry, validateHelmValues } from "./helm-values";
import { type PodTemplate, isAllowed, validatePodTemplates } from "./pod-templates";
import type { AnyResourceClass } from "./resource-class";

/** Config of the policies that accept an allow-list of workloads. */
export interface AllowListConfig {
  readonly allowedWorkloads?: readonly AllowedWorkload[];
}

/** A validation reporting each problem `find` returns for a pod template, unless the workload is allow-listed. */
export function podTemplateFindings(
  find: (template: PodTemplate, args: ResourceValidationArgs) => readonly string[],
  kinds?: readonly AnyResourceClass[],
): ResourceValidation {
  return validatePodTemplates((template, args, report) => {
    const problems = find(template, args);
    if (problems.length === 0) return;
    const { allowedWorkloads = [] } = args.getConfig<AllowListConfig>();
    if (isAllowed(allowedWorkloads, template.workload())) return;
    for (const problem of problems) report(problem);
  }, kinds);
}

/** A validation reporting each Helm value `problemWith` flags, unless the release is allow-listed. */
export function helmValueFindings(
  problemWith: (entry: ValueEntry, args: ResourceValidationArgs) => string | undefined,
): ResourceValidation {
  const check: HelmValuesCheck = (entries, release, args, report) => {
    const problems = entries.flatMap((entry) => {
      const problem = problemWith(entry, args);
      return problem ? [`Helm values ${entry.path}: ${problem}`] : [];
    });
    if (problems.length === 0) return;
    const { allowedWorkloads = [] } = args.getConfig<AllowListConfig>();
    if (isAllowed(allowedWorkloads, release())) return;
    for (const problem of problems) report(problem);
  };
  return validateHelmValues(check);
}
