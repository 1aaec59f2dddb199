import type { Resource } from "@pulumi/pulumi";

/**
 * A class-shaped handle on a Pulumi type token. The engine's `isType`/`asType` and
 * `validateResourceOfType` only read `__pulumiType`, so a handle lets policies type-check against
 * the provider SDK's args types (imported as types only) without loading the SDK at runtime or
 * adding it to the pack's dependencies.
 */
export interface ResourceClass<TArgs> {
  new (name: string, args: TArgs, ...rest: unknown[]): Resource;
  /** The type token the engine compares with the resource's type, e.g. `aws:rds/instance:Instance`. */
  readonly __pulumiType: string;
}

/** Returns a handle for `token` whose inputs are typed as `TArgs`; constructing it throws. */
export function resourceClass<TArgs>(token: string): ResourceClass<TArgs> {
  const handle = class {
    static readonly __pulumiType = token;
    constructor() {
      throw new Error(`${token}: a policy type handle cannot create resources`);
    }
  };
  return handle as unknown as ResourceClass<TArgs>;
}

/** Any type handle, whatever its args type (for lists of kinds); the shape `isType` accepts. */
export interface AnyResourceClass {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- mirrors @pulumi/policy's isType parameter
  new (...rest: any[]): Resource;
  readonly __pulumiType: string;
}
