/**
 * One pull-request comment for every stack: a summary table, data-loss risks, likely renames and
 * expired environments on top, collapsible per-resource details, and the offline policy result
 * (when compared with the base's result: the new findings in the open, the base's own collapsed).
 * GitHub rejects comments over 65,536 characters, so the renderer drops detail level by level until
 * the comment fits, and says what it left out.
 */
import type { PropertyChange, ResourceChange } from "./diff";
import { displayValue, scrubSecrets } from "./display-values";
import { ATTENTION_POLICIES } from "../../policy/runner/attention";
import { formatPath } from "./paths";
import type { PolicyResult, PolicyViolation } from "./policy-result";
import { environmentRenameAdvice, replacedAnywaySummary, type LikelyRename } from "./renames";
import type { DataLossRisk } from "./risks";
import { OPERATION_SYMBOL, summaryLine } from "./render-text";
import { hasChanges, type StackReview } from "./review";
import type { StackCostChange } from "../cost/changes";
import type { LoadedPrices } from "../cost/load";
import { cents, formatChange, formatMoney, sum, type Money } from "../../lib/cost/money";

/** Marks the comment so CI updates it instead of adding another. */
export const COMMENT_MARKER = "<!-- game-infra:plan-diff -->";
/** GitHub's limit on an issue or pull-request comment body. */
export const GITHUB_COMMENT_LIMIT = 65_536;

/** How to render the comment. */
export interface MarkdownOptions {
  /** What the plans were compared with (`origin/main (1a2b3c4)`, `the committed plans`). */
  readonly baseLabel: string;
  /** Largest comment, in UTF-8 bytes (never fewer than GitHub counts). @default GITHUB_COMMENT_LIMIT */
  readonly limit?: number;
  /** Where the full, untrimmed diff is (a workflow artifact, a command). */
  readonly fullDiffHint?: string;
  /** The price table the reviews' cost changes used, or why there are none (`compareStacks`). */
  readonly cost?: { readonly prices: LoadedPrices } | { readonly error: string };
}

/** How much detail one rendering attempt keeps. */
interface Detail {
  /** Property changes shown per resource (those forcing a replacement are always shown). */
  readonly properties: number;
  readonly resourcesPerSection: number;
  readonly risks: number;
  readonly renames: number;
  /** Policy findings listed per stack: all of them, or the new ones when compared with the base. */
  readonly policyLines: number;
  /** Findings the base already had, listed inside their collapsed section. */
  readonly existingPolicyLines: number;
  readonly advisoryLines: boolean;
  /** Rows of the monthly cost table (stacks whose cost changes first). */
  readonly costRows: number;
}

/** Ever less detail: first fewer property changes per resource, then fewer resources, then summaries only. */
function* detailLevels(): Generator<Detail> {
  const all = {
    resourcesPerSection: Infinity,
    risks: Infinity,
    renames: Infinity,
    advisoryLines: true,
    costRows: Infinity,
  };
  yield { ...all, properties: Infinity, policyLines: Infinity, existingPolicyLines: Infinity };
  for (const properties of [20, 10, 5, 3, 2, 1, 0]) {
    yield { ...all, properties, policyLines: 100, existingPolicyLines: 100 };
  }
  // Findings the base already had go before the new ones: the reviewer needs those least.
  for (const resourcesPerSection of [200, 100, 50, 25, 10]) {
    yield {
      properties: 0,
      resourcesPerSection,
      risks: 100,
      renames: 50,
      policyLines: 50,
      existingPolicyLines: 0,
      advisoryLines: true,
      costRows: Infinity,
    };
  }
  yield {
    properties: 0,
    resourcesPerSection: 0,
    risks: 30,
    renames: 10,
    policyLines: 10,
    existingPolicyLines: 0,
    advisoryLines: false,
    costRows: 50,
  };
  yield {
    properties: 0,
    resourcesPerSection: 0,
    risks: 10,
    renames: 5,
    policyLines: 0,
    existingPolicyLines: 0,
    advisoryLines: false,
    costRows: 10,
  };
}

