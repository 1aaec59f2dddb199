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
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const address = octets.reduce((acc, o) => acc * 256 + o, 0);
  const network = prefix === 0 ? 0 : address - (address % 2 ** (32 - prefix));
  if (network !== address) return undefined;
  return { network, prefix };
}

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
 * Splits the VPC: the lower half holds one large private subnet per AZ (/19 of a /16: pods take
 * VPC addresses, so private space is what runs out), the upper half one small public subnet per
 * AZ (/24 of a /16: only load balancers and NAT gateways live there).
 */
export function subnetLayout(vpcCidr: string, azCount: number): SubnetLayout {
  const vpc = parseCidr(vpcCidr);
  if (!vpc) throw new RangeError(`"${vpcCidr}" is not an IPv4 CIDR`);
  if (vpc.prefix < VPC_PREFIX_RANGE.min || vpc.prefix > VPC_PREFIX_RANGE.max) {
    throw new RangeError(
      `VPC prefix /${vpc.prefix} is outside /${VPC_PREFIX_RANGE.min}../${VPC_PREFIX_RANGE.max}`,
    );
  }
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
