import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { MAX_AZS, overlaps, parseCidr, subnetLayout, vpcCidrProblem } from "../lib/cidr";

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
    assert.throws(
      () => subnetLayout("10.0.0.0/8", 3),
      /is a \/8; the subnet layout needs a VPC prefix of \/16 to \/20/,
    );
    assert.throws(() => subnetLayout("10.0.0.0/16", 5), /azCount 5/);
  });

  it("says why a VPC block cannot be laid out: not a CIDR, host bits, or a prefix outside /16 to /20", () => {
    assert.equal(vpcCidrProblem("10.20.0.0/16"), undefined);
    assert.equal(vpcCidrProblem("172.16.16.0/20"), undefined);
    assert.equal(
      vpcCidrProblem("10.20.0.0/24"),
      '"10.20.0.0/24" is a /24; the subnet layout needs a VPC prefix of /16 to /20 (65,536 to 4,096 addresses), such as 10.20.0.0/16',
    );
    assert.match(vpcCidrProblem("10.0.0.0/15")!, /is a \/15; .* \/16 to \/20/);
    assert.match(vpcCidrProblem("10.20.0.1/16")!, /has host bits set/);
    assert.match(vpcCidrProblem("10.20.0.0")!, /is not an IPv4 CIDR block/);
    assert.match(vpcCidrProblem("10.300.0.0/16")!, /is not an IPv4 CIDR block/);
    assert.match(vpcCidrProblem("10.20.0.0/33")!, /is not an IPv4 CIDR block/);
  });

  it("property: the layout throws for exactly the blocks config validation rejects", () => {
    const octet = fc.integer({ min: 0, max: 300 });
    fc.assert(
      fc.property(
        fc.tuple(octet, octet, octet, octet),
        fc.integer({ min: 0, max: 34 }),
        fc.integer({ min: 1, max: MAX_AZS }),
        (octets, prefix, azs) => {
          const text = `${octets.join(".")}/${prefix}`;
          let thrown: unknown;
          try {
            subnetLayout(text, azs);
          } catch (err) {
            thrown = err;
          }
          assert.equal(thrown === undefined, vpcCidrProblem(text) === undefined, text);
        },
      ),
    );
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
