// G8, the part one stack can show: the Redis DB number an environment is deployed with is not on its
// tier's retired list. A removed environment's data may still be in its DB, so the number is listed
// in environments/<tier>/retired-redis-dbs.yaml and never handed out while listed.
//
// The list is read from the repository checkout the pack runs from, with the registry's own file
// paths and schema (stacks/registry.ts, stacks/registry-schema.ts): the pack is a workspace of this
// repository and already imports its rule modules, so it always runs from a checkout, the same one
// `pulumi up` and the offline plan read the registry from. The rest of G8 needs more than one stack
// or more than one commit and is the registry check's: README.md, "G8: what a policy can check".
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";

import { parse } from "yaml";

import { REGISTRY_DIR, retiredFilePath } from "../../../stacks/registry";
import { type RetiredRedisDb, retiredRedisDbsSchema } from "../../../stacks/registry-schema";
import { checkResource } from "../../lib/check-resource";
import { resourcePolicy } from "../../lib/define-policy";
import { environmentNameOf, redisDbAnnotation, tierLabel } from "../../lib/environments";
import { Namespace } from "../../lib/resource-types";
import { tierNames, tierProfile } from "../../lib/tier-profiles";
import { recordOf } from "../../lib/values";

/** G8's settings. */
export interface RetiredRedisDbConfig {
  /** The checkout whose registry is read, relative to the repository that holds the pack. */
  readonly registryRoot?: string;
}

/** The repository that holds this pack (policy/ is one of its workspaces). */
export const packRepositoryRoot = path.resolve(__dirname, "..", "..", "..");

/** The retired entries of `tier` under `root`, or the reason they cannot be read. */
export function readRetiredRedisDbs(
  root: string,
  tier: string,
): { entries: readonly RetiredRedisDb[] } | { problem: string } {
  if (!existsSync(path.join(root, REGISTRY_DIR))) {
    return {
      problem: `the environment registry ${path.join(root, REGISTRY_DIR)} does not exist; the pack reads retired Redis DBs from the repository checkout it runs from`,
    };
  }
  const relative = retiredFilePath(tier);
  const file = path.join(root, relative);
  if (!existsSync(file)) return { entries: [] };
  let value: unknown;
  try {
    value = parse(readFileSync(file, "utf8"));
  } catch (error) {
    return { problem: `${relative} is not valid YAML: ${(error as Error).message.split("\n")[0]}` };
  }
  const result = retiredRedisDbsSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const at = issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("");
    return { problem: `${relative}${at ? ` ${at}` : ""}: ${issue.message}` };
  }
  return { entries: result.data ?? [] };
}

/** G8: an environment's Redis DB number is not on its tier's retired list. */
export const gameRedisDbNotRetired = resourcePolicy(
  {
    name: "game-redis-db-not-retired",
    catalogueId: "G8",
    check:
      "An environment's Redis DB (namespace annotation game-infra/redis-db) is not on its tier's retired list, " +
      "environments/<tier>/retired-redis-dbs.yaml of the checkout the pack runs from; the tier is the namespace's " +
      "game-infra/tier label. Removed environments' numbers being listed, and never reused across the tier's stacks, " +
      "is the registry check's part (stacks/resolve-registry.ts and the comparison with the base branch).",
    enforcementLevel: "mandatory",
    config: {
      registryRoot: {
        type: "string",
        minLength: 1,
        default: ".",
        description:
          "The repository checkout whose environments/<tier>/retired-redis-dbs.yaml is read, relative to the repository that holds the pack.",
      },
    },
  },
  checkResource(Namespace, (namespace, args) => {
    const environment = environmentNameOf(args);
    if (environment === undefined) return undefined;
    const labels = recordOf<string>(namespace.metadata?.labels);
    const annotations = recordOf<string>(namespace.metadata?.annotations);
    const tier = labels[tierLabel];
    if (tier === undefined || !tierProfile(tier)) {
      return `environment ${environment}: ${tierLabel} ${tier === undefined ? "is missing" : `"${tier}" is not a tier (${tierNames.join(", ")})`}, so its tier's retired Redis DBs cannot be checked`;
    }
    const db = annotations[redisDbAnnotation];
    // No number is G3's finding; there is nothing to compare here.
    if (db === undefined) return undefined;
    const { registryRoot = "." } = args.getConfig<RetiredRedisDbConfig>();
    const retired = readRetiredRedisDbs(path.resolve(packRepositoryRoot, registryRoot), tier);
    if ("problem" in retired)
      return `environment ${environment}: cannot check its Redis DB: ${retired.problem}`;
    const entry = retired.entries.find((e) => String(e.db) === db.trim());
    return entry
      ? `environment ${environment} uses Redis DB ${db}, which is retired: environment "${entry.environment}" used it until ${entry.retired} and its data may still be there (${retiredFilePath(tier)}); give it a free number`
      : undefined;
  }),
);
