// G3 as a stack policy: an environment's Redis DB number is written once and never re-assigned, so
// two environments sharing a number would read each other's data. The number comes from the
// environment's ConfigMap (`game-env`, key REDIS_DB) or the namespace annotation
// `game-infra/redis-db`; when both are set they must agree, and it is from 1 (database 0 is kept for
// shared tooling) to the database count minus one.
//
// Each environment is its own stack, so within a stack the uniqueness check has one environment to
// compare (it still catches a stack that holds two, which G7 reports too). That no two environment
// stacks of a tier share a number is the registry's check (stacks/resolve-registry.ts), which sees
// the whole tier; no policy sees more than one stack.
//
// The database count is, in order: the ElastiCache parameter group's `databases` when the stack sets
// one (the platform stack), `redisDatabaseCount` from config, or the tier profile's `redisDatabases`
// for the namespace's `game-infra/tier` label (an environment stack, which holds no parameter group).
import type { PolicyResource } from "@pulumi/policy";

import { FIRST_ENVIRONMENT_REDIS_DB } from "../../../stacks/registry-schema";
import { stackPolicy } from "../../lib/define-policy";
import { type GameEnvironment, gameEnvironments, redisDbAnnotation, tierLabel } from "../../lib/environments";
import { namespaceOf, objectNameOf } from "../../lib/pod-templates";
import { CacheParameterGroup, ConfigMap } from "../../lib/resource-types";
import { readKnown, resourcesOfType } from "../../lib/stack-resources";
import { tierProfile } from "../../lib/tier-profiles";
import { arrayOf, type Props } from "../../lib/values";

/** Where an environment's Redis DB number is read from. */
export interface RedisDbConfig {
  readonly redisDatabaseCount?: number;
  readonly configMapName?: string;
  readonly configMapKey?: string;
  readonly annotation?: string;
}

type Settings = Required<Omit<RedisDbConfig, "redisDatabaseCount">> &
  Pick<RedisDbConfig, "redisDatabaseCount">;

const defaults: Settings = {
  configMapName: "game-env",
  configMapKey: "REDIS_DB",
  annotation: redisDbAnnotation,
};

type DbNumber = { value: string } | "unknown" | undefined;

function fromConfigMap(
  env: GameEnvironment,
  configMaps: readonly PolicyResource[],
  config: Settings,
): DbNumber {
  for (const cm of configMaps) {
    const entry = readKnown(() =>
      namespaceOf(cm) === env.namespace && objectNameOf(cm) === config.configMapName
        ? { value: cm.props.data?.[config.configMapKey] as unknown }
        : null,
    );
    if (entry === undefined) return "unknown";
    if (entry !== null && entry.value !== undefined) return { value: String(entry.value) };
  }
  return undefined;
}

/** The `databases` a parameter group of the stack sets, if any. */
function parameterGroupCount(resources: readonly PolicyResource[]): number | undefined {
  for (const group of resourcesOfType(resources, CacheParameterGroup)) {
    const databases = readKnown(
      () => arrayOf<Props>(group.props.parameters).find((p) => p.name === "databases")?.value,
    );
    if (databases !== undefined && /^\d+$/.test(String(databases))) return Number(databases);
  }
  return undefined;
}

/** The database count `env` is judged against, and where it comes from; undefined when nothing says. */
function databaseCount(
  env: GameEnvironment,
  fromStack: number | undefined,
  config: Settings,
): { count: number; source: string } | undefined {
  if (fromStack !== undefined) return { count: fromStack, source: "the stack's ElastiCache parameter group" };
  if (config.redisDatabaseCount !== undefined) {
    return { count: config.redisDatabaseCount, source: "redisDatabaseCount in policy config" };
  }
  const tier = env.labels[tierLabel];
  const profile = tier === undefined ? undefined : tierProfile(tier);
  return profile ? { count: profile.redisDatabases, source: `the ${tier} tier profile` } : undefined;
}

/** G3: each environment's Redis DB number is set, consistent, in range and unique in the stack. */
export const gameRedisDbUnique = stackPolicy(
  {
    name: "game-redis-db-unique",
    catalogueId: "G3",
    check:
      "Every environment has a Redis DB number (its game-env ConfigMap and namespace annotation agree), from 1 to the " +
      "database count minus one, unique among the stack's environments; across a tier's environment stacks, uniqueness " +
      "is the registry's check (stacks/resolve-registry.ts).",
    enforcementLevel: "mandatory",
    config: {
      redisDatabaseCount: {
        type: "integer",
        minimum: 2,
        description:
          "Databases the tier's Redis has, when the stack has no parameter group saying so and the platform overrides the tier profile's redisDatabases.",
      },
      configMapName: {
        type: "string",
        default: defaults.configMapName,
        description: "ConfigMap holding the environment's settings.",
      },
      configMapKey: {
        type: "string",
        default: defaults.configMapKey,
        description: "ConfigMap key holding the Redis DB number.",
      },
      annotation: {
        type: "string",
        default: defaults.annotation,
        description: "Namespace annotation that may hold the Redis DB number.",
      },
    },
  },
  (args, report) => {
    const config: Settings = { ...defaults, ...args.getConfig<RedisDbConfig>() };
    const fromStack = parameterGroupCount(args.resources);
    const configMaps = resourcesOfType(args.resources, ConfigMap);
    const owners = new Map<number, string[]>();
    for (const env of gameEnvironments(args.resources)) {
      const fromMap = fromConfigMap(env, configMaps, config);
      if (fromMap === "unknown") continue;
      const annotated = env.annotations[config.annotation];
      if (fromMap && annotated !== undefined && annotated !== fromMap.value) {
        report(
          `environment ${env.name}: ${config.configMapKey} ${fromMap.value} and ${config.annotation} ${annotated} disagree`,
          env.resource.urn,
        );
        continue;
      }
      const raw = fromMap?.value ?? annotated;
      if (raw === undefined) {
        report(
          `environment ${env.name} has no Redis DB number (${config.configMapName}.${config.configMapKey} or ${config.annotation})`,
          env.resource.urn,
        );
        continue;
      }
      const databases = databaseCount(env, fromStack, config);
      if (!databases) {
        report(
          `environment ${env.name}: nothing says how many databases its Redis has (no parameter group in the stack, no redisDatabaseCount in config, no known ${tierLabel} label)`,
          env.resource.urn,
        );
        continue;
      }
      const db = /^\d+$/.test(raw) ? Number(raw) : undefined;
      if (db === undefined || db < FIRST_ENVIRONMENT_REDIS_DB || db >= databases.count) {
        report(
          `environment ${env.name}: Redis DB "${raw}" is not a number from ${FIRST_ENVIRONMENT_REDIS_DB} to ${databases.count - 1} (database 0 is kept for shared tooling; ${databases.count} databases per ${databases.source})`,
          env.resource.urn,
        );
        continue;
      }
      const earlier = owners.get(db) ?? [];
      if (earlier.length > 0) {
        report(
          `environment ${env.name} uses Redis DB ${db}, already used by ${earlier.join(", ")}`,
          env.resource.urn,
        );
      }
      owners.set(db, [...earlier, env.name]);
    }
  },
);
