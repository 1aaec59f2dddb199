/**
 * The review scenarios of "Preview diffs for pull requests": what a change does to the dev tier,
 * computed from the real program's plans (expectations derived from the plans, not a resource list),
 * and the program at a git ref as the base. An end-to-end suite (npm run test:e2e): it plans the
 * whole tier several times over. Synthetic scenarios: test/plan-review-synthetic.test.ts.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { parse, stringify } from "yaml";
import { emptyPlan, resolveBaseRef, type BasePlan } from "../tools/plan/base-plan";
import { buildPlan } from "../tools/plan/build";
import { compareStacks } from "../tools/plan/compare";
import type { Plan } from "../tools/plan/model";
import { formatPath } from "../tools/plan/paths";
import { renderMarkdownComment } from "../tools/plan/render-markdown";
import { renderReviewText } from "../tools/plan/render-text";
import { hasChanges, reviewStack, type StackReview } from "../tools/plan/review";
import { buildTierPlans, type TierPlans } from "../tools/plan/tier";
import { OFFLINE_SECRET_PLACEHOLDER } from "../tools/plan/stack-files";
import { ROOT, TEST_TODAY } from "./paths";

/** Stateful AWS types that only the shared data stores create. */
const SHARED_STATEFUL = /^aws:(rds|elasticache)\//;

