// The pack names resource types by token (lib/resource-types.ts) so it need not load the provider
// SDKs at runtime; each token must be the one the SDK class registers with.
import assert from "node:assert/strict";
import { test } from "node:test";

import * as aws from "@pulumi/aws";
import * as eks from "@pulumi/eks";
import * as k8s from "@pulumi/kubernetes";

import { allResourceClasses } from "../../lib/resource-types";

// The SDK classes keep the token in an internal static field.
const sdkClasses: Record<keyof typeof allResourceClasses, object> = {
  EksCluster: eks.Cluster,
  EksManagedNodeGroup: eks.ManagedNodeGroup,
  AwsEksCluster: aws.eks.Cluster,
  AwsEksNodeGroup: aws.eks.NodeGroup,
  LaunchTemplate: aws.ec2.LaunchTemplate,
  Vpc: aws.ec2.Vpc,
  Subnet: aws.ec2.Subnet,
  SecurityGroup: aws.ec2.SecurityGroup,
  SecurityGroupIngressRule: aws.vpc.SecurityGroupIngressRule,
  SecurityGroupEgressRule: aws.vpc.SecurityGroupEgressRule,
  SecurityGroupRule: aws.ec2.SecurityGroupRule,
  DefaultSecurityGroup: aws.ec2.DefaultSecurityGroup,
  FlowLog: aws.ec2.FlowLog,
  RdsInstance: aws.rds.Instance,
  ReplicationGroup: aws.elasticache.ReplicationGroup,
  CacheParameterGroup: aws.elasticache.ParameterGroup,
  Namespace: k8s.core.v1.Namespace,
  Deployment: k8s.apps.v1.Deployment,
  StatefulSet: k8s.apps.v1.StatefulSet,
  DaemonSet: k8s.apps.v1.DaemonSet,
  Job: k8s.batch.v1.Job,
  CronJob: k8s.batch.v1.CronJob,
  Pod: k8s.core.v1.Pod,
  Service: k8s.core.v1.Service,
  ConfigMap: k8s.core.v1.ConfigMap,
  NetworkPolicy: k8s.networking.v1.NetworkPolicy,
  Ingress: k8s.networking.v1.Ingress,
  PodDisruptionBudget: k8s.policy.v1.PodDisruptionBudget,
  HorizontalPodAutoscaler: k8s.autoscaling.v2.HorizontalPodAutoscaler,
  ServiceAccount: k8s.core.v1.ServiceAccount,
  ClusterRole: k8s.rbac.v1.ClusterRole,
  ClusterRoleBinding: k8s.rbac.v1.ClusterRoleBinding,
  Role: k8s.rbac.v1.Role,
  RoleBinding: k8s.rbac.v1.RoleBinding,
  HelmRelease: k8s.helm.v3.Release,
  SqsQueue: aws.sqs.Queue,
};

for (const [name, handle] of Object.entries(allResourceClasses)) {
  test(`${name} uses the SDK's type token ${handle.__pulumiType}`, () => {
    const sdk = sdkClasses[name as keyof typeof allResourceClasses] as { __pulumiType?: unknown };
    assert.equal(handle.__pulumiType, sdk.__pulumiType);
  });
}

test("a type handle cannot create resources", () => {
  assert.throws(() => new allResourceClasses.Vpc("vpc", {}), /cannot create resources/);
});
