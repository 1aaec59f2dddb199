/** Which stacks exist: one settings file `Pulumi.<stack>.yaml` per stack, next to `Pulumi.yaml`. */
import { readdirSync } from "node:fs";
import { StackFileError } from "./stack-files";

/** The stacks with a settings file in `dir`, sorted (names may contain dots: `dev.dev1`). */
export function knownStacks(dir: string): string[] {
  return readdirSync(dir)
    .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
    .filter((s): s is string => s !== undefined)
    .sort();
}

/** Throws StackFileError naming the stacks that exist when any of `stacks` has no settings file in `dir`. */
export function checkStacksExist(dir: string, stacks: readonly string[]): void {
  const known = knownStacks(dir);
  const unknown = stacks.filter((s) => !known.includes(s));
  if (unknown.length === 0) return;
  const which = unknown.map((s) => `"${s}"`).join(", ");
  throw new StackFileError(
    `unknown stack${unknown.length > 1 ? "s" : ""} ${which}: no Pulumi.<stack>.yaml for ${unknown.length > 1 ? "them" : "it"} in ${dir}; ` +
      `the stacks are ${known.join(", ") || "(none)"} (or give --config-file FILE to plan a new stack from FILE)`,
  );
}
