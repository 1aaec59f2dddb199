/**
 * Resolves `nodePools` against the tier's pools: a managed node group pool (fixed min/desired/max of
 * listed instance types) or a Karpenter pool (instance families and sizes, capacity types, limits,
 * disruption). A key of the other kind is refused by name, with what to use instead, so a stack
 * never carries a setting that silently does nothing.
 */
import { instanceTypeSpec, KNOWN_INSTANCE_TYPES } from "../lib/instance-types";
import {
  instanceTypesOf,
  poolSizingProblems,
  type KarpenterCapacityType,
  type PerNodeRequests,
  type PodRequest,
} from "../lib/karpenter";
import { parseBytes, parseCpu } from "../lib/quantity";
import { parseDuration } from "../lib/duration";
import type { KarpenterNodePoolConfig, ManagedNodePoolConfig, NodePoolConfig } from "./config";
import type { ConfigIssue } from "./errors";
import type { StackConfigInput } from "./schema";
import type { NodeProvisioner, TierProfile } from "./tier";
import { SERVER_NAMES } from "../lib/environment/profile";

type PoolOverride = NonNullable<StackConfigInput["nodePools"]>[string];

/** Keys that only a managed node group pool takes, with what a Karpenter pool uses instead. */
const MANAGED_ONLY_KEYS = {
  instanceTypes: "list instanceFamilies and instanceSizes instead (every family in every size is allowed)",
  capacityType: 'use capacityTypes instead (Karpenter\'s names: "spot", "on-demand")',
  minSize:
    "Karpenter adds nodes for pending pods and removes empty or underused ones; bound it with limits.cpu and limits.memory instead",
  desiredSize:
    "Karpenter adds nodes for pending pods and removes empty or underused ones; bound it with limits.cpu and limits.memory instead",
  maxSize: "bound the pool with limits.cpu and limits.memory instead",
} as const;

/** Keys that only a Karpenter pool takes. */
const KARPENTER_ONLY_KEYS = [
  "instanceFamilies",
  "instanceSizes",
  "capacityTypes",
  "limits",
  "consolidateAfter",
  "expireAfter",
  "disruptionBudget",
] as const;

/** Defaults of a Karpenter pool's optional settings. */
export const KARPENTER_POOL_DEFAULTS = {
  consolidateAfter: "5m",
  expireAfter: "720h",
  disruptionBudget: "10%",
} as const;

/** The shortest node life accepted: replacing every node more often than hourly is churn, not hygiene. */
const MIN_EXPIRE_AFTER_SECONDS = 3600;

const RESERVED_LABEL_PREFIX = "game-infra/";
const LABEL_KEY =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;

/** Every pool of the stack, the tier's with the stack's overrides, in a stable order. */
export function resolveNodePools(
  profile: TierProfile,
  overrides: NonNullable<StackConfigInput["nodePools"]>,
  issues: ConfigIssue[],
): NodePoolConfig[] {
  const names = [...new Set([...Object.keys(profile.nodePools), ...Object.keys(overrides)])];
  const order = (n: string) => (n === "system" ? 0 : n === "game" ? 1 : 2);
  names.sort((a, b) => order(a) - order(b) || a.localeCompare(b, "en"));
  const pools: NodePoolConfig[] = [];
  for (const name of names) {
    const pool = resolvePool(profile, name, overrides[name] ?? {}, issues);
    if (pool) pools.push(pool);
  }
  return pools;
}

function resolvePool(
  profile: TierProfile,
  name: string,
  override: PoolOverride,
  issues: ConfigIssue[],
): NodePoolConfig | undefined {
  const path = `nodePools.${name}`;
  const base = profile.nodePools[name];
  const provisioner: NodeProvisioner = override.provisioner ?? base?.provisioner ?? "managed";
  const before = issues.length;
  if (name === "system" && provisioner !== "managed") {
    issues.push({
      path: `${path}.provisioner`,
      message:
        'must be "managed": the system pool runs Karpenter\'s own controller, which must not run on nodes it manages (catalogue N3)',
    });
  }
  labelIssues(path, { ...(base?.labels ?? {}), ...(override.labels ?? {}) }, issues);
  const common = {
    name,
    diskSizeGiB: override.diskSizeGiB ?? base?.diskSizeGiB ?? 50,
    dedicated: override.dedicated ?? base?.dedicated ?? false,
    labels: { ...(base?.labels ?? {}), ...(override.labels ?? {}) },
  };
  const pool =
    provisioner === "managed"
      ? resolveManaged(
          profile,
          path,
          override,
          base?.provisioner === "managed" ? base : undefined,
          common,
          issues,
        )
      : resolveKarpenter(
          path,
          override,
          base?.provisioner === "karpenter" ? base : undefined,
          common,
          issues,
        );
  return issues.length === before ? pool : undefined;
}

