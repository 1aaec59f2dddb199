/**
 * Karpenter for the pools that hold environments: the NodePool and EC2NodeClass each such pool gets,
 * the controller's Helm values, the interruption queue's EventBridge rules, the sizing rules a pool
 * must meet, and the capacity its limits give environments. Pure functions over plain values, so
 * tests read them directly; `components/karpenter.ts` turns them into resources.
 *
 * Upstream facts (Karpenter 1.14.1, `upstream/karpenter/`): the CRDs every manifest here is checked
 * against (`lib/karpenter-crds.ts`), the chart's values, and the getting-started template the
 * interruption rules and queue settings follow.
 */
import { instanceTypeSpec, type Architecture } from "./instance-types";
import { formatBytes, formatCpu, parseBytes, parseCpu } from "./quantity";
import { poolSizing, type NodeSizing, KUBE_RESERVED_EPHEMERAL_STORAGE } from "./sizing";
import type { Toleration } from "./grace";
import { workingHoursWindow, type WorkingHours } from "./karpenter-schedule";

/** Where the controller runs: `kube-system`, which Karpenter's docs recommend for its API priority and fairness FlowSchemas. */
export const KARPENTER_NAMESPACE = "kube-system";
/** The controller's service account (the IRSA role trusts exactly this one). */
export const KARPENTER_SERVICE_ACCOUNT = "karpenter";
/** Helm release of the controller chart. */
export const KARPENTER_RELEASE = "karpenter";
/** Helm release of the CRD chart. */
export const KARPENTER_CRD_RELEASE = "karpenter-crd";

/** The NodePool API (`karpenter.sh/v1`). */
export const NODE_POOL_API_VERSION = "karpenter.sh/v1";
/** The EC2NodeClass API group and version (`karpenter.k8s.aws/v1`). */
export const NODE_CLASS_GROUP = "karpenter.k8s.aws";
export const NODE_CLASS_API_VERSION = `${NODE_CLASS_GROUP}/v1`;

/** Karpenter's capacity types, in the order Karpenter prefers them when both are allowed. */
export const KARPENTER_CAPACITY_TYPES = ["spot", "on-demand"] as const;
/** One of {@link KARPENTER_CAPACITY_TYPES}. */
export type KarpenterCapacityType = (typeof KARPENTER_CAPACITY_TYPES)[number];

/**
 * The VM memory overhead Karpenter subtracts from every instance type's memory before it places pods
 * (chart value `settings.vmMemoryOverheadPercent`, 0.075 in `upstream/karpenter/values.yaml`).
 */
export const KARPENTER_VM_MEMORY_OVERHEAD = 0.075;

/**
 * The controller's resources. Limits as the getting-started guide sets them (1 CPU, 1 Gi), and the
 * memory request too; half its 1-CPU request, so two replicas fit beside the shared services on the
 * system pool's two-vCPU nodes while a burst of pending pods may still use a whole core.
 */
export const KARPENTER_CONTROLLER_RESOURCES = {
  requests: { cpu: "500m", memory: "1Gi" },
  limits: { cpu: "1", memory: "1Gi" },
} as const;

/** The getting-started template's queue settings: messages older than five minutes are moot. */
export const INTERRUPTION_QUEUE_RETENTION_SECONDS = 300;

/** The interruption queue's name: the cluster's name, as upstream names it, with a suffix that says what it is. */
export function interruptionQueueName(clusterName: string): string {
  return `${clusterName}-karpenter`;
}

/** An EventBridge rule feeding the interruption queue. */
export interface InterruptionRule {
  /** Suffix of the rule's resource name. */
  readonly key: string;
  /** The template's resource this rule mirrors. */
  readonly templateResource: string;
  readonly description: string;
  readonly pattern: { readonly source: readonly string[]; readonly "detail-type": readonly string[] };
}

