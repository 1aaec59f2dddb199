import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { diffPlans, valueChanges, type PlanDiff } from "../tools/plan/diff";
import { formatPath } from "../tools/plan/paths";
import { PlanBuilder, syntheticStack } from "./support/synthetic-plan";

const ops = (diff: PlanDiff) => diff.resources.map((r) => `${r.operation} ${r.name}`);
const paths = (diff: PlanDiff, name: string) =>
  diff.resources.find((r) => r.name === name)!.changes.map((c) => formatPath(c.path));

describe("diffPlans", () => {
  const envs = [{ name: "dev1", version: "1.42.0" }];

  it("classifies every resource and counts them as pulumi preview does", () => {
    const base = new PlanBuilder();
    const a = base.add("aws:iam/role:Role", "a", { name: "a" });
    base.add("aws:iam/role:Role", "gone", { name: "gone" });
    base.add("aws:iam/role:Role", "same", { name: "same" });
    base.add("aws:rds/instance:Instance", "db", { identifier: "db", instanceClass: "db.t4g.small" });
    const next = new PlanBuilder();
    next.add("aws:iam/role:Role", "a", { name: "a", description: "now described" });
    next.add("aws:iam/role:Role", "same", { name: "same" }, { dependsOn: [a] });
    next.add("aws:iam/role:Role", "new", { name: "new" });
    next.add("aws:rds/instance:Instance", "db", { identifier: "db2", instanceClass: "db.t4g.small" });
    const diff = diffPlans(base.build(), next.build());
    assert.deepEqual(ops(diff), ["replace db", "delete gone", "create new", "update a"]);
    assert.deepEqual(diff.counts, { create: 1, update: 1, replace: 1, delete: 1, same: 1 });
    assert.deepEqual(paths(diff, "a"), ["description"]);
    assert.deepEqual(
      diff.resources[0]!.replaceReasons.map((r) => formatPath(r.path)),
      ["identifier"],
    );
    assert.equal(
      diff.resources[0]!.changes[0]!.replaces,
      "the DB instance identifier cannot be changed in place",
    );
  });

  it("reports option changes (protect, retainOnDelete) as updates and ignores dependsOn alone", () => {
    const base = new PlanBuilder();
    const x = base.add("aws:kms/key:Key", "k", { description: "k" }, { protect: true });
    base.add("aws:kms/key:Key", "k2", { description: "k2" });
    const next = new PlanBuilder();
    next.add("aws:kms/key:Key", "k", { description: "k" }, { protect: false });
    next.add("aws:kms/key:Key", "k2", { description: "k2" }, { dependsOn: [x] });
    const diff = diffPlans(base.build(), next.build());
    assert.deepEqual(ops(diff), ["update k"]);
    assert.deepEqual(
      diff.resources[0]!.changes.map((c) => [formatPath(c.path), c.before, c.after, c.option]),
      [["protect", true, false, true]],
    );
  });

  it("spreads a replacement to what points to it: key -> cluster -> provider -> every Kubernetes object", () => {
    const base = syntheticStack({ environments: envs });
    const next = syntheticStack({ environments: envs });
    // The secrets key changes an immutable field, so it gets a new ARN.
    const key = next.resources.find((r) => r.type === "aws:kms/key:Key")!;
    (key.inputs as Record<string, unknown>).customerMasterKeySpec = "RSA_2048";
    const diff = diffPlans(base, next);
    const replaced = new Set(diff.resources.filter((r) => r.operation === "replace").map((r) => r.type));
    assert.ok(replaced.has("aws:kms/key:Key"));
    assert.ok(replaced.has("eks:index:Cluster"), "the cluster's encryption key is immutable");
    assert.ok(replaced.has("pulumi:providers:kubernetes"), "the provider follows its cluster");
    assert.ok(replaced.has("eks:index:ManagedNodeGroup"), "a node group cannot move to another cluster");
    const objects = next.resources.filter((r) => r.type.startsWith("kubernetes:"));
    for (const o of objects) {
      assert.equal(
        diff.resources.find((r) => r.urn === o.urn)?.operation,
        "replace",
        `${o.name} moves to the new cluster`,
      );
    }
    const cluster = diff.resources.find((r) => r.type === "eks:index:Cluster")!;
    assert.match(
      cluster.replaceReasons[0]!.cause,
      /^encryptionConfigKeyArn points to aws:kms\/key:Key dev-secrets, which is replaced/,
    );
  });

  it("marks a mutable reference to a replaced resource as known only after apply", () => {
    const inputs = { role: "role-id", policy: "arn:aws:iam::1:role/role-id" };
    const base = new PlanBuilder();
    const before = base.add("aws:iam/role:Role", "role", { name: "r" });
    base.add("aws:iam/rolePolicy:RolePolicy", "p", inputs, { dependsOn: [before] });
    // The same mock id without a recorded dependency is not a reference.
    base.add("aws:iam/rolePolicy:RolePolicy", "q", { role: "role-id" });
    const next = new PlanBuilder();
    const after = next.add("aws:iam/role:Role", "role", { name: "r2" });
    next.add("aws:iam/rolePolicy:RolePolicy", "p", inputs, { dependsOn: [after] });
    next.add("aws:iam/rolePolicy:RolePolicy", "q", { role: "role-id" });
    const diff = diffPlans(base.build(), next.build());
    const policy = diff.resources.find((r) => r.name === "p")!;
    assert.equal(policy.operation, "replace", "an inline policy's role is immutable");
    assert.deepEqual(
      policy.changes.map((c) => [formatPath(c.path), c.after]),
      [["policy", "[unknown]"]],
      "the policy document only changes value",
    );
    assert.equal(
      diff.resources.find((r) => r.name === "q"),
      undefined,
    );
  });

  it("compares lists of named objects by name, and lists of scalars as one value", () => {
    const before = {
      environments: [
        { name: "a", v: 1 },
        { name: "b", v: 1 },
        { name: "c", v: 1 },
      ],
      types: ["m6i.large"],
    };
    const after = {
      environments: [
        { name: "a", v: 1 },
        { name: "c", v: 2 },
      ],
      types: ["m6i.xlarge", "m6a.xlarge"],
    };
    assert.deepEqual(
      valueChanges(before, after, [], "outputs").map((c) => [formatPath(c.path), c.before, c.after]),
      [
        ["environments[name=b]", { name: "b", v: 1 }, undefined],
        ["environments[name=c].v", 1, 2],
        ["types", ["m6i.large"], ["m6i.xlarge", "m6a.xlarge"]],
      ],
    );
  });
});
