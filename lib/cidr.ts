/** IPv4 CIDR maths for the stack's VPC: parsing, validation and the subnet layout. */

/** A parsed IPv4 CIDR block. */
export interface Cidr {
  /** Network address as an unsigned 32-bit integer. */
  readonly network: number;
  readonly prefix: number;
}

const CIDR_PATTERN = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses `a.b.c.d/n`; `undefined` when it is not a CIDR or has host bits set. */
export function parseCidr(text: string): Cidr | undefined {
  const match = CIDR_PATTERN.exec(text);
  const parts = match ? parseCidrParts(match) : undefined;
  if (!parts) return undefined;
  const { address, prefix } = parts;
  const network = prefix === 0 ? 0 : address - (address % 2 ** (32 - prefix));
  if (network !== address) return undefined;
  return { network, prefix };
}

/** The address and prefix of a pattern match, or `undefined` when an octet or the prefix is out of range. */
function parseCidrParts(match: RegExpExecArray): { address: number; prefix: number } | undefined {
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  return { address: octets.reduce((acc, o) => acc * 256 + o, 0), prefix };
}

/**
 * Parses `a.b.c.d/n` without insisting the host bits are clear (AWS APIs and users write
 * `10.1.2.3/16`); the network is the block the address lies in.
 */
export function parseCidrLenient(text: string): Cidr | undefined {
  const match = CIDR_PATTERN.exec(text.trim());
  const parts = match ? parseCidrParts(match) : undefined;
  if (!parts) return undefined;
  const size = 2 ** (32 - parts.prefix);
  return { network: Math.floor(parts.address / size) * size, prefix: parts.prefix };
}

/** True when every address of `inner` lies inside `outer` (IPv4 CIDR strings; host bits ignored). */
export function cidrContains(outer: string, inner: string): boolean {
  const o = parseCidrLenient(outer);
  const i = parseCidrLenient(inner);
  if (!o || !i || i.prefix < o.prefix) return false;
  const size = 2 ** (32 - o.prefix);
  return Math.floor(i.network / size) * size === o.network;
}

/** True for a CIDR that covers every address of its family (`0.0.0.0/0`, `::/0`). */
export function isWorldOpen(cidr: string): boolean {
  return /\/0$/.test(cidr.trim());
}

/** True for an IPv6 CIDR. */
export function isIpv6(cidr: string): boolean {
  return cidr.includes(":");
}

/** The private IPv4 ranges of RFC 1918. */
export const RFC1918_RANGES = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"] as const;

/** Formats a CIDR as `a.b.c.d/n`. */
export function formatCidr(cidr: Cidr): string {
  const octets = [24, 16, 8, 0].map((shift) => Math.floor(cidr.network / 2 ** shift) % 256);
  return `${octets.join(".")}/${cidr.prefix}`;
}

/** The `index`-th block of size `/newPrefix` inside `parent`. */
export function subnetOf(parent: Cidr, newPrefix: number, index: number): Cidr {
  if (newPrefix < parent.prefix || newPrefix > 32) {
    throw new RangeError(`cannot carve a /${newPrefix} out of a /${parent.prefix}`);
  }
  const count = 2 ** (newPrefix - parent.prefix);
  if (!Number.isInteger(index) || index < 0 || index >= count) {
    throw new RangeError(`subnet index ${index} is outside 0..${count - 1}`);
  }
  return { network: parent.network + index * 2 ** (32 - newPrefix), prefix: newPrefix };
}

/** Whether two CIDR blocks share any address. */
export function overlaps(a: Cidr, b: Cidr): boolean {
  const aEnd = a.network + 2 ** (32 - a.prefix);
  const bEnd = b.network + 2 ** (32 - b.prefix);
  return a.network < bEnd && b.network < aEnd;
}

/** The VPC prefix lengths the layout supports: /16 (65,536 addresses) down to /20 (4,096). */
export const VPC_PREFIX_RANGE = { min: 16, max: 20 } as const;
/** The most availability zones the layout carves subnets for. */
export const MAX_AZS = 4;

/** Private and public subnet CIDRs for each availability zone, in AZ order. */
export interface SubnetLayout {
  readonly private: string[];
  readonly public: string[];
}

/**
 * Why `text` cannot be the VPC block the layout carves, or `undefined` when it can: not an IPv4
 * CIDR, host bits set, or a prefix outside {@link VPC_PREFIX_RANGE}. Config validation reports this
 * message, and {@link subnetLayout} refuses the same inputs, so the two cannot drift apart.
 */
export function vpcCidrProblem(text: string): string | undefined {
  const example = "10.20.0.0/16";
  const range = `/${VPC_PREFIX_RANGE.min} to /${VPC_PREFIX_RANGE.max}`;
  const match = CIDR_PATTERN.exec(text);
  if (!match || parseCidrParts(match) === undefined) {
    return `"${text}" is not an IPv4 CIDR block; the VPC needs one with a prefix of ${range}, such as ${example}`;
  }
  const vpc = parseCidr(text);
  if (!vpc) {
    return `"${text}" has host bits set; write the block's first address, such as ${example}`;
  }
  if (vpc.prefix < VPC_PREFIX_RANGE.min || vpc.prefix > VPC_PREFIX_RANGE.max) {
    const size = (prefix: number) => (2 ** (32 - prefix)).toLocaleString("en");
    return `"${text}" is a /${vpc.prefix}; the subnet layout needs a VPC prefix of ${range} (${size(VPC_PREFIX_RANGE.min)} to ${size(VPC_PREFIX_RANGE.max)} addresses), such as ${example}`;
  }
  return undefined;
}

/**
 * Splits the VPC: the lower half holds one large private subnet per AZ (/19 of a /16: pods take
 * VPC addresses, so private space is what runs out), the upper half one small public subnet per
 * AZ (/24 of a /16: only load balancers and NAT gateways live there). Config validation
 * ({@link vpcCidrProblem}, `network.azCount`) keeps user input from reaching the throws below.
 */
export function subnetLayout(vpcCidr: string, azCount: number): SubnetLayout {
  const problem = vpcCidrProblem(vpcCidr);
  if (problem) throw new RangeError(problem);
  const vpc = parseCidr(vpcCidr)!;
  if (!Number.isInteger(azCount) || azCount < 1 || azCount > MAX_AZS) {
    throw new RangeError(`azCount ${azCount} is outside 1..${MAX_AZS}`);
  }
  const privatePrefix = vpc.prefix + 3;
  const publicPrefix = vpc.prefix + 8;
  const upperHalf = 2 ** (publicPrefix - vpc.prefix) / 2;
  const azs = [...Array(azCount).keys()];
  return {
    private: azs.map((i) => formatCidr(subnetOf(vpc, privatePrefix, i))),
    public: azs.map((i) => formatCidr(subnetOf(vpc, publicPrefix, upperHalf + i))),
  };
}
