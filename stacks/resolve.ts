/**
 * Turns raw config values into a {@link StackConfig}: parses each key against the schema, applies
 * the tier's defaults, and runs the cross-field rules. Every problem is collected before anything
 * is thrown, so a user sees the whole list at once.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { parseDuration } from "../lib/duration";
import { EKS_NODE_MONITOR_GRACE_SECONDS } from "../lib/grace";
import { nearest } from "../lib/edit-distance";
import { regionProblem } from "../lib/regions";
import type { StackConfig } from "./config";
import { ConfigError, type ConfigIssue } from "./errors";
import { CONFIG_KEYS, nodePoolSchema, stackConfigSchema, type StackConfigInput } from "./schema";
import { karpenterSizingIssues, resolveNodePools } from "./node-pools-resolve";
import { resolveKarpenterSettings } from "./karpenter-resolve";
import { poolName } from "./rules";
import { TIER_NAMES, type TierName } from "./tier";
import { TIERS } from "./tiers";
import { resolveDataStores } from "./resolve-data-stores";
import { resolveImages } from "./resolve-environment-workloads";
import { DEFAULT_HOST_PATTERN } from "../lib/environment/profile";
import { describeSchemaIssue, PARSE_OPTIONS, unknownKeyMessage } from "./issue-messages";
import { resolveLogging } from "./logging-resolve";
import { resolveCiRunners } from "./ci-runners-schema";
import { resolveLauncher } from "./launcher-schema";

/** The config namespace of this project (`game-infra:<key>`). */
export const CONFIG_NAMESPACE = "game-infra";

/**
 * Config namespaces besides {@link CONFIG_NAMESPACE} that the program or its providers read. A key
 * in any other namespace is read by nothing: a typo (`game-infr:domain`) or a leftover.
 */
export const PROVIDER_NAMESPACES: readonly string[] = ["aws", "kubernetes", "pulumi", "eks", "random"];

/** Config as read from Pulumi: values by short key (already JSON-decoded), and the stack it is for. */
export interface RawStackConfig {
  readonly project: string;
  readonly stack: string;
  /** `aws:region`, which the AWS provider needs. */
  readonly region: string | undefined;
  /** `game-infra:*` values by short key. */
  readonly values: Readonly<Record<string, unknown>>;
  /** Short keys whose values were set with `--secret`. @default [] */
  readonly secretKeys?: readonly string[];
  /** Full keys (`ns:key`) outside the `game-infra` namespace, checked for unknown namespaces. @default [] */
  readonly otherKeys?: readonly string[];
}

/**
 * Keys whose values the program keeps wrapped as Pulumi secrets. Any other key ends up in names,
 * tags, labels or plans, where a secret could not stay hidden, so setting it with `--secret` is an
 * error rather than a silent leak.
 */
export const SECRET_CAPABLE_KEYS: readonly string[] = ["redisAuthToken"];

/** The longest grace period the stack accepts, in seconds (the shortest is EKS's fixed 40 s). */
const GRACE_PERIOD_MAX_SECONDS = 3600;

type Parsed = Partial<StackConfigInput>;

/**
 * `pulumi.secret(value)`, with @pulumi/pulumi loaded only when a stack has a secret to wrap: the
 * package loads the whole Pulumi runtime (1-2 s of CPU), which the config rules do not otherwise
 * need, and the suites that test them run once per mutant under `npm run mutate` (docs/mutation.md).
 * Under `pulumi up` the runtime is loaded already, so this costs nothing there.
 */
function asSecret(value: string): pulumi.Output<string> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { secret } = require("@pulumi/pulumi") as typeof pulumi;
  return secret(value);
}

