/** Differences between two plans: resources added, removed, and changed with the property paths that differ. */
import type { Json } from "../engine/values";
import type { Plan, PlanResource } from "./model";

/** One changed resource and the property paths whose values differ. */
export interface ChangedResource {
  readonly urn: string;
  readonly type: string;
  readonly paths: string[];
}

/** What differs between a base plan and a new one. */
export interface PlanDiff {
  readonly added: PlanResource[];
  readonly removed: PlanResource[];
  readonly changed: ChangedResource[];
  readonly outputsChanged: string[];
}

/** Compares two plans of the same stack. */
export function diffPlans(base: Plan, next: Plan): PlanDiff {
  const before = new Map(base.resources.map((r) => [r.urn, r]));
  const after = new Map(next.resources.map((r) => [r.urn, r]));
  const added = next.resources.filter((r) => !before.has(r.urn));
  const removed = base.resources.filter((r) => !after.has(r.urn));
  const changed: ChangedResource[] = [];
  for (const r of next.resources) {
    const old = before.get(r.urn);
    if (!old) continue;
    const paths = [
      ...changedPaths(old.inputs, r.inputs, "inputs"),
      ...(["protect", "retainOnDelete", "parent", "provider", "custom"] as const)
        .filter((k) => old[k] !== r[k])
        .map(String),
      ...changedPaths(old.dependsOn as Json, r.dependsOn as Json, "dependsOn"),
    ];
    if (paths.length > 0) changed.push({ urn: r.urn, type: r.type, paths });
  }
  return { added, removed, changed, outputsChanged: changedPaths(base.outputs, next.outputs, "outputs") };
}

/** Leaf paths (`inputs.spec.replicas`, `inputs.ports[0]`) where `a` and `b` differ. */
export function changedPaths(a: Json | undefined, b: Json | undefined, path: string): string[] {
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) => changedPaths(a[k], b[k], `${path}.${k}`));
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const length = Math.max(a.length, b.length);
    return [...Array(length).keys()].flatMap((i) => changedPaths(a[i], b[i], `${path}[${i}]`));
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [path];
}

function isObject(v: Json | undefined): v is { [key: string]: Json } {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Renders a diff as text, one line per resource; says so when nothing changed. */
export function renderDiff(diff: PlanDiff): string {
  if (diff.added.length + diff.removed.length + diff.changed.length + diff.outputsChanged.length === 0) {
    return "No changes: the plan matches the committed one.";
  }
  const lines = [
    `${diff.added.length} to add, ${diff.changed.length} to change, ${diff.removed.length} to remove`,
  ];
  for (const r of diff.removed) lines.push(`- ${r.urn}`);
  for (const r of diff.added) lines.push(`+ ${r.urn}`);
  for (const c of diff.changed) {
    lines.push(`~ ${c.urn}`);
    for (const p of c.paths) lines.push(`    ${p}`);
  }
  if (diff.outputsChanged.length > 0) lines.push(`outputs changed: ${diff.outputsChanged.join(", ")}`);
  return lines.join("\n");
}
