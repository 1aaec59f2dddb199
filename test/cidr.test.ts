import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { overlaps, parseCidr, subnetLayout } from "../lib/cidr";

describe("VPC subnet layout", () => {
  it("gives a /16 three /19 private and three /24 public subnets", () => {
    assert.deepEqual(subnetLayout("10.20.0.0/16", 3), {
      private: ["10.20.0.0/19", "10.20.32.0/19", "10.20.64.0/19"],
      public: ["10.20.128.0/24", "10.20.129.0/24", "10.20.130.0/24"],
    });
  });

  it("rejects host bits, bad prefixes and AZ counts", () => {
    assert.equal(parseCidr("10.20.0.1/16"), undefined);
    assert.equal(parseCidr("10.300.0.0/16"), undefined);
    assert.throws(() => subnetLayout("10.0.0.0/8", 3), /outside \/16\.\.\/20/);
    assert.throws(() => subnetLayout("10.0.0.0/16", 5), /azCount 5/);
  });

  it("property: subnets never overlap and all sit inside the VPC", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 16, max: 20 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 0, max: 255 }),
        (prefix, azs, octet) => {
          const vpcText = `10.${octet}.0.0/${prefix}`;
          const vpc = parseCidr(vpcText);
          fc.pre(vpc !== undefined);
          const layout = subnetLayout(vpcText, azs);
          const all = [...layout.private, ...layout.public].map((c) => parseCidr(c)!);
          all.forEach((a, i) => {
            assert.ok(
              a.network >= vpc!.network &&
                a.network + 2 ** (32 - a.prefix) <= vpc!.network + 2 ** (32 - vpc!.prefix),
            );
            all.slice(i + 1).forEach((b) => assert.ok(!overlaps(a, b)));
          });
        },
      ),
    );
  });
});
