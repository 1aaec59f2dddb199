// Both views of the cluster: a real preview sees the eks components and the AWS resources inside
// them; each problem is reported once (see policies/eks/cluster-view.ts).
import assert from "node:assert/strict";
import { test } from "node:test";

import * as aws from "../fixtures/aws";
import { modified } from "../fixtures/plan-builder";
import { violationsOf } from "../harness";

test("a real preview's component and inner AWS cluster report an open endpoint once, on the component", async () => {
  const component = modified(aws.eksCluster(), (i) => (i.publicAccessCidrs = ["0.0.0.0/0"]));
  const inner = modified(
    aws.awsEksCluster({ parent: component }),
    (i) => (i.vpcConfig.publicAccessCidrs = ["0.0.0.0/0"]),
  );
  const found = await violationsOf("eks-endpoint-access-restricted", [component, inner]);
  assert.deepEqual(
    found.map((v) => v.urn),
    [component.urn],
  );
});

test("an AWS node group and launch template inside a ManagedNodeGroup component are judged through the component", async () => {
  const component = modified(
    aws.managedNodeGroup(),
    (i) => ((i.enableIMDSv2 = false), delete i.launchTemplate),
  );
  const innerGroup = modified(
    aws.awsNodeGroup("inner", { parent: component }),
    (i) => delete i.launchTemplate,
  );
  const innerTemplate = modified(
    aws.launchTemplate("inner-lt", { parent: component }),
    (i) => (i.metadataOptions.httpTokens = "optional"),
  );
  const found = await violationsOf("eks-node-imdsv2-required", [component, innerGroup, innerTemplate]);
  assert.deepEqual(
    found.map((v) => v.urn),
    [component.urn],
  );
});

test("a stack view judges a node group's subnets once when both the component and its AWS node group have them", async () => {
  const publicA = aws.publicSubnet("a", "10.20.128.0/20");
  const component = { ...aws.managedNodeGroup(), dependsOn: [publicA.urn] };
  const inner = { ...aws.awsNodeGroup("inner", { parent: component }), dependsOn: [publicA.urn] };
  const found = await violationsOf("eks-nodes-private-subnets", [publicA, component, inner]);
  assert.deepEqual(
    found.map((v) => v.urn),
    [component.urn],
  );
});
