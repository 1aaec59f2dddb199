/**
 * Edges of the cost model that the broader cost suites do not pin (issue 14's surviving mutants):
 * the price paths unpriced platform parts name, counting a managed node group once and listing
 * other volumes apart, finding the game pool's NodePool by type, quantities written as plain numbers
 * or as lists, and which resources set a workload's replicas or claim the OpenSearch volumes.
 * Prices are the round figures of test/support/cost-table.ts, not AWS's.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { cents } from "../lib/cost/money";
import { platformCost, type CostPlan } from "../lib/cost/platform";
import { nodeHour, poolBasisFromPlan } from "../lib/cost/pool";
import { claimedVolumes, workloadPods, type CostResource } from "../lib/cost/workloads";
import { testPrices, unknown, usd } from "./support/cost-table";

const res = (type: string, name: string, inputs: Record<string, unknown>): CostResource => ({
  type,
  name,
  inputs,
});

const lines = (plan: CostPlan, prices = testPrices()) =>
  platformCost(plan, prices).lines.map((l) => ({
    id: l.id,
    detail: l.detail,
    usd: cents(l.monthly.usd),
    unknown: l.monthly.unknown,
  }));

describe("the platform stack's parts: edges", () => {
  it("names the NAT gateway, public IPv4 and LCU figures it cannot price", () => {
    const plan: CostPlan = {
      stack: "x",
      resources: [
        res("aws:ec2/natGateway:NatGateway", "nat", {}),
        res("aws:ec2/eip:Eip", "nat", {}),
        res("kubernetes:networking.k8s.io/v1:Ingress", "web", { spec: { ingressClassName: "alb" } }),
      ],
      outputs: { publicSubnetIds: ["s1"] },
    };
    const gaps = testPrices({
      natGateway: { hour: unknown(), perGb: usd(0.05) },
      publicIpv4: { hour: unknown() },
      alb: { hour: usd(0.02), lcuHour: unknown() },
    });
    assert.deepEqual(lines(plan, gaps), [
      {
        id: "natGateways",
        detail: "1 × unknown (data processed not included)",
        usd: 0,
        unknown: ["natGateway.hour"],
      },
      {
        id: "publicIpv4",
        detail: "2 × unknown (1 Elastic IP, 1 ALB × 1 public subnets)",
        usd: 0,
        unknown: ["publicIpv4.hour"],
      },
      {
        id: "loadBalancer",
        detail: "1 × ($0.02/h + 1 LCU × unknown)",
        usd: 14.6, // $0.02 × 730
        unknown: ["alb.lcuHour"],
      },
    ]);
  });

  it("counts a managed node group once, not again for an EKS node group with the same inputs", () => {
    // eks:index:ManagedNodeGroup creates an aws:eks/nodeGroup:NodeGroup underneath; a plan that lists
    // both must not price the system nodes twice.
    const inputs = {
      instanceTypes: ["m6i.large"],
      capacityType: "ON_DEMAND",
      diskSize: 40,
      scalingConfig: { desiredSize: 2 },
      labels: { "game-infra/pool": "system" },
    };
    const plan: CostPlan = {
      stack: "x",
      resources: [
        res("eks:index:ManagedNodeGroup", "system", inputs),
        res("aws:eks/nodeGroup:NodeGroup", "system", inputs),
      ],
      outputs: {},
    };
    assert.deepEqual(lines(plan), [
      {
        id: "systemNodes",
        detail: "2 × m6i.large on-demand + 40 GiB gp3, less the log pipeline's share",
        usd: 154, // 2 × ($0.10 × 730 + 40 × $0.10)
        unknown: [],
      },
    ]);
  });

  it("lists each other volume in the detail, separated by semicolons", () => {
    const claim = (name: string, storage: string) =>
      res("kubernetes:core/v1:PersistentVolumeClaim", name, {
        metadata: { name },
        spec: { resources: { requests: { storage } }, storageClassName: "gp3" },
      });
    const plan: CostPlan = { stack: "x", resources: [claim("a", "5Gi"), claim("b", "8Gi")], outputs: {} };
    assert.deepEqual(lines(plan), [
      {
        id: "volumes",
        detail: "1 × 5 GiB PersistentVolumeClaim a; 1 × 8 GiB PersistentVolumeClaim b",
        usd: 1.3, // 13 GiB × $0.10
        unknown: [],
      },
    ]);
  });
});

describe("the game pool's basis from a plan: edges", () => {
  const nodePool = (families: string[]) =>
    res("kubernetes:karpenter.sh/v1:NodePool", "game-pool", {
      spec: {
        template: {
          metadata: { labels: { "game-infra/pool": "game" } },
          spec: {
            requirements: [
              { key: "karpenter.k8s.aws/instance-family", operator: "In", values: families },
              { key: "karpenter.k8s.aws/instance-size", operator: "In", values: ["xlarge"] },
              { key: "karpenter.sh/capacity-type", operator: "In", values: ["on-demand"] },
            ],
            nodeClassRef: { name: "game" },
          },
        },
      },
    });
  const nodeClass = (kubelet: unknown, volumeSizes: unknown[]) =>
    res("kubernetes:karpenter.k8s.aws/v1:EC2NodeClass", "game-class", {
      metadata: { name: "game" },
      spec: { kubelet, blockDeviceMappings: volumeSizes.map((volumeSize) => ({ ebs: { volumeSize } })) },
    });

  it("takes the NodePool, not another resource whose pod template carries the pool label", () => {
    // A Deployment pinned to the game pool carries the same template label as the NodePool.
    const pinned = res("kubernetes:apps/v1:Deployment", "game-server", {
      spec: { template: { metadata: { labels: { "game-infra/pool": "game" } }, spec: {} } },
    });
    assert.deepEqual(poolBasisFromPlan([pinned, nodePool(["m6i"]), nodeClass({}, ["4Gi"])], {}), {
      capacity: "on-demand",
      // 4 vCPU; floor(16384 MiB × 0.925) = 15155, nothing reserved.
      options: [
        { instanceType: "m6i.xlarge", room: { cpuMillicores: 4000, memoryMiB: 15155 }, volumeGiB: 4 },
      ],
    });
  });

  it("names every instance type it does not know, comma-separated", () => {
    assert.equal(
      poolBasisFromPlan([nodePool(["x9", "m9"]), nodeClass({}, [])], {}),
      'the "game" NodePool allows types lib/instance-types.ts does not know: m9.xlarge, x9.xlarge',
    );
  });

  it("reads quantities written as plain numbers as bytes, and a list as no quantity", () => {
    const kubelet = {
      kubeReserved: { cpu: "80m", memory: ["893Mi"] },
      evictionHard: { "memory.available": 104857600 }, // 100 MiB
    };
    const outputs = { logging: { collectorRequestsPerNode: { cpu: "50m", memory: 67108864 } } }; // 64 MiB
    assert.deepEqual(
      poolBasisFromPlan([nodePool(["m6i"]), nodeClass(kubelet, ["4Gi", 21474836480])], outputs), // 4 + 20 GiB
      {
        capacity: "on-demand",
        // 4000 - 80 - 50 m; 15155 - 0 (the list) - 100 - 64 MiB.
        options: [
          { instanceType: "m6i.xlarge", room: { cpuMillicores: 3870, memoryMiB: 14991 }, volumeGiB: 24 },
        ],
      },
    );
  });
});

describe("a node-hour: edges", () => {
  it("names ebs.gp3GbMonth when the volumes' gp3 price is unknown", () => {
    assert.deepEqual(nodeHour("m6i.large", "on-demand", 20, testPrices({ ebs: { gp3GbMonth: unknown() } })), {
      usd: 0.1,
      unknown: ["ebs.gp3GbMonth"],
      secondary: false,
    });
  });
});

describe("what workloads request and claim: edges", () => {
  const deployment = (name: string) =>
    res("kubernetes:apps/v1:Deployment", name, {
      metadata: { name, namespace: "game" },
      spec: {
        template: { spec: { containers: [{ resources: { requests: { cpu: "100m", memory: "128Mi" } } }] } },
      },
    });

  it("takes a workload's replicas from a HorizontalPodAutoscaler only, not from another scaler naming it", () => {
    const resources = [
      deployment("api"),
      res("kubernetes:autoscaling/v2:HorizontalPodAutoscaler", "api-hpa", {
        metadata: { namespace: "game" },
        spec: { scaleTargetRef: { kind: "Deployment", name: "api" }, minReplicas: 4 },
      }),
      // A KEDA ScaledObject has a scaleTargetRef too, but its minimum is minReplicaCount.
      res("kubernetes:keda.sh/v1alpha1:ScaledObject", "api-keda", {
        metadata: { namespace: "game" },
        spec: { scaleTargetRef: { kind: "Deployment", name: "api" }, minReplicaCount: 2 },
      }),
    ];
    assert.deepEqual(
      workloadPods(resources).map((w) => [w.name, w.replicas]),
      [["api", 4]],
    );
  });

  it("scales nothing by an autoscaler whose target name is not a string, even a workload named the same", () => {
    const resources = [
      deployment("5"),
      res("kubernetes:autoscaling/v2:HorizontalPodAutoscaler", "hpa", {
        metadata: { namespace: "game" },
        spec: { scaleTargetRef: { kind: "Deployment", name: 5 }, minReplicas: 3 },
      }),
    ];
    assert.deepEqual(
      workloadPods(resources).map((w) => [w.name, w.replicas]),
      [["5", 1]],
    );
  });

  it("reads the OpenSearch claim from a Helm Release only: a rendered Chart's StatefulSet counts it itself", () => {
    const values = { clusterName: "logs", replicas: 1, persistence: { size: "20Gi" } };
    const resources = [
      res("kubernetes:helm.sh/v4:Chart", "opensearch", { chart: "opensearch", values }),
      res("kubernetes:apps/v1:StatefulSet", "opensearch-sts", {
        metadata: { name: "logs-master" },
        spec: {
          replicas: 1,
          volumeClaimTemplates: [{ spec: { resources: { requests: { storage: "20Gi" } } } }],
        },
      }),
    ];
    assert.deepEqual(claimedVolumes(resources), [
      { owner: "StatefulSet logs-master", count: 1, sizeGiB: 20 },
    ]);
  });
});
