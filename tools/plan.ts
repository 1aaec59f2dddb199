/**
 * `npm run plan -- <stack>... [--config-file FILE] [--json FILE] [--diff [--base REF] [--format text|markdown]] [--update]`
 * (`--help` says what each option does).
 *
 * Runs the whole program for each stack under the mock runtime (no cloud account needed), validates
 * every Kubernetes object against the upstream schema, and prints the resource tree and counts, or
 * with --diff what changes compared with the committed plan or with the program at a git ref: as
 * text, or as one pull-request comment for every stack (`--format markdown`, printed alone on
 * stdout, with the policy result). It can also write the plan JSON or refresh plans/<stack>.json.
 * Everything the user can get wrong (options, stack names, output paths, the base ref) is checked
 * before the first plan is built, which takes seconds per stack.
 * Exit codes: 0 fine, 1 schema problems (or, in markdown mode, a mandatory policy violation),
 * 2 bad arguments or config.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { ConfigError } from "../stacks/errors";
import { parsePlanArgs, PLAN_HELP, type PlanArgs } from "./plan/args";
import {
  basePlansAtRef,
  emptyPlan,
  resolveBaseRef,
  type BasePlan,
  type BasePlans,
  type BaseRef,
} from "./plan/base-plan";
import { serializePlan, type Plan } from "./plan/model";
import { StackFileError } from "./plan/stack-files";
import { parseTargets, planTargets, type PlanTarget } from "./plan/targets";
import { unwritableReason, userDirectory } from "./plan/user-paths";

const ROOT = resolve(__dirname, "..");
/** The registry of the fixture environments whose plans are committed (plans/fixtures/). */
const FIXTURE_REGISTRY = join(ROOT, "test", "fixtures");

/** Where a stack's plan is committed, if it is: platform stacks, and fixture environment stacks. */
function committedPlanFile(stack: string, registry: string | undefined): string | undefined {
  if (!stack.includes(".")) return join(ROOT, "plans", `${stack}.json`);
  return registry === FIXTURE_REGISTRY ? join(ROOT, "plans", "fixtures", `${stack}.json`) : undefined;
}

