/**
 * What sync does to each environment stack: create the ones that have a registry file but no stack,
 * update those whose fingerprint (their planned resources, and the platform they read) changed,
 * leave the rest, and delete stacks whose file is gone. Pure: the same decision serves the real
 * sync (against the backend's stacks) and the dry run (against the program and registry at a ref).
 */
import type { ExistingStack } from "./engine";

/** The action words, as `--dry-run` prints them. */
export type SyncActionKind = "create" | "update" | "unchanged" | "delete";

/** One environment stack's action. */
export interface SyncAction {
  readonly stack: string;
  readonly kind: SyncActionKind;
  /** What the stack will be recorded with (create and update). */
  readonly fingerprint?: string;
  /** Why an update happens. */
  readonly reason?: string;
}

/** Options of {@link decideActions}. */
export interface DecideOptions {
  /** Update every existing stack, changed or not. @default false */
  readonly force?: boolean;
  /** Only these stacks (others are left out of the result). @default every stack */
  readonly only?: ReadonlySet<string>;
}

/**
 * The action for every stack that is desired (stack name to fingerprint) or exists, sorted by
 * stack name.
 */
export function decideActions(
  desired: ReadonlyMap<string, string>,
  existing: readonly ExistingStack[],
  options: DecideOptions = {},
): SyncAction[] {
  const existingByName = new Map(existing.map((s) => [s.name, s]));
  const names = [...new Set([...desired.keys(), ...existingByName.keys()])]
    .filter((name) => !options.only || options.only.has(name))
    .sort((a, b) => a.localeCompare(b, "en"));
  return names.map((stack): SyncAction => {
    const fingerprint = desired.get(stack);
    const current = existingByName.get(stack);
    if (fingerprint === undefined) return { stack, kind: "delete" };
    if (!current) return { stack, kind: "create", fingerprint };
    if (options.force) return { stack, kind: "update", fingerprint, reason: "forced" };
    if (current.fingerprint === undefined) {
      return { stack, kind: "update", fingerprint, reason: "not applied by sync before" };
    }
    if (current.fingerprint !== fingerprint) {
      return {
        stack,
        kind: "update",
        fingerprint,
        reason: "its settings, the program or the platform changed",
      };
    }
    return { stack, kind: "unchanged", fingerprint };
  });
}

/** One line per stack: `<action> <stack>`, as the dry run prints it. */
export function renderActions(actions: readonly SyncAction[]): string {
  return actions.map((a) => `${a.kind} ${a.stack}`).join("\n");
}
