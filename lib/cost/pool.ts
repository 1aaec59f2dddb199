/**
 * The game pool as a price per unit of room, and an environment's share of it.
 *
 * The model: Karpenter launches nodes for pending pods and consolidates underused ones, so the game
 * pool's size follows the sum of the environments' requests. An environment's share of the pool is
 * therefore what its requests take of a node, priced at that node's hourly price: for each
 * instance type the pool allows, the room a node of it leaves for environments' pods (capacity less
 * the kubelet's reservation, the eviction threshold, Karpenter's VM memory overhead and the
 * per-node DaemonSets, exactly as `lib/karpenter.ts` `nodeRoom` counts it), and the node's price
 * (the instance, plus its OS and data volumes). The share is the larger of the CPU and memory
 * fractions (a node is full when either is), times the node-hour price, times the hours awake; the
 * cheapest priced type is taken, as Karpenter picks the cheapest type that fits. Packing slack
 * (a partly filled last node) and the EKS add-ons' own DaemonSets are not counted: the share is a
 * floor on those two counts.
 *
 * Spot: a pool that allows spot is priced at the on-demand rate less the table's spot discount; with
 * the discount unknown, at the on-demand rate, a ceiling.
 */
import { instanceTypeSpec, INSTANCE_TYPES } from "../instance-types";
import { KARPENTER_VM_MEMORY_OVERHEAD } from "../karpenter";
import { parseBytes, parseCpu } from "../quantity";
import { priced, scale, sum, ZERO, type Money } from "./money";
import { HOURS_PER_MONTH, isKnown, type PriceTable } from "./prices";
import { array, object, str, type CostResource, type Requests } from "./workloads";

/** One instance type a pool may launch, and what a node of it leaves for environments. */
export interface NodeOption {
  readonly instanceType: string;
  /** Room for environments' pods on one node. */
  readonly room: Requests;
  /** EBS volumes of one node (OS and data), GiB, priced as gp3. */
  readonly volumeGiB: number;
}

/** What an environment's share of the game pool is priced from. */
export interface GamePoolBasis {
  /** `spot` when the pool may launch spot capacity (priced as spot), else `on-demand`. */
  readonly capacity: "spot" | "on-demand";
  readonly options: readonly NodeOption[];
}

/** The per-node requests every node pays before an environment's pod fits. */
export interface PerNode {
  readonly cpuMillicores: number;
  readonly memoryMiB: number;
}

/** The kubelet's reservation on a pool's nodes (the EC2NodeClass's `kubelet`). */
export interface KubeletReservation {
  readonly kubeReservedCpuMillicores: number;
  readonly kubeReservedMemoryMiB: number;
  readonly evictionHardMemoryMiB: number;
}

/** Room on one Karpenter node of `instanceType` (as `lib/karpenter.ts` `nodeRoom`). */
export function karpenterRoom(
  instanceType: string,
  kubelet: KubeletReservation,
  daemonSets: PerNode,
): Requests {
  const spec = instanceTypeSpec(instanceType);
  return {
    cpuMillicores: spec.vcpus * 1000 - kubelet.kubeReservedCpuMillicores - daemonSets.cpuMillicores,
    memoryMiB:
      Math.floor(spec.memoryMiB * (1 - KARPENTER_VM_MEMORY_OVERHEAD)) -
      kubelet.kubeReservedMemoryMiB -
      kubelet.evictionHardMemoryMiB -
      daemonSets.memoryMiB,
  };
}

/**
 * The game pool's basis from a platform plan: its Karpenter NodePool (`game-infra/pool: game`
 * template label) with the allowed families, sizes and capacity types, its EC2NodeClass's kubelet
 * reservation and volumes, and the log collector's per-node requests from the stack's outputs.
 * Returns a reason when the plan has no such pool.
 */
export function poolBasisFromPlan(
  resources: readonly CostResource[],
  outputs: unknown,
  pool = "game",
): GamePoolBasis | string {
  const nodePool = resources.find(
    (r) =>
      r.type === "kubernetes:karpenter.sh/v1:NodePool" &&
      object(object(object(object(r.inputs["spec"])["template"])["metadata"])["labels"])[
        "game-infra/pool"
      ] === pool,
  );
  if (!nodePool) return `the plan has no Karpenter NodePool for the "${pool}" pool`;
  const template = object(object(nodePool.inputs["spec"])["template"]);
  const requirements = array(object(template["spec"])["requirements"]).map(object);
  const values = (key: string) =>
    array(requirements.find((q) => q["key"] === key && q["operator"] === "In")?.["values"]).filter(
      (v): v is string => typeof v === "string",
    );
  const families = values("karpenter.k8s.aws/instance-family");
  const sizes = values("karpenter.k8s.aws/instance-size");
  const capacityTypes = values("karpenter.sh/capacity-type");
  const classRef = str(object(object(template["spec"])["nodeClassRef"])["name"]);
  const nodeClass = resources.find(
    (r) =>
      r.type === "kubernetes:karpenter.k8s.aws/v1:EC2NodeClass" &&
      str(object(r.inputs["metadata"])["name"]) === classRef,
  );
  if (!nodeClass) return `the plan has no EC2NodeClass "${classRef}" for the "${pool}" pool`;
  const classSpec = object(nodeClass.inputs["spec"]);
  const kubelet = object(classSpec["kubelet"]);
  const reserved = object(kubelet["kubeReserved"]);
  const reservation: KubeletReservation = {
    kubeReservedCpuMillicores: parseCpu(String(reserved["cpu"] ?? "0")) ?? 0,
    kubeReservedMemoryMiB: mib(reserved["memory"]),
    evictionHardMemoryMiB: mib(object(kubelet["evictionHard"])["memory.available"]),
  };
  const volumeGiB = array(classSpec["blockDeviceMappings"])
    .map((m) => object(object(m)["ebs"])["volumeSize"])
    .reduce<number>((total, size) => total + mib(size) / 1024, 0);
  const collector = object(object(object(outputs)["logging"])["collectorRequestsPerNode"]);
  const daemonSets: PerNode = {
    cpuMillicores: parseCpu(String(collector["cpu"] ?? "0")) ?? 0,
    memoryMiB: mib(collector["memory"]),
  };
  const types = families.flatMap((f) => sizes.map((s) => `${f}.${s}`)).sort();
  const unknownTypes = types.filter((t) => INSTANCE_TYPES[t] === undefined);
  if (types.length === 0) return `the "${pool}" NodePool names no instance families and sizes`;
  if (unknownTypes.length > 0)
    return `the "${pool}" NodePool allows types lib/instance-types.ts does not know: ${unknownTypes.join(", ")}`;
  return {
    capacity: capacityTypes.includes("spot") ? "spot" : "on-demand",
    options: types.map((t) => ({
      instanceType: t,
      room: karpenterRoom(t, reservation, daemonSets),
      volumeGiB,
    })),
  };
}