describe("reviewing a change to the dev tier (the real program: platform and environment stacks)", () => {
  let base: TierPlans;

  /** Every stack of the dev tier planned with the committed platform and a registry changed by `edit`. */
  async function reviewsWith(edit: (registry: string) => void): Promise<Map<string, StackReview>> {
    const root = mkdtempSync(join(tmpdir(), "plan-review-"));
    try {
      for (const file of ["Pulumi.yaml", "Pulumi.dev.yaml"]) copyFileSync(join(ROOT, file), join(root, file));
      const registry = join(root, "environments", "dev");
      cpSync(join(ROOT, "environments", "dev"), registry, { recursive: true });
      edit(registry);
      const next = await buildTierPlans({ root, tier: "dev", today: TEST_TODAY });
      const heads = new Map([["dev", next.platform], ...next.environments]);
      const plans = new Map<string, BasePlan>([
        ["dev", { plan: base.platform }],
        ...[...base.environments].map(([stack, plan]): [string, BasePlan] => [stack, { plan }]),
      ]);
      for (const [stack, plan] of next.environments) {
        if (!plans.has(stack)) plans.set(stack, { plan: emptyPlan(plan.project, stack) });
      }
      const comparison = await compareStacks({
        root: ROOT,
        stacks: [...heads.keys()],
        heads,
        problems: new Map(),
        policy: false,
        bases: { label: "the committed registry", plans },
      });
      return new Map(comparison.reviews.map((r) => [r.stack, r]));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }

  /** The registry file of `name` in `registry`, changed by `change`. */
  function editFile(registry: string, name: string, change: (file: Record<string, unknown>) => void): void {
    const path = join(registry, `${name}.yaml`);
    const file = parse(readFileSync(path, "utf8")) as Record<string, unknown>;
    change(file);
    writeFileSync(path, stringify(file));
  }

  const unchanged = (reviews: Map<string, StackReview>, except: readonly string[]) =>
    [...reviews].filter(([stack, r]) => !except.includes(stack) && hasChanges(r)).map(([stack]) => stack);

  before(async () => {
    base = await buildTierPlans({ root: ROOT, tier: "dev", today: TEST_TODAY });
  });

  it("a new version of one environment changes only that environment's stack, in place", async () => {
    const reviews = await reviewsWith((registry) =>
      editFile(registry, "dev2", (f) => {
        f.version = "1.43.0";
      }),
    );
    assert.deepEqual(unchanged(reviews, ["dev.dev2"]), [], "no other stack changes, the platform included");
    const review = reviews.get("dev.dev2")!;
    const changed = review.diff!.resources;
    assert.ok(changed.length > 0, "the version change reaches dev2's servers");
    assert.deepEqual(new Set(changed.map((r) => r.operation)), new Set(["update"]));
    const next = base.environments.get("dev.dev2")!;
    const deployments = next.resources.filter((r) => r.type === "kubernetes:apps/v1:Deployment");
    assert.ok(deployments.length >= 4);
    for (const d of deployments) {
      const change = changed.find((c) => c.urn === d.urn);
      const image = change?.changes.find((p) => /containers\[\d+\]\.image$/.test(formatPath(p.path)));
      assert.match(String(image?.after), /:1\.43\.0$/, `${d.name} gets the 1.43.0 image`);
    }
    assert.deepEqual(review.risks, []);
    assert.deepEqual(review.renames, []);
  });

  it("adding an environment only creates its own stack, all of it", async () => {
    const reviews = await reviewsWith((registry) => {
      editFile(registry, "dev1", () => {});
      writeFileSync(
        join(registry, "dev4.yaml"),
        readFileSync(join(registry, "dev2.yaml"), "utf8").replace("redisDb: 2", "redisDb: 9"),
      );
    });
    assert.deepEqual(unchanged(reviews, ["dev.dev4"]), []);
    const review = reviews.get("dev.dev4")!;
    const created = review.diff!.resources.filter((r) => r.operation === "create");
    assert.ok(created.length >= 40, `the whole environment is created (${created.length})`);
    assert.equal(created.length, review.diff!.resources.length, "nothing but creates");
    assert.deepEqual(review.risks, []);
  });

  it("removing an environment destroys only its own stack; the platform and its data stores stay", async () => {
    const reviews = await reviewsWith((registry) => rmSync(join(registry, "dev2.yaml")));
    assert.deepEqual(unchanged(reviews, ["dev.dev2"]), []);
    const review = reviews.get("dev.dev2")!;
    assert.match(review.note ?? "", /^stack dev\.dev2 is gone from the registry: sync destroys it/);
    const deleted = review.diff!.resources.filter((r) => r.operation === "delete");
    assert.equal(deleted.length, base.environments.get("dev.dev2")!.resources.length, "all of it goes");
    assert.deepEqual(
      review.diff!.resources.filter((r) => SHARED_STATEFUL.test(r.type)),
      [],
    );
    // The environment's own data (Couchbase's volume) is the data-loss risk, and only that.
    assert.ok(review.risks.some((r) => r.type === "kubernetes:apps/v1:StatefulSet"));
    assert.deepEqual(
      review.risks.filter((r) => !/dev2/.test(r.name)).map((r) => r.name),
      [],
    );
  });

  it("renaming an environment's file is one likely rename that says what happens to its data, not an alias", async () => {
    const reviews = await reviewsWith((registry) => {
      writeFileSync(
        join(registry, "dev-two.yaml"),
        readFileSync(join(registry, "dev2.yaml"), "utf8").replace("redisDb: 2", "redisDb: 9"),
      );
      rmSync(join(registry, "dev2.yaml"));
    });
    const review = reviews.get("dev.dev-two")!;
    assert.equal(review.renames.length, 1);
    const [rename] = review.renames;
    assert.equal(rename!.from.type, "game:index:GameEnvironment");
    assert.equal(rename!.from.name, "dev2");
    assert.equal(rename!.to.name, "dev-two");
    assert.deepEqual(rename!.environment, {
      from: "dev2",
      to: "dev-two",
      mysqlDatabase: { from: "game_dev2", to: "game_dev_two" },
      redisDb: { from: 2, to: 9 },
      volumes: ["dev2-couchbase-statefulset"],
    });
    const text = renderReviewText(review, "");
    assert.match(
      text,
      /Likely renames \(1\)\n {2}game:index:GameEnvironment dev2 -> dev-two: environment renamed in config/,
    );
    assert.match(text, /dev-two is a new environment and dev2 is removed/);
    assert.doesNotMatch(text, /aliases:/, "no alias advice for a rename done in config");
  });

  it("a new environment on a removed one's Redis DB, and a changed redisDb, are data-loss risks", async () => {
    const reviews = await reviewsWith((registry) => {
      writeFileSync(join(registry, "dev4.yaml"), readFileSync(join(registry, "dev2.yaml"), "utf8"));
      rmSync(join(registry, "dev2.yaml"));
      editFile(registry, "login-dev", (f) => {
        f.redisDb = 9;
      });
    });
    const risks = [...reviews.values()].flatMap((r) => r.risks).filter((r) => /Redis DB/.test(r.holds));
    assert.deepEqual(risks.map((r) => `${r.operation} ${r.type} ${r.name}: ${r.holds}`).sort(), [
      "create kubernetes:core/v1:Namespace dev4-namespace: Redis DB 2, used by dev2 before this change",
      "update kubernetes:core/v1:Namespace login-dev-namespace: environment login-dev's keys in Redis DB 3",
    ]);
    assert.match(
      renderReviewText(reviews.get("dev.dev4")!, ""),
      /dev4 is given Redis DB 2, which dev2 used \(dev2 is removed in this change\)/,
    );
  });

  it("shows no secret anywhere in a full diff of a stack, text or markdown", () => {
    for (const plan of [base.platform, base.environments.get("dev.dev1")!]) {
      const review = reviewStack({ ...plan, resources: [], outputs: {} }, plan);
      const text = renderReviewText(review, "");
      const markdown = renderMarkdownComment([review], { baseLabel: "nothing", limit: 10_000_000 });
      for (const out of [text, markdown]) {
        assert.equal(out.includes(OFFLINE_SECRET_PLACEHOLDER), false);
        assert.equal(out.includes("MOCKSECRET"), false);
        // The platform's outputs (its kubeconfig) are shown, masked.
        if (plan === base.platform) assert.ok(out.includes("[secret]"));
      }
    }
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
    // The worktree's path, from the line basePlansAtRef prints: other test processes may be planning
    // in worktrees of their own at the same moment, so only ours is checked.
    const stderrWrite = process.stderr.write.bind(process.stderr);
    let printed = "";
    process.stderr.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
      printed += String(chunk);
      return stderrWrite(chunk, ...rest);
    }) as typeof process.stderr.write;
    let atRef: Awaited<ReturnType<typeof compareStacks>>;
    try {
      atRef = await compareStacks({ ...request, base: await resolveBaseRef(ROOT, "HEAD") });
    } finally {
      process.stderr.write = stderrWrite;
    }
    const ours = /in a temporary worktree \((.+?)\)/.exec(printed)?.[1];
    assert.ok(ours, `basePlansAtRef names its worktree (printed: ${printed})`);
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
    assert.equal(worktrees.includes(ours), false, `the temporary worktree ${ours} is removed`);
    assert.equal(existsSync(ours), false, `its directory ${ours} is deleted`);
  });
});
