/**
 * Plans a whole tier offline: its platform stack, then one environment stack per registry file,
 * each against the platform's planned outputs. The registry is validated as a whole (against the
 * settings the platform plan exports) before any environment stack is planned.
 */
import { parseEnvironmentSettings, PLATFORM_OUTPUTS } from "../../stacks/environment-settings";
import { environmentStackName, platformStackReference } from "../../lib/naming";
import { readRegistrySource } from "../../stacks/registry";
import { resolveRegistry, type Registry } from "../../stacks/resolve-registry";
import type { TierName } from "../../stacks/tier";
import { todayUtc } from "../../lib/dates";
import type { StackReferenceAnswer } from "../engine/run";
import { buildPlatformPlan } from "./build";
import { buildEnvironmentPlan, OFFLINE_ORGANIZATION } from "./build-environment";
import type { Plan } from "./model";
import { StackFileError } from "./stack-files";

/** Which of a tier's stacks to plan. */
export interface TierPlanRequest {
  /** The repository root (platform stack files). */
  readonly root: string;
  readonly tier: TierName;
  /** Where `environments/<tier>/` is read from. @default root */
  readonly registryRoot?: string;
  /** Plan the platform from this settings file instead of `Pulumi.<tier>.yaml`. */
  readonly configFile?: string;
  /** Only these environments' stacks (names, not stack names). @default every registry file */
  readonly environments?: readonly string[];
  /** Plan no environment stack. @default false */
  readonly platformOnly?: boolean;
  /** Lifetimes are measured from this day. @default today (UTC) */
  readonly today?: string;
  /** Called after each stack is planned (progress for long tiers). */
  readonly onPlanned?: (stack: string, plan: Plan) => void;
}

/** A tier's plans: the platform's, then every environment stack's by stack name (sorted). */
export interface TierPlans {
  readonly platform: Plan;
  /** What the environment stacks' StackReference read. */
  readonly reference: StackReferenceAnswer;
  readonly registry: Registry;
  readonly environments: ReadonlyMap<string, Plan>;
}

/** Plans the tier; throws ConfigError (platform config), RegistryError or StackFileError. */
export async function buildTierPlans(request: TierPlanRequest): Promise<TierPlans> {
  const { plan: platform, reference } = await buildPlatformPlan({
    root: request.root,
    stack: request.tier,
    ...(request.configFile ? { configFile: request.configFile } : {}),
  });
  request.onPlanned?.(request.tier, platform);
  const settings = parseEnvironmentSettings(
    reference.outputs[PLATFORM_OUTPUTS.settings],
    platformStackReference(OFFLINE_ORGANIZATION, request.tier),
  );
  if (typeof settings === "string") throw new StackFileError(settings);
  const today = request.today ?? todayUtc();
  const registryRoot = request.registryRoot ?? request.root;
  const registry = resolveRegistry(readRegistrySource(registryRoot, request.tier), { settings, today });

  const names = registry.environments.map((env) => env.name);
  const unknown = (request.environments ?? []).filter((name) => !names.includes(name));
  if (unknown.length > 0) {
    throw new StackFileError(
      `no environment ${unknown.map((n) => environmentStackName(request.tier, n)).join(", ")} in environments/${request.tier}/; environments: ${names.join(", ") || "(none)"}`,
    );
  }
  const wanted = request.platformOnly
    ? []
    : names.filter((name) => !request.environments || request.environments.includes(name));
  const environments = new Map<string, Plan>();
  for (const name of wanted) {
    const plan = await buildEnvironmentPlan({
      registryRoot,
      tier: request.tier,
      environment: name,
      platform: reference,
      today,
      registry,
    });
    environments.set(plan.stack, plan);
    request.onPlanned?.(plan.stack, plan);
  }
  return { platform, reference, registry, environments };
}
