/**
 * A pool toleration that differs from a grace toleration only in writing an empty `value` where
 * the other leaves it out is the same toleration to Kubernetes (an absent value is the empty
 * string), so podPlacement (lib/workload/spread.ts) keeps it once, the grace one.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Toleration } from "../lib/grace";
import { podPlacement } from "../lib/workload/spread";

describe("pod placement: an empty toleration value is no value", () => {
  const grace: Toleration[] = [
    {
      key: "node.kubernetes.io/unreachable",
      operator: "Exists",
      effect: "NoExecute",
      tolerationSeconds: 200,
    },
  ];

  it('keeps the grace toleration alone when the pool\'s writes value: ""', () => {
    const pool = {
      nodeSelector: {},
      tolerations: [
        {
          key: "node.kubernetes.io/unreachable",
          operator: "Exists",
          value: "",
          effect: "NoExecute",
        } as const,
      ],
    };
    assert.deepEqual(podPlacement(pool, grace).tolerations, [
      {
        key: "node.kubernetes.io/unreachable",
        operator: "Exists",
        effect: "NoExecute",
        tolerationSeconds: 200,
      },
    ]);
  });

  it("keeps both when the values differ", () => {
    const pool = {
      nodeSelector: {},
      tolerations: [
        {
          key: "node.kubernetes.io/unreachable",
          operator: "Equal",
          value: "x",
          effect: "NoExecute",
        } as const,
      ],
    };
    assert.equal(podPlacement(pool, grace).tolerations.length, 2);
  });
});
