import assert from "node:assert/strict";
import { test } from "node:test";

import fc from "fast-check";

import { cidrContains, isWorldOpen, parseCidrLenient } from "../../../lib/cidr";

const cidr = fc
  .tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 32 }))
  .map(([a, b, prefix]) => `${a}.${b}.0.0/${prefix}`);

test("a CIDR contains itself and 0.0.0.0/0 contains every CIDR", () => {
  fc.assert(fc.property(cidr, (c) => cidrContains(c, c) && cidrContains("0.0.0.0/0", c)));
});

test("a wider block is never inside a narrower one", () => {
  fc.assert(
    fc.property(cidr, (c) => {
      const prefix = Number(c.split("/")[1]);
      return prefix === 0 || !cidrContains(c, c.replace(/\/\d+$/, `/${prefix - 1}`));
    }),
  );
});

test("containment follows the network bits", () => {
  assert.equal(cidrContains("10.20.0.0/16", "10.20.32.0/19"), true);
  assert.equal(cidrContains("10.20.0.0/16", "10.21.0.0/24"), false);
  assert.equal(cidrContains("172.16.0.0/12", "172.31.255.0/24"), true);
  assert.equal(cidrContains("172.16.0.0/12", "172.32.0.0/24"), false);
});

test("only /0 blocks are world-open, and malformed CIDRs do not parse", () => {
  assert.deepEqual(["0.0.0.0/0", "::/0", "0.0.0.0/1", "10.0.0.0/8"].map(isWorldOpen), [
    true,
    true,
    false,
    false,
  ]);
  assert.equal(parseCidrLenient("10.0.0.256/8"), undefined);
  assert.equal(parseCidrLenient("10.0.0.0/33"), undefined);
});
