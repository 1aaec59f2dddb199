/**
 * Redis DB numbers in the review: an environment given a number another environment used, or an
 * environment whose number changes, is a data-loss risk, found over sets of plans by environment
 * name within a tier (so it also works when each environment is its own stack, `dev.<env>`).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { environmentsIn, tierOf } from "../tools/plan/environments";
import type { Plan } from "../tools/plan/model";
import { redisDbRisks } from "../tools/plan/redis-dbs";
import { reviewStack } from "../tools/plan/review";
import { PlanBuilder } from "./support/synthetic-plan";

/** A plan of `stack` holding environments `[name, redisDb]`, the DB number where the program puts it. */
function planOf(
  stack: string,
  environments: Array<[string, number]>,
  where: "configMap" | "annotation" = "configMap",
): Plan {
  const b = new PlanBuilder(stack);
  for (const [name, db] of environments) {
    const env = b.add("game:index:GameEnvironment", name);
    b.add(
      "kubernetes:core/v1:Namespace",
      `${name}-namespace`,
      {
        metadata: {
          name,
          labels: { "game-infra/environment": name },
          annotations: where === "annotation" ? { "game-infra/redis-db": String(db) } : {},
        },
      },
      { parent: env },
    );
    if (where === "configMap") {
      b.add(
        "kubernetes:core/v1:ConfigMap",
        `${name}-config`,
        {
          metadata: { name: "game-env", namespace: name, labels: { "game-infra/environment": name } },
          data: { REDIS_DB: String(db), MYSQL_DATABASE: `game_${name.replace(/-/g, "_")}` },
        },
        { parent: env },
      );
    }
  }
  return b.build();
}

const summary = (risks: ReturnType<typeof redisDbRisks>) =>
  risks.map((r) => `${r.stack} ${r.operation} ${r.name}: ${r.holds}`);

describe("Redis DB numbers", () => {
  it("reads each environment's DB from its ConfigMap or its namespace annotation, and its MySQL database", () => {
    assert.deepEqual(
      environmentsIn(planOf("dev", [["dev1", 1]]).resources, "dev").map((e) => [
        e.name,
        e.redisDb,
        e.mysqlDatabase,
      ]),
      [["dev1", 1, "game_dev1"]],
    );
    assert.deepEqual(
      environmentsIn(planOf("dev", [["dev1", 4]], "annotation").resources, "dev").map((e) => [
        e.name,
        e.redisDb,
      ]),
      [["dev1", 4]],
    );
    assert.equal(tierOf("dev.dev1"), "dev");
    assert.equal(tierOf("stage"), "stage");
  });

  it("warns when a new environment gets the DB of a removed one", () => {
    const before = planOf("dev", [
      ["dev1", 1],
      ["dev3", 4],
    ]);
    const after = planOf("dev", [
      ["dev1", 1],
      ["dev5", 4],
    ]);
    const risks = redisDbRisks([before], [after]);
    assert.deepEqual(summary(risks), [
      "dev create dev5-namespace: Redis DB 4, used by dev3 before this change",
    ]);
    assert.match(
      risks[0]!.reason,
      /^dev5 is given Redis DB 4, which dev3 used \(dev3 is removed in this change\)/,
    );
    assert.match(risks[0]!.reason, /dev5's servers may read dev3's data$/);
    assert.match(risks[0]!.mitigations[0]!, /FLUSHDB, docs\/data-stores\.md/);
  });

  it("warns when an environment's DB number changes: it starts without its data, which stays orphaned", () => {
    const risks = redisDbRisks(
      [
        planOf("dev", [
          ["dev1", 1],
          ["dev2", 2],
        ]),
      ],
      [
        planOf("dev", [
          ["dev1", 1],
          ["dev2", 7],
        ]),
      ],
    );
    assert.deepEqual(summary(risks), ["dev update dev2-namespace: environment dev2's keys in Redis DB 2"]);
    assert.equal(
      risks[0]!.reason,
      "dev2's redisDb changes from 2 to 7: its servers start on DB 7 without their keys, which stay in DB 2, orphaned (nothing empties a DB)",
    );
  });

  it("reports both sides of a swap", () => {
    const risks = redisDbRisks(
      [
        planOf("dev", [
          ["a", 1],
          ["b", 2],
        ]),
      ],
      [
        planOf("dev", [
          ["a", 2],
          ["b", 1],
        ]),
      ],
    );
    assert.deepEqual(summary(risks), [
      "dev update a-namespace: environment a's keys in Redis DB 1",
      "dev update a-namespace: Redis DB 2, used by b before this change",
      "dev update b-namespace: environment b's keys in Redis DB 2",
      "dev update b-namespace: Redis DB 1, used by a before this change",
    ]);
    assert.match(risks[1]!.reason, /which b used \(b moves to DB 1\)/);
  });

  it("stays quiet for unchanged numbers, unused numbers and environments that only move to their own stack", () => {
    const platform = planOf("dev", [
      ["dev1", 1],
      ["dev2", 2],
    ]);
    assert.deepEqual(
      redisDbRisks(
        [platform],
        [
          planOf("dev", [
            ["dev1", 1],
            ["dev2", 2],
            ["dev4", 9],
          ]),
        ],
      ),
      [],
    );
    // dev2 moves from the platform stack to its own stack dev.dev2, keeping DB 2.
    assert.deepEqual(
      redisDbRisks([platform], [planOf("dev", [["dev1", 1]]), planOf("dev.dev2", [["dev2", 2]])]),
      [],
    );
  });

  it("compares environment stacks of one tier with each other, and tiers never with each other", () => {
    const before = [planOf("dev.dev3", [["dev3", 4]]), planOf("qa.qa1", [["qa1", 5]])];
    const after = [planOf("dev.dev5", [["dev5", 4]]), planOf("qa.qa2", [["qa2", 4]])];
    assert.deepEqual(summary(redisDbRisks(before, after)), [
      "dev.dev5 create dev5-namespace: Redis DB 4, used by dev3 before this change",
    ]);
  });

  it("puts the risk among the stack review's data-loss risks", () => {
    const review = reviewStack(planOf("dev", [["dev3", 4]]), planOf("dev", [["dev5", 4]]));
    assert.ok(
      review.risks.some(
        (r) => r.operation === "create" && r.holds === "Redis DB 4, used by dev3 before this change",
      ),
    );
  });
});
