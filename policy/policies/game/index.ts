import { gameCostGuard } from "./cost-guard";
import { gameDataStoresProtected } from "./data-protection";
import { gameEnvironmentLifetime } from "./environment-lifetime";
import { gameEnvironmentStackContents } from "./environment-stack";
import { environmentPolicies } from "./environments";
import { gameRedisDbUnique } from "./redis-dbs";
import { gameRedisDbNotRetired } from "./retired-redis-dbs";

/** Every game-specific policy (catalogue G1-G9). */
export const gamePolicies = [
  ...environmentPolicies,
  gameRedisDbUnique,
  gameDataStoresProtected,
  gameCostGuard,
  gameEnvironmentStackContents,
  gameRedisDbNotRetired,
  gameEnvironmentLifetime,
];
