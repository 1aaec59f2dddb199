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
import { existsSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { ConfigError } from "../stacks/errors";
import { parsePlanArgs, PLAN_HELP, type PlanArgs } from "./plan/args";
import { resolveBaseRef, type BaseRef } from "./plan/base-plan";
import { buildPlan } from "./plan/build";
import { compareStacks } from "./plan/compare";
import { formatSchemaProblems, validateKubernetesObjects } from "./plan/k8s-validate";
import { serializePlan, type Plan } from "./plan/model";
import { renderMarkdownComment } from "./plan/render-markdown";
import { renderReviewText } from "./plan/render-text";
import { StackFileError } from "./plan/stack-files";
import { checkStacksExist } from "./plan/stacks";
import { planHeadline, renderPlan } from "./plan/tree";
import { unwritableReason, userDirectory } from "./plan/user-paths";

const ROOT = resolve(__dirname, "..");

async function main(argv: readonly string[]): Promise<number> {
  const parsed = parsePlanArgs(argv);
  if (parsed === "help") {
    console.log(PLAN_HELP);
    return 0;
  }
  const args = withUserPaths(parsed, userDirectory("plan"));
  const base = await checkBeforePlanning(args);
  const markdown = args.format === "markdown";
  // In markdown mode stdout carries the comment and nothing else.
  const say = (text: string) => (markdown ? console.error(text) : console.log(text));
  const heads = new Map<string, Plan>();
  const problems = new Map<string, string[]>();
  let exitCode = 0;

  for (const stack of args.stacks) {
    let plan: Plan;
    try {
      plan = await buildPlan({
        root: ROOT,
        stack,
        ...(args.configFile ? { configFile: args.configFile } : {}),
      });
    } catch (err) {
      // One comment covers every stack, so a broken stack is reported in it rather than ending the run.
      if (!markdown || !(err instanceof ConfigError || err instanceof StackFileError)) throw err;
      console.error(`plan: ${stack}: ${err.message}`);
      problems.set(stack, [err.message]);
      exitCode = 2;
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
      console.error(`\n${schemaProblems.length} Kubernetes object(s) fail the upstream schema:`);
      for (const line of lines) console.error(`  ${line}`);
      if (!markdown) return 1;
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
    if (args.update && schemaProblems.length === 0) {
      writeFileSync(join(ROOT, "plans", `${stack}.json`), text);
      say(`plans/${stack}.json updated.`);
    }
    heads.set(stack, plan);
  }

  if (!args.diff) return exitCode;
  const comparison = await compareStacks({
    root: ROOT,
    stacks: args.stacks,
    heads,
    problems,
    policy: markdown,
    ...(base ? { base } : {}),
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
    const against = base ? `the program at ${comparison.label}` : `plans/${review.stack}.json`;
    const same = base
      ? `No changes: the plan matches the program at ${comparison.label}.`
      : "No changes: the plan matches the committed one.";
    console.log(`\nCompared with ${against}:`);
    console.log(renderReviewText(review, same));
  }
  return exitCode;
}

/** `args` with its file paths resolved against the directory the user ran the command in. */
function withUserPaths(args: PlanArgs, dir: string): PlanArgs {
  return {
    ...args,
    ...(args.json ? { json: resolve(dir, args.json) } : {}),
    ...(args.configFile ? { configFile: resolve(dir, args.configFile) } : {}),
  };
}

/**
 * Checks what would otherwise fail only after every stack is planned: the stack names, the files
 * to read and write, and the base ref (resolved here, once). Throws StackFileError.
 */
async function checkBeforePlanning(args: PlanArgs): Promise<BaseRef | undefined> {
  if (args.configFile) {
    if (!existsSync(args.configFile))
      throw new StackFileError(`--config-file: ${args.configFile} does not exist`);
    if (!statSync(args.configFile).isFile())
      throw new StackFileError(`--config-file: ${args.configFile} is not a file`);
  } else {
    checkStacksExist(ROOT, args.stacks);
  }
  const outputs = [
    ...(args.json ? [{ option: "--json", file: args.json }] : []),
    ...(args.update
      ? args.stacks.map((s) => ({ option: "--update", file: join(ROOT, "plans", `${s}.json`) }))
      : []),
  ];
  for (const { option, file } of outputs) {
    const reason = unwritableReason(file);
    if (reason) throw new StackFileError(`${option}: cannot write ${file}: ${reason}`);
  }
  return args.base ? resolveBaseRef(ROOT, args.base) : undefined;
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
