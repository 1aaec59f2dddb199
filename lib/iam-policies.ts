/**
 * IAM policy documents for the cluster's controllers and the VPC flow logs, as plain data so tests
 * can read them. Each starts from what its upstream publishes (vendored under `upstream/`, with
 * its source and version); `test/upstream-iam.test.ts` checks that every action the upstream
 * document grants is granted here, on resources at least as wide, with conditions no stricter.
 * Where a policy grants less on purpose, the `*_NARROWINGS` list next to it names each narrowed
 * action and resource and says why; the test accepts a gap only through that list.
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

/**
 * A deliberate, reviewed difference from an upstream policy: the program does not grant `action`
 * on `resource` as the upstream document does (it grants less, or adds a condition).
 */
export interface PolicyNarrowing {
  /** The action as the upstream document names it. */
  readonly action: string;
  /** The upstream document's resource for that action (`*` where it names none, as in trust policies). */
  readonly resource: string;
  /** Why granting less is right here, and why the controller still works. */
  readonly reason: string;
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

/**
 * external-dns (chart 1.19.0, app v0.19.0; upstream: `upstream/external-dns/`): change and list
 * records only in the stack's own hosted zone; find zones and read zone tags wherever.
 */
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
        Action: ["route53:ListResourceRecordSets"],
        Resource: [hostedZoneArn],
      },
      {
        // Zone discovery lists every zone and then keeps the one `--zone-id-filter` names.
        Sid: "FindZones",
        Effect: "Allow",
        Action: ["route53:ListHostedZones", "route53:ListTagsForResources"],
        Resource: ["*"],
      },
    ],
  };
}

/** Where {@link externalDnsPolicy} grants less than external-dns's documented policy, and why. */
export const EXTERNAL_DNS_NARROWINGS: readonly PolicyNarrowing[] = [
  {
    action: "route53:ChangeResourceRecordSets",
    resource: "arn:aws:route53:::hostedzone/*",
    reason:
      "each stack owns exactly one hosted zone and runs external-dns with --zone-id-filter for it; " +
      "another stack's or team's zone must stay out of reach (the upstream page itself suggests " +
      "restricting updates to explicit hosted zone IDs)",
  },
  {
    action: "route53:ListResourceRecordSets",
    resource: "*",
    reason:
      "external-dns lists records only in the zones that pass its filters, which is the stack's own zone",
  },
];

/** The tag the controller puts on everything it creates (and only then may change or delete). */
const LBC_CLUSTER_TAG = "elbv2.k8s.aws/cluster";

/**
 * AWS Load Balancer Controller (chart 1.16.0, app v2.16.0; upstream:
 * `upstream/aws-load-balancer-controller/iam_policy.json`): the published policy, statement for
 * statement. Writes are scoped by the controller's cluster tag: it may create security groups,
 * load balancers and target groups only when it tags them at creation, and change or delete only
 * what carries the tag.
 */
