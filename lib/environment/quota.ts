/**
 * An environment's share of the cluster: a ResourceQuota that caps the namespace, a LimitRange
 * that sizes containers nobody sized, and the arithmetic that proves an environment's own servers
 * fit its quota at full scale, during a rollout, before anything is deployed.
 */
import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { describeBytes, describeCpu, parseBytes, parseCpu } from "../quantity";
import { SERVER_NAMES, type EnvironmentWorkloadConfig, type QuotaConfig, type ServerName } from "./profile";
import { SERVER_ROLES } from "./servers";

/** Name of the environment's ResourceQuota and LimitRange. */
export const QUOTA_NAME = "environment";

/** Requests a container gets when it states none (ours always do; this catches `kubectl run`). */
export const LIMIT_RANGE_DEFAULTS = {
  cpuRequest: "100m",
  memoryRequest: "128Mi",
  memoryLimit: "256Mi",
} as const;

/** The namespace's ResourceQuota: resource totals, and no load balancer or node port of its own. */
export function resourceQuota(
  meta: { namespace: pulumi.Input<string>; labels: Readonly<Record<string, string>> },
  quota: QuotaConfig,
): k8s.core.v1.ResourceQuotaArgs {
  return {
    metadata: { name: QUOTA_NAME, namespace: meta.namespace, labels: { ...meta.labels } },
    spec: {
      hard: {
        "requests.cpu": quota.cpu,
        "requests.memory": quota.memory,
        "limits.memory": quota.memoryLimit,
        pods: String(quota.pods),
        "requests.storage": quota.storage,
        persistentvolumeclaims: String(quota.volumeClaims),
        // Public traffic goes through the stack's shared ALB, never a load balancer per environment.
        "services.loadbalancers": "0",
        "services.nodeports": "0",
      },
    },
  };
}

/**
 * The namespace's LimitRange. It caps a container's memory and gives unsized containers small
 * requests and a memory limit. It sets no CPU `max` or `default`: either would give every
 * container a CPU limit (the API defaults `default` to `max`), and CPU limits throttle servers.
 */
export function limitRange(
  meta: { namespace: pulumi.Input<string>; labels: Readonly<Record<string, string>> },
  quota: QuotaConfig,
): k8s.core.v1.LimitRangeArgs {
  return {
    metadata: { name: QUOTA_NAME, namespace: meta.namespace, labels: { ...meta.labels } },
    spec: {
      limits: [
        {
          type: "Container",
          max: { memory: quota.containerMaxMemory },
          default: { memory: LIMIT_RANGE_DEFAULTS.memoryLimit },
          defaultRequest: {
            cpu: LIMIT_RANGE_DEFAULTS.cpuRequest,
            memory: LIMIT_RANGE_DEFAULTS.memoryRequest,
          },
        },
      ],
    },
  };
}

/** What one server takes from the quota at its most: full scale, mid-rollout. */
export interface ServerFootprint {
  readonly server: ServerName;
  readonly pods: number;
  readonly cpu: number;
  readonly memory: number;
  readonly memoryLimit: number;
  readonly storage: number;
  readonly volumeClaims: number;
}

/**
 * Each server's peak footprint. A rolling Deployment briefly runs one extra pod (`maxSurge: 1`); a
 * blue/green game server runs both colours, each able to scale to the maximum; the scheduler
 * (Recreate) and Couchbase (StatefulSet) never surge.
 */
export function environmentFootprint(env: EnvironmentWorkloadConfig): ServerFootprint[] {
  return SERVER_NAMES.map((server) => {
    const sizing = env.servers[server];
    const role = SERVER_ROLES[server];
    const surge = role.kind === "Deployment" && role.release === "rolling" ? 1 : 0;
    const copies = server === "gameserver" && env.deployment === "blueGreen" ? 2 : 1;
    const pods = copies * (sizing.maxReplicas + surge);
    const claims = role.kind === "StatefulSet" ? sizing.maxReplicas : 0;
    return {
      server,
      pods,
      cpu: pods * (parseCpu(sizing.cpu) ?? 0),
      memory: pods * (parseBytes(sizing.memory) ?? 0),
      memoryLimit: pods * (parseBytes(sizing.memoryLimit) ?? 0),
      storage: claims * (parseBytes(sizing.storage ?? "0") ?? 0),
      volumeClaims: claims,
    };
  });
}

/** A quota field that is too small, and why. */
export interface QuotaProblem {
  readonly field: keyof QuotaConfig;
  readonly message: string;
}

/** Quota fields the environment's own servers would exceed, each with the numbers. */
export function quotaProblems(env: EnvironmentWorkloadConfig): QuotaProblem[] {
  const footprint = environmentFootprint(env);
  const total = (pick: (f: ServerFootprint) => number) => footprint.reduce((sum, f) => sum + pick(f), 0);
  const detail = (pick: (f: ServerFootprint) => number, describe: (n: number) => string) =>
    footprint
      .filter((f) => pick(f) > 0)
      .map((f) => `${f.server} ${describe(pick(f))}`)
      .join(", ");
  const checks: Array<{
    field: keyof QuotaConfig;
    limit: number | undefined;
    pick: (f: ServerFootprint) => number;
    describe: (n: number) => string;
    what: string;
  }> = [
    {
      field: "cpu",
      limit: parseCpu(env.quota.cpu),
      pick: (f) => f.cpu,
      describe: describeCpu,
      what: "CPU requests",
    },
    {
      field: "memory",
      limit: parseBytes(env.quota.memory),
      pick: (f) => f.memory,
      describe: describeBytes,
      what: "memory requests",
    },
    {
      field: "memoryLimit",
      limit: parseBytes(env.quota.memoryLimit),
      pick: (f) => f.memoryLimit,
      describe: describeBytes,
      what: "memory limits",
    },
    { field: "pods", limit: env.quota.pods, pick: (f) => f.pods, describe: (n) => `${n} pods`, what: "pods" },
    {
      field: "storage",
      limit: parseBytes(env.quota.storage),
      pick: (f) => f.storage,
      describe: describeBytes,
      what: "volume storage",
    },
    {
      field: "volumeClaims",
      limit: env.quota.volumeClaims,
      pick: (f) => f.volumeClaims,
      describe: (n) => `${n} claims`,
      what: "volume claims",
    },
  ];
  const problems: QuotaProblem[] = [];
  for (const check of checks) {
    const needed = total(check.pick);
    if (check.limit !== undefined && needed > check.limit) {
      problems.push({
        field: check.field,
        message: `${check.describe(check.limit)} is less than the ${check.describe(needed)} of ${check.what} the servers need at full scale during a rollout (${detail(check.pick, check.describe)}); raise it or shrink the servers`,
      });
    }
  }
  const containerMax = parseBytes(env.quota.containerMaxMemory);
  for (const server of SERVER_NAMES) {
    const limit = parseBytes(env.servers[server].memoryLimit);
    if (containerMax !== undefined && limit !== undefined && limit > containerMax) {
      problems.push({
        field: "containerMaxMemory",
        message: `${env.quota.containerMaxMemory} is below ${server}'s memory limit ${env.servers[server].memoryLimit}; the LimitRange would reject its pods`,
      });
    }
  }
  return problems;
}
