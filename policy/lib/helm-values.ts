// Helm release values are chart-specific, but charts use the Kubernetes field names for the same
// settings (`securityContext.privileged`, `hostNetwork`, `image.tag`, `tolerations`, ...). The pod
// rules therefore look for those fields wherever the values set them, and report only what is set:
// a chart's own defaults are not visible to a policy.
import type { ReportViolation, ResourceValidation, ResourceValidationArgs } from "@pulumi/policy";

import { HelmRelease } from "./resource-types";

/** One key/value pair found in the values, with its dotted path (e.g. `controller.securityContext.privileged`). */
export interface ValueEntry {
  readonly key: string;
  readonly value: unknown;
  readonly path: string;
  /** The object holding the key. */
  readonly parent: Readonly<Record<string, unknown>>;
}

/** Every key/value pair in `values`, depth first; array items get `[i]` path segments. */
export function walkValues(values: unknown, path = ""): ValueEntry[] {
  if (Array.isArray(values)) return values.flatMap((item, i) => walkValues(item, `${path}[${i}]`));
  if (values === null || typeof values !== "object") return [];
  const record = values as Record<string, unknown>;
  return Object.keys(record).flatMap((key) => {
    const value = record[key];
    const child = path === "" ? key : `${path}.${key}`;
    return [{ key, value, path: child, parent: record }, ...walkValues(value, child)];
  });
}

/** The release as allow-lists see it: its namespace and release name. */
export interface ReleaseRef {
  readonly namespace: string;
  readonly name: string;
}

/** A check of a Helm release's values. */
export type HelmValuesCheck = (
  entries: readonly ValueEntry[],
  release: () => ReleaseRef,
  args: ResourceValidationArgs,
  report: ReportViolation,
) => void;

/** A resource validation that runs `check` on the values of every Helm release. */
export function validateHelmValues(check: HelmValuesCheck): ResourceValidation {
  return (args, report) => {
    if (!args.isType(HelmRelease)) return args.notApplicable("Policy only applies to Helm releases here");
    const release = () => ({
      namespace: nonEmpty(args.props.namespace) ?? "default",
      name: nonEmpty(args.props.name) ?? args.name,
    });
    // Values are one free-form blob, and one unknown value in it (say an IRSA role ARN on the first
    // preview) must not hide every other setting: the blob is read past the unknown-checking proxy,
    // so an unknown value shows up as the engine's placeholder string, which no check matches.
    const values: unknown = Object.getOwnPropertyDescriptor(args.props, "values")?.value;
    check(walkValues(values), release, args, report);
  };
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}
