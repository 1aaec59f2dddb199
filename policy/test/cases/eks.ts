// Cases for the EKS policies (E1-E9).
import * as aws from "../fixtures/aws";
import { modified, resource } from "../fixtures/plan-builder";
import type { PolicyCase } from "../harness";

const cluster = aws.eksCluster();
const topLevelAwsCluster = aws.awsEksCluster();
const nodes = aws.managedNodeGroup();
const imdsv2Nodes = modified(nodes, (i) => {
  delete i.launchTemplate;
  i.enableIMDSv2 = true;
});
const lt = aws.launchTemplate();
const privateA = aws.privateSubnet("a", "10.20.0.0/19");
const publicA = aws.publicSubnet("a", "10.20.128.0/20");

/** Cases for E1-E9. */
export const eksCases: PolicyCase[] = [
  {
    policy: "eks-endpoint-access-restricted",
    title: "accepts a public endpoint limited to an office range",
    resources: [cluster],
  },
  {
    policy: "eks-endpoint-access-restricted",
    title: "accepts a private-only endpoint",
    resources: [modified(cluster, (i) => ((i.endpointPublicAccess = false), delete i.publicAccessCidrs))],
  },
  {
    policy: "eks-endpoint-access-restricted",
    title: "rejects a public endpoint open to 0.0.0.0/0",
    resources: [modified(cluster, (i) => (i.publicAccessCidrs = ["0.0.0.0/0"]))],
    violation: /admits 0\.0\.0\.0\/0/,
    urn: cluster.urn,
  },
  {
    policy: "eks-endpoint-access-restricted",
    title: "rejects a public endpoint without publicAccessCidrs (AWS opens it to the world)",
    resources: [modified(cluster, (i) => delete i.publicAccessCidrs)],
    violation: /admits 0\.0\.0\.0\/0/,
  },
  {
    policy: "eks-endpoint-access-restricted",
    title: "rejects a CIDR outside the configured allow-list",
    resources: [cluster],
    settings: { allowedPublicAccessCidrs: ["198.51.100.0/24"] },
    violation: /203\.0\.113\.0\/24, which is not within allowedPublicAccessCidrs/,
  },
  {
    policy: "eks-endpoint-access-restricted",
    title: "rejects an aws.eks.Cluster created outside the eks component with an open endpoint",
    resources: [modified(topLevelAwsCluster, (i) => (i.vpcConfig.publicAccessCidrs = ["0.0.0.0/0"]))],
    violation: /admits 0\.0\.0\.0\/0/,
    urn: topLevelAwsCluster.urn,
  },
  {
    policy: "eks-secrets-encryption",
    title: "accepts a KMS key for secrets",
    resources: [cluster, topLevelAwsCluster],
  },
  {
    policy: "eks-secrets-encryption",
    title: "accepts a KMS key ARN that is unknown until the key exists",
    resources: [modified(cluster, (i) => (i.encryptionConfigKeyArn = "[unknown]"))],
  },
  {
    policy: "eks-secrets-encryption",
    title: "rejects a cluster without encryptionConfigKeyArn",
    resources: [modified(cluster, (i) => delete i.encryptionConfigKeyArn)],
    violation: /not envelope-encrypted/,
  },
  {
    policy: "eks-secrets-encryption",
    title: "rejects an AWS cluster whose encryption config omits secrets",
    resources: [modified(topLevelAwsCluster, (i) => (i.encryptionConfig.resources = []))],
    violation: /not envelope-encrypted/,
  },
  { policy: "eks-audit-logging", title: "accepts audit logging", resources: [cluster] },
  {
    policy: "eks-audit-logging",
    title: "rejects logging without audit",
    resources: [modified(cluster, (i) => (i.enabledClusterLogTypes = ["api", "authenticator"]))],
    violation: /lacks "audit"/,
  },
  { policy: "eks-all-control-plane-logs", title: "accepts all five log types", resources: [cluster] },
  {
    policy: "eks-all-control-plane-logs",
    title: "names the missing log types",
    resources: [modified(cluster, (i) => (i.enabledClusterLogTypes = ["api", "audit"]))],
    violation: /authenticator, controllerManager, scheduler/,
  },
  { policy: "eks-version-floor", title: "accepts 1.33 over the 1.31 floor", resources: [cluster] },
  {
    policy: "eks-version-floor",
    title: "rejects a version below the floor",
    resources: [modified(cluster, (i) => (i.version = "1.29"))],
    violation: /1\.29 is below the floor 1\.31/,
  },
  {
    policy: "eks-version-floor",
    title: "compares minor versions numerically (1.100 is newer than 1.31)",
    resources: [modified(cluster, (i) => (i.version = "1.100"))],
    settings: { minimumVersion: "1.31" },
  },
  {
    policy: "eks-authentication-mode-api",
    title: "accepts API mode",
    resources: [cluster, topLevelAwsCluster],
  },
  {
    policy: "eks-authentication-mode-api",
    title: "rejects the component default (CONFIG_MAP)",
    resources: [modified(cluster, (i) => delete i.authenticationMode)],
    violation: /CONFIG_MAP/,
  },
  {
    policy: "eks-authentication-mode-api",
    title: "rejects API_AND_CONFIG_MAP on an AWS cluster",
    resources: [
      modified(topLevelAwsCluster, (i) => (i.accessConfig.authenticationMode = "API_AND_CONFIG_MAP")),
    ],
    violation: /API_AND_CONFIG_MAP/,
  },
  { policy: "eks-node-ssh-restricted", title: "accepts nodes without remote access", resources: [nodes] },
  {
    policy: "eks-node-ssh-restricted",
    title: "accepts SSH limited to a bastion security group",
    resources: [
      modified(
        nodes,
        (i) => (i.remoteAccess = { ec2SshKey: "ops", sourceSecurityGroupIds: ["sg-0bastion"] }),
      ),
    ],
  },
  {
    policy: "eks-node-ssh-restricted",
    title: "rejects an SSH key without source security groups",
    resources: [modified(nodes, (i) => (i.remoteAccess = { ec2SshKey: "ops" }))],
    violation: /opens port 22 to 0\.0\.0\.0\/0/,
  },
  {
    policy: "eks-node-imdsv2-required",
    title: "accepts nodes on a launch template requiring IMDSv2",
    resources: [nodes, lt],
  },
  {
    policy: "eks-node-imdsv2-required",
    title: "accepts enableIMDSv2 on the component",
    resources: [imdsv2Nodes],
  },
  {
    policy: "eks-node-imdsv2-required",
    title: "accepts Bottlerocket nodes that leave enableIMDSv2 unset (the AMI requires IMDSv2)",
    resources: [modified(imdsv2Nodes, (i) => delete i.enableIMDSv2)],
  },
  {
    policy: "eks-node-imdsv2-required",
    title: "rejects enableIMDSv2: false",
    resources: [modified(imdsv2Nodes, (i) => (i.enableIMDSv2 = false))],
    violation: /IMDSv1; set enableIMDSv2/,
  },
  {
    policy: "eks-node-imdsv2-required",
    title: "rejects AL2 nodes without enableIMDSv2",
    resources: [modified(imdsv2Nodes, (i) => ((i.operatingSystem = "AL2"), delete i.enableIMDSv2))],
    violation: /IMDSv1/,
  },
  {
    policy: "eks-node-imdsv2-required",
    title: "rejects a launch template with optional tokens",
    resources: [modified(lt, (i) => (i.metadataOptions.httpTokens = "optional"))],
    violation: /httpTokens is optional/,
    urn: lt.urn,
  },
  {
    policy: "eks-node-imdsv2-required",
    title: "rejects an AWS node group on AL2 without a launch template",
    resources: [modified(aws.awsNodeGroup(), (i) => ((i.amiType = "AL2_x86_64"), delete i.launchTemplate))],
    violation: /IMDSv1; use a launch template/,
  },
  {
    policy: "eks-node-imds-hop-limit",
    title: "accepts a launch template with hop limit 1",
    resources: [nodes, lt],
  },
  {
    policy: "eks-node-imds-hop-limit",
    title: "rejects a launch template with hop limit 2",
    resources: [modified(lt, (i) => (i.metadataOptions.httpPutResponseHopLimit = 2))],
    violation: /httpPutResponseHopLimit is 2/,
  },
  {
    policy: "eks-node-imds-hop-limit",
    title: "rejects component nodes on the component's own launch template (hop limit 2)",
    resources: [imdsv2Nodes],
    violation: /hop ?limit 2 from the eks component's launch template/i,
  },
  {
    policy: "eks-nodes-private-subnets",
    title: "accepts a node group in private subnets",
    resources: [privateA, publicA, resource(nodes.type, nodes.name, nodes.inputs, { dependsOn: [privateA] })],
  },
  {
    policy: "eks-nodes-private-subnets",
    title: "rejects a node group in a public subnet",
    resources: [
      privateA,
      publicA,
      resource(nodes.type, nodes.name, nodes.inputs, { dependsOn: [privateA, publicA] }),
    ],
    violation: /public subnets: game-public-a/,
    urn: nodes.urn,
  },
  {
    policy: "eks-nodes-private-subnets",
    title: "rejects an AWS node group in a subnet that maps public IPs",
    resources: [
      modified(privateA, (i) => (i.mapPublicIpOnLaunch = true)),
      resource("aws:eks/nodeGroup:NodeGroup", "legacy-nodes", aws.awsNodeGroup().inputs, {
        dependsOn: [privateA],
      }),
    ],
    violation: /public subnets: game-private-a/,
  },
];