/** Most changes forcing a replacement shown per resource, whatever the level. */
const MAX_FORCING = 5;

/** What a rendering left out, to tell the reader. */
interface Omitted {
  properties: number;
  resources: number;
  risks: number;
  renames: number;
  policyLines: number;
  costRows: number;
  details: boolean;
}

/** Renders the comment for `reviews`, trimmed to fit `options.limit`. */
export function renderMarkdownComment(reviews: readonly StackReview[], options: MarkdownOptions): string {
  const limit = options.limit ?? GITHUB_COMMENT_LIMIT;
  const secrets = reviews.flatMap((r) => r.secretValues);
  let text = "";
  for (const detail of detailLevels()) {
    const omitted: Omitted = {
      properties: 0,
      resources: 0,
      risks: 0,
      renames: 0,
      policyLines: 0,
      costRows: 0,
      details: false,
    };
    const body = renderAt(reviews, options, detail, omitted);
    text = scrubSecrets(`${body}${trimNote(omitted, options)}${footer()}`, secrets);
    if (bytes(text) <= limit) return text;
  }
  // Even the summary does not fit (thousands of risks): cut it, and say so.
  const note = `\n\n> ✂️ Cut at ${limit.toLocaleString("en-US")} bytes to fit GitHub's comment limit. ${options.fullDiffHint ?? ""}\n`;
  let cut = text.slice(0, limit - bytes(note));
  while (bytes(cut) + bytes(note) > limit) cut = cut.slice(0, -100);
  return `${cut}${note}`;
}

function renderAt(reviews: readonly StackReview[], options: MarkdownOptions, d: Detail, o: Omitted): string {
  const out: string[] = [COMMENT_MARKER, "### Offline plan: what this pull request changes", ""];
  out.push(
    `Compared with **${escapeMd(options.baseLabel)}**, planned offline under Pulumi's mock runtime (no cloud credentials). Counts as \`pulumi preview\` would give them; replacements from the curated table of immutable fields.`,
    "",
    "| Stack | Create | Update | Replace | Delete | Unchanged | Data-loss risk | Policy |",
    "| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |",
  );
  for (const r of reviews) out.push(summaryRow(r));
  if (options.cost) out.push(...costSection(reviews, options.cost, d, o));

  const problems = reviews.flatMap((r) => r.problems.map((p) => ({ stack: r.stack, p })));
  if (problems.length > 0) {
    out.push("", "#### ❌ Problems", "");
    for (const { stack, p } of problems) out.push(`- **${stack}**:`, "", indent(fence(p), 2), "");
  }

  const risks = reviews.flatMap((r) => r.risks.map((risk) => ({ stack: r.stack, risk })));
  if (risks.length > 0) {
    out.push("", "#### ⚠️ Data-loss risk", "");
    for (const { stack, risk } of risks.slice(0, d.risks)) out.push(riskItem(stack, risk));
    o.risks += Math.max(0, risks.length - d.risks);
    if (risks.length > d.risks) out.push(`- … and ${risks.length - d.risks} more`);
  }

  const renames = reviews.flatMap((r) => r.renames.map((rename) => ({ stack: r.stack, rename })));
  if (renames.length > 0) {
    out.push("", "#### 🔀 Likely renames", "");
    for (const { stack, rename } of renames.slice(0, d.renames)) out.push(renameItem(stack, rename));
    o.renames += Math.max(0, renames.length - d.renames);
    if (renames.length > d.renames) out.push(`- … and ${renames.length - d.renames} more`);
  }

  out.push(...attentionSections(reviews));

  for (const r of reviews) out.push("", ...stackSection(r, d, o));
  return out.join("\n");
}

/**
 * The monthly cost change of every stack whose estimate moves, base and head: platform stacks by
 * their total, environment stacks always on and on their schedule. Stacks whose estimate does not
 * move are counted, not listed, and a change that moves none says so in one line. When trimmed, the
 * largest changes stay.
 */
