import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parsePolicyOutput } from "../tools/plan/policy-result";

describe("reading the policy runner's result", () => {
  it("reads violation lines and ignores the rest", () => {
    const result = parsePolicyOutput(
      [
        "mandatory k8s-min-replicas urn:pulumi:stage::game-infra::x$kubernetes:apps/v1:Deployment::s: runs 1 replica(s): at least 2",
        "advisory k8s-cpu-limit urn:pulumi:stage::game-infra::y::d: no cpu limit",
        "skipped rds-encrypted urn:pulumi:stage::game-infra::z::db: unknown during preview",
        "Summary: 1 mandatory, 1 advisory, 1 skipped",
      ].join("\n"),
      1,
    );
    assert.deepEqual(result.counts, { mandatory: 1, advisory: 1 });
    assert.equal(result.error, undefined);
    assert.deepEqual(result.violations[0], {
      level: "mandatory",
      policy: "k8s-min-replicas",
      urn: "urn:pulumi:stage::game-infra::x$kubernetes:apps/v1:Deployment::s",
      message: "runs 1 replica(s): at least 2",
    });
  });

  it("reports a runner that could not run instead of a clean result", () => {
    assert.match(
      parsePolicyOutput("", 2, "error: --plan: cannot read x.json").error!,
      /failed: error: --plan: cannot read x\.json/,
    );
    assert.match(
      parsePolicyOutput("Summary: 0 mandatory", 1).error!,
      /exited 1 without a mandatory violation/,
    );
    assert.deepEqual(parsePolicyOutput("Summary: 0 mandatory, 0 advisory", 0), {
      violations: [],
      counts: { mandatory: 0, advisory: 0 },
    });
  });
});
