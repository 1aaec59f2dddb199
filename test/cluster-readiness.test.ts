import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { runStack, type RecordedResource, type Registered } from "./harness";

/**
 * The add-ons a workload cannot do without, by the names the dev stack gives them: the system node
 * group, Karpenter (with the game pool's NodePool: environments' pods have nowhere else to run), CoreDNS, the EBS CSI driver (volumes), the load balancer controller (its webhook admits Ingresses)
 * and the gp3 StorageClass.
 */
const ADD_ONS: ReadonlyArray<readonly [type: string, name: string]> = [
  ["eks:index:ManagedNodeGroup", "dev-system"],
  ["kubernetes:karpenter.sh/v1:NodePool", "dev-karpenter-game-node-pool"],
  ["aws:eks/addon:Addon", "dev-addons-coredns"],
  ["aws:eks/addon:Addon", "dev-addons-aws-ebs-csi-driver"],
  ["kubernetes:helm.sh/v3:Release", "dev-addons-aws-load-balancer-controller"],
  ["kubernetes:storage.k8s.io/v1:StorageClass", "dev-addons-gp3"],
];

function assertWaitsForAddOns(registered: Registered, resource: RecordedResource) {
  for (const [type, name] of ADD_ONS) {
    const addOn = registered.one(type, name);
    assert.ok(resource.dependsOn.includes(addOn.urn), `${resource.name} does not wait for ${name}`);
  }
}

describe("workloads wait for the cluster to be ready for them (dev)", () => {
  let registered: Registered;
  before(async () => {
    ({ registered } = await runStack("dev"));
  });

  const release = (name: string) => {
    const found = registered.ofType("kubernetes:helm.sh/v3:Release").filter((r) => r.inputs.name === name);
    assert.equal(found.length, 1, name);
    return found[0]!;
  };

  it("installs OpenSearch (atomic, 900 s) only after nodes, CoreDNS, the EBS CSI driver and gp3 exist", () => {
    assertWaitsForAddOns(registered, release("opensearch"));
  });

  it("creates the logs Ingress only after the load balancer controller that admits it", () => {
    assertWaitsForAddOns(
      registered,
      registered.one("kubernetes:networking.k8s.io/v1:Ingress", "logging-dashboards-ingress"),
    );
  });

  it("installs Dashboards and the collector after the add-ons too", () => {
    assertWaitsForAddOns(registered, release("opensearch-dashboards"));
    assertWaitsForAddOns(registered, release("fluent-bit"));
  });

  it("does not make the add-ons wait for the workloads (no cycle): they depend on node groups only", () => {
    const opensearch = release("opensearch");
    for (const [type, name] of ADD_ONS) {
      assert.ok(!registered.one(type, name).dependsOn.includes(opensearch.urn), name);
    }
  });
});
