/** The name rules' one home: DNS-1123 labels and subdomains, port names and environment names. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isDns1123Label, isDns1123Subdomain, isPortName } from "../lib/dns-names";
import { environmentNameProblem, MAX_ENVIRONMENT_NAME_LENGTH } from "../lib/environment/name";

describe("DNS-1123 labels", () => {
  it("accepts lower-case letters, digits and inner '-' up to 63 characters", () => {
    for (const ok of ["a", "0", "dev1", "qa-login-2", "a".repeat(63)])
      assert.equal(isDns1123Label(ok), true, ok);
  });
  it("rejects upper case, '_', '.', leading or trailing '-', empty and 64 characters", () => {
    for (const bad of ["", "Dev1", "dev_1", "dev.1", "-dev", "dev-", "a".repeat(64)]) {
      assert.equal(isDns1123Label(bad), false, bad);
    }
  });
  it("applies a tighter length when asked", () => {
    assert.equal(isDns1123Label("a".repeat(20), 20), true);
    assert.equal(isDns1123Label("a".repeat(21), 20), false);
  });
});

describe("DNS-1123 subdomains", () => {
  it("accepts dotted labels up to 253 characters", () => {
    assert.equal(isDns1123Subdomain("karpenter.k8s.aws"), true);
    assert.equal(
      isDns1123Subdomain(`${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(61)}`),
      true,
    );
  });
  it("rejects empty labels, upper case and 254 characters", () => {
    for (const bad of [
      "a..b",
      ".a",
      "a.",
      "Karpenter.sh",
      `${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(62)}`,
    ]) {
      assert.equal(isDns1123Subdomain(bad), false, bad);
    }
  });
});

describe("port names (IANA service names)", () => {
  it("accepts up to 15 characters with a letter", () => {
    for (const ok of ["http", "game-ws", "h2c", "metrics", "a".repeat(15)])
      assert.equal(isPortName(ok), true, ok);
  });
  it("rejects 16 characters, digits only, doubled, leading or trailing '-'", () => {
    for (const bad of ["", "a".repeat(16), "8080", "game--ws", "-http", "http-", "HTTP", "http_2"]) {
      assert.equal(isPortName(bad), false, bad);
    }
  });
});

describe("environment names", () => {
  it("accepts a DNS label of at most 40 characters", () => {
    assert.equal(MAX_ENVIRONMENT_NAME_LENGTH, 40);
    assert.equal(environmentNameProblem("dev1"), undefined);
    assert.equal(environmentNameProblem("e".repeat(40)), undefined);
  });
  it("says why a name is refused", () => {
    assert.match(environmentNameProblem("Dev1") ?? "", /"Dev1" is not a DNS-1123 label/);
    assert.match(environmentNameProblem("e".repeat(41)) ?? "", /is 41 characters; at most 40 are allowed/);
    assert.match(environmentNameProblem("kube-system") ?? "", /reserved for Kubernetes or the platform/);
    assert.match(environmentNameProblem("launcher") ?? "", /reserved/);
  });
});
