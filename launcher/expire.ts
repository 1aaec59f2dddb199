/**
 * Expiry: which environments of a tier have expired or expire within a window, and the changes that
 * delete the expired ones (each as `delete` does it: its file removed and its Redis DB retired in the
 * same change), computed one after another in memory so that nothing is written unless every one of
 * them is valid.
 */
import { retiredFilePath } from "../stacks/registry";
import type { RegistrySource } from "../stacks/resolve-registry";
import { deleteEnvironment, type OperationContext, type RegistryChange } from "./operations";
import type { EnvironmentRow } from "./views";

/** The environments expiry is about, each list in the rows' order (soonest last day first). */
export interface ExpiryReport {
  /** Past their last day. */
  readonly expired: readonly EnvironmentRow[];
  /** Last day within `warnDays` from today (today included). */
  readonly expiring: readonly EnvironmentRow[];
}

/** Sorts rows into expired and expiring within `warnDays` days. */
export function expiryReport(rows: readonly EnvironmentRow[], warnDays: number): ExpiryReport {
  if (!Number.isInteger(warnDays) || warnDays < 0) {
    throw new RangeError(`warnDays must be a whole number of days, 0 or more; got ${warnDays}`);
  }
  const dated = rows.filter((r) => r.daysLeft !== undefined);
  return {
    expired: dated.filter((r) => r.daysLeft! < 0),
    expiring: dated.filter((r) => r.daysLeft! >= 0 && r.daysLeft! <= warnDays),
  };
}

/**
 * The delete changes for `names`, in order, each judged against the registry the previous ones
 * leave; throws the first {@link OperationError} without anything written.
 */
export function deleteChanges(context: OperationContext, names: readonly string[]): RegistryChange[] {
  const changes: RegistryChange[] = [];
  let source = context.source;
  for (const name of names) {
    const change = deleteEnvironment({ ...context, source }, name);
    changes.push(change);
    source = sourceAfter(source, change);
  }
  return changes;
}

/** The registry source as it is once `change` is applied. */
export function sourceAfter(source: RegistrySource, change: RegistryChange): RegistrySource {
  const environments = new Map(source.environments);
  let retired = source.retired;
  for (const [name, file] of source.environments) {
    if (change.removes.includes(file.path)) environments.delete(name);
  }
  for (const [path, text] of change.writes) {
    if (path === retiredFilePath(source.tier)) {
      retired = { path, text };
      continue;
    }
    const name = path.slice(path.lastIndexOf("/") + 1, -".yaml".length);
    environments.set(name, { path, text });
  }
  return { ...source, environments, ...(retired ? { retired } : {}) };
}
