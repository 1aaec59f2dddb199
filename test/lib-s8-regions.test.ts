/**
 * Region names by partition (lib/regions.ts): each partition's pattern is anchored at both ends and
 * takes a region number of any length (the SDKs' `regionRegex` says `\d+`), so a two-digit number
 * stays in its partition while a name with a prefix or a suffix belongs to none. Checked through
 * `partitionOf` and the exact message `regionProblem` gives the user.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { partitionOf, regionProblem } from "../lib/regions";

const otherPartition = (region: string, partition: string) =>
  `"${region}" is a region of the ${partition} partition; this program writes ARNs of the commercial aws partition only, so use a commercial region such as eu-west-1`;
const notAName = (region: string, hint = "") =>
  `"${region}" is not an AWS region name${hint}; names look like eu-west-1 (area, direction, number)`;

describe("region partitions (lib/regions.ts)", () => {
  it("a commercial-looking name with a two-digit number is an unknown aws region, not a non-name", () => {
    assert.equal(partitionOf("us-east-10"), "aws");
    assert.equal(
      regionProblem("us-east-10"),
      '"us-east-10" is not a region @pulumi/aws 7.48.0 knows (did you mean us-east-1?); if AWS opened it since, add it to lib/regions.ts with a provider upgrade',
    );
  });

  it("a commercial name with a prefix or a suffix is no region name at all", () => {
    assert.equal(partitionOf("xus-east-1"), undefined);
    assert.equal(regionProblem("xus-east-1"), notAName("xus-east-1", " (did you mean us-east-1?)"));
    assert.equal(partitionOf("us-east-1x"), undefined);
    assert.equal(regionProblem("us-east-1x"), notAName("us-east-1x", " (did you mean us-east-1?)"));
  });

  // [partition, a real region of it, the same with a two-digit number]
  const others: ReadonlyArray<readonly [string, string, string]> = [
    ["aws-cn", "cn-north-1", "cn-north-10"],
    ["aws-us-gov", "us-gov-west-1", "us-gov-west-10"],
    ["aws-iso", "us-iso-east-1", "us-iso-east-10"],
    ["aws-iso-b", "us-isob-east-1", "us-isob-east-10"],
    ["aws-iso-e", "eu-isoe-west-1", "eu-isoe-west-10"],
    ["aws-iso-f", "us-isof-south-1", "us-isof-south-10"],
    ["aws-eusc", "eusc-de-east-1", "eusc-de-east-10"],
  ];

  for (const [partition, region, twoDigits] of others) {
    it(`${region} and ${twoDigits} are refused as regions of ${partition}`, () => {
      assert.equal(partitionOf(region), partition);
      assert.equal(regionProblem(region), otherPartition(region, partition));
      assert.equal(partitionOf(twoDigits), partition);
      assert.equal(regionProblem(twoDigits), otherPartition(twoDigits, partition));
    });

    it(`${region} with a prefix or a suffix is no region name, not a ${partition} region`, () => {
      for (const nearMiss of [`x${region}`, `${region}x`]) {
        assert.equal(partitionOf(nearMiss), undefined, nearMiss);
        assert.equal(regionProblem(nearMiss), notAName(nearMiss), nearMiss);
      }
    });
  }
});
