/**
 * The `ciRunners` config key: self-hosted GitHub Actions runners inside the stack's VPC (Actions
 * Runner Controller runner scale sets), the only runners that can reach the cluster's API for
 * `pulumi preview` and `pulumi up` (docs/deploy.md). Spread into the stack schema by stacks/schema.ts.
 */
import { z } from "zod";
import type { ConfigIssue } from "./errors";
import { isDns1123Label } from "../lib/dns-names";
import { CI_RUNNER_DEFAULTS } from "../lib/ci-runners";

/** Most runners one stack may ask for: each takes a system node's worth of memory for `pulumi up`. */
export const MAX_CI_RUNNERS = 10;

/** `https://github.com/<org>`, `https://github.com/<org>/<repo>` or `https://github.com/enterprises/<name>` (or a GHES host). */
const GITHUB_CONFIG_URL =
  /^https:\/\/[a-z0-9]([-a-z0-9.]*[a-z0-9])?\/(enterprises\/[A-Za-z0-9][-A-Za-z0-9_.]*|[A-Za-z0-9][-A-Za-z0-9_.]*(\/[A-Za-z0-9][-A-Za-z0-9_.]*)?)$/;

/** An IAM policy ARN: a customer managed one in an account, or an AWS managed one. */
const POLICY_ARN = /^arn:aws(-[a-z]+)*:iam::(\d{12}|aws):policy\/[\w+=,.@/-]+$/;

const runnerCount = (max: number) =>
  z
    .int({ message: "must be a whole number" })
    .min(0, { message: `must be 0-${max}` })
    .max(max, { message: `must be 0-${max}` });

/** The `ciRunners` object as written in config. */
export const ciRunnersSchema = z.strictObject({
  /** Where the runners register: the repository (or organization) whose workflows use them. */
  githubConfigUrl: z.string().regex(GITHUB_CONFIG_URL, {
    message:
      "must be https://github.com/<org>/<repo>, https://github.com/<org> or https://github.com/enterprises/<name> (no trailing slash)",
  }),
  /** Name of the Kubernetes Secret with the GitHub App credentials, created in the runner namespace (docs/deploy.md). */
  githubAppSecret: z
    .string()
    .refine((v) => isDns1123Label(v), {
      message: "must be a Kubernetes Secret name (a DNS-1123 label of at most 63 characters)",
    })
    .optional(),
  /** GitHub runner group the scale set joins; restrict its repositories and workflows in GitHub's settings. */
  runnerGroup: z.string().min(1, { message: "must name a runner group" }).max(100).optional(),
  minRunners: runnerCount(MAX_CI_RUNNERS).optional(),
  maxRunners: runnerCount(MAX_CI_RUNNERS).optional(),
  /** IAM policies the runners' role gets: what `pulumi up` of this stack needs (docs/deploy.md). */
  deployPolicyArns: z
    .array(
      z.string().regex(POLICY_ARN, {
        message:
          "must be an IAM policy ARN (arn:aws:iam::<account>:policy/<name> or arn:aws:iam::aws:policy/<name>)",
      }),
    )
    .min(1, { message: "needs at least one IAM policy ARN: runners without permissions cannot deploy" }),
});

/** The `ciRunners` key, for the stack schema. */
export const ciRunnersKeys = { ciRunners: ciRunnersSchema.optional() };

/** `ciRunners` as written. */
export type CiRunnersInput = z.infer<typeof ciRunnersSchema>;

/** `ciRunners` with every default resolved. */
export interface CiRunnersConfig {
  readonly githubConfigUrl: string;
  readonly githubAppSecret: string;
  readonly runnerGroup: string;
  readonly minRunners: number;
  readonly maxRunners: number;
  readonly deployPolicyArns: readonly string[];
}

/** Applies the defaults and the cross-field rule; `undefined` when the stack has no runners. */
export function resolveCiRunners(
  input: CiRunnersInput | undefined,
  issues: ConfigIssue[],
): CiRunnersConfig | undefined {
  if (!input) return undefined;
  const resolved: CiRunnersConfig = {
    githubConfigUrl: input.githubConfigUrl,
    githubAppSecret: input.githubAppSecret ?? CI_RUNNER_DEFAULTS.githubAppSecret,
    runnerGroup: input.runnerGroup ?? CI_RUNNER_DEFAULTS.runnerGroup,
    minRunners: input.minRunners ?? CI_RUNNER_DEFAULTS.minRunners,
    maxRunners: input.maxRunners ?? CI_RUNNER_DEFAULTS.maxRunners,
    deployPolicyArns: input.deployPolicyArns,
  };
  if (resolved.maxRunners < 1) {
    issues.push({ path: "ciRunners.maxRunners", message: "must be at least 1, or no job could ever run" });
  } else if (resolved.minRunners > resolved.maxRunners) {
    issues.push({
      path: "ciRunners.minRunners",
      message: `${resolved.minRunners} is more than maxRunners (${resolved.maxRunners})`,
    });
  }
  return resolved;
}
