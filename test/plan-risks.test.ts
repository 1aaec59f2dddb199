import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { diffPlans } from "../tools/plan/diff";
import { dataLossRisks, statefulKind } from "../tools/plan/risks";
import { PlanBuilder, syntheticStack } from "./support/synthetic-plan";

describe("data-loss risk", () => {
  it("knows what holds state", () => {
    const b = new PlanBuilder();
    const withVolumes = b.add("kubernetes:apps/v1:StatefulSet", "s", {
      metadata: { name: "s", namespace: "n" },
      spec: { volumeClaimTemplates: [{ metadata: { name: "data" } }] },
    });
    const stateless = b.add("kubernetes:apps/v1:StatefulSet", "t", { spec: { serviceName: "t" } });
    const ns = b.add("kubernetes:core/v1:Namespace", "n-namespace", { metadata: { name: "n" } });
    const empty = b.add("kubernetes:core/v1:Namespace", "m-namespace", { metadata: { name: "m" } });
    const plan = b.build();
    assert.equal(statefulKind(withVolumes), "StatefulSet with volumes");
    assert.equal(statefulKind(stateless), undefined);
    assert.match(statefulKind(ns, plan)!, /^Namespace holding volumes .*: s\)$/);
    assert.equal(statefulKind(empty, plan), undefined);
    for (const type of [
      "aws:rds/instance:Instance",
      "aws:elasticache/replicationGroup:ReplicationGroup",
      "kubernetes:core/v1:PersistentVolumeClaim",
      "eks:index:Cluster",
      "aws:kms/key:Key",
    ]) {
      assert.ok(statefulKind(b.add(type, `x-${type}`)), type);
    }
    assert.equal(statefulKind(b.add("kubernetes:apps/v1:Deployment", "d")), undefined);
  });

  it("lists replacements before deletes, with what limits the loss", () => {
    const envs = [{ name: "dev1", version: "1" }];
    const base = syntheticStack({ environments: envs });
    const next = syntheticStack({ environments: [], rds: { identifier: "renamed-db" } });
    const risks = dataLossRisks(diffPlans(base, next), base);
    assert.equal(`${risks[0]!.operation} ${risks[0]!.name}`, "replace dev-mysql-instance");
    assert.deepEqual(
      risks
        .slice(1)
        .map((r) => `${r.operation} ${r.name}`)
        .sort(),
      ["delete dev1-couchbase-statefulset", "delete dev1-namespace"],
    );
    assert.match(
      risks[0]!.mitigations.join("; "),
      /protected: `pulumi up` stops.*; a final snapshot is taken/,
    );
    const statefulSet = risks.find((r) => r.name === "dev1-couchbase-statefulset")!;
    assert.deepEqual(statefulSet.mitigations, ["none: its namespace dev1 goes too, and its claims with it"]);
  });
});
