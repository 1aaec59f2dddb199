import { gameCostGuard } from "./cost-guard";
import { gameDataStoresProtected } from "./data-protection";
import { environmentPolicies } from "./environments";
import { gameRedisDbUnique } from "./redis-dbs";

/** Every game-specific policy (catalogue G1-G6). */
export const gamePolicies = [
  ...environmentPolicies,
  gameRedisDbUnique,
  gameDataStoresProtected,
  gameCostGuard,
];
