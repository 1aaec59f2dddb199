/**
 * Data-loss risks of Redis DB numbers, which no resource delete shows: every environment of a tier
 * shares one Redis and owns one numbered database in it (docs/data-stores.md, "Redis DB numbers").
 * Removing an environment leaves its keys in its DB, so
 *
 * - an environment given a number another environment used (removed, or moved to another number)
 *   may read that environment's keys: a fresh environment starts with someone else's data;
 * - an environment whose number changes starts on an empty (or someone else's) DB, and its own keys
 *   stay behind in the old one, orphaned.
 *
 * Found by comparing sets of plans (before and after the change) keyed by environment name within a
 * tier, so it works for environments in the platform stack and for one stack per environment alike.
 */
import { plannedEnvironments, tierOf, type PlannedEnvironment } from "./environments";
import type { Plan } from "./model";
import type { DataLossRisk } from "./risks";

/** A Redis DB risk, with the stack whose review shows it (the stack of the environment after the change). */
export interface RedisDbRisk extends DataLossRisk {
  readonly stack: string;
}

/** Where docs/data-stores.md says how to empty a DB, and that removing an environment keeps its data. */
const DOCS = 'docs/data-stores.md, "Removing an environment does not delete its data"';

/** The Redis DB risks of going from the plans `before` to the plans `after` (any number of stacks). */
export function redisDbRisks(before: readonly Plan[], after: readonly Plan[]): RedisDbRisk[] {
  const old = plannedEnvironments(before);
  const next = plannedEnvironments(after);
  const oldUrns = new Set(before.flatMap((p) => p.resources.map((r) => r.urn)));
  const risks: RedisDbRisk[] = [];
  for (const env of next) {
    if (env.redisDb === undefined) continue;
    const db = env.redisDb;
    const tier = tierOf(env.stack);
    const sameTier = old.filter((o) => tierOf(o.stack) === tier);
    const operation = oldUrns.has(env.namespace.urn) ? "update" : "create";
    const subject = {
      stack: env.stack,
      urn: env.namespace.urn,
      type: env.namespace.type,
      name: env.namespace.name,
      operation,
    } as const;
    const previous = sameTier.find((o) => o.name === env.name && o.redisDb !== undefined);
    if (previous && previous.redisDb !== db) {
      risks.push({
        ...subject,
        holds: `environment ${env.name}'s keys in Redis DB ${previous.redisDb}`,
        reason:
          `${env.name}'s redisDb changes from ${previous.redisDb} to ${db}: its servers start on DB ${db} ` +
          `without their keys, which stay in DB ${previous.redisDb}, orphaned (nothing empties a DB)`,
        mitigations: [
          `to keep the data, leave redisDb at ${previous.redisDb}; if it is meant to go, empty DB ${previous.redisDb} (FLUSHDB, ${DOCS}) so no later environment finds it`,
        ],
      });
    }
    const holders = sameTier.filter((o) => o.redisDb === db && o.name !== env.name);
    if (holders.length > 0) {
      const names = holders.map((h) => h.name).join(", ");
      const fates = holders.map((h) => fate(h, next)).join("; ");
      risks.push({
        ...subject,
        holds: `Redis DB ${db}, used by ${names} before this change`,
        reason:
          `${env.name} is given Redis DB ${db}, which ${names} used (${fates}): ` +
          `a DB keeps its keys when its environment goes, so ${env.name}'s servers may read ${names}'s data`,
        mitigations: [
          `safe only if DB ${db} was emptied first (FLUSHDB, ${DOCS}), or if ${env.name} is meant to take over ${names}'s data (a rename); otherwise give ${env.name} an unused number`,
        ],
      });
    }
  }
  return risks;
}

/** What became of an environment that used a DB: removed, or moved to another number. */
function fate(holder: PlannedEnvironment, next: readonly PlannedEnvironment[]): string {
  const now = next.find((n) => n.name === holder.name && tierOf(n.stack) === tierOf(holder.stack));
  if (!now) return `${holder.name} is removed in this change`;
  if (now.redisDb === undefined) return `${holder.name}'s number is unknown now`;
  if (now.redisDb === holder.redisDb) return `${holder.name} still uses it`;
  return `${holder.name} moves to DB ${now.redisDb}`;
}
