import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { INSTANCE_TYPES, KNOWN_INSTANCE_TYPES, instanceTypeSpec } from "../lib/instance-types";
import {
  bottlerocketKubeletSettings,
  eniMaxPods,
  kubeReservedCpuMillicores,
  kubeReservedMemoryMiB,
  managedPoolSizeProblem,
  maxPods,
  nodeSizing,
  poolSizing,
} from "../lib/sizing";

describe("node sizing (EKS-NOTES formulas)", () => {
  it("computes the ENI max-pods figures EKS publishes", () => {
    const expected: Record<string, number> = {
      "t3.medium": 17,
      "m5.large": 29,
      "m6i.large": 29,
      "m6i.xlarge": 58,
      "m6i.2xlarge": 58,
      "m6i.4xlarge": 234,
    };
    for (const [type, pods] of Object.entries(expected))
      assert.equal(eniMaxPods(instanceTypeSpec(type)), pods, type);
  });

  it("caps max-pods at 110 up to 30 vCPUs (kubelet scalability guidance)", () => {
    assert.equal(maxPods(instanceTypeSpec("m6i.4xlarge")), 110);
    assert.equal(maxPods(instanceTypeSpec("m6i.xlarge")), 58);
    assert.equal(maxPods({ enis: 15, ipv4PerEni: 50, vcpus: 48 }), 250);
  });

  it("reserves 11 MiB per pod + 255 MiB of memory", () => {
    assert.equal(kubeReservedMemoryMiB(29), 574);
    assert.equal(kubeReservedMemoryMiB(58), 893);
    assert.equal(kubeReservedMemoryMiB(110), 1465);
  });

  it("reserves CPU as 6% of core 1, 1% of core 2, 0.5% of cores 3-4, 0.25% above", () => {
    assert.equal(kubeReservedCpuMillicores(1), 60);
    assert.equal(kubeReservedCpuMillicores(2), 70);
    assert.equal(kubeReservedCpuMillicores(4), 80);
    assert.equal(kubeReservedCpuMillicores(8), 90);
    assert.equal(kubeReservedCpuMillicores(16), 110);
  });

  it("rejects instance types the tables do not know", () => {
    assert.throws(() => nodeSizing("x9.huge"), /unknown instance type "x9.huge"/);
  });

  it("sizes a mixed pool for its smallest member", () => {
    const pool = poolSizing(["m6i.large", "m6i.xlarge"]);
    assert.equal(pool.maxPods, 29);
    assert.equal(pool.kubeReservedMemoryMiB, 574);
    assert.equal(pool.allocatableMemoryMiB, 8192 - 574 - 100);
  });

  it("leaves every known type positive allocatable memory and CPU", () => {
    for (const type of KNOWN_INSTANCE_TYPES) {
      const s = nodeSizing(type);
      assert.ok(s.allocatableMemoryMiB > 0 && s.allocatableCpuMillicores > 0, type);
    }
  });

  it("property: reservations grow with pods and cores, and never exceed a pool member's own", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 1, max: 128 }), (pods, cores) => {
        assert.ok(kubeReservedMemoryMiB(pods + 1) > kubeReservedMemoryMiB(pods));
        assert.ok(kubeReservedCpuMillicores(cores + 1) >= kubeReservedCpuMillicores(cores));
      }),
    );
    fc.assert(
      fc.property(
        fc.subarray(
          KNOWN_INSTANCE_TYPES.filter((t) => INSTANCE_TYPES[t]!.architecture === "x86_64"),
          { minLength: 1 },
        ),
        (types) => {
          const pool = poolSizing(types);
          for (const t of types) assert.ok(pool.maxPods <= nodeSizing(t).maxPods);
        },
      ),
    );
  });

  it("writes the sizing as Bottlerocket's own kubelet settings", () => {
    assert.deepEqual(bottlerocketKubeletSettings(nodeSizing("m6i.xlarge")), {
      settings: {
        kubernetes: {
          "max-pods": 58,
          "kube-reserved": { cpu: "80m", memory: "893Mi", "ephemeral-storage": "1Gi" },
          "eviction-hard": { "memory.available": "100Mi" },
        },
      },
    });
  });
});

describe("managed node group sizes (one rule for config validation and GameCluster)", () => {
  it("accepts min <= desired <= max, equal bounds included", () => {
    assert.equal(managedPoolSizeProblem({ minSize: 2, desiredSize: 2, maxSize: 4 }), undefined);
    assert.equal(managedPoolSizeProblem({ minSize: 2, desiredSize: 4, maxSize: 4 }), undefined);
    assert.equal(managedPoolSizeProblem({ minSize: 3, desiredSize: 3, maxSize: 3 }), undefined);
  });

  it("refuses desired above max or below min, with the numbers", () => {
    assert.equal(
      managedPoolSizeProblem({ minSize: 2, desiredSize: 5, maxSize: 4 }),
      "needs minSize <= desiredSize <= maxSize, got 2 <= 5 <= 4",
    );
    assert.equal(
      managedPoolSizeProblem({ minSize: 2, desiredSize: 1, maxSize: 4 }),
      "needs minSize <= desiredSize <= maxSize, got 2 <= 1 <= 4",
    );
  });
});