/** The template's five rules: events that end or endanger an instance Karpenter launched. */
export const INTERRUPTION_RULES: readonly InterruptionRule[] = [
  {
    key: "scheduled-change",
    templateResource: "ScheduledChangeRule",
    description: "AWS Health events (scheduled maintenance, retirement) for Karpenter's nodes",
    pattern: { source: ["aws.health"], "detail-type": ["AWS Health Event"] },
  },
  {
    key: "spot-interruption",
    templateResource: "SpotInterruptionRule",
    description: "Two-minute spot interruption warnings, so Karpenter drains the node in time",
    pattern: { source: ["aws.ec2"], "detail-type": ["EC2 Spot Instance Interruption Warning"] },
  },
  {
    key: "rebalance",
    templateResource: "RebalanceRule",
    description: "Spot rebalance recommendations (a higher interruption risk)",
    pattern: { source: ["aws.ec2"], "detail-type": ["EC2 Instance Rebalance Recommendation"] },
  },
  {
    key: "instance-state-change",
    templateResource: "InstanceStateChangeRule",
    description: "Instances stopping or terminating outside Karpenter's control",
    pattern: { source: ["aws.ec2"], "detail-type": ["EC2 Instance State-change Notification"] },
  },
  {
    key: "capacity-reservation-interruption",
    templateResource: "CapacityReservationInterruptionRule",
    description: "Interruptible capacity reservations being reclaimed",
    pattern: {
      source: ["aws.ec2"],
      "detail-type": ["EC2 Capacity Reservation Instance Interruption Warning"],
    },
  },
];

/** A pool Karpenter provisions, as the resolved config describes it. */
export interface KarpenterPool {
  readonly name: string;
  /** Instance families (`m6i`); with {@link instanceSizes} they span the allowed instance types. */
  readonly instanceFamilies: readonly string[];
  /** Instance sizes (`xlarge`). */
  readonly instanceSizes: readonly string[];
  /** Allowed capacity types; with both, Karpenter launches spot and falls back to on-demand. */
  readonly capacityTypes: readonly KarpenterCapacityType[];
  /** The most CPU and memory the pool's nodes may have in total (Kubernetes quantities). */
  readonly limits: { readonly cpu: string; readonly memory: string };
  /** How long a node must be empty or underused before Karpenter consolidates it (`5m`). */
  readonly consolidateAfter: string;
  /** A node's longest life, so every node is replaced regularly (`720h`). */
  readonly expireAfter: string;
  /** Nodes that may be disrupted at once outside working hours (`10%` or a count). */
  readonly disruptionBudget: string;
  /** The data volume's size (images, logs, emptyDirs). */
  readonly diskSizeGiB: number;
}

/** The instance types a pool allows: every family in every size, sorted. */
export function instanceTypesOf(pool: Pick<KarpenterPool, "instanceFamilies" | "instanceSizes">): string[] {
  return pool.instanceFamilies.flatMap((f) => pool.instanceSizes.map((s) => `${f}.${s}`)).sort();
}

/** Kubernetes' name for an instance architecture (`kubernetes.io/arch`). */
export function kubernetesArch(architecture: Architecture): "amd64" | "arm64" {
  return architecture === "x86_64" ? "amd64" : "arm64";
}

/** A node taint in the Kubernetes API's shape (NodePools carry these). */
export interface NodeTaint {
  readonly key: string;
  readonly value: string;
  readonly effect: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
}

/** Everything an EC2NodeClass is made of. */
export interface NodeClassInput {
  readonly name: string;
  /** Bottlerocket release the AMI alias pins (`v1.68.1`). */
  readonly bottlerocketVersion: string;
  /** Name of the IAM role the nodes get (Karpenter creates their instance profile). */
  readonly roleName: string;
  readonly subnetIds: readonly string[];
  readonly securityGroupIds: readonly string[];
  /** The pool's sizing (`lib/sizing.ts` `poolSizing`, for its smallest allowed instance). */
  readonly sizing: NodeSizing;
  readonly diskSizeGiB: number;
  /** Bottlerocket settings merged into the node's user data (`settings.kubernetes.*`). */
  readonly bottlerocketSettings: Readonly<Record<string, unknown>>;
  readonly tags: Readonly<Record<string, string>>;
}