/** A resolved Karpenter game pool, as `StackConfig.nodePools` holds it (structurally). */
export interface KarpenterPoolConfigLike {
  readonly name: string;
  readonly provisioner: "karpenter";
  readonly instanceTypes: readonly string[];
  readonly capacityTypes: readonly string[];
  readonly diskSizeGiB: number;
}

/**
 * The game pool's basis from the resolved config, without a plan (the launcher's list): the same
 * figures the program writes into the EC2NodeClass (`poolSizing` of the allowed types, Bottlerocket's
 * 4 GiB OS volume plus the data volume) and the collector's requests.
 */
export function poolBasisFromConfig(
  pool: KarpenterPoolConfigLike,
  kubelet: KubeletReservation,
  osVolumeGiB: number,
  collector: PerNode,
): GamePoolBasis {
  return {
    capacity: pool.capacityTypes.includes("spot") ? "spot" : "on-demand",
    options: [...pool.instanceTypes].sort().map((t) => ({
      instanceType: t,
      room: karpenterRoom(t, kubelet, collector),
      volumeGiB: osVolumeGiB + pool.diskSizeGiB,
    })),
  };
}

/** One node-hour of an instance type at a capacity, with its volumes. */
export function nodeHour(
  instanceType: string,
  capacity: "spot" | "on-demand",
  volumeGiB: number,
  prices: PriceTable,
): Money {
  const path = `ec2.onDemandHour.${instanceType}`;
  const instance = priced(prices.ec2.onDemandHour[instanceType], 1, path);
  const discount = prices.ec2.spotDiscount;
  const compute = capacity === "spot" && isKnown(discount) ? scale(instance, 1 - discount.usd) : instance;
  return sum(compute, priced(prices.ebs.gp3GbMonth, volumeGiB / HOURS_PER_MONTH, "ebs.gp3GbMonth"));
}

/** An environment's share of the pool for some hours a month. */
export interface PoolShare {
  readonly monthly: Money;
  /** The instance type the share is priced on (the cheapest priced option for these requests). */
  readonly instanceType?: string;
  /** Nodes' worth the requests take (larger of the CPU and memory fractions). */
  readonly nodes: number;
  /** What the figure rests on that a reader should know (spot priced at on-demand, unpriced types). */
  readonly notes: readonly string[];
}

/** The share of the pool `requests` take for `hours` a month. */
export function poolShare(
  requests: Requests,
  hours: number,
  basis: GamePoolBasis,
  prices: PriceTable,
): PoolShare {
  if (requests.cpuMillicores === 0 && requests.memoryMiB === 0) return { monthly: ZERO, nodes: 0, notes: [] };
  const notes: string[] = [];
  if (basis.capacity === "spot" && !isKnown(prices.ec2.spotDiscount)) {
    notes.push("spot capacity priced at the on-demand rate (spot discount unknown): a ceiling");
  }
  const candidates = basis.options.map((o) => {
    const nodes = Math.max(
      requests.cpuMillicores / o.room.cpuMillicores,
      requests.memoryMiB / o.room.memoryMiB,
    );
    return {
      option: o,
      nodes,
      monthly: scale(nodeHour(o.instanceType, basis.capacity, o.volumeGiB, prices), nodes * hours),
    };
  });
  const pricedOnes = candidates.filter((c) => isKnown(prices.ec2.onDemandHour[c.option.instanceType]));
  const unpriced = candidates.filter((c) => !pricedOnes.includes(c)).map((c) => c.option.instanceType);
  if (pricedOnes.length === 0) {
    // No allowed type has a price: the share is unknown, not its volumes' part alone.
    const monthly: Money = {
      usd: 0,
      unknown: unpriced.map((t) => `ec2.onDemandHour.${t}`).sort(),
      secondary: false,
    };
    return { monthly, nodes: Math.min(...candidates.map((c) => c.nodes)), notes };
  }
  if (unpriced.length > 0) {
    notes.push(`priced on the cheapest priced type; ${unpriced.join(", ")} have no price in the table`);
  }
  const best = pricedOnes.reduce((a, b) => (b.monthly.usd < a.monthly.usd ? b : a));
  return { monthly: best.monthly, instanceType: best.option.instanceType, nodes: best.nodes, notes };
}

function mib(quantity: unknown): number {
  if (typeof quantity !== "string" && typeof quantity !== "number") return 0;
  return (parseBytes(quantity) ?? 0) / 2 ** 20;
}
