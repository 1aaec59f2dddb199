import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { diffPlans } from "../tools/plan/diff";
import { aliasFor, findLikelyRenames, inputSimilarity, nameChange, substitute } from "../tools/plan/renames";
import { PlanBuilder } from "./support/synthetic-plan";

describe("likely renames", () => {
  it("finds the differing part of two names, by name parts", () => {
    assert.deepEqual(nameChange("dev2-game", "dev-two-game"), { from: "dev2", to: "dev-two", related: true });
    // A part only added or removed takes its shared neighbour along, so no bare word is rewritten.
    assert.deepEqual(nameChange("dev2-league", "dev2-league-server"), {
      from: "league",
      to: "league-server",
      related: true,
    });
    assert.deepEqual(nameChange("login-dev-data", "login-data"), {
      from: "login-dev",
      to: "login",
      related: true,
    });
    assert.deepEqual(nameChange("dev2", "qa1"), { from: "dev2", to: "qa1", related: false });
  });

  it("applies a name change only where it stands as a whole name part", () => {
    const change = nameChange("dev2-config", "dev-two-config");
    assert.deepEqual(
      substitute({ ns: "dev2", host: "game-dev2.example.com", other: "dev22", list: ["x-dev2"] }, change),
      {
        ns: "dev-two",
        host: "game-dev-two.example.com",
        other: "dev22",
        list: ["x-dev-two"],
      },
    );
  });

  it("measures how many input values two resources share", () => {
    assert.equal(inputSimilarity({ a: 1, b: { c: 2, d: 3 } }, { a: 1, b: { c: 2, d: 4 } }), 2 / 3);
    assert.equal(inputSimilarity({}, {}), 1);
  });

  it("pairs a moved resource (same name, new parent type) and suggests its old URN as alias", () => {
    const base = new PlanBuilder();
    const oldParent = base.add("game:index:Old", "p");
    const moved = base.add(
      "aws:iam/role:Role",
      "svc-role",
      { name: "svc", path: "/" },
      { parent: oldParent },
    );
    const next = new PlanBuilder();
    const newParent = next.add("game:index:New", "p");
    next.add("aws:iam/role:Role", "svc-role", { name: "svc", path: "/" }, { parent: newParent });
    const renames = findLikelyRenames(diffPlans(base.build(), next.build()));
    const role = renames.find((r) => r.from.type === "aws:iam/role:Role");
    assert.ok(role);
    assert.equal(role.alias, `aliases: [${JSON.stringify(moved.urn)}]`);
    assert.deepEqual(role.members[0]!.replacedAnyway, []);
  });

  it("does not pair a deleted and a created resource that only share a type", () => {
    const base = new PlanBuilder();
    base.add("aws:iam/role:Role", "billing-role", {
      name: "billing",
      path: "/",
      description: "pays",
      maxSessionDuration: 3600,
    });
    const next = new PlanBuilder();
    next.add("aws:iam/role:Role", "search-role", {
      name: "search",
      path: "/svc/",
      description: "finds",
      maxSessionDuration: 7200,
    });
    assert.deepEqual(findLikelyRenames(diffPlans(base.build(), next.build())), []);
  });

  it("keeps the old name for a rename within the same parent", () => {
    const b = new PlanBuilder();
    const from = b.add("aws:iam/role:Role", "a", {});
    const to = b.add("aws:iam/role:Role", "b", {});
    assert.equal(aliasFor(from, to), 'aliases: [{ name: "a" }]');
  });
});
