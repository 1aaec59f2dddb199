import { gameCostGuard } from "./cost-guard";
import { gameDataStoresProtected } from "./data-protection";
import { gameEnvironmentLifetime } from "./environment-lifetime";
import { gameEnvironmentStackContents } from "./environment-stack";
import { environmentPolicies } from "./environments";
import { gameRedisDbUnique } from "./redis-dbs";
import { gameRedisDbNotRetired } from "./retired-redis-dbs";
import { gameEnvironmentSleepSchedule } from "./sleep-schedule";

/** Every game-specific policy (catalogue G1-G10). */
export const gamePolicies = [
  ...environmentPolicies,
  gameRedisDbUnique,
  gameDataStoresProtected,
  gameCostGuard,
  gameEnvironmentStackContents,
  gameRedisDbNotRetired,
  gameEnvironmentLifetime,
  gameEnvironmentSleepSchedule,
];
