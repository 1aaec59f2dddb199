/**
 * What Karpenter's controller may do in AWS, and the queue policy of its interruption queue: the
 * documents of Karpenter 1.14.1's getting-started CloudFormation template
 * (`upstream/karpenter/cloudformation.yaml`), with the stack's cluster, region, account, node role
 * and queue in place of the template's parameters. `test/karpenter-iam.test.ts` requires every
 * (action, resource) pair of the template to be granted as widely here, except the reviewed
 * {@link KARPENTER_CONTROLLER_NARROWINGS}.
 *
 * The template's six managed policies become one inline policy of the controller's IRSA role, with
 * the template's statement ids, so a reader can match them line by line. Every statement keeps the
 * template's scoping: instances, launch templates, fleets and instance profiles only where they
 * carry this cluster's tags (`kubernetes.io/cluster/<name>: owned`, `eks:eks-cluster-name`,
 * `karpenter.sh/nodepool`), PassRole only for the Karpenter node role, reads only in the region.
 */
import type { PolicyDocument, PolicyNarrowing, PolicyStatement } from "./iam-policies";

/** The values the template's `!Sub` strings refer to. */
export interface KarpenterIamContext {
  /** `aws`, `aws-cn` or `aws-us-gov`. */
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  readonly clusterName: string;
  /** ARN of the role Karpenter's nodes use (the template's `KarpenterNodeRole.Arn`). */
  readonly nodeRoleArn: string;
  /** ARN of the interruption queue (the template's `KarpenterInterruptionQueue.Arn`). */
  readonly queueArn: string;
}

