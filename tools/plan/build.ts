/** Builds a stack's offline plan by running the real program under the mock runtime. */
import { defineStack } from "../../program";
import { resolveStackConfig } from "../../stacks/resolve";
import { readRawConfig } from "../../stacks/loader";
import {
  resolveOutputs,
  runUnderMocks,
  stackReferenceAnswer,
  type StackReferenceAnswer,
} from "../engine/run";
import type { RecordedResource } from "../engine/recorder";
import { rootStackUrn, type Plan, type PlanResource } from "./model";
import { readStackFiles } from "./stack-files";

/** Where the stack files live and which stack to plan. */
export interface PlanRequest {
  readonly root: string;
  readonly stack: string;
  /** Use this settings file instead of `Pulumi.<stack>.yaml`. */
  readonly configFile?: string;
}

/** Runs the stack program offline and returns its plan. Config errors throw `ConfigError`. */
export async function buildPlan(request: PlanRequest): Promise<Plan> {
  return (await buildPlatformPlan(request)).plan;
}

/**
 * A platform stack's plan, and what a StackReference to it reads (its outputs, secrets revealed:
 * only ever handed to the environment stacks' mocked StackReference, never printed).
 */
export async function buildPlatformPlan(
  request: PlanRequest,
): Promise<{ plan: Plan; reference: StackReferenceAnswer }> {
  const files = readStackFiles(request.root, request.stack, request.configFile);
  const run = await runUnderMocks({
    project: files.project,
    stack: request.stack,
    config: files.config,
    secretKeys: files.secretKeys,
    program: () => defineStack(resolveStackConfig(readRawConfig())),
  });
  const root = rootStackUrn(files.project, request.stack);
  return {
    plan: {
      project: files.project,
      stack: request.stack,
      resources: run.resources.map((r) => toPlanResource(r, root)),
      outputs: await resolveOutputs(run.outputs),
    },
    reference: await stackReferenceAnswer(run.outputs),
  };
}

/** A recorded resource as the plan shows it (top-level resources get the root stack as parent). */
export function toPlanResource(r: RecordedResource, root: string): PlanResource {
  return {
    urn: r.urn,
    type: r.type,
    name: r.name,
    parent: r.parent ?? root,
    custom: r.custom,
    inputs: r.inputs,
    protect: r.protect,
    retainOnDelete: r.retainOnDelete,
    dependsOn: r.dependsOn,
    provider: r.provider,
  };
}
