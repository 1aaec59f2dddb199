/**
 * The IAM policy builders of `lib/iam-policies.ts` and `lib/karpenter-iam.ts`, called directly (no
 * stack, no Pulumi runtime): each document is compared, statement for statement, with the upstream
 * document vendored under `upstream/` where the program follows one exactly (the AWS Load Balancer
 * Controller's `iam_policy.json`, Karpenter's getting-started CloudFormation template), and with
 * literal statements where the program writes its own narrower policy (external-dns, flow logs,
 * trust policies). The coverage check of `test/support/iam-coverage.ts` then holds each policy to its
 * upstream with the reviewed narrowings as the only gaps.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import {
  EXTERNAL_DNS_NARROWINGS,
  FLOW_LOGS_NARROWINGS,
  LOAD_BALANCER_CONTROLLER_NARROWINGS,
  externalDnsPolicy,
  flowLogsPolicy,
  flowLogsTrustPolicy,
  irsaTrustPolicy,
  loadBalancerControllerPolicy,
  type PolicyNarrowing,
} from "../lib/iam-policies";
import {
  KARPENTER_CONTROLLER_NARROWINGS,
  interruptionQueuePolicy,
  karpenterControllerPolicy,
  karpenterNodeRolePolicyArns,
  partitionOf,
} from "../lib/karpenter-iam";
import { ROOT } from "./paths";
import {
  karpenterTemplate,
  substitute,
  templatePolicy,
  templatePolicyIds,
  type Intrinsic,
  type Substitutions,
} from "./support/cloudformation";
import { uncoveredGrants, type Gap, type JsonPolicy } from "./support/iam-coverage";

const upstreamJson = <T>(path: string) => JSON.parse(readFileSync(join(ROOT, "upstream", path), "utf8")) as T;
const key = (g: Gap) => `${g.action} on ${g.resource}`;
/** The upstream grants the program leaves out are exactly the narrowings, and each says why. */
const gapsAre = (ours: JsonPolicy, theirs: JsonPolicy, narrowings: readonly PolicyNarrowing[]) => {
  assert.deepEqual(uncoveredGrants(ours, theirs).map(key).sort(), narrowings.map(key).sort());
  for (const n of narrowings) assert.ok(n.reason.length > 40, `the narrowing of ${key(n)} says why`);
};

describe("the IRSA trust policy", () => {
  it("lets only the named service account of the cluster's issuer assume the role, for STS", () => {
    assert.deepEqual(
      irsaTrustPolicy(
        "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC",
        "https://oidc.eks.eu-west-1.amazonaws.com/id/ABC",
        "kube-system",
        "karpenter",
      ),
      {
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: {
              Federated: "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC",
            },
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: {
              StringEquals: {
                "oidc.eks.eu-west-1.amazonaws.com/id/ABC:sub": "system:serviceaccount:kube-system:karpenter",
                "oidc.eks.eu-west-1.amazonaws.com/id/ABC:aud": "sts.amazonaws.com",
              },
            },
          },
        ],
      },
    );
  });

  it("strips only a leading https:// from the issuer (an issuer given without it is kept as is)", () => {
    const conditionKeys = (issuer: string) =>
      Object.keys(irsaTrustPolicy("arn", issuer, "ns", "sa").Statement[0]!.Condition!.StringEquals!);
    assert.deepEqual(conditionKeys("oidc.example/id/X"), ["oidc.example/id/X:sub", "oidc.example/id/X:aud"]);
    assert.deepEqual(conditionKeys("oidc.example/https://x"), [
      "oidc.example/https://x:sub",
      "oidc.example/https://x:aud",
    ]);
  });
});

describe("external-dns's policy", () => {
  const zone = "arn:aws:route53:::hostedzone/Z0123456789";

  it("changes and lists records only in the stack's zone and finds zones anywhere", () => {
    assert.deepEqual(externalDnsPolicy(zone), {
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "ChangeOwnZoneOnly",
          Effect: "Allow",
          Action: ["route53:ChangeResourceRecordSets"],
          Resource: [zone],
        },
        { Sid: "ReadOwnZone", Effect: "Allow", Action: ["route53:ListResourceRecordSets"], Resource: [zone] },
        {
          Sid: "FindZones",
          Effect: "Allow",
          Action: ["route53:ListHostedZones", "route53:ListTagsForResources"],
          Resource: ["*"],
        },
      ],
    });
  });

  it("grants what upstream's documented policy grants except the two reviewed zone narrowings", () => {
    gapsAre(externalDnsPolicy(zone), upstreamJson("external-dns/iam-policy.json"), EXTERNAL_DNS_NARROWINGS);
    assert.deepEqual(EXTERNAL_DNS_NARROWINGS.map(key), [
      "route53:ChangeResourceRecordSets on arn:aws:route53:::hostedzone/*",
      "route53:ListResourceRecordSets on *",
    ]);
  });
});

