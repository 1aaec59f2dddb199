/**
 * Runs a Pulumi program (the whole stack, or a single component) under the mock runtime and
 * returns what it registered. Both the test harness and the offline plan use this one engine.
 */
import * as pulumi from "@pulumi/pulumi";
import { mockCallResult, mockId, mockResourceState } from "./mock-outputs";
import { recordRegistrations, type RecordedResource } from "./recorder";
import { SECRET_MASK, toPlainJson, type Json } from "./values";

/** How to run a program under mocks. */
export interface MockRunOptions<T> {
  readonly project: string;
  readonly stack: string;
  /** Full config keys (`game-infra:domain`, `aws:region`) to their raw text, as the engine passes them. */
  readonly config: Readonly<Record<string, string>>;
  /** Config keys set with `--secret`. @default [] */
  readonly secretKeys?: readonly string[];
  /** Creates the resources; its return value becomes `outputs`. */
  readonly program: () => T;
  /** Collects registrations here as they happen (still filled when the program throws). @default a new array */
  readonly sink?: RecordedResource[];
  /**
   * What StackReferences read, by fully qualified stack name (`organization/game-infra/dev`): the
   * referenced stack's outputs and which of them are secret. A reference to a stack not listed
   * reads no outputs, like a stack that exports nothing. @default {}
   */
  readonly stackReferences?: Readonly<Record<string, StackReferenceAnswer>>;
  /** The Pulumi organization (`pulumi.getOrganization()`). @default "organization" (what DIY backends use) */
  readonly organization?: string;
}

/** What a mocked StackReference reads. */
export interface StackReferenceAnswer {
  readonly outputs: Readonly<Record<string, unknown>>;
  readonly secretOutputNames?: readonly string[];
}

/** The type token of a StackReference. */
const STACK_REFERENCE_TYPE = "pulumi:pulumi:StackReference";

/** What a mock run registered, and the program's return value. */
export interface MockRunResult<T> {
  /** Every registered resource, sorted by URN. */
  readonly resources: RecordedResource[];
  readonly outputs: T;
}

/**
 * Runs `program` under the mock runtime and waits for every registration to finish. The program may
 * be async (the environment program awaits its StackReference); its result becomes `outputs`.
 */
export async function runUnderMocks<T>(options: MockRunOptions<T>): Promise<MockRunResult<Awaited<T>>> {
  const region = options.config["aws:region"] ?? "eu-west-1";
  const resources: RecordedResource[] = options.sink ?? [];
  const references = options.stackReferences ?? {};
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        if (args.type === STACK_REFERENCE_TYPE) {
          const name = String((args.inputs as { name?: unknown }).name ?? args.id ?? "");
          const answer = references[name];
          return {
            id: name,
            state: {
              name,
              outputs: answer?.outputs ?? {},
              secretOutputNames: [...(answer?.secretOutputNames ?? [])],
            },
          };
        }
        return { id: mockId(args), state: mockResourceState(args, region) };
      },
      call: (args) => mockCallResult(args, region),
    },
    options.project,
    options.stack,
    false,
    options.organization ?? "organization",
  );
  pulumi.runtime.setAllConfig({ ...options.config }, [...(options.secretKeys ?? [])]);
  recordRegistrations(
    pulumi.runtime.getMonitor() as unknown as Parameters<typeof recordRegistrations>[0],
    resources,
  );
  let outputs: Awaited<T>;
  try {
    outputs = await options.program();
  } finally {
    await pulumi.runtime.disconnect();
  }
  resources.sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));
  return { resources, outputs };
}

/** The value of an output once known (under mocks, everything is known). */
export function valueOf<T>(output: pulumi.Input<T>): Promise<pulumi.Unwrap<T>> {
  return new Promise((resolve) => pulumi.output(output).apply((v) => resolve(v as pulumi.Unwrap<T>)));
}

/** Resolves every output inside `value` to plain JSON, masking secret ones as "[secret]". */
export async function resolveOutputs(value: unknown): Promise<Json> {
  if (pulumi.Output.isInstance(value)) {
    if (await pulumi.isSecret(value)) return SECRET_MASK;
    return resolveOutputs(await valueOf(value));
  }
  if (Array.isArray(value)) return Promise.all(value.map(resolveOutputs));
  if (value !== null && typeof value === "object" && !pulumi.Resource.isInstance(value)) {
    const out: { [key: string]: Json } = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = await resolveOutputs(v);
    }
    return out;
  }
  if (pulumi.Resource.isInstance(value)) return valueOf(value.urn);
  return toPlainJson(value);
}

/** Whether `value` holds a secret output anywhere inside it. */
async function containsSecret(value: unknown): Promise<boolean> {
  if (pulumi.Output.isInstance(value)) {
    if (await pulumi.isSecret(value)) return true;
    return containsSecret(await valueOf(value));
  }
  if (Array.isArray(value)) return (await Promise.all(value.map(containsSecret))).some(Boolean);
  if (value !== null && typeof value === "object" && !pulumi.Resource.isInstance(value)) {
    return (await Promise.all(Object.values(value).map(containsSecret))).some(Boolean);
  }
  return false;
}

/** Resolves every output inside `value` to plain JSON, secrets included (never printed: only handed to a mocked StackReference). */
async function resolveRevealed(value: unknown): Promise<Json> {
  if (pulumi.Output.isInstance(value)) return resolveRevealed(await valueOf(value));
  if (Array.isArray(value)) return Promise.all(value.map(resolveRevealed));
  if (value !== null && typeof value === "object" && !pulumi.Resource.isInstance(value)) {
    const out: { [key: string]: Json } = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = await resolveRevealed(v);
    }
    return out;
  }
  if (pulumi.Resource.isInstance(value)) return valueOf(value.urn);
  return toPlainJson(value);
}

/**
 * What a StackReference to a stack with these outputs reads: every output's value, and the names
 * of the outputs that are (or hold) secrets, as the engine records them in the stack's state.
 */
export async function stackReferenceAnswer(outputs: unknown): Promise<StackReferenceAnswer> {
  const record = (outputs ?? {}) as Record<string, unknown>;
  const values: Record<string, Json> = {};
  const secretOutputNames: string[] = [];
  for (const key of Object.keys(record).sort()) {
    if (record[key] === undefined) continue;
    values[key] = await resolveRevealed(record[key]);
    if (await containsSecret(record[key])) secretOutputNames.push(key);
  }
  return { outputs: values, secretOutputNames };
}