type Common = Pick<NodePoolConfig, "name" | "diskSizeGiB" | "dedicated" | "labels">;

function resolveManaged(
  profile: TierProfile,
  path: string,
  override: PoolOverride,
  base: Extract<TierProfile["nodePools"][string], { provisioner: "managed" }> | undefined,
  common: Common,
  issues: ConfigIssue[],
): ManagedNodePoolConfig | undefined {
  for (const key of KARPENTER_ONLY_KEYS) {
    if (override[key] !== undefined) {
      issues.push({
        path: `${path}.${key}`,
        message: `is a Karpenter key, but pool "${common.name}" is a managed node group (provisioner: managed); set provisioner: karpenter to have Karpenter provision it`,
      });
    }
  }
  const missing = (["instanceTypes", "minSize", "desiredSize", "maxSize"] as const).filter(
    (k) => override[k] === undefined && base?.[k] === undefined,
  );
  if (missing.length > 0) {
    issues.push({
      path,
      message: `${
        profile.nodePools[common.name]
          ? `as a managed node group, pool "${common.name}"`
          : `a pool the ${profile.name} tier does not define`
      } needs ${missing.join(", ")}`,
    });
    return undefined;
  }
  const pool: ManagedNodePoolConfig = {
    ...common,
    provisioner: "managed",
    instanceTypes: override.instanceTypes ?? base!.instanceTypes,
    capacityType: override.capacityType ?? base?.capacityType ?? "ON_DEMAND",
    minSize: override.minSize ?? base!.minSize,
    desiredSize: override.desiredSize ?? base!.desiredSize,
    maxSize: override.maxSize ?? base!.maxSize,
  };
  if (!(pool.minSize <= pool.desiredSize && pool.desiredSize <= pool.maxSize)) {
    issues.push({
      path,
      message: `needs minSize <= desiredSize <= maxSize, got ${pool.minSize} <= ${pool.desiredSize} <= ${pool.maxSize}`,
    });
  }
  architectureIssue(`${path}.instanceTypes`, pool.instanceTypes, issues);
  return pool;
}

