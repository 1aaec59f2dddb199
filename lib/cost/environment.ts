/**
 * One environment's monthly cost: its share of the game nodes (its pods' requests at their normal
 * replicas, `pool.ts`) for the hours it is awake, and its volumes (Couchbase's gp3 volume) for
 * every hour, since a sleeping environment keeps its data. Its database on the shared MySQL, its
 * DB number on the shared Redis and its rules on the shared ALB add nothing per hour: those are the
 * platform's. Computed the same way from an environment stack's plan and from the registry's
 * resolved config (the launcher's list, no plan needed); a test holds the two to each other.
 */
import { priced, sum, ZERO, type Money } from "./money";
import { poolShare, type GamePoolBasis } from "./pool";
import { HOURS_PER_MONTH, type PriceTable } from "./prices";
import { awakeHoursPerMonth, scheduleFromSleepInfo, type Awake } from "./schedule";
import { parseBytes, parseCpu } from "../quantity";
import { COUCHBASE_WRITABLE_PATHS, SERVER_ROLES } from "../environment/servers";
import { SEED_CONTAINER_RESOURCES } from "../workload/security";
import {
  claimedVolumes,
  object,
  totalRequests,
  workloadPods,
  type ClaimedVolume,
  type CostResource,
  type Requests,
} from "./workloads";

/** What an environment runs, as its cost sees it. */
export interface EnvironmentFootprint {
  /** Its pods' requests at their normal replicas, summed. */
  readonly requests: Requests;
  readonly pods: number;
  readonly volumes: readonly ClaimedVolume[];
}

/** An environment's monthly cost, always on and on its schedule. */
export interface EnvironmentCost {
  readonly footprint: EnvironmentFootprint;
  readonly awake: Awake;
  readonly awakeHours: number;
  /** The instance type its node share is priced on. */
  readonly instanceType?: string;
  /** Nodes' worth its requests take. */
  readonly nodes: number;
  readonly alwaysOn: { readonly nodes: Money; readonly volumes: Money; readonly total: Money };
  readonly scheduled: { readonly nodes: Money; readonly volumes: Money; readonly total: Money };
  readonly notes: readonly string[];
}

/** Prices an environment's footprint. */
export function environmentCost(
  footprint: EnvironmentFootprint,
  awake: Awake,
  basis: GamePoolBasis,
  prices: PriceTable,
): EnvironmentCost {
  const awakeHours = awakeHoursPerMonth(awake);
  const always = poolShare(footprint.requests, HOURS_PER_MONTH, basis, prices);
  const asleep = poolShare(footprint.requests, awakeHours, basis, prices);
  const volumes = volumesMonthly(footprint.volumes, prices);
  const notes = [...always.notes];
  if (volumes.notes.length > 0) notes.push(...volumes.notes);
  return {
    footprint,
    awake,
    awakeHours,
    ...(always.instanceType ? { instanceType: always.instanceType } : {}),
    nodes: always.nodes,
    alwaysOn: {
      nodes: always.monthly,
      volumes: volumes.monthly,
      total: sum(always.monthly, volumes.monthly),
    },
    scheduled: {
      nodes: asleep.monthly,
      volumes: volumes.monthly,
      total: sum(asleep.monthly, volumes.monthly),
    },
    notes,
  };
}

/** Volumes for a whole month: gp3 (the clusters' default StorageClass) per GiB; other classes are unknown. */
export function volumesMonthly(
  volumes: readonly ClaimedVolume[],
  prices: PriceTable,
): { monthly: Money; notes: string[] } {
  const notes: string[] = [];
  const parts = volumes.map((v) => {
    const gib = v.count * v.sizeGiB;
    if (v.storageClass === undefined || v.storageClass === "gp3")
      return priced(prices.ebs.gp3GbMonth, gib, "ebs.gp3GbMonth");
    notes.push(`${v.owner}: storage class "${v.storageClass}" has no price in the table`);
    return { usd: 0, unknown: [`storage class ${v.storageClass}`], secondary: false };
  });
  return { monthly: parts.length > 0 ? sum(...parts) : ZERO, notes };
}

/** An environment stack's footprint from its plan's resources. */
export function footprintFromPlan(resources: readonly CostResource[]): EnvironmentFootprint {
  const pods = workloadPods(resources);
  return {
    requests: totalRequests(pods),
    pods: pods.reduce((n, p) => n + p.replicas, 0),
    volumes: claimedVolumes(resources),
  };
}

