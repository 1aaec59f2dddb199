/**
 * The GitHub Actions workflows: valid for GitHub (with the maintained action-validator, which
 * checks them against the SchemaStore workflow schema) and doing what docs/review.md promises.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { parse } from "yaml";
import { COMMENT_MARKER } from "../tools/plan/render-markdown";
import { ROOT, runStack } from "./harness";
import { evaluate, evaluateField } from "./support/github-expressions";
import {
  modelWorkflows,
  unreachableReason,
  type ProjectInfo,
  type StackReach,
  type WorkflowFile,
  type WorkflowModel,
} from "./support/workflow-reachability";

interface Step {
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
  readonly if?: string;
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

  it("declare least-privilege permissions and only need jobs that exist", () => {
    assert.deepEqual(files.sort(), [
      "deploy.yml",
      "expire.yml",
      "launcher-image.yml",
      "mutate.yml",
      "pull-request.yml",
      "pulumi-up.yml",
    ]);
    for (const file of files) {
      const w = workflow(file);
      assert.deepEqual(w.permissions, { contents: "read" }, `${file}: read-only by default`);
      for (const [name, job] of Object.entries(w.jobs)) {
        assert.ok(job["runs-on"] || job.uses, `${file} ${name}: runs somewhere`);
        for (const need of [job.needs ?? []].flat())
          assert.ok(w.jobs[need], `${file} ${name}: needs ${need}`);
      }
    }
  });

  it("pin every external action to a full commit SHA, with the release tag in a comment", () => {
    for (const file of files) {
      const lines = text(file).split("\n");
      const uses = Object.values(workflow(file).jobs).flatMap((j) => [
        ...(j.uses ? [j.uses] : []),
        ...(j.steps ?? []).flatMap((s) => (s.uses ? [s.uses] : [])),
      ]);
      assert.ok(uses.length > 0, `${file} uses something`);
      for (const ref of uses) {
        // Local actions and reusable workflows of this repository are pinned by the checkout itself.
        if (ref.startsWith("./")) continue;
        assert.match(
          ref,
          /^[\w.-]+\/[\w.-]+(\/[\w./-]+)?@[0-9a-f]{40}$/,
          `${file}: ${ref} is not pinned to a commit SHA`,
        );
        const line = lines.find((l) =>
          new RegExp(`^\\s*(- )?uses: ${ref.replace(/[./]/g, "\\$&")}\\b`).test(l),
        );
        assert.match(
          line ?? "",
          / # v\d+\.\d+\.\d+$/,
          `${file}: ${ref} needs its release tag as a comment (# vX.Y.Z)`,
        );
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

  it("run the real preview with the policy pack only where the stacks' runners exist, and never for forks", () => {
    const preview = workflow("pull-request.yml").jobs.preview!;
    assert.match(preview.if!, /vars\.CI_RUNNERS == 'true'/);
    assert.match(preview.if!, /vars\.PULUMI_BACKEND_URL != ''/);
    assert.match(preview.if!, /github\.event\.pull_request\.head\.repo\.full_name == github\.repository/);
    const pulumi = preview.steps!.find((s) => s.uses?.startsWith("pulumi/actions@"))!;
    assert.equal(pulumi.with?.command, "preview");
    assert.equal(pulumi.with?.diff, true);
    assert.equal(pulumi.with?.policyPacks, "policy");
  });

  it("take AWS credentials from the runners' IAM role where pulumi runs, from GitHub's OIDC token only where no cluster is involved, never from stored keys", () => {
    const model = modelWorkflows(
      Object.fromEntries(files.map((f) => [f, workflow(f) as unknown as WorkflowFile])),
      projects(),
      VARS,
    );
    const clusterJobs = new Set(model.clusterJobs.map((j) => j.where.split(/[ (]/)[0]));
    const oidcJobs: string[] = [];
    for (const file of files) {
      assert.doesNotMatch(text(file), /AWS_SECRET_ACCESS_KEY|aws-secret-access-key|secrets\.AWS_/, file);
      for (const [name, job] of Object.entries(workflow(file).jobs)) {
        const assumes = (job.steps ?? []).filter((s) =>
          s.uses?.startsWith("aws-actions/configure-aws-credentials@"),
        );
        if (job.permissions?.["id-token"] !== "write") {
          assert.deepEqual(assumes, [], `${file} ${name}: assumes a role without an OIDC token`);
          continue;
        }
        oidcJobs.push(`${file}#${name}`);
        assert.ok(
          !clusterJobs.has(`${file}#${name}`),
          `${file} ${name}: runs pulumi, so it deploys with its runners' role`,
        );
        assert.deepEqual(
          assumes.map((s) => s.with?.["role-to-assume"]),
          ["${{ vars.AWS_ROLE_ARN }}"],
          `${file} ${name}: one role, from the repository variable`,
        );
      }
    }
    assert.deepEqual(oidcJobs, ["launcher-image.yml#image"]);
  });

  it("install the AWS CLI the cluster's kubeconfig needs, pinned by version and sha256, before pulumi runs", () => {
    for (const [file, job] of [
      ["pull-request.yml", "preview"],
      ["pulumi-up.yml", "up"],
    ] as const) {
      const steps = workflow(file).jobs[job]!.steps!;
      const install = steps.findIndex((s) => /awscli-exe-linux-x86_64-[\d.]+\.zip/.test(s.run ?? ""));
      const pulumi = steps.findIndex((s) => s.uses?.startsWith("pulumi/actions@"));
      assert.ok(install >= 0 && install < pulumi, `${file} ${job}: AWS CLI installed before pulumi`);
      assert.match(steps[install]!.run!, /sha256sum -c -/);
      assert.match(steps[install]!.run!, /GITHUB_PATH/);
    }
  });

  it("deploy dev on merge (and nightly), then qa and stage each behind its approval environment", () => {
    const w = workflow("deploy.yml");
    assert.deepEqual(w.on, {
      push: { branches: ["main"] },
      schedule: [{ cron: "30 2 * * *" }],
      workflow_dispatch: null,
    });
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
    const steps = up.steps!;
    const platformUp = steps.findIndex(
      (s) => s.uses?.startsWith("pulumi/actions@") && s.with?.command === "up",
    );
    const sync = steps.findIndex((s) => s.run === "npm run envs -- sync ${{ inputs.stack }}");
    assert.ok(
      platformUp >= 0 && sync > platformUp,
      "the platform stack first, then the tier's environment stacks",
    );
    assert.equal(
      steps[platformUp]!.if,
      "${{ steps.platform.outputs.changed == 'true' }}",
      "the platform stack only when its plan changed",
    );
  });

  it("run mutation testing weekly and on demand, never on push, failing under a threshold and keeping the reports", () => {
    const w = workflow("mutate.yml");
    assert.deepEqual(Object.keys(w.on).sort(), ["schedule", "workflow_dispatch"]);
    assert.deepEqual(w.on.schedule, [{ cron: "41 3 * * 0" }]);
    const dispatch = w.on.workflow_dispatch as { inputs: { folder: { type: string; options: string[] } } };
    // Every folder tools/mutate-folders.ts knows, and nothing else (the tool refuses other names).
    assert.deepEqual(dispatch.inputs.folder.options, ["all", "lib", "stacks", "tools/plan", "policy"]);
    const job = w.jobs.mutate!;
    assert.equal(job.permissions, undefined, "read-only, from the workflow");
    const steps = job.steps!;
    const at = (pattern: RegExp) => steps.findIndex((s) => pattern.test(s.run ?? s.uses ?? ""));
    assert.ok(
      at(/^npm ci/) >= 0 && at(/^npm ci/) < at(/npm run mutate -- --concurrency \d/),
      "npm ci, then mutate",
    );
    assert.match(steps[at(/npm run mutate/)]!.run!, /npm run mutate -- "\$FOLDER" --concurrency \d/);
    const upload = steps.find((s) => s.uses?.startsWith("actions/upload-artifact@"));
    assert.equal(upload?.if, "${{ always() }}", "the reports are kept when a folder fails its threshold");
    assert.equal(upload?.with?.path, "reports/mutation/");
  });

  it("checks every tier's registry change against the pull request's base", () => {
    const review = workflow("pull-request.yml").jobs.review!;
    const check = review.steps!.find((s) => s.run?.includes("npm run --silent envs -- check"));
    assert.ok(check, "a step runs npm run envs -- check");
    assert.match(
      check.run!,
      /for tier in dev qa stage; do npm run --silent envs -- check "\$tier" --base HEAD\^1/,
    );
  });
});

/** The repository's Pulumi projects (a Pulumi.yaml at the root or one level down). */
function projects(): ProjectInfo[] {
  const dirs = [
    ".",
    ...readdirSync(ROOT, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name),
  ];
  return dirs.flatMap((dir) => {
    const file = join(ROOT, dir, "Pulumi.yaml");
    try {
      return [{ dir, name: (parse(readFileSync(file, "utf8")) as { name: string }).name }];
    } catch {
      return [];
    }
  });
}

