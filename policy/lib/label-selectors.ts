import type * as k8s from "@pulumi/kubernetes";
import type { Unwrap } from "@pulumi/pulumi";

import { arrayOf, recordOf } from "./values";

/** A Kubernetes label selector as policies see it. */
export type LabelSelector = Unwrap<k8s.types.input.meta.v1.LabelSelector>;

/**
 * True when `selector` selects an object with `labels`, with the API server's semantics:
 * `matchLabels` and every `matchExpressions` entry must hold; an empty selector selects everything.
 */
export function selectorMatches(
  selector: LabelSelector | undefined | null,
  labels: Readonly<Record<string, string>>,
): boolean {
  if (selector === undefined || selector === null) return false;
  const matchLabels = recordOf(selector.matchLabels);
  if (!Object.entries(matchLabels).every(([k, v]) => labels[k] === v)) return false;
  return arrayOf(selector.matchExpressions).every((e) => {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const values = arrayOf(e.values);
    switch (e.operator) {
      case "In":
        return has && values.includes(labels[e.key]);
      case "NotIn":
        return !has || !values.includes(labels[e.key]);
      case "Exists":
        return has;
      case "DoesNotExist":
        return !has;
      default:
        return false;
    }
  });
}

/** True when the selector is empty and so selects every pod of its namespace. */
export function selectsAll(selector: LabelSelector | undefined | null): boolean {
  if (selector === undefined || selector === null) return false;
  return (
    Object.keys(recordOf(selector.matchLabels)).length === 0 &&
    arrayOf(selector.matchExpressions).length === 0
  );
}
