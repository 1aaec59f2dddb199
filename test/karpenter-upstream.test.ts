/**
 * The vendored Karpenter files are the upstream files their SOURCE.md names, for the version
 * lib/charts.ts pins: a chart bump without a re-vendor, or an edit to a vendored file, fails here.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { KARPENTER_CHART, KARPENTER_CRD_CHART } from "../lib/charts";
import { karpenterCrdValidators } from "../lib/karpenter-crds";
import { ROOT } from "./paths";

/** `git hash-object`: ties a vendored file to the blob its SOURCE.md names. */
const gitBlob = (text: string) =>
  createHash("sha1")
    .update(`blob ${Buffer.byteLength(text)}\0${text}`)
    .digest("hex");
const vendored = (file: string) => readFileSync(join(ROOT, "upstream", "karpenter", file), "utf8");

describe("upstream/karpenter", () => {
  it("holds the 1.14.1 files byte for byte, as SOURCE.md lists them", () => {
    assert.equal(KARPENTER_CHART.version, "1.14.1", "re-vendor upstream/karpenter/ for a new chart version");
    assert.equal(KARPENTER_CRD_CHART.version, "1.14.1");
    const source = vendored("SOURCE.md");
    for (const [file, blob] of [
      ["karpenter.sh_nodepools.yaml", "36f2f18fe5827655650e3c58ec9c9f4d4b9e1888"],
      ["karpenter.k8s.aws_ec2nodeclasses.yaml", "d62d4b4cb116543e24bcff1c69255c6a2256818a"],
      ["cloudformation.yaml", "2c2ca72301a002c68185979fc4d2c8dab0f9c13a"],
      ["values.yaml", "db5677f7d6e60a69d52db1dd58224273d0fd1d86"],
    ] as const) {
      assert.equal(gitBlob(vendored(file)), blob, file);
      assert.ok(
        source.includes(`\`${file}\``) && source.includes(blob),
        `SOURCE.md names ${file} and ${blob}`,
      );
    }
    assert.match(
      vendored("values.yaml"),
      /^ {4}tag: 1\.14\.1$/m,
      "the chart's values are the 1.14.1 chart's",
    );
  });

  it("gives validators for the v1 NodePool and EC2NodeClass, both cluster-scoped", () => {
    const { NodePool, EC2NodeClass } = karpenterCrdValidators();
    assert.deepEqual(
      [NodePool.group, NodePool.kind, NodePool.versions, NodePool.scope],
      ["karpenter.sh", "NodePool", ["v1"], "Cluster"],
    );
    assert.deepEqual(
      [EC2NodeClass.group, EC2NodeClass.kind, EC2NodeClass.versions, EC2NodeClass.scope],
      ["karpenter.k8s.aws", "EC2NodeClass", ["v1"], "Cluster"],
    );
  });
});
