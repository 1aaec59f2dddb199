/**
 * What a change does to a stack, computed from two plans the way `pulumi preview` would report it:
 * each resource is created, updated, replaced, deleted or left the same; each update lists the
 * property paths that change with their values; a replacement names the immutable field (or the
 * replaced dependency) that forces it.
 */
import { UNKNOWN_MARK, type Json } from "../engine/values";
import { dependentReplacements } from "./dependents";
import { isSecretPath } from "./display-values";
import { replacementCauses, type Enforcement } from "./immutable-fields";
import type { Plan, PlanResource } from "./model";
import { isJsonObject, jsonEqual, keyedSegment, startsWith, type PathSegment } from "./paths";

/** What happens to one resource. */
export type Operation = "create" | "update" | "replace" | "delete" | "same";

/** The operations in the order `pulumi preview` summarises them. */
export const OPERATIONS: readonly Operation[] = ["create", "update", "replace", "delete", "same"];

/** One property whose value differs. Options (`protect`, `retainOnDelete`, provider) have `option: true`. */
export interface PropertyChange {
  readonly path: PathSegment[];
  readonly before: Json | undefined;
  readonly after: Json | undefined;
  /** The value is a credential: always printed as `[secret]`. */
  readonly secret: boolean;
  readonly option?: boolean;
  /** Why this change forces replacement, when it does. */
  readonly replaces?: string;
}

/** Why a resource is replaced. */
export interface ReplaceReason {
  readonly path: PathSegment[];
  readonly cause: string;
  readonly enforcedBy: Enforcement;
}

/** One resource that does not stay the same. */
export interface ResourceChange {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly operation: Exclude<Operation, "same">;
  readonly custom: boolean;
  /** The resource in the base plan (absent when created). */
  readonly before?: PlanResource;
  /** The resource in the new plan (absent when deleted). */
  readonly after?: PlanResource;
  readonly changes: PropertyChange[];
  readonly replaceReasons: ReplaceReason[];
}

/** Everything that differs between a base plan and a new plan of one stack. */
export interface PlanDiff {
  readonly stack: string;
  /** Changed resources: replacements first, then deletes, creates and updates, each by URN. */
  readonly resources: ResourceChange[];
  readonly counts: Readonly<Record<Operation, number>>;
  readonly outputs: PropertyChange[];
}

const OPTIONS = ["protect", "retainOnDelete", "provider", "parent"] as const;

/** Compares two plans of the same stack. */
export function diffPlans(base: Plan, next: Plan): PlanDiff {
  const before = new Map(base.resources.map((r) => [r.urn, r]));
  const after = new Map(next.resources.map((r) => [r.urn, r]));
  const changes = new Map<string, ResourceChange>();
  for (const r of base.resources) {
    if (!after.has(r.urn)) changes.set(r.urn, change(r, "delete", { before: r }));
  }
  for (const r of next.resources) {
    const old = before.get(r.urn);
    if (!old) {
      changes.set(r.urn, change(r, "create", { after: r }));
      continue;
    }
    const updated = compareResource(old, r, r.provider ? after.get(r.provider) : undefined);
    if (updated) changes.set(r.urn, updated);
  }
  for (const cascaded of dependentReplacements(next, changes)) changes.set(cascaded.urn, cascaded);

  const resources = [...changes.values()].sort(
    (a, b) => ORDER[a.operation] - ORDER[b.operation] || (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0),
  );
  const counts = { create: 0, update: 0, replace: 0, delete: 0, same: 0 };
  for (const r of resources) counts[r.operation]++;
  counts.same = next.resources.filter((r) => !changes.has(r.urn)).length;
  return {
    stack: next.stack,
    resources,
    counts,
    outputs: valueChanges(base.outputs, next.outputs, [], "outputs"),
  };
}

const ORDER: Record<ResourceChange["operation"], number> = { replace: 0, delete: 1, create: 2, update: 3 };

