/** The terminal rendering of a stack review: counts as `pulumi preview` gives them, risks first, then each change. */
import type { Operation, PropertyChange, ResourceChange } from "./diff";
import { displayValue, scrubSecrets } from "./display-values";
import { formatPath } from "./paths";
import { environmentRenameAdvice, replacedAnywaySummary, type LikelyRename } from "./renames";
import type { DataLossRisk } from "./risks";
import { hasChanges, type StackReview } from "./review";

/** The symbol `pulumi preview` uses for each operation. */
export const OPERATION_SYMBOL: Readonly<Record<Operation, string>> = {
  create: "+",
  update: "~",
  replace: "+-",
  delete: "-",
  same: " ",
};

/** `1 to create, 2 to update, 0 to replace, 0 to delete, 57 unchanged`. */
export function summaryLine(counts: Readonly<Record<Operation, number>>): string {
  return `${counts.create} to create, ${counts.update} to update, ${counts.replace} to replace, ${counts.delete} to delete, ${counts.same} unchanged`;
}

/** One property change: `path: before -> after`, with the replacement cause when it forces one. */
export function changeLine(c: PropertyChange): string {
  const path = c.option ? `[${formatPath(c.path)}]` : formatPath(c.path);
  const forces = c.replaces ? `   (forces replacement: ${c.replaces})` : "";
  return `${path}: ${displayValue(c.before, c.secret)} -> ${displayValue(c.after, c.secret)}${forces}`;
}

/** What changed, as text; `sameText` is what to say when nothing did. Known secrets are scrubbed. */
export function renderReviewText(review: StackReview, sameText: string): string {
  return scrubSecrets(reviewLines(review, sameText).join("\n"), review.secretValues);
}

function reviewLines(review: StackReview, sameText: string): string[] {
  const lines: string[] = [];
  for (const p of review.problems) lines.push(`problem: ${p}`);
  if (review.note) lines.push(`note: ${review.note}`);
  const diff = review.diff;
  if (!diff) return lines;
  if (!hasChanges(review)) {
    lines.push(sameText);
    return lines;
  }
  lines.push(`${review.stack}: ${summaryLine(diff.counts)}`);
  if (review.risks.length > 0) {
    lines.push("", `!! Data-loss risk (${review.risks.length})`);
    for (const r of review.risks) lines.push(...riskLines(r));
  }
  if (review.renames.length > 0) {
    lines.push("", `Likely renames (${review.renames.length})`);
    for (const r of review.renames) lines.push(...renameLines(r));
  }
  const sections: Array<[ResourceChange["operation"], string]> = [
    ["replace", "Replace"],
    ["delete", "Delete"],
    ["create", "Create"],
    ["update", "Update"],
  ];
  for (const [operation, title] of sections) {
    const changes = diff.resources.filter((r) => r.operation === operation);
    if (changes.length === 0) continue;
    lines.push("", `${title} (${changes.length})`);
    for (const c of changes) {
      lines.push(`  ${OPERATION_SYMBOL[operation]} ${c.type} ${c.name}`);
      if (operation === "update" || operation === "replace") {
        for (const p of c.changes) lines.push(`      ${changeLine(p)}`);
        for (const r of c.replaceReasons.filter(
          (x) => !c.changes.some((p) => formatPath(p.path) === formatPath(x.path)),
        )) {
          lines.push(`      forces replacement: ${r.cause}`);
        }
      }
    }
  }
  if (diff.outputs.length > 0) {
    lines.push("", "Outputs");
    for (const o of diff.outputs) lines.push(`  ~ ${changeLine(o)}`);
  }
  return lines;
}

function riskLines(r: DataLossRisk): string[] {
  return [
    `  ${OPERATION_SYMBOL[r.operation]} ${r.type} ${r.name}: ${r.holds}`,
    `      ${r.reason}`,
    ...r.mitigations.map((m) => `      * ${m}`),
  ];
}

function renameLines(r: LikelyRename): string[] {
  if (r.environment) {
    return [
      `  ${r.from.type} ${r.from.name} -> ${r.to.name}: environment renamed in config`,
      `      ${environmentRenameAdvice(r, r.environment)}`,
    ];
  }
  const replaced = r.members.filter((m) => m.replacedAnyway.length > 0).length;
  const lines = [
    `  ${r.from.type} ${r.from.name} -> ${r.to.name}: ${r.members.length} resource(s) deleted and created again`,
    `      fix, if it is the same thing: add \`${r.alias}\` to the options of ${r.to.name}`,
  ];
  if (replaced > 0) {
    lines.push(
      `      even with the alias, ${replaced} of ${r.members.length} are replaced: ${replacedAnywaySummary(r)} change`,
    );
  }
  return lines;
}
