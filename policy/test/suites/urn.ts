import assert from "node:assert/strict";
import { test } from "node:test";

import { globMatches } from "../../lib/glob";
import { hasAncestorOfType, parseUrn } from "../../lib/urn";

const inner =
  "urn:pulumi:dev::game-infra::game:index:GameCluster$eks:index:Cluster$aws:eks/cluster:Cluster::game-eks-eksCluster";

test("a URN's type chain names the resource's ancestors", () => {
  assert.deepEqual(parseUrn(inner), {
    stack: "dev",
    project: "game-infra",
    type: "aws:eks/cluster:Cluster",
    ancestorTypes: ["game:index:GameCluster", "eks:index:Cluster"],
    name: "game-eks-eksCluster",
  });
  assert.equal(hasAncestorOfType(inner, ["eks:index:Cluster"]), true);
  assert.equal(hasAncestorOfType(inner, ["eks:index:ManagedNodeGroup"]), false);
  assert.equal(parseUrn("not-a-urn"), undefined);
});

test("URN patterns: * spans any characters, everything else is literal", () => {
  assert.equal(globMatches("*$aws:eks/cluster:Cluster::*", inner), true);
  assert.equal(globMatches("urn:pulumi:dev::*::game-eks-eksCluster", inner), true);
  assert.equal(globMatches("urn:pulumi:qa::*", inner), false);
  assert.equal(globMatches("m6i.*", "m6i.xlarge"), true);
  assert.equal(globMatches("m6i.*", "m6ixlarge"), false);
});
