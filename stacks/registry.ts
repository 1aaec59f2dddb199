/**
 * Reading the environment registry from disk: `environments/<tier>/<name>.yaml` (one file per
 * environment), `environments/<tier>/retired-redis-dbs.yaml` and `environments/<tier>/defaults.yaml`.
 * Validation is `resolve-registry.ts`.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { REGISTRY_DEFAULTS_FILE, RETIRED_REDIS_DBS_FILE } from "./registry-schema";
import type { RegistryFile, RegistrySource } from "./resolve-registry";
import type { TierName } from "./tier";

/** The registry's folder under the repository root. */
export const REGISTRY_DIR = "environments";

/** Where a tier's environment files live, relative to the repository root (`environments/dev`). */
export function tierRegistryPath(tier: string): string {
  return `${REGISTRY_DIR}/${tier}`;
}

/** Where a tier's environment files live. */
export function tierRegistryDir(root: string, tier: string): string {
  return join(root, tierRegistryPath(tier));
}

/** An environment's file path, relative to the repository root (`environments/dev/dev1.yaml`). */
export function environmentFilePath(tier: string, name: string): string {
  return `${tierRegistryPath(tier)}/${name}.yaml`;
}

/** The tier defaults file's path, relative to the repository root. */
export function defaultsFilePath(tier: string): string {
  return `${tierRegistryPath(tier)}/${REGISTRY_DEFAULTS_FILE}`;
}

/** The retired-DB list's path, relative to the repository root. */
export function retiredFilePath(tier: string): string {
  return `${tierRegistryPath(tier)}/${RETIRED_REDIS_DBS_FILE}`;
}

/**
 * Reads a tier's registry from the working tree under `root`. A missing folder is an empty
 * registry (a tier with no environments yet).
 */
export function readRegistrySource(root: string, tier: TierName): RegistrySource {
  const dir = tierRegistryDir(root, tier);
  const environments = new Map<string, RegistryFile>();
  const strays: string[] = [];
  let retired: RegistryFile | undefined;
  let defaults: RegistryFile | undefined;
  if (existsSync(dir)) {
    for (const entry of readdirSync(dir).sort()) {
      const full = join(dir, entry);
      // The platform's separator only: on POSIX a backslash is part of a file name.
      const path = relative(root, full).split(sep).join("/");
      if (entry.startsWith(".")) continue;
      if (!statSync(full).isFile()) {
        strays.push(path);
      } else if (entry === RETIRED_REDIS_DBS_FILE) {
        retired = { path, text: readFileSync(full, "utf8") };
      } else if (entry === REGISTRY_DEFAULTS_FILE) {
        defaults = { path, text: readFileSync(full, "utf8") };
      } else if (entry.endsWith(".yaml")) {
        environments.set(entry.slice(0, -".yaml".length), { path, text: readFileSync(full, "utf8") });
      } else {
        strays.push(path);
      }
    }
  }
  return { tier, environments, ...(retired ? { retired } : {}), ...(defaults ? { defaults } : {}), strays };
}
