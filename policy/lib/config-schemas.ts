import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";

/** A workload that may break a rule by design (e.g. the log collector's hostPath mounts). */
export interface AllowedWorkload {
  readonly namespace: string;
  /** Workload name (`metadata.name`, or the Helm release name). */
  readonly name: string;
  readonly reason: string;
}

/** Schema of an allow-list of workloads by namespace and name. */
export const allowedWorkloadsSchema: PolicyConfigJSONSchema = {
  type: "array",
  description:
    "Workloads (namespace + name; `*` matches any run of characters) allowed to break this rule by design, each with a reason.",
  default: [],
  items: {
    type: "object",
    required: ["namespace", "name", "reason"],
    additionalProperties: false,
    properties: {
      namespace: { type: "string", minLength: 1 },
      name: { type: "string", minLength: 1 },
      reason: { type: "string", minLength: 1 },
    },
  },
};

/** Schema of a list of strings with a default. */
export function stringListSchema(description: string, defaults: readonly string[]): PolicyConfigJSONSchema {
  return { type: "array", description, items: { type: "string" }, default: [...defaults] };
}

/** Schema of an integer with a default and a lower bound. */
export function integerSchema(
  description: string,
  defaultValue: number,
  minimum = 0,
): PolicyConfigJSONSchema {
  return { type: "integer", description, default: defaultValue, minimum };
}
