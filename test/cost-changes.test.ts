/**
 * The pull-request comment's monthly cost: a change that adds an environment stack shows what it
 * adds (worked out by hand with test prices), and a change that moves no estimate shows none.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { stackCostChange, type CostContext } from "../tools/cost/changes";
import type { Plan } from "../tools/plan/model";
import { renderMarkdownComment } from "../tools/plan/render-markdown";
import { reviewStack, type StackReview } from "../tools/plan/review";
import { gamePoolTestPrices } from "./support/cost-table";
import { ROOT } from "./support/git-repo";

const plan = (file: string) => JSON.parse(readFileSync(join(ROOT, "plans", file), "utf8")) as Plan;

/** Only m6i.2xlarge is priced ($0.50 an hour) among the dev game pool's types; gp3 at $0.10. */
const TABLE = gamePoolTestPrices();

const platform = plan("dev.json");
const environment = plan("fixtures/dev.fixture-rolling.json");
const context: CostContext = {
  prices: TABLE,
  headPlatforms: new Map([["dev", platform]]),
  basePlatforms: new Map([["dev", platform]]),
};
const empty = (p: Plan): Plan => ({ ...p, resources: [], outputs: {} });
const cost = { prices: { table: TABLE, file: "test-prices.json" } };

function reviewed(stack: string, base: Plan, head: Plan): StackReview {
  const change = stackCostChange(stack, base, head, context);
  return { ...reviewStack(base, head), stack, cost: change };
}

function costSection(md: string): string {
  const start = md.indexOf("#### 💰 Monthly cost (estimate)");
  assert.ok(start >= 0, md);
  const end = md.indexOf("\n####", start + 1);
  return md.slice(start, end < 0 ? undefined : end);
}

describe("the pull-request comment's monthly cost", () => {
  // dev.fixture-rolling requests 1150m and 4608 MiB; an m6i.2xlarge leaves 7870m and 29253 MiB
  // (test/cost-cli.test.ts works both out), so it takes 4608/29253 of a node. Always on: that share
  // of ($0.50 × 730 + 64 GiB × $0.10) = $58.50, + 20 GiB × $0.10 = $60.50. On dev's Mon-Fri
  // 08:00-20:00 (60 of 168 hours): share × ($0.50 × 730 + $6.40) × 60/168 = $20.89, + $2.00 = $22.89.
  it("a change that adds an environment stack shows what it adds, always on and on schedule", () => {
    const change = stackCostChange("dev.fixture-rolling", empty(environment), environment, context);
    assert.ok(!("error" in change), JSON.stringify(change));
    assert.equal(change.kind, "environment");
    assert.equal(change.base.usd, 0);
    assert.equal(Math.round(change.change.usd * 100) / 100, 60.5);
    assert.equal(Math.round(change.scheduled!.change.usd * 100) / 100, 22.89);

    const md = renderMarkdownComment(
      [reviewed("dev", platform, platform), reviewed("dev.fixture-rolling", empty(environment), environment)],
      { baseLabel: "origin/main (abc1234)", cost },
    );
    const lines = costSection(md).split("\n");
    assert.ok(lines.includes("| Stack | Base | Head | Change |"), lines.join("\n"));
    assert.ok(
      lines.includes("| `dev.fixture-rolling` | $0.00 · $0.00 | $60.50 · $22.89 | +$60.50 · +$22.89 |"),
      lines.join("\n"),
    );
    // The platform stack's estimate does not move: counted, not listed.
    assert.ok(!lines.some((l) => l.startsWith("| `dev` |")), lines.join("\n"));
    assert.ok(
      lines.includes(
        "**Change, all stacks: +$60.50 a month always on, +$22.89 with the environments on their schedules.** 1 other stack(s) unchanged.",
      ),
      lines.join("\n"),
    );
  });

  it("removing the environment shows the same amount taken away", () => {
    const md = renderMarkdownComment([reviewed("dev.fixture-rolling", environment, empty(environment))], {
      baseLabel: "origin/main (abc1234)",
      cost,
    });
    assert.match(
      costSection(md),
      /^\| `dev\.fixture-rolling` \| \$60\.50 · \$22\.89 \| \$0\.00 · \$0\.00 \| -\$60\.50 · -\$22\.89 \|$/m,
    );
  });

  it("a change that moves no estimate shows no change", () => {
    const md = renderMarkdownComment(
      [reviewed("dev", platform, platform), reviewed("dev.fixture-rolling", environment, environment)],
      { baseLabel: "origin/main (abc1234)", cost },
    );
    const section = costSection(md);
    assert.match(
      section,
      /^No change: the monthly estimate of all 2 stacks stays as it is \(prices for eu-west-1 taken 2026-12-01\)\.$/m,
    );
    assert.doesNotMatch(section, /\| Stack \|/);
    assert.doesNotMatch(section, /[+-]\$\d/);
  });

  it("a platform change is priced by its total: one more system node", () => {
    // The system group's desired size 2 -> 3: one more m6i.large ($0.10 × 730 = $73.00) and its
    // 40 GiB volume (40 × $0.10 = $4.00): +$77.00.
    const more: Plan = {
      ...platform,
      resources: platform.resources.map((r) =>
        r.type === "eks:index:ManagedNodeGroup"
          ? {
              ...r,
              inputs: {
                ...r.inputs,
                scalingConfig: { ...(r.inputs["scalingConfig"] as object), desiredSize: 3 },
              },
            }
          : r,
      ),
    };
    const change = stackCostChange("dev", platform, more, context);
    assert.ok(!("error" in change) && change.kind === "platform", JSON.stringify(change));
    assert.equal(Math.round(change.change.usd * 100) / 100, 77);
    const md = renderMarkdownComment([reviewed("dev", platform, more)], { baseLabel: "b", cost });
    assert.match(costSection(md), /^\| `dev` \| .* \| \+\$77\.00 \|$/m);
  });

  it("says why there is no estimate when the price table could not be read", () => {
    const md = renderMarkdownComment([reviewStack(platform, platform)], {
      baseLabel: "b",
      cost: { error: "no price table for region eu-west-1" },
    });
    assert.match(costSection(md), /^Not estimated: no price table for region eu-west-1$/m);
  });
});
