/**
 * Constants every kind of test needs, in a module that loads nothing else: a suite that imports them
 * from here instead of from ./harness does not load the Pulumi runtime and the whole program, which
 * keeps it fast enough to run once per mutant under `npm run mutate` (docs/mutation.md).
 */
import { join } from "node:path";

/** The repository root (where the Pulumi.*.yaml files are). */
export const ROOT = join(__dirname, "..");

/** The day registry tests are judged on (lifetimes are measured from it), so results never depend on the calendar. */
export const TEST_TODAY = "2026-12-01";