describe("the AWS Load Balancer Controller's policy", () => {
  /** A statement as the upstream JSON writes it: no Sid, and one-element lists may be plain strings. */
  const normalised = (s: object) => {
    const {
      Sid: _sid,
      Action,
      Resource,
      ...rest
    } = s as { Sid?: string; Action: unknown; Resource: unknown };
    return { ...rest, Action: [Action].flat(), Resource: [Resource].flat() };
  };

  it("is the published iam_policy.json statement for statement, in its order", () => {
    const theirs = upstreamJson<JsonPolicy & { Version: string }>(
      "aws-load-balancer-controller/iam_policy.json",
    );
    const ours = loadBalancerControllerPolicy();
    assert.equal(ours.Version, theirs.Version);
    assert.deepEqual(ours.Statement.map(normalised), theirs.Statement.map(normalised));
    gapsAre(ours, theirs, LOAD_BALANCER_CONTROLLER_NARROWINGS);
    assert.deepEqual(LOAD_BALANCER_CONTROLLER_NARROWINGS, []);
  });

  it("names every statement, so a reader can find one by what it is for", () => {
    assert.deepEqual(
      loadBalancerControllerPolicy().Statement.map((s) => s.Sid),
      [
        "ServiceLinkedRoleForElb",
        "Discover",
        "CertificatesFirewallsAndShield",
        "OpenNodeSecurityGroupsToOwnLoadBalancers",
        "CreateSecurityGroups",
        "TagNewSecurityGroups",
        "RetagOwnSecurityGroups",
        "ManageOwnSecurityGroups",
        "CreateTaggedLoadBalancers",
        "ListenersAndRules",
        "RetagOwnLoadBalancersAndTargetGroups",
        "TagListenersAndRules",
        "ManageOwnLoadBalancersAndTargetGroups",
        "TagOnCreate",
        "RegisterTargets",
        "ChangeListenersAndRules",
      ],
    );
  });

  it("deletes and retags only what carries its cluster tag, and tags new resources only at creation", () => {
    const bySid = (sid: string) => loadBalancerControllerPolicy().Statement.find((s) => s.Sid === sid)!;
    assert.deepEqual(bySid("ManageOwnSecurityGroups").Condition, {
      Null: { "aws:ResourceTag/elbv2.k8s.aws/cluster": "false" },
    });
    assert.deepEqual(bySid("RetagOwnLoadBalancersAndTargetGroups").Condition, {
      Null: {
        "aws:RequestTag/elbv2.k8s.aws/cluster": "true",
        "aws:ResourceTag/elbv2.k8s.aws/cluster": "false",
      },
    });
    assert.deepEqual(bySid("TagNewSecurityGroups").Condition, {
      StringEquals: { "ec2:CreateAction": "CreateSecurityGroup" },
      Null: { "aws:RequestTag/elbv2.k8s.aws/cluster": "false" },
    });
    assert.deepEqual(bySid("TagOnCreate").Condition, {
      StringEquals: { "elasticloadbalancing:CreateAction": ["CreateTargetGroup", "CreateLoadBalancer"] },
      Null: { "aws:RequestTag/elbv2.k8s.aws/cluster": "false" },
    });
    assert.deepEqual(bySid("TagOnCreate").Resource, [
      "arn:aws:elasticloadbalancing:*:*:targetgroup/*/*",
      "arn:aws:elasticloadbalancing:*:*:loadbalancer/net/*/*",
      "arn:aws:elasticloadbalancing:*:*:loadbalancer/app/*/*",
    ]);
    assert.ok(
      [bySid("ChangeListenersAndRules").Action].flat().includes("elasticloadbalancing:SetRulePriorities"),
    );
    assert.ok([bySid("Discover").Action].flat().includes("ec2:DescribeRouteTables"));
  });
});

