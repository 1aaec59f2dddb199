import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Plan } from "../tools/plan/model";
import { parsePolicyOutput } from "../tools/plan/policy-result";
import {
  COMMENT_MARKER,
  GITHUB_COMMENT_LIMIT,
  escapeMd,
  renderMarkdownComment,
  resourceLabel,
} from "../tools/plan/render-markdown";
import { failedReview, reviewStack } from "../tools/plan/review";
import { PlanBuilder, syntheticStack } from "./support/synthetic-plan";

const bytes = (s: string) => Buffer.byteLength(s, "utf8");

/** 300 Deployments whose image and twenty long labels all change, plus one RDS replacement. */
function bigChange(): { base: Plan; next: Plan } {
  const plans = ["1.0.0", "2.0.0"].map((version) => {
    const b = new PlanBuilder();
    b.add(
      "aws:rds/instance:Instance",
      "db",
      { identifier: version === "1.0.0" ? "db" : "db-2" },
      { protect: true },
    );
    for (let i = 0; i < 300; i++) {
      const labels = Object.fromEntries(
        [...Array(20).keys()].map((k) => [`label-${k}`, `${"x".repeat(150)}-${version}`]),
      );
      b.add("kubernetes:apps/v1:Deployment", `server-${i}`, {
        metadata: { name: `server-${i}`, labels },
        spec: { template: { spec: { containers: [{ name: "s", image: `registry.example/s:${version}` }] } } },
      });
    }
    return b.build();
  });
  return { base: plans[0]!, next: plans[1]! };
}

describe("the pull-request comment", () => {
  const envs = [{ name: "dev1", version: "1.42.0" }];

  it("starts with the marker and a summary row per stack, then problems, risks, renames and each stack", () => {
    const base = syntheticStack({ environments: envs });
    const next = syntheticStack({ environments: [], rds: { engine: "mariadb" } });
    const policy = parsePolicyOutput(
      [
        "advisory k8s-cpu-limit urn:pulumi:dev::game-infra::game:index:GameWorkload$kubernetes:apps/v1:Deployment::d: no cpu limit",
        "mandatory rds-encrypted urn:pulumi:dev::game-infra::aws:rds/instance:Instance::db: storage is not encrypted",
      ].join("\n"),
      1,
    );
    const reviews = [
      reviewStack(base, next, { policy }),
      reviewStack(base, base, { policy: parsePolicyOutput("", 0) }),
      failedReview("stage", ['environments[0].name: "Dev_1" is not a DNS-1123 label']),
    ];
    const md = renderMarkdownComment(reviews, { baseLabel: "origin/main (abc1234)" });
    const lines = md.split("\n");
    assert.equal(lines[0], COMMENT_MARKER);
    assert.match(md, /Compared with \*\*origin\/main \(abc1234\)\*\*/);
    const rows = lines.filter((l) => l.startsWith("| `"));
    const changed = reviews[0]!.diff!.counts;
    assert.deepEqual(rows, [
      `| \`dev\` | 0 | 0 | 1 | ${changed.delete} | ${changed.same} | ⚠️ 3 | ❌ 1 mandatory, 1 advisory |`,
      `| \`dev\` | 0 | 0 | 0 | 0 | ${base.resources.length} | none | ✅ 0 mandatory, 0 advisory |`,
      "| `stage` ❌ | – | – | – | – | – | – | not run |",
    ]);
    assert.equal(changed.delete, 18, "the environment's 18 resources");
    const headings = lines.filter((l) => l.startsWith("#### "));
    assert.deepEqual(headings, [
      "#### ❌ Problems",
      "#### ⚠️ Data-loss risk",
      `#### \`dev\`: 0 to create, 0 to update, 1 to replace, 18 to delete, ${changed.same} unchanged`,
      "#### `dev`: no changes",
      "#### `stage`: not compared (see problems)",
    ]);
    // Mandatory policy findings come first, by resource.
    assert.match(
      md,
      /<summary>Policy: ❌ 1 mandatory, 1 advisory<\/summary>\n\n- ❌ \*\*mandatory\*\* `rds-encrypted` on `aws:rds\/instance:Instance db`/,
    );
    assert.match(
      md,
      /<details><summary>\+- Replace \(1\)<\/summary>\n\n- `\+-` `aws:rds\/instance:Instance` \*\*dev-mysql-instance\*\*\n {2}- `engine`: `"mysql"` → `"mariadb"` — \*\*forces replacement\*\*/,
    );
    assert.ok(!md.includes("Trimmed"), "a small comment is not trimmed");
  });

  it("keeps a 300-resource change under GitHub's limit and says what it left out", () => {
    const { base, next } = bigChange();
    const review = reviewStack(base, next);
    assert.equal(review.diff!.counts.update, 300);
    const full = renderMarkdownComment([review], { baseLabel: "main", limit: Number.MAX_SAFE_INTEGER });
    assert.ok(bytes(full) > GITHUB_COMMENT_LIMIT, `the full comment (${bytes(full)} bytes) would not fit`);

    const md = renderMarkdownComment([review], { baseLabel: "main" });
    assert.ok(bytes(md) <= GITHUB_COMMENT_LIMIT, `${bytes(md)} bytes`);
    assert.match(
      md,
      /> ✂️ Trimmed to fit GitHub's 65,536-character comment limit: left out [\d,]+ property change\(s\)/,
    );
    assert.match(md, /\| `dev` \| 0 \| 300 \| 1 \| 0 \| 0 \| ⚠️ 1 \|/);
    assert.match(
      md,
      /#### ⚠️ Data-loss risk\n\n- \*\*dev\*\* · replace `aws:rds\/instance:Instance` \*\*db\*\*/,
    );
    assert.match(
      md,
      /- `\+-` `aws:rds\/instance:Instance` \*\*db\*\*\n {2}- `identifier`: `"db"` → `"db-2"`/,
      "the replacement keeps its cause",
    );
  });

  it("cuts even the summary when nothing else fits, and says so", () => {
    const { base, next } = bigChange();
    const md = renderMarkdownComment([reviewStack(base, next)], { baseLabel: "main", limit: 600 });
    assert.ok(bytes(md) <= 600);
    assert.match(md, /> ✂️ Cut at 600 bytes to fit GitHub's comment limit\./);
  });

  it("escapes Markdown and HTML in text it did not write", () => {
    assert.equal(escapeMd("<script>|`x`*_[a]#"), "\\<script\\>\\|\\`x\\`\\*\\_\\[a\\]\\#");
    assert.equal(
      resourceLabel(
        "urn:pulumi:dev::game-infra::game:index:GameWorkload$kubernetes:apps/v1:Deployment::dev1-gameserver",
      ),
      "kubernetes:apps/v1:Deployment dev1-gameserver",
    );
  });
});
