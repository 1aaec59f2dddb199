/**
 * The value rules every config schema shares (stacks/rules.ts), each at its limits and with the
 * message users see, written out by hand. Plain zod parsing: no stack, no Pulumi runtime.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { z } from "zod";
import {
  cidr,
  dnsName,
  duration,
  email,
  environmentName,
  hostedZoneId,
  iamPrincipalArn,
  imageTag,
  isoDate,
  labelSafeVersion,
  logRetentionDays,
  poolName,
  signedDuration,
  teamName,
  vpcCidr,
} from "../stacks/rules";

/** The messages `schema` gives for `value` (none when it is accepted). */
function messages(schema: z.ZodType, value: unknown): string[] {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error.issues.map((i) => i.message);
}

const accepts = (schema: z.ZodType, values: readonly unknown[]) => {
  for (const value of values) assert.deepEqual(messages(schema, value), [], String(value));
};

describe("config value rules", () => {
  it("environment names: 40 characters and no reserved namespace", () => {
    accepts(environmentName, ["dev9", "a".repeat(40)]);
    assert.deepEqual(messages(environmentName, "a".repeat(41)), [
      `"${"a".repeat(41)}" is 41 characters; at most 40 are allowed so derived names fit`,
    ]);
    assert.deepEqual(messages(environmentName, "kube-system"), [
      '"kube-system" is a namespace reserved for Kubernetes or the platform (default, kube-system, kube-public, kube-node-lease, logging, platform, launcher, external-dns, aws-load-balancer-controller, arc-systems, arc-runners)',
    ]);
  });

  it("team names: DNS-1123 labels of at most 40 characters", () => {
    accepts(teamName, ["qa", "server", "a".repeat(40)]);
    for (const bad of ["a".repeat(41), "Server", "qa_team", ""]) {
      assert.deepEqual(messages(teamName, bad), [
        `"${bad}" is not a team name: a DNS-1123 label (lower-case letters, digits and '-') of at most 40 characters`,
      ]);
    }
  });

  it("pool names: DNS-1123 labels of at most 20 characters", () => {
    accepts(poolName, ["game", "a".repeat(20)]);
    for (const bad of ["a".repeat(21), "Game", "-game"]) {
      assert.deepEqual(messages(poolName, bad), [
        `"${bad}" is not a DNS-1123 label of at most 20 characters`,
      ]);
    }
  });

  it("DNS names: at least two lower-case labels, at most 200 characters", () => {
    const long = `${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(8)}`;
    assert.equal(long.length, 200);
    accepts(dnsName, ["dev.game.example.com", "a.b", long]);
    for (const bad of [
      "example",
      `${long}x`,
      "Dev.example.com",
      "dev..example.com",
      "dev.example.com.",
      "-a.b",
    ]) {
      assert.deepEqual(
        messages(dnsName, bad),
        ["must be a lower-case DNS name with at least two labels, such as dev.game.example.com"],
        bad,
      );
    }
  });

  it("hosted zone ids: Z and 1 to 31 upper-case letters or digits", () => {
    accepts(hostedZoneId, ["Z0123456789ABCDEFGHIJ", "Z1", `Z${"A".repeat(31)}`]);
    for (const bad of ["Z", `Z${"A".repeat(32)}`, "z0123", "Y0123", "Z0123abc", " Z0123"]) {
      assert.deepEqual(
        messages(hostedZoneId, bad),
        ["must be a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ"],
        bad,
      );
    }
  });

  it("CIDR blocks: IPv4 with no host bits; the VPC's only /16 to /20", () => {
    accepts(cidr, ["10.0.0.0/8", "0.0.0.0/0", "192.168.1.1/32"]);
    assert.deepEqual(messages(cidr, "10.0.0.1/8"), [
      "must be an IPv4 CIDR block such as 10.20.0.0/16 (no host bits set)",
    ]);
    accepts(vpcCidr, ["10.20.0.0/16", "10.20.16.0/20"]);
    assert.deepEqual(messages(vpcCidr, "10.0.0.0/8"), [
      '"10.0.0.0/8" is a /8; the subnet layout needs a VPC prefix of /16 to /20 (65,536 to 4,096 addresses), such as 10.20.0.0/16',
    ]);
  });

  it("durations: unsigned ones refuse a sign, signed ones take one", () => {
    accepts(duration, ["240s", "1h30m", "0s"]);
    assert.deepEqual(messages(duration, "-4m"), [
      "must be a duration such as 240s, 4m or 1h30m (units d, h, m, s)",
    ]);
    accepts(signedDuration, ["+72h", "-1d", "0s", "30m"]);
    assert.deepEqual(messages(signedDuration, "72"), [
      "must be a signed duration such as +72h, -30m or 0s (units d, h, m, s)",
    ]);
  });

  it("dates: real calendar days only", () => {
    accepts(isoDate, ["2026-02-28", "2024-02-29"]);
    for (const bad of [
      "2026-02-29",
      "2026-13-01",
      "2026-1-01",
      "2026-01-01T00:00:00Z",
      "x2026-01-01",
      "2026-01",
      "+010000-01-01",
    ]) {
      assert.deepEqual(messages(isoDate, bad), ["must be a calendar date written YYYY-MM-DD"], bad);
    }
  });

  it("IAM principals: role or user ARNs of a 12-digit account, in any partition", () => {
    accepts(iamPrincipalArn, [
      "arn:aws:iam::123456789012:role/platform-admin",
      "arn:aws:iam::123456789012:user/alice@example.com",
      "arn:aws-us-gov:iam::123456789012:role/path/to/ops",
      "arn:aws-cn:iam::123456789012:role/a+b=c,d.e",
    ]);
    for (const bad of [
      "arn:aws:iam::12345678901:role/x",
      "arn:aws:iam::123456789012:group/x",
      "arn:aws:iam::123456789012:role/",
      "arn:aws:sts::123456789012:assumed-role/x/y",
      "xarn:aws:iam::123456789012:role/x",
      "arn:aws:iam::123456789012:role/x y",
    ]) {
      assert.deepEqual(
        messages(iamPrincipalArn, bad),
        ["must be an IAM role or user ARN such as arn:aws:iam::123456789012:role/platform-admin"],
        bad,
      );
    }
  });

  it("e-mail addresses: one @ and a dotted domain, no blanks", () => {
    accepts(email, ["alice@example.com", "a.b+c@mail.example.org"]);
    for (const bad of [
      "alice",
      "alice@example",
      "@example.com",
      "alice@@example.com",
      "al ice@example.com",
      "alice@example.com ",
    ]) {
      assert.deepEqual(messages(email, bad), ["must be an e-mail address"], bad);
    }
  });

  it("image tags: up to 128 characters, not starting with '.' or '-', never latest", () => {
    accepts(imageTag, ["1.42.0", "v1", "_x", "a".repeat(128), "Latest", "latest-1"]);
    for (const bad of ["a".repeat(129), ".1", "-1", "1.0/x", "", "1 0"]) {
      assert.deepEqual(
        messages(imageTag, bad),
        ["must be an image tag (letters, digits, '_', '.', '-'; at most 128 characters)"],
        bad,
      );
    }
    assert.deepEqual(messages(imageTag, "latest"), [
      '"latest" is not a pinned version; use a release tag such as 1.42.0',
    ]);
  });

  it("label-safe versions: 1 to 63 characters, alphanumeric at both ends", () => {
    accepts(labelSafeVersion, ["1", "1.42.0", "v1_2-3", "a".repeat(63)]);
    for (const bad of ["a".repeat(64), "", ".1", "1.", "-1", "1_", "1+build"]) {
      assert.deepEqual(
        messages(labelSafeVersion, bad),
        [
          "must be a version of at most 63 letters, digits, '_', '.' or '-', starting and ending alphanumeric",
        ],
        bad,
      );
    }
  });

  it("log retention: only the periods CloudWatch Logs accepts", () => {
    accepts(
      logRetentionDays,
      [
        1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,
        3653,
      ],
    );
    for (const bad of [0, 2, 366, 3654, 7.5]) {
      assert.deepEqual(
        messages(logRetentionDays, bad),
        [
          "must be a CloudWatch Logs retention period: one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653",
        ],
        String(bad),
      );
    }
  });
});
