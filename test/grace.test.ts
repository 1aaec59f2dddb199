import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import {
  EKS_NODE_MONITOR_GRACE_SECONDS,
  gracePeriodOfTolerations,
  graceTolerationSeconds,
  graceTolerations,
} from "../lib/grace";
import {
  EKS_NODE_MONITOR_GRACE_SECONDS as POLICY_EKS_NODE_MONITOR_GRACE_SECONDS,
  expectedTolerationSeconds,
} from "../policy/policies/kubernetes-reliability/grace-tolerations";
import { parseDuration, parseSignedDuration } from "../lib/duration";

describe("grace-period tolerations", () => {
  it("maps the tier defaults: 240s -> 200s, 120s -> 80s", () => {
    assert.equal(graceTolerationSeconds(240), 200);
    assert.equal(graceTolerationSeconds(120), 80);
  });

  it("cannot go below the fixed 40 s node-monitor-grace-period", () => {
    assert.equal(graceTolerationSeconds(40), 0);
    assert.equal(graceTolerationSeconds(10), 0);
    assert.equal(graceTolerationSeconds(41), 1);
    assert.equal(graceTolerationSeconds(3600), 3560);
  });

  it("tolerates both NoExecute node-failure taints with operator Exists", () => {
    assert.deepEqual(graceTolerations(240), [
      {
        key: "node.kubernetes.io/not-ready",
        operator: "Exists",
        effect: "NoExecute",
        tolerationSeconds: 200,
      },
      {
        key: "node.kubernetes.io/unreachable",
        operator: "Exists",
        effect: "NoExecute",
        tolerationSeconds: 200,
      },
    ]);
  });

  it("property: eviction happens max(G, 40) seconds after the last heartbeat", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3600 }),
        // The taint comes 40 s after the last heartbeat; the pod goes when its toleration runs out.
        (g) =>
          40 + graceTolerations(g)[0]!.tolerationSeconds! === Math.max(g, 40) &&
          40 + graceTolerations(g)[1]!.tolerationSeconds! === Math.max(g, 40),
      ),
    );
  });

  it("rejects negative periods", () => {
    assert.throws(() => graceTolerationSeconds(-1), /non-negative/);
  });
});

describe("durations", () => {
  it("parses s, m, h and d, alone and combined", () => {
    assert.equal(parseDuration("240s"), 240);
    assert.equal(parseDuration("4m"), 240);
    assert.equal(parseDuration("1h30m"), 5400);
    assert.equal(parseDuration("2d"), 172800);
  });

  it("rejects what is not a duration", () => {
    for (const bad of ["", "240", "4 m", "1.5h", "5w", "m"]) assert.equal(parseDuration(bad), undefined, bad);
  });

  it("parses signed offsets", () => {
    assert.equal(parseSignedDuration("+72h"), 259200);
    assert.equal(parseSignedDuration("-30m"), -1800);
    assert.equal(parseSignedDuration("0s"), 0);
  });
});

describe("the grace period declared for the policy (W6)", () => {
  it("reads the grace period back from the tolerations GameCluster hands out", () => {
    assert.equal(gracePeriodOfTolerations(graceTolerations(240)), 240);
    assert.equal(gracePeriodOfTolerations(graceTolerations(300)), 300);
    const [notReady, unreachable] = graceTolerations(240);
    assert.equal(gracePeriodOfTolerations([notReady!]), undefined, "unreachable missing");
    assert.equal(
      gracePeriodOfTolerations([notReady!, { ...unreachable!, tolerationSeconds: 60 }]),
      undefined,
      "the two disagree",
    );
    assert.equal(gracePeriodOfTolerations([]), undefined);
  });

  it("the pack states EKS's fixed 40 s as the program does, and expects the same seconds", () => {
    assert.equal(POLICY_EKS_NODE_MONITOR_GRACE_SECONDS, EKS_NODE_MONITOR_GRACE_SECONDS);
    for (const seconds of [40, 120, 240, 300, 3600]) {
      assert.equal(expectedTolerationSeconds(seconds), graceTolerationSeconds(seconds), String(seconds));
    }
  });
});
