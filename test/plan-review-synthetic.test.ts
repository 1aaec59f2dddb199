/**
 * Review scenarios on synthetic plans: what the program should never do on its own (an immutable
 * RDS change, a renamed component, an unmasked secret), reviewed as a pull request would show it.
 * The scenarios on the real program's plans are in test/plan-review.test.ts (npm run test:e2e).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Plan } from "../tools/plan/model";
import { formatPath } from "../tools/plan/paths";
import { renderMarkdownComment } from "../tools/plan/render-markdown";
import { renderReviewText } from "../tools/plan/render-text";
import { reviewStack } from "../tools/plan/review";
import { OFFLINE_SECRET_PLACEHOLDER } from "../tools/plan/stack-files";
import { syntheticStack } from "./support/synthetic-plan";

describe("reviewing synthetic changes", () => {
  const envs = [
    { name: "dev1", version: "1.42.0" },
    { name: "dev2", version: "1.42.0" },
  ];

  it("an immutable RDS change is a replacement, with its data-loss risk on top", () => {
    const base = syntheticStack({ environments: envs });
    const next = syntheticStack({
      environments: [{ ...envs[0]!, version: "1.43.0" }, envs[1]!],
      rds: { engine: "mariadb" },
    });
    const review = reviewStack(base, next);
    const rds = review.diff!.resources.find((r) => r.type === "aws:rds/instance:Instance")!;
    assert.equal(rds.operation, "replace");
    assert.deepEqual(
      rds.replaceReasons.map((r) => formatPath(r.path)),
      ["engine"],
    );
    assert.equal(review.risks[0]!.urn, rds.urn);
    assert.equal(review.risks[0]!.operation, "replace");
    assert.match(
      review.risks[0]!.reason,
      /engine \("mysql" -> "mariadb"\): RDS cannot switch an instance to another engine/,
    );
    assert.match(review.risks[0]!.mitigations.join("\n"), /protected/);

    const text = renderReviewText(review, "");
    const sections = text.split("\n").filter((l) => /^\S.* \(\d+\)$/.test(l));
    assert.equal(sections[0], "!! Data-loss risk (1)");
    assert.match(
      text,
      /!! Data-loss risk \(1\)\n {2}\+- aws:rds\/instance:Instance dev-mysql-instance: RDS database instance/,
    );

    const markdown = renderMarkdownComment([review], { baseLabel: "main" });
    const headings = markdown.split("\n").filter((l) => l.startsWith("#### "));
    assert.equal(headings[0], "#### ⚠️ Data-loss risk");
    assert.match(
      markdown,
      /#### ⚠️ Data-loss risk\n\n- \*\*dev\*\* · replace `aws:rds\/instance:Instance` \*\*dev-mysql-instance\*\*/,
    );
  });

  it("a renamed component is a likely rename that an alias turns into no replacement at all", () => {
    const base = syntheticStack({ environments: envs });
    const next = renameResources(base, "dev2-league", "dev2-league-server");
    const review = reviewStack(base, next);
    assert.deepEqual(
      review.renames.map((r) => [r.from.type, r.from.name, r.to.name, r.alias, r.members.length]),
      [
        [
          "game:index:GameWorkload",
          "dev2-league",
          "dev2-league-server",
          'aliases: [{ name: "dev2-league" }]',
          3,
        ],
      ],
    );
    assert.deepEqual(
      review.renames[0]!.members.flatMap((m) => m.replacedAnyway),
      [],
      "the Kubernetes objects keep their names, so with the alias nothing is replaced",
    );
  });

  it("never prints a secret, even one the plan failed to mask", () => {
    const leak = "hunter2-plain-text";
    const base = syntheticStack({ environments: envs });
    const next = syntheticStack({
      environments: envs,
      rds: { password: leak, masterUserPassword: `${OFFLINE_SECRET_PLACEHOLDER}` },
      extra: (b, { provider }) => {
        b.add(
          "kubernetes:core/v1:Secret",
          "leaky",
          { metadata: { name: "leaky" }, stringData: { password: leak } },
          { provider },
        );
        b.add("aws:secretsmanager/secretVersion:SecretVersion", "leaky-version", { secretString: leak }, {});
        b.add(
          "random:index/randomPassword:RandomPassword",
          "pw",
          { length: 32, result: "MOCKSECRETpw000" },
          {},
        );
      },
    });
    const review = reviewStack(base, { ...next, outputs: { adminToken: leak, note: `uses ${leak}` } });
    const text = renderReviewText(review, "");
    const markdown = renderMarkdownComment([review], { baseLabel: "main" });
    for (const out of [text, markdown]) {
      for (const secret of [leak, OFFLINE_SECRET_PLACEHOLDER, "MOCKSECRET"]) {
        assert.equal(out.includes(secret), false, `${secret} is hidden`);
      }
    }
    assert.match(text, /password: \[secret\] -> \[secret\]|password: "?\[secret\]"? -> \[secret\]/);
  });
});

/** `plan` with the resources named `from` or `from-...` renamed to `to...`, URNs and parents following. */
function renameResources(plan: Plan, from: string, to: string): Plan {
  const rename = (name: string) =>
    name === from || name.startsWith(`${from}-`) ? `${to}${name.slice(from.length)}` : name;
  const urns = new Map<string, string>();
  for (const r of plan.resources) {
    const parts = r.urn.split("::");
    urns.set(r.urn, [...parts.slice(0, 3), rename(parts.slice(3).join("::"))].join("::"));
  }
  const resources = plan.resources.map((r) => ({
    ...r,
    urn: urns.get(r.urn)!,
    name: rename(r.name),
    parent: r.parent ? (urns.get(r.parent) ?? r.parent) : null,
  }));
  return { ...plan, resources: resources.sort((a, b) => (a.urn < b.urn ? -1 : 1)) };
}