/** Bottlerocket's OS volume: what Karpenter's Bottlerocket default gives it (4 GiB). */
export const BOTTLEROCKET_OS_VOLUME = "4Gi";

/** The AMI alias for a pinned Bottlerocket release. */
export function bottlerocketAlias(version: string): string {
  return `bottlerocket@${version}`;
}

/**
 * An EC2NodeClass: Bottlerocket pinned by version; subnets and security groups by ID (no tag
 * discovery, so a tag on someone else's subnet never moves nodes there); IMDSv2 only, with a hop
 * limit of 1 so pods cannot reach the node's credentials; both Bottlerocket volumes gp3 and
 * encrypted; and the kubelet sized as the managed node groups are (max pods, kube-reserved,
 * eviction threshold).
 */
export function ec2NodeClassManifest(input: NodeClassInput) {
  return {
    apiVersion: NODE_CLASS_API_VERSION,
    kind: "EC2NodeClass",
    metadata: { name: input.name, labels: { "app.kubernetes.io/managed-by": "pulumi" } },
    spec: {
      amiSelectorTerms: [{ alias: bottlerocketAlias(input.bottlerocketVersion) }],
      role: input.roleName,
      subnetSelectorTerms: input.subnetIds.map((id) => ({ id })),
      securityGroupSelectorTerms: input.securityGroupIds.map((id) => ({ id })),
      metadataOptions: {
        httpEndpoint: "enabled",
        httpProtocolIPv6: "disabled",
        httpPutResponseHopLimit: 1,
        httpTokens: "required",
      },
      blockDeviceMappings: [
        {
          // Bottlerocket's OS volume.
          deviceName: "/dev/xvda",
          ebs: {
            volumeSize: BOTTLEROCKET_OS_VOLUME,
            volumeType: "gp3",
            encrypted: true,
            deleteOnTermination: true,
          },
        },
        {
          // Its data volume: images, container logs, emptyDirs.
          deviceName: "/dev/xvdb",
          ebs: {
            volumeSize: `${input.diskSizeGiB}Gi`,
            volumeType: "gp3",
            encrypted: true,
            deleteOnTermination: true,
          },
        },
      ],
      kubelet: {
        maxPods: input.sizing.maxPods,
        kubeReserved: {
          cpu: `${input.sizing.kubeReservedCpuMillicores}m`,
          memory: `${input.sizing.kubeReservedMemoryMiB}Mi`,
          "ephemeral-storage": KUBE_RESERVED_EPHEMERAL_STORAGE,
        },
        evictionHard: { "memory.available": `${input.sizing.evictionHardMemoryMiB}Mi` },
      },
      userData: bottlerocketToml(input.bottlerocketSettings),
      tags: { ...input.tags },
    },
  };
}

/**
 * Bottlerocket settings as the TOML Bottlerocket reads from user data. Karpenter merges its own
 * settings (cluster, kubelet) into it; only tables of strings, numbers and booleans are needed.
 */
export function bottlerocketToml(settings: Readonly<Record<string, unknown>>): string {
  const lines: string[] = [];
  const table = (path: string[], value: Readonly<Record<string, unknown>>) => {
    const scalars = Object.entries(value).filter(([, v]) => v === null || typeof v !== "object");
    if (scalars.length > 0) {
      lines.push(`[${path.join(".")}]`);
      for (const [key, v] of scalars) {
        if (typeof v !== "string" && typeof v !== "number" && typeof v !== "boolean") {
          throw new RangeError(
            `Bottlerocket setting ${[...path, key].join(".")} must be a string, number or boolean`,
          );
        }
        lines.push(`${/^[A-Za-z0-9_-]+$/.test(key) ? key : JSON.stringify(key)} = ${JSON.stringify(v)}`);
      }
    }
    for (const [key, v] of Object.entries(value)) {
      if (v !== null && typeof v === "object") table([...path, key], v as Record<string, unknown>);
    }
  };
  table([], settings);
  return `${lines.join("\n")}\n`;
}

