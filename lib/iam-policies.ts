/**
 * IAM policy documents for the cluster's controllers, as plain data so tests can read them.
 * Each grants what its controller needs and no more: write actions are scoped by the tags the
 * controller puts on what it creates, or by the one hosted zone the stack owns.
 */

/** An IAM policy statement. */
export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: "Allow" | "Deny";
  readonly Action: string | readonly string[];
  /** Absent in trust policies, where the role itself is the resource. */
  readonly Resource?: string | readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
  readonly Principal?: Readonly<Record<string, string>>;
}

/** An IAM policy document. */
export interface PolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: readonly PolicyStatement[];
}

/**
 * Trust policy for IAM roles for service accounts (IRSA): only the named service account of the
 * cluster's OIDC issuer may assume the role.
 */
export function irsaTrustPolicy(
  oidcProviderArn: string,
  oidcIssuer: string,
  namespace: string,
  serviceAccount: string,
): PolicyDocument {
  const issuer = oidcIssuer.replace(/^https:\/\//, "");
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Federated: oidcProviderArn },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: {
            [`${issuer}:sub`]: `system:serviceaccount:${namespace}:${serviceAccount}`,
            [`${issuer}:aud`]: "sts.amazonaws.com",
          },
        },
      },
    ],
  };
}

/** external-dns: change records only in the stack's own hosted zone; list and read what it must. */
export function externalDnsPolicy(hostedZoneArn: string): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "ChangeOwnZoneOnly",
        Effect: "Allow",
        Action: ["route53:ChangeResourceRecordSets"],
        Resource: [hostedZoneArn],
      },
      {
        Sid: "ReadOwnZone",
        Effect: "Allow",
        Action: ["route53:ListResourceRecordSets", "route53:ListTagsForResource"],
        Resource: [hostedZoneArn],
      },
      {
        Sid: "FindZones",
        Effect: "Allow",
        Action: ["route53:ListHostedZones", "route53:ListTagsForResources"],
        Resource: ["*"],
      },
    ],
  };
}

const LB_CLUSTER_TAGS = [
  "elbv2.k8s.aws/cluster",
  "ingress.k8s.aws/cluster",
  "service.k8s.aws/cluster",
] as const;

/**
 * AWS Load Balancer Controller (v2.16): read-only discovery everywhere; creating load balancers,
 * target groups and security groups only with the controller's cluster tag; changing or deleting
 * only what carries that tag.
 */