/** The SleepInfo type token a plan records kube-green's resource under. */
export const SLEEP_INFO = "kubernetes:kube-green.com/v1alpha1:SleepInfo";

/**
 * The environment's schedule as its plan says it (a kube-green SleepInfo), else `fallback`; with a
 * note when a SleepInfo exists that this model cannot read.
 */
export function awakeFromPlan(
  resources: readonly CostResource[],
  fallback: Awake,
): { awake: Awake; note?: string } {
  const sleepInfo = resources.find((r) => r.type === SLEEP_INFO);
  if (!sleepInfo) return { awake: fallback };
  const schedule = scheduleFromSleepInfo(object(sleepInfo.inputs["spec"]));
  if (typeof schedule === "string") {
    return {
      awake: fallback,
      note: `SleepInfo ${sleepInfo.name} not read (${schedule}); the default schedule is used`,
    };
  }
  return { awake: schedule };
}

/** One server's sizing as the resolved registry holds it (`lib/environment/profile.ts` `ServerSizing`). */
export interface ServerSizingLike {
  readonly replicas: number;
  readonly cpu: string;
  readonly memory: string;
  readonly storage?: string;
}

/** An environment's resolved workload config (structurally `EnvironmentWorkloadConfig`). */
export interface EnvironmentWorkloadLike {
  readonly deployment: "rolling" | "blueGreen";
  readonly servers: Readonly<Record<string, ServerSizingLike>>;
}

/** Couchbase's init container (it seeds its config directory), which the scheduler counts as a pod's request when larger. */
export interface InitRequests {
  readonly couchbase?: Requests;
}

/**
 * An environment's footprint from its resolved config, as the program would run it: every server at
 * its normal replicas (the autoscaler's minimum), the blue/green game server twice (both colours
 * run at full size), Couchbase with its volume. `stateful` names the servers that keep a volume
 * (Couchbase), sized by their `storage`.
 */
export function footprintFromConfig(
  env: EnvironmentWorkloadLike,
  stateful: readonly string[],
  defaultStorage: string,
  initRequests: Readonly<Record<string, Requests>> = {},
): EnvironmentFootprint {
  let cpu = 0;
  let memory = 0;
  let pods = 0;
  const volumes: ClaimedVolume[] = [];
  for (const [server, sizing] of Object.entries(env.servers)) {
    const copies = server === "gameserver" && env.deployment === "blueGreen" ? 2 : 1;
    const replicas = sizing.replicas * copies;
    const init = initRequests[server];
    const perPodCpu = Math.max(parseCpu(sizing.cpu) ?? 0, init?.cpuMillicores ?? 0);
    const perPodMemory = Math.max((parseBytes(sizing.memory) ?? 0) / 2 ** 20, init?.memoryMiB ?? 0);
    cpu += replicas * perPodCpu;
    memory += replicas * perPodMemory;
    pods += replicas;
    if (stateful.includes(server)) {
      volumes.push({
        owner: `StatefulSet ${server}`,
        count: replicas,
        sizeGiB: (parseBytes(sizing.storage ?? defaultStorage) ?? 0) / 2 ** 30,
        storageClass: "gp3",
      });
    }
  }
  return { requests: { cpuMillicores: cpu, memoryMiB: memory }, pods, volumes };
}

/**
 * An environment's footprint from the registry's resolved config, with the program's own server
 * roles: the StatefulSets (Couchbase) keep a gp3 volume of their `storage` (10Gi when unset, as
 * `lib/environment/servers.ts` sizes it), and a server with paths seeded from its image has the
 * seed init container, whose requests count when larger than the server's.
 */
export function footprintOfEnvironment(env: EnvironmentWorkloadLike): EnvironmentFootprint {
  const seed: Requests = {
    cpuMillicores: parseCpu(SEED_CONTAINER_RESOURCES.requests.cpu) ?? 0,
    memoryMiB: (parseBytes(SEED_CONTAINER_RESOURCES.requests.memory) ?? 0) / 2 ** 20,
  };
  const seeded = COUCHBASE_WRITABLE_PATHS.some((p) => "seedFromImage" in p && p.seedFromImage);
  const stateful = Object.entries(SERVER_ROLES)
    .filter(([, role]) => role.kind === "StatefulSet")
    .map(([name]) => name);
  return footprintFromConfig(env, stateful, "10Gi", seeded ? { couchbase: seed } : {});
}