function resolveKarpenter(
  path: string,
  override: PoolOverride,
  base: Extract<TierProfile["nodePools"][string], { provisioner: "karpenter" }> | undefined,
  common: Common,
  issues: ConfigIssue[],
): KarpenterNodePoolConfig | undefined {
  const before = issues.length;
  for (const [key, instead] of Object.entries(MANAGED_ONLY_KEYS)) {
    if (override[key as keyof typeof MANAGED_ONLY_KEYS] !== undefined) {
      issues.push({
        path: `${path}.${key}`,
        message: `is a managed node group key, but pool "${common.name}" is provisioned by Karpenter (provisioner: karpenter): ${instead}`,
      });
    }
  }
  const instanceFamilies = override.instanceFamilies ?? base?.instanceFamilies;
  const instanceSizes = override.instanceSizes ?? base?.instanceSizes;
  const capacityTypes = (override.capacityTypes ?? base?.capacityTypes) as
    readonly KarpenterCapacityType[] | undefined;
  const cpu = override.limits?.cpu ?? base?.limits.cpu;
  const memory = override.limits?.memory ?? base?.limits.memory;
  const missing = [
    ...(instanceFamilies ? [] : ["instanceFamilies"]),
    ...(instanceSizes ? [] : ["instanceSizes"]),
    ...(capacityTypes ? [] : ["capacityTypes"]),
  ];
  if (missing.length > 0) {
    issues.push({ path, message: `as a Karpenter pool, pool "${common.name}" needs ${missing.join(", ")}` });
  }
  if (cpu === undefined || memory === undefined) {
    issues.push({
      path: `${path}.limits`,
      message: `needs ${[cpu === undefined ? "limits.cpu" : "", memory === undefined ? "limits.memory" : ""]
        .filter(Boolean)
        .join(
          " and ",
        )}: without them Karpenter adds nodes for every pending pod, without bound (catalogue N1)`,
    });
  } else {
    if (!(Number(parseCpu(String(cpu))) > 0)) {
      issues.push({
        path: `${path}.limits.cpu`,
        message: `"${cpu}" is not a CPU quantity above zero (such as 40 or "40000m")`,
      });
    }
    if (!(Number(parseBytes(String(memory))) >= 2 ** 30)) {
      issues.push({
        path: `${path}.limits.memory`,
        message: `"${memory}" is not a memory quantity of at least 1Gi (such as "160Gi")`,
      });
    }
  }
  if (issues.length > before || !instanceFamilies || !instanceSizes || !capacityTypes) return undefined;

  const instanceTypes = instanceTypesOf({ instanceFamilies, instanceSizes });
  const unknown = instanceTypes.filter((t) => !KNOWN_INSTANCE_TYPES.includes(t));
  if (unknown.length > 0) {
    issues.push({
      path: `${path}.instanceFamilies`,
      message: `with instanceSizes ${instanceSizes.join(", ")} this allows ${unknown.join(", ")}, which the sizing tables do not know (every family in every size must be known, so the kubelet's max pods and reservations are right for each); known: ${KNOWN_INSTANCE_TYPES.join(", ")}`,
    });
    return undefined;
  }
  if (instanceTypes.some((t) => instanceTypeSpec(t).burstable)) {
    issues.push({
      path: `${path}.instanceFamilies`,
      message: `allows burstable types (${instanceTypes.filter((t) => instanceTypeSpec(t).burstable).join(", ")}): their CPU credits run out under the steady load of game servers`,
    });
  }
  architectureIssue(`${path}.instanceFamilies`, instanceTypes, issues);
  const expireAfter = override.expireAfter ?? base?.expireAfter ?? KARPENTER_POOL_DEFAULTS.expireAfter;
  if ((parseDuration(expireAfter) ?? 0) < MIN_EXPIRE_AFTER_SECONDS) {
    issues.push({
      path: `${path}.expireAfter`,
      message: `${expireAfter} would replace every node more than hourly; use 1h or more (nodes pick up a new AMI through drift, not expiry)`,
    });
  }
  return {
    ...common,
    provisioner: "karpenter",
    instanceFamilies: [...instanceFamilies],
    instanceSizes: [...instanceSizes],
    instanceTypes,
    capacityTypes: [...capacityTypes],
    limits: { cpu: String(cpu), memory: String(memory) },
    consolidateAfter:
      override.consolidateAfter ?? base?.consolidateAfter ?? KARPENTER_POOL_DEFAULTS.consolidateAfter,
    expireAfter,
    disruptionBudget:
      override.disruptionBudget ?? base?.disruptionBudget ?? KARPENTER_POOL_DEFAULTS.disruptionBudget,
  };
}

function architectureIssue(path: string, instanceTypes: readonly string[], issues: ConfigIssue[]): void {
  const architectures = new Set(instanceTypes.map((t) => instanceTypeSpec(t).architecture));
  if (architectures.size > 1) {
    issues.push({
      path,
      message: `mixes CPU architectures (${[...architectures].join(", ")}); one pool runs one Bottlerocket AMI, so use one architecture`,
    });
  }
}

function labelIssues(path: string, labels: Readonly<Record<string, string>>, issues: ConfigIssue[]): void {
  for (const [key, value] of Object.entries(labels)) {
    if (key.startsWith(RESERVED_LABEL_PREFIX)) {
      issues.push({
        path: `${path}.labels`,
        message: `"${key}": the ${RESERVED_LABEL_PREFIX} prefix is set by the program`,
      });
    } else if (!LABEL_KEY.test(key) || !LABEL_VALUE.test(value)) {
      issues.push({ path: `${path}.labels`, message: `"${key}: ${value}" is not a valid Kubernetes label` });
    }
  }
}

/** Each server of the tier's environments as a pod the game pool must hold. */
export function environmentPods(profile: TierProfile): PodRequest[] {
  return SERVER_NAMES.map((name) => {
    const server = profile.environments.servers[name];
    return {
      name,
      cpuMillicores: parseCpu(server.cpu) ?? 0,
      memoryMiB: Math.ceil((parseBytes(server.memory) ?? 0) / 2 ** 20),
    };
  });
}

/**
 * The sizing guidance for every Karpenter pool, given what each node's DaemonSets request (see
 * `lib/karpenter.ts` `poolSizingProblems`); the game pool, where environments run, must also fit
 * each of their servers' pods.
 */
export function karpenterSizingIssues(
  pools: readonly NodePoolConfig[],
  profile: TierProfile,
  daemonSets: PerNodeRequests,
  issues: ConfigIssue[],
): void {
  for (const pool of pools) {
    if (pool.provisioner !== "karpenter") continue;
    const pods = pool.name === "game" ? environmentPods(profile) : [];
    for (const problem of poolSizingProblems(pool, daemonSets, pods)) {
      issues.push({ path: `nodePools.${pool.name}.${problem.field}`, message: problem.message });
    }
  }
}