async function main(argv: readonly string[]): Promise<number> {
  const parsed = parsePlanArgs(argv);
  if (parsed === "help") {
    console.log(PLAN_HELP);
    return 0;
  }
  const args = withUserPaths(parsed, userDirectory("plan"));
  const { targets, base } = await checkBeforePlanning(args);
  // Loaded once the arguments are known to be right: a mistake is reported in a second, not after
  // the Pulumi SDKs and the Kubernetes schemas load.
  const { validateKubernetesObjects, formatSchemaProblems } = await import("./plan/k8s-validate");
  const { planHeadline, renderPlan } = await import("./plan/tree");
  const { compareStacks } = await import("./plan/compare");
  const { renderMarkdownComment } = await import("./plan/render-markdown");
  const { renderReviewText } = await import("./plan/render-text");
  const { hasChanges } = await import("./plan/review");
  const markdown = args.format === "markdown";
  // In markdown mode stdout carries the comment and nothing else.
  const say = (text: string) => (markdown ? console.error(text) : console.log(text));
  const planned = await planTargets({
    root: ROOT,
    targets,
    ...(args.registry ? { registryRoot: args.registry } : {}),
    ...(args.configFile ? { configFile: args.configFile } : {}),
    ...(args.today ? { today: args.today } : {}),
  });
  const heads = new Map<string, Plan>();
  const problems = new Map(planned.problems);
  let exitCode = problems.size > 0 ? 2 : 0;

  for (const stack of planned.order) {
    const plan = planned.plans.get(stack);
    if (!plan) {
      // One comment covers every stack, so a broken stack is reported in it rather than ending the run.
      console.error(`plan: ${stack}: ${(problems.get(stack) ?? []).join("\n")}`);
      continue;
    }
    const schemaProblems = await validateKubernetesObjects(plan.resources);
    const kubernetesObjects = plan.resources.filter(
      (r) => r.type.startsWith("kubernetes:") && !r.type.includes("helm.sh"),
    ).length;
    const valid = `${kubernetesObjects} Kubernetes object(s) valid against the upstream schema.`;
    // With --diff the diff is the point: one line per stack, not the whole tree.
    if (markdown) say(`${stack}: ${plan.resources.length} resources`);
    else if (args.diff) say(`${planHeadline(plan)}${schemaProblems.length === 0 ? `; ${valid}` : ""}`);
    else say(`${renderPlan(plan)}${schemaProblems.length === 0 ? `\n\n${valid}` : ""}`);
    if (schemaProblems.length > 0) {
      const lines = formatSchemaProblems(schemaProblems);
      console.error(`\n${stack}: ${schemaProblems.length} Kubernetes object(s) fail the upstream schema:`);
      for (const line of lines) console.error(`  ${line}`);
      problems.set(stack, [
        `${schemaProblems.length} Kubernetes object(s) fail the upstream schema:\n${lines.join("\n")}`,
      ]);
      exitCode = Math.max(exitCode, 1);
    }

    const text = serializePlan(plan);
    if (args.json) {
      writeFileSync(args.json, text);
      say(`Plan JSON written to ${args.json}`);
    }
    if (args.jsonDir) {
      writeFileSync(join(args.jsonDir, `${stack}.json`), text);
      say(`Plan JSON written to ${join(args.jsonDir, `${stack}.json`)}`);
    }
    const committed = committedPlanFile(stack, args.registry);
    if (args.update && schemaProblems.length === 0 && committed) {
      mkdirSync(dirname(committed), { recursive: true });
      writeFileSync(committed, text);
      say(`${relative(ROOT, committed)} updated.`);
    }
    heads.set(stack, plan);
  }

  if (!args.diff) return exitCode;
  const { bases, headLabel } = await basesFor(args, targets, base, heads);
  const comparison = await compareStacks({
    root: ROOT,
    stacks: planned.order,
    heads,
    problems,
    policy: markdown,
    bases,
  });
  if (markdown) {
    const comment = renderMarkdownComment(comparison.reviews, { baseLabel: comparison.label });
    // process.exit follows: let a piped stdout drain first.
    await new Promise<void>((done) => process.stdout.write(comment, () => done()));
    // The comment doubles as a merge gate: a mandatory policy violation (or a pack that could not run) fails it.
    const blocked = comparison.reviews.some(
      (r) => r.policy && (r.policy.error || r.policy.counts.mandatory > 0),
    );
    return Math.max(exitCode, blocked ? 1 : 0);
  }
  for (const review of comparison.reviews) {
    const committed = committedPlanFile(review.stack, args.registry);
    const against = base
      ? `the program at ${comparison.label}`
      : committed && existsSync(committed)
        ? relative(ROOT, committed)
        : `the program and registry at ${headLabel ?? "HEAD"}`;
    console.log(`\nCompared with ${against}:`);
    console.log(renderReviewText(review, `No changes: the plan matches ${against}.`));
  }
  if (exitCode === 0 && args.detailedExitCode && comparison.reviews.some(hasChanges)) return 3;
  return exitCode;
}

/**
 * The base of every planned stack: the program at `--base`, or else the committed plan where there
 * is one (platform stacks, fixture environments) and the program and registry at HEAD for the
 * environment stacks of the real registry, whose plans are never committed.
 */
