/**
 * The cost model's resource readers and pricers against hand-worked figures: what workloads request
 * and which volumes they claim (lib/cost/workloads.ts), the game pool's basis and an environment's
 * share of it (lib/cost/pool.ts), an environment's monthly cost (lib/cost/environment.ts) and the
 * platform stack's parts (lib/cost/platform.ts), every line with its label and detail text.
 * Prices are the round figures of test/support/cost-table.ts, not AWS's.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  awakeFromPlan,
  environmentCost,
  footprintFromConfig,
  footprintFromPlan,
  footprintOfEnvironment,
  SLEEP_INFO,
  volumesMonthly,
} from "../lib/cost/environment";
import { cents, type Money } from "../lib/cost/money";
import { albCount, DEFAULT_ALB_LCUS, platformCost, type CostPlan } from "../lib/cost/platform";
import {
  karpenterRoom,
  nodeHour,
  poolBasisFromConfig,
  poolBasisFromPlan,
  poolShare,
  type GamePoolBasis,
} from "../lib/cost/pool";
import type { PriceTable } from "../lib/cost/prices";
import {
  array,
  claimedVolumes,
  num,
  object,
  podRequests,
  str,
  totalRequests,
  workloadPods,
  type CostResource,
} from "../lib/cost/workloads";
import { testPrices, unknown, usd } from "./support/cost-table";

const res = (type: string, name: string, inputs: Record<string, unknown>): CostResource => ({
  type,
  name,
  inputs,
});
const money = (value: number, unknownParts: string[] = [], secondary = false): Money => ({
  usd: value,
  unknown: unknownParts,
  secondary,
});
const container = (cpu: unknown, memory: unknown) => ({ resources: { requests: { cpu, memory } } });

/** Prices that are exact in binary, so amounts compare exactly: m6i.xlarge $0.50 an hour, gp3 $0.25. */
const exact = (spotDiscount = unknown()): PriceTable =>
  testPrices({
    ec2: {
      onDemandHour: {
        "m6i.xlarge": usd(0.5),
        "m5.xlarge": usd(0.5),
        "m6i.2xlarge": usd(1),
        "m6a.xlarge": unknown(),
      },
      spotDiscount,
    },
    ebs: { gp3GbMonth: usd(0.25) },
  });

