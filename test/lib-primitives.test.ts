/**
 * lib/'s small building blocks at their edges, each expectation written out by hand: calendar days
 * (lib/dates.ts), durations (lib/duration.ts), CIDR helpers the policy pack and components share
 * (lib/cidr.ts), the node-failure grace period (lib/grace.ts), port names (lib/dns-names.ts) and node
 * sizing (lib/sizing.ts).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  cidrContains,
  formatCidr,
  isIpv6,
  isWorldOpen,
  overlaps,
  parseCidr,
  parseCidrLenient,
  subnetLayout,
  subnetOf,
  vpcCidrProblem,
} from "../lib/cidr";
import { addDays, daysBetween, isExpired, isIsoDate, todayUtc } from "../lib/dates";
import { isDns1123Label, isDns1123Subdomain, isPortName } from "../lib/dns-names";
import { parseDuration, parseSignedDuration } from "../lib/duration";
import { environmentNameProblem } from "../lib/environment/name";
import { gracePeriodOfTolerations, graceTolerations, graceTolerationSeconds } from "../lib/grace";
import {
  kubeReservedCpuMillicores,
  kubeReservedMemoryMiB,
  maxPods,
  nodeSizing,
  poolSizing,
} from "../lib/sizing";

describe("calendar days", () => {
  it("today is the UTC date, also just before and after midnight UTC", () => {
    assert.equal(todayUtc(new Date("2026-03-01T00:00:00Z")), "2026-03-01");
    assert.equal(todayUtc(new Date("2026-02-28T23:59:59.999Z")), "2026-02-28");
    assert.equal(todayUtc(new Date("2026-03-01T01:30:00+02:00")), "2026-02-28");
  });

  it("takes only real dates written YYYY-MM-DD", () => {
    for (const ok of ["2026-01-31", "2024-02-29", "2000-02-29", "1999-12-31"])
      assert.equal(isIsoDate(ok), true, ok);
    for (const bad of [
      "2026-02-29",
      "2100-02-29",
      "2026-13-01",
      "2026-00-10",
      "2026-04-31",
      "2026-4-01",
      "26-04-01",
      "2026-04-01T00:00:00Z",
      " 2026-04-01",
      "",
    ]) {
      assert.equal(isIsoDate(bad), false, bad);
    }
    for (const notText of [20260401, null, undefined, new Date("2026-04-01")])
      assert.equal(isIsoDate(notText), false);
  });

  it("adds days across months, years and leap days, and backwards", () => {
    assert.equal(addDays("2026-01-31", 1), "2026-02-01");
    assert.equal(addDays("2024-02-28", 1), "2024-02-29");
    assert.equal(addDays("2026-02-28", 1), "2026-03-01");
    assert.equal(addDays("2026-12-31", 1), "2027-01-01");
    assert.equal(addDays("2026-03-01", -1), "2026-02-28");
    assert.equal(addDays("2026-06-15", 60), "2026-08-14");
    assert.equal(addDays("2026-06-15", 0), "2026-06-15");
  });

  it("counts whole days between dates, negative backwards", () => {
    assert.equal(daysBetween("2026-06-15", "2026-08-14"), 60);
    assert.equal(daysBetween("2026-08-14", "2026-06-15"), -60);
    assert.equal(daysBetween("2026-06-15", "2026-06-15"), 0);
    assert.equal(daysBetween("2024-02-28", "2024-03-01"), 2);
    assert.equal(daysBetween("2026-12-31", "2027-01-01"), 1);
  });

  it("an environment expiring on a day runs through that day", () => {
    assert.equal(isExpired("2026-06-15", "2026-06-14"), false);
    assert.equal(isExpired("2026-06-15", "2026-06-15"), false);
    assert.equal(isExpired("2026-06-15", "2026-06-16"), true);
    assert.equal(isExpired("2025-12-31", "2026-01-01"), true);
  });
});

describe("durations at their edges", () => {
  it("adds days, hours, minutes and seconds in that order only", () => {
    assert.equal(parseDuration("1d2h3m4s"), 86400 + 7200 + 180 + 4);
    assert.equal(parseDuration("1s"), 1);
    assert.equal(parseDuration("1m"), 60);
    assert.equal(parseDuration("1h"), 3600);
    assert.equal(parseDuration("1d"), 86400);
    assert.equal(parseDuration("0s"), 0);
    assert.equal(parseDuration("90m"), 5400);
    assert.equal(parseDuration("10d"), 864000);
    assert.equal(parseDuration("12h45m30s"), 45930);
    assert.equal(parseDuration(" 4m "), 240, "surrounding blanks are trimmed");
    for (const bad of ["4m1h", "1s1m", "  ", "-4m", "+4m", "4M", "4ms", "d", "1d 2h"]) {
      assert.equal(parseDuration(bad), undefined, bad);
    }
  });

  it("reads a sign only in signed durations", () => {
    assert.equal(parseSignedDuration("-1d"), -86400);
    assert.equal(parseSignedDuration("+1d"), 86400);
    assert.equal(parseSignedDuration("1d"), 86400);
    assert.equal(parseSignedDuration(" -2h "), -7200);
    assert.equal(parseSignedDuration("--2h"), undefined);
    assert.equal(parseSignedDuration("-"), undefined);
    assert.equal(parseSignedDuration(""), undefined);
    assert.equal(parseSignedDuration("2x"), undefined);
    assert.equal(parseSignedDuration("1d-"), undefined, "a sign only in front");
    assert.equal(parseSignedDuration("1d+"), undefined);
  });
});

describe("CIDR helpers", () => {
  it("parses a block with its host bits clear, at /0 and /32 too", () => {
    assert.deepEqual(parseCidr("10.20.0.0/16"), { network: 169082880, prefix: 16 });
    assert.deepEqual(parseCidr("0.0.0.0/0"), { network: 0, prefix: 0 });
    assert.deepEqual(parseCidr("255.255.255.255/32"), { network: 4294967295, prefix: 32 });
    assert.deepEqual(parseCidr("192.168.1.128/25"), { network: 3232235904, prefix: 25 });
    for (const bad of [
      "192.168.1.129/25",
      "1.2.3.4/0",
      "256.0.0.0/8",
      "10.0.0.0/33",
      "10.0.0.0",
      " 10.0.0.0/8",
      "::/0",
      "1110.0.0.0/8",
      "10.0.0.0/8x",
      "10.0.0.0/168",
    ]) {
      assert.equal(parseCidr(bad), undefined, bad);
    }
  });

  it("reads a lenient block as the block its address lies in", () => {
    assert.deepEqual(parseCidrLenient("10.1.2.3/16"), { network: 167837696, prefix: 16 });
    assert.deepEqual(parseCidrLenient(" 10.1.2.3/32 "), { network: 167838211, prefix: 32 });
    assert.deepEqual(parseCidrLenient("1.2.3.4/0"), { network: 0, prefix: 0 });
    assert.equal(parseCidrLenient("10.1.2.256/16"), undefined);
    assert.equal(parseCidrLenient("10.1.2.3/40"), undefined);
    assert.equal(parseCidrLenient("10.1.2/16"), undefined);
  });

  it("contains a block inside another, never a larger one, and ignores host bits", () => {
    assert.equal(cidrContains("10.0.0.0/8", "10.20.0.0/16"), true);
    assert.equal(cidrContains("10.0.0.0/8", "10.0.0.0/8"), true);
    assert.equal(cidrContains("10.0.0.0/8", "10.255.255.255/32"), true);
    assert.equal(cidrContains("10.0.0.0/8", "11.0.0.0/16"), false);
    assert.equal(cidrContains("10.20.0.0/16", "10.0.0.0/8"), false);
    assert.equal(cidrContains("10.0.0.0/16", "10.0.0.0/8"), false, "same first address, larger block");
    assert.equal(cidrContains("172.16.0.0/12", "172.31.255.0/24"), true);
    assert.equal(cidrContains("172.16.0.0/12", "172.32.0.0/24"), false);
    assert.equal(cidrContains("10.1.2.3/16", "10.1.200.0/24"), true);
    assert.equal(cidrContains("0.0.0.0/0", "203.0.113.7/32"), true);
    assert.equal(cidrContains("not-a-cidr", "10.0.0.0/8"), false);
    assert.equal(cidrContains("10.0.0.0/8", "not-a-cidr"), false);
  });

  it("knows world-open and IPv6 blocks", () => {
    for (const open of ["0.0.0.0/0", "::/0", " 0.0.0.0/0 "]) assert.equal(isWorldOpen(open), true, open);
    for (const closed of ["0.0.0.0/1", "10.0.0.0/8", "::/10", "0.0.0.0/00x"])
      assert.equal(isWorldOpen(closed), false, closed);
    assert.equal(isIpv6("2001:db8::/32"), true);
    assert.equal(isIpv6("10.0.0.0/8"), false);
  });

  it("formats and carves blocks, refusing carvings that do not fit", () => {
    assert.equal(formatCidr({ network: 3232235904, prefix: 25 }), "192.168.1.128/25");
    assert.equal(formatCidr({ network: 4294967295, prefix: 32 }), "255.255.255.255/32");
    const vpc = parseCidr("10.20.0.0/16")!;
    assert.equal(formatCidr(subnetOf(vpc, 16, 0)), "10.20.0.0/16");
    assert.equal(formatCidr(subnetOf(vpc, 18, 3)), "10.20.192.0/18");
    assert.equal(formatCidr(subnetOf(vpc, 32, 65535)), "10.20.255.255/32");
    assert.throws(() => subnetOf(vpc, 15, 0), /^RangeError: cannot carve a \/15 out of a \/16$/);
    assert.throws(() => subnetOf(vpc, 33, 0), /^RangeError: cannot carve a \/33 out of a \/16$/);
    assert.throws(() => subnetOf(vpc, 18, 4), /^RangeError: subnet index 4 is outside 0\.\.3$/);
    assert.throws(() => subnetOf(vpc, 18, -1), /^RangeError: subnet index -1 is outside 0\.\.3$/);
    assert.throws(() => subnetOf(vpc, 18, 1.5), /^RangeError: subnet index 1.5 is outside 0\.\.3$/);
  });

  it("overlaps blocks that share an address, not blocks that only touch", () => {
    const c = (t: string) => parseCidr(t)!;
    assert.equal(overlaps(c("10.0.0.0/24"), c("10.0.0.128/25")), true);
    assert.equal(overlaps(c("10.0.0.128/25"), c("10.0.0.0/24")), true);
    assert.equal(overlaps(c("10.0.0.0/25"), c("10.0.0.128/25")), false);
    assert.equal(overlaps(c("10.0.0.128/25"), c("10.0.0.0/25")), false);
    assert.equal(overlaps(c("10.0.0.0/32"), c("10.0.0.0/32")), true);
  });

  it("lays out the smallest VPC and four AZs, and refuses 0 AZs and fractions", () => {
    assert.deepEqual(subnetLayout("172.16.16.0/20", 4), {
      private: ["172.16.16.0/23", "172.16.18.0/23", "172.16.20.0/23", "172.16.22.0/23"],
      public: ["172.16.24.0/28", "172.16.24.16/28", "172.16.24.32/28", "172.16.24.48/28"],
    });
    assert.deepEqual(subnetLayout("10.20.0.0/16", 1), {
      private: ["10.20.0.0/19"],
      public: ["10.20.128.0/24"],
    });
    assert.throws(() => subnetLayout("10.20.0.0/16", 0), /^RangeError: azCount 0 is outside 1\.\.4$/);
    assert.throws(() => subnetLayout("10.20.0.0/16", 2.5), /^RangeError: azCount 2.5 is outside 1\.\.4$/);
    assert.throws(() => subnetLayout("10.20.0.1/16", 2), /^RangeError: "10.20.0.1\/16" has host bits set/);
  });

  it("explains each VPC block problem in full", () => {
    assert.equal(
      vpcCidrProblem("10.20.0.0"),
      '"10.20.0.0" is not an IPv4 CIDR block; the VPC needs one with a prefix of /16 to /20, such as 10.20.0.0/16',
    );
    assert.equal(
      vpcCidrProblem("10.20.0.1/16"),
      '"10.20.0.1/16" has host bits set; write the block\'s first address, such as 10.20.0.0/16',
    );
    assert.equal(
      vpcCidrProblem("10.0.0.0/15"),
      '"10.0.0.0/15" is a /15; the subnet layout needs a VPC prefix of /16 to /20 (65,536 to 4,096 addresses), such as 10.20.0.0/16',
    );
    assert.equal(vpcCidrProblem("10.20.16.0/20"), undefined);
    assert.match(vpcCidrProblem("10.20.0.0/21")!, /^"10.20.0.0\/21" is a \/21;/);
  });
});

describe("node-failure grace period at its bounds", () => {
  it("tolerates nothing up to EKS's fixed 40 s, then the rest, rounded to whole seconds", () => {
    assert.equal(graceTolerationSeconds(0), 0);
    assert.equal(graceTolerationSeconds(39), 0);
    assert.equal(graceTolerationSeconds(40), 0);
    assert.equal(graceTolerationSeconds(41), 1);
    assert.equal(graceTolerationSeconds(240), 200);
    assert.equal(graceTolerationSeconds(240.4), 200);
    assert.equal(graceTolerationSeconds(240.6), 201);
    assert.equal(graceTolerationSeconds(240, 50), 190);
  });

  it("refuses negative and non-finite periods with the value in the message", () => {
    assert.throws(
      () => graceTolerationSeconds(-0.5),
      /^RangeError: grace period must be a non-negative number of seconds, got -0.5$/,
    );
    assert.throws(() => graceTolerationSeconds(Number.NaN), /got NaN$/);
    assert.throws(() => graceTolerationSeconds(Number.POSITIVE_INFINITY), /got Infinity$/);
  });

  it("hands out both NoExecute tolerations with the same seconds", () => {
    assert.deepEqual(graceTolerations(300), [
      {
        key: "node.kubernetes.io/not-ready",
        operator: "Exists",
        effect: "NoExecute",
        tolerationSeconds: 260,
      },
      {
        key: "node.kubernetes.io/unreachable",
        operator: "Exists",
        effect: "NoExecute",
        tolerationSeconds: 260,
      },
    ]);
    assert.deepEqual(
      graceTolerations(100, 50).map((t) => t.tolerationSeconds),
      [50, 50],
    );
  });

  it("reads a grace period back only from matching Exists/NoExecute tolerations", () => {
    const both = (seconds: number) => [
      {
        key: "node.kubernetes.io/not-ready",
        operator: "Exists" as const,
        effect: "NoExecute" as const,
        tolerationSeconds: seconds,
      },
      {
        key: "node.kubernetes.io/unreachable",
        operator: "Exists" as const,
        effect: "NoExecute" as const,
        tolerationSeconds: seconds,
      },
    ];
    assert.equal(gracePeriodOfTolerations(both(200)), 240);
    assert.equal(gracePeriodOfTolerations(both(0)), 40);
    assert.equal(gracePeriodOfTolerations(both(200), 50), 250);
    const [notReady, unreachable] = both(200);
    assert.equal(gracePeriodOfTolerations([{ ...notReady!, effect: "NoSchedule" }, unreachable!]), undefined);
    assert.equal(gracePeriodOfTolerations([notReady!, { ...unreachable!, operator: "Equal" }]), undefined);
    assert.equal(gracePeriodOfTolerations([unreachable!]), undefined, "not-ready missing");
    // Another NoExecute toleration (a maintenance taint) is no stand-in for either of the two.
    const maintenance = {
      key: "example.com/maintenance",
      operator: "Exists" as const,
      effect: "NoExecute" as const,
    };
    assert.equal(
      gracePeriodOfTolerations([{ ...maintenance, tolerationSeconds: 200 }, unreachable!]),
      undefined,
    );
    assert.equal(gracePeriodOfTolerations([{ ...maintenance, tolerationSeconds: 300 }, ...both(200)]), 240);
    const { tolerationSeconds: _, ...forever } = notReady!;
    assert.equal(gracePeriodOfTolerations([forever, unreachable!]), undefined, "one tolerates forever");
  });
});

describe("names at their limits", () => {
  it("takes a label up to its maximum length, and a subdomain up to 253 characters", () => {
    assert.equal(isDns1123Label("a".repeat(10), 10), true);
    assert.equal(isDns1123Label("a".repeat(11), 10), false);
    const label63 = "a".repeat(63);
    const subdomain253 = [label63, label63, label63, "a".repeat(61)].join(".");
    assert.equal(subdomain253.length, 253);
    assert.equal(isDns1123Subdomain(subdomain253), true);
    assert.equal(isDns1123Subdomain(`${subdomain253}a`), false);
    assert.equal(isDns1123Subdomain("a.b-c.d"), true);
    for (const bad of ["a..b", ".a", "a.", "a.-b", "A.b", "a_b.c", ""])
      assert.equal(isDns1123Subdomain(bad), false, bad);
  });

  it("takes port names of 1 to 15 characters with a letter, no dash at either end or doubled", () => {
    for (const ok of ["a", "http", "game-udp", "a".repeat(15), "h2c", "1a"])
      assert.equal(isPortName(ok), true, ok);
    for (const bad of ["", "a".repeat(16), "8080", "-http", "http-", "ga--me", "Http", "http_1", "ht tp"]) {
      assert.equal(isPortName(bad), false, bad);
    }
  });

  it("explains a long environment name with its length", () => {
    assert.equal(
      environmentNameProblem("a".repeat(41)),
      `"${"a".repeat(41)}" is 41 characters; at most 40 are allowed so derived names fit`,
    );
    assert.equal(environmentNameProblem("a".repeat(40)), undefined);
  });
});

describe("node sizing at its edges", () => {
  it("caps max-pods at 110 up to 30 vCPUs and at 250 from 31", () => {
    assert.equal(maxPods({ enis: 15, ipv4PerEni: 50, vcpus: 30 }), 110);
    assert.equal(maxPods({ enis: 15, ipv4PerEni: 50, vcpus: 31 }), 250);
    assert.equal(maxPods({ enis: 3, ipv4PerEni: 10, vcpus: 31 }), 29, "the ENI limit when lower");
  });

  it("reserves CPU per band, rounding a fraction of a millicore up", () => {
    assert.equal(kubeReservedCpuMillicores(3), 75);
    assert.equal(kubeReservedCpuMillicores(5), 83);
    assert.equal(kubeReservedCpuMillicores(6), 85);
  });

  it("refuses pod counts and core counts that are not whole numbers in range", () => {
    assert.equal(kubeReservedMemoryMiB(0), 255);
    assert.throws(
      () => kubeReservedMemoryMiB(-1),
      /^RangeError: pods must be a non-negative integer, got -1$/,
    );
    assert.throws(
      () => kubeReservedMemoryMiB(2.5),
      /^RangeError: pods must be a non-negative integer, got 2.5$/,
    );
    assert.throws(
      () => kubeReservedCpuMillicores(0),
      /^RangeError: vcpus must be a positive integer, got 0$/,
    );
    assert.throws(
      () => kubeReservedCpuMillicores(1.5),
      /^RangeError: vcpus must be a positive integer, got 1.5$/,
    );
  });

  it("sizes one m6i.large node in full", () => {
    assert.deepEqual(nodeSizing("m6i.large"), {
      instanceType: "m6i.large",
      maxPods: 29,
      kubeReservedCpuMillicores: 70,
      kubeReservedMemoryMiB: 574,
      evictionHardMemoryMiB: 100,
      allocatableCpuMillicores: 1930,
      allocatableMemoryMiB: 8192 - 574 - 100,
    });
  });

  it("sizes a mixed pool for its smallest member, CPU as well as memory, and needs a type", () => {
    assert.deepEqual(poolSizing(["m6i.xlarge", "m6i.large"]), {
      instanceType: "m6i.xlarge,m6i.large",
      maxPods: 29,
      kubeReservedCpuMillicores: 70,
      kubeReservedMemoryMiB: 574,
      evictionHardMemoryMiB: 100,
      allocatableCpuMillicores: 1930,
      allocatableMemoryMiB: 7518,
    });
    assert.throws(() => poolSizing([]), /^RangeError: a node pool needs at least one instance type$/);
  });
});
