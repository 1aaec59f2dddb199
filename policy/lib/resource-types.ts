// Type handles for every resource type a policy reads. The args types come from the provider SDKs as
// types only (erased at runtime); policy/test/suites/resource-types.ts checks each token against the SDK class.
import type * as aws from "@pulumi/aws";
import type * as eks from "@pulumi/eks";
import type * as k8s from "@pulumi/kubernetes";

import { resourceClass } from "./resource-class";

/** The eks provider's Cluster component (what the offline plan sees). */
export const EksCluster = resourceClass<eks.ClusterArgs>("eks:index:Cluster");
/** The eks provider's ManagedNodeGroup component. */
export const EksManagedNodeGroup = resourceClass<eks.ManagedNodeGroupArgs>("eks:index:ManagedNodeGroup");

/** The AWS control plane inside an eks Cluster (what the real engine also sees). */
export const AwsEksCluster = resourceClass<aws.eks.ClusterArgs>("aws:eks/cluster:Cluster");
/** An EKS managed node group at the AWS level. */
export const AwsEksNodeGroup = resourceClass<aws.eks.NodeGroupArgs>("aws:eks/nodeGroup:NodeGroup");
/** An EC2 launch template (node groups use them for IMDS settings). */
export const LaunchTemplate = resourceClass<aws.ec2.LaunchTemplateArgs>(
  "aws:ec2/launchTemplate:LaunchTemplate",
);

/** A VPC. */
export const Vpc = resourceClass<aws.ec2.VpcArgs>("aws:ec2/vpc:Vpc");
/** A VPC subnet. */
export const Subnet = resourceClass<aws.ec2.SubnetArgs>("aws:ec2/subnet:Subnet");
/** A security group, possibly with inline rules. */
export const SecurityGroup = resourceClass<aws.ec2.SecurityGroupArgs>("aws:ec2/securityGroup:SecurityGroup");
/** A standalone ingress rule (the current resource). */
export const SecurityGroupIngressRule = resourceClass<aws.vpc.SecurityGroupIngressRuleArgs>(
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
);
/** A standalone egress rule (the current resource). */
export const SecurityGroupEgressRule = resourceClass<aws.vpc.SecurityGroupEgressRuleArgs>(
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
);
/** A standalone rule of the older kind (ingress or egress by `type`). */
export const SecurityGroupRule = resourceClass<aws.ec2.SecurityGroupRuleArgs>(
  "aws:ec2/securityGroupRule:SecurityGroupRule",
);
/** The adopted default security group of a VPC. */
export const DefaultSecurityGroup = resourceClass<aws.ec2.DefaultSecurityGroupArgs>(
  "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
);
/** A VPC/subnet/ENI flow log. */
export const FlowLog = resourceClass<aws.ec2.FlowLogArgs>("aws:ec2/flowLog:FlowLog");

/** An RDS DB instance. */
export const RdsInstance = resourceClass<aws.rds.InstanceArgs>("aws:rds/instance:Instance");
/** An ElastiCache (Redis/Valkey) replication group. */
export const ReplicationGroup = resourceClass<aws.elasticache.ReplicationGroupArgs>(
  "aws:elasticache/replicationGroup:ReplicationGroup",
);
/** An ElastiCache parameter group (may set the `databases` count). */
export const CacheParameterGroup = resourceClass<aws.elasticache.ParameterGroupArgs>(
  "aws:elasticache/parameterGroup:ParameterGroup",
);

