import assert from "node:assert/strict";
import { test } from "node:test";

import { coversPort, coversPortOutside, rulesOf } from "../../lib/security-group-rules";
import { engineProps } from "../../runner/engine-values";
import { isTypeOf } from "../../runner/engine-args";

function view(type: string, inputs: Record<string, unknown>) {
  return rulesOf({ props: engineProps(inputs), isType: (cls) => isTypeOf(type, cls as never) });
}

test("inline, standalone and legacy rules read the same way", () => {
  const inline = view("aws:ec2/securityGroup:SecurityGroup", {
    ingress: [
      { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"], description: "https" },
    ],
    egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
  });
  const standalone = view("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", {
    ipProtocol: "6",
    fromPort: 443,
    toPort: 443,
    cidrIpv4: "0.0.0.0/0",
    description: "https",
  });
  const legacy = view("aws:ec2/securityGroupRule:SecurityGroupRule", {
    type: "ingress",
    protocol: "tcp",
    fromPort: 443,
    toPort: 443,
    cidrBlocks: ["0.0.0.0/0"],
    description: "https",
  });
  const shape = (r: (typeof inline)[number]) => [
    r.direction,
    r.protocol,
    r.fromPort,
    r.toPort,
    r.cidrs,
    r.description,
  ];
  assert.deepEqual(shape(inline[0]), shape(standalone[0]));
  assert.deepEqual(shape(inline[0]), shape(legacy[0]));
  assert.deepEqual(
    [inline[1].direction, inline[1].protocol, inline[1].fromPort, inline[1].toPort],
    ["egress", "all", 0, 65535],
  );
});

test("port coverage: ranges, all-traffic rules, and ICMP without ports", () => {
  const [range] = view("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", {
    ipProtocol: "tcp",
    fromPort: 8000,
    toPort: 8100,
    cidrIpv4: "0.0.0.0/0",
  });
  const [icmp] = view("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", {
    ipProtocol: "icmp",
    fromPort: 8,
    toPort: 0,
    cidrIpv4: "0.0.0.0/0",
  });
  assert.equal(coversPort(range, 8080), true);
  assert.equal(coversPort(range, 22), false);
  assert.equal(coversPort(icmp, 8), false);
  assert.equal(coversPortOutside(range, [8080]), true);
  const [single] = view("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", {
    ipProtocol: "tcp",
    fromPort: 443,
    toPort: 443,
    cidrIpv4: "0.0.0.0/0",
  });
  assert.equal(coversPortOutside(single, [80, 443]), false);
});

test("a resource that is not a security group or rule has no rules", () => {
  assert.deepEqual(view("aws:ec2/vpc:Vpc", { cidrBlock: "10.0.0.0/16" }), []);
});