/** Everything a NodePool is made of. */
export interface NodePoolInput {
  readonly pool: KarpenterPool;
  /** The EC2NodeClass it launches from. */
  readonly nodeClassName: string;
  /** The node labels (`game-infra/pool: <name>` and the pool's own). */
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: readonly NodeTaint[];
  readonly architecture: Architecture;
  /** The tier's working hours: no consolidation or drift replacement then. */
  readonly workingHours: WorkingHours;
}

/** Disruption reasons held back during working hours: both replace nodes that still run game servers. */
export const WORKING_HOURS_QUIET_REASONS = ["Underutilized", "Drifted"] as const;

/**
 * The pool's disruption budgets: at most `disruptionBudget` nodes at a time, and none for
 * consolidation of underused nodes or drift (a new AMI, a changed node class) during working hours.
 * Empty nodes may go at any time: nobody is using them.
 */
export function disruptionBudgets(pool: Pick<KarpenterPool, "disruptionBudget">, hours: WorkingHours) {
  const window = workingHoursWindow(hours);
  return [
    { nodes: pool.disruptionBudget },
    {
      nodes: "0",
      reasons: [...WORKING_HOURS_QUIET_REASONS],
      schedule: window.schedule,
      duration: window.duration,
    },
  ];
}

/** A NodePool for one pool: its requirements, labels and taints, limits and disruption rules. */
export function nodePoolManifest(input: NodePoolInput) {
  const { pool } = input;
  return {
    apiVersion: NODE_POOL_API_VERSION,
    kind: "NodePool",
    metadata: { name: pool.name, labels: { "app.kubernetes.io/managed-by": "pulumi" } },
    spec: {
      template: {
        metadata: { labels: { ...input.labels } },
        spec: {
          nodeClassRef: { group: NODE_CLASS_GROUP, kind: "EC2NodeClass", name: input.nodeClassName },
          requirements: [
            { key: "karpenter.k8s.aws/instance-family", operator: "In", values: [...pool.instanceFamilies] },
            { key: "karpenter.k8s.aws/instance-size", operator: "In", values: [...pool.instanceSizes] },
            { key: "karpenter.sh/capacity-type", operator: "In", values: [...pool.capacityTypes] },
            { key: "kubernetes.io/arch", operator: "In", values: [kubernetesArch(input.architecture)] },
            { key: "kubernetes.io/os", operator: "In", values: ["linux"] },
          ],
          taints: input.taints.map((t) => ({ ...t })),
          expireAfter: pool.expireAfter,
        },
      },
      limits: { cpu: pool.limits.cpu, memory: pool.limits.memory },
      disruption: {
        consolidationPolicy: "WhenEmptyOrUnderutilized",
        consolidateAfter: pool.consolidateAfter,
        budgets: disruptionBudgets(pool, input.workingHours),
      },
    },
  };
}

/** What the controller's chart needs to know; `A` is the role ARN's type (a string, or a value Pulumi resolves later). */
export interface ControllerValuesInput<A = string> {
  readonly clusterName: string;
  /** The stack's region, given to the controller so it never depends on reaching the node's metadata. */
  readonly region: string;
  readonly interruptionQueue: string;
  readonly roleArn: A;
  /** The system pool's node selector: the controller runs on nodes it does not manage. */
  readonly nodeSelector: Readonly<Record<string, string>>;
  /** The system pool's tolerations plus the stack's grace tolerations. */
  readonly tolerations: readonly Toleration[];
}

/** The chart's `CriticalAddonsOnly` toleration, kept because our list replaces the chart's. */
export const CRITICAL_ADDONS_TOLERATION: Toleration = {
  key: "CriticalAddonsOnly",
  operator: "Exists",
  effect: "NoSchedule",
};

