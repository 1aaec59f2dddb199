// G10: a dev environment idles through every night and weekend unless it sleeps; its sleep schedule
// is a kube-green SleepInfo in its namespace (lib/environment/sleep.ts). The registry may keep one
// awake, and says so on the namespace: `game-infra/always-on-reason` (`sleep.reason`, required on
// dev with `schedule: alwaysOn`), or `game-infra/sleep-paused-until` while `wake` pauses the
// schedule (at most MAX_SLEEP_PAUSE_DAYS ahead, as the registry allows). The annotation keys are the
// program's own (lib/environment/metadata.ts, through policy/lib/environments.ts).
import { addDays, isIsoDate, todayUtc } from "../../../lib/dates";
import { MAX_SLEEP_PAUSE_DAYS } from "../../../lib/sleep-schedule";
import { stringListSchema } from "../../lib/config-schemas";
import { stackPolicy } from "../../lib/define-policy";
import {
  alwaysOnReasonAnnotation,
  gameEnvironments,
  sleepPausedUntilAnnotation,
  tierLabel,
} from "../../lib/environments";
import { namespaceOf } from "../../lib/pod-templates";
import { SLEEP_INFO_TYPE } from "../../lib/resource-types";
import { readKnown } from "../../lib/stack-resources";

/** G10's settings. */
export interface SleepScheduleConfig {
  readonly tiers?: readonly string[];
}

const defaultTiers = ["dev"];

/** G10: environments of the listed tiers have a SleepInfo, or say on their namespace why not. */
export const gameEnvironmentSleepSchedule = stackPolicy(
  {
    name: "game-environment-sleep-schedule",
    catalogueId: "G10",
    check:
      "Every environment of a listed tier (game-infra/tier; default dev) has a kube-green SleepInfo in its namespace, " +
      `unless its namespace says why not: a non-empty ${alwaysOnReasonAnnotation}, or ${sleepPausedUntilAnnotation} ` +
      `(a paused schedule) from today to at most ${MAX_SLEEP_PAUSE_DAYS} days ahead.`,
    enforcementLevel: "advisory",
    config: {
      tiers: stringListSchema("Tiers whose environments must sleep on a schedule.", defaultTiers),
    },
  },
  (args, report) => {
    const { tiers = defaultTiers } = args.getConfig<SleepScheduleConfig>();
    const sleepInfoNamespaces = args.resources
      .filter((r) => SLEEP_INFO_TYPE.test(r.type))
      .map((r) => readKnown(() => namespaceOf(r)));
    // A SleepInfo whose namespace is unknown during preview may be any environment's.
    if (sleepInfoNamespaces.includes(undefined)) return;
    const today = todayUtc();
    const latestPause = addDays(today, MAX_SLEEP_PAUSE_DAYS);
    for (const env of gameEnvironments(args.resources)) {
      const tier = env.labels[tierLabel];
      if (tier === undefined || !tiers.includes(tier)) continue;
      if (sleepInfoNamespaces.includes(env.namespace)) continue;
      const reason = env.annotations[alwaysOnReasonAnnotation];
      if (typeof reason === "string" && reason.trim() !== "") continue;
      const pausedUntil = env.annotations[sleepPausedUntilAnnotation];
      if (pausedUntil !== undefined) {
        if (!isIsoDate(pausedUntil)) {
          report(
            `environment ${env.name}: ${sleepPausedUntilAnnotation} "${pausedUntil}" is not a YYYY-MM-DD date`,
            env.resource.urn,
          );
          continue;
        }
        if (pausedUntil >= today && pausedUntil <= latestPause) continue;
        report(
          pausedUntil < today
            ? `environment ${env.name} has no sleep schedule: its pause ended on ${pausedUntil}; resume it (npm run env -- sleep ${tier}/${env.name}) or say why it must stay on (sleep.reason with schedule: alwaysOn)`
            : `environment ${env.name} has no sleep schedule, paused until ${pausedUntil}, more than ${MAX_SLEEP_PAUSE_DAYS} days ahead (latest allowed today: ${latestPause})`,
          env.resource.urn,
        );
        continue;
      }
      report(
        `environment ${env.name} (${tier}) has no sleep schedule (a kube-green SleepInfo in namespace ${env.namespace}) and its namespace does not say why (${alwaysOnReasonAnnotation}): it runs every night and weekend; give it a schedule, or sleep.reason with schedule: alwaysOn in its registry file`,
        env.resource.urn,
      );
    }
  },
);
