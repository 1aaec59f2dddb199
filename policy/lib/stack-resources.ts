// Helpers for stack policies. A stack policy sees every resource at once; one resource with a value
// that is unknown during preview must not stop the policy for all the others, so each resource is
// read inside `readKnown`.
import { type PolicyResource, UnknownValueError } from "@pulumi/policy";

import type { AnyResourceClass } from "./resource-class";

/** Runs `read` and returns its result, or undefined when it touched a value unknown during preview. */
export function readKnown<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (error) {
    if (error instanceof UnknownValueError) return undefined;
    throw error;
  }
}

/** The resources of `cls`'s type. */
export function resourcesOfType(
  resources: readonly PolicyResource[],
  cls: AnyResourceClass,
): PolicyResource[] {
  return resources.filter((r) => r.isType(cls));
}

/**
 * The candidates that `resource.props[property]` refers to. Uses, in order: the engine's property
 * dependencies; IDs in the property's value matched against each candidate's `id` or the last
 * segment of its `arn` (outputs seen by the real engine); the resource's dependencies (the offline
 * plan's `dependsOn`) among the candidates.
 */
export function referencedResources(
  resource: PolicyResource,
  property: string,
  candidates: readonly PolicyResource[],
): PolicyResource[] {
  const isCandidate = (r: PolicyResource) => candidates.some((c) => c.urn === r.urn);
  const byProperty = (resource.propertyDependencies[property] ?? []).filter(isCandidate);
  if (byProperty.length > 0) return byProperty;
  const ids = readKnown(() => idsIn(resource.props[property])) ?? [];
  const byId = candidates.filter((c) => readKnown(() => idsOf(c).some((id) => ids.includes(id))) ?? false);
  if (byId.length > 0) return byId;
  // A dependency is only a reference when it cannot be another property's: a scalar property (one
  // ID) with two candidate dependencies — say a rule's securityGroupId and its
  // referencedSecurityGroupId — is ambiguous and traced to nothing.
  const byDependency = resource.dependencies.filter(isCandidate);
  const many = readKnown(() => Array.isArray(resource.props[property])) ?? false;
  return many || byDependency.length <= 1 ? byDependency : [];
}

function idsIn(value: unknown): string[] {
  if (typeof value === "string") return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

function idsOf(resource: PolicyResource): string[] {
  const ids: string[] = [];
  const id: unknown = resource.props.id;
  if (typeof id === "string" && id !== "") ids.push(id);
  const arn: unknown = resource.props.arn;
  if (typeof arn === "string" && arn.includes("/")) ids.push(arn.slice(arn.lastIndexOf("/") + 1));
  return ids;
}

/**
 * The targets (e.g. VPCs) that no coverer (e.g. flow log) refers to through `property`. Coverers
 * whose reference cannot be traced (no dependency information, as in a plan without `dependsOn`)
 * but that do set the property are counted against the remaining targets one for one.
 */
export function uncoveredTargets(
  targets: readonly PolicyResource[],
  coverers: readonly PolicyResource[],
  property: string,
): PolicyResource[] {
  const covered = new Set<string>();
  let untraced = 0;
  for (const coverer of coverers) {
    const linked = referencedResources(coverer, property, targets);
    linked.forEach((t) => covered.add(t.urn));
    if (linked.length === 0 && (readKnown(() => coverer.props[property] !== undefined) ?? true)) untraced++;
  }
  return targets.filter((t) => !covered.has(t.urn)).slice(untraced);
}