function costSection(
  reviews: readonly StackReview[],
  cost: NonNullable<MarkdownOptions["cost"]>,
  d: Detail,
  o: Omitted,
): string[] {
  const out = ["", "#### 💰 Monthly cost (estimate)", ""];
  if ("error" in cost) return [...out, `Not estimated: ${escapeMd(cost.error)}`];
  const { table, file } = cost.prices;
  const priced = reviews.flatMap((r) =>
    r.cost && !("error" in r.cost) ? [{ stack: r.stack, cost: r.cost }] : [],
  );
  const changed = priced
    .filter((p) => moved(p.cost))
    .sort((a, b) => Math.abs(b.cost.change.usd) - Math.abs(a.cost.change.usd));
  const unchanged = priced.length - changed.length;
  if (priced.length > 0 && changed.length === 0) {
    out.push(
      `No change: the monthly estimate of ${priced.length === 1 ? "the stack" : `all ${priced.length} stacks`} stays as it is (prices for ${table.region} taken ${table.taken}).`,
    );
  }
  if (changed.length > 0) {
    out.push(
      `Prices for ${table.region} taken ${table.taken} (${code(file)}), the same table on both sides, so a change is what the plans change. Environments: always on · on their sleep schedule.`,
      "",
    );
    const shown = changed.slice(0, d.costRows);
    out.push("| Stack | Base | Head | Change |", "| --- | ---: | ---: | ---: |");
    for (const { stack, cost: c } of shown) {
      const both = (a: Money, b: Money | undefined, f: (m: Money) => string) =>
        b ? `${f(a)} · ${f(b)}` : f(a);
      out.push(
        `| ${code(stack)} | ${both(c.base, c.scheduled?.base, formatMoney)} | ${both(c.head, c.scheduled?.head, formatMoney)} | ${both(c.change, c.scheduled?.change, formatChange)} |`,
      );
    }
    if (changed.length > shown.length) {
      out.push(`| … ${changed.length - shown.length} more | | | |`);
      o.costRows += changed.length - shown.length;
    }
    const total = sum(...changed.map((p) => p.cost.change));
    const totalScheduled = sum(...changed.map((p) => p.cost.scheduled?.change ?? p.cost.change));
    out.push(
      "",
      `**Change, all stacks: ${formatChange(total)} a month always on, ${formatChange(totalScheduled)} with the environments on their schedules.**${unchanged > 0 ? ` ${unchanged} other stack(s) unchanged.` : ""}`,
    );
    const unknown = [
      ...new Set(changed.flatMap((p) => [...p.cost.base.unknown, ...p.cost.head.unknown])),
    ].sort();
    const notes: string[] = [];
    if (changed.some((p) => p.cost.base.secondary || p.cost.head.secondary)) {
      notes.push("† rests on a figure from a secondary source (see the table's sources).");
    }
    if (unknown.length > 0) notes.push(`Left out (unknown prices): ${unknown.map(code).join(", ")}.`);
    if (notes.length > 0) {
      out.push(
        "",
        `<sub>${notes.join(" ")} ${code("npm run cost -- <stack>")} shows the parts and the assumptions.</sub>`,
      );
    }
  }
  for (const r of reviews) {
    if (r.cost && "error" in r.cost) out.push(`- ${code(r.stack)}: not estimated: ${escapeMd(r.cost.error)}`);
  }
  return out;
}

/** Whether a stack's monthly cost changes, to the cent or in what it could not price. */
function moved(c: StackCostChange): boolean {
  const differs = (m: Money) => cents(m.usd) !== 0;
  return (
    differs(c.change) ||
    (c.scheduled !== undefined && differs(c.scheduled.change)) ||
    c.base.unknown.join() !== c.head.unknown.join()
  );
}

