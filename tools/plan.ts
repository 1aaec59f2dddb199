/**
 * `npm run plan -- <stack>... [--config-file FILE] [--json FILE] [--diff [--base REF] [--format text|markdown]] [--update]`
 *
 * Runs the whole program for each stack under the mock runtime (no cloud account needed), prints the
 * resource tree and counts, validates every Kubernetes object against the upstream schema, and
 * optionally writes the plan JSON, refreshes plans/<stack>.json, or shows what changes compared
 * with the committed plan or with the program at a git ref: as text, or as one pull-request
 * comment for every stack (`--format markdown`, printed alone on stdout, with the policy result).
 * Exit codes: 0 fine, 1 schema problems (or, in markdown mode, a mandatory policy violation),
 * 2 bad arguments or config.
 */
import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { ConfigError } from "../stacks/errors";
import { parsePlanArgs } from "./plan/args";
import { buildPlan } from "./plan/build";
import { compareStacks } from "./plan/compare";
import { formatSchemaProblems, validateKubernetesObjects } from "./plan/k8s-validate";
import { serializePlan, type Plan } from "./plan/model";
import { renderMarkdownComment } from "./plan/render-markdown";
import { renderReviewText } from "./plan/render-text";
import { StackFileError } from "./plan/stack-files";
import { renderPlan } from "./plan/tree";

const ROOT = resolve(__dirname, "..");

async function main(argv: readonly string[]): Promise<number> {
  const args = parsePlanArgs(argv);
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
    say(markdown ? `${stack}: ${plan.resources.length} resources` : renderPlan(plan));

    const schemaProblems = await validateKubernetesObjects(plan.resources);
    if (schemaProblems.length > 0) {
      const lines = formatSchemaProblems(schemaProblems);
      console.error(`\n${schemaProblems.length} Kubernetes object(s) fail the upstream schema:`);
      for (const line of lines) console.error(`  ${line}`);
      if (!markdown) return 1;
      problems.set(stack, [
        `${schemaProblems.length} Kubernetes object(s) fail the upstream schema:\n${lines.join("\n")}`,
      ]);
      exitCode = Math.max(exitCode, 1);
    } else {
      const kubernetesObjects = plan.resources.filter(
        (r) => r.type.startsWith("kubernetes:") && !r.type.includes("helm.sh"),
      ).length;
      say(`\n${kubernetesObjects} Kubernetes object(s) valid against the upstream schema.`);
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
  const project = [...heads.values()][0]?.project ?? "game-infra";
  const comparison = await compareStacks({
    root: ROOT,
    project,
    stacks: args.stacks,
    heads,
    problems,
    policy: markdown,
    ...(args.base ? { base: args.base } : {}),
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
    const against = args.base ? `the program at ${comparison.label}` : `plans/${review.stack}.json`;
    const same = args.base
      ? `No changes: the plan matches the program at ${comparison.label}.`
      : "No changes: the plan matches the committed one.";
    console.log(`\nCompared with ${against}:`);
    console.log(renderReviewText(review, same));
  }
  return exitCode;
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
