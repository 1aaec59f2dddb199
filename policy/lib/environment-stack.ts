// An environment stack is a stack of the environment project (`environment/Pulumi.yaml`,
// `game-environment`): that is what makes it one, whatever it holds. The project is read from the
// URNs the engine gives every resource, so a broken environment stack (one with no environment
// namespace, or two) is still recognised and judged, and a platform stack (`game-infra`) never is.
import type { PolicyResource } from "@pulumi/policy";

import { ENVIRONMENT_PROJECT, parseEnvironmentStackName } from "../../lib/naming";
import { TIER_NAMES } from "../../stacks/tier";
import { parseUrn } from "./urn";

/** The stack a policy is judging, when it is an environment stack. */
export interface EnvironmentStack {
  /** The stack name as the URNs carry it (`dev.dev1`). */
  readonly stack: string;
  /** The tier and environment the name stands for; undefined when it is not `<tier>.<environment>`. */
  readonly named?: { readonly tier: string; readonly environment: string };
}

/** The environment stack `resources` belong to, or undefined when they belong to another project. */
export function environmentStackOf(resources: readonly PolicyResource[]): EnvironmentStack | undefined {
  for (const resource of resources) {
    const urn = parseUrn(resource.urn);
    if (!urn) continue;
    if (urn.project !== ENVIRONMENT_PROJECT) return undefined;
    const named = parseEnvironmentStackName(urn.stack);
    return {
      stack: urn.stack,
      ...(named && (TIER_NAMES as readonly string[]).includes(named.tier) ? { named } : {}),
    };
  }
  return undefined;
}