export function loadBalancerControllerPolicy(): PolicyDocument {
  const requestTagged = { Null: { [`aws:RequestTag/${LBC_CLUSTER_TAG}`]: "false" } };
  const resourceTagged = { Null: { [`aws:ResourceTag/${LBC_CLUSTER_TAG}`]: "false" } };
  // Changing tags on a tagged resource, as long as the request leaves the cluster tag itself alone.
  const retagOwn = {
    Null: { [`aws:RequestTag/${LBC_CLUSTER_TAG}`]: "true", [`aws:ResourceTag/${LBC_CLUSTER_TAG}`]: "false" },
  };
  const loadBalancersAndTargetGroups = [
    "arn:aws:elasticloadbalancing:*:*:targetgroup/*/*",
    "arn:aws:elasticloadbalancing:*:*:loadbalancer/net/*/*",
    "arn:aws:elasticloadbalancing:*:*:loadbalancer/app/*/*",
  ];
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
          "ec2:GetCoipPoolUsage",
          "ec2:DescribeCoipPools",
          "ec2:GetSecurityGroupsForVpc",
          "ec2:DescribeIpamPools",
          // Subnet discovery by reachability (on by default since v2.12) reads route tables.
          "ec2:DescribeRouteTables",
          "elasticloadbalancing:DescribeLoadBalancers",
          "elasticloadbalancing:DescribeLoadBalancerAttributes",
          "elasticloadbalancing:DescribeListeners",
          "elasticloadbalancing:DescribeListenerCertificates",
          "elasticloadbalancing:DescribeSSLPolicies",
          "elasticloadbalancing:DescribeRules",
          "elasticloadbalancing:DescribeTargetGroups",
          "elasticloadbalancing:DescribeTargetGroupAttributes",
          "elasticloadbalancing:DescribeTargetHealth",
          "elasticloadbalancing:DescribeTags",
          "elasticloadbalancing:DescribeTrustStores",
          "elasticloadbalancing:DescribeListenerAttributes",
          "elasticloadbalancing:DescribeCapacityReservation",
        ],
        Resource: ["*"],
      },
      {
        Sid: "CertificatesFirewallsAndShield",
        Effect: "Allow",
        Action: [
          "cognito-idp:DescribeUserPoolClient",
          "acm:ListCertificates",
          "acm:DescribeCertificate",
          "iam:ListServerCertificates",
          "iam:GetServerCertificate",
          "waf-regional:GetWebACL",
          "waf-regional:GetWebACLForResource",
          "waf-regional:AssociateWebACL",
          "waf-regional:DisassociateWebACL",
          "wafv2:GetWebACL",
          "wafv2:GetWebACLForResource",
          "wafv2:AssociateWebACL",
          "wafv2:DisassociateWebACL",
          "shield:GetSubscriptionState",
          "shield:DescribeProtection",
          "shield:CreateProtection",
          "shield:DeleteProtection",
        ],
        Resource: ["*"],
      },
      {
        // The nodes' security groups are not the controller's; it opens them to its load balancers.
        Sid: "OpenNodeSecurityGroupsToOwnLoadBalancers",
        Effect: "Allow",
        Action: ["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress"],
        Resource: ["*"],
      },
      { Sid: "CreateSecurityGroups", Effect: "Allow", Action: ["ec2:CreateSecurityGroup"], Resource: ["*"] },
      {
        Sid: "TagNewSecurityGroups",
        Effect: "Allow",
        Action: ["ec2:CreateTags"],
        Resource: ["arn:aws:ec2:*:*:security-group/*"],
        Condition: { StringEquals: { "ec2:CreateAction": "CreateSecurityGroup" }, ...requestTagged },
      },
      {
        Sid: "RetagOwnSecurityGroups",
        Effect: "Allow",
        Action: ["ec2:CreateTags", "ec2:DeleteTags"],
        Resource: ["arn:aws:ec2:*:*:security-group/*"],
        Condition: retagOwn,
      },
      {
        Sid: "ManageOwnSecurityGroups",
        Effect: "Allow",
        Action: [
          "ec2:AuthorizeSecurityGroupIngress",
          "ec2:RevokeSecurityGroupIngress",
          "ec2:DeleteSecurityGroup",
        ],
        Resource: ["*"],
        Condition: resourceTagged,
      },
      {
        Sid: "CreateTaggedLoadBalancers",
        Effect: "Allow",
        Action: ["elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:CreateTargetGroup"],
        Resource: ["*"],
        Condition: requestTagged,
      },
      {
        Sid: "ListenersAndRules",
        Effect: "Allow",
        Action: [
          "elasticloadbalancing:CreateListener",
          "elasticloadbalancing:DeleteListener",
          "elasticloadbalancing:CreateRule",
          "elasticloadbalancing:DeleteRule",
        ],
        Resource: ["*"],
      },
      {
        Sid: "RetagOwnLoadBalancersAndTargetGroups",
        Effect: "Allow",
        Action: ["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"],
        Resource: loadBalancersAndTargetGroups,
        Condition: retagOwn,
      },
      {
        // Since v2.x the controller tags listeners and rules as it creates them (feature gate
        // ListenerRulesTagging, on by default). A listener or rule being created carries no tag
        // yet, so no aws:ResourceTag condition can hold here: without this statement the
        // controller can create neither (the first real deploy failed exactly so).
        Sid: "TagListenersAndRules",
        Effect: "Allow",
        Action: ["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"],
        Resource: [
          "arn:aws:elasticloadbalancing:*:*:listener/net/*/*/*",
          "arn:aws:elasticloadbalancing:*:*:listener/app/*/*/*",
          "arn:aws:elasticloadbalancing:*:*:listener-rule/net/*/*/*",
          "arn:aws:elasticloadbalancing:*:*:listener-rule/app/*/*/*",
        ],
      },
      {
        Sid: "ManageOwnLoadBalancersAndTargetGroups",
        Effect: "Allow",
        Action: [
          "elasticloadbalancing:ModifyLoadBalancerAttributes",
          "elasticloadbalancing:SetIpAddressType",
          "elasticloadbalancing:SetSecurityGroups",
          "elasticloadbalancing:SetSubnets",
          "elasticloadbalancing:DeleteLoadBalancer",
          "elasticloadbalancing:ModifyTargetGroup",
          "elasticloadbalancing:ModifyTargetGroupAttributes",
          "elasticloadbalancing:DeleteTargetGroup",
          "elasticloadbalancing:ModifyListenerAttributes",
          "elasticloadbalancing:ModifyCapacityReservation",
          "elasticloadbalancing:ModifyIpPools",
        ],
        Resource: ["*"],
        Condition: resourceTagged,
      },
      {
        Sid: "TagOnCreate",
        Effect: "Allow",
        Action: ["elasticloadbalancing:AddTags"],
        Resource: loadBalancersAndTargetGroups,
        Condition: {
          StringEquals: { "elasticloadbalancing:CreateAction": ["CreateTargetGroup", "CreateLoadBalancer"] },
          ...requestTagged,
        },
      },
      {
        Sid: "RegisterTargets",
        Effect: "Allow",
        Action: ["elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets"],
        Resource: ["arn:aws:elasticloadbalancing:*:*:targetgroup/*/*"],
      },
      {
        // SetRulePriorities: every environment added to or removed from the tier's shared
        // IngressGroup shifts the priorities of the rules after it on the shared ALB.
        Sid: "ChangeListenersAndRules",
        Effect: "Allow",
        Action: [
          "elasticloadbalancing:SetWebAcl",
          "elasticloadbalancing:ModifyListener",
          "elasticloadbalancing:AddListenerCertificates",
          "elasticloadbalancing:RemoveListenerCertificates",
          "elasticloadbalancing:ModifyRule",
          "elasticloadbalancing:SetRulePriorities",
        ],
        Resource: ["*"],
      },
    ],
  };
}

