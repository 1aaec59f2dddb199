import assert from "node:assert/strict";
import { test } from "node:test";

import { selectorMatches, selectsAll } from "../../lib/label-selectors";

const labels = { "app.kubernetes.io/name": "gameserver", tier: "game" };

test("an empty selector selects every pod; a missing one selects none", () => {
  assert.equal(selectorMatches({}, labels), true);
  assert.equal(selectsAll({}), true);
  assert.equal(selectorMatches(undefined, labels), false);
  assert.equal(selectsAll(undefined), false);
});

test("matchLabels and matchExpressions must all hold", () => {
  assert.equal(selectorMatches({ matchLabels: { tier: "game" } }, labels), true);
  assert.equal(selectorMatches({ matchLabels: { tier: "shared" } }, labels), false);
  const expr = (operator: string, values?: string[]) => ({
    matchExpressions: [{ key: "tier", operator, values }],
  });
  assert.equal(selectorMatches(expr("In", ["game", "x"]), labels), true);
  assert.equal(selectorMatches(expr("NotIn", ["game"]), labels), false);
  assert.equal(selectorMatches(expr("Exists"), labels), true);
  assert.equal(selectorMatches(expr("DoesNotExist"), labels), false);
  assert.equal(selectorMatches({ matchLabels: { tier: "game" }, ...expr("NotIn", ["game"]) }, labels), false);
});