describe("what workloads request", () => {
  it("counts a pod as the larger of its containers' sum and its largest init container, per resource", () => {
    assert.deepEqual(
      podRequests({
        containers: [container("100m", "128Mi"), container("250m", "64Mi")],
        initContainers: [container("500m", "32Mi"), container("200m", "160Mi")],
      }),
      { cpuMillicores: 500, memoryMiB: 192 },
    );
    assert.deepEqual(podRequests({ containers: [container(1, "1Gi"), container("1.5", 2097152)] }), {
      cpuMillicores: 2500,
      memoryMiB: 1026,
    });
    assert.deepEqual(podRequests({ containers: [container("lots", "much"), container(true, null), {}] }), {
      cpuMillicores: 0,
      memoryMiB: 0,
    });
    assert.deepEqual(podRequests(undefined), { cpuMillicores: 0, memoryMiB: 0 });
    // A list is not a quantity, even one whose text would read as one.
    assert.deepEqual(podRequests({ containers: [container(["2"], ["1Gi"])] }), {
      cpuMillicores: 0,
      memoryMiB: 0,
    });
  });

  it("reads Deployments and StatefulSets at their replicas, else their autoscaler's minimum, else 1", () => {
    const template = (extra: Record<string, unknown> = {}) => ({
      spec: { containers: [container("100m", "100Mi")], ...extra },
    });
    const resources = [
      res("kubernetes:apps/v1:Deployment", "web-r", {
        metadata: { name: "web", namespace: "ns" },
        spec: { replicas: 3, template: template({ nodeSelector: { pool: "game", n: 1 } }) },
      }),
      res("kubernetes:apps/v1:Deployment", "api-r", {
        metadata: { name: "api", namespace: "ns" },
        spec: { template: template() },
      }),
      res("kubernetes:apps/v1:StatefulSet", "db-r", { spec: { template: template() } }),
      res("kubernetes:apps/v1:Deployment", "lone", { metadata: { name: "lone", namespace: "ns" }, spec: {} }),
      res("kubernetes:batch/v1:Job", "job", { spec: { template: template() } }),
      res("kubernetes:autoscaling/v2:HorizontalPodAutoscaler", "api-hpa", {
        metadata: { namespace: "ns" },
        spec: { scaleTargetRef: { kind: "Deployment", name: "api" }, minReplicas: 4 },
      }),
      res("kubernetes:autoscaling/v2:HorizontalPodAutoscaler", "db-hpa", {
        spec: { scaleTargetRef: { kind: "StatefulSet", name: "db-r" }, minReplicas: 2 },
      }),
      res("kubernetes:autoscaling/v2:HorizontalPodAutoscaler", "lone-hpa", {
        metadata: { namespace: "other" },
        spec: { scaleTargetRef: { kind: "Deployment", name: "lone" }, minReplicas: 5 },
      }),
      res("kubernetes:autoscaling/v2:HorizontalPodAutoscaler", "broken-hpa", {
        metadata: { namespace: "ns" },
        spec: { scaleTargetRef: { kind: "Deployment" }, minReplicas: 9 },
      }),
    ];
    const perPod = { cpuMillicores: 100, memoryMiB: 100 };
    const pods = workloadPods(resources);
    assert.deepEqual(pods, [
      {
        kind: "Deployment",
        name: "web",
        namespace: "ns",
        replicas: 3,
        perPod,
        nodeSelector: { pool: "game" },
      },
      { kind: "Deployment", name: "api", namespace: "ns", replicas: 4, perPod, nodeSelector: {} },
      { kind: "StatefulSet", name: "db-r", replicas: 2, perPod, nodeSelector: {} },
      {
        kind: "Deployment",
        name: "lone",
        namespace: "ns",
        replicas: 1,
        perPod: { cpuMillicores: 0, memoryMiB: 0 },
        nodeSelector: {},
      },
    ]);
    assert.deepEqual(totalRequests(pods), { cpuMillicores: 900, memoryMiB: 900 });
    assert.deepEqual(totalRequests([]), { cpuMillicores: 0, memoryMiB: 0 });
  });

  it("reads the volumes StatefulSets, claims, KafkaNodePools and the OpenSearch chart claim", () => {
    const resources = [
      res("kubernetes:apps/v1:StatefulSet", "cb-r", {
        metadata: { name: "couchbase" },
        spec: {
          replicas: 2,
          volumeClaimTemplates: [
            { spec: { resources: { requests: { storage: "20Gi" } }, storageClassName: "gp3" } },
            { spec: { resources: { requests: { storage: 1073741824 } } } },
          ],
        },
      }),
      res("kubernetes:apps/v1:StatefulSet", "plain", { spec: { volumeClaimTemplates: [{ spec: {} }] } }),
      res("kubernetes:core/v1:PersistentVolumeClaim", "pvc-r", {
        metadata: { name: "data" },
        spec: { resources: { requests: { storage: "5Gi" } }, storageClassName: "io2" },
      }),
      res("kubernetes:core/v1:PersistentVolumeClaim", "pvc-unnamed", {
        spec: { resources: { requests: { storage: "512Mi" } }, storageClassName: "" },
      }),
      res("kubernetes:kafka.strimzi.io/v1:KafkaNodePool", "brokers", {
        spec: {
          replicas: 3,
          storage: {
            type: "jbod",
            volumes: [
              { id: 0, type: "persistent-claim", size: "10Gi", class: "gp3" },
              { id: 1, type: "ephemeral", size: "1Gi" },
            ],
          },
        },
      }),
      res("kubernetes:kafka.strimzi.io/v1:KafkaNodePool", "controllers", {
        spec: { storage: { type: "persistent-claim", size: "2Gi" } },
      }),
      res("kubernetes:kafka.strimzi.io/v1:KafkaNodePool", "scratch", {
        spec: { storage: { type: "ephemeral" } },
      }),
      res("kubernetes:helm.sh/v3:Release", "os", {
        chart: "opensearch",
        values: { clusterName: "logs", replicas: 2, persistence: { size: "30Gi", storageClass: "gp3" } },
      }),
      res("kubernetes:helm.sh/v3:Release", "os2", {
        chart: "opensearch",
        values: { persistence: { size: "8Gi" } },
      }),
      res("kubernetes:helm.sh/v3:Release", "os3", {
        chart: "opensearch",
        values: { persistence: { enabled: false, size: "8Gi" } },
      }),
      res("kubernetes:helm.sh/v3:Release", "os4", { chart: "opensearch", values: { persistence: {} } }),
      res("kubernetes:core/v1:PersistentVolumeClaim", "listed", {
        spec: { resources: { requests: { storage: ["1Gi"] } } },
      }),
      res("kubernetes:helm.sh/v3:Release", "dash", {
        chart: "opensearch-dashboards",
        values: { persistence: { size: "1Gi" } },
      }),
    ];
    assert.deepEqual(claimedVolumes(resources), [
      { owner: "StatefulSet couchbase", count: 2, sizeGiB: 20, storageClass: "gp3" },
      { owner: "StatefulSet couchbase", count: 2, sizeGiB: 1 },
      { owner: "StatefulSet plain", count: 1, sizeGiB: 0 },
      { owner: "PersistentVolumeClaim data", count: 1, sizeGiB: 5, storageClass: "io2" },
      { owner: "PersistentVolumeClaim pvc-unnamed", count: 1, sizeGiB: 0.5 },
      { owner: "KafkaNodePool brokers", count: 3, sizeGiB: 10, storageClass: "gp3" },
      { owner: "KafkaNodePool controllers", count: 1, sizeGiB: 2 },
      { owner: "OpenSearch logs", count: 2, sizeGiB: 30, storageClass: "gp3" },
      { owner: "OpenSearch os2", count: 1, sizeGiB: 8 },
      { owner: "PersistentVolumeClaim listed", count: 1, sizeGiB: 0 },
    ]);
  });

  it("reads plan values defensively: objects, arrays, strings and finite numbers or nothing", () => {
    assert.deepEqual(object([1]), {});
    assert.deepEqual(object(null), {});
    assert.deepEqual(object("x"), {});
    assert.deepEqual(object({ a: 1 }), { a: 1 });
    assert.deepEqual(array({ length: 1 }), []);
    assert.deepEqual(array([1]), [1]);
    assert.equal(str(1), undefined);
    assert.equal(str(""), "");
    assert.equal(num("1"), undefined);
    assert.equal(num(Number.NaN), undefined);
    assert.equal(num(Number.POSITIVE_INFINITY), undefined);
    assert.equal(num(0), 0);
  });
});