/** A Kubernetes Namespace. */
export const Namespace = resourceClass<k8s.core.v1.NamespaceArgs>("kubernetes:core/v1:Namespace");
/** A Kubernetes Deployment. */
export const Deployment = resourceClass<k8s.apps.v1.DeploymentArgs>("kubernetes:apps/v1:Deployment");
/** A Kubernetes StatefulSet. */
export const StatefulSet = resourceClass<k8s.apps.v1.StatefulSetArgs>("kubernetes:apps/v1:StatefulSet");
/** A Kubernetes DaemonSet. */
export const DaemonSet = resourceClass<k8s.apps.v1.DaemonSetArgs>("kubernetes:apps/v1:DaemonSet");
/** A Kubernetes Job. */
export const Job = resourceClass<k8s.batch.v1.JobArgs>("kubernetes:batch/v1:Job");
/** A Kubernetes CronJob. */
export const CronJob = resourceClass<k8s.batch.v1.CronJobArgs>("kubernetes:batch/v1:CronJob");
/** A bare Kubernetes Pod. */
export const Pod = resourceClass<k8s.core.v1.PodArgs>("kubernetes:core/v1:Pod");
/** A Kubernetes Service. */
export const Service = resourceClass<k8s.core.v1.ServiceArgs>("kubernetes:core/v1:Service");
/** A Kubernetes ConfigMap. */
export const ConfigMap = resourceClass<k8s.core.v1.ConfigMapArgs>("kubernetes:core/v1:ConfigMap");
/** A Kubernetes NetworkPolicy. */
export const NetworkPolicy = resourceClass<k8s.networking.v1.NetworkPolicyArgs>(
  "kubernetes:networking.k8s.io/v1:NetworkPolicy",
);
/** A Kubernetes Ingress. */
export const Ingress = resourceClass<k8s.networking.v1.IngressArgs>(
  "kubernetes:networking.k8s.io/v1:Ingress",
);
/** A Kubernetes PodDisruptionBudget. */
export const PodDisruptionBudget = resourceClass<k8s.policy.v1.PodDisruptionBudgetArgs>(
  "kubernetes:policy/v1:PodDisruptionBudget",
);
/** A Kubernetes HorizontalPodAutoscaler. */
export const HorizontalPodAutoscaler = resourceClass<k8s.autoscaling.v2.HorizontalPodAutoscalerArgs>(
  "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
);
/** A Kubernetes ServiceAccount. */
export const ServiceAccount = resourceClass<k8s.core.v1.ServiceAccountArgs>(
  "kubernetes:core/v1:ServiceAccount",
);
/** A Kubernetes ClusterRole. */
export const ClusterRole = resourceClass<k8s.rbac.v1.ClusterRoleArgs>(
  "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole",
);
/** A Kubernetes ClusterRoleBinding. */
export const ClusterRoleBinding = resourceClass<k8s.rbac.v1.ClusterRoleBindingArgs>(
  "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding",
);
/** A Kubernetes Role. */
export const Role = resourceClass<k8s.rbac.v1.RoleArgs>("kubernetes:rbac.authorization.k8s.io/v1:Role");
/** A Kubernetes RoleBinding. */
export const RoleBinding = resourceClass<k8s.rbac.v1.RoleBindingArgs>(
  "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
);
/** A Helm release managed by the Kubernetes provider. */
export const HelmRelease = resourceClass<k8s.helm.v3.ReleaseArgs>("kubernetes:helm.sh/v3:Release");

/** An SQS queue (Karpenter's interruption queue). */
export const SqsQueue = resourceClass<aws.sqs.QueueArgs>("aws:sqs/queue:Queue");

/**
 * Karpenter's custom resources, as `k8s.apiextensions.CustomResource` registers them
 * (`kubernetes:<apiVersion>:<kind>`). They have no SDK class of their own, so they are not in
 * {@link allResourceClasses}; policies match every served version with {@link KARPENTER_NODE_POOL_TYPE}.
 */
export const KARPENTER_NODE_POOL_TYPE = /^kubernetes:karpenter\.sh\/[^:]+:NodePool$/;
/** Karpenter's EC2NodeClass, every version. */
export const KARPENTER_NODE_CLASS_TYPE = /^kubernetes:karpenter\.k8s\.aws\/[^:]+:EC2NodeClass$/;

/**
 * kube-green's SleepInfo (an environment's sleep schedule), as `k8s.apiextensions.CustomResource`
 * registers it; every served version (upstream/kube-green/kube-green.com_sleepinfos.yaml).
 */
export const SLEEP_INFO_TYPE = /^kubernetes:kube-green\.com\/[^:]+:SleepInfo$/;

/** The type handles by exported name, for the token test. */
export const allResourceClasses = {
  EksCluster,
  EksManagedNodeGroup,
  AwsEksCluster,
  AwsEksNodeGroup,
  LaunchTemplate,
  Vpc,
  Subnet,
  SecurityGroup,
  SecurityGroupIngressRule,
  SecurityGroupEgressRule,
  SecurityGroupRule,
  DefaultSecurityGroup,
  FlowLog,
  RdsInstance,
  ReplicationGroup,
  CacheParameterGroup,
  Namespace,
  Deployment,
  StatefulSet,
  DaemonSet,
  Job,
  CronJob,
  Pod,
  Service,
  ConfigMap,
  NetworkPolicy,
  Ingress,
  PodDisruptionBudget,
  HorizontalPodAutoscaler,
  ServiceAccount,
  ClusterRole,
  ClusterRoleBinding,
  Role,
  RoleBinding,
  HelmRelease,
  SqsQueue,
};
