/**
 * How registry files are written: keys in the schema's order, dates and version-like strings quoted
 * so that no YAML reader (1.1 or 1.2) takes them for timestamps or numbers, two-space indentation.
 * The launcher writes every file through here, and `test/registry-files.test.ts` keeps the committed
 * files in this form, so a launch never reformats anyone else's file.
 */
import { Document, Scalar, isMap, isScalar, isSeq, type Node } from "yaml";
import { ENVIRONMENT_FILE_KEYS, type EnvironmentFile, type RetiredRedisDb } from "./registry-schema";

/** Keys whose values are always double-quoted. */
const QUOTED_KEYS: ReadonlySet<string> = new Set([
  "created",
  "expires",
  "retired",
  "version",
  "previewVersion",
  "gameDataVersion",
  "resourceVersion",
  "clockOffset",
  // YAML 1.1 readers take 20:00 for a number (base 60), and a lone weekday (`1`) is one anyway.
  "pausedUntil",
  "sleepAt",
  "wakeUpAt",
  "weekdays",
]);

/** An environment file's text, in the registry's formatting. */
export function formatEnvironmentFile(file: EnvironmentFile): string {
  const ordered: Record<string, unknown> = {};
  for (const key of ENVIRONMENT_FILE_KEYS) {
    const value = (file as Record<string, unknown>)[key];
    if (value !== undefined) ordered[key] = value;
  }
  return render(ordered);
}

/** The retired-DB list's text, sorted by DB number. */
export function formatRetiredRedisDbs(entries: readonly RetiredRedisDb[]): string {
  const sorted = [...entries]
    .sort((a, b) => a.db - b.db)
    .map((e) => ({ db: e.db, environment: e.environment, retired: e.retired }));
  const header =
    "# Redis DB numbers of removed environments: never given to another environment until released.\n" +
    '# Release one by flushing it (docs/data-stores.md, "Redis DB numbers"), then removing its entry.\n';
  return header + (sorted.length === 0 ? "[]\n" : render(sorted));
}

function render(value: unknown): string {
  const doc = new Document(value);
  quote(doc.contents, undefined);
  return doc.toString({ indent: 2, lineWidth: 0 });
}

function quote(node: Node | null | undefined, key: string | undefined): void {
  if (isMap(node)) {
    for (const pair of node.items) {
      const k = isScalar(pair.key) ? String(pair.key.value) : undefined;
      quote(pair.value as Node, k);
    }
  } else if (isSeq(node)) {
    for (const item of node.items) quote(item as Node, undefined);
  } else if (isScalar(node) && key !== undefined && QUOTED_KEYS.has(key) && typeof node.value === "string") {
    node.type = Scalar.QUOTE_DOUBLE;
  }
}
