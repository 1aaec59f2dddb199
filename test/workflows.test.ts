/**
 * The GitHub Actions workflows: valid for GitHub (with the maintained action-validator, which
 * checks them against the SchemaStore workflow schema) and doing what docs/review.md promises.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, it } from "node:test";
import { parse } from "yaml";
import { COMMENT_MARKER } from "../tools/plan/render-markdown";
import { ROOT } from "./harness";

interface Step {
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
}
interface Job {
  readonly "runs-on"?: string;
  readonly uses?: string;
  readonly needs?: string | string[];
  readonly if?: string;
  readonly environment?: string;
  readonly permissions?: Record<string, string>;
  readonly steps?: Step[];
  readonly with?: Record<string, unknown>;
}
interface Workflow {
  readonly on: Record<string, unknown>;
  readonly permissions?: Record<string, string>;
  readonly jobs: Record<string, Job>;
}

const DIR = join(ROOT, ".github", "workflows");
const files = readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f));
const text = (file: string) => readFileSync(join(DIR, file), "utf8");
const workflow = (file: string) => parse(text(file)) as Workflow;
const steps = (w: Workflow) => Object.values(w.jobs).flatMap((j) => j.steps ?? []);

/** @action-validator/core, when installed (a devDependency). */
function actionValidator(): { validateWorkflow(src: string): { errors: unknown[] } } | undefined {
  try {
    return createRequire(__filename)("@action-validator/core") as ReturnType<typeof actionValidator>;
  } catch {
    return undefined;
  }
}

describe("GitHub workflows", () => {
  const validator = actionValidator();
  it(
    "pass action-validator (the SchemaStore workflow schema and GitHub's expression rules)",
    { skip: validator ? false : "install the devDependency @action-validator/core to run this check" },
    () => {
      for (const file of files) assert.deepEqual(validator!.validateWorkflow(text(file)).errors, [], file);
    },
  );

  it("declare least-privilege permissions, pin every action to a release and only need jobs that exist", () => {
    assert.deepEqual(files.sort(), ["deploy.yml", "expire.yml", "pull-request.yml", "pulumi-up.yml"]);
    for (const file of files) {
      const w = workflow(file);
      assert.deepEqual(w.permissions, { contents: "read" }, `${file}: read-only by default`);
      for (const [name, job] of Object.entries(w.jobs)) {
        assert.ok(job["runs-on"] || job.uses, `${file} ${name}: runs somewhere`);
        for (const need of [job.needs ?? []].flat())
          assert.ok(w.jobs[need], `${file} ${name}: needs ${need}`);
      }
      for (const step of steps(w)) {
        if (step.uses)
          assert.match(step.uses, /^[\w-]+\/[\w-]+@(v\d+|[0-9a-f]{40})$/, `${file}: ${step.uses}`);
      }
    }
  });

  it("test pull requests, then post one plan-diff comment that is updated in place", () => {
    const w = workflow("pull-request.yml");
    assert.deepEqual(Object.keys(w.on), ["pull_request"]);
    const runs = w.jobs.review!.steps!.map((s) => s.run ?? s.uses ?? "");
    const at = (pattern: RegExp) => runs.findIndex((r) => pattern.test(r));
    assert.ok(at(/^npm ci/) >= 0 && at(/^npm ci/) < at(/^npm test$/), "npm ci, then npm test");
    assert.ok(at(/^npm test$/) < at(/npm run --silent plan -- dev qa stage --base \S+ --format markdown/));
    const comment = w.jobs.review!.steps!.find((s) => s.uses?.startsWith("actions/github-script@"));
    assert.ok(
      String(comment?.with?.script).includes(`"${COMMENT_MARKER}"`),
      "the script finds the comment by the renderer's marker",
    );
    assert.match(String(comment?.with?.script), /updateComment[\s\S]*createComment/);
    assert.equal(w.jobs.review!.permissions?.["pull-requests"], "write");
  });

  it("run the real preview with the policy pack only where cloud credentials are configured", () => {
    const preview = workflow("pull-request.yml").jobs.preview!;
    assert.match(preview.if!, /vars\.AWS_ROLE_ARN != ''/);
    assert.match(preview.if!, /vars\.PULUMI_BACKEND_URL != ''/);
    assert.equal(preview.permissions?.["id-token"], "write", "AWS credentials come from OIDC");
    const pulumi = preview.steps!.find((s) => s.uses?.startsWith("pulumi/actions@"))!;
    assert.equal(pulumi.with?.command, "preview");
    assert.equal(pulumi.with?.diff, true);
    assert.equal(pulumi.with?.policyPacks, "policy");
  });

  it("deploy dev on merge, then qa and stage each behind its approval environment", () => {
    const w = workflow("deploy.yml");
    assert.deepEqual(w.on, { push: { branches: ["main"] }, workflow_dispatch: null });
    assert.deepEqual(
      ["dev", "qa", "stage"].map((s) => [s, w.jobs[s]!.uses, w.jobs[s]!.with?.stack, w.jobs[s]!.needs]),
      [
        ["dev", "./.github/workflows/pulumi-up.yml", "dev", "verify"],
        ["qa", "./.github/workflows/pulumi-up.yml", "qa", "dev"],
        ["stage", "./.github/workflows/pulumi-up.yml", "stage", "qa"],
      ],
    );
    const up = workflow("pulumi-up.yml").jobs.up!;
    assert.equal(up.environment, "${{ inputs.stack }}", "each stack waits for its environment's reviewers");
    assert.equal(up.steps!.find((s) => s.uses?.startsWith("pulumi/actions@"))?.with?.command, "up");
  });
});
