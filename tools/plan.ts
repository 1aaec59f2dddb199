/**
 * `npm run plan -- <stack> [--config-file FILE] [--json FILE] [--diff] [--update]`
 *
 * Runs the whole program for a stack under the mock runtime (no cloud account needed), prints the
 * resource tree and counts, validates every Kubernetes object against the upstream schema, and
 * optionally writes the plan JSON, compares it with plans/<stack>.json, or refreshes that file.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { ConfigError } from "../stacks/errors";
import { parsePlanArgs } from "./plan/args";
import { buildPlan } from "./plan/build";
import { diffPlans, renderDiff } from "./plan/diff";
import { formatSchemaProblems, validateKubernetesObjects } from "./plan/k8s-validate";
import { serializePlan, type Plan } from "./plan/model";
import { StackFileError } from "./plan/stack-files";
import { renderPlan } from "./plan/tree";

const ROOT = resolve(__dirname, "..");

async function main(argv: readonly string[]): Promise<number> {
  const args = parsePlanArgs(argv);
  const plan = await buildPlan({
    root: ROOT,
    stack: args.stack,
    ...(args.configFile ? { configFile: args.configFile } : {}),
  });
  console.log(renderPlan(plan));

  const problems = await validateKubernetesObjects(plan.resources);
  if (problems.length > 0) {
    console.error(`\n${problems.length} Kubernetes object(s) fail the upstream schema:`);
    for (const line of formatSchemaProblems(problems)) console.error(`  ${line}`);
    return 1;
  }
  const kubernetesObjects = plan.resources.filter(
    (r) => r.type.startsWith("kubernetes:") && !r.type.includes("helm.sh"),
  ).length;
  console.log(`\n${kubernetesObjects} Kubernetes object(s) valid against the upstream schema.`);

  const text = serializePlan(plan);
  if (args.json) {
    writeFileSync(args.json, text);
    console.log(`Plan JSON written to ${args.json}`);
  }
  const committed = join(ROOT, "plans", `${args.stack}.json`);
  if (args.diff) {
    if (!existsSync(committed)) {
      console.log(`\nNo committed plan at plans/${args.stack}.json: everything would be new.`);
    } else {
      console.log(`\nCompared with plans/${args.stack}.json:`);
      console.log(renderDiff(diffPlans(JSON.parse(readFileSync(committed, "utf8")) as Plan, plan)));
    }
  }
  if (args.update) {
    writeFileSync(committed, text);
    console.log(`plans/${args.stack}.json updated.`);
  }
  return 0;
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
