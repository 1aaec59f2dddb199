/**
 * AWS regions the program can deploy to. The one list of them: config validation reads it today,
 * and per-region data (availability zones, prices) should key on it.
 *
 * Only the commercial `aws` partition is supported: the program writes `arn:aws:...` ARNs (managed
 * policies, access policies, hosted zones), which do not exist in the China, GovCloud, ISO or
 * European Sovereign Cloud partitions.
 */
import { nearest } from "./edit-distance";

/**
 * The commercial regions @pulumi/aws 7.48.0 knows (its `Region` enum, less other partitions). The
 * AWS provider validates its region against the same SDK list unless `skipRegionValidation` is
 * set, so a region missing here would fail there too; add it when the provider is upgraded.
 * `test/regions.test.ts` holds this list to the enum and to the vendored AWS partitions file.
 */
export const COMMERCIAL_REGIONS = [
  "af-south-1",
  "ap-east-1",
  "ap-east-2",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-northeast-3",
  "ap-south-1",
  "ap-south-2",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-southeast-3",
  "ap-southeast-4",
  "ap-southeast-5",
  "ap-southeast-6",
  "ap-southeast-7",
  "ca-central-1",
  "ca-west-1",
  "eu-central-1",
  "eu-central-2",
  "eu-north-1",
  "eu-south-1",
  "eu-south-2",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "il-central-1",
  "me-central-1",
  "me-south-1",
  "mx-central-1",
  "sa-east-1",
  "us-east-1",
  "us-east-2",
  "us-west-1",
  "us-west-2",
] as const;

/** One of {@link COMMERCIAL_REGIONS}. */
export type CommercialRegion = (typeof COMMERCIAL_REGIONS)[number];

/**
 * Region names by partition, after the `regionRegex` of each partition in the AWS SDKs' partitions
 * file (upstream/aws-sdk-js-v3/partitions.json), with `\w` narrowed to the lower-case letters region
 * names use. The commercial pattern comes first; the others only name the partition in a message.
 */
export const PARTITION_REGION_PATTERNS: ReadonlyArray<readonly [partition: string, pattern: RegExp]> = [
  ["aws", /^(us|eu|ap|sa|ca|me|af|il|mx)-[a-z]+-\d+$/],
  ["aws-cn", /^cn-[a-z]+-\d+$/],
  ["aws-us-gov", /^us-gov-[a-z]+-\d+$/],
  ["aws-iso", /^us-iso-[a-z]+-\d+$/],
  ["aws-iso-b", /^us-isob-[a-z]+-\d+$/],
  ["aws-iso-e", /^eu-isoe-[a-z]+-\d+$/],
  ["aws-iso-f", /^us-isof-[a-z]+-\d+$/],
  ["aws-eusc", /^eusc-de-[a-z]+-\d+$/],
];

/** The partition whose region names `region` follows, if any. */
export function partitionOf(region: string): string | undefined {
  return PARTITION_REGION_PATTERNS.find(([, pattern]) => pattern.test(region))?.[0];
}

/** Whether `region` is a commercial region the program deploys to. */
export function isCommercialRegion(region: string): region is CommercialRegion {
  return (COMMERCIAL_REGIONS as readonly string[]).includes(region);
}

/**
 * Why `region` cannot be the stack's region, or `undefined` when it can. A name close to a known
 * region (case, missing dashes, a typo or two) gets a did-you-mean.
 */
export function regionProblem(region: string): string | undefined {
  if (isCommercialRegion(region)) return undefined;
  const partition = partitionOf(region);
  if (partition !== undefined && partition !== "aws") {
    return `"${region}" is a region of the ${partition} partition; this program writes ARNs of the commercial aws partition only, so use a commercial region such as eu-west-1`;
  }
  const close = closestRegion(region);
  const hint = close ? ` (did you mean ${close}?)` : "";
  if (partition === "aws") {
    return `"${region}" is not a region @pulumi/aws 7.48.0 knows${hint}; if AWS opened it since, add it to lib/regions.ts with a provider upgrade`;
  }
  return `"${region}" is not an AWS region name${hint}; names look like eu-west-1 (area, direction, number)`;
}

/** The known region `text` most likely means: the same letters and digits, else one within two edits. */
function closestRegion(text: string): CommercialRegion | undefined {
  const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");
  return (
    COMMERCIAL_REGIONS.find((r) => squash(r) === squash(text)) ??
    nearest(text.toLowerCase(), COMMERCIAL_REGIONS, 2)
  );
}
