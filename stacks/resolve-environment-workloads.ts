/**
 * Resolves each environment's workload keys against the tier's `environments` profile, and the
 * stack-wide `images` and `hostPattern`, with the rules that need more than one value: limits at
 * least requests, blue/green keys only on blue/green environments, host names that fit a DNS label,
 * and a quota the environment's own servers fit at full scale during a rollout.
 */
import { hostNameProblems } from "../lib/environment/hosts";
import { quotaProblems } from "../lib/environment/quota";
import { parseBytes } from "../lib/quantity";
import {
  DEFAULT_COUCHBASE_IMAGE,
  DEFAULT_HOST_PATTERN,
  DEFAULT_REPOSITORIES,
  SCALABLE_SERVERS,
  SERVER_NAMES,
  type EnvironmentWorkloadConfig,
  type ImagesConfig,
  type ServerName,
  type ServerSizing,
} from "../lib/environment/profile";
import type { ConfigIssue } from "./errors";
import { at, type CheckedEnvironment } from "./environment-entry";
import type { EnvironmentFile } from "./registry-schema";
import type { StackConfigInput } from "./schema";
import type { TierProfile } from "./tier";

/**
 * The workload side of one environment file, its problems appended to `issues` as `<file>: <key>`.
 * A file with keys that failed the schema is checked too, on the keys that passed; a rule that reads
 * a failed key is skipped, since the tier default it would fall back to was not asked for.
 */
export function resolveEnvironmentWorkloads(
  { path, fields: env, failedKeys }: CheckedEnvironment,
  profile: TierProfile,
  issues: ConfigIssue[],
): EnvironmentWorkloadConfig {
  const defaults = profile.environments;
  const deployment = env.deployment ?? defaults.deployment;
  if (deployment !== "blueGreen" && !failedKeys.has("deployment")) {
    for (const key of ["activeColor", "previewVersion"] as const) {
      if (env[key] !== undefined) {
        issues.push({
          path: at(path, key),
          message: `only applies to a blue/green game server; set deployment: blueGreen (this environment is ${deployment})`,
        });
      }
    }
  }

  const servers = Object.fromEntries(
    SERVER_NAMES.map((server) => [
      server,
      resolveServer(server, env, path, defaults.servers[server], failedKeys.has("resources") ? [] : issues),
    ]),
  ) as Record<ServerName, ServerSizing>;

  const chaos = env.chaos && {
    mtbfDays: env.chaos.mtbfDays,
    killMode: env.chaos.killMode ?? "fixed",
    ...(env.chaos.killValue !== undefined ? { killValue: env.chaos.killValue } : {}),
  };
  if (chaos?.killMode.endsWith("percent") && (chaos.killValue ?? 1) > 100) {
    issues.push({
      path: at(path, "chaos.killValue"),
      message: `${chaos.killValue} is a percentage here; allowed: 1-100`,
    });
  }
  if (chaos?.killMode === "kill-all" && chaos.killValue !== undefined) {
    issues.push({
      path: at(path, "chaos.killValue"),
      message: "does not apply to kill-all, which kills every pod",
    });
  }

  const written = env.quota ?? {};
  const quota = {
    cpu: written.cpu !== undefined ? String(written.cpu) : defaults.quota.cpu,
    memory: written.memory ?? defaults.quota.memory,
    memoryLimit: written.memoryLimit ?? defaults.quota.memoryLimit,
    pods: written.pods ?? defaults.quota.pods,
    storage: written.storage ?? defaults.quota.storage,
    volumeClaims: written.volumeClaims ?? defaults.quota.volumeClaims,
    containerMaxMemory: written.containerMaxMemory ?? defaults.quota.containerMaxMemory,
  };

  const resolved: EnvironmentWorkloadConfig = {
    deployment,
    activeColor: env.activeColor ?? "blue",
    ...(env.previewVersion !== undefined ? { previewVersion: env.previewVersion } : {}),
    ...(chaos ? { chaos } : {}),
    spread: defaults.spread,
    autoscaleCpuPercent: defaults.autoscaleCpuPercent,
    servers,
    quota,
  };
  // The quota must hold the servers as written: judged only when everything it weighs parsed.
  if (!["deployment", "replicas", "resources", "quota"].some((key) => failedKeys.has(key))) {
    for (const problem of quotaProblems(resolved)) {
      issues.push({ path: at(path, `quota.${problem.field}`), message: problem.message });
    }
  }
  return resolved;
}

function resolveServer(
  server: ServerName,
  env: Partial<EnvironmentFile>,
  path: string,
  base: ServerSizing,
  issues: ConfigIssue[],
): ServerSizing {
  const writtenReplicas = (SCALABLE_SERVERS as readonly string[]).includes(server)
    ? env.replicas?.[server as (typeof SCALABLE_SERVERS)[number]]
    : undefined;
  const [replicas, maxReplicas] =
    writtenReplicas === undefined
      ? [base.replicas, base.maxReplicas]
      : typeof writtenReplicas === "number"
        ? [writtenReplicas, writtenReplicas]
        : [writtenReplicas.min, writtenReplicas.max];
  const written: { cpu?: string | number; memory?: string; memoryLimit?: string; storage?: string } =
    env.resources?.[server] ?? {};
  const storage = written.storage ?? base.storage;
  const sizing: ServerSizing = {
    replicas,
    maxReplicas,
    cpu: written.cpu !== undefined ? String(written.cpu) : base.cpu,
    memory: written.memory ?? base.memory,
    memoryLimit: written.memoryLimit ?? base.memoryLimit,
    ...(storage !== undefined ? { storage } : {}),
  };
  if ((parseBytes(sizing.memoryLimit) ?? 0) < (parseBytes(sizing.memory) ?? 0)) {
    issues.push({
      path: at(path, `resources.${server}.memoryLimit`),
      message: `${sizing.memoryLimit} is below the memory request ${sizing.memory}; the limit must be at least the request`,
    });
  }
  return sizing;
}

/** The stack's `images` with default repositories and Couchbase image filled in. */
export function resolveImages(input: NonNullable<StackConfigInput["images"]>): ImagesConfig {
  return {
    registry: input.registry,
    repositories: { ...DEFAULT_REPOSITORIES, ...(input.repositories ?? {}) },
    couchbase: input.couchbase ?? DEFAULT_COUCHBASE_IMAGE,
  };
}

/** Problems with one environment's host names under the stack's host pattern (a bad pattern is the schema's to report). */
export function hostNameIssues(
  name: string,
  deployment: EnvironmentWorkloadConfig["deployment"],
  hostPattern: string | undefined,
): string[] {
  const pattern = hostPattern ?? DEFAULT_HOST_PATTERN;
  return hostNameProblems(pattern, name, deployment).map(
    (problem) => `${problem} (hostPattern "${pattern}"); use a shorter name or pattern`,
  );
}
