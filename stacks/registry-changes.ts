/**
 * The registry rules that need the base branch: what a change may do to Redis DB numbers. An
 * environment's Redis DB is its for life; when its file goes, its number is retired in the same
 * change (so no later environment gets a DB that may still hold the old one's data); a retired
 * number comes back only by removing its entry, after flushing the DB, in a change of its own.
 */
import { parse } from "yaml";
import type { ConfigIssue } from "./errors";
import { retiredFilePath } from "./registry";
import { retiredRedisDbsSchema, type RetiredRedisDb } from "./registry-schema";
import type { RegistrySource } from "./resolve-registry";

/** An environment's Redis DB as the base registry has it (lenient: an unreadable base file is skipped). */
function baseRedisDb(text: string): number | undefined {
  try {
    const value = parse(text) as { redisDb?: unknown } | null;
    return typeof value?.redisDb === "number" && Number.isInteger(value.redisDb) ? value.redisDb : undefined;
  } catch {
    return undefined;
  }
}

function retiredOf(source: RegistrySource): RetiredRedisDb[] {
  if (!source.retired) return [];
  try {
    const result = retiredRedisDbsSchema.safeParse(parse(source.retired.text));
    return result.success ? (result.data ?? []) : [];
  } catch {
    return [];
  }
}

/**
 * Problems with the change from `base` to `head` (one tier's registry at two points): an environment
 * removed without retiring its Redis DB, an environment whose Redis DB changed, and a number released
 * and taken again in the same change.
 */
export function registryChangeIssues(
  base: RegistrySource,
  head: RegistrySource,
  today: string,
): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const headRetired = retiredOf(head);
  const baseRetired = retiredOf(base);
  const retiredFile = retiredFilePath(head.tier);

  for (const [name, file] of base.environments) {
    const db = baseRedisDb(file.text);
    if (db === undefined) continue;
    const now = head.environments.get(name);
    if (!now) {
      const retired = headRetired.some((entry) => entry.db === db && entry.environment === name);
      if (!retired) {
        issues.push({
          path: file.path,
          message: `was removed without retiring its Redis DB ${db}: add { db: ${db}, environment: ${name}, retired: "${today}" } to ${retiredFile} in the same change (npm run env -- delete ${head.tier}/${name} does both)`,
        });
      }
      continue;
    }
    const headDb = baseRedisDb(now.text);
    if (headDb !== undefined && headDb !== db) {
      issues.push({
        path: `${now.path}: redisDb`,
        message: `changed from ${db} to ${headDb}: an environment keeps its Redis DB for life (its data is in DB ${db}); to start with an empty one, delete the environment and create a new one`,
      });
    }
  }

  const released = baseRetired.filter(
    (old) => !headRetired.some((entry) => entry.db === old.db && entry.environment === old.environment),
  );
  for (const entry of released) {
    for (const [name, file] of head.environments) {
      if (baseRedisDb(file.text) !== entry.db) continue;
      const before = base.environments.get(name);
      if (before && baseRedisDb(before.text) === entry.db) continue;
      issues.push({
        path: `${file.path}: redisDb`,
        message: `${entry.db} is released from ${retiredFile} in this same change; release it on its own (after flushing it, docs/data-stores.md "Redis DB numbers") and use it in a later change`,
      });
    }
  }
  return issues;
}