describe("the VPC flow-log role", () => {
  const group = "arn:aws:logs:eu-west-1:123456789012:log-group:/game-infra/dev/vpc-flow-logs";

  it("writes and describes streams of its own log group only, and may find log groups", () => {
    assert.deepEqual(flowLogsPolicy(group), {
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "WriteOwnLogGroup",
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
          Resource: [group, `${group}:*`],
        },
        { Sid: "FindLogGroup", Effect: "Allow", Action: ["logs:DescribeLogGroups"], Resource: ["*"] },
      ],
    });
  });

  it("is trusted by the flow-logs service only for this account's flow logs in this region", () => {
    assert.deepEqual(flowLogsTrustPolicy("123456789012", "eu-west-1"), {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: "vpc-flow-logs.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: {
            StringEquals: { "aws:SourceAccount": "123456789012" },
            ArnLike: { "aws:SourceArn": "arn:aws:ec2:eu-west-1:123456789012:vpc-flow-log/*" },
          },
        },
      ],
    });
  });

  it("grants what the AWS page documents except the reviewed narrowings", () => {
    gapsAre(
      flowLogsPolicy(group),
      upstreamJson("vpc-flow-logs/iam-policy.json"),
      FLOW_LOGS_NARROWINGS.slice(0, 4),
    );
    gapsAre(
      flowLogsTrustPolicy("123456789012", "eu-west-1"),
      upstreamJson("vpc-flow-logs/trust-policy.json"),
      FLOW_LOGS_NARROWINGS.slice(4),
    );
    assert.deepEqual(FLOW_LOGS_NARROWINGS.map(key), [
      "logs:CreateLogGroup on *",
      "logs:CreateLogStream on *",
      "logs:PutLogEvents on *",
      "logs:DescribeLogStreams on *",
      "sts:AssumeRole on *",
    ]);
    for (const n of FLOW_LOGS_NARROWINGS) assert.ok(n.reason.length > 40, `${key(n)} says why`);
    assert.match(FLOW_LOGS_NARROWINGS[1]!.reason, /one VPC's flow logs into one log group/);
  });
});

describe("Karpenter's controller policy", () => {
  // A partition, region and account unlike the dev stack's, so no value can be a constant.
  const context = {
    partition: "aws-cn",
    region: "cn-north-1",
    accountId: "210987654321",
    clusterName: "game-infra-qa",
    nodeRoleArn: "arn:aws-cn:iam::210987654321:role/qa-karpenter-node",
    queueArn: "arn:aws-cn:sqs:cn-north-1:210987654321:game-infra-qa-karpenter",
  };
  const values: Substitutions = {
    "AWS::Partition": context.partition,
    "AWS::Region": context.region,
    "AWS::AccountId": context.accountId,
    "AWS::URLSuffix": "amazonaws.com.cn",
    ClusterName: context.clusterName,
    "KarpenterNodeRole.Arn": context.nodeRoleArn,
    "KarpenterInterruptionQueue.Arn": context.queueArn,
  };

  it("is the template's policies statement for statement, in order, without ZonalShiftPolicy", () => {
    const ids = templatePolicyIds();
    assert.deepEqual(ids, [
      "NodeLifecyclePolicy",
      "IAMIntegrationPolicy",
      "EKSIntegrationPolicy",
      "InterruptionPolicy",
      "ZonalShiftPolicy",
      "ResourceDiscoveryPolicy",
    ]);
    const theirs = ids
      .filter((id) => id !== "ZonalShiftPolicy")
      .flatMap((id) => templatePolicy(id, values).Statement);
    const ours = karpenterControllerPolicy(context);
    assert.equal(ours.Version, "2012-10-17");
    assert.deepEqual(ours.Statement, theirs);
  });

  it("leaves out only the zonal-shift read, which the controller never makes with zonal shift off", () => {
    const theirs: JsonPolicy = {
      Statement: templatePolicyIds().flatMap((id) => templatePolicy(id, values).Statement),
    };
    gapsAre(karpenterControllerPolicy(context), theirs, KARPENTER_CONTROLLER_NARROWINGS);
    assert.deepEqual(KARPENTER_CONTROLLER_NARROWINGS.map(key), ["arc-zonal-shift:GetManagedResource on *"]);
    assert.match(KARPENTER_CONTROLLER_NARROWINGS[0]!.reason, /enableZonalShift/);
  });

  it("scopes launches, tags and deletions to this cluster in this region and account (literal spot checks)", () => {
    const bySid = (sid: string) => karpenterControllerPolicy(context).Statement.find((s) => s.Sid === sid)!;
    assert.deepEqual(bySid("AllowScopedEC2InstanceAccessActions").Resource, [
      "arn:aws-cn:ec2:cn-north-1::image/*",
      "arn:aws-cn:ec2:cn-north-1::snapshot/*",
      "arn:aws-cn:ec2:cn-north-1:*:security-group/*",
      "arn:aws-cn:ec2:cn-north-1:*:subnet/*",
      "arn:aws-cn:ec2:cn-north-1:*:capacity-reservation/*",
      "arn:aws-cn:ec2:cn-north-1:*:placement-group/*",
    ]);
    assert.deepEqual(bySid("AllowScopedResourceCreationTagging").Condition, {
      StringEquals: {
        "aws:RequestTag/kubernetes.io/cluster/game-infra-qa": "owned",
        "aws:RequestTag/eks:eks-cluster-name": "game-infra-qa",
        "ec2:CreateAction": ["RunInstances", "CreateFleet", "CreateLaunchTemplate"],
      },
      StringLike: { "aws:RequestTag/karpenter.sh/nodepool": "*" },
    });
    assert.deepEqual(bySid("AllowScopedDeletion").Condition, {
      StringEquals: { "aws:ResourceTag/kubernetes.io/cluster/game-infra-qa": "owned" },
      StringLike: { "aws:ResourceTag/karpenter.sh/nodepool": "*" },
    });
    assert.equal(
      bySid("AllowPassingInstanceRole").Resource,
      "arn:aws-cn:iam::210987654321:role/qa-karpenter-node",
    );
    assert.equal(
      bySid("AllowAPIServerEndpointDiscovery").Resource,
      "arn:aws-cn:eks:cn-north-1:210987654321:cluster/game-infra-qa",
    );
    assert.equal(bySid("AllowSSMReadActions").Resource, "arn:aws-cn:ssm:cn-north-1::parameter/aws/service/*");
    assert.equal(
      bySid("AllowInstanceProfileReadActions").Resource,
      "arn:aws-cn:iam::210987654321:instance-profile/*",
    );
    assert.deepEqual(bySid("AllowRegionalReadActions").Condition, {
      StringEquals: { "aws:RequestedRegion": "cn-north-1" },
    });
  });
});