/** Parses, defaults and cross-checks raw config; throws {@link ConfigError} listing every problem. */
export function resolveStackConfig(raw: RawStackConfig): StackConfig {
  const issues: ConfigIssue[] = [];
  const sections = parseSections(raw.values, issues);
  const parsed = sections.values;

  for (const key of SECRET_CAPABLE_KEYS) {
    if (raw.values[key] !== undefined && !(raw.secretKeys ?? []).includes(key)) {
      issues.push({
        path: key,
        message: `is a secret: set it with \`pulumi config set --secret game-infra:${key} ...\``,
      });
    }
  }
  for (const key of raw.secretKeys ?? []) {
    if (!SECRET_CAPABLE_KEYS.includes(key)) {
      issues.push({
        path: key,
        message: `is set with --secret, but its value is used in names, tags and plans where it cannot stay hidden; set it without --secret${
          SECRET_CAPABLE_KEYS.length > 0 ? ` (keys that take secrets: ${SECRET_CAPABLE_KEYS.join(", ")})` : ""
        }`,
      });
    }
  }
  if (!raw.region) {
    issues.push({
      path: "aws:region",
      message: "is required (for example `pulumi config set aws:region eu-west-1`)",
    });
  } else {
    const problem = regionProblem(raw.region);
    if (problem) issues.push({ path: "aws:region", message: problem });
  }
  issues.push(...unknownNamespaceIssues(raw.otherKeys ?? []));
  const tier = resolveTier(raw.stack, raw.values.tier === undefined ? undefined : parsed.tier, issues);
  const profile = tier ? TIERS[tier] : undefined;

  const nodePools = profile ? resolveNodePools(profile, parsed.nodePools ?? {}, issues) : [];
  const databases = parsed.redis?.databases ?? profile?.redisDatabases ?? 16;
  const dataStores = profile ? resolveDataStores(profile, parsed, databases, issues) : undefined;
  const logging = profile ? resolveLogging(profile, parsed.logging, nodePools, issues) : undefined;
  if (profile && logging) karpenterSizingIssues(nodePools, profile, logging.requests.collector, issues);
  const karpenter = profile ? resolveKarpenterSettings(profile, parsed.karpenter, issues) : undefined;
  const grace = resolveGracePeriod(
    parsed.cluster?.nodeMonitorGracePeriod ?? profile?.nodeMonitorGracePeriod,
    issues,
  );

  const ciRunners = resolveCiRunners(parsed.ciRunners, issues);
  const launcher = resolveLauncher(
    parsed.launcher,
    { project: raw.project, stack: raw.stack, domain: parsed.domain, region: raw.region },
    issues,
  );

  if (issues.length > 0 || !tier || !profile || !raw.region || !dataStores || !logging || !karpenter) {
    throw new ConfigError(raw.stack, issues);
  }
  const input = parsed as StackConfigInput;
  return {
    project: raw.project,
    stack: raw.stack,
    tier,
    region: raw.region,
    domain: input.domain,
    hostedZoneId: input.hostedZoneId,
    images: resolveImages(input.images),
    hostPattern: input.hostPattern ?? DEFAULT_HOST_PATTERN,
    network: {
      cidr: input.network.cidr,
      azCount: input.network.azCount ?? profile.azCount,
      natGateways: input.network.natGateways ?? profile.natGateways,
    },
    cluster: {
      version: input.cluster.version,
      nodeMonitorGracePeriod: grace.text,
      nodeMonitorGracePeriodSeconds: grace.seconds,
      publicAccessCidrs: input.cluster.publicAccessCidrs,
      admins: input.cluster.admins,
      logRetentionDays: input.cluster.logRetentionDays ?? profile.logRetentionDays,
      deletionProtection: profile.protection.clusterDeletionProtection,
    },
    applyDataStoreChangesImmediately: profile.protection.applyDataStoreChangesImmediately,
    nodePools,
    karpenter,
    mysql: dataStores.mysql,
    redis: dataStores.redis,
    // Wrapped at once, so the token is never a plain string anywhere in the program.
    ...(input.redisAuthToken ? { redisAuthToken: asSecret(input.redisAuthToken) } : {}),
    teams: Object.fromEntries(
      Object.entries(input.teams ?? {})
        .sort(([a], [b]) => a.localeCompare(b, "en"))
        .map(([team, spec]) => [team, { principalArns: [...spec.principalArns] }]),
    ),
    logging,
    ...(ciRunners ? { ciRunners } : {}),
    ...(launcher ? { launcher } : {}),
  };
}

