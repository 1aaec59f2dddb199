/**
 * The review scenarios of "Preview diffs for pull requests": what a change does to the dev stack,
 * computed from the real program's plans (expectations derived from the plans, not a resource list),
 * and from synthetic plans for what the program should never do on its own.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { parse, stringify } from "yaml";
import { resolveBaseRef } from "../tools/plan/base-plan";
import { buildPlan } from "../tools/plan/build";
import { compareStacks } from "../tools/plan/compare";
import type { ResourceChange } from "../tools/plan/diff";
import type { Plan } from "../tools/plan/model";
import { formatPath } from "../tools/plan/paths";
import { renderMarkdownComment } from "../tools/plan/render-markdown";
import { renderReviewText } from "../tools/plan/render-text";
import { reviewStack, type StackReview } from "../tools/plan/review";
import { OFFLINE_SECRET_PLACEHOLDER } from "../tools/plan/stack-files";
import { ROOT } from "./harness";
import { syntheticStack, subtree } from "./support/synthetic-plan";

type Environment = Record<string, unknown>;

/** Stateful AWS types that only the shared data stores create. */
const SHARED_STATEFUL = /^aws:(rds|elasticache)\//;

describe("reviewing a change to the dev stack (the real program)", () => {
  let dir: string;
  let base: Plan;

  /** The dev plan with the committed settings changed by `edit`. */
  async function planWith(edit: (environments: Environment[]) => void): Promise<Plan> {
    const settings = parse(readFileSync(join(ROOT, "Pulumi.dev.yaml"), "utf8")) as {
      config: Record<string, unknown>;
    };
    edit(settings.config["game-infra:environments"] as Environment[]);
    const file = join(dir, `dev-${Math.random().toString(36).slice(2)}.yaml`);
    writeFileSync(file, stringify(settings));
    return buildPlan({ root: ROOT, stack: "dev", configFile: file });
  }

  const environmentUrn = (plan: Plan, name: string) => {
    const env = plan.resources.find((r) => r.type === "game:index:GameEnvironment" && r.name === name);
    assert.ok(env, `the dev plan has a GameEnvironment ${name}`);
    return env.urn;
  };
  const byOperation = (review: StackReview, op: ResourceChange["operation"]) =>
    review.diff!.resources.filter((r) => r.operation === op);

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "plan-review-"));
    base = await buildPlan({ root: ROOT, stack: "dev" });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("a new version of one environment changes only that environment's resources, in place", async () => {
    const next = await planWith((envs) => {
      envs.find((e) => e.name === "dev2")!.version = "1.43.0";
    });
    const review = reviewStack(base, next);
    const dev2 = subtree(next, environmentUrn(next, "dev2"));
    const changed = review.diff!.resources;
    assert.ok(changed.length > 0, "the version change reaches dev2's servers");
    assert.deepEqual(
      changed.filter((r) => !dev2.has(r.urn)).map((r) => r.urn),
      [],
      "every changed resource is in dev2's subtree",
    );
    assert.deepEqual(new Set(changed.map((r) => r.operation)), new Set(["update"]));
    // Every game server Deployment of dev2 rolls to the new image tag.
    const deployments = next.resources.filter(
      (r) => r.type === "kubernetes:apps/v1:Deployment" && dev2.has(r.urn),
    );
    assert.ok(deployments.length >= 4);
    for (const d of deployments) {
      const change = changed.find((c) => c.urn === d.urn);
      const image = change?.changes.find((p) => /containers\[\d+\]\.image$/.test(formatPath(p.path)));
      assert.match(String(image?.after), /:1\.43\.0$/, `${d.name} gets the 1.43.0 image`);
    }
    assert.deepEqual(review.risks, []);
    assert.deepEqual(review.renames, []);
  });

  // An environment with an owner role also widens that role's namespace access on the cluster (an
  // update of eks:index:Cluster accessEntries); without one, adding it touches nothing else.
  it("adding an environment only creates, all of it under the new environment", async () => {
    const next = await planWith((envs) => {
      const { ownerArn: _ownerArn, ...template } = envs[1]!;
      envs.push({ ...template, name: "dev4", redisDb: 9 });
    });
    const review = reviewStack(base, next);
    const dev4 = subtree(next, environmentUrn(next, "dev4"));
    const created = byOperation(review, "create");
    assert.equal(created.length, dev4.size, "the whole environment is created");
    assert.equal(created.length, review.diff!.resources.length, "nothing but creates");
    assert.deepEqual(
      created.filter((r) => !dev4.has(r.urn)).map((r) => r.urn),
      [],
    );
    assert.deepEqual(review.risks, []);
  });

  it("removing an environment deletes only its own resources and never the shared data stores", async () => {
    const next = await planWith((envs) => {
      envs.splice(
        envs.findIndex((e) => e.name === "dev2"),
        1,
      );
    });
    const review = reviewStack(base, next);
    const dev2 = subtree(base, environmentUrn(base, "dev2"));
    const deleted = byOperation(review, "delete");
    assert.equal(deleted.length, dev2.size, "the whole environment goes");
    assert.deepEqual(
      deleted.filter((r) => !dev2.has(r.urn)).map((r) => r.urn),
      [],
    );
    // The only other change: dev2's owner role loses its namespace access on the cluster.
    assert.deepEqual(
      review
        .diff!.resources.filter((r) => r.operation !== "delete")
        .map((r) => [r.type, r.operation, [...new Set(r.changes.map((c) => c.path[0]))]]),
      [["eks:index:Cluster", "update", ["accessEntries"]]],
    );
    const stores = base.resources.filter((r) => r.type === "game:index:SharedDataStores");
    assert.ok(stores.length > 0);
    const shared = new Set(stores.flatMap((s) => [...subtree(base, s.urn)]));
    const touched = review.diff!.resources.filter((r) => shared.has(r.urn) || SHARED_STATEFUL.test(r.type));
    assert.deepEqual(
      touched.map((r) => r.urn),
      [],
    );
    // The environment's own data (Couchbase volumes) is the data-loss risk, and only that.
    assert.ok(review.risks.length > 0);
    assert.deepEqual(
      review.risks.filter((r) => !dev2.has(r.urn)).map((r) => r.urn),
      [],
    );
    assert.ok(review.risks.some((r) => r.type === "kubernetes:apps/v1:StatefulSet"));
  });

  it("renaming an environment in config is one likely rename that says what happens to its data, not an alias", async () => {
    const next = await planWith((envs) => {
      envs.find((e) => e.name === "dev2")!.name = "dev-two";
    });
    const review = reviewStack(base, next);
    assert.equal(review.renames.length, 1);
    const [rename] = review.renames;
    assert.equal(rename!.from.type, "game:index:GameEnvironment");
    assert.equal(rename!.from.name, "dev2");
    assert.equal(rename!.to.name, "dev-two");
    // Every deleted resource is paired with its new self.
    assert.equal(rename!.members.length, byOperation(review, "delete").length);
    // Where the data is: the MySQL database follows the name, the Redis DB number is config.
    assert.deepEqual(rename!.environment, {
      from: "dev2",
      to: "dev-two",
      mysqlDatabase: { from: "game_dev2", to: "game_dev_two" },
      redisDb: { from: 2, to: 2 },
      volumes: ["dev2-couchbase-statefulset"],
    });
    const text = renderReviewText(review, "");
    assert.match(
      text,
      /Likely renames \(1\)\n {2}game:index:GameEnvironment dev2 -> dev-two: environment renamed in config/,
    );
    assert.match(text, /dev-two is a new environment and dev2 is removed/);
    assert.match(
      text,
      /Kept \(docs\/data-stores\.md, "Removing an environment does not delete its data"\): its MySQL database game_dev2 \(dev-two gets a new, empty game_dev_two\) and its keys in Redis DB 2 \(dev-two keeps DB 2, so it finds them\)\./,
    );
    assert.match(text, /Lost: the volumes of dev2-couchbase-statefulset, deleted with its namespace/);
    assert.match(
      text,
      /To keep using dev2's data, keep the name dev2; if the new name is needed, copy the MySQL data/,
    );
    // An alias cannot be written for a config entry: no such advice.
    assert.doesNotMatch(text, /add `aliases/);
    const markdown = renderMarkdownComment([review], { baseLabel: "main" });
    assert.match(markdown, /\*\*dev2 → dev-two\*\*: environment dev2 renamed to dev-two in config/);
    assert.doesNotMatch(markdown, /If it is the same thing, add/);
  });

  it("a new environment on a removed one's Redis DB, and a changed redisDb, are data-loss risks", async () => {
    let removedDb = 0;
    let oldLoginDb = 0;
    const next = await planWith((envs) => {
      const dev2 = envs.findIndex((e) => e.name === "dev2");
      removedDb = envs[dev2]!.redisDb as number;
      const { ownerArn: _ownerArn, ...template } = envs[dev2]!;
      envs.splice(dev2, 1);
      envs.push({ ...template, name: "dev4", redisDb: removedDb });
      const login = envs.find((e) => e.name === "login-dev")!;
      oldLoginDb = login.redisDb as number;
      login.redisDb = 9;
    });
    const review = reviewStack(base, next);
    const redis = review.risks.filter((r) => /Redis DB/.test(r.holds));
    assert.deepEqual(
      redis.map((r) => `${r.operation} ${r.type} ${r.name}: ${r.holds}`),
      [
        `create kubernetes:core/v1:Namespace dev4-namespace: Redis DB ${removedDb}, used by dev2 before this change`,
        `update kubernetes:core/v1:Namespace login-dev-namespace: environment login-dev's keys in Redis DB ${oldLoginDb}`,
      ],
    );
    assert.match(
      renderReviewText(review, ""),
      new RegExp(`dev4 is given Redis DB ${removedDb}, which dev2 used \\(dev2 is removed in this change\\)`),
    );
  });

  it("shows no secret anywhere in a full diff of the stack, text or markdown", () => {
    const review = reviewStack({ ...base, resources: [], outputs: {} }, base);
    const text = renderReviewText(review, "");
    const markdown = renderMarkdownComment([review], { baseLabel: "nothing", limit: 10_000_000 });
    for (const out of [text, markdown]) {
      assert.equal(out.includes(OFFLINE_SECRET_PLACEHOLDER), false);
      assert.equal(out.includes("MOCKSECRET"), false);
      assert.ok(out.includes("[secret]"));
    }
  });
});

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

describe("--base: the program at a git ref as the base", () => {
  it("gives the same diff as the committed plan when the plans at that ref are fresh", async () => {
    const head = await buildPlan({ root: ROOT, stack: "qa" });
    const request = {
      root: ROOT,
      stacks: ["qa"],
      heads: new Map([["qa", head]]),
      problems: new Map(),
      policy: false,
    };
    const atRef = await compareStacks({ ...request, base: await resolveBaseRef(ROOT, "HEAD") });
    const committed = JSON.parse(
      execFileSync("git", ["show", "HEAD:plans/qa.json"], { cwd: ROOT, encoding: "utf8" }),
    ) as Plan;
    const ref = atRef.reviews[0]!;
    assert.deepEqual(ref.problems, []);
    assert.match(atRef.label, /^HEAD \([0-9a-f]{7}\)$/);
    assert.deepEqual(
      ref,
      reviewStack(committed, head),
      "same review as against HEAD's committed plans/qa.json",
    );
    const worktrees = execFileSync("git", ["worktree", "list"], { cwd: ROOT, encoding: "utf8" });
    assert.doesNotMatch(worktrees, /plan-base-/, "the temporary worktree is removed");
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
