/**
 * Which workflow jobs talk to which stack's cluster, on which runner, and whether that runner can
 * reach the cluster's API under the stack's config: the model behind test/workflows.test.ts.
 *
 * - A job talks to a cluster when a step runs `pulumi preview|up|refresh|destroy|import|watch`
 *   (pulumi/actions with such a `command`, or the CLI in a `run:` script), or `npm run envs -- sync
 *   <tier>` (environment stacks, DESIGN.md); these load the Kubernetes provider, which calls the API.
 * - Its stack comes from the workflow itself: `stack-name` / `--stack`, with `${{ }}` evaluated per
 *   matrix entry and per caller of a reusable workflow (`with:` becomes `inputs`). A stack the model
 *   cannot derive is reported, never skipped.
 * - A stack of another project in the repository (the `environment` project's `<tier>.<env>`) runs
 *   in the cluster of the platform stack `<tier>`.
 * - The runner is `runs-on`, evaluated the same way. A stack's cluster is reachable from the runner
 *   scale set the program deploys for it (self-hosted runners in its VPC; the cluster must have its
 *   private endpoint on), or from GitHub-hosted runners only if its public endpoint admits every
 *   address, since GitHub-hosted runners have no fixed egress address.
 */
import { evaluateField, toText, type ExpressionContexts, type ExpressionValue } from "./github-expressions";

/** A step as written in a workflow. */
export interface WorkflowStep {
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Readonly<Record<string, unknown>>;
  readonly "working-directory"?: string;
}

/** A job as written in a workflow. */
export interface WorkflowJob {
  readonly name?: string;
  readonly "runs-on"?: unknown;
  readonly uses?: string;
  readonly with?: Readonly<Record<string, unknown>>;
  readonly strategy?: { readonly matrix?: Readonly<Record<string, unknown>> };
  readonly steps?: readonly WorkflowStep[];
}

/** A workflow as written. */
export interface WorkflowFile {
  readonly on: Readonly<Record<string, unknown>> | string | readonly string[];
  readonly jobs: Readonly<Record<string, WorkflowJob>>;
}

/** What the model must know of the repository's Pulumi projects. */
export interface ProjectInfo {
  /** Project directory relative to the repository root (`.` for the root). */
  readonly dir: string;
  readonly name: string;
}

/** What a stack's config and program give a runner: how its cluster's API can be reached. */
export interface StackReach {
  /** `cluster.publicAccessCidrs`: who may use the public endpoint. */
  readonly publicAccessCidrs: readonly string[];
  /** Whether the cluster's private endpoint is on (pods in the VPC reach the API through it). */
  readonly privateEndpoint: boolean;
  /** Names of the runner scale sets the program deploys into the stack's VPC (`runs-on` labels). */
  readonly runnerScaleSets: readonly string[];
}

/** One job (one matrix entry, one caller) that talks to a cluster. */
export interface ClusterJob {
  /** `file#job` plus the matrix entry / caller that produced it. */
  readonly where: string;
  readonly runsOn: string;
  /** Platform stacks whose clusters the job talks to. */
  readonly clusterStacks: readonly string[];
}

/** What the model found: cluster jobs, jobs that need no cluster, and what it could not work out. */
export interface WorkflowModel {
  readonly clusterJobs: readonly ClusterJob[];
  readonly otherJobs: ReadonlyArray<{ readonly where: string; readonly runsOn: string }>;
  readonly problems: readonly string[];
}

const CLUSTER_COMMANDS = ["preview", "up", "update", "refresh", "destroy", "import", "watch"];
const CLUSTER_CLI = new RegExp(`\\bpulumi\\s+(?:[^\\n|;&]*\\s)?(${CLUSTER_COMMANDS.join("|")})\\b`);
const ENVS_SYNC = /\bnpm\s+run\s+(?:--silent\s+)?envs\b[^\n]*?\bsync\s+(\S+)/;