/**
 * Where {@link loadBalancerControllerPolicy} grants less than the published policy: nowhere. The
 * published policy already scopes by the controller's cluster tag wherever a tag can exist when
 * the call is authorised. What it grants unconditionally is either on resources the controller
 * does not own (the nodes' security groups it opens to its load balancers) or on calls whose
 * target carries no tag yet (new listeners and rules), and the shared ALB's Ingresses need all
 * of it; narrowing would break a feature rather than close a hole.
 */
export const LOAD_BALANCER_CONTROLLER_NARROWINGS: readonly PolicyNarrowing[] = [];

/**
 * The VPC flow-log role's permissions (upstream: `upstream/vpc-flow-logs/`): write and describe
 * streams of the stack's own flow-log group only.
 */
export function flowLogsPolicy(logGroupArn: string): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "WriteOwnLogGroup",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
        // The group itself (DescribeLogStreams) and its streams (CreateLogStream, PutLogEvents).
        Resource: [logGroupArn, `${logGroupArn}:*`],
      },
      {
        // DescribeLogGroups is a list call: IAM evaluates it against the account's whole log-group
        // namespace, not one group, so a group-scoped resource would never match it.
        Sid: "FindLogGroup",
        Effect: "Allow",
        Action: ["logs:DescribeLogGroups"],
        Resource: ["*"],
      },
    ],
  };
}

/**
 * The VPC flow-log role's trust policy: only the flow-logs service, and only for flow logs of
 * this account in this region (the confused-deputy guard the AWS page recommends).
 */
export function flowLogsTrustPolicy(accountId: string, region: string): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Service: "vpc-flow-logs.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: {
          StringEquals: { "aws:SourceAccount": accountId },
          ArnLike: { "aws:SourceArn": `arn:aws:ec2:${region}:${accountId}:vpc-flow-log/*` },
        },
      },
    ],
  };
}

/** Where the flow-log role grants less than the AWS-documented minimum, and why. */
export const FLOW_LOGS_NARROWINGS: readonly PolicyNarrowing[] = [
  {
    action: "logs:CreateLogGroup",
    resource: "*",
    reason:
      "the program creates the flow-log group itself, with the tier's retention and tags; if the " +
      "service could create it, a deleted group would come back without retention (kept forever, billed)",
  },
  ...["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"].map((action) => ({
    action,
    resource: "*",
    reason: "the role publishes one VPC's flow logs into one log group; it needs no other group's streams",
  })),
  {
    action: "sts:AssumeRole",
    resource: "*",
    reason:
      "the trust policy adds the aws:SourceAccount and aws:SourceArn conditions that the same AWS page " +
      "recommends against the confused deputy problem; the flow-logs service sends both",
  },
];