export function loadBalancerControllerPolicy(): PolicyDocument {
  const tagged = (tag: string) => ({ Null: { [`aws:ResourceTag/${tag}`]: "false" } });
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "ServiceLinkedRoleForElb",
        Effect: "Allow",
        Action: ["iam:CreateServiceLinkedRole"],
        Resource: ["*"],
        Condition: { StringEquals: { "iam:AWSServiceName": "elasticloadbalancing.amazonaws.com" } },
      },
      {
        Sid: "Discover",
        Effect: "Allow",
        Action: [
          "ec2:DescribeAccountAttributes",
          "ec2:DescribeAddresses",
          "ec2:DescribeAvailabilityZones",
          "ec2:DescribeInternetGateways",
          "ec2:DescribeVpcs",
          "ec2:DescribeVpcPeeringConnections",
          "ec2:DescribeSubnets",
          "ec2:DescribeSecurityGroups",
          "ec2:DescribeInstances",
          "ec2:DescribeNetworkInterfaces",
          "ec2:DescribeTags",
          "ec2:DescribeRouteTables",
          "ec2:DescribeIpamPools",
          "ec2:GetCoipPoolUsage",
          "ec2:DescribeCoipPools",
          "ec2:GetSecurityGroupsForVpc",
          "elasticloadbalancing:DescribeLoadBalancers",
          "elasticloadbalancing:DescribeLoadBalancerAttributes",
          "elasticloadbalancing:DescribeListeners",
          "elasticloadbalancing:DescribeListenerCertificates",
          "elasticloadbalancing:DescribeListenerAttributes",
          "elasticloadbalancing:DescribeSSLPolicies",
          "elasticloadbalancing:DescribeRules",
          "elasticloadbalancing:DescribeTargetGroups",
          "elasticloadbalancing:DescribeTargetGroupAttributes",
          "elasticloadbalancing:DescribeTargetHealth",
          "elasticloadbalancing:DescribeTags",
          "elasticloadbalancing:DescribeTrustStores",
          "elasticloadbalancing:DescribeCapacityReservation",
          "acm:ListCertificates",
          "acm:DescribeCertificate",
          "cognito-idp:DescribeUserPoolClient",
          "iam:ListServerCertificates",
          "iam:GetServerCertificate",
          "wafv2:GetWebACL",
          "wafv2:GetWebACLForResource",
          "waf-regional:GetWebACL",
          "waf-regional:GetWebACLForResource",
          "shield:GetSubscriptionState",
          "shield:DescribeProtection",
        ],
        Resource: ["*"],
      },
      {
        Sid: "AttachFirewalls",
        Effect: "Allow",
        Action: [
          "wafv2:AssociateWebACL",
          "wafv2:DisassociateWebACL",
          "waf-regional:AssociateWebACL",
          "waf-regional:DisassociateWebACL",
          "shield:CreateProtection",
          "shield:DeleteProtection",
        ],
        Resource: ["*"],
      },
      { Sid: "CreateSecurityGroups", Effect: "Allow", Action: ["ec2:CreateSecurityGroup"], Resource: ["*"] },
      {
        Sid: "TagNewSecurityGroups",
        Effect: "Allow",
        Action: ["ec2:CreateTags"],
        Resource: ["arn:aws:ec2:*:*:security-group/*"],
        Condition: {
          StringEquals: { "ec2:CreateAction": "CreateSecurityGroup" },
          Null: { "aws:RequestTag/elbv2.k8s.aws/cluster": "false" },
        },
      },
      {
        Sid: "ManageOwnSecurityGroups",
        Effect: "Allow",
        Action: [
          "ec2:AuthorizeSecurityGroupIngress",
          "ec2:RevokeSecurityGroupIngress",
          "ec2:DeleteSecurityGroup",
          "ec2:CreateTags",
          "ec2:DeleteTags",
        ],
        Resource: ["arn:aws:ec2:*:*:security-group/*"],
        Condition: tagged("elbv2.k8s.aws/cluster"),
      },
      {
        Sid: "OpenNodeSecurityGroupsToOwnLoadBalancers",
        Effect: "Allow",
        Action: ["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress"],
        Resource: ["*"],
      },
      {
        Sid: "CreateTaggedLoadBalancers",
        Effect: "Allow",
        Action: ["elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:CreateTargetGroup"],
        Resource: ["*"],
        Condition: { Null: { "aws:RequestTag/elbv2.k8s.aws/cluster": "false" } },
      },
      {
        Sid: "TagOnCreate",
        Effect: "Allow",
        Action: ["elasticloadbalancing:AddTags"],
        Resource: [
          "arn:aws:elasticloadbalancing:*:*:targetgroup/*/*",
          "arn:aws:elasticloadbalancing:*:*:loadbalancer/net/*/*",
          "arn:aws:elasticloadbalancing:*:*:loadbalancer/app/*/*",
        ],
        Condition: {
          StringEquals: { "elasticloadbalancing:CreateAction": ["CreateTargetGroup", "CreateLoadBalancer"] },
          Null: { "aws:RequestTag/elbv2.k8s.aws/cluster": "false" },
        },
      },
      {
        Sid: "ListenersAndRules",
        Effect: "Allow",
        Action: [
          "elasticloadbalancing:CreateListener",
          "elasticloadbalancing:DeleteListener",
          "elasticloadbalancing:CreateRule",
          "elasticloadbalancing:DeleteRule",
          "elasticloadbalancing:ModifyListener",
          "elasticloadbalancing:ModifyListenerAttributes",
          "elasticloadbalancing:AddListenerCertificates",
          "elasticloadbalancing:RemoveListenerCertificates",
          "elasticloadbalancing:ModifyRule",
          "elasticloadbalancing:SetWebAcl",
        ],
        Resource: ["*"],
      },
      ...LB_CLUSTER_TAGS.map((tag, i) => ({
        Sid: `ManageOwnLoadBalancers${i}`,
        Effect: "Allow" as const,
        Action: [
          "elasticloadbalancing:AddTags",
          "elasticloadbalancing:RemoveTags",
          "elasticloadbalancing:ModifyLoadBalancerAttributes",
          "elasticloadbalancing:SetIpAddressType",
          "elasticloadbalancing:SetSecurityGroups",
          "elasticloadbalancing:SetSubnets",
          "elasticloadbalancing:DeleteLoadBalancer",
          "elasticloadbalancing:ModifyTargetGroup",
          "elasticloadbalancing:ModifyTargetGroupAttributes",
          "elasticloadbalancing:DeleteTargetGroup",
          "elasticloadbalancing:ModifyCapacityReservation",
        ],
        Resource: ["*"],
        Condition: tagged(tag),
      })),
      {
        Sid: "RegisterTargets",
        Effect: "Allow",
        Action: ["elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets"],
        Resource: ["arn:aws:elasticloadbalancing:*:*:targetgroup/*/*"],
      },
    ],
  };
}
