/**
 * The curated table of fields whose change makes Pulumi replace a resource (delete and create it,
 * or create then delete), for the resource types this program uses. Sources: the AWS provider's
 * `ForceNew` schema attributes (terraform-provider-aws, which @pulumi/aws bridges), the Kubernetes
 * provider's force-new table (pulumi-kubernetes `provider/pkg/provider/diff.go`), and fields the
 * Kubernetes API itself refuses to update. Remote components (`eks:index:*`) are listed by the
 * inputs that reach an immutable field of the AWS resource they create.
 */
import type { Json } from "../engine/values";
import { expandPattern, jsonEqual, parsePattern, valueAt, type PathSegment } from "./paths";

/** Who forces the replacement: the provider replaces by itself; the API rejects the update, so `pulumi up` fails. */
export type Enforcement = "provider" | "api";

/** One immutable field of a resource type. */
export interface ImmutableField {
  /** Input path; `*` matches any key or index (`spec.containers[*].image`). */
  readonly path: string;
  /** Why a change here means a new resource, for the reviewer. */
  readonly cause: string;
  /** @default "provider" */
  readonly enforcedBy?: Enforcement;
  /** Only some changes force replacement (a downgrade, a removal); absent means every change does. */
  readonly when?: (before: Json | undefined, after: Json | undefined, context: ReplacementContext) => boolean;
}

/** What else decides replacement: the inputs of the resource's Kubernetes provider, if any. */
export interface ReplacementContext {
  readonly providerInputs?: { readonly [key: string]: Json };
}

/** A field change that forces replacement, with its cause. */
export interface ReplacementCause {
  readonly path: PathSegment[];
  readonly cause: string;
  readonly enforcedBy: Enforcement;
}

const removed = (before: Json | undefined, after: Json | undefined) =>
  before !== undefined && before !== null && (after === undefined || after === null);

/** `a` is an older dotted version than `b` (`7.1` < `7.2.4`). */
function isDowngrade(before: Json | undefined, after: Json | undefined): boolean {
  if (typeof before !== "string" || typeof after !== "string") return false;
  const [x, y] = [before, after].map((v) => v.split(".").map((n) => Number.parseInt(n, 10) || 0));
  for (let i = 0; i < Math.max(x!.length, y!.length); i++) {
    const d = (y![i] ?? 0) - (x![i] ?? 0);
    if (d !== 0) return d < 0;
  }
  return false;
}

const flagOff = (flag: string) => (_b: Json | undefined, _a: Json | undefined, c: ReplacementContext) =>
  !["true", true].includes(c.providerInputs?.[flag] as string | boolean);

const NAME = "the name is the resource's identity in AWS";