/** The controller's permissions (template: NodeLifecycle, IAMIntegration, EKSIntegration, Interruption, ResourceDiscovery). */
export function karpenterControllerPolicy(c: KarpenterIamContext): PolicyDocument {
  const ec2 = (resource: string, account = "*") =>
    `arn:${c.partition}:ec2:${c.region}:${account}:${resource}`;
  const owned = { [`aws:ResourceTag/kubernetes.io/cluster/${c.clusterName}`]: "owned" };
  const instanceProfiles = `arn:${c.partition}:iam::${c.accountId}:instance-profile/*`;
  const launchedResources = [
    ec2("fleet/*"),
    ec2("instance/*"),
    ec2("volume/*"),
    ec2("network-interface/*"),
    ec2("launch-template/*"),
    ec2("spot-instances-request/*"),
  ];
  const requestTagged = {
    [`aws:RequestTag/kubernetes.io/cluster/${c.clusterName}`]: "owned",
    "aws:RequestTag/eks:eks-cluster-name": c.clusterName,
  };
  const statements: PolicyStatement[] = [
    // NodeLifecyclePolicy
    {
      Sid: "AllowScopedEC2InstanceAccessActions",
      Effect: "Allow",
      Resource: [
        ec2("image/*", ""),
        ec2("snapshot/*", ""),
        ec2("security-group/*"),
        ec2("subnet/*"),
        ec2("capacity-reservation/*"),
        ec2("placement-group/*"),
      ],
      Action: ["ec2:RunInstances", "ec2:CreateFleet"],
    },
    {
      Sid: "AllowScopedEC2LaunchTemplateAccessActions",
      Effect: "Allow",
      Resource: ec2("launch-template/*"),
      Action: ["ec2:RunInstances", "ec2:CreateFleet"],
      Condition: { StringEquals: owned, StringLike: { "aws:ResourceTag/karpenter.sh/nodepool": "*" } },
    },
    {
      Sid: "AllowScopedEC2InstanceActionsWithTags",
      Effect: "Allow",
      Resource: launchedResources,
      Action: ["ec2:RunInstances", "ec2:CreateFleet", "ec2:CreateLaunchTemplate"],
      Condition: { StringEquals: requestTagged, StringLike: { "aws:RequestTag/karpenter.sh/nodepool": "*" } },
    },
    {
      Sid: "AllowScopedResourceCreationTagging",
      Effect: "Allow",
      Resource: launchedResources,
      Action: "ec2:CreateTags",
      Condition: {
        StringEquals: {
          ...requestTagged,
          "ec2:CreateAction": ["RunInstances", "CreateFleet", "CreateLaunchTemplate"],
        },
        StringLike: { "aws:RequestTag/karpenter.sh/nodepool": "*" },
      },
    },
    {
      Sid: "AllowScopedResourceTagging",
      Effect: "Allow",
      Resource: ec2("instance/*"),
      Action: "ec2:CreateTags",
      Condition: {
        StringEquals: owned,
        StringLike: { "aws:ResourceTag/karpenter.sh/nodepool": "*" },
        StringEqualsIfExists: { "aws:RequestTag/eks:eks-cluster-name": c.clusterName },
        "ForAllValues:StringEquals": {
          "aws:TagKeys": ["eks:eks-cluster-name", "karpenter.sh/nodeclaim", "Name"],
        },
      },
    },
    {
      Sid: "AllowScopedDeletion",
      Effect: "Allow",
      Resource: [ec2("instance/*"), ec2("launch-template/*")],
      Action: ["ec2:TerminateInstances", "ec2:DeleteLaunchTemplate"],
      Condition: { StringEquals: owned, StringLike: { "aws:ResourceTag/karpenter.sh/nodepool": "*" } },
    },
    // IAMIntegrationPolicy
    {
      Sid: "AllowPassingInstanceRole",
      Effect: "Allow",
      Resource: c.nodeRoleArn,
      Action: "iam:PassRole",
      Condition: { StringEquals: { "iam:PassedToService": ["ec2.amazonaws.com", "ec2.amazonaws.com.cn"] } },
    },
    {
      Sid: "AllowScopedInstanceProfileCreationActions",
      Effect: "Allow",
      Resource: instanceProfiles,
      Action: ["iam:CreateInstanceProfile"],
      Condition: {
        StringEquals: { ...requestTagged, "aws:RequestTag/topology.kubernetes.io/region": c.region },
        StringLike: { "aws:RequestTag/karpenter.k8s.aws/ec2nodeclass": "*" },
      },
    },
    {
      Sid: "AllowScopedInstanceProfileTagActions",
      Effect: "Allow",
      Resource: instanceProfiles,
      Action: ["iam:TagInstanceProfile"],
      Condition: {
        StringEquals: {
          ...owned,
          "aws:ResourceTag/topology.kubernetes.io/region": c.region,
          ...requestTagged,
          "aws:RequestTag/topology.kubernetes.io/region": c.region,
        },
        StringLike: {
          "aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass": "*",
          "aws:RequestTag/karpenter.k8s.aws/ec2nodeclass": "*",
        },
      },
    },
    {
      Sid: "AllowScopedInstanceProfileActions",
      Effect: "Allow",
      Resource: instanceProfiles,
      Action: [
        "iam:AddRoleToInstanceProfile",
        "iam:RemoveRoleFromInstanceProfile",
        "iam:DeleteInstanceProfile",
      ],
      Condition: {
        StringEquals: { ...owned, "aws:ResourceTag/topology.kubernetes.io/region": c.region },
        StringLike: { "aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass": "*" },
      },
    },
    // EKSIntegrationPolicy
    {
      Sid: "AllowAPIServerEndpointDiscovery",
      Effect: "Allow",
      Resource: `arn:${c.partition}:eks:${c.region}:${c.accountId}:cluster/${c.clusterName}`,
      Action: "eks:DescribeCluster",
    },
    // InterruptionPolicy
    {
      Sid: "AllowInterruptionQueueActions",
      Effect: "Allow",
      Resource: c.queueArn,
      Action: ["sqs:DeleteMessage", "sqs:GetQueueUrl", "sqs:ReceiveMessage"],
    },
    // ResourceDiscoveryPolicy
    {
      Sid: "AllowRegionalReadActions",
      Effect: "Allow",
      Resource: "*",
      Action: [
        "ec2:DescribeCapacityReservations",
        "ec2:DescribeImages",
        "ec2:DescribeInstances",
        "ec2:DescribeInstanceStatus",
        "ec2:DescribeInstanceTypeOfferings",
        "ec2:DescribeInstanceTypes",
        "ec2:DescribeLaunchTemplates",
        "ec2:DescribePlacementGroups",
        "ec2:DescribeSecurityGroups",
        "ec2:DescribeSpotPriceHistory",
        "ec2:DescribeSubnets",
      ],
      Condition: { StringEquals: { "aws:RequestedRegion": c.region } },
    },
    {
      Sid: "AllowSSMReadActions",
      Effect: "Allow",
      Resource: `arn:${c.partition}:ssm:${c.region}::parameter/aws/service/*`,
      Action: "ssm:GetParameter",
    },
    { Sid: "AllowPricingReadActions", Effect: "Allow", Resource: "*", Action: "pricing:GetProducts" },
    {
      Sid: "AllowUnscopedInstanceProfileListAction",
      Effect: "Allow",
      Resource: "*",
      Action: "iam:ListInstanceProfiles",
    },
    {
      Sid: "AllowInstanceProfileReadActions",
      Effect: "Allow",
      Resource: instanceProfiles,
      Action: "iam:GetInstanceProfile",
    },
  ];
  return { Version: "2012-10-17", Statement: statements };
}