describe("the game pool's basis", () => {
  const nodePool = (pool: string, requirements: unknown[], classRef = "game") =>
    res("kubernetes:karpenter.sh/v1:NodePool", `${pool}-pool`, {
      spec: {
        template: {
          metadata: { labels: { "game-infra/pool": pool } },
          spec: { requirements, nodeClassRef: { name: classRef } },
        },
      },
    });
  const requirements = [
    { key: "karpenter.k8s.aws/instance-family", operator: "In", values: ["m6i", "m5", 7] },
    { key: "karpenter.k8s.aws/instance-size", operator: "NotIn", values: ["large"] },
    { key: "karpenter.k8s.aws/instance-size", operator: "In", values: ["xlarge"] },
    { key: "karpenter.sh/capacity-type", operator: "In", values: ["spot", "on-demand"] },
  ];
  const nodeClass = res("kubernetes:karpenter.k8s.aws/v1:EC2NodeClass", "game-class", {
    metadata: { name: "game" },
    spec: {
      kubelet: {
        kubeReserved: { cpu: "80m", memory: "893Mi" },
        evictionHard: { "memory.available": "100Mi" },
      },
      blockDeviceMappings: [{ ebs: { volumeSize: "4Gi" } }, { ebs: { volumeSize: "50Gi" } }],
    },
  });
  const outputs = { logging: { collectorRequestsPerNode: { cpu: "50m", memory: "64Mi" } } };
  // 4 vCPU, 16384 MiB: 4000 - 80 - 50 m; floor(16384 × 0.925) = 15155, less 893 + 100 + 64 MiB.
  const room = { cpuMillicores: 3870, memoryMiB: 14098 };

  it("counts a node's room as capacity less reservations, eviction, VM overhead and per-node DaemonSets", () => {
    assert.deepEqual(
      karpenterRoom(
        "m6i.large",
        { kubeReservedCpuMillicores: 100, kubeReservedMemoryMiB: 500, evictionHardMemoryMiB: 100 },
        { cpuMillicores: 50, memoryMiB: 64 },
      ),
      // 2000 - 100 - 50 m; floor(8192 × 0.925) = 7577, less 500 + 100 + 64 MiB.
      { cpuMillicores: 1850, memoryMiB: 6913 },
    );
  });

  it("reads the pool's allowed types, capacity, kubelet reservation, volumes and collector from a plan", () => {
    // A resource of another type with the class's name is not the class.
    const decoy = res("kubernetes:core/v1:ConfigMap", "game", { metadata: { name: "game" }, spec: {} });
    assert.deepEqual(
      poolBasisFromPlan([nodePool("system", []), nodePool("game", requirements), decoy, nodeClass], outputs),
      {
        capacity: "spot",
        options: [
          { instanceType: "m5.xlarge", room, volumeGiB: 54 },
          { instanceType: "m6i.xlarge", room, volumeGiB: 54 },
        ],
      },
    );
  });

  it("prices a pool without spot as on-demand, and counts what the plan leaves out as zero", () => {
    const onDemand = [requirements[0]!, requirements[2]!, { ...requirements[3]!, values: ["on-demand"] }];
    const bare = res("kubernetes:karpenter.k8s.aws/v1:EC2NodeClass", "bare", {
      metadata: { name: "game" },
      spec: {},
    });
    assert.deepEqual(poolBasisFromPlan([nodePool("game", onDemand), bare], {}), {
      capacity: "on-demand",
      options: [
        { instanceType: "m5.xlarge", room: { cpuMillicores: 4000, memoryMiB: 15155 }, volumeGiB: 0 },
        { instanceType: "m6i.xlarge", room: { cpuMillicores: 4000, memoryMiB: 15155 }, volumeGiB: 0 },
      ],
    });
  });

  it("finds the pool named, and says what is missing", () => {
    assert.equal(
      poolBasisFromPlan([nodePool("game", requirements), nodeClass], outputs, "batch"),
      'the plan has no Karpenter NodePool for the "batch" pool',
    );
    assert.equal(
      poolBasisFromPlan([nodePool("game", requirements, "other"), nodeClass], outputs),
      'the plan has no EC2NodeClass "other" for the "game" pool',
    );
    assert.equal(
      poolBasisFromPlan([nodePool("game", requirements.slice(1)), nodeClass], outputs),
      'the "game" NodePool names no instance families and sizes',
    );
    const unknownType = [{ ...requirements[0]!, values: ["m9", "m6i"] }, requirements[2]!];
    assert.equal(
      poolBasisFromPlan([nodePool("game", unknownType), nodeClass], outputs),
      'the "game" NodePool allows types lib/instance-types.ts does not know: m9.xlarge',
    );
  });

  it("builds the same basis from the resolved config, types sorted, OS volume plus data disk", () => {
    assert.deepEqual(
      poolBasisFromConfig(
        {
          name: "game",
          provisioner: "karpenter",
          instanceTypes: ["m6i.xlarge", "m5.xlarge"],
          capacityTypes: ["on-demand"],
          diskSizeGiB: 50,
        },
        { kubeReservedCpuMillicores: 80, kubeReservedMemoryMiB: 893, evictionHardMemoryMiB: 100 },
        4,
        { cpuMillicores: 50, memoryMiB: 64 },
      ),
      {
        capacity: "on-demand",
        options: [
          { instanceType: "m5.xlarge", room, volumeGiB: 54 },
          { instanceType: "m6i.xlarge", room, volumeGiB: 54 },
        ],
      },
    );
    assert.equal(
      poolBasisFromConfig(
        {
          name: "g",
          provisioner: "karpenter",
          instanceTypes: [],
          capacityTypes: ["on-demand", "spot"],
          diskSizeGiB: 1,
        },
        { kubeReservedCpuMillicores: 0, kubeReservedMemoryMiB: 0, evictionHardMemoryMiB: 0 },
        4,
        { cpuMillicores: 0, memoryMiB: 0 },
      ).capacity,
      "spot",
    );
  });
});