/** Immutable fields by Pulumi type token. */
export const IMMUTABLE_FIELDS: Readonly<Record<string, readonly ImmutableField[]>> = {
  // --- data stores
  "aws:rds/instance:Instance": [
    { path: "identifier", cause: "the DB instance identifier cannot be changed in place" },
    { path: "identifierPrefix", cause: "the DB instance identifier cannot be changed in place" },
    { path: "engine", cause: "RDS cannot switch an instance to another engine" },
    { path: "storageEncrypted", cause: "RDS cannot encrypt or decrypt an existing instance's storage" },
    { path: "kmsKeyId", cause: "the storage encryption key is fixed at creation" },
    { path: "dbName", cause: "the initial database name is fixed at creation" },
    { path: "username", cause: "the master user name is fixed at creation" },
    { path: "characterSetName", cause: "the character set is fixed at creation" },
    { path: "timezone", cause: "the time zone is fixed at creation" },
    { path: "availabilityZone", cause: "a single-AZ instance cannot move to another AZ in place" },
    { path: "snapshotIdentifier", cause: "restoring from a snapshot creates a new instance" },
    {
      path: "dbSubnetGroupName",
      cause:
        "RDS moves an instance to another subnet group only across VPCs (with an outage); within a VPC it needs a new instance",
      enforcedBy: "api",
    },
  ],
  "aws:rds/subnetGroup:SubnetGroup": [
    { path: "name", cause: NAME },
    { path: "namePrefix", cause: NAME },
  ],
  "aws:rds/parameterGroup:ParameterGroup": [
    { path: "name", cause: NAME },
    { path: "namePrefix", cause: NAME },
    { path: "family", cause: "a parameter group's family is fixed at creation" },
    { path: "description", cause: "a parameter group's description is fixed at creation" },
  ],
  "aws:elasticache/replicationGroup:ReplicationGroup": [
    { path: "replicationGroupId", cause: "the replication group id cannot be changed in place" },
    { path: "atRestEncryptionEnabled", cause: "at-rest encryption is fixed at creation" },
    { path: "kmsKeyId", cause: "the at-rest encryption key is fixed at creation" },
    { path: "subnetGroupName", cause: "a replication group cannot move to another subnet group" },
    { path: "port", cause: "the port is fixed at creation" },
    { path: "networkType", cause: "the network type is fixed at creation" },
    { path: "dataTieringEnabled", cause: "data tiering is fixed at creation" },
    { path: "snapshotArns", cause: "seeding from a snapshot creates a new replication group" },
    { path: "snapshotName", cause: "seeding from a snapshot creates a new replication group" },
    { path: "globalReplicationGroupId", cause: "joining a global datastore creates a new replication group" },
    {
      path: "engineVersion",
      cause: "ElastiCache cannot downgrade an engine version in place",
      when: isDowngrade,
    },
    {
      path: "engine",
      cause: "ElastiCache cannot go back from valkey to redis in place",
      when: (b, a) => b === "valkey" && a === "redis",
    },
  ],
  "aws:elasticache/subnetGroup:SubnetGroup": [{ path: "name", cause: NAME }],
  "aws:elasticache/parameterGroup:ParameterGroup": [
    { path: "name", cause: NAME },
    { path: "family", cause: "a parameter group's family is fixed at creation" },
    { path: "description", cause: "a parameter group's description is fixed at creation" },
  ],
  "aws:secretsmanager/secret:Secret": [
    { path: "name", cause: NAME },
    { path: "namePrefix", cause: NAME },
  ],
  "random:index/randomPassword:RandomPassword": [
    {
      path: "*",
      cause:
        "every RandomPassword argument regenerates the password: everything using it gets a new credential",
    },
  ],

  // --- cluster
  "eks:index:Cluster": [
    { path: "name", cause: "the EKS cluster name cannot be changed: the control plane is rebuilt" },
    {
      path: "encryptionConfigKeyArn",
      cause: "EKS secrets encryption cannot be turned off or moved to another KMS key once enabled",
      when: (b) => b !== undefined && b !== null,
    },
    { path: "kubernetesServiceIpAddressRange", cause: "the service CIDR is fixed at cluster creation" },
    { path: "ipFamily", cause: "the IP family is fixed at cluster creation" },
    { path: "bootstrapSelfManagedAddons", cause: "fixed at cluster creation" },
    { path: "serviceRole", cause: "the cluster IAM role is fixed at creation" },
  ],
  "aws:eks/cluster:Cluster": [
    { path: "name", cause: "the EKS cluster name cannot be changed: the control plane is rebuilt" },
    { path: "roleArn", cause: "the cluster IAM role is fixed at creation" },
    {
      path: "encryptionConfig",
      cause: "EKS secrets encryption cannot be turned off once enabled",
      when: removed,
    },
    { path: "kubernetesNetworkConfig.ipFamily", cause: "the IP family is fixed at cluster creation" },
    {
      path: "kubernetesNetworkConfig.serviceIpv4Cidr",
      cause: "the service CIDR is fixed at cluster creation",
    },
    { path: "accessConfig.bootstrapClusterCreatorAdminPermissions", cause: "fixed at cluster creation" },
    { path: "bootstrapSelfManagedAddons", cause: "fixed at cluster creation" },
  ],
  "eks:index:ManagedNodeGroup": [
    { path: "nodeGroupName", cause: "a node group's name cannot be changed" },
    { path: "nodeGroupNamePrefix", cause: "a node group's name cannot be changed" },
    {
      path: "instanceTypes",
      cause: "EKS cannot change a node group's instance types: a new group is created, the old one drained",
    },
    { path: "capacityType", cause: "on-demand/spot is fixed per node group: a new group is created" },
    { path: "amiType", cause: "the AMI type is fixed per node group: a new group is created" },
    { path: "operatingSystem", cause: "the operating system sets the AMI type, fixed per node group" },
    { path: "subnetIds", cause: "a node group's subnets are fixed at creation" },
    { path: "nodeRole", cause: "a node group's IAM role is fixed at creation" },
    { path: "nodeRoleArn", cause: "a node group's IAM role is fixed at creation" },
    { path: "remoteAccess", cause: "remote access is fixed at creation" },
    { path: "cluster", cause: "a node group cannot move to another cluster" },
  ],
  "aws:eks/nodeGroup:NodeGroup": [
    { path: "nodeGroupName", cause: "a node group's name cannot be changed" },
    { path: "nodeGroupNamePrefix", cause: "a node group's name cannot be changed" },
    { path: "instanceTypes", cause: "EKS cannot change a node group's instance types in place" },
    { path: "capacityType", cause: "on-demand/spot is fixed per node group" },
    { path: "amiType", cause: "the AMI type is fixed per node group" },
    { path: "diskSize", cause: "the disk size of a node group without launch template is fixed" },
    { path: "subnetIds", cause: "a node group's subnets are fixed at creation" },
    { path: "nodeRoleArn", cause: "a node group's IAM role is fixed at creation" },
    { path: "remoteAccess", cause: "remote access is fixed at creation" },
    { path: "clusterName", cause: "a node group cannot move to another cluster" },
  ],
  "aws:eks/addon:Addon": [
    { path: "addonName", cause: "an add-on is identified by its name" },
    { path: "clusterName", cause: "an add-on cannot move to another cluster" },
  ],
  "aws:kms/key:Key": [
    { path: "keyUsage", cause: "a KMS key's usage is fixed at creation" },
    { path: "customerMasterKeySpec", cause: "a KMS key's spec is fixed at creation" },
    { path: "multiRegion", cause: "multi-Region is fixed at creation" },
    { path: "customKeyStoreId", cause: "a key's key store is fixed at creation" },
    { path: "xksKeyId", cause: "a key's external key is fixed at creation" },
  ],
  "aws:kms/alias:Alias": [
    { path: "name", cause: NAME },
    { path: "namePrefix", cause: NAME },
  ],
  "aws:acm/certificate:Certificate": [
    { path: "domainName", cause: "a certificate's names are fixed: a new one is issued and validated" },
    {
      path: "subjectAlternativeNames",
      cause: "a certificate's names are fixed: a new one is issued and validated",
    },
    { path: "keyAlgorithm", cause: "the key algorithm is fixed at issue" },
  ],
  "aws:acm/certificateValidation:CertificateValidation": [
    { path: "certificateArn", cause: "validation belongs to one certificate" },
    { path: "validationRecordFqdns", cause: "the validation records are fixed" },
  ],
  "aws:route53/record:Record": [
    { path: "zoneId", cause: "a record cannot move to another hosted zone" },
    { path: "name", cause: "a record is identified by its name" },
  ],

  // --- network and IAM
  "aws:ec2/vpc:Vpc": [
    { path: "cidrBlock", cause: "a VPC's primary CIDR is fixed: every subnet and ENI goes" },
  ],
  "aws:ec2/subnet:Subnet": [
    { path: "cidrBlock", cause: "a subnet's CIDR is fixed" },
    { path: "availabilityZone", cause: "a subnet lives in one AZ" },
    { path: "availabilityZoneId", cause: "a subnet lives in one AZ" },
    { path: "vpcId", cause: "a subnet cannot move to another VPC" },
  ],
  "aws:ec2/securityGroup:SecurityGroup": [
    { path: "name", cause: NAME },
    { path: "namePrefix", cause: NAME },
    { path: "description", cause: "a security group's description is fixed at creation" },
    { path: "vpcId", cause: "a security group cannot move to another VPC" },
  ],
  "aws:ec2/securityGroupRule:SecurityGroupRule": [
    { path: "type", cause: "a rule is identified by its whole definition" },
    { path: "protocol", cause: "a rule is identified by its whole definition" },
    { path: "fromPort", cause: "a rule is identified by its whole definition" },
    { path: "toPort", cause: "a rule is identified by its whole definition" },
    { path: "cidrBlocks", cause: "a rule is identified by its whole definition" },
    { path: "sourceSecurityGroupId", cause: "a rule is identified by its whole definition" },
    { path: "securityGroupId", cause: "a rule belongs to one security group" },
    { path: "self", cause: "a rule is identified by its whole definition" },
  ],
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": [
    { path: "securityGroupId", cause: "a rule belongs to one security group" },
  ],
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": [
    { path: "securityGroupId", cause: "a rule belongs to one security group" },
  ],
  "aws:ec2/natGateway:NatGateway": [
    { path: "subnetId", cause: "a NAT gateway lives in one subnet" },
    { path: "allocationId", cause: "a NAT gateway's Elastic IP is fixed" },
    { path: "connectivityType", cause: "fixed at creation" },
  ],
  "aws:ec2/eip:Eip": [{ path: "domain", cause: "fixed at allocation" }],
  "aws:ec2/routeTableAssociation:RouteTableAssociation": [
    { path: "subnetId", cause: "an association is for one subnet" },
    { path: "gatewayId", cause: "an association is for one gateway" },
  ],
  "aws:ec2/vpcEndpoint:VpcEndpoint": [
    { path: "serviceName", cause: "an endpoint is for one service" },
    { path: "vpcId", cause: "an endpoint cannot move to another VPC" },
    { path: "vpcEndpointType", cause: "fixed at creation" },
  ],
  "aws:ec2/flowLog:FlowLog": [
    { path: "vpcId", cause: "a flow log is for one VPC" },
    { path: "trafficType", cause: "fixed at creation" },
    { path: "logDestination", cause: "fixed at creation" },
    { path: "logDestinationType", cause: "fixed at creation" },
    { path: "logFormat", cause: "fixed at creation" },
    { path: "iamRoleArn", cause: "fixed at creation" },
  ],
  "aws:cloudwatch/logGroup:LogGroup": [
    { path: "name", cause: "a log group is identified by its name (its events stay with the old one)" },
    { path: "namePrefix", cause: "a log group is identified by its name" },
    { path: "logGroupClass", cause: "the log class is fixed at creation" },
  ],
  "aws:iam/role:Role": [
    { path: "name", cause: NAME },
    { path: "namePrefix", cause: NAME },
    { path: "path", cause: "a role's path is fixed" },
  ],
  "aws:iam/rolePolicy:RolePolicy": [
    { path: "name", cause: NAME },
    { path: "role", cause: "an inline policy belongs to one role" },
  ],
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment": [
    { path: "role", cause: "an attachment is one role and one policy" },
    { path: "policyArn", cause: "an attachment is one role and one policy" },
  ],

  // --- Kubernetes (pulumi-kubernetes force-new table; metadata.name/namespace apply to every kind)
  "kubernetes:apps/v1:Deployment": [{ path: "spec.selector", cause: "a Deployment's selector is immutable" }],
  "kubernetes:apps/v1:DaemonSet": [
    {
      path: "spec.selector",
      cause: "a DaemonSet's selector is immutable (the provider does not replace it: rename the DaemonSet)",
      enforcedBy: "api",
    },
  ],
  "kubernetes:apps/v1:StatefulSet": [
    { path: "spec.selector", cause: "a StatefulSet's selector is immutable" },
    { path: "spec.serviceName", cause: "a StatefulSet's governing Service is immutable" },
    {
      path: "spec.volumeClaimTemplates",
      cause: "volumeClaimTemplates are immutable (the existing PVCs are not resized or replaced)",
    },
    { path: "spec.podManagementPolicy", cause: "a StatefulSet's pod management policy is immutable" },
    { path: "spec.revisionHistoryLimit", cause: "the provider replaces a StatefulSet for this field" },
  ],
  "kubernetes:batch/v1:Job": [
    { path: "spec.template", cause: "a Job's pod template is immutable: the Job is deleted and runs again" },
    { path: "spec.selector", cause: "a Job's selector is immutable" },
    { path: "spec.completions", cause: "the provider replaces a Job for this field" },
    { path: "spec.parallelism", cause: "the provider replaces a Job for this field" },
  ],
  "kubernetes:core/v1:PersistentVolumeClaim": [
    { path: "spec", cause: "the provider replaces a PVC for any spec change: a new, empty volume" },
  ],
  "kubernetes:core/v1:PersistentVolume": [
    { path: "spec.csi", cause: "a PersistentVolume's source is immutable" },
    { path: "spec.awsElasticBlockStore", cause: "a PersistentVolume's source is immutable" },
    { path: "spec.hostPath", cause: "a PersistentVolume's source is immutable" },
    { path: "spec.local", cause: "a PersistentVolume's source is immutable" },
    { path: "spec.nfs", cause: "a PersistentVolume's source is immutable" },
  ],
  "kubernetes:core/v1:ConfigMap": [
    {
      path: "data",
      cause: "the Kubernetes provider replaces ConfigMaps on data changes (enableConfigMapMutable is off)",
      when: flagOff("enableConfigMapMutable"),
    },
    {
      path: "binaryData",
      cause: "the Kubernetes provider replaces ConfigMaps on data changes (enableConfigMapMutable is off)",
      when: flagOff("enableConfigMapMutable"),
    },
  ],
  "kubernetes:core/v1:Secret": [
    { path: "type", cause: "a Secret's type is immutable" },
    {
      path: "data",
      cause: "the Kubernetes provider replaces Secrets on data changes (enableSecretMutable is off)",
      when: flagOff("enableSecretMutable"),
    },
    {
      path: "stringData",
      cause: "the Kubernetes provider replaces Secrets on data changes (enableSecretMutable is off)",
      when: flagOff("enableSecretMutable"),
    },
  ],
  "kubernetes:core/v1:Service": [{ path: "spec.clusterIP", cause: "a Service's cluster IP is immutable" }],
  "kubernetes:core/v1:ResourceQuota": [{ path: "spec.scopes", cause: "a quota's scopes are immutable" }],
  "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding": [
    { path: "roleRef", cause: "a binding's roleRef is immutable" },
  ],
  "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding": [
    { path: "roleRef", cause: "a binding's roleRef is immutable" },
  ],
  "kubernetes:storage.k8s.io/v1:StorageClass": [
    { path: "provisioner", cause: "a StorageClass's provisioner is immutable" },
    { path: "parameters", cause: "a StorageClass's parameters are immutable" },
    {
      path: "reclaimPolicy",
      cause: "a StorageClass's reclaim policy is immutable (the provider does not replace it)",
      enforcedBy: "api",
    },
    {
      path: "volumeBindingMode",
      cause: "a StorageClass's binding mode is immutable (the provider does not replace it)",
      enforcedBy: "api",
    },
  ],
};

