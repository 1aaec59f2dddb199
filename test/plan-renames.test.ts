import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { diffPlans } from "../tools/plan/diff";
import {
  aliasFor,
  environmentRenameAdvice,
  findLikelyRenames,
  inputSimilarity,
  nameChange,
  substitute,
} from "../tools/plan/renames";
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

  it("reports an environment renamed in config with where its data stays, not with an alias", () => {
    /** An environment as the program plans it: component, namespace, config and a volume. */
    const environment = (name: string, redisDb: number) => {
      const b = new PlanBuilder();
      const env = b.add("game:index:GameEnvironment", name);
      const labels = { "game-infra/environment": name };
      b.add(
        "kubernetes:core/v1:Namespace",
        `${name}-namespace`,
        { metadata: { name, labels } },
        { parent: env },
      );
      b.add(
        "kubernetes:core/v1:ConfigMap",
        `${name}-config`,
        {
          metadata: { name: "game-env", namespace: name, labels },
          data: {
            REDIS_DB: String(redisDb),
            MYSQL_DATABASE: `game_${name.replace(/-/g, "_")}`,
            GAME_ENV: name,
          },
        },
        { parent: env },
      );
      b.add(
        "kubernetes:apps/v1:StatefulSet",
        `${name}-couchbase`,
        {
          metadata: { name: "couchbase", namespace: name, labels },
          spec: { serviceName: "couchbase", volumeClaimTemplates: [{ metadata: { name: "data" } }] },
        },
        { parent: env },
      );
      return b.build();
    };
    const [rename] = findLikelyRenames(diffPlans(environment("login-dev", 3), environment("login", 5)));
    assert.ok(rename);
    assert.deepEqual(rename.environment, {
      from: "login-dev",
      to: "login",
      mysqlDatabase: { from: "game_login_dev", to: "game_login" },
      redisDb: { from: 3, to: 5 },
      volumes: ["login-dev-couchbase"],
    });
    assert.equal(
      environmentRenameAdvice(rename, rename.environment!),
      "environment login-dev renamed to login in config: login is a new environment and login-dev is removed " +
        "(3 resource(s) deleted and created again; an `aliases` option cannot help, environments are config, not code). " +
        'Kept (docs/data-stores.md, "Removing an environment does not delete its data"): its MySQL database game_login_dev ' +
        "(login gets a new, empty game_login) and its keys in Redis DB 3 (login uses DB 5). " +
        "Lost: the volumes of login-dev-couchbase, deleted with its namespace (see the data-loss risks). " +
        "To keep using login-dev's data, keep the name login-dev; if the new name is needed, copy the MySQL data after " +
        "`pulumi up` (mysqldump game_login_dev | mysql game_login, from a pod as in docs/data-stores.md) and keep redisDb 3.",
    );
  });

  it("keeps the alias advice for a component renamed in code", () => {
    const plan = (name: string) => {
      const b = new PlanBuilder();
      const parent = b.add("game:index:GameWorkload", name);
      b.add("aws:iam/role:Role", `${name}-role`, { name: "svc", path: "/" }, { parent });
      return b.build();
    };
    const [rename] = findLikelyRenames(diffPlans(plan("dev2-league"), plan("dev2-league-server")));
    assert.equal(rename?.alias, 'aliases: [{ name: "dev2-league" }]');
    assert.equal(rename?.environment, undefined);
  });
});
