/** Config problems, collected and reported together. */

/** One problem with the stack config: where it is and what is wrong (and what is allowed). */
export interface ConfigIssue {
  /** Key path such as `environments[2].name` (relative to the `game-infra:` namespace). */
  readonly path: string;
  readonly message: string;
}

/** Thrown by the loader with every problem found; `message` has one `<path>: <problem>` line each. */
export class ConfigError extends Error {
  constructor(
    readonly stackName: string,
    readonly issues: readonly ConfigIssue[],
  ) {
    super(formatIssues(stackName, issues));
    this.name = "ConfigError";
  }
}

/** Renders issues as the lines users see, sorted by key path so the output is stable. */
export function formatIssues(stack: string, issues: readonly ConfigIssue[]): string {
  const lines = [...issues]
    .sort((a, b) => a.path.localeCompare(b.path, "en"))
    .map((issue) => `  ${issue.path}: ${issue.message}`);
  const count = issues.length === 1 ? "1 problem" : `${issues.length} problems`;
  return [`invalid config for stack "${stack}" (${count}; nothing was created):`, ...lines].join("\n");
}

/** Renders a zod-style path (`["environments", 2, "name"]`) as `environments[2].name`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((acc, part) => {
    if (typeof part === "number") return `${acc}[${part}]`;
    const key = String(part);
    return acc === "" ? key : `${acc}.${key}`;
  }, "");
}