/** One line per key in a namespace nothing reads, with a did-you-mean for a near miss. */
function unknownNamespaceIssues(keys: readonly string[]): ConfigIssue[] {
  const known = [CONFIG_NAMESPACE, ...PROVIDER_NAMESPACES];
  return keys.flatMap((key) => {
    const namespace = key.includes(":") ? key.slice(0, key.indexOf(":")) : key;
    if (known.includes(namespace)) return [];
    const close =
      known.find((n) => n.toLowerCase() === namespace.toLowerCase()) ??
      nearest(namespace, known, namespace.length >= 6 ? 2 : 1);
    const hint = close ? ` (did you mean ${close}?)` : "";
    return [
      {
        path: key,
        message: `unknown config namespace ${namespace}${hint}: nothing reads it; namespaces read: ${known.join(", ")}`,
      },
    ];
  });
}

interface ParsedSections {
  readonly values: Parsed;
}

/**
 * Validates each top-level key on its own, and each environment and node pool on its own, so one
 * bad entry neither hides problems elsewhere nor skips the cross-field checks on the others.
 */
function parseSections(values: Readonly<Record<string, unknown>>, issues: ConfigIssue[]): ParsedSections {
  const parsed: Record<string, unknown> = {};
  for (const key of Object.keys(values)) {
    if (key === "environments") {
      issues.push({
        path: key,
        message:
          "environments are no longer part of the platform stack's config: each one is a file environments/<tier>/<name>.yaml applied as its own stack (docs/environments.md; docs/migration.md moves an existing tier)",
      });
    } else if (!CONFIG_KEYS.includes(key)) {
      issues.push({ path: key, message: unknownKeyMessage(key, CONFIG_KEYS) });
    }
  }
  const shape = stackConfigSchema.shape as Record<string, z.ZodType>;
  const check = <T>(
    key: string,
    schema: z.ZodType,
    value: unknown,
    path: PropertyKey[] = [],
  ): T | undefined => {
    const result = schema.safeParse(value, PARSE_OPTIONS);
    if (result.success) return result.data as T;
    for (const issue of result.error.issues) {
      issues.push(...describeSchemaIssue(key, { ...issue, path: [...path, ...issue.path] }, shape[key]!));
    }
    return undefined;
  };
  for (const key of CONFIG_KEYS) {
    const value = values[key];
    if (key === "nodePools" && value !== null && typeof value === "object" && !Array.isArray(value)) {
      const pools: Record<string, unknown> = {};
      for (const [pool, spec] of Object.entries(value)) {
        const nameOk = check<string>(key, poolName, pool, [pool]);
        const parsedPool = check<Record<string, unknown>>(key, nodePoolSchema, spec, [pool]);
        if (nameOk !== undefined && parsedPool) pools[pool] = parsedPool;
      }
      parsed[key] = pools;
    } else {
      const result = check<unknown>(key, shape[key]!, value);
      if (result !== undefined) parsed[key] = result;
    }
  }
  return { values: parsed as Parsed };
}

function resolveTier(
  stack: string,
  explicit: TierName | undefined,
  issues: ConfigIssue[],
): TierName | undefined {
  if (explicit) return explicit;
  if ((TIER_NAMES as readonly string[]).includes(stack)) return stack as TierName;
  issues.push({
    path: "tier",
    message: `stack "${stack}" is not a tier name, so the tier must be set: one of ${TIER_NAMES.join(", ")}`,
  });
  return undefined;
}

function resolveGracePeriod(
  text: string | undefined,
  issues: ConfigIssue[],
): { text: string; seconds: number } {
  const seconds = text === undefined ? undefined : parseDuration(text);
  if (text === undefined || seconds === undefined) return { text: text ?? "", seconds: 0 };
  const path = "cluster.nodeMonitorGracePeriod";
  if (seconds < EKS_NODE_MONITOR_GRACE_SECONDS) {
    issues.push({
      path,
      message: `${text} is shorter than the ${EKS_NODE_MONITOR_GRACE_SECONDS}s node-monitor-grace-period EKS fixes; allowed: ${EKS_NODE_MONITOR_GRACE_SECONDS}s to ${GRACE_PERIOD_MAX_SECONDS}s`,
    });
  } else if (seconds > GRACE_PERIOD_MAX_SECONDS) {
    issues.push({
      path,
      message: `${text} would leave pods on a dead node for over an hour; allowed: ${EKS_NODE_MONITOR_GRACE_SECONDS}s to ${GRACE_PERIOD_MAX_SECONDS}s`,
    });
  }
  return { text, seconds };
}
