/** A tier's registry as it is at a git ref (`git ls-tree` and `git show`), for comparisons with a base. */
import { REGISTRY_DEFAULTS_FILE, RETIRED_REDIS_DBS_FILE } from "../../stacks/registry-schema";
import { tierRegistryPath } from "../../stacks/registry";
import type { RegistryFile, RegistrySource } from "../../stacks/resolve-registry";
import type { TierName } from "../../stacks/tier";
import { runCommand } from "../plan/run-command";
import { StackFileError } from "../plan/stack-files";

/** Reads `environments/<tier>/` at `commit` (empty when the folder did not exist there). */
export async function registrySourceAt(
  root: string,
  commit: string,
  tier: TierName,
): Promise<RegistrySource> {
  const dir = tierRegistryPath(tier);
  const listing = await runCommand("git", ["ls-tree", "--name-only", `${commit}:${dir}`], root);
  const environments = new Map<string, RegistryFile>();
  let retired: RegistryFile | undefined;
  let defaults: RegistryFile | undefined;
  if (listing.code !== 0) return { tier, environments };
  for (const entry of listing.stdout.split("\n").filter(Boolean)) {
    const path = `${dir}/${entry}`;
    if (entry !== RETIRED_REDIS_DBS_FILE && !entry.endsWith(".yaml")) continue;
    const shown = await runCommand("git", ["show", `${commit}:${path}`], root);
    if (shown.code !== 0)
      throw new StackFileError(`cannot read ${path} at ${commit.slice(0, 7)}: ${shown.stderr.trim()}`);
    if (entry === RETIRED_REDIS_DBS_FILE) retired = { path, text: shown.stdout };
    else if (entry === REGISTRY_DEFAULTS_FILE) defaults = { path, text: shown.stdout };
    else environments.set(entry.slice(0, -".yaml".length), { path, text: shown.stdout });
  }
  return { tier, environments, ...(retired ? { retired } : {}), ...(defaults ? { defaults } : {}) };
}
