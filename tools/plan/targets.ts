/**
 * What `npm run plan` plans: targets named on the command line, each a tier (`dev`: its platform
 * stack and one stack per registry file), a platform stack alone (`dev --platform-only`) or one
 * environment stack (`dev.dev1`, planned against its platform's planned outputs). The same function
 * plans the base at a git ref (in a worktree, by that commit's copy of this module), so a diff
 * compares like with like, stacks that exist on one side only included.
 */
import { ConfigError } from "../../stacks/errors";
import { environmentStackName, parseEnvironmentStackName } from "../../lib/naming";
import { RegistryError } from "../../stacks/resolve-registry";
import { TIER_NAMES, type TierName } from "../../stacks/tier";
import type { Plan } from "./model";
import { StackFileError } from "./stack-files";
import { knownStacks } from "./stacks";

/** One tier's part of a plan run. */
export interface PlanTarget {
  readonly tier: TierName;
  /** Plan (and show) the platform stack. */
  readonly platform: boolean;
  /** The environment stacks: every registry file, or these environments. */
  readonly environments: "all" | readonly string[];
}

/** Parses target names into one target per tier, in the order first named; throws StackFileError. */
export function parseTargets(
  root: string,
  names: readonly string[],
  options: { readonly platformOnly?: boolean; readonly configFile?: string } = {},
): PlanTarget[] {
  const known = knownStacks(root);
  const byTier = new Map<TierName, { platform: boolean; environments: "all" | string[] }>();
  const tierOf = (tier: string, name: string): TierName => {
    if (!(TIER_NAMES as readonly string[]).includes(tier) || (!known.includes(tier) && !options.configFile)) {
      throw new StackFileError(
        `unknown stack "${name}": a target is a tier (${known.filter((s) => (TIER_NAMES as readonly string[]).includes(s)).join(", ")}), ` +
          `its platform stack (with --platform-only) or an environment stack <tier>.<environment> such as dev.dev1`,
      );
    }
    return tier as TierName;
  };
  for (const name of names) {
    const environment = parseEnvironmentStackName(name);
    if (environment) {
      if (options.platformOnly) {
        throw new StackFileError(`--platform-only plans no environment stack; got ${name}`);
      }
      const tier = tierOf(environment.tier, name);
      const entry = byTier.get(tier) ?? { platform: false, environments: [] };
      if (entry.environments !== "all" && !entry.environments.includes(environment.environment)) {
        entry.environments.push(environment.environment);
      }
      byTier.set(tier, entry);
    } else {
      const tier = tierOf(name, name);
      const entry = byTier.get(tier) ?? { platform: false, environments: [] };
      entry.platform = true;
      entry.environments = options.platformOnly ? entry.environments : "all";
      byTier.set(tier, entry);
    }
  }
  return [...byTier].map(([tier, entry]) => ({ tier, ...entry }));
}

/** How to plan the targets. */
export interface PlanTargetsRequest {
  readonly root: string;
  /** Where `environments/<tier>/` is read from. @default root */
  readonly registryRoot?: string;
  readonly targets: readonly PlanTarget[];
  /** The platform's settings file instead of `Pulumi.<tier>.yaml` (one tier). */
  readonly configFile?: string;
  /** Lifetimes are measured from this day. @default today (UTC) */
  readonly today?: string;
  readonly onPlanned?: (stack: string, plan: Plan) => void;
}

/** Every planned stack in order (platform, then its environment stacks by name), and problems by stack. */
export interface TargetPlans {
  /** Stack names in the order they are shown; a name can be in `problems` instead of `plans`. */
  readonly order: string[];
  readonly plans: Map<string, Plan>;
  readonly problems: Map<string, string[]>;
}

/** The name under which a tier's registry problems are reported when no stack can be named. */
export function registryLabel(tier: string): string {
  return `environments/${tier}`;
}

/**
 * Plans every target. A platform config error or an invalid registry is recorded as a problem of
 * the stacks it stops (the run goes on with the other tiers); anything else throws.
 */
export async function planTargets(request: PlanTargetsRequest): Promise<TargetPlans> {
  // Loaded here, not at the top: the plan tool checks its arguments first, without the Pulumi SDKs.
  const { buildTierPlans } = await import("./tier");
  const result: TargetPlans = { order: [], plans: new Map(), problems: new Map() };
  for (const target of request.targets) {
    const wanted = target.environments === "all" ? undefined : target.environments;
    try {
      const tier = await buildTierPlans({
        root: request.root,
        tier: target.tier,
        ...(request.registryRoot ? { registryRoot: request.registryRoot } : {}),
        ...(request.configFile ? { configFile: request.configFile } : {}),
        ...(request.today ? { today: request.today } : {}),
        ...(wanted ? { environments: wanted } : {}),
        platformOnly: target.environments !== "all" && target.environments.length === 0,
        ...(request.onPlanned
          ? {
              onPlanned: (stack: string, plan: Plan) => {
                if (stack !== target.tier || target.platform) request.onPlanned!(stack, plan);
              },
            }
          : {}),
      });
      if (target.platform) {
        result.order.push(target.tier);
        result.plans.set(target.tier, tier.platform);
      }
      for (const [stack, plan] of tier.environments) {
        result.order.push(stack);
        result.plans.set(stack, plan);
      }
    } catch (err) {
      if (!(err instanceof ConfigError || err instanceof RegistryError || err instanceof StackFileError))
        throw err;
      const stopped =
        err instanceof ConfigError
          ? [
              ...(target.platform ? [target.tier] : []),
              ...(wanted ?? [registryLabel(target.tier)]).map((e) =>
                e.startsWith("environments/") ? e : environmentStackName(target.tier, e),
              ),
            ]
          : [
              ...(wanted
                ? wanted.map((e) => environmentStackName(target.tier, e))
                : [registryLabel(target.tier)]),
            ];
      for (const stack of stopped) {
        result.order.push(stack);
        result.problems.set(stack, [err.message]);
      }
      // A registry problem stops only the environment stacks: the platform still plans.
      if (!(err instanceof ConfigError) && target.platform) {
        const platformOnly = await buildTierPlans({
          root: request.root,
          tier: target.tier,
          ...(request.configFile ? { configFile: request.configFile } : {}),
          platformOnly: true,
        });
        result.order.unshift(target.tier);
        result.plans.set(target.tier, platformOnly.platform);
        request.onPlanned?.(target.tier, platformOnly.platform);
      }
    }
  }
  return result;
}