/** Where the controller's policy grants less than the template, and why. */
export const KARPENTER_CONTROLLER_NARROWINGS: readonly PolicyNarrowing[] = [
  {
    action: "arc-zonal-shift:GetManagedResource",
    resource: "*",
    reason:
      "The template's ZonalShiftPolicy is read by the controller only with settings.enableZonalShift, which this " +
      "program leaves off (the chart default): zonal shift of the cluster is not enabled, so the permission would be unused.",
  },
];

/** A statement of a resource policy (the queue's), whose principals may be a list or `*`. */
export interface QueuePolicyStatement {
  readonly Sid?: string;
  readonly Effect: "Allow" | "Deny";
  readonly Principal: "*" | { readonly Service: readonly string[] };
  readonly Action: string;
  readonly Resource: string;
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/**
 * The interruption queue's policy (template: `KarpenterInterruptionQueuePolicy`): EventBridge (and
 * SQS) may send to it, and nothing may use it over plain HTTP.
 */
export function interruptionQueuePolicy(queueArn: string): {
  readonly Version: "2012-10-17";
  readonly Id: string;
  readonly Statement: readonly QueuePolicyStatement[];
} {
  return {
    Version: "2012-10-17",
    Id: "EC2InterruptionPolicy",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Service: ["events.amazonaws.com", "sqs.amazonaws.com"] },
        Action: "sqs:SendMessage",
        Resource: queueArn,
      },
      {
        Sid: "DenyHTTP",
        Effect: "Deny",
        Action: "sqs:*",
        Resource: queueArn,
        Condition: { Bool: { "aws:SecureTransport": "false" } },
        Principal: "*",
      },
    ],
  };
}

/** The managed policies of the Karpenter node role (template: `KarpenterNodeRole.ManagedPolicyArns`). */
export function karpenterNodeRolePolicyArns(partition: string): string[] {
  return [
    "AmazonEKS_CNI_Policy",
    "AmazonEKSWorkerNodePolicy",
    "AmazonEC2ContainerRegistryPullOnly",
    "AmazonSSMManagedInstanceCore",
  ].map((name) => `arn:${partition}:iam::aws:policy/${name}`);
}

/** The partition of an ARN (`arn:aws:iam::...` -> `aws`). */
export function partitionOf(arn: string): string {
  const partition = arn.split(":")[1];
  if (!arn.startsWith("arn:") || !partition) throw new RangeError(`not an ARN: ${arn}`);
  return partition;
}