/**
 * Findings that must not drown among the advisories that every run repeats (expired environments):
 * a section of their own near the top, new or not.
 */
function attentionSections(reviews: readonly StackReview[]): string[] {
  const out: string[] = [];
  for (const [policy, heading] of Object.entries(ATTENTION_POLICIES)) {
    const found = reviews.flatMap((r) =>
      (r.policy?.violations ?? []).filter((v) => v.policy === policy).map((v) => ({ stack: r.stack, v })),
    );
    if (found.length === 0) continue;
    out.push("", `#### ⏰ ${escapeMd(heading)}`, "");
    for (const { stack, v } of found) {
      const fresh = v.preExisting === false ? " _(new in this change)_" : "";
      out.push(`- **${stack}** · ${code(resourceLabel(v.urn))}: ${escapeMd(v.message)}${fresh}`);
    }
  }
  return out;
}

function summaryRow(r: StackReview): string {
  const c = r.diff?.counts;
  const counts = c
    ? [c.create, c.update, c.replace, c.delete, c.same].map(String)
    : ["–", "–", "–", "–", "–"];
  const risk = !r.diff ? "–" : r.risks.length > 0 ? `⚠️ ${r.risks.length}` : "none";
  return `| \`${r.stack}\`${r.problems.length > 0 ? " ❌" : ""} | ${counts.join(" | ")} | ${risk} | ${policyBadge(r.policy)} |`;
}

function policyBadge(p: PolicyResult | undefined): string {
  if (!p) return "not run";
  if (p.error) return "⚠️ could not run";
  const added = p.comparedWithBase ? ` (${p.violations.filter((v) => !v.preExisting).length} new)` : "";
  return `${p.counts.mandatory > 0 ? "❌" : "✅"} ${p.counts.mandatory} mandatory, ${p.counts.advisory} advisory${added}`;
}

function riskItem(stack: string, r: DataLossRisk): string {
  const lines = [
    `- **${stack}** · ${r.operation} \`${r.type}\` **${escapeMd(r.name)}**: ${escapeMd(r.holds)}`,
    `  ${escapeMd(r.reason)}`,
    // Mitigations are this tool's own sentences (with Markdown in them); the reason quotes values.
    ...(r.mitigations.length > 0 ? [`  _Limits:_ ${r.mitigations.join("; ")}`] : []),
  ];
  // Two trailing spaces: a Markdown line break inside the list item.
  return lines.join("  \n");
}

function renameItem(stack: string, r: LikelyRename): string {
  if (r.environment) {
    return `- **${stack}** · \`${r.from.type}\` **${escapeMd(r.from.name)} → ${escapeMd(r.to.name)}**: ${escapeMd(environmentRenameAdvice(r, r.environment))}`;
  }
  const replaced = r.members.filter((m) => m.replacedAnyway.length > 0).length;
  let text = `- **${stack}** · \`${r.from.type}\` **${escapeMd(r.from.name)} → ${escapeMd(r.to.name)}**: ${r.members.length} resource(s) would be deleted and created again. If it is the same thing, add ${code(r.alias)} to the options of ${code(r.to.name)}.`;
  if (replaced > 0) {
    text += ` Even with the alias, ${replaced} of ${r.members.length} are replaced, because immutable fields change with the name: ${escapeMd(replacedAnywaySummary(r))}.`;
  }
  return text;
}

const SECTIONS: ReadonlyArray<[ResourceChange["operation"], string]> = [
  ["replace", "Replace"],
  ["delete", "Delete"],
  ["create", "Create"],
  ["update", "Update"],
];

