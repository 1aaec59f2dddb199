import type { TierName, TierProfile } from "../tier";
import { devTier } from "./dev";
import { qaTier } from "./qa";
import { stageTier } from "./stage";

/** Every tier profile by name. */
export const TIERS: Readonly<Record<TierName, TierProfile>> = { dev: devTier, qa: qaTier, stage: stageTier };