describe("a node-hour and a share of the pool", () => {
  it("prices a node-hour as the instance plus its volumes' hour of gp3, spot less the known discount", () => {
    // $0.50 + 730 GiB × $0.25 / 730 h.
    assert.deepEqual(nodeHour("m6i.xlarge", "on-demand", 730, exact()), money(0.75));
    assert.deepEqual(nodeHour("m6i.xlarge", "spot", 730, exact()), money(0.75));
    assert.deepEqual(nodeHour("m6i.xlarge", "spot", 730, exact(usd(0.5))), money(0.5));
    assert.deepEqual(nodeHour("m6i.xlarge", "on-demand", 730, exact(usd(0.5))), money(0.75));
    assert.deepEqual(nodeHour("m6i.xlarge", "on-demand", 0, exact()), money(0.5));
    assert.deepEqual(
      nodeHour("m6a.xlarge", "on-demand", 0, exact()),
      money(0, ["ec2.onDemandHour.m6a.xlarge"]),
    );
    assert.deepEqual(
      nodeHour("c7g.large", "on-demand", 730, exact()),
      money(0.25, ["ec2.onDemandHour.c7g.large (not in the table)"]),
    );
  });

  const option = (instanceType: string, cpuMillicores = 4000, memoryMiB = 16000) => ({
    instanceType,
    room: { cpuMillicores, memoryMiB },
    volumeGiB: 0,
  });

  it("takes the larger of the CPU and memory fractions, at the node-hour price, for the hours given", () => {
    const basis: GamePoolBasis = { capacity: "on-demand", options: [option("m6i.xlarge")] };
    // Memory-bound: 8000 / 16000 = 0.5 of a node (CPU 0.25), × $0.50 × 730 h.
    assert.deepEqual(poolShare({ cpuMillicores: 1000, memoryMiB: 8000 }, 730, basis, exact()), {
      monthly: money(182.5),
      instanceType: "m6i.xlarge",
      nodes: 0.5,
      notes: [],
    });
    // CPU-bound: 3000 / 4000 = 0.75 (memory 0.0625), × $0.50 × 100 h.
    assert.deepEqual(poolShare({ cpuMillicores: 3000, memoryMiB: 1000 }, 100, basis, exact()), {
      monthly: money(37.5),
      instanceType: "m6i.xlarge",
      nodes: 0.75,
      notes: [],
    });
  });

  it("is nothing for no requests, and only CPU or only memory is still a share", () => {
    const basis: GamePoolBasis = { capacity: "spot", options: [option("m6i.xlarge")] };
    assert.deepEqual(poolShare({ cpuMillicores: 0, memoryMiB: 0 }, 730, basis, exact()), {
      monthly: money(0),
      nodes: 0,
      notes: [],
    });
    assert.equal(poolShare({ cpuMillicores: 0, memoryMiB: 4000 }, 730, basis, exact(usd(0.5))).nodes, 0.25);
    assert.equal(poolShare({ cpuMillicores: 1000, memoryMiB: 0 }, 730, basis, exact(usd(0.5))).nodes, 0.25);
  });

  it("notes spot priced at on-demand when the discount is unknown", () => {
    const basis: GamePoolBasis = { capacity: "spot", options: [option("m6i.xlarge")] };
    assert.deepEqual(poolShare({ cpuMillicores: 2000, memoryMiB: 0 }, 730, basis, exact()), {
      monthly: money(182.5),
      instanceType: "m6i.xlarge",
      nodes: 0.5,
      notes: ["spot capacity priced at the on-demand rate (spot discount unknown): a ceiling"],
    });
    assert.deepEqual(poolShare({ cpuMillicores: 2000, memoryMiB: 0 }, 730, basis, exact(usd(0.5))).notes, []);
  });

  it("takes the cheapest priced type, the first of equals, naming the types with no price", () => {
    const basis: GamePoolBasis = {
      capacity: "on-demand",
      options: [
        option("m6a.xlarge"),
        option("m6i.2xlarge", 8000, 32000),
        option("c7g.large"),
        option("m6i.xlarge"),
      ],
    };
    // m6i.2xlarge: 0.25 node × $1 = $0.25 an hour; m6i.xlarge: 0.5 × $0.50 = $0.25: the first wins.
    assert.deepEqual(poolShare({ cpuMillicores: 2000, memoryMiB: 0 }, 730, basis, exact()), {
      monthly: money(182.5),
      instanceType: "m6i.2xlarge",
      nodes: 0.25,
      notes: ["priced on the cheapest priced type; m6a.xlarge, c7g.large have no price in the table"],
    });
    const cheaperLater: GamePoolBasis = {
      capacity: "on-demand",
      options: [option("m6i.2xlarge"), option("m5.xlarge")],
    };
    assert.equal(
      poolShare({ cpuMillicores: 2000, memoryMiB: 0 }, 730, cheaperLater, exact()).instanceType,
      "m5.xlarge",
    );
  });

  it("is unknown, naming every allowed type, when none has a price", () => {
    const basis: GamePoolBasis = {
      capacity: "spot",
      options: [option("m6a.xlarge"), option("c7g.large", 2000, 4000)],
    };
    assert.deepEqual(poolShare({ cpuMillicores: 1000, memoryMiB: 1000 }, 730, basis, exact()), {
      monthly: money(0, ["ec2.onDemandHour.c7g.large", "ec2.onDemandHour.m6a.xlarge"]),
      nodes: 0.25,
      notes: ["spot capacity priced at the on-demand rate (spot discount unknown): a ceiling"],
    });
  });
});

