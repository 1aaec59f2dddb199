/** An IPv4 CIDR block as a 32-bit network address and prefix length. */
export interface Ipv4Cidr {
  readonly address: number;
  readonly prefix: number;
}

/** Parses `a.b.c.d/n`, or returns undefined when it is not an IPv4 CIDR. */
export function parseIpv4Cidr(cidr: string): Ipv4Cidr | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr.trim());
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const address = octets.reduce((acc, o) => acc * 256 + o, 0);
  return { address, prefix };
}

/** True when every address of `inner` lies inside `outer` (both IPv4 CIDR strings). */
export function ipv4CidrContains(outer: string, inner: string): boolean {
  const o = parseIpv4Cidr(outer);
  const i = parseIpv4Cidr(inner);
  if (!o || !i || i.prefix < o.prefix) return false;
  const size = 2 ** (32 - o.prefix);
  return Math.floor(o.address / size) === Math.floor(i.address / size);
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
export const rfc1918 = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"] as const;