function stackSection(r: StackReview, d: Detail, o: Omitted): string[] {
  const diff = r.diff;
  const out: string[] = [];
  if (!diff) {
    out.push(`#### \`${r.stack}\`: not compared (see problems)`);
  } else if (!hasChanges(r)) {
    out.push(`#### \`${r.stack}\`: no changes`);
  } else {
    out.push(`#### \`${r.stack}\`: ${summaryLine(diff.counts)}`);
    if (r.note) out.push("", `_${escapeMd(r.note)}_`);
    for (const [operation, title] of SECTIONS) {
      const changes = diff.resources.filter((c) => c.operation === operation);
      if (changes.length === 0) continue;
      if (d.resourcesPerSection === 0) {
        o.resources += changes.length;
        o.details = true;
        continue;
      }
      out.push(
        "",
        `<details><summary>${OPERATION_SYMBOL[operation]} ${title} (${changes.length})</summary>`,
        "",
      );
      for (const c of changes.slice(0, d.resourcesPerSection)) out.push(...resourceItem(c, d, o));
      if (changes.length > d.resourcesPerSection) {
        out.push(`- … and ${changes.length - d.resourcesPerSection} more`);
        o.resources += changes.length - d.resourcesPerSection;
      }
      out.push("", "</details>");
    }
    if (diff.outputs.length > 0 && d.resourcesPerSection > 0) {
      out.push("", `<details><summary>Outputs (${diff.outputs.length})</summary>`, "");
      const shown = diff.outputs.slice(0, d.properties === Infinity ? Infinity : 20);
      for (const c of shown) out.push(`- ${propertyItem(c)}`);
      o.properties += diff.outputs.length - shown.length;
      out.push("", "</details>");
    }
  }
  if (r.policy) out.push(...policySection(r.policy, d, o));
  return out;
}

function resourceItem(c: ResourceChange, d: Detail, o: Omitted): string[] {
  const head = `- \`${OPERATION_SYMBOL[c.operation]}\` \`${c.type}\` **${escapeMd(c.name)}**`;
  if (c.operation !== "update" && c.operation !== "replace") return [head];
  // The changes that force a replacement are the point of the entry: always first, always shown.
  const forcing = c.changes.filter((p) => p.replaces).slice(0, MAX_FORCING);
  const others = c.changes.filter((p) => !forcing.includes(p));
  const shown = [...forcing, ...others.slice(0, d.properties)];
  const hidden = c.changes.length - shown.length;
  o.properties += hidden;
  const lines = [shown.length === 0 ? `${head} (${hidden} propert${hidden === 1 ? "y" : "ies"})` : head];
  for (const p of shown) lines.push(`  - ${propertyItem(p)}`);
  if (hidden > 0 && shown.length > 0) lines.push(`  - … ${hidden} more propert${hidden === 1 ? "y" : "ies"}`);
  for (const reason of c.replaceReasons.filter(
    (x) => !c.changes.some((p) => formatPath(p.path) === formatPath(x.path)),
  )) {
    lines.push(`  - forces replacement: ${escapeMd(reason.cause)}`);
  }
  return lines;
}

function propertyItem(c: PropertyChange): string {
  const path = c.option ? `[${formatPath(c.path)}]` : formatPath(c.path);
  const forces = c.replaces ? ` — **forces replacement**: ${escapeMd(c.replaces)}` : "";
  return `${code(path)}: ${code(displayValue(c.before, c.secret))} → ${code(displayValue(c.after, c.secret))}${forces}`;
}

function policySection(p: PolicyResult, d: Detail, o: Omitted): string[] {
  if (p.error) return ["", `Policy: ⚠️ could not run: ${escapeMd(p.error)}`];
  const total = p.counts.mandatory + p.counts.advisory;
  if (total === 0) return ["", "Policy: ✅ no violations"];
  if (!p.comparedWithBase) {
    const out = ["", `<details><summary>Policy: ${policyBadge(p)}</summary>`, ""];
    out.push(...violationItems(p.violations, d.policyLines, d.advisoryLines, o), "", "</details>");
    return out;
  }
  // What the change introduces first and in the open; what the base already had, collapsed.
  const added = p.violations.filter((v) => !v.preExisting);
  const existing = p.violations.filter((v) => v.preExisting);
  const out = [
    "",
    `**Policy: ${policyBadge(p)}**: ${added.length === 0 ? "nothing new" : `${added.length} new`} in this change, ${existing.length} already in the base`,
  ];
  if (added.length > 0) out.push("", ...violationItems(added, d.policyLines, d.advisoryLines, o));
  if (existing.length > 0) {
    const mandatory = existing.filter((v) => v.level === "mandatory").length;
    out.push(
      "",
      `<details><summary>${existing.length} already in the base (${mandatory} mandatory, ${existing.length - mandatory} advisory)</summary>`,
      "",
      ...violationItems(existing, d.existingPolicyLines, true, o),
      "",
      "</details>",
    );
  }
  return out;
}

