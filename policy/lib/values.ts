// Small readers for resource properties. Props arrive wrapped in the engine's unknown-checking proxy:
// reading an unknown value throws UnknownValueError (the engine then skips the policy for that
// resource). `isSet` deliberately does not read the value, so "set to something not yet known"
// counts as set, as it will be once the value resolves.
import type { ResourceValidationArgs } from "@pulumi/policy";

/** Resource properties as @pulumi/policy types them (`ResourceValidationArgs["props"]`). */
export type Props = ResourceValidationArgs["props"];

/** True when `key` is present on `obj` with a value other than undefined, null or "" (unknown counts as set). */
export function isSet(obj: object | undefined | null, key: string): boolean {
  if (obj === undefined || obj === null) return false;
  const descriptor = Object.getOwnPropertyDescriptor(obj, key);
  if (descriptor === undefined) return false;
  const value: unknown = descriptor.value;
  return value !== undefined && value !== null && value !== "";
}

/** Returns `value` when it is an array, otherwise an empty array. */
export function arrayOf<T>(value: readonly T[] | undefined | null): readonly T[] {
  return Array.isArray(value) ? value : [];
}

/** Returns `value` as a string-keyed record, or an empty one. */
export function recordOf<T>(value: { readonly [key: string]: T } | undefined | null): {
  readonly [key: string]: T;
} {
  return value !== null && typeof value === "object" ? value : {};
}

/** Formats a value for a violation message. */
export function show(value: unknown): string {
  return value === undefined ? "unset" : JSON.stringify(value);
}
