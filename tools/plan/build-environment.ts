/**
 * Builds an environment stack's offline plan: the environment program under the mock runtime, in
 * the environment project, with its StackReference answered from the platform stack's planned
 * outputs, so an environment is checked against what its platform really exports.
 */
import { environmentStack } from "../../environment/main";
import { ENVIRONMENT_PROJECT, environmentStackName, platformStackReference } from "../../lib/naming";
import type { Registry } from "../../stacks/resolve-registry";
import type { TierName } from "../../stacks/tier";
import { resolveOutputs, runUnderMocks, type StackReferenceAnswer } from "../engine/run";
import { toPlanResource } from "./build";
import { rootStackUrn, type Plan } from "./model";

/** The organization offline plans run in (what DIY backends report). */
export const OFFLINE_ORGANIZATION = "organization";

/** Which environment stack to plan, against which platform. */
export interface EnvironmentPlanRequest {
  /** The folder holding `environments/<tier>/` (the repository root, or a test fixture's). */
  readonly registryRoot: string;
  readonly tier: TierName;
  readonly environment: string;
  /** What the StackReference to the tier's platform stack reads (`buildPlatformPlan`'s `reference`). */
  readonly platform: StackReferenceAnswer;
  /** Lifetimes are measured from this day. @default today (UTC) */
  readonly today?: string;
  /** The tier's registry, already validated against `platform`'s settings. @default read and validated by the program */
  readonly registry?: Registry;
}

/**
 * Runs the environment program for `<tier>.<environment>` offline and returns its plan. Registry and
 * stack problems throw `RegistryError` / `EnvironmentStackError`.
 */
export async function buildEnvironmentPlan(request: EnvironmentPlanRequest): Promise<Plan> {
  const stack = environmentStackName(request.tier, request.environment);
  const run = await runUnderMocks({
    project: ENVIRONMENT_PROJECT,
    stack,
    config: {},
    organization: OFFLINE_ORGANIZATION,
    stackReferences: { [platformStackReference(OFFLINE_ORGANIZATION, request.tier)]: request.platform },
    program: () =>
      environmentStack({
        root: request.registryRoot,
        ...(request.today ? { today: request.today } : {}),
        ...(request.registry ? { registry: request.registry } : {}),
      }),
  });
  const root = rootStackUrn(ENVIRONMENT_PROJECT, stack);
  return {
    project: ENVIRONMENT_PROJECT,
    stack,
    resources: run.resources.map((r) => toPlanResource(r, root)),
    outputs: await resolveOutputs(run.outputs),
  };
}
