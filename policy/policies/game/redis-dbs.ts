// G3 as a stack policy: each environment's Redis DB number is written once and never re-assigned,
// so two environments sharing a number would read each other's data. The number comes from the
// environment's ConfigMap (`game-env`, key REDIS_DB) or the namespace annotation
// `game-infra/redis-db`; when both are set they must agree. The database count is the ElastiCache
// parameter group's `databases` when the stack sets one, else `redisDatabaseCount` from config.
import type { PolicyResource } from "@pulumi/policy";

import { stackPolicy } from "../../lib/define-policy";
import { type GameEnvironment, gameEnvironments } from "../../lib/environments";
import { namespaceOf, objectNameOf } from "../../lib/pod-templates";
import { CacheParameterGroup, ConfigMap } from "../../lib/resource-types";
import { readKnown, resourcesOfType } from "../../lib/stack-resources";
import { arrayOf, type Props } from "../../lib/values";

/** Where an environment's Redis DB number is read from. */
export interface RedisDbConfig {
  readonly redisDatabaseCount?: number;
  readonly configMapName?: string;
  readonly configMapKey?: string;
  readonly annotation?: string;
}

const defaults = {
  redisDatabaseCount: 16,
  configMapName: "game-env",
  configMapKey: "REDIS_DB",
  annotation: "game-infra/redis-db",
};

type DbNumber = { value: string } | "unknown" | undefined;

function fromConfigMap(
  env: GameEnvironment,
  configMaps: readonly PolicyResource[],
  config: typeof defaults,
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

function databaseCount(resources: readonly PolicyResource[], fallback: number): number {
  for (const group of resourcesOfType(resources, CacheParameterGroup)) {
    const databases = readKnown(
      () => arrayOf<Props>(group.props.parameters).find((p) => p.name === "databases")?.value,
    );
    if (databases !== undefined && /^\d+$/.test(String(databases))) return Number(databases);
  }
  return fallback;
}

/** G3: Redis DB numbers are unique and within the database count. */
export const gameRedisDbUnique = stackPolicy(
  {
    name: "game-redis-db-unique",
    catalogueId: "G3",
    check: "Every environment has its own Redis DB number, unique in the stack and below the database count.",
    enforcementLevel: "mandatory",
    config: {
      redisDatabaseCount: {
        type: "integer",
        minimum: 1,
        default: defaults.redisDatabaseCount,
        description: "Databases the Redis server has, when no parameter group says.",
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
    const config = { ...defaults, ...args.getConfig<RedisDbConfig>() };
    const count = databaseCount(args.resources, config.redisDatabaseCount);
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
      if (!/^\d+$/.test(raw) || Number(raw) >= count) {
        report(
          `environment ${env.name}: Redis DB "${raw}" is not a number from 0 to ${count - 1}`,
          env.resource.urn,
        );
        continue;
      }
      const db = Number(raw);
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
