import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Plan } from "../tools/plan/model";
import { markPreExisting, parsePolicyOutput } from "../tools/plan/policy-result";
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

  it("lists the policy findings a change introduces first, the base's own collapsed, and expired environments on top", () => {
    const urn = (name: string) => `urn:pulumi:dev::game-infra::kubernetes:core/v1:Namespace::${name}`;
    const old = [
      `advisory game-environment-expiry ${urn("dev2-namespace")}: environment dev2 expired on 2026-11-30; delete it or extend it`,
      ...[...Array(40).keys()].map(
        (i) => `advisory k8s-image-digest ${urn(`ns-${i}`)}: image is not pinned by digest`,
      ),
    ];
    const added = `mandatory k8s-cpu-limit ${urn("dev3-namespace")}: no cpu limit`;
    const policy = markPreExisting(
      parsePolicyOutput([...old, added].join("\n"), 1),
      parsePolicyOutput(old.join("\n"), 0),
    );
    const base = syntheticStack({ environments: envs });
    const md = renderMarkdownComment([reviewStack(base, base, { policy })], { baseLabel: "main" });
    assert.match(md, /^\| `dev` \| .* \| ❌ 1 mandatory, 41 advisory \(1 new\) \|$/m);
    const headings = md.split("\n").filter((l) => l.startsWith("#### "));
    assert.deepEqual(headings, [
      "#### ⏰ Expired environments: delete or extend them",
      "#### `dev`: no changes",
    ]);
    assert.match(
      md,
      /#### ⏰ Expired environments: delete or extend them\n\n- \*\*dev\*\* · `kubernetes:core\/v1:Namespace dev2-namespace`: environment dev2 expired on 2026-11-30; delete it or extend it\n/,
    );
    const section = md.slice(md.indexOf("#### `dev`: no changes"));
    assert.match(
      section,
      /\*\*Policy: ❌ 1 mandatory, 41 advisory \(1 new\)\*\*: 1 new in this change, 41 already in the base\n\n- ❌ \*\*mandatory\*\* `k8s-cpu-limit` on `kubernetes:core\/v1:Namespace dev3-namespace`: no cpu limit\n\n<details><summary>41 already in the base \(0 mandatory, 41 advisory\)<\/summary>/,
    );
    // The new finding comes before every old one.
    assert.ok(section.indexOf("k8s-cpu-limit") < section.indexOf("k8s-image-digest"));
  });

  it("drops the base's own policy findings before the new ones when the comment must be trimmed", () => {
    const { base, next } = bigChange();
    const urn = (name: string) => `urn:pulumi:dev::game-infra::kubernetes:apps/v1:Deployment::${name}`;
    const old = [...Array(300).keys()].map(
      (i) =>
        `advisory k8s-image-digest ${urn(`server-${i}`)}: image registry.example/s is not pinned by digest`,
    );
    const added = `advisory k8s-cpu-limit ${urn("server-0")}: no cpu limit`;
    const policy = markPreExisting(
      parsePolicyOutput([...old, added].join("\n"), 0),
      parsePolicyOutput(old.join("\n"), 0),
    );
    const md = renderMarkdownComment([reviewStack(base, next, { policy })], { baseLabel: "main" });
    assert.ok(bytes(md) <= GITHUB_COMMENT_LIMIT);
    assert.match(
      md,
      /- 💡 \*\*advisory\*\* `k8s-cpu-limit` on `kubernetes:apps\/v1:Deployment server-0`: no cpu limit/,
    );
    const existing = md.slice(
      md.indexOf("<details><summary>300 already in the base (0 mandatory, 300 advisory)</summary>"),
    );
    const shown = existing.slice(0, existing.indexOf("</details>")).match(/`k8s-image-digest`/g)?.length ?? 0;
    assert.ok(shown < 300, `only ${shown} of the base's 300 findings are listed`);
    assert.match(existing, /\n- … and \d+ more\n/);
    assert.match(md, /left out .*\d+ policy line\(s\)/);
  });
});
