import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { Region } from "@pulumi/aws/types/enums";
import { COMMERCIAL_REGIONS, PARTITION_REGION_PATTERNS, partitionOf, regionProblem } from "../lib/regions";
import { ROOT } from "./paths";

/** The AWS SDKs' partitions file, vendored with its source (upstream/aws-sdk-js-v3/SOURCE.md). */
const partitions = (
  JSON.parse(readFileSync(join(ROOT, "upstream", "aws-sdk-js-v3", "partitions.json"), "utf8")) as {
    partitions: Array<{ id: string; regionRegex: string; regions: Record<string, unknown> }>;
  }
).partitions;

/** Every region name the pinned @pulumi/aws knows, across partitions. */
const providerRegions: string[] = Object.values(Region);

describe("AWS regions (lib/regions.ts)", () => {
  it("lists exactly the commercial regions of the pinned @pulumi/aws (its Region enum)", () => {
    const commercial = partitions.find((p) => p.id === "aws")!;
    const upstreamPattern = new RegExp(commercial.regionRegex);
    assert.deepEqual(
      [...COMMERCIAL_REGIONS].sort(),
      providerRegions.filter((r) => upstreamPattern.test(r)).sort(),
    );
    assert.equal(COMMERCIAL_REGIONS.length, 34);
  });

  it("names the installed @pulumi/aws version when it refuses a region it does not know", () => {
    const { version } = JSON.parse(
      readFileSync(join(ROOT, "node_modules", "@pulumi", "aws", "package.json"), "utf8"),
    ) as { version: string };
    assert.ok(regionProblem("eu-west-9")!.includes(`@pulumi/aws ${version} knows`), version);
  });

  it("includes every region the vendored AWS partitions file lists for the aws partition", () => {
    const listed = Object.keys(partitions.find((p) => p.id === "aws")!.regions).filter(
      (r) => !r.endsWith("-global"),
    );
    assert.deepEqual(
      listed.filter((r) => !(COMMERCIAL_REGIONS as readonly string[]).includes(r)),
      [],
    );
  });

  it("classifies region names by partition as the vendored regionRegex patterns do", () => {
    assert.deepEqual(PARTITION_REGION_PATTERNS.map(([id]) => id).sort(), partitions.map((p) => p.id).sort());
    for (const region of [...providerRegions, ...partitions.flatMap((p) => Object.keys(p.regions))]) {
      if (region.endsWith("-global")) continue;
      const upstream = partitions.filter((p) => new RegExp(p.regionRegex).test(region)).map((p) => p.id);
      assert.deepEqual([partitionOf(region)], upstream, region);
    }
  });

  it("accepts every listed region and explains the rest, with a did-you-mean for near misses", () => {
    for (const region of COMMERCIAL_REGIONS) assert.equal(regionProblem(region), undefined, region);
    assert.equal(
      regionProblem("euwest1"),
      '"euwest1" is not an AWS region name (did you mean eu-west-1?); names look like eu-west-1 (area, direction, number)',
    );
    assert.match(regionProblem("EU-West-1")!, /did you mean eu-west-1\?/);
    assert.match(
      regionProblem("eu-wset-1")!,
      /not a region @pulumi\/aws 7\.48\.0 knows \(did you mean eu-west-1\?\)/,
    );
    assert.match(regionProblem("us-gov-west-1")!, /aws-us-gov partition; .*commercial aws partition only/);
    assert.match(regionProblem("cn-north-1")!, /aws-cn partition/);
    // Equally close to us-east-1 and us-east-2: a guess would mislead, so no hint.
    assert.doesNotMatch(regionProblem("us-east-3")!, /did you mean/);
    assert.doesNotMatch(regionProblem("ireland")!, /did you mean/);
  });
});
