import { ATTENTION_POLICIES, needsAttention } from "./attention";
import type { PolicyReport, Violation } from "./run";

/** One output line per violation: `<mandatory|advisory> <policy-name> <urn>: <message>`. */
export function violationLine(v: Violation): string {
  return `${v.enforcementLevel} ${v.policyName} ${v.urn}: ${v.message.replace(/\s*\n\s*/g, " ")}`;
}

/** Counts of a report by kind. */
export function countsOf(report: PolicyReport): { mandatory: number; advisory: number; skipped: number } {
  const mandatory = report.violations.filter((v) => v.enforcementLevel === "mandatory").length;
  return { mandatory, advisory: report.violations.length - mandatory, skipped: report.skipped.length };
}

/** A report's violations split by whether the baseline's report has the same one (same level, policy, URN and message). */
export interface BaselineComparison {
  /** Where the baseline came from (its plan file). */
  readonly source: string;
  /** Not in the baseline: what the change introduces. */
  readonly added: readonly Violation[];
  /** Already in the baseline. */
  readonly existing: readonly Violation[];
}

/** Splits `report`'s violations into those the baseline does not have and those it has. */
export function compareWithBaseline(
  report: PolicyReport,
  baseline: PolicyReport,
  source: string,
): BaselineComparison {
  const before = new Set(baseline.violations.map(violationLine));
  return {
    source,
    added: report.violations.filter((v) => !before.has(violationLine(v))),
    existing: report.violations.filter((v) => before.has(violationLine(v))),
  };
}

/**
 * The text report. Findings that need attention (expired environments) come first under their
 * heading; then, with a baseline, the new violations and one line counting the rest; without one,
 * every violation. Then skipped checks and one summary line. Violation lines keep the
 * `<level> <policy> <urn>: <message>` shape whatever their place.
 */
export function textReport(
  report: PolicyReport,
  configSource: string,
  baseline?: BaselineComparison,
): string[] {
  const { mandatory, advisory, skipped } = countsOf(report);
  const lines: string[] = [];
  for (const [policy, heading] of Object.entries(ATTENTION_POLICIES)) {
    const found = report.violations.filter((v) => v.policyName === policy);
    if (found.length > 0) lines.push(`${heading} (${found.length}):`, ...found.map(violationLine));
  }
  const rest = (list: readonly Violation[]) => list.filter((v) => !needsAttention(v.policyName));
  let comparison = "";
  if (baseline) {
    const added = rest(baseline.added);
    const existing = rest(baseline.existing);
    const existingMandatory = existing.filter((v) => v.enforcementLevel === "mandatory").length;
    lines.push(
      added.length > 0 ? `New since the baseline (${added.length}):` : "New since the baseline: none",
      ...added.map(violationLine),
    );
    if (existing.length > 0) {
      lines.push(
        `Already in the baseline, not listed: ${existing.length} (${existingMandatory} mandatory, ${existing.length - existingMandatory} advisory); run without --baseline to list them`,
      );
    }
    comparison = `; against baseline ${baseline.source}: ${baseline.added.length} new, ${baseline.existing.length} already there`;
  } else {
    lines.push(...rest(report.violations).map(violationLine));
  }
  return [
    ...lines,
    ...report.skipped.map((s) => `skipped ${s.policyName} ${s.urn}: ${s.reason}`),
    `Summary: ${mandatory} mandatory, ${advisory} advisory, ${skipped} skipped (unknown during preview); ` +
      `${report.policyCount} policies over ${report.resourceCount} resources of stack ${report.stack}, config ${configSource}${comparison}`,
  ];
}

/** The JSON report (machine-readable output for CI comments); with a baseline, each violation says whether it is new. */
export function jsonReport(
  report: PolicyReport,
  configSource: string,
  baseline?: BaselineComparison,
): string {
  if (!baseline)
    return JSON.stringify({ ...report, config: configSource, summary: countsOf(report) }, null, 2);
  const added = new Set(baseline.added);
  return JSON.stringify(
    {
      ...report,
      violations: report.violations.map((v) => ({ ...v, new: added.has(v) })),
      config: configSource,
      baseline: baseline.source,
      summary: { ...countsOf(report), new: baseline.added.length, existing: baseline.existing.length },
    },
    null,
    2,
  );
}

/** The runner's exit code: 1 when a mandatory violation fired, else 0. */
export function exitCodeOf(report: PolicyReport): number {
  return countsOf(report).mandatory > 0 ? 1 : 0;
}
