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

/** The text report: violation lines, then skipped checks, then one summary line. */
export function textReport(report: PolicyReport, configSource: string): string[] {
  const { mandatory, advisory, skipped } = countsOf(report);
  return [
    ...report.violations.map(violationLine),
    ...report.skipped.map((s) => `skipped ${s.policyName} ${s.urn}: ${s.reason}`),
    `Summary: ${mandatory} mandatory, ${advisory} advisory, ${skipped} skipped (unknown during preview); ` +
      `${report.policyCount} policies over ${report.resourceCount} resources of stack ${report.stack}, config ${configSource}`,
  ];
}

/** The JSON report (machine-readable output for CI comments). */
export function jsonReport(report: PolicyReport, configSource: string): string {
  return JSON.stringify({ ...report, config: configSource, summary: countsOf(report) }, null, 2);
}

/** The runner's exit code: 1 when a mandatory violation fired, else 0. */
export function exitCodeOf(report: PolicyReport): number {
  return countsOf(report).mandatory > 0 ? 1 : 0;
}