/** How each platform stack's cluster can be reached, from its config and what its program deploys. */
async function stackReach(stack: string): Promise<StackReach> {
  const { registered, config } = await runStack(stack);
  const cluster = registered.one("eks:index:Cluster");
  return {
    publicAccessCidrs: config.cluster.publicAccessCidrs,
    privateEndpoint: cluster.inputs.endpointPrivateAccess === true,
    runnerScaleSets: registered
      .ofType("kubernetes:helm.sh/v3:Release")
      .filter((r) => String(r.inputs.chart).endsWith("/gha-runner-scale-set"))
      .map((r) => String((r.inputs.values as { runnerScaleSetName: unknown }).runnerScaleSetName)),
  };
}

/** Every cluster job the model finds that cannot reach its stack, with the reason. */
function unreachable(model: WorkflowModel, reach: ReadonlyMap<string, StackReach>): string[] {
  return model.clusterJobs.flatMap((job) =>
    job.clusterStacks.flatMap((stack) => {
      const reason = unreachableReason(job.runsOn, stack, reach.get(stack));
      return reason ? [`${job.where} -> ${stack}: ${reason}`] : [];
    }),
  );
}

const GITHUB_HOSTED = /^(ubuntu|windows|macos)-[\w.-]+$/;
const VARS = { PULUMI_BACKEND_URL: "s3://game-infra-state", CI_RUNNERS: "true", PULUMI_ORG: "" };

