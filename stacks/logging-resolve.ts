/** Resolves the `logging` config section against the tier's profile and checks it against the system pool. */
import { poolSizing } from "../lib/sizing";
import {
  loggingProblems,
  resolveLoggingSettings,
  type LoggingInput,
  type LoggingSettings,
} from "../lib/logging/settings";
import type { NodePoolConfig } from "./config";
import type { ConfigIssue } from "./errors";
import type { TierProfile } from "./tier";

/**
 * The stack's logging settings, or `undefined` when the section is missing or invalid (the schema
 * has then already reported why). Cross-field problems are added to `issues` as `logging.<key>`.
 */
export function resolveLogging(
  profile: TierProfile,
  input: LoggingInput | undefined,
  nodePools: readonly NodePoolConfig[],
  issues: ConfigIssue[],
): LoggingSettings | undefined {
  if (!input) return undefined;
  const settings = resolveLoggingSettings(profile.logging, input);
  const system = nodePools.find((p) => p.name === "system");
  // A system pool that is not a managed node group is refused by the node pool rules.
  if (!system || system.provisioner !== "managed") return settings;
  let sizing;
  try {
    sizing = poolSizing(system.instanceTypes);
  } catch {
    return settings; // the node pool's own checks report the unknown instance type
  }
  const before = issues.length;
  for (const problem of loggingProblems(settings, {
    nodes: system.desiredSize,
    allocatableCpuMillicores: sizing.allocatableCpuMillicores,
    allocatableMemoryMiB: sizing.allocatableMemoryMiB,
  })) {
    issues.push({ path: `logging.${problem.path}`, message: problem.message });
  }
  return issues.length === before ? settings : undefined;
}
