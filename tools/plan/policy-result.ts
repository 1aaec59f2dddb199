/**
 * The offline policy result shown with a diff. The policy runner's contract (DESIGN.md) is
 * `npm run policy -- --plan FILE`: one line per violation, `<mandatory|advisory> <policy> <urn>: <message>`,
 * exit 1 when a mandatory policy fires (2 and 3: it could not run). This module runs that command's
 * entry point on a plan file and reads the same output, so the diff depends only on that contract.
 */

/** How strongly a policy applies. */
export type PolicyLevel = "mandatory" | "advisory";

/** One policy violation. */
export interface PolicyViolation {
  readonly level: PolicyLevel;
  readonly policy: string;
  readonly urn: string;
  readonly message: string;
  /** The base plan has the same violation (set only when compared with the base's result). */
  readonly preExisting?: boolean;
}

/** The policy result of one stack's plan. */
export interface PolicyResult {
  readonly violations: PolicyViolation[];
  readonly counts: Readonly<Record<PolicyLevel, number>>;
  /** Set when the policies could not run, with the reason; `violations` is then empty. */
  readonly error?: string;
  /** Each violation says whether the base plan had it (`preExisting`). */
  readonly comparedWithBase?: boolean;
}

const LINE = /^(mandatory|advisory) (\S+) (\S+): (.*)$/;

/** Reads the runner's output and exit code into a result; an exit code other than 0 or 1 is an error. */
export function parsePolicyOutput(stdout: string, exitCode: number | null, stderr = ""): PolicyResult {
  if (exitCode !== 0 && exitCode !== 1) {
    const reason = lastLines(stderr || stdout, 3) || `exit code ${String(exitCode)}`;
    return failed(`the policy runner failed: ${reason}`);
  }
  const violations: PolicyViolation[] = [];
  for (const line of stdout.split("\n")) {
    const m = LINE.exec(line.trim());
    if (m) violations.push({ level: m[1] as PolicyLevel, policy: m[2]!, urn: m[3]!, message: m[4]! });
  }
  const counts = {
    mandatory: violations.filter((v) => v.level === "mandatory").length,
    advisory: violations.filter((v) => v.level === "advisory").length,
  };
  if (exitCode === 1 && counts.mandatory === 0) {
    return failed(
      `the policy runner exited 1 without a mandatory violation: ${lastLines(stderr || stdout, 3)}`,
    );
  }
  return { violations, counts };
}

/** A violation as the runner prints it; two results are compared line by line. */
export function violationKey(v: PolicyViolation): string {
  return `${v.level} ${v.policy} ${v.urn}: ${v.message}`;
}

/**
 * `head` with each violation marked as new or already in `base` (same level, policy, URN and
 * message), so a reviewer sees first what the change introduces. Unchanged when either result is
 * an error: nothing can be said about what is new.
 */
export function markPreExisting(head: PolicyResult, base: PolicyResult): PolicyResult {
  if (head.error || base.error) return head;
  const before = new Set(base.violations.map(violationKey));
  return {
    ...head,
    violations: head.violations.map((v) => ({ ...v, preExisting: before.has(violationKey(v)) })),
    comparedWithBase: true,
  };
}

/** A result for policies that could not run. */
export function failed(reason: string): PolicyResult {
  return { violations: [], counts: { mandatory: 0, advisory: 0 }, error: reason };
}

/**
 * Runs the policy pack's offline runner on a plan file, in process, exactly as
 * `npm run policy -- --plan FILE` would (same tier config, same output), and reads its result.
 */
export async function runOfflinePolicies(planFile: string): Promise<PolicyResult> {
  // Loaded on demand: plain `npm run plan` never needs @pulumi/policy.
  const { main } = await import("../../policy/runner/cli");
  const stdout: string[] = [];
  const stderr: string[] = [];
  let code: number;
  try {
    code = await main(["--plan", planFile], { stdout: (l) => stdout.push(l), stderr: (l) => stderr.push(l) });
  } catch (err) {
    return failed(`the policy runner failed: ${err instanceof Error ? err.message : String(err)}`);
  }
  return parsePolicyOutput(stdout.join("\n"), code, stderr.join("\n"));
}

function lastLines(text: string, n: number): string {
  return text.trim().split("\n").slice(-n).join(" / ");
}
