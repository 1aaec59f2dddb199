// Tier rules come from the tier profiles the program is built from (stacks/tiers), not from a copy in
// policy config: an environment's tier is its namespace's `game-infra/tier` label.
import { TIER_NAMES, type TierName, type TierProfile } from "../../stacks/tier";
import { TIERS } from "../../stacks/tiers";

/** The known tier names, for messages. */
export const tierNames: readonly string[] = TIER_NAMES;

/** The profile of tier `name`, or undefined when there is no such tier. */
export function tierProfile(name: string): TierProfile | undefined {
  return (TIER_NAMES as readonly string[]).includes(name) ? TIERS[name as TierName] : undefined;
}
