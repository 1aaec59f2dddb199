/**
 * The contract between a platform stack and its environment stacks. The platform exports
 * `environmentSettings` (plain data that shapes an environment's resources: domain, host pattern,
 * IngressGroup, images, Redis DB count, teams, scheduling and grace tolerations, secret *names*) and
 * a few runtime values (kubeconfig, certificate ARN, data-store endpoints, the Redis AUTH secret's
 * ARN). An environment stack reads both through a StackReference; offline tools (the registry
 * check, the launcher) compute the same settings from the platform's stack file with
 * {@link environmentSettingsFromConfig}, so every consumer validates against the same facts.
 */
import { z } from "zod";
import { subnetLayout } from "../lib/cidr";
import { graceTolerations, type Toleration } from "../lib/grace";
import { clusterName, ingressGroupName } from "../lib/naming";
import { poolScheduling } from "../lib/scheduling";
import { poolCapacity } from "../lib/karpenter";
import { formatBytes, formatCpu } from "../lib/quantity";
import { poolSizing } from "../lib/sizing";
import type { Placement } from "../lib/workload/spread";
import { BOOTSTRAP_SERVICE_ACCOUNT, MYSQL_ADMIN_SECRET_NAME } from "../lib/data-access";
import { PLATFORM_NAMESPACE } from "../lib/naming";
import { MYSQL_PORT } from "../lib/mysql-settings";
import { REDIS_PORT } from "../lib/redis-settings";
import type { StackConfig } from "./config";
import type { ImagesConfig } from "../lib/environment/profile";
import { TIER_NAMES, type TierName } from "./tier";

/** The version of {@link EnvironmentSettings}; bump it when its shape changes incompatibly. */
export const ENVIRONMENT_SETTINGS_VERSION = 1;

/** Names of the platform stack outputs an environment stack reads. */
export const PLATFORM_OUTPUTS = {
  /** {@link EnvironmentSettings}, plain data. */
  settings: "environmentSettings",
  /** The cluster's kubeconfig (a secret output). */
  kubeconfig: "kubeconfig",
  /** The stack's wildcard certificate. */
  certificateArn: "certificateArn",
  /** `{ mysql: { endpoint, ... }, redis: { endpoint, authSecretArn, ... } }`. */
  dataStores: "dataStores",
} as const;

/** What shapes an environment stack's resources, as its platform stack decides it. */
export interface EnvironmentSettings {
  readonly version: typeof ENVIRONMENT_SETTINGS_VERSION;
  /** The platform's Pulumi project and stack. */
  readonly project: string;
  readonly stack: string;
  readonly tier: TierName;
  readonly region: string;
  readonly clusterName: string;
  /** Hosts are `<hostPattern>.<domain>`. */
  readonly domain: string;
  readonly hostPattern: string;
  /** The IngressGroup of the stack's one shared ALB. */
  readonly ingressGroupName: string;
  readonly images: ImagesConfig;
  /** Logical databases on the shared Redis; every environment's `redisDb` is below it. */
  readonly redisDatabases: number;
  /** Teams that may own environments (keys of the platform's `teams`). */
  readonly teams: readonly string[];
  readonly nodeMonitorGracePeriodSeconds: number;
  /** The not-ready/unreachable tolerations every pod template carries. */
  readonly graceTolerations: readonly Toleration[];
  /** Where game servers run: the game pool's node selector and tolerations (grace ones included). */
  readonly gameScheduling: Placement;
  /** Where platform jobs run (the database bootstrap): the system pool, grace tolerations included. */
  readonly systemScheduling: Placement;
  /**
   * What the tier's environments may request in total on the game pool at its largest (Kubernetes
   * quantities): its limits (a Karpenter pool) or maxSize nodes (a managed node group), less what
   * every node keeps for itself and its DaemonSets ({@link gamePoolCapacity}).
   */
  readonly gamePoolCapacity: { readonly cpu: string; readonly memory: string };
  /** The VPC's public subnets, where the ALB's nodes live (the only source the ALB's traffic has). */
  readonly loadBalancerCidrs: readonly string[];
  /** The platform namespace, where bootstrap Jobs run with the admin credentials. */
  readonly platformNamespace: string;
  readonly dataAccess: {
    /** Service account of the bootstrap Jobs, in the platform namespace. */
    readonly bootstrapServiceAccount: string;
    /** Secret in the platform namespace with the MySQL admin's credentials (its name, never its value). */
    readonly mysqlAdminSecretName: string;
    readonly mysqlPort: number;
    readonly redisPort: number;
  };
}

