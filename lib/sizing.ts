/**
 * Node sizing maths for EKS nodes (Bottlerocket and AL2023 use the same formulas).
 * See EKS-NOTES.md "Node sizing" and docs/nodes.md.
 */
import { instanceTypeSpec, type InstanceTypeSpec } from "./instance-types";

/** Memory the kubelet keeps free before it starts evicting pods (`eviction-hard: memory.available`). */
export const EVICTION_HARD_MEMORY_MIB = 100;
/** Ephemeral storage reserved for the kubelet and container runtime. */
export const KUBE_RESERVED_EPHEMERAL_STORAGE = "1Gi";

/** Pods per node without prefix delegation: every pod but hostNetwork ones needs a VPC IP. */
export function eniMaxPods(spec: Pick<InstanceTypeSpec, "enis" | "ipv4PerEni">): number {
  return spec.enis * (spec.ipv4PerEni - 1) + 2;
}

/**
 * The `max-pods` a node of this type gets: the ENI limit, capped at the kubelet scalability
 * guidance (110 pods up to 30 vCPUs, 250 above).
 */
export function maxPods(spec: Pick<InstanceTypeSpec, "enis" | "ipv4PerEni" | "vcpus">): number {
  const kubeletCap = spec.vcpus > 30 ? 250 : 110;
  return Math.min(eniMaxPods(spec), kubeletCap);
}

/** kube-reserved memory in MiB for a node running `pods` pods: 11 MiB per pod + 255 MiB. */
export function kubeReservedMemoryMiB(pods: number): number {
  if (!Number.isInteger(pods) || pods < 0)
    throw new RangeError(`pods must be a non-negative integer, got ${pods}`);
  return 11 * pods + 255;
}

/**
 * kube-reserved CPU in millicores: 6 % of the first core, 1 % of the second, 0.5 % of cores 3-4 and
 * 0.25 % of every core above 4.
 */
export function kubeReservedCpuMillicores(vcpus: number): number {
  if (!Number.isInteger(vcpus) || vcpus < 1)
    throw new RangeError(`vcpus must be a positive integer, got ${vcpus}`);
  const bands: ReadonlyArray<[cores: number, millicoresPerCore: number]> = [
    [1, 60],
    [1, 10],
    [2, 5],
    [Infinity, 2.5],
  ];
  let remaining = vcpus;
  let reserved = 0;
  for (const [cores, perCore] of bands) {
    const inBand = Math.min(remaining, cores);
    reserved += inBand * perCore;
    remaining -= inBand;
    if (remaining <= 0) break;
  }
  return Math.ceil(reserved);
}

/** Everything decided about a node of one instance type. */
export interface NodeSizing {
  readonly instanceType: string;
  readonly maxPods: number;
  readonly kubeReservedCpuMillicores: number;
  readonly kubeReservedMemoryMiB: number;
  readonly evictionHardMemoryMiB: number;
  /** What the scheduler can hand to pods before any DaemonSet takes its share. */
  readonly allocatableCpuMillicores: number;
  readonly allocatableMemoryMiB: number;
}

/** Sizing of one node of `instanceType`. */
export function nodeSizing(instanceType: string): NodeSizing {
  const spec = instanceTypeSpec(instanceType);
  const pods = maxPods(spec);
  const cpu = kubeReservedCpuMillicores(spec.vcpus);
  const memory = kubeReservedMemoryMiB(pods);
  return {
    instanceType,
    maxPods: pods,
    kubeReservedCpuMillicores: cpu,
    kubeReservedMemoryMiB: memory,
    evictionHardMemoryMiB: EVICTION_HARD_MEMORY_MIB,
    allocatableCpuMillicores: spec.vcpus * 1000 - cpu,
    allocatableMemoryMiB: spec.memoryMiB - memory - EVICTION_HARD_MEMORY_MIB,
  };
}

/**
 * Sizing shared by every node of a pool. A managed node group has one launch template for all its
 * instance types, so the settings must be safe on the smallest: the lowest max-pods, and the
 * reservation that goes with it.
 */
export function poolSizing(instanceTypes: readonly string[]): NodeSizing {
  if (instanceTypes.length === 0) throw new RangeError("a node pool needs at least one instance type");
  const all = instanceTypes.map(nodeSizing);
  const pods = Math.min(...all.map((s) => s.maxPods));
  const smallestCpu = Math.min(...instanceTypes.map((t) => instanceTypeSpec(t).vcpus));
  const memory = kubeReservedMemoryMiB(pods);
  const cpu = kubeReservedCpuMillicores(smallestCpu);
  return {
    instanceType: instanceTypes.join(","),
    maxPods: pods,
    kubeReservedCpuMillicores: cpu,
    kubeReservedMemoryMiB: memory,
    evictionHardMemoryMiB: EVICTION_HARD_MEMORY_MIB,
    allocatableCpuMillicores: Math.min(...all.map((s) => s.allocatableCpuMillicores)),
    allocatableMemoryMiB:
      Math.min(...instanceTypes.map((t) => instanceTypeSpec(t).memoryMiB)) -
      memory -
      EVICTION_HARD_MEMORY_MIB,
  };
}

/** Bottlerocket settings (its own TOML keys) that apply a pool's sizing to the kubelet. */
export function bottlerocketKubeletSettings(sizing: NodeSizing): Record<string, unknown> {
  return {
    settings: {
      kubernetes: {
        "max-pods": sizing.maxPods,
        "kube-reserved": {
          cpu: `${sizing.kubeReservedCpuMillicores}m`,
          memory: `${sizing.kubeReservedMemoryMiB}Mi`,
          "ephemeral-storage": KUBE_RESERVED_EPHEMERAL_STORAGE,
        },
        "eviction-hard": { "memory.available": `${sizing.evictionHardMemoryMiB}Mi` },
      },
    },
  };
}

/**
 * Why a managed node group's sizes are inconsistent; undefined when `minSize <= desiredSize <=
 * maxSize` (what EKS's scaling config requires). Config validation and GameCluster both check it.
 */
export function managedPoolSizeProblem(pool: {
  readonly minSize: number;
  readonly desiredSize: number;
  readonly maxSize: number;
}): string | undefined {
  return pool.minSize <= pool.desiredSize && pool.desiredSize <= pool.maxSize
    ? undefined
    : `needs minSize <= desiredSize <= maxSize, got ${pool.minSize} <= ${pool.desiredSize} <= ${pool.maxSize}`;
}