/**
 * Values of the `karpenter` chart (every key is one of `upstream/karpenter/values.yaml`): two
 * replicas with the chart's PDB, on the system pool with the grace tolerations, IRSA, the cluster
 * and the interruption queue. The chart's own affinity (no node Karpenter launched, one replica per
 * node) and zone spread stay.
 */
export function karpenterControllerValues<A>(input: ControllerValuesInput<A>) {
  return {
    serviceAccount: {
      create: true,
      name: KARPENTER_SERVICE_ACCOUNT,
      annotations: { "eks.amazonaws.com/role-arn": input.roleArn },
    },
    replicas: 2,
    podDisruptionBudget: { name: KARPENTER_RELEASE, maxUnavailable: 1 },
    nodeSelector: { ...input.nodeSelector },
    tolerations: [{ ...CRITICAL_ADDONS_TOLERATION }, ...input.tolerations.map((t) => ({ ...t }))],
    controller: {
      env: [{ name: "AWS_REGION", value: input.region }],
      resources: {
        requests: { ...KARPENTER_CONTROLLER_RESOURCES.requests },
        limits: { ...KARPENTER_CONTROLLER_RESOURCES.limits },
      },
    },
    settings: { clusterName: input.clusterName, interruptionQueue: input.interruptionQueue },
  };
}

/** Requests a node pays before any environment's pod fits (DaemonSets). */
export interface PerNodeRequests {
  readonly cpuMillicores: number;
  readonly memoryMiB: number;
}

/** What one node of an instance type leaves for environments' pods. */
export interface NodeRoom {
  readonly instanceType: string;
  readonly cpuMillicores: number;
  readonly memoryMiB: number;
}

/**
 * Room on one node of `instanceType` in a pool whose kubelet is sized by `sizing`: capacity minus
 * the kubelet's reservation and eviction threshold, minus the memory Karpenter sets aside as VM
 * overhead, minus the DaemonSets' requests.
 */
export function nodeRoom(instanceType: string, sizing: NodeSizing, daemonSets: PerNodeRequests): NodeRoom {
  const spec = instanceTypeSpec(instanceType);
  return {
    instanceType,
    cpuMillicores: spec.vcpus * 1000 - sizing.kubeReservedCpuMillicores - daemonSets.cpuMillicores,
    memoryMiB:
      Math.floor(spec.memoryMiB * (1 - KARPENTER_VM_MEMORY_OVERHEAD)) -
      sizing.kubeReservedMemoryMiB -
      sizing.evictionHardMemoryMiB -
      daemonSets.memoryMiB,
  };
}

/** A pool's limits in millicores and MiB. */
export function poolLimits(pool: Pick<KarpenterPool, "limits">): {
  cpuMillicores: number;
  memoryMiB: number;
} {
  const cpu = parseCpu(pool.limits.cpu);
  const bytes = parseBytes(pool.limits.memory);
  if (cpu === undefined) throw new RangeError(`limits.cpu "${pool.limits.cpu}" is not a CPU quantity`);
  if (bytes === undefined)
    throw new RangeError(`limits.memory "${pool.limits.memory}" is not a memory quantity`);
  return { cpuMillicores: cpu, memoryMiB: Math.floor(bytes / 2 ** 20) };
}

/**
 * The most nodes the pool's limits allow: Karpenter counts each node's capacity (vCPUs, and memory
 * less its VM overhead) against `limits`, and the smallest allowed instance type gives the most nodes.
 */
export function nodesAtLimit(
  pool: Pick<KarpenterPool, "limits" | "instanceFamilies" | "instanceSizes">,
): number {
  const limits = poolLimits(pool);
  return Math.max(
    ...instanceTypesOf(pool).map((t) => {
      const spec = instanceTypeSpec(t);
      const memory = Math.floor(spec.memoryMiB * (1 - KARPENTER_VM_MEMORY_OVERHEAD));
      return Math.floor(Math.min(limits.cpuMillicores / (spec.vcpus * 1000), limits.memoryMiB / memory));
    }),
  );
}

