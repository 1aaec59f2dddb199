/** Human-readable rendering of a plan: the component tree and counts by type. */
import type { Plan, PlanResource } from "./model";
import { rootStackUrn } from "./model";

/** Renders the plan as a tree of components and resources, then the counts by type. */
export function renderPlan(plan: Plan): string {
  const root = rootStackUrn(plan.project, plan.stack);
  const children = new Map<string, PlanResource[]>();
  for (const r of plan.resources) {
    const list = children.get(r.parent ?? root) ?? [];
    list.push(r);
    children.set(r.parent ?? root, list);
  }
  const lines = [planHeadline(plan), "", `pulumi:pulumi:Stack ${plan.project}-${plan.stack}`];
  const walk = (urn: string, prefix: string) => {
    const kids = (children.get(urn) ?? []).slice().sort(byTypeThenName);
    kids.forEach((kid, i) => {
      const last = i === kids.length - 1;
      const marks = [kid.protect ? "protected" : "", kid.retainOnDelete ? "retained on delete" : ""].filter(
        Boolean,
      );
      lines.push(
        `${prefix}${last ? "└─ " : "├─ "}${kid.type} ${kid.name}${marks.length ? `  [${marks.join(", ")}]` : ""}`,
      );
      walk(kid.urn, `${prefix}${last ? "   " : "│  "}`);
    });
  };
  walk(root, "");
  lines.push("", "Resources by type:");
  for (const [type, count] of countByType(plan)) lines.push(`  ${String(count).padStart(4)}  ${type}`);
  return lines.join("\n");
}

/** `game-infra / dev: 224 resources (40 components, 184 custom resources)`. */
export function planHeadline(plan: Plan): string {
  const components = plan.resources.filter((r) => !r.custom).length;
  return `${plan.project} / ${plan.stack}: ${plan.resources.length} resources (${components} components, ${plan.resources.length - components} custom resources)`;
}

/** Resource counts by type, most frequent first, then by type name. */
export function countByType(plan: Plan): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const r of plan.resources) counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
  return [...counts].sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
}

function byTypeThenName(a: PlanResource, b: PlanResource): number {
  return a.custom === b.custom
    ? a.type.localeCompare(b.type) || a.name.localeCompare(b.name)
    : a.custom
      ? 1
      : -1;
}