function change(
  r: PlanResource,
  operation: ResourceChange["operation"],
  sides: { before?: PlanResource; after?: PlanResource },
  changes: PropertyChange[] = [],
  replaceReasons: ReplaceReason[] = [],
): ResourceChange {
  return {
    urn: r.urn,
    type: r.type,
    name: r.name,
    operation,
    custom: r.custom,
    ...sides,
    changes,
    replaceReasons,
  };
}

/**
 * The update or replacement of a resource present in both plans, or undefined when it stays the
 * same. Its explicit provider's settings decide some replacements (mutable ConfigMaps).
 */
function compareResource(
  old: PlanResource,
  r: PlanResource,
  provider: PlanResource | undefined,
): ResourceChange | undefined {
  const reasons: ReplaceReason[] = replacementCauses(r.type, old.inputs, r.inputs, {
    ...(provider ? { providerInputs: provider.inputs } : {}),
  });
  if (old.provider !== r.provider && old.provider !== null && r.provider !== null) {
    reasons.push({ path: ["provider"], cause: "its provider changes", enforcedBy: "provider" });
  }
  const changes = valueChanges(old.inputs, r.inputs, [], r.type).map((c) => {
    const reason = reasons.find((x) => x.path[0] !== "provider" && startsWith(c.path, x.path));
    return reason ? { ...c, replaces: reason.cause } : c;
  });
  for (const option of OPTIONS) {
    if (old[option] !== r[option]) {
      const reason = option === "provider" ? reasons.find((x) => x.path[0] === "provider") : undefined;
      changes.push({
        path: [option],
        before: old[option],
        after: r[option],
        secret: false,
        option: true,
        ...(reason ? { replaces: reason.cause } : {}),
      });
    }
  }
  if (changes.length === 0) return undefined;
  return change(r, reasons.length > 0 ? "replace" : "update", { before: old, after: r }, changes, reasons);
}

/**
 * Leaf-level differences between two values. Lists of scalars compare as one value, so a changed
 * instance type list reads `["m6i.large"] -> ["m6i.xlarge"]` rather than index by index.
 */
export function valueChanges(
  a: Json | undefined,
  b: Json | undefined,
  path: PathSegment[],
  type: string,
): PropertyChange[] {
  if (isJsonObject(a) && isJsonObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) => valueChanges(a[k], b[k], [...path, k], type));
  }
  if (Array.isArray(a) && Array.isArray(b) && !(allScalars(a) && allScalars(b))) {
    const keyed = [namesOf(a), namesOf(b)];
    if (keyed[0] && keyed[1] && keyed[0].some((n, i) => n !== keyed[1]![i])) {
      // Elements with unique names (environments, containers) are matched by name, so removing the
      // second of three does not show the third as a change of the second.
      const names = [...new Set([...keyed[0], ...keyed[1]])];
      const at = (list: Json[], names: string[], n: string) => list[names.indexOf(n)];
      return names.flatMap((n) =>
        valueChanges(at(a, keyed[0]!, n), at(b, keyed[1]!, n), [...path, keyedSegment(n)], type),
      );
    }
    const length = Math.max(a.length, b.length);
    return [...Array(length).keys()].flatMap((i) => valueChanges(a[i], b[i], [...path, i], type));
  }
  if (jsonEqual(a, b)) return [];
  return [{ path, before: a, after: b, secret: isSecretPath(type, path) }];
}

/** The elements' `name` fields when every element is an object with a unique string name. */
function namesOf(values: Json[]): string[] | undefined {
  const names = values.map((v) => (isJsonObject(v) && typeof v.name === "string" ? v.name : undefined));
  if (names.some((n) => n === undefined) || new Set(names).size !== names.length) return undefined;
  return names as string[];
}

function allScalars(values: Json[]): boolean {
  return values.every((v) => v === null || typeof v !== "object");
}

/** A dependent's input that will only be known after apply, because what it points to is replaced. */
export function unknownAfterApply(
  path: PathSegment[],
  before: Json | undefined,
  type: string,
): PropertyChange {
  return { path, before, after: UNKNOWN_MARK, secret: isSecretPath(type, path) };
}