async function basesFor(
  args: PlanArgs,
  targets: readonly PlanTarget[],
  base: BaseRef | undefined,
  heads: ReadonlyMap<string, Plan>,
): Promise<{ bases: BasePlans; headLabel?: string }> {
  const registry = args.registry ? relative(ROOT, args.registry) : undefined;
  const request = {
    targets,
    ...(registry ? { registry } : {}),
    ...(args.today ? { today: args.today } : {}),
  };
  if (base) return { bases: await basePlansAtRef(ROOT, base, heads, request) };
  const plans = new Map<string, BasePlan>();
  const uncommitted = new Map<string, Plan>();
  for (const [stack, head] of heads) {
    const file = committedPlanFile(stack, args.registry);
    if (!file) uncommitted.set(stack, head);
    else if (existsSync(file)) plans.set(stack, { plan: JSON.parse(readFileSync(file, "utf8")) as Plan });
    else {
      plans.set(stack, {
        plan: emptyPlan(head.project, stack),
        note: `no committed ${relative(ROOT, file)}: everything would be new`,
      });
    }
  }
  const wantsEnvironments = targets.some((t) => t.environments === "all" || t.environments.length > 0);
  if (wantsEnvironments && !args.registry) {
    const head = await resolveBaseRef(ROOT, "HEAD");
    const environmentTargets = targets.map((t) => ({ ...t, platform: false }));
    const atHead = await basePlansAtRef(ROOT, head, uncommitted, { ...request, targets: environmentTargets });
    for (const [stack, found] of atHead.plans) if (!plans.has(stack)) plans.set(stack, found);
    return {
      bases: { label: `the committed plans, and the environment stacks at ${atHead.label}`, plans },
      headLabel: atHead.label,
    };
  }
  return { bases: { label: "the committed plans", plans } };
}

/** `args` with its file paths resolved against the directory the user ran the command in. */
function withUserPaths(args: PlanArgs, dir: string): PlanArgs {
  return {
    ...args,
    ...(args.json ? { json: resolve(dir, args.json) } : {}),
    ...(args.jsonDir ? { jsonDir: resolve(dir, args.jsonDir) } : {}),
    ...(args.registry ? { registry: resolve(dir, args.registry) } : {}),
    ...(args.configFile ? { configFile: resolve(dir, args.configFile) } : {}),
  };
}

/**
 * Checks what would otherwise fail only after every stack is planned: the targets, the files to
 * read and write, and the base ref (resolved here, once). Throws StackFileError.
 */
async function checkBeforePlanning(args: PlanArgs): Promise<{ targets: PlanTarget[]; base?: BaseRef }> {
  if (args.configFile) {
    if (!existsSync(args.configFile))
      throw new StackFileError(`--config-file: ${args.configFile} does not exist`);
    if (!statSync(args.configFile).isFile())
      throw new StackFileError(`--config-file: ${args.configFile} is not a file`);
  }
  if (args.registry && !existsSync(join(args.registry, "environments"))) {
    throw new StackFileError(`--registry: ${args.registry} holds no environments/ folder`);
  }
  const targets = parseTargets(ROOT, args.stacks, {
    ...(args.platformOnly ? { platformOnly: true } : {}),
    ...(args.configFile ? { configFile: args.configFile } : {}),
  });
  const stacksPlanned = targets.some(
    (t) => t.environments === "all" || t.environments.length + (t.platform ? 1 : 0) > 1,
  );
  if (args.json && (targets.length > 1 || stacksPlanned)) {
    throw new StackFileError(
      `--json writes one stack; ${args.stacks.join(", ")} plans several (a tier is its platform and its environment stacks): use --json-dir DIR, or --platform-only`,
    );
  }
  if (args.configFile && targets.length > 1) {
    throw new StackFileError(
      `--config-file is one platform's settings; give one tier, not ${args.stacks.join(", ")}`,
    );
  }
  const outputs = [
    ...(args.json ? [{ option: "--json", file: args.json }] : []),
    ...(args.jsonDir ? [{ option: "--json-dir", file: join(args.jsonDir, "plan.json") }] : []),
    ...(args.update
      ? targets
          .filter((t) => t.platform)
          .map((t) => ({ option: "--update", file: join(ROOT, "plans", `${t.tier}.json`) }))
      : []),
  ];
  for (const { option, file } of outputs) {
    const reason = unwritableReason(file);
    if (reason) throw new StackFileError(`${option}: cannot write ${file}: ${reason}`);
  }
  return { targets, ...(args.base ? { base: await resolveBaseRef(ROOT, args.base) } : {}) };
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof ConfigError || err instanceof StackFileError) {
      console.error(`plan: ${err.message}`);
      process.exit(2);
    }
    console.error(err);
    process.exit(1);
  },
);
