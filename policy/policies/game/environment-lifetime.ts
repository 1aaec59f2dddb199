// G9: dev and qa environments are temporary. Their tier profile (stacks/tiers) sets how far ahead
// `expires` may lie; a tier without `environmentLifetime` (stage) may keep environments for good.
// The tier is the namespace's `game-infra/tier` label (G7 holds it to the stack's name), and the
// maximum is the profile's, not a copy in policy config.
//
// Like the registry (stacks/resolve-registry.ts), the maximum is measured from today: a policy
// cannot know on which day the date was set or last extended, so a date set 60 days ahead yesterday
// still passes today, and no environment can be pushed further out than the tier allows.
import { addDays, isIsoDate, todayUtc } from "../../../lib/dates";
import { checkResource } from "../../lib/check-resource";
import { resourcePolicy } from "../../lib/define-policy";
import { environmentNameOf, expiresAnnotation, tierLabel } from "../../lib/environments";
import { Namespace } from "../../lib/resource-types";
import { tierNames, tierProfile } from "../../lib/tier-profiles";
import { recordOf } from "../../lib/values";

/** G9: an environment of a tier with a lifetime has an expiry within the tier's maximum. */
export const gameEnvironmentLifetime = resourcePolicy(
  {
    name: "game-environment-lifetime",
    catalogueId: "G9",
    check:
      "Environments of a tier with a lifetime (dev, qa: environmentLifetime in stacks/tiers) carry game-infra/expires " +
      "at most the tier's maximum days ahead of today; the tier is the namespace's game-infra/tier label; stage may be permanent.",
    enforcementLevel: "mandatory",
  },
  checkResource(Namespace, (namespace, args) => {
    const environment = environmentNameOf(args);
    if (environment === undefined) return undefined;
    const tier = recordOf<string>(namespace.metadata?.labels)[tierLabel];
    if (tier === undefined) {
      return `environment ${environment} has no ${tierLabel} label; the tier decides how long it may live`;
    }
    const profile = tierProfile(tier);
    if (!profile)
      return `environment ${environment}: ${tierLabel} "${tier}" is not a tier (${tierNames.join(", ")})`;
    const lifetime = profile.environmentLifetime;
    if (!lifetime) return undefined;
    const expires: unknown = recordOf(namespace.metadata?.annotations)[expiresAnnotation];
    const today = todayUtc();
    const latest = addDays(today, lifetime.maxDays);
    if (expires === undefined) {
      return `environment ${environment} has no ${expiresAnnotation}; ${tier} environments are temporary: an expiry at most ${lifetime.maxDays} days ahead (${latest} today) is required`;
    }
    if (!isIsoDate(expires)) {
      return `environment ${environment}: ${expiresAnnotation} "${String(expires)}" is not a YYYY-MM-DD date`;
    }
    return expires > latest
      ? `environment ${environment} expires on ${expires}, more than ${lifetime.maxDays} days ahead (the ${tier} maximum); latest allowed today (${today}): ${latest}`
      : undefined;
  }),
);
