/** The table sync prints at the end, and its exit code. */
import type { SyncResult } from "./run";

/** A fixed-width table: stack, action, result, seconds, and why (for failures and busy stacks). */
export function renderResults(results: readonly SyncResult[]): string {
  const rows = results.map((r) => [
    r.stack,
    r.kind,
    r.status,
    r.status === "unchanged" ? "-" : `${r.seconds.toFixed(1)}s`,
    r.error ?? "",
  ]);
  const header = ["stack", "action", "result", "time", "detail"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  return [line(header), ...rows.map(line)].join("\n");
}

/** One sentence on the outcome, and the exit code: 1 when any stack failed, otherwise 0. */
export function summarise(results: readonly SyncResult[]): { text: string; exitCode: number } {
  const failed = results.filter((r) => r.status === "failed").map((r) => r.stack);
  const busy = results.filter((r) => r.status === "busy").map((r) => r.stack);
  const done = results.filter((r) => r.status === "ok").length;
  const unchanged = results.filter((r) => r.status === "unchanged").length;
  const parts = [`${done} applied`, `${unchanged} unchanged`];
  if (busy.length > 0) parts.push(`${busy.length} busy`);
  if (failed.length > 0) parts.push(`${failed.length} failed`);
  const lines = [parts.join(", ")];
  if (busy.length > 0) {
    lines.push(
      `busy (another update held the lock; not a failure, the next sync applies them): ${busy.join(", ")}`,
    );
  }
  if (failed.length > 0) lines.push(`failed: ${failed.join(", ")}`);
  return { text: lines.join("\n"), exitCode: failed.length > 0 ? 1 : 0 };
}