describe("an environment's monthly cost", () => {
  const basis: GamePoolBasis = {
    capacity: "on-demand",
    options: [{ instanceType: "m6i.xlarge", room: { cpuMillicores: 4000, memoryMiB: 16000 }, volumeGiB: 0 }],
  };
  const footprint = {
    requests: { cpuMillicores: 2000, memoryMiB: 4000 },
    pods: 3,
    volumes: [{ owner: "StatefulSet couchbase", count: 2, sizeGiB: 10, storageClass: "gp3" }],
  };

  it("pays the node share for the hours awake and the volumes for every hour", () => {
    const monday = { weekdays: [1], wakeUpAt: 480, sleepAt: 1200, timeZone: "UTC" };
    // Half a $0.50 node: $182.50 always on; 12 h a week = 12 × 730 / 168 h a month awake.
    // Volumes: 2 × 10 GiB × $0.25 = $5.
    const hours = (12 * 730) / 168;
    assert.deepEqual(environmentCost(footprint, monday, basis, exact()), {
      footprint,
      awake: monday,
      awakeHours: hours,
      instanceType: "m6i.xlarge",
      nodes: 0.5,
      alwaysOn: { nodes: money(182.5), volumes: money(5), total: money(187.5) },
      scheduled: { nodes: money(hours / 4), volumes: money(5), total: money(hours / 4 + 5) },
      notes: [],
    });
  });

  it("carries the pool's and the volumes' notes, and has no instance type when nothing is priced", () => {
    const unpriced: GamePoolBasis = {
      capacity: "spot",
      options: [
        { instanceType: "m6a.xlarge", room: { cpuMillicores: 4000, memoryMiB: 16000 }, volumeGiB: 0 },
      ],
    };
    const withIo2 = {
      ...footprint,
      volumes: [{ owner: "PersistentVolumeClaim fast", count: 1, sizeGiB: 4, storageClass: "io2" }],
    };
    const cost = environmentCost(withIo2, "always", unpriced, exact());
    assert.equal("instanceType" in cost, false);
    assert.equal(cost.awakeHours, 730);
    assert.deepEqual(cost.notes, [
      "spot capacity priced at the on-demand rate (spot discount unknown): a ceiling",
      'PersistentVolumeClaim fast: storage class "io2" has no price in the table',
    ]);
    assert.deepEqual(cost.alwaysOn.total, money(0, ["ec2.onDemandHour.m6a.xlarge", "storage class io2"]));
  });

  it("prices gp3 and default-class volumes per GiB-month, and other classes as unknown", () => {
    assert.deepEqual(volumesMonthly([], exact()), { monthly: money(0), notes: [] });
    assert.deepEqual(
      volumesMonthly(
        [
          { owner: "A", count: 2, sizeGiB: 3 },
          { owner: "B", count: 1, sizeGiB: 4, storageClass: "gp3" },
          { owner: "C", count: 1, sizeGiB: 4, storageClass: "st1" },
        ],
        exact(),
      ),
      {
        monthly: money(2.5, ["storage class st1"]),
        notes: ['C: storage class "st1" has no price in the table'],
      },
    );
  });

  it("reads a footprint from an environment plan: requests at replicas, pod count, volumes", () => {
    const resources = [
      res("kubernetes:apps/v1:Deployment", "gs", {
        metadata: { name: "gameserver", namespace: "e" },
        spec: { replicas: 2, template: { spec: { containers: [container("250m", "512Mi")] } } },
      }),
      res("kubernetes:apps/v1:StatefulSet", "cb", {
        metadata: { name: "couchbase", namespace: "e" },
        spec: {
          template: { spec: { containers: [container("500m", "3Gi")] } },
          volumeClaimTemplates: [
            { spec: { resources: { requests: { storage: "20Gi" } }, storageClassName: "gp3" } },
          ],
        },
      }),
    ];
    assert.deepEqual(footprintFromPlan(resources), {
      requests: { cpuMillicores: 1000, memoryMiB: 4096 },
      pods: 3,
      volumes: [{ owner: "StatefulSet couchbase", count: 1, sizeGiB: 20, storageClass: "gp3" }],
    });
  });

  it("takes the schedule from a SleepInfo it can read, else the fallback with a note", () => {
    assert.equal(SLEEP_INFO, "kubernetes:kube-green.com/v1alpha1:SleepInfo");
    const sleep = (spec: Record<string, unknown>) => res(SLEEP_INFO, "env-sleep", { spec });
    assert.deepEqual(
      awakeFromPlan([sleep({ weekdays: "1-5", sleepAt: "18:00", wakeUpAt: "09:00" })], "always"),
      {
        awake: { weekdays: [1, 2, 3, 4, 5], wakeUpAt: 540, sleepAt: 1080, timeZone: "UTC" },
      },
    );
    assert.deepEqual(
      awakeFromPlan([sleep({ weekdays: "mon", sleepAt: "18:00", wakeUpAt: "09:00" })], "always"),
      {
        awake: "always",
        note: 'SleepInfo env-sleep not read (its spec.weekdays "mon" is not a list of weekday numbers such as 1-5); the default schedule is used',
      },
    );
  });

  it("reads a footprint from resolved config: the blue/green game server twice, init requests when larger, volumes", () => {
    const servers = {
      gameserver: { replicas: 2, cpu: "250m", memory: "512Mi" },
      league: { replicas: 1, cpu: "100m", memory: "256Mi" },
      couchbase: { replicas: 1, cpu: "10m", memory: "32Mi", storage: "20Gi" },
    };
    const init = {
      couchbase: { cpuMillicores: 50, memoryMiB: 64 },
      league: { cpuMillicores: 50, memoryMiB: 512 },
    };
    assert.deepEqual(footprintFromConfig({ deployment: "blueGreen", servers }, ["couchbase"], "10Gi", init), {
      // gameserver 2 × 2 × 250m/512Mi; league 100m/512Mi (init memory); couchbase 50m/64Mi (init).
      requests: { cpuMillicores: 1150, memoryMiB: 2624 },
      pods: 6,
      volumes: [{ owner: "StatefulSet couchbase", count: 1, sizeGiB: 20, storageClass: "gp3" }],
    });
    assert.deepEqual(
      footprintFromConfig(
        { deployment: "rolling", servers: { ...servers, couchbase: { replicas: 3, cpu: "x", memory: "y" } } },
        ["couchbase"],
        "10Gi",
      ),
      {
        requests: { cpuMillicores: 600, memoryMiB: 1280 },
        pods: 6,
        volumes: [{ owner: "StatefulSet couchbase", count: 3, sizeGiB: 10, storageClass: "gp3" }],
      },
    );
  });

  it("reads a footprint with the program's own roles: Couchbase keeps a 10Gi volume and has the seed container", () => {
    assert.deepEqual(
      footprintOfEnvironment({
        deployment: "rolling",
        servers: {
          gameserver: { replicas: 1, cpu: "250m", memory: "512Mi" },
          couchbase: { replicas: 1, cpu: "10m", memory: "32Mi" },
        },
      }),
      {
        // The seed init container (50m/64Mi) is larger than this Couchbase's requests.
        requests: { cpuMillicores: 300, memoryMiB: 576 },
        pods: 2,
        volumes: [{ owner: "StatefulSet couchbase", count: 1, sizeGiB: 10, storageClass: "gp3" }],
      },
    );
  });
});

