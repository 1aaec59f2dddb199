// Builds the arguments the Pulumi engine passes to policies (@pulumi/policy 1.21 server.js), from
// plan resources: the same fields, `isType` comparing the resource type with the class's
// `__pulumiType` (falling back to `isInstance`), `asType`, `getConfig` returning the policy's
// resolved properties, and `notApplicable` throwing. Resource options carry what the analyzer
// protocol carries — notably `protect` but not `retainOnDelete`.
import type {
  PolicyProviderResource,
  PolicyResource,
  PolicyResourceOptions,
  ResourceValidationArgs,
  StackValidationArgs,
} from "@pulumi/policy";

import { parseUrn } from "../lib/urn";
import { engineProps } from "./engine-values";
import type { Plan, PlanResource } from "./plan";

/** Thrown by `notApplicable`, as the engine's own (unexported) NotApplicableError is. */
export class NotApplicableError extends Error {}

/** The per-policy pieces of the arguments. */
export interface PolicyContext {
  /** The policy's resolved config properties (without enforcementLevel). */
  readonly properties: Readonly<Record<string, unknown>>;
}

/** What the engine reads from a resource class: its type token, or else its isInstance. */
type ResourceClassLike = { readonly __pulumiType?: unknown; readonly isInstance?: unknown };

const stackTags: ReadonlyMap<string, string> = new Map();

/** The engine's type test: `__pulumiType` equality, else the class's `isInstance`. */
export function isTypeOf(type: string, resourceClass: object): boolean {
  const { __pulumiType: token, isInstance } = resourceClass as ResourceClassLike;
  if (typeof token === "string" && token.length > 0) return type === token;
  return typeof isInstance === "function" && isInstance({ __pulumiType: type }) === true;
}

function notApplicable(reason?: string): never {
  throw new NotApplicableError(reason ?? "Policy does not apply");
}

function optionsOf(resource: PlanResource): PolicyResourceOptions {
  const opts: PolicyResourceOptions = {
    protect: resource.protect === true,
    ignoreChanges: [],
    aliases: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    additionalSecretOutputs: [],
  };
  if (resource.parent) opts.parent = resource.parent;
  return opts;
}

/** The provider a resource's `provider` reference names, as the engine describes it. */
export function providerOf(resource: PlanResource, plan: Plan): PolicyProviderResource | undefined {
  const reference = resource.provider;
  if (!reference) return undefined;
  const match = plan.resources.find((r) => reference === r.urn || reference.startsWith(`${r.urn}::`));
  if (match) return { type: match.type, props: engineProps(match.inputs), urn: match.urn, name: match.name };
  const urn = reference.split("::").slice(0, 4).join("::");
  const parsed = parseUrn(urn);
  return parsed ? { type: parsed.type, props: engineProps({}), urn, name: parsed.name } : undefined;
}

/** The arguments of a resource validation for `resource`. */
export function resourceValidationArgs(
  resource: PlanResource,
  plan: Plan,
  context: PolicyContext,
): ResourceValidationArgs {
  const props = engineProps(resource.inputs);
  const args: ResourceValidationArgs = {
    type: resource.type,
    props,
    urn: resource.urn,
    name: resource.name,
    opts: optionsOf(resource),
    stackTags,
    isType: (cls) => isTypeOf(resource.type, cls),
    asType: ((cls: object) =>
      isTypeOf(resource.type, cls) ? props : undefined) as ResourceValidationArgs["asType"],
    getConfig: <T extends object>() => ({ ...context.properties }) as T,
    notApplicable,
  };
  const provider = providerOf(resource, plan);
  if (provider) args.provider = provider;
  return args;
}

/** The arguments of a stack validation over the whole plan. */
export function stackValidationArgs(plan: Plan, context: PolicyContext): StackValidationArgs {
  const resources = plan.resources.map((r): PolicyResource => {
    const props = engineProps(r.inputs);
    const resource: PolicyResource = {
      type: r.type,
      props,
      urn: r.urn,
      name: r.name,
      opts: optionsOf(r),
      dependencies: [],
      propertyDependencies: {},
      isType: (cls) => isTypeOf(r.type, cls),
      asType: ((cls: object) => (isTypeOf(r.type, cls) ? props : undefined)) as PolicyResource["asType"],
    };
    const provider = providerOf(r, plan);
    if (provider) resource.provider = provider;
    return resource;
  });
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  plan.resources.forEach((r, i) => {
    const parent = r.parent ? byUrn.get(r.parent) : undefined;
    if (parent) resources[i].parent = parent;
    resources[i].dependencies = (r.dependsOn ?? []).flatMap((urn) => byUrn.get(urn) ?? []);
  });
  return {
    resources,
    stackTags,
    getConfig: <T extends object>() => ({ ...context.properties }) as T,
    notApplicable,
  };
}