describe("workflow jobs reach the clusters they deploy to", () => {
  const workflows: Record<string, WorkflowFile> = Object.fromEntries(
    files.map((f) => [f, workflow(f) as unknown as WorkflowFile]),
  );
  const reach = new Map<string, StackReach>();
  before(async () => {
    const stacks = readdirSync(ROOT)
      .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
      .filter((s): s is string => s !== undefined);
    for (const stack of stacks) reach.set(stack, await stackReach(stack));
  });

  it("every job that runs pulumi against a stack runs where that stack's cluster API is reachable", () => {
    for (const vars of [VARS, { ...VARS, PULUMI_ORG: "studio-example" }]) {
      const model = modelWorkflows(workflows, projects(), vars);
      assert.deepEqual(model.problems, []);
      assert.deepEqual(unreachable(model, reach), []);
    }
  });

  it("finds the previews and the deploys of all three stacks, each on its own stack's runners", () => {
    const model = modelWorkflows(workflows, projects(), VARS);
    assert.deepEqual(
      model.clusterJobs.map((j) => [j.where.replace(/ \(via.*$/, ""), j.runsOn, j.clusterStacks]).sort(),
      [
        ['pull-request.yml#preview {"stack":"dev"}', "game-infra-dev", ["dev"]],
        ['pull-request.yml#preview {"stack":"qa"}', "game-infra-qa", ["qa"]],
        ['pull-request.yml#preview {"stack":"stage"}', "game-infra-stage", ["stage"]],
        ["pulumi-up.yml#up", "game-infra-dev", ["dev"]],
        ["pulumi-up.yml#up", "game-infra-qa", ["qa"]],
        ["pulumi-up.yml#up", "game-infra-stage", ["stage"]],
      ],
    );
  });

  it("keeps every job that needs no cluster (tests, the offline plan) on GitHub-hosted runners", () => {
    const model = modelWorkflows(workflows, projects(), VARS);
    const scaleSets = [...reach.values()].flatMap((r) => r.runnerScaleSets);
    assert.ok(model.otherJobs.some((j) => j.where.startsWith("pull-request.yml#review")));
    for (const job of model.otherJobs) {
      assert.match(job.runsOn, GITHUB_HOSTED, `${job.where}: a GitHub-hosted runner`);
      // The stacks' runners hold deploy credentials: only jobs that deploy belong there.
      assert.ok(!scaleSets.includes(job.runsOn), `${job.where}: not on a stack's runners`);
    }
  });

  it("derives reachability from the stack's config: without ciRunners a stack offers no runner", async () => {
    const { registered } = await runStack("qa", { ciRunners: undefined });
    assert.deepEqual(
      registered
        .ofType("kubernetes:helm.sh/v3:Release")
        .filter((r) => String(r.inputs.chart).includes("gha-runner")),
      [],
    );
    const withoutRunners = new Map(reach);
    withoutRunners.set("qa", { ...reach.get("qa")!, runnerScaleSets: [] });
    const problems = unreachable(modelWorkflows(workflows, projects(), VARS), withoutRunners);
    assert.deepEqual(problems.map((p) => p.split(" -> ")[0]).sort(), [
      'pull-request.yml#preview {"stack":"qa"}',
      "pulumi-up.yml#up (via deploy.yml#qa)",
    ]);
    assert.match(problems[0]!, /not a runner in qa's VPC \(its scale sets: none \(set ciRunners\)\)/);
  });
});

describe("the reachability model (negative cases)", () => {
  const dev: StackReach = {
    publicAccessCidrs: ["203.0.113.0/24", "198.51.100.10/32"],
    privateEndpoint: true,
    runnerScaleSets: ["game-infra-dev"],
  };
  const reach = new Map([["dev", dev]]);
  const root: ProjectInfo[] = [
    { dir: ".", name: "game-infra" },
    { dir: "environment", name: "environment" },
  ];
  const job = (
    runsOn: unknown,
    steps: WorkflowFile["jobs"][string]["steps"],
    extra: object = {},
  ): WorkflowFile => ({
    on: { push: null },
    jobs: { j: { "runs-on": runsOn, steps, ...extra } },
  });
  const findings = (w: WorkflowFile) => {
    const model = modelWorkflows({ "w.yml": w }, root, VARS);
    return [...model.problems, ...unreachable(model, reach)];
  };
  const preview = { uses: "pulumi/actions@x", with: { command: "preview", "stack-name": "dev" } };

  it("a preview on a GitHub-hosted runner cannot reach an allow-listed endpoint", () => {
    const [finding, ...rest] = findings(job("ubuntu-latest", [preview]));
    assert.deepEqual(rest, []);
    assert.match(finding!, /^w\.yml#j -> dev: runs on ubuntu-latest, which is not a runner in dev's VPC/);
    assert.match(finding!, /203\.0\.113\.0\/24, 198\.51\.100\.10\/32/);
  });

  it("another stack's runners, or a label no stack provides, do not reach it either", () => {
    assert.equal(findings(job("game-infra-qa", [preview])).length, 1);
    assert.match(findings(job("game-infra-prod", [preview]))[0]!, /not a runner in dev's VPC/);
    assert.deepEqual(findings(job("game-infra-dev", [preview])), []);
    const noPrivate = new Map([["dev", { ...dev, privateEndpoint: false }]]);
    const model = modelWorkflows({ "w.yml": job("game-infra-dev", [preview]) }, root, VARS);
    assert.match(unreachable(model, noPrivate)[0]!, /private endpoint is off/);
  });

  it("finds the stack in CLI scripts, matrices and stack names with an organisation", () => {
    assert.equal(findings(job("ubuntu-latest", [{ run: "npx pulumi up --yes --stack dev" }])).length, 1);
    assert.equal(
      findings(job("ubuntu-latest", [{ run: "pulumi stack select studio/dev\npulumi refresh --yes" }]))
        .length,
      1,
    );
    const matrix = job(
      "${{ matrix.runner }}",
      [{ uses: "pulumi/actions@x", with: { command: "up", "stack-name": "org/${{ matrix.stack }}" } }],
      { strategy: { matrix: { stack: ["dev"], runner: ["ubuntu-24.04", "game-infra-dev"] } } },
    );
    const matrixFindings = findings(matrix);
    assert.equal(matrixFindings.length, 1, "only the GitHub-hosted entry of the matrix");
    assert.match(
      matrixFindings[0]!,
      /^w\.yml#j \{"stack":"dev","runner":"ubuntu-24\.04"\} -> dev: runs on ubuntu-24\.04/,
    );
  });

  it("holds environment stacks and envs sync to their tier's cluster", () => {
    const sync = findings(job("ubuntu-latest", [{ run: "npm run envs -- sync dev" }]));
    assert.match(sync[0]!, /^w\.yml#j -> dev: /);
    const env = {
      uses: "pulumi/actions@x",
      with: { command: "up", "stack-name": "dev.dev1", "work-dir": "environment" },
    };
    assert.match(findings(job("ubuntu-latest", [env]))[0]!, /-> dev: /);
    assert.deepEqual(findings(job("game-infra-dev", [env, { run: "npm run envs -- sync dev" }])), []);
  });

  it("reports a pulumi step whose stack it cannot tell, a missing stack and an unknown project", () => {
    assert.match(findings(job("game-infra-dev", [{ run: "pulumi up --yes" }]))[0]!, /does not name/);
    assert.match(
      findings(
        job("game-infra-dev", [{ uses: "pulumi/actions@x", with: { command: "up", "stack-name": "prod" } }]),
      )[0]!,
      /there is no stack "prod"/,
    );
    assert.match(
      findings(job("game-infra-dev", [{ run: "pulumi up -s dev --cwd infra" }]))[0]!,
      /no Pulumi project in infra/,
    );
  });

  it("does not count the offline plan or read-only pulumi commands as cluster access", () => {
    const offline = job("ubuntu-latest", [
      { run: "npm run --silent plan -- dev qa stage --base HEAD^1" },
      { run: "pulumi stack output --stack dev kubeconfig" },
      { uses: "pulumi/actions@x", with: { command: "output", "stack-name": "dev" } },
    ]);
    assert.deepEqual(findings(offline), []);
    assert.deepEqual(modelWorkflows({ "w.yml": offline }, root, VARS).clusterJobs, []);
  });
});

describe("GitHub expressions, as the model evaluates them", () => {
  const ctx = { vars: { PULUMI_ORG: "" }, matrix: { stack: "dev" }, inputs: {} };
  const stackName =
    "vars.PULUMI_ORG != '' && format('{0}/{1}', vars.PULUMI_ORG, matrix.stack) || matrix.stack";

  it("&& and || return an operand, so the stack-name idiom yields the org-qualified or the bare name", () => {
    assert.equal(evaluate(stackName, ctx), "dev");
    assert.equal(evaluate(stackName, { ...ctx, vars: { PULUMI_ORG: "studio" } }), "studio/dev");
  });

  it("compares strings ignoring case, reads missing properties as null, and interpolates fields", () => {
    assert.equal(evaluate("vars.PULUMI_ORG == ''", ctx), true);
    assert.equal(evaluate("'DEV' == matrix.stack", ctx), true);
    assert.equal(evaluate("inputs.missing", ctx), null);
    assert.equal(evaluate("'it''s'", ctx), "it's");
    assert.equal(evaluateField("game-infra-${{ matrix.stack }}", ctx), "game-infra-dev");
    assert.deepEqual(evaluateField('${{ fromJSON(\'["dev","qa"]\') }}', ctx), ["dev", "qa"]);
  });

  it("refuses what it does not know instead of guessing", () => {
    assert.throws(() => evaluate("hashFiles('x')", ctx), /unknown function hashFiles\(\)/);
    assert.throws(() => evaluate("steps.x.outputs.y", ctx), /unknown context "steps"/);
    assert.throws(() => evaluate("1 + 2", ctx), /unexpected "\+"/);
  });
});