/** Every combination of a job's matrix (a single empty entry without one). */
function matrixEntries(job: WorkflowJob, contexts: ExpressionContexts): Record<string, ExpressionValue>[] {
  const matrix = job.strategy?.matrix;
  if (!matrix) return [{}];
  let entries: Record<string, ExpressionValue>[] = [{}];
  for (const [key, raw] of Object.entries(matrix)) {
    if (key === "include" || key === "exclude") continue;
    const values = evaluateField(raw, contexts);
    if (!Array.isArray(values)) throw new Error(`matrix.${key} is not a list`);
    entries = entries.flatMap((e) => values.map((v) => ({ ...e, [key]: v })));
  }
  if (matrix.include !== undefined || matrix.exclude !== undefined) {
    throw new Error("matrix include/exclude is not modelled; extend test/support/workflow-reachability.ts");
  }
  return entries;
}

/** `org/stack` and `org/project/stack` name the stack by their last segment. */
function stackOf(stackName: string): string {
  return stackName.split("/").pop()!;
}

/** The stacks a step talks to, as `[project dir, stack]` pairs; `undefined` if it talks to none. */
function stepTargets(
  step: WorkflowStep,
  contexts: ExpressionContexts,
  selected: { stack?: string },
): { dir: string; stacks: string[]; envsTier?: boolean } | "unknown" | undefined {
  if (step.uses && /^pulumi\/actions@/.test(step.uses)) {
    const command = toText(evaluateField(step.with?.command ?? "", contexts));
    if (!CLUSTER_COMMANDS.includes(command)) return undefined;
    const stackName = evaluateField(step.with?.["stack-name"] ?? "", contexts);
    if (typeof stackName !== "string" || stackName === "") return "unknown";
    const dir = toText(evaluateField(step.with?.["work-dir"] ?? ".", contexts)).replace(/^\.\/?$/, ".");
    return { dir, stacks: [stackOf(stackName)] };
  }
  if (!step.run) return undefined;
  const script = toText(evaluateField(step.run, contexts));
  const select = /\bpulumi\s+stack\s+select\s+(?:-s\s+|--stack\s+)?([\w./-]+)/.exec(script);
  if (select) selected.stack = stackOf(select[1]!);
  const sync = ENVS_SYNC.exec(script);
  if (sync) return { dir: "environment", stacks: [sync[1]!], envsTier: true };
  const cli = CLUSTER_CLI.exec(script);
  if (!cli) return undefined;
  const line = script.slice(cli.index).split("\n")[0]!;
  const stack = /(?:--stack[= ]|\s-s\s+)([\w./-]+)/.exec(line)?.[1] ?? selected.stack;
  if (!stack) return "unknown";
  const cwd = /(?:--cwd[= ]|\s-C\s+)([\w./-]+)/.exec(line)?.[1] ?? step["working-directory"] ?? ".";
  return { dir: cwd.replace(/^\.\/|\/$/g, "") || ".", stacks: [stackOf(stack)] };
}

/** The label a job runs on (`runs-on` as one label, or the one label of a list). */
function runnerLabel(runsOn: ExpressionValue): string | undefined {
  if (typeof runsOn === "string") return runsOn;
  if (Array.isArray(runsOn) && runsOn.length === 1 && typeof runsOn[0] === "string") return runsOn[0];
  return undefined;
}

/**
 * Builds the model of a set of workflows (by file name). `projects` lists the repository's Pulumi
 * projects; `vars` are the repository variables to assume.
 */