describe("Karpenter's interruption queue policy and node role", () => {
  const queue = "arn:aws:sqs:eu-west-1:123456789012:game-infra-dev-karpenter";

  it("lets EventBridge and SQS send to the queue and denies plain HTTP", () => {
    assert.deepEqual(interruptionQueuePolicy(queue), {
      Version: "2012-10-17",
      Id: "EC2InterruptionPolicy",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: ["events.amazonaws.com", "sqs.amazonaws.com"] },
          Action: "sqs:SendMessage",
          Resource: queue,
        },
        {
          Sid: "DenyHTTP",
          Effect: "Deny",
          Action: "sqs:*",
          Resource: queue,
          Condition: { Bool: { "aws:SecureTransport": "false" } },
          Principal: "*",
        },
      ],
    });
  });

  it("keeps the template's queue policy id", () => {
    const template = karpenterTemplate().KarpenterInterruptionQueuePolicy!.Properties.PolicyDocument as {
      Id: string;
    };
    assert.equal(interruptionQueuePolicy(queue).Id, template.Id);
  });

  it("attaches the managed policies of the template's KarpenterNodeRole", () => {
    const arns = karpenterTemplate().KarpenterNodeRole!.Properties.ManagedPolicyArns as Intrinsic[];
    assert.deepEqual(
      karpenterNodeRolePolicyArns("aws-cn"),
      arns.map((a) => substitute(a.value, { "AWS::Partition": "aws-cn" })),
    );
  });

  it("attaches the template's four managed policies in the given partition", () => {
    assert.deepEqual(karpenterNodeRolePolicyArns("aws-us-gov"), [
      "arn:aws-us-gov:iam::aws:policy/AmazonEKS_CNI_Policy",
      "arn:aws-us-gov:iam::aws:policy/AmazonEKSWorkerNodePolicy",
      "arn:aws-us-gov:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly",
      "arn:aws-us-gov:iam::aws:policy/AmazonSSMManagedInstanceCore",
    ]);
  });
});

describe("partitionOf", () => {
  it("reads the partition of an ARN", () => {
    assert.equal(partitionOf("arn:aws:iam::123456789012:role/x"), "aws");
    assert.equal(partitionOf("arn:aws-cn:iam::123456789012:role/x"), "aws-cn");
  });

  it("refuses text that is not an ARN, naming it", () => {
    assert.throws(() => partitionOf("role/x"), { name: "RangeError", message: "not an ARN: role/x" });
    assert.throws(() => partitionOf("arn::iam::1:role/x"), {
      name: "RangeError",
      message: "not an ARN: arn::iam::1:role/x",
    });
    assert.throws(() => partitionOf("xarn:aws:iam"), {
      name: "RangeError",
      message: "not an ARN: xarn:aws:iam",
    });
  });
});