describe("the platform stack's parts", () => {
  const ingress = (name: string, group?: string, cls = "alb") =>
    res("kubernetes:networking.k8s.io/v1:Ingress", name, {
      metadata: { annotations: group ? { "alb.ingress.kubernetes.io/group.name": group } : {} },
      spec: { ingressClassName: cls },
    });
  const nodeGroup = (name: string, inputs: Record<string, unknown>) =>
    res("eks:index:ManagedNodeGroup", name, inputs);
  const plan: CostPlan = {
    stack: "dev",
    resources: [
      res("eks:index:Cluster", "a", { version: "1.33" }),
      res("eks:index:Cluster", "b", { version: "1.34" }),
      res("eks:index:Cluster", "c", {}),
      res("eks:index:Cluster", "d", { version: "1.33" }),
      res("aws:ec2/natGateway:NatGateway", "nat-0", {}),
      res("aws:ec2/natGateway:NatGateway", "nat-1", {}),
      res("aws:ec2/eip:Eip", "nat-0", {}),
      res("aws:ec2/eip:Eip", "nat-1", {}),
      ingress("launcher", "a"),
      ingress("grafana", "b"),
      ingress("other", "a"),
      ingress("internal", "c", "nginx"),
      nodeGroup("system", {
        instanceTypes: ["m6i.large", "m6i.xlarge"],
        capacityType: "ON_DEMAND",
        diskSize: 40,
        scalingConfig: { desiredSize: 2 },
      }),
      nodeGroup("burst", {
        instanceTypes: ["m6i.xlarge"],
        capacityType: "SPOT",
        diskSize: 20,
        scalingConfig: { desiredSize: 1 },
        labels: { "game-infra/pool": "burst" },
      }),
      nodeGroup("game", {
        instanceTypes: ["m6i.2xlarge"],
        scalingConfig: { desiredSize: 5 },
        labels: { "game-infra/pool": "game" },
      }),
      nodeGroup("idle", { instanceTypes: ["m6i.large"], scalingConfig: { desiredSize: 0 } }),
      nodeGroup("typeless", { instanceTypes: [1], scalingConfig: { desiredSize: 3 } }),
      res("kubernetes:core/v1:PersistentVolumeClaim", "data", {
        metadata: { name: "data" },
        spec: { resources: { requests: { storage: "5Gi" } }, storageClassName: "io2" },
      }),
      res("kubernetes:helm.sh/v3:Release", "opensearch", {
        chart: "opensearch",
        values: { clusterName: "logs", replicas: 1, persistence: { size: "20Gi" } },
      }),
      res("kubernetes:kafka.strimzi.io/v1:KafkaNodePool", "brokers", {
        spec: { replicas: 3, storage: { type: "persistent-claim", size: "10Gi", class: "gp3" } },
      }),
      res("aws:rds/instance:Instance", "mysql", {
        engine: "mysql",
        instanceClass: "db.t4g.medium",
        multiAz: true,
        allocatedStorage: 100,
        storageType: "gp3",
      }),
      res("aws:elasticache/replicationGroup:ReplicationGroup", "redis", {
        engine: "Valkey",
        nodeType: "cache.t4g.small",
        numCacheClusters: 2,
      }),
    ],
    outputs: {
      publicSubnetIds: ["s1", "s2", "s3"],
      logging: { systemPoolNodes: 1 },
      environmentSettings: { ingressGroupName: "b" },
    },
  };
  const prices = testPrices({
    ec2: { ...testPrices().ec2, spotDiscount: usd(0.5) },
    natGateway: { hour: usd(0.05, "secondary"), perGb: usd(0.05) },
  });
  const lines = (p: CostPlan, table: PriceTable, lcus?: number) =>
    platformCost(p, table, lcus === undefined ? undefined : { albLcus: lcus }).lines.map((l) => ({
      id: l.id,
      label: l.label,
      detail: l.detail,
      usd: cents(l.monthly.usd),
      unknown: l.monthly.unknown,
      secondary: l.monthly.secondary,
    }));

  it("prices every part of a platform plan as worked out by hand, with its detail", () => {
    assert.deepEqual(lines(plan, prices, 3), [
      {
        id: "controlPlane",
        label: "EKS control plane",
        detail: "4 × $0.10/h (Kubernetes 1.33, 1.34, ?, standard support)",
        usd: 292, // 4 × $0.10 × 730
        unknown: [],
        secondary: false,
      },
      {
        id: "natGateways",
        label: "NAT gateways",
        detail: "2 × $0.05/h (data processed not included)",
        usd: 73, // 2 × $0.05 × 730
        unknown: [],
        secondary: true,
      },
      {
        id: "publicIpv4",
        label: "Public IPv4 addresses",
        detail: "8 × $0.005/h (2 Elastic IP, 2 ALB × 3 public subnets)",
        usd: 29.2, // (2 + 2 × 3) × $0.005 × 730
        unknown: [],
        secondary: false,
      },
      {
        id: "loadBalancer",
        label: "Shared ALB",
        detail: "2 × ($0.02/h + 3 LCU × $0.01/h)",
        usd: 73, // 2 × $0.02 × 730 + 2 × 3 × $0.01 × 730
        unknown: [],
        secondary: false,
      },
      {
        id: "systemNodes",
        label: "System nodes (add-ons, controllers, launcher)",
        detail:
          "2 × m6i.large on-demand + 40 GiB gp3; 1 × m6i.xlarge spot + 20 GiB gp3, less the log pipeline's share",
        // 2 × ($0.10 × 730 + 40 × $0.10) = 154; 1 × ($0.20 × 0.5 × 730 + 20 × $0.10) = 75; 229 × 2/3.
        usd: 152.67,
        unknown: [],
        secondary: false,
      },
      {
        id: "loggingNodes",
        label: "Log pipeline's share of system nodes",
        detail: "1 of 3 nodes' worth of requests (OpenSearch, Dashboards, Kafka)",
        usd: 76.33, // 229 × 1/3
        unknown: [],
        secondary: false,
      },
      {
        id: "logStorage",
        label: "Log storage (OpenSearch, Kafka volumes)",
        detail: "1 × 20 GiB OpenSearch logs; 3 × 10 GiB KafkaNodePool brokers",
        usd: 5, // 50 GiB × $0.10
        unknown: [],
        secondary: false,
      },
      {
        id: "volumes",
        label: "Other volumes",
        detail: "1 × 5 GiB PersistentVolumeClaim data",
        usd: 0,
        unknown: ["storage class io2"],
        secondary: false,
      },
      {
        id: "rds",
        label: "RDS MySQL",
        detail: "db.t4g.medium Multi-AZ + 100 GiB gp3 (allocated; autoscaling may add more)",
        usd: 122.2, // $0.14 × 730 + 100 × $0.20
        unknown: [],
        secondary: false,
      },
      {
        id: "elasticache",
        label: "ElastiCache (valkey)",
        detail: "2 × cache.t4g.small",
        usd: 43.8, // 2 × $0.03 × 730
        unknown: [],
        secondary: false,
      },
    ]);
    const cost = platformCost(plan, prices, { albLcus: 3 });
    assert.equal(cents(cost.total.usd), 867.2);
    assert.deepEqual(cost.total.unknown, ["storage class io2"]);
    assert.equal(cost.total.secondary, true);
    assert.deepEqual(cost.notes, [
      'PersistentVolumeClaim data: storage class "io2" has no price in the table',
    ]);
  });

  it("assumes one LCU per ALB unless told", () => {
    assert.equal(DEFAULT_ALB_LCUS, 1);
    const alb = lines(plan, prices).find((l) => l.id === "loadBalancer")!;
    assert.equal(alb.detail, "2 × ($0.02/h + 1 LCU × $0.01/h)");
    assert.equal(alb.usd, 43.8); // 2 × ($0.02 + $0.01) × 730
  });

  it("gives the whole system group to the log pipeline when it asks for more, with a note", () => {
    const hungry = { ...plan, outputs: { ...(plan.outputs as object), logging: { systemPoolNodes: 5 } } };
    const cost = platformCost(hungry, prices);
    const byId = Object.fromEntries(cost.lines.map((l) => [l.id, l]));
    assert.deepEqual(byId["systemNodes"]!.monthly, money(0));
    assert.equal(cents(byId["loggingNodes"]!.monthly.usd), 229);
    assert.equal(
      byId["loggingNodes"]!.detail,
      "3 of 3 nodes' worth of requests (OpenSearch, Dashboards, Kafka)",
    );
    assert.deepEqual(cost.notes, [
      "the log pipeline requests 5 system nodes' worth, more than the 3 the group runs",
      'PersistentVolumeClaim data: storage class "io2" has no price in the table',
    ]);
    const exactly = platformCost(
      { ...plan, outputs: { ...(plan.outputs as object), logging: { systemPoolNodes: 3 } } },
      prices,
    );
    assert.deepEqual(exactly.notes, [
      'PersistentVolumeClaim data: storage class "io2" has no price in the table',
    ]);
    assert.deepEqual(exactly.lines.find((l) => l.id === "systemNodes")!.monthly, money(0));
    const none = platformCost({ ...plan, outputs: {} }, prices);
    assert.equal(
      none.lines.some((l) => l.id === "loggingNodes"),
      false,
    );
    assert.equal(cents(none.lines.find((l) => l.id === "systemNodes")!.monthly.usd), 229);
  });

  it("writes unknown for a rate the table lacks and names the figure", () => {
    const gaps = testPrices({
      eks: { clusterHour: unknown(), extendedSupportClusterHour: unknown() },
      alb: { hour: unknown(), lcuHour: usd(0.01) },
    });
    const byId = Object.fromEntries(lines(plan, gaps).map((l) => [l.id, l]));
    assert.equal(byId["controlPlane"]!.detail, "4 × unknown (Kubernetes 1.33, 1.34, ?, standard support)");
    assert.deepEqual(byId["controlPlane"]!.unknown, ["eks.clusterHour"]);
    assert.equal(byId["loadBalancer"]!.detail, "2 × (unknown + 1 LCU × $0.01/h)");
    assert.deepEqual(byId["loadBalancer"]!.unknown, ["alb.hour"]);
    assert.equal(byId["loadBalancer"]!.usd, 14.6);
  });

  it("prices RDS by engine, class, deployment and storage type, naming what it cannot price", () => {
    const db = (inputs: Record<string, unknown>) =>
      lines(
        { stack: "x", resources: [res("aws:rds/instance:Instance", "db", inputs)], outputs: {} },
        testPrices(),
      );
    assert.deepEqual(
      db({ engine: "mysql", instanceClass: "db.t4g.medium", allocatedStorage: 20, storageType: "gp3" }),
      [
        {
          id: "rds",
          label: "RDS MySQL",
          detail: "db.t4g.medium Single-AZ + 20 GiB gp3 (allocated; autoscaling may add more)",
          usd: 53.1, // $0.07 × 730 + 20 × $0.10
          unknown: [],
          secondary: false,
        },
      ],
    );
    assert.deepEqual(db({ engine: "postgres", instanceClass: "db.t4g.medium", allocatedStorage: 20 }), [
      {
        id: "rds",
        label: "RDS MySQL",
        detail: "db.t4g.medium Single-AZ + 20 GiB gp2 (allocated; autoscaling may add more)",
        usd: 0,
        unknown: ["rds engine postgres", "rds storage type gp2"],
        secondary: false,
      },
    ]);
    assert.deepEqual(db({ engine: "mysql", storageType: "gp3" })[0]!.unknown, [
      "rds.mysqlHour.?.singleAz (not in the table)",
    ]);
    assert.equal(
      db({ engine: "mysql", storageType: "gp3" })[0]!.detail,
      "? Single-AZ + 0 GiB gp3 (allocated; autoscaling may add more)",
    );
    assert.deepEqual(db({})[0]!.unknown, ["rds engine ?", "rds storage type gp2"]);
  });

  it("counts ElastiCache nodes from cache clusters, or node groups times replicas plus one", () => {
    const cache = (inputs: Record<string, unknown>) =>
      lines(
        {
          stack: "x",
          resources: [res("aws:elasticache/replicationGroup:ReplicationGroup", "r", inputs)],
          outputs: {},
        },
        testPrices(),
      )[0]!;
    const sharded = cache({
      engine: "valkey",
      nodeType: "cache.t4g.small",
      numNodeGroups: 2,
      replicasPerNodeGroup: 1,
    });
    assert.equal(sharded.detail, "4 × cache.t4g.small");
    assert.equal(sharded.usd, 87.6); // 4 × $0.03 × 730
    assert.equal(
      cache({ engine: "valkey", nodeType: "cache.t4g.small", numNodeGroups: 3 }).detail,
      "3 × cache.t4g.small",
    );
    assert.equal(
      cache({ engine: "valkey", nodeType: "cache.t4g.small", replicasPerNodeGroup: 2 }).detail,
      "3 × cache.t4g.small",
    );
    const plain = cache({});
    assert.equal(plain.label, "ElastiCache (redis)");
    assert.equal(plain.detail, "1 × ?");
    assert.deepEqual(plain.unknown, ["elasticache.nodeHour.redis.? (not in the table)"]);
  });

  it("has no line for a part the plan does not have", () => {
    assert.deepEqual(platformCost({ stack: "x", resources: [], outputs: {} }, testPrices()), {
      lines: [],
      total: money(0),
      notes: [],
    });
    const albOnly = lines({ stack: "x", resources: [ingress("i")], outputs: {} }, testPrices());
    assert.deepEqual(
      albOnly.map((l) => l.id),
      ["loadBalancer"],
    );
    const eipOnly = lines(
      { stack: "x", resources: [res("aws:ec2/eip:Eip", "e", {})], outputs: { publicSubnetIds: ["a"] } },
      testPrices(),
    );
    assert.deepEqual(eipOnly, [
      {
        id: "publicIpv4",
        label: "Public IPv4 addresses",
        detail: "1 × $0.005/h (1 Elastic IP, 0 ALB × 1 public subnets)",
        usd: 3.65,
        unknown: [],
        secondary: false,
      },
    ]);
  });

  it("counts one ALB per IngressGroup, the environments' group included, plus each ungrouped alb Ingress", () => {
    assert.equal(
      albCount(
        [ingress("a", "g1"), ingress("b", "g1"), ingress("c"), ingress("d"), ingress("e", "g2", "nginx")],
        {},
      ),
      3,
    );
    assert.equal(albCount([ingress("a", "g1")], { environmentSettings: { ingressGroupName: "g1" } }), 1);
    assert.equal(albCount([ingress("a", "g1")], { environmentSettings: { ingressGroupName: "g2" } }), 2);
    assert.equal(albCount([], {}), 0);
    assert.equal(
      albCount([res("kubernetes:core/v1:Service", "s", { spec: { ingressClassName: "alb" } })], {}),
      0,
    );
  });
});
