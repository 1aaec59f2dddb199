/**
 * Resolves the `karpenter` config section against the tier's profile: the Bottlerocket release
 * Karpenter's nodes run (pinned by version, so a new AMI arrives through review) and the working
 * hours during which node pools stay calm.
 */
import { workingHoursProblems, type WorkingHours } from "../lib/karpenter-schedule";
import type { KarpenterConfig } from "./config";
import type { ConfigIssue } from "./errors";
import type { StackConfigInput } from "./schema";
import type { TierProfile } from "./tier";

/** A Bottlerocket release as Karpenter's `bottlerocket@<version>` alias takes it. */
const BOTTLEROCKET_VERSION = /^v\d+\.\d+\.\d+$/;

/** The stack's Karpenter settings, or `undefined` with the problems added to `issues`. */
export function resolveKarpenterSettings(
  profile: TierProfile,
  input: StackConfigInput["karpenter"],
  issues: ConfigIssue[],
): KarpenterConfig | undefined {
  const before = issues.length;
  const fromTier = (set: unknown) => (set === undefined ? ` (the ${profile.name} tier's default)` : "");
  const bottlerocketVersion = input?.bottlerocketVersion ?? profile.karpenter.bottlerocketVersion;
  const where = fromTier(input?.bottlerocketVersion);
  if (/latest/i.test(bottlerocketVersion)) {
    issues.push({
      path: "karpenter.bottlerocketVersion",
      message: `"${bottlerocketVersion}"${where} would let every new Bottlerocket release replace the nodes without review; pin a release such as v1.68.1 and bump it in a reviewed change (docs/nodes.md)`,
    });
  } else if (!BOTTLEROCKET_VERSION.test(bottlerocketVersion)) {
    issues.push({
      path: "karpenter.bottlerocketVersion",
      message: `"${bottlerocketVersion}"${where} is not a Bottlerocket release written vMAJOR.MINOR.PATCH, such as v1.68.1`,
    });
  }
  const workingHours: WorkingHours = input?.workingHours ?? profile.karpenter.workingHours;
  for (const problem of workingHoursProblems(workingHours)) {
    issues.push({
      path: `karpenter.workingHours.${problem.field}`,
      message: `${problem.message}${fromTier(input?.workingHours)}`,
    });
  }
  return issues.length === before ? { bottlerocketVersion, workingHours } : undefined;
}