/** The settings a platform stack exports for its environments, from its resolved config. */
export function environmentSettingsFromConfig(config: StackConfig): EnvironmentSettings {
  const grace = graceTolerations(config.cluster.nodeMonitorGracePeriodSeconds);
  const placement = (poolName: string): Placement => {
    const pool = config.nodePools.find((p) => p.name === poolName);
    if (!pool) throw new Error(`the resolved config has no "${poolName}" node pool`);
    const scheduling = poolScheduling(pool);
    return {
      nodeSelector: { ...scheduling.nodeSelector },
      tolerations: [...scheduling.tolerations, ...grace],
    };
  };
  return {
    version: ENVIRONMENT_SETTINGS_VERSION,
    project: config.project,
    stack: config.stack,
    tier: config.tier,
    region: config.region,
    clusterName: clusterName(config.project, config.stack),
    domain: config.domain,
    hostPattern: config.hostPattern,
    ingressGroupName: ingressGroupName(config.project, config.stack),
    images: config.images,
    redisDatabases: config.redis.databases,
    teams: Object.keys(config.teams).sort(),
    nodeMonitorGracePeriodSeconds: config.cluster.nodeMonitorGracePeriodSeconds,
    graceTolerations: grace,
    gameScheduling: placement("game"),
    systemScheduling: placement("system"),
    gamePoolCapacity: gamePoolCapacity(config),
    loadBalancerCidrs: subnetLayout(config.network.cidr, config.network.azCount).public,
    platformNamespace: PLATFORM_NAMESPACE,
    dataAccess: {
      bootstrapServiceAccount: BOOTSTRAP_SERVICE_ACCOUNT,
      mysqlAdminSecretName: MYSQL_ADMIN_SECRET_NAME,
      mysqlPort: MYSQL_PORT,
      redisPort: REDIS_PORT,
    },
  };
}

/**
 * The game pool's room for environments' pods at the pool's largest size. Every node of it gives up,
 * before any environment's pod fits: the kubelet's kube-reserved CPU and memory and its eviction
 * threshold (`lib/sizing.ts`, the figures its kubelet is configured with) and the log collector's
 * requests (`logging.requests.collector`, the one DaemonSet this program sizes). A Karpenter pool
 * also gives up the VM memory overhead Karpenter assumes (7.5 %), and is counted as the most nodes of
 * its smallest allowed type its limits allow (`lib/karpenter.ts` `poolCapacity`); a managed node group
 * as `maxSize` nodes of its smallest type. Not subtracted: the EKS add-ons' DaemonSets (kube-proxy,
 * the VPC CNI, the EBS CSI node plugin), whose requests come with the add-on versions EKS picks and
 * are not vendored here; they take a few hundred millicores and MiB per node, so keep a margin.
 */
export function gamePoolCapacity(config: Pick<StackConfig, "nodePools" | "logging">): {
  cpu: string;
  memory: string;
} {
  const pool = config.nodePools.find((p) => p.name === "game");
  if (!pool) throw new Error('the resolved config has no "game" node pool');
  const collector = config.logging.requests.collector;
  if (pool.provisioner === "karpenter") {
    const capacity = poolCapacity(pool, collector);
    return { cpu: capacity.cpu, memory: capacity.memory };
  }
  const sizing = poolSizing(pool.instanceTypes);
  const cpu = pool.maxSize * (sizing.allocatableCpuMillicores - collector.cpuMillicores);
  const memory = pool.maxSize * (sizing.allocatableMemoryMiB - collector.memoryMiB);
  return { cpu: formatCpu(Math.max(0, cpu)), memory: formatBytes(Math.max(0, memory) * 2 ** 20) };
}

const toleration = z.object({
  key: z.string(),
  operator: z.enum(["Exists", "Equal"]),
  value: z.string().optional(),
  effect: z.enum(["NoSchedule", "PreferNoSchedule", "NoExecute"]),
  tolerationSeconds: z.number().optional(),
});
const placement = z.object({
  nodeSelector: z.record(z.string(), z.string()),
  tolerations: z.array(toleration),
});

/** The shape an environment stack accepts from the StackReference (a platform at another version fails here). */
const settingsSchema = z.object({
  version: z.literal(ENVIRONMENT_SETTINGS_VERSION),
  project: z.string(),
  stack: z.string(),
  tier: z.enum(TIER_NAMES),
  region: z.string(),
  clusterName: z.string(),
  domain: z.string(),
  hostPattern: z.string(),
  ingressGroupName: z.string(),
  images: z.object({
    registry: z.string(),
    repositories: z.object({
      gameserver: z.string(),
      league: z.string(),
      scheduler: z.string(),
      backoffice: z.string(),
    }),
    couchbase: z.string(),
  }),
  redisDatabases: z.int(),
  teams: z.array(z.string()),
  nodeMonitorGracePeriodSeconds: z.number(),
  graceTolerations: z.array(toleration),
  gameScheduling: placement,
  systemScheduling: placement,
  gamePoolCapacity: z.object({ cpu: z.string(), memory: z.string() }),
  loadBalancerCidrs: z.array(z.string()),
  platformNamespace: z.string(),
  dataAccess: z.object({
    bootstrapServiceAccount: z.string(),
    mysqlAdminSecretName: z.string(),
    mysqlPort: z.int(),
    redisPort: z.int(),
  }),
});

/**
 * Checks what a StackReference returned for `environmentSettings`; returns the settings or a
 * sentence saying what is wrong (typically: the platform stack has not been updated to this
 * program version yet).
 */
export function parseEnvironmentSettings(
  value: unknown,
  platformStack: string,
): EnvironmentSettings | string {
  if (value === undefined || value === null) {
    return `platform stack ${platformStack} has no "${PLATFORM_OUTPUTS.settings}" output: update the platform stack (pulumi up -s ${platformStack.split("/").pop()} in the repository root) before its environments`;
  }
  const result = settingsSchema.safeParse(value);
  if (result.success) return result.data as EnvironmentSettings;
  const first = result.error.issues[0]!;
  return `platform stack ${platformStack} exports "${PLATFORM_OUTPUTS.settings}" in a shape this program does not understand (${first.path.join(".") || "(root)"}: ${first.message}); update the platform stack to this program version first`;
}
