// Cases for the network policies (V1-V9).
import * as aws from "../fixtures/aws";
import { modified, resource, withOptions } from "../fixtures/plan-builder";
import type { PolicyCase } from "../harness";

const group = aws.securityGroup("game-db-sg");
const vpc = aws.vpc();
const fromVpc = aws.ingressRule("db-from-vpc", 3306, "10.20.0.0/16", { dependsOn: [group] });
const worldHttps = aws.ingressRule("alb-https", 443, "0.0.0.0/0");
const worldSsh = aws.ingressRule("ssh-anywhere", 22, "0.0.0.0/0");

const inlineWorldOpen = modified(group, (i) => {
  i.ingress = [
    { protocol: "tcp", fromPort: 0, toPort: 65535, cidrBlocks: ["0.0.0.0/0"], description: "everything" },
  ];
});
const legacyRdpV6 = resource("aws:ec2/securityGroupRule:SecurityGroupRule", "rdp-v6", {
  type: "ingress",
  securityGroupId: "sg-0win",
  protocol: "tcp",
  fromPort: 3389,
  toPort: 3389,
  ipv6CidrBlocks: ["::/0"],
  description: "remote desktop",
});

/** Cases for V1-V9. */
export const networkCases: PolicyCase[] = [
  {
    policy: "sg-no-world-ssh",
    title: "accepts HTTPS from anywhere and MySQL from the VPC",
    resources: [worldHttps, fromVpc],
  },
  {
    policy: "sg-no-world-ssh",
    title: "rejects a standalone rule opening 22 to 0.0.0.0/0",
    resources: [worldSsh],
    violation: /admits 0\.0\.0\.0\/0 to port 22/,
  },
  {
    policy: "sg-no-world-ssh",
    title: "rejects an inline rule whose port range includes 22",
    resources: [inlineWorldOpen],
    violation: /ingress\[0\] \(tcp 0-65535\) admits 0\.0\.0\.0\/0 to port 22/,
  },
  {
    policy: "sg-no-world-ssh",
    title: "rejects a rule for all protocols from ::/0",
    resources: [
      modified(worldHttps, (i) => (delete i.cidrIpv4, (i.cidrIpv6 = "::/0"), (i.ipProtocol = "-1"))),
    ],
    violation: /all traffic\) admits ::\/0 to port 22/,
  },
  { policy: "sg-no-world-rdp", title: "accepts rules without port 3389", resources: [worldHttps, worldSsh] },
  {
    policy: "sg-no-world-rdp",
    title: "rejects RDP from ::/0 on a legacy rule",
    resources: [legacyRdpV6],
    violation: /::\/0 to port 3389/,
  },
  { policy: "sg-world-ingress-allowed-ports", title: "accepts 443 from anywhere", resources: [worldHttps] },
  {
    policy: "sg-world-ingress-allowed-ports",
    title: "leaves world-open port 22 to sg-no-world-ssh (one report per problem)",
    resources: [worldSsh],
  },
  {
    policy: "sg-world-ingress-allowed-ports",
    title: "rejects 8080 from anywhere",
    resources: [aws.ingressRule("debug-port", 8080, "0.0.0.0/0")],
    violation: /beyond the allowed ports 80, 443/,
  },
  {
    policy: "sg-world-ingress-allowed-ports",
    title: "accepts a port the tier allows",
    resources: [aws.ingressRule("game-udp", 7777, "0.0.0.0/0")],
    settings: { allowedPorts: [443, 7777] },
  },
  { policy: "sg-descriptions", title: "accepts described groups and rules", resources: [group, fromVpc] },
  {
    policy: "sg-descriptions",
    title: "rejects a group left with the provider's default description",
    resources: [modified(group, (i) => delete i.description)],
    violation: /no description of its own/,
  },
  {
    policy: "sg-descriptions",
    title: "rejects an undescribed inline rule",
    resources: [modified(inlineWorldOpen, (i) => delete i.ingress[0].description)],
    violation: /ingress\[0\] \(tcp 0-65535\) has no description/,
  },
  {
    policy: "sg-descriptions",
    title: "rejects an undescribed standalone rule",
    resources: [modified(fromVpc, (i) => delete i.description)],
    violation: /rule \(tcp 3306-3306\) has no description/,
  },
  {
    policy: "sg-data-ports-within-vpc",
    title: "accepts MySQL from the VPC CIDR",
    resources: [vpc, group, fromVpc],
  },
  {
    policy: "sg-data-ports-within-vpc",
    title: "rejects MySQL from a range outside the VPC",
    resources: [vpc, group, aws.ingressRule("db-from-office", 3306, "192.168.10.0/24")],
    violation: /192\.168\.10\.0\/24 to data port\(s\) 3306, outside 10\.20\.0\.0\/16/,
  },
  {
    policy: "sg-data-ports-within-vpc",
    title: "falls back to the RFC 1918 ranges when the stack has no VPC",
    resources: [aws.ingressRule("redis-from-internet-range", 6379, "203.0.113.0/24")],
    violation: /outside 10\.0\.0\.0\/8, 172\.16\.0\.0\/12, 192\.168\.0\.0\/16/,
  },
  {
    policy: "sg-data-ports-within-vpc",
    title: "leaves world-open data ports to sg-world-ingress-allowed-ports",
    resources: [vpc, aws.ingressRule("db-anywhere", 3306, "0.0.0.0/0")],
  },
  {
    policy: "vpc-default-security-group-closed",
    title: "accepts a VPC whose default group is adopted without rules",
    resources: [vpc, aws.defaultSecurityGroup({ dependsOn: [vpc] })],
  },
  {
    policy: "vpc-default-security-group-closed",
    title: "rejects a VPC whose default group is not managed",
    resources: [vpc],
    violation: /default security group is not managed/,
    urn: vpc.urn,
  },
  {
    policy: "vpc-default-security-group-closed",
    title: "rejects a default group that keeps rules",
    resources: [
      vpc,
      modified(aws.defaultSecurityGroup({ dependsOn: [vpc] }), (i) => {
        i.ingress = [{ protocol: "-1", fromPort: 0, toPort: 0, self: true }];
      }),
    ],
    violation: /keeps 1 rule\(s\)/,
  },
  {
    policy: "vpc-flow-logs",
    title: "accepts a VPC with a flow log",
    resources: [vpc, aws.flowLog({ dependsOn: [vpc] })],
  },
  {
    policy: "vpc-flow-logs",
    title: "counts a flow log whose VPC cannot be traced (plan without dependsOn)",
    resources: [vpc, aws.flowLog()],
  },
  {
    policy: "vpc-flow-logs",
    title: "rejects a VPC without a flow log",
    resources: [vpc],
    violation: /no flow log/,
    urn: vpc.urn,
  },
  {
    policy: "vpc-flow-logs",
    title: "rejects the second VPC when the only flow log belongs to the first",
    resources: [
      vpc,
      resource(vpc.type, "peering-vpc", { cidrBlock: "10.30.0.0/16" }),
      aws.flowLog({ dependsOn: [vpc] }),
    ],
    violation: /no flow log/,
    urn: "urn:pulumi:dev::game-infra::aws:ec2/vpc:Vpc::peering-vpc",
  },
  {
    policy: "subnet-no-auto-public-ip",
    title: "accepts public IPs on a subnet tagged public",
    resources: [aws.publicSubnet("a", "10.20.128.0/20")],
  },
  {
    policy: "subnet-no-auto-public-ip",
    title: "rejects public IPs on a private subnet",
    resources: [modified(aws.privateSubnet("a", "10.20.0.0/19"), (i) => (i.mapPublicIpOnLaunch = true))],
    violation: /mapPublicIpOnLaunch is true/,
  },
  {
    policy: "sg-no-mixed-inline-and-standalone-rules",
    title: "accepts a group managed only through standalone rules",
    resources: [group, fromVpc],
  },
  {
    policy: "sg-no-mixed-inline-and-standalone-rules",
    title: "rejects a group with inline rules and a standalone rule attached",
    resources: [inlineWorldOpen, withOptions(fromVpc, { dependsOn: [inlineWorldOpen] })],
    violation: /inline rules and standalone rules db-from-vpc/,
    urn: inlineWorldOpen.urn,
  },
  {
    policy: "sg-no-mixed-inline-and-standalone-rules",
    title: "counts an explicitly empty inline list as inline management",
    resources: [modified(group, (i) => (i.egress = [])), fromVpc],
    violation: /inline rules and standalone rules/,
  },
  {
    policy: "sg-no-mixed-inline-and-standalone-rules",
    title: "does not guess which of two groups a rule belongs to",
    resources: [
      inlineWorldOpen,
      resource(group.type, "other-sg", group.inputs),
      withOptions(fromVpc, { dependsOn: [inlineWorldOpen, resource(group.type, "other-sg", group.inputs)] }),
    ],
  },
];
