// Turns plan inputs into the props the engine gives policies. The engine deserializes a value that
// is unknown during preview to its unknown sentinel and wraps props in unknownCheckingProxy, so that
// reading such a value throws UnknownValueError. The plan writes those values as "[unknown]".
import { unknownCheckingProxy } from "@pulumi/policy";
import * as proxyInternals from "@pulumi/policy/proxy";
import type { Props } from "../lib/values";

/** How the offline plan writes a value unknown at preview time. */
export const planUnknown = "[unknown]";

// The engine's sentinel for an unknown value. @pulumi/policy marks it internal (its typings omit it),
// so it is read from the module the proxy itself uses; policy/test/suites/engine-args.ts checks that reading
// it through the proxy throws UnknownValueError.
const engineUnknown = (proxyInternals as unknown as { unknownStringValue: string }).unknownStringValue;

/** A deep copy of `value` with every "[unknown]" replaced by the engine's unknown sentinel. */
export function toEngineValue(value: unknown): unknown {
  if (value === planUnknown) return engineUnknown;
  if (Array.isArray(value)) return value.map(toEngineValue);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toEngineValue(v)]));
  }
  return value;
}

/** Props as a policy sees them: engine values behind the unknown-checking proxy. */
export function engineProps(inputs: Readonly<Record<string, unknown>>): Props {
  return unknownCheckingProxy(toEngineValue(inputs) as Props);
}