/**
 * What environments can request on the pool at its limits, conservatively: as many nodes of the
 * smallest allowed type as the limits allow, each with {@link nodeRoom} left (the pool's kubelet
 * reservation and eviction threshold, Karpenter's VM memory overhead and the DaemonSets' requests
 * taken off every node). Larger allowed types would leave more; the registry may count on this.
 */
export function poolCapacity(
  pool: Pick<KarpenterPool, "limits" | "instanceFamilies" | "instanceSizes">,
  daemonSets: PerNodeRequests,
): { cpu: string; memory: string; nodes: number; cpuMillicores: number; memoryMiB: number } {
  const types = instanceTypesOf(pool);
  const sizing = poolSizing(types);
  const nodes = nodesAtLimit(pool);
  const rooms = types.map((t) => nodeRoom(t, sizing, daemonSets));
  const cpuMillicores = nodes * Math.min(...rooms.map((r) => r.cpuMillicores));
  const memoryMiB = nodes * Math.min(...rooms.map((r) => r.memoryMiB));
  return {
    cpu: formatCpu(Math.max(0, cpuMillicores)),
    memory: formatBytes(Math.max(0, memoryMiB) * 2 ** 20),
    nodes,
    cpuMillicores: Math.max(0, cpuMillicores),
    memoryMiB: Math.max(0, memoryMiB),
  };
}

/** One problem with a pool, by field (relative to the pool). */
export interface PoolProblem {
  readonly field: string;
  readonly message: string;
}

/** A pod the pool must be able to hold (a server of the tier's environments). */
export interface PodRequest {
  readonly name: string;
  readonly cpuMillicores: number;
  readonly memoryMiB: number;
}

/**
 * The sizing guidance as rules (EKS-NOTES.md "Node sizing"): every allowed type must still fit each
 * pod an environment runs after the kubelet's reservations and the DaemonSets (not too small for
 * the DaemonSets), and no allowed type may be more than a third of the pool's limits, so the pool at
 * full size is at least three nodes and one node failing takes a third of the environments down at
 * worst (not too big).
 */
export function poolSizingProblems(
  pool: Pick<KarpenterPool, "limits" | "instanceFamilies" | "instanceSizes">,
  daemonSets: PerNodeRequests,
  pods: readonly PodRequest[],
): PoolProblem[] {
  const problems: PoolProblem[] = [];
  const types = instanceTypesOf(pool);
  const sizing = poolSizing(types);
  for (const room of types.map((t) => nodeRoom(t, sizing, daemonSets))) {
    const misfit = pods.find((p) => room.cpuMillicores < p.cpuMillicores || room.memoryMiB < p.memoryMiB);
    if (misfit) {
      problems.push({
        field: "instanceSizes",
        message:
          `${room.instanceType} leaves ${formatCpu(room.cpuMillicores)} CPU and ${room.memoryMiB} MiB after the kubelet's ` +
          `reservations and the DaemonSets, less than an environment's ${misfit.name} pod requests ` +
          `(${formatCpu(misfit.cpuMillicores)} CPU, ${misfit.memoryMiB} MiB): too small for this pool`,
      });
    }
  }
  const limits = poolLimits(pool);
  for (const type of types) {
    const spec = instanceTypeSpec(type);
    if (spec.vcpus * 1000 * 3 > limits.cpuMillicores || spec.memoryMiB * 3 > limits.memoryMiB) {
      problems.push({
        field: "instanceSizes",
        message:
          `${type} (${spec.vcpus} vCPU, ${spec.memoryMiB / 1024} GiB) is more than a third of the pool's limits ` +
          `(${formatCpu(limits.cpuMillicores)} CPU, ${formatBytes(limits.memoryMiB * 2 ** 20)}): at full size the pool would be ` +
          `fewer than three nodes, so one node would take a third or more of the environments down; raise limits or allow smaller sizes`,
      });
    }
  }
  return problems;
}
