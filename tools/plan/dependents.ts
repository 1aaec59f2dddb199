/**
 * Replacements spread: a replaced resource gets a new id and ARN, so whatever points to it changes
 * too, and is itself replaced when it points to it from an immutable field (a KMS key behind an EKS
 * cluster's secrets encryption, a cluster behind its node groups). Kubernetes objects follow their
 * provider, and the provider follows its cluster. Offline plans use the mock's deterministic ids
 * (`<name>-id`), which is how references are recognised here.
 */
import { SECRET_MASK, UNKNOWN_MARK, type Json } from "../engine/values";
import type { PropertyChange, ReplaceReason, ResourceChange } from "./diff";
import { isSecretPath } from "./display-values";
import { immutableFieldAt } from "./immutable-fields";
import type { Plan, PlanResource } from "./model";
import { formatPath, isJsonObject, type PathSegment } from "./paths";

/** Types whose replacement means a new Kubernetes cluster, so their Kubernetes provider changes target. */
const CLUSTER_TYPES = new Set(["eks:index:Cluster", "aws:eks/cluster:Cluster"]);

interface Leaf {
  readonly path: PathSegment[];
  readonly value: string;
}

/**
 * The resources of `next` that change because something they reference is replaced, with the
 * reasons merged into any change they already had. `changes` holds the direct changes by URN.
 */
export function dependentReplacements(
  next: Plan,
  changes: ReadonlyMap<string, ResourceChange>,
): ResourceChange[] {
  const current = new Map(changes);
  const touched = new Map<string, ResourceChange>();
  const leaves = new Map(next.resources.map((r) => [r.urn, stringLeaves(r.inputs, [])]));
  const referrers = referrersByUrn(next, leaves);
  const queue = [...current.values()].filter((c) => c.operation === "replace").map((c) => c.after!);
  const seen = new Set(queue.map((r) => r.urn));

  while (queue.length > 0) {
    const replaced = queue.shift()!;
    const pointsHere = identityTest(replaced);
    for (const dependent of referrers.get(replaced.urn) ?? []) {
      if (dependent.urn === replaced.urn) continue;
      const existing = current.get(dependent.urn);
      if (existing && (existing.operation === "create" || existing.operation === "delete")) continue;
      const reasons: ReplaceReason[] = [];
      const unknowns: PropertyChange[] = [];
      const what = `${replaced.type} ${replaced.name}`;
      if (dependent.provider === replaced.urn) {
        reasons.push({
          path: ["provider"],
          cause: `its provider ${replaced.name} is replaced`,
          enforcedBy: "provider",
        });
      }
      // An id or generated name is only taken as a reference where the engine recorded the dependency
      // (mock ids repeat across types: a KMS key and its alias are both `<name>-id`).
      const recorded = dependent.dependsOn.includes(replaced.urn);
      if (
        dependent.type.startsWith("pulumi:providers:kubernetes") &&
        CLUSTER_TYPES.has(replaced.type) &&
        recorded
      ) {
        reasons.push({
          path: ["kubeconfig"],
          cause: `its cluster ${replaced.name} is replaced`,
          enforcedBy: "provider",
        });
      }
      for (const leaf of leaves.get(dependent.urn) ?? []) {
        if (!pointsHere(leaf.value, recorded)) continue;
        const field = immutableFieldAt(dependent.type, leaf.path);
        if (field) {
          reasons.push({
            path: leaf.path,
            cause: `${formatPath(leaf.path)} points to ${what}, which is replaced (${field.cause})`,
            enforcedBy: field.enforcedBy ?? "provider",
          });
        } else {
          unknowns.push({
            path: leaf.path,
            before: leaf.value,
            after: UNKNOWN_MARK,
            secret: isSecretPath(dependent.type, leaf.path),
          });
        }
      }
      if (reasons.length === 0 && unknowns.length === 0) continue;
      const merged = merge(dependent, existing, reasons, unknowns);
      current.set(dependent.urn, merged);
      touched.set(dependent.urn, merged);
      if (merged.operation === "replace" && !seen.has(dependent.urn)) {
        seen.add(dependent.urn);
        queue.push(dependent);
      }
    }
  }
  return [...touched.values()];
}

function merge(
  r: PlanResource,
  existing: ResourceChange | undefined,
  reasons: ReplaceReason[],
  unknowns: PropertyChange[],
): ResourceChange {
  const changes = [...(existing?.changes ?? [])];
  const key = (p: PathSegment[]) => formatPath(p);
  const known = new Set(changes.map((c) => key(c.path)));
  for (const u of unknowns) if (!known.has(key(u.path))) changes.push(u);
  const replaceReasons = [...(existing?.replaceReasons ?? []), ...reasons];
  return {
    urn: r.urn,
    type: r.type,
    name: r.name,
    custom: r.custom,
    operation: replaceReasons.length > 0 ? "replace" : "update",
    before: existing?.before ?? r,
    after: r,
    changes,
    replaceReasons,
  };
}

/**
 * Whether a string input refers to `r`: its URN, or (when the dependency is recorded) its physical
 * id (`<name>-id`) inside an id or ARN, or its generated name (`<name>-<7 hex>`), which a
 * replacement also changes.
 */
function identityTest(r: PlanResource): (value: string, recorded: boolean) => boolean {
  const escaped = r.name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const id = new RegExp(`(^|[^A-Za-z0-9-])${escaped}-id($|[^A-Za-z0-9-])`);
  const autoName = new RegExp(`^${escaped}-[0-9a-f]{7}$`);
  return (value, recorded) =>
    value === r.urn ||
    value.startsWith(`${r.urn}::`) ||
    (recorded && (id.test(value) || autoName.test(value)));
}

/** For each URN, the resources that may point to it: by recorded dependency, provider, or a URN in their inputs. */
function referrersByUrn(next: Plan, leaves: ReadonlyMap<string, Leaf[]>): Map<string, Set<PlanResource>> {
  const index = new Map<string, Set<PlanResource>>();
  const add = (urn: string, r: PlanResource) => index.set(urn, (index.get(urn) ?? new Set()).add(r));
  for (const r of next.resources) {
    for (const d of r.dependsOn) add(d, r);
    if (r.provider) add(r.provider, r);
    for (const leaf of leaves.get(r.urn) ?? []) {
      // A URN has three `::`; a provider reference adds `::<id>`.
      if (leaf.value.startsWith("urn:pulumi:")) add(leaf.value.split("::").slice(0, 4).join("::"), r);
    }
  }
  return index;
}

function stringLeaves(value: Json, path: PathSegment[]): Leaf[] {
  if (typeof value === "string") {
    return value === SECRET_MASK || value === UNKNOWN_MARK ? [] : [{ path, value }];
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => stringLeaves(v, [...path, i]));
  if (isJsonObject(value)) return Object.entries(value).flatMap(([k, v]) => stringLeaves(v, [...path, k]));
  return [];
}
