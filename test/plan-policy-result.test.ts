import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { markPreExisting, parsePolicyOutput } from "../tools/plan/policy-result";

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

  it("marks which findings the base plan already had: same level, policy, URN and message", () => {
    const urn = "urn:pulumi:dev::game-infra::kubernetes:apps/v1:Deployment::d";
    const head = parsePolicyOutput(
      [
        `advisory k8s-cpu-limit ${urn}: no cpu limit`,
        `advisory k8s-image-digest ${urn}: image is not pinned by digest`,
        `mandatory k8s-cpu-limit ${urn}: no cpu limit`,
      ].join("\n"),
      1,
    );
    const base = parsePolicyOutput(
      [
        `advisory k8s-cpu-limit ${urn}: no cpu limit`,
        `advisory k8s-image-digest ${urn}: image is pinned`,
      ].join("\n"),
      0,
    );
    const marked = markPreExisting(head, base);
    assert.equal(marked.comparedWithBase, true);
    assert.deepEqual(
      marked.violations.map((v) => [v.level, v.policy, v.preExisting]),
      [
        ["advisory", "k8s-cpu-limit", true],
        ["advisory", "k8s-image-digest", false],
        ["mandatory", "k8s-cpu-limit", false],
      ],
    );
    // A base that could not be checked says nothing about what is new.
    assert.equal(markPreExisting(head, parsePolicyOutput("", 3, "crashed")), head);
  });
});