export function modelWorkflows(
  workflows: Readonly<Record<string, WorkflowFile>>,
  projects: readonly ProjectInfo[],
  vars: Readonly<Record<string, string>>,
): WorkflowModel {
  const clusterJobs: ClusterJob[] = [];
  const otherJobs: { where: string; runsOn: string }[] = [];
  const problems: string[] = [];
  const rootProject = projects.find((p) => p.dir === ".");

  const isReusable = (w: WorkflowFile) =>
    typeof w.on === "object" && !Array.isArray(w.on) && "workflow_call" in (w.on as object);
  const triggers = (w: WorkflowFile) =>
    typeof w.on === "string" ? [w.on] : Array.isArray(w.on) ? [...w.on] : Object.keys(w.on as object);

  const visit = (file: string, inputs: Record<string, ExpressionValue>, via: string) => {
    const workflow = workflows[file];
    if (!workflow) {
      problems.push(`${via}: calls ${file}, which does not exist`);
      return;
    }
    for (const [jobId, job] of Object.entries(workflow.jobs)) {
      // The contexts a job may use. Values only known at run time (step outputs, secrets) read as null.
      const base: ExpressionContexts = {
        inputs,
        vars,
        github: { repository: "studio-example/game-infra", event: {} },
        secrets: {},
        env: {},
        steps: {},
        needs: {},
        runner: {},
        job: {},
        strategy: {},
      };
      let entries: Record<string, ExpressionValue>[];
      try {
        entries = matrixEntries(job, base);
      } catch (err) {
        problems.push(`${file}#${jobId}: ${(err as Error).message}`);
        continue;
      }
      for (const matrix of entries) {
        const contexts: ExpressionContexts = { ...base, matrix };
        const where = `${file}#${jobId}${Object.keys(matrix).length ? ` ${JSON.stringify(matrix)}` : ""}${via ? ` (via ${via})` : ""}`;
        if (job.uses) {
          const called = /^\.\/\.github\/workflows\/(.+)$/.exec(job.uses)?.[1];
          if (!called) {
            problems.push(`${where}: calls ${job.uses}, which the model cannot follow`);
            continue;
          }
          const withInputs = Object.fromEntries(
            Object.entries(job.with ?? {}).map(([k, v]) => [k, evaluateField(v, contexts)]),
          );
          visit(called, withInputs, where);
          continue;
        }
        let runsOn: string | undefined;
        try {
          runsOn = runnerLabel(evaluateField(job["runs-on"], contexts));
        } catch (err) {
          problems.push(`${where}: runs-on: ${(err as Error).message}`);
          continue;
        }
        const stacks = new Set<string>();
        const selected: { stack?: string } = {};
        for (const [i, step] of (job.steps ?? []).entries()) {
          let targets: ReturnType<typeof stepTargets>;
          try {
            targets = stepTargets(step, contexts, selected);
          } catch (err) {
            problems.push(`${where} step ${step.name ?? i + 1}: ${(err as Error).message}`);
            continue;
          }
          if (targets === undefined) continue;
          if (targets === "unknown") {
            problems.push(
              `${where} step ${step.name ?? i + 1}: runs pulumi against a stack the workflow does not name`,
            );
            continue;
          }
          const project = projects.find((p) => p.dir === targets.dir);
          if (!project) {
            problems.push(`${where} step ${step.name ?? i + 1}: no Pulumi project in ${targets.dir}`);
            continue;
          }
          for (const stack of targets.stacks) {
            // Stacks of the platform project are clusters; any other project's stacks (and a tier
            // synced by `envs`) live in the cluster of the platform stack named by their tier.
            stacks.add(project === rootProject && !targets.envsTier ? stack : stack.split(".")[0]!);
          }
        }
        if (runsOn === undefined) {
          problems.push(`${where}: runs-on must be one label (a scale set name or a GitHub-hosted image)`);
        } else if (stacks.size > 0) {
          clusterJobs.push({ where, runsOn, clusterStacks: [...stacks].sort() });
        } else {
          otherJobs.push({ where, runsOn });
        }
      }
    }
  };

  for (const [file, workflow] of Object.entries(workflows)) {
    if (isReusable(workflow)) {
      if (triggers(workflow).length > 1)
        problems.push(`${file}: a reusable workflow with other triggers is not modelled`);
      continue;
    }
    visit(file, {}, "");
  }
  return { clusterJobs, otherJobs, problems };
}

/** Why `runsOn` cannot reach the cluster of `stack`; `undefined` when it can. */
export function unreachableReason(
  runsOn: string,
  stack: string,
  reach: StackReach | undefined,
): string | undefined {
  if (!reach) return `there is no stack "${stack}" (no Pulumi.${stack}.yaml)`;
  if (reach.runnerScaleSets.includes(runsOn)) {
    return reach.privateEndpoint
      ? undefined
      : `${runsOn} runs inside the VPC, but the cluster's private endpoint is off`;
  }
  if (reach.publicAccessCidrs.some((c) => c.endsWith("/0"))) return undefined;
  const provided = reach.runnerScaleSets.length ? reach.runnerScaleSets.join(", ") : "none (set ciRunners)";
  return (
    `runs on ${runsOn}, which is not a runner in ${stack}'s VPC (its scale sets: ${provided}); ` +
    `outside the VPC the API admits only cluster.publicAccessCidrs (${reach.publicAccessCidrs.join(", ")}), ` +
    `and GitHub-hosted runners have no fixed address`
  );
}
