/**
 * From posted form fields to the operations' inputs. Empty optional fields mean "the default";
 * values are passed on as typed (trimmed) and judged by the operations, which name the field of
 * every problem. Only what the operations cannot read at all (a replica count that is not a
 * number, days that are not a whole number) is refused here, under the same field names.
 */
import type { EnvironmentConfig } from "../../stacks/config";
import type { EnvironmentFile } from "../../stacks/registry-schema";
import {
  OperationError,
  type CreateInput,
  type ExtendInput,
  type FieldIssue,
  type UpdateInput,
} from "../operations";
import { REPLICA_SERVERS } from "./pages";

/** Posted fields as strings (files and repeated fields are ignored). */
export type FormValues = Record<string, string>;

/** The string fields of a parsed body, trimmed. */
export function formValues(body: Record<string, unknown>): FormValues {
  const out: FormValues = {};
  for (const [key, value] of Object.entries(body)) {
    if (typeof value === "string") out[key] = value.trim();
  }
  return out;
}

function optional(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}

/** The create form as {@link CreateInput}. */
export function createInput(values: FormValues): CreateInput {
  const deployment = optional(values.deployment);
  return {
    name: values.name ?? "",
    owner: values.owner ?? "",
    team: values.team ?? "",
    purpose: values.purpose ?? "",
    version: values.version ?? "",
    ...(optional(values.gameDataVersion) ? { gameDataVersion: values.gameDataVersion } : {}),
    ...(optional(values.resourceVersion) ? { resourceVersion: values.resourceVersion } : {}),
    ...(optional(values.expires) ? { expires: values.expires } : {}),
    ...(optional(values.clockOffset) ? { clockOffset: values.clockOffset } : {}),
    // An unknown value goes through: the registry schema names what is allowed.
    ...(deployment ? { deployment: deployment as CreateInput["deployment"] } : {}),
  };
}

/** The update form's values as the environment has them now (to prefill the form). */
export function currentUpdateValues(env: EnvironmentConfig, file: EnvironmentFile): FormValues {
  const values: FormValues = {
    version: env.version,
    gameDataVersion: env.gameDataVersion,
    resourceVersion: env.resourceVersion,
    clockOffset: env.clockOffset,
    deployment: env.deployment,
  };
  for (const server of REPLICA_SERVERS) values[`replicas.${server}`] = replicaText(file.replicas?.[server]);
  return values;
}

function replicaText(value: number | { min: number; max: number } | undefined): string {
  if (value === undefined) return "";
  return typeof value === "number" ? String(value) : `${value.min}-${value.max}`;
}

/**
 * The update form as {@link UpdateInput}. With `current` (the environment as the form showed it)
 * only the fields whose value differs are changes: the form is prefilled, so an untouched field is
 * none. Without it (the confirmation step, which posts only the changes), every field given is one;
 * `replicas=set` says the replica fields are given, even when all are empty (back to the defaults).
 */
export function updateInput(values: FormValues, current?: FormValues): UpdateInput {
  const { input, issues } = parseUpdate(values, current);
  if (issues.length > 0) throw new OperationError(issues);
  return input;
}

/**
 * Like {@link updateInput}, but returns the fields it could not read (replica counts) beside the
 * change made of the rest, so the page can report the rest's problems too.
 */
export function parseUpdate(
  values: FormValues,
  current?: FormValues,
): { input: UpdateInput; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const input: Record<string, unknown> = {};
  for (const key of ["version", "gameDataVersion", "resourceVersion", "clockOffset", "deployment"] as const) {
    const value = values[key];
    if (value !== undefined && value !== "" && (current === undefined || value !== current[key]))
      input[key] = value;
  }
  const replicas: Record<string, number | { min: number; max: number }> = {};
  let replicasGiven = current === undefined && values.replicas === "set";
  for (const server of REPLICA_SERVERS) {
    const key = `replicas.${server}`;
    const text = values[key] ?? "";
    if (current !== undefined && text !== (current[key] ?? "")) replicasGiven = true;
    if (text === "") continue;
    const count = /^\d+$/.exec(text);
    const range = /^(\d+)\s*-\s*(\d+)$/.exec(text);
    if (count) replicas[server] = Number(text);
    else if (range) replicas[server] = { min: Number(range[1]), max: Number(range[2]) };
    else {
      issues.push({
        field: "replicas",
        message: `${server}: "${text}" is neither a replica count such as 2 nor autoscaling bounds such as 2-8`,
      });
    }
  }
  if (replicasGiven && issues.length === 0) input.replicas = replicas;
  return { input: input as UpdateInput, issues };
}

/** An update's changes as the confirmation step posts them back (see {@link updateInput}). */
export function updateFields(input: UpdateInput): FormValues {
  const out: FormValues = {};
  for (const key of ["version", "gameDataVersion", "resourceVersion", "clockOffset", "deployment"] as const) {
    const value = input[key];
    if (value !== undefined) out[key] = value;
  }
  if (input.replicas !== undefined) {
    out.replicas = "set";
    for (const server of REPLICA_SERVERS) {
      const text = replicaText(input.replicas[server]);
      if (text) out[`replicas.${server}`] = text;
    }
  }
  return out;
}

/** The extend form as {@link ExtendInput}. */
export function extendInput(values: FormValues): ExtendInput {
  const days = optional(values.days);
  if (days !== undefined && !/^\d+$/.test(days)) {
    throw new OperationError([
      { field: "days", message: `must be a whole number of days, 1 or more; got "${days}"` },
    ]);
  }
  return {
    ...(optional(values.expires) ? { expires: values.expires } : {}),
    ...(days !== undefined ? { days: Number(days) } : {}),
  };
}
