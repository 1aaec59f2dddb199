/**
 * What `npm run mutate` mutates, per folder, and which test files may kill those mutants
 * (docs/mutation.md). Each mutant runs only the listed test files that reached it (the tap runner's
 * per-file coverage), so a list holds the fast suites that test the folder's pure code directly:
 * no suite that runs a whole stack or component under the Pulumi mock runtime (4-15 s each, and
 * reaching nearly every mutant), starts a browser, drives git, or spawns the CLI.
 */

/** One folder's mutation run. */
export interface MutationFolder {
  /** The name given on the command line (`npm run mutate -- lib`) and the report folder's name. */
  readonly name: string;
  /** Stryker `mutate` globs (relative to the repository root). */
  readonly mutate: readonly string[];
  /** The test files run against its mutants (paths relative to the repository root). */
  readonly testFiles: readonly string[];
  /** The lowest mutation score (percent) the folder may have; `npm run mutate` fails under it. */
  readonly threshold: number;
}

/** Folders in the order `npm run mutate` runs them. */
export const MUTATION_FOLDERS: readonly MutationFolder[] = [
  {
    name: "lib",
    mutate: ["lib/**/*.ts"],
    // The small literal suites first: a mutant stops at the first file that kills it.
    testFiles: [
      "test/lib-primitives.test.ts",
      "test/data-store-settings.test.ts",
      "test/cidr.test.ts",
      "test/crd-schema.test.ts",
      "test/dns-names.test.ts",
      "test/environment-helpers.test.ts",
      "test/grace.test.ts",
      "test/karpenter-lib.test.ts",
      "test/logging-lib.test.ts",
      "test/mysql-bootstrap.test.ts",
      "test/sizing.test.ts",
      "test/workload-builder.test.ts",
      // The stack config suites reach lib/ through the resolver (sizing, Karpenter, logging, quota).
      "test/stacks-resolve.test.ts",
      "test/stacks-registry-rules.test.ts",
      "test/stacks-node-pools.test.ts",
      "test/stacks-sections.test.ts",
      // The cost model, region and chart suites: fast, and the only ones reaching lib/cost and
      // the region and upstream-chart tables.
      "test/cost-args.test.ts",
      "test/cost-prices.test.ts",
      "test/cost-report.test.ts",
      "test/cost-model.test.ts",
      "test/regions.test.ts",
      "test/karpenter-upstream.test.ts",
      "test/alb-rules.test.ts",
      // Literal suites written to kill what survived or was reached by no suite above (issue 14).
      "test/crd-schema-cel.test.ts",
      "test/crd-schema-structural.test.ts",
      "test/cost-money-schedule.test.ts",
      "test/cost-pool-platform.test.ts",
      "test/logging-rules.test.ts",
      "test/logging-manifests.test.ts",
      "test/logging-chart-values.test.ts",
      "test/logging-config-text.test.ts",
      "test/logging-strimzi-schema.test.ts",
      "test/launcher-lib.test.ts",
      "test/platform-lib.test.ts",
      "test/access-data-lib.test.ts",
      "test/validation-lib.test.ts",
      "test/workload-manifests.test.ts",
      "test/environment-objects.test.ts",
      "test/environment-server-config.test.ts",
      "test/iam-builders.test.ts",
      "test/karpenter-builders.test.ts",
      "test/lib-core-literals.test.ts",
      "test/workload-spread.test.ts",
      "test/cost-edges.test.ts",
      "test/crd-schema-s5-cel-edges.test.ts",
      "test/crd-schema-s5-structural-edges.test.ts",
      "test/cost-s6-edges.test.ts",
      "test/logging-s6-edges.test.ts",
      "test/lib-s7-karpenter-schedule.test.ts",
      "test/lib-s7-edges.test.ts",
      "test/lib-s8-regions.test.ts",
      "test/lib-s8-edges.test.ts",
    ],
    threshold: 80,
  },
  {
    name: "stacks",
    mutate: ["stacks/**/*.ts"],
    // The rule suites first: a mutant stops at the first file that kills it.
    testFiles: [
      "test/stacks-rules.test.ts",
      "test/stacks-environment-entry.test.ts",
      "test/stacks-registry-files.test.ts",
      "test/stacks-resolve.test.ts",
      "test/stacks-registry-rules.test.ts",
      "test/stacks-node-pools.test.ts",
      "test/stacks-sections.test.ts",
      "test/environment-helpers.test.ts",
      "test/envs-sync.test.ts",
      "test/logging-lib.test.ts",
      "test/mysql-bootstrap.test.ts",
      // Literal suites written to kill what survived or was reached by no suite above (issue 14).
      "test/stacks-sleep.test.ts",
      "test/stacks-registry-changes.test.ts",
      "test/stacks-section-resolvers.test.ts",
      "test/stacks-issue-messages.test.ts",
      "test/stacks-schema-limits.test.ts",
      "test/stacks-tier-profiles.test.ts",
      "test/stacks-environment-parts.test.ts",
      "test/stacks-loader.test.ts",
      "test/stacks-secret-token.test.ts",
      "test/stacks-registry-format.test.ts",
      "test/stacks-s1-node-pool-edges.test.ts",
      "test/stacks-s4-issue-messages.test.ts",
      "test/stacks-s4-environment-workloads.test.ts",
      "test/stacks-s4-environment-settings.test.ts",
      "test/stacks-s2-resolve-edges.test.ts",
      "test/stacks-s2-loader.test.ts",
      "test/stacks-s3-resolve-registry.test.ts",
      "test/stacks-s3-registry-io.test.ts",
    ],
    threshold: 80,
  },
  {
    name: "tools/plan",
    // The pure parts: building plans (build*.ts), git worktrees (base-plan.ts), running commands
    // (run-command.ts), Kubernetes schema validation of whole plans (k8s-validate.ts) and the
    // command line's stack discovery (stacks.ts) are tested by the slower suites only.
    mutate: [
      "tools/plan/**/*.ts",
      "!tools/plan/build.ts",
      "!tools/plan/build-environment.ts",
      "!tools/plan/base-plan.ts",
      "!tools/plan/run-command.ts",
      "!tools/plan/k8s-validate.ts",
    ],
    testFiles: [
      "test/plan-args.test.ts",
      "test/plan-diff.test.ts",
      "test/plan-display-values.test.ts",
      "test/plan-markdown.test.ts",
      "test/plan-policy-result.test.ts",
      "test/plan-redis-dbs.test.ts",
      "test/plan-renames.test.ts",
      "test/plan-risks.test.ts",
      "test/plan-user-input.test.ts",
      // The review's rendering and the immutable-field table, from a synthetic plan: no git, no
      // program run (a first run of the folder found some 1,200 of its 3,929 mutants unreached).
      "test/plan-immutable-fields.test.ts",
      "test/plan-review-synthetic.test.ts",
    ],
    threshold: 0,
  },
  {
    name: "policy",
    mutate: ["policy/lib/**/*.ts", "policy/policies/**/*.ts", "policy/runner/**/*.ts"],
    testFiles: ["policy/test/lib.test.ts", "policy/test/pack.test.ts", "test/grace.test.ts"],
    threshold: 0,
  },
];

/** The folder called `name`; throws, listing the folders, for any other name. */
export function mutationFolder(name: string): MutationFolder {
  const trimmed = name.replace(/\/+$/, "");
  const found = MUTATION_FOLDERS.find((f) => f.name === trimmed);
  if (!found) {
    throw new Error(
      `unknown folder "${name}": npm run mutate takes ${MUTATION_FOLDERS.map((f) => f.name).join(", ")}`,
    );
  }
  return found;
}