/** One line per violation, mandatory first, at most `limit` (advisories only if `advisories`). */
function violationItems(
  violations: readonly PolicyViolation[],
  limit: number,
  advisories: boolean,
  o: Omitted,
): string[] {
  const ordered = [
    ...violations.filter((v) => v.level === "mandatory"),
    ...(advisories ? violations.filter((v) => v.level === "advisory") : []),
  ];
  const shown = ordered.slice(0, limit);
  const left = violations.length - shown.length;
  o.policyLines += left;
  const lines = shown.map(
    (v) =>
      `- ${v.level === "mandatory" ? "❌" : "💡"} **${v.level}** ${code(v.policy)} on ${code(resourceLabel(v.urn))}: ${escapeMd(v.message)}`,
  );
  if (left > 0) lines.push(`- … and ${left} more`);
  return lines;
}

/** `type name` from a URN (`urn:pulumi:dev::game-infra::a$b:c:D::name` -> `b:c:D name`). */
export function resourceLabel(urn: string): string {
  const parts = urn.split("::");
  if (parts.length < 4) return urn;
  const type = parts[2]!.split("$").pop()!;
  return `${type} ${parts.slice(3).join("::")}`;
}

function trimNote(o: Omitted, options: MarkdownOptions): string {
  const what: string[] = [];
  if (o.details) what.push("per-resource details");
  if (o.properties > 0) what.push(`${o.properties} property change(s)`);
  if (o.resources > 0) what.push(`${o.resources} resource entr${o.resources === 1 ? "y" : "ies"}`);
  if (o.risks > 0) what.push(`${o.risks} data-loss risk entr${o.risks === 1 ? "y" : "ies"}`);
  if (o.renames > 0) what.push(`${o.renames} likely rename(s)`);
  if (o.policyLines > 0) what.push(`${o.policyLines} policy line(s)`);
  if (o.costRows > 0) what.push(`${o.costRows} cost row(s)`);
  if (what.length === 0) return "";
  const hint = options.fullDiffHint
    ? ` ${options.fullDiffHint}`
    : " Run `npm run plan -- <stack> --diff` for everything.";
  return `\n\n> ✂️ Trimmed to fit GitHub's ${GITHUB_COMMENT_LIMIT.toLocaleString("en-US")}-character comment limit: left out ${what.join(", ")}.${hint}\n`;
}

function footer(): string {
  return "\n\n<sub>`npm run plan -- <stack> --diff` shows the same locally; `--base <ref>` plans the program as it is at that commit.</sub>\n";
}

/** Counts as GitHub can at most: UTF-8 bytes, never fewer than characters. */
function bytes(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

/** Inline code that survives backticks in the value. */
function code(text: string): string {
  if (!text.includes("`")) return `\`${text}\``;
  return `\`\` ${text} \`\``;
}

function fence(text: string): string {
  return `\`\`\`\n${text.replace(/```/g, "'''")}\n\`\`\``;
}

function indent(text: string, n: number): string {
  return text
    .split("\n")
    .map((l) => `${" ".repeat(n)}${l}`)
    .join("\n");
}

/** Escapes Markdown and HTML punctuation in plain text. */
export function escapeMd(text: string): string {
  return text.replace(/[\\`*_[\]<>|#]/g, (c) => `\\${c}`);
}
