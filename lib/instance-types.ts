/**
 * The EC2 instance types the sizing maths knows, with the figures that decide how many pods fit.
 * Source: the EC2 "IP addresses per network interface per instance type" table and the instance
 * type pages. A type that is not here is rejected by config validation rather than guessed at.
 */

/** CPU architecture of an instance type; Bottlerocket has an AMI for each. */
export type Architecture = "x86_64" | "arm64";

/** What the sizing maths needs to know about one instance type. */
export interface InstanceTypeSpec {
  readonly vcpus: number;
  readonly memoryMiB: number;
  /** Maximum elastic network interfaces. */
  readonly enis: number;
  /** IPv4 addresses per interface (the first is the interface's own). */
  readonly ipv4PerEni: number;
  readonly architecture: Architecture;
  /** T-series: CPU credits run out under steady load, so EKS guidance avoids them for such work. */
  readonly burstable: boolean;
}

const GiB = 1024;

function spec(
  vcpus: number,
  memoryGiB: number,
  enis: number,
  ipv4PerEni: number,
  architecture: Architecture = "x86_64",
  burstable = false,
): InstanceTypeSpec {
  return { vcpus, memoryMiB: memoryGiB * GiB, enis, ipv4PerEni, architecture, burstable };
}

/** The instance types this program can size nodes for. */
export const INSTANCE_TYPES: Readonly<Record<string, InstanceTypeSpec>> = {
  "t3.medium": spec(2, 4, 3, 6, "x86_64", true),
  "t3.large": spec(2, 8, 3, 12, "x86_64", true),
  "t3.xlarge": spec(4, 16, 4, 15, "x86_64", true),
  "m5.large": spec(2, 8, 3, 10),
  "m5.xlarge": spec(4, 16, 4, 15),
  "m5.2xlarge": spec(8, 32, 4, 15),
  "m5.4xlarge": spec(16, 64, 8, 30),
  "m6i.large": spec(2, 8, 3, 10),
  "m6i.xlarge": spec(4, 16, 4, 15),
  "m6i.2xlarge": spec(8, 32, 4, 15),
  "m6i.4xlarge": spec(16, 64, 8, 30),
  "m6a.large": spec(2, 8, 3, 10),
  "m6a.xlarge": spec(4, 16, 4, 15),
  "m6a.2xlarge": spec(8, 32, 4, 15),
  "m7i.large": spec(2, 8, 3, 10),
  "m7i.xlarge": spec(4, 16, 4, 15),
  "m7i.2xlarge": spec(8, 32, 4, 15),
  "c6i.large": spec(2, 4, 3, 10),
  "c6i.xlarge": spec(4, 8, 4, 15),
  "c6i.2xlarge": spec(8, 16, 4, 15),
  "r6i.large": spec(2, 16, 3, 10),
  "r6i.xlarge": spec(4, 32, 4, 15),
  "r6i.2xlarge": spec(8, 64, 4, 15),
  "m7g.large": spec(2, 8, 3, 10, "arm64"),
  "m7g.xlarge": spec(4, 16, 4, 15, "arm64"),
  "m7g.2xlarge": spec(8, 32, 4, 15, "arm64"),
};

/** The names of every instance type the sizing tables know, sorted. */
export const KNOWN_INSTANCE_TYPES: readonly string[] = Object.keys(INSTANCE_TYPES).sort();

/** Looks an instance type up; throws for a type the tables do not know. */
export function instanceTypeSpec(instanceType: string): InstanceTypeSpec {
  const found = INSTANCE_TYPES[instanceType];
  if (!found) {
    throw new RangeError(
      `unknown instance type "${instanceType}"; known: ${KNOWN_INSTANCE_TYPES.join(", ")}`,
    );
  }
  return found;
}