/** Kubernetes object identity: every kind is replaced when its name or namespace changes. */
const KUBERNETES_IDENTITY: readonly ImmutableField[] = [
  { path: "metadata.name", cause: "a Kubernetes object's name is its identity" },
  { path: "metadata.namespace", cause: "an object cannot move to another namespace" },
];

/** Types that are not Kubernetes API objects despite the `kubernetes:` prefix. */
const NOT_KUBERNETES_OBJECTS = /^kubernetes:(helm\.sh|kustomize|yaml)\//;

/** Every immutable field of `type` (the table plus Kubernetes identity fields). */
export function immutableFieldsFor(type: string): readonly ImmutableField[] {
  const listed = IMMUTABLE_FIELDS[type] ?? [];
  if (type.startsWith("kubernetes:") && !NOT_KUBERNETES_OBJECTS.test(type)) {
    return [...KUBERNETES_IDENTITY, ...listed];
  }
  return listed;
}

/** The immutable-field changes between two versions of a resource's inputs (empty: it can be updated in place). */
export function replacementCauses(
  type: string,
  before: { readonly [key: string]: Json },
  after: { readonly [key: string]: Json },
  context: ReplacementContext = {},
): ReplacementCause[] {
  const causes: ReplacementCause[] = [];
  for (const field of immutableFieldsFor(type)) {
    for (const path of expandPattern(parsePattern(field.path), before, after)) {
      const [b, a] = [valueAt(before, path), valueAt(after, path)];
      if (jsonEqual(b, a)) continue;
      if (field.when && !field.when(b, a, context)) continue;
      causes.push({ path, cause: field.cause, enforcedBy: field.enforcedBy ?? "provider" });
    }
  }
  return causes;
}

/** The immutable field of `type` that `path` lies in (the field itself or something inside it), if any. */
export function immutableFieldAt(type: string, path: readonly PathSegment[]): ImmutableField | undefined {
  return immutableFieldsFor(type).find((field) => {
    const pattern = parsePattern(field.path);
    return pattern.length <= path.length && pattern.every((s, i) => s === "*" || s === path[i]);
  });
}
