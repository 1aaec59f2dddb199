import * as aws from "@pulumi/aws";
import * as eks from "@pulumi/eks";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { accessEntries, accessEntryProblems } from "../lib/access";
import { creatorAdminProblem } from "../lib/cluster-creator";
import { graceTolerations, graceTolerationSeconds, type Toleration } from "../lib/grace";
import {
  bottlerocketKubeletSettings,
  managedPoolSizeProblem,
  poolSizing,
  type NodeSizing,
} from "../lib/sizing";
import { poolScheduling, type PoolScheduling } from "../lib/scheduling";
import { assertValidArgs, type ArgProblem } from "../lib/validation";
import type { WorkingHours } from "../lib/karpenter-schedule";
import type { KarpenterNodePoolConfig, ManagedNodePoolConfig, NodePoolConfig } from "../stacks/config";
import { ClusterAddons } from "./cluster-addons";
import { Karpenter } from "./karpenter";
import { WildcardCertificate } from "./certificate";
import type { GameNetwork } from "./network";

/** Every control-plane log type; `audit` is the one security reviews cannot do without. */
export const CONTROL_PLANE_LOG_TYPES = [
  "api",
  "audit",
  "authenticator",
  "controllerManager",
  "scheduler",
] as const;

/** Arguments of {@link GameCluster}. */
export interface GameClusterArgs {
  /** The EKS cluster's name (also used in log group and tag names). */
  readonly clusterName: string;
  /** Kubernetes minor version, pinned (`"1.34"`). */
  readonly kubernetesVersion: string;
  /** The VPC the cluster runs in; nodes go into its private subnets. */
  readonly network: GameNetwork;
  /** CIDRs allowed to reach the public API endpoint. Never empty, never 0.0.0.0/0. */
  readonly publicAccessCidrs: readonly string[];
  /** IAM principals with cluster-admin access. */
  readonly admins: readonly string[];
  /**
   * Teams that own environments: each team's principals are mapped to its Kubernetes group, which
   * environment stacks bind to `edit` in their own namespaces. @default {}
   */
  readonly teams?: Readonly<Record<string, { readonly principalArns: readonly string[] }>>;
  /**
   * Node pools; `system` (shared services, a managed node group) and `game` (environments) are
   * required. Pools with `provisioner: karpenter` get a Karpenter NodePool instead of a node group.
   */
  readonly nodePools: readonly NodePoolConfig[];
  /** Karpenter's AMI pin and working hours; required when a pool is provisioned by Karpenter. @default none */
  readonly karpenter?: { readonly bottlerocketVersion: string; readonly workingHours: WorkingHours };
  /** The stack's node-failure grace period in seconds (see `lib/grace.ts`). */
  readonly nodeMonitorGracePeriodSeconds: number;
  /** Retention of control-plane logs, in days. */
  readonly logRetentionDays: number;
  readonly region: string;
  /** The stack's domain and its Route 53 zone (certificate and external-dns). */
  readonly domain: string;
  readonly hostedZoneId: string;
  /** Refuse API deletion of the cluster. @default false */
  readonly deletionProtection?: boolean;
  /** @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

/** What a workload needs to run on a pool, plus the sizing its nodes got. */
export interface NodePoolInfo extends PoolScheduling {
  readonly sizing: NodeSizing;
}

/** The pools a cluster must have. */
export const REQUIRED_POOLS = ["system", "game"] as const;

/** Checks GameCluster's arguments; returns every problem found. */
export function validateClusterArgs(args: GameClusterArgs): ArgProblem[] {
  const problems: ArgProblem[] = [];
  const poolNames = args.nodePools.map((p) => p.name);
  for (const required of REQUIRED_POOLS) {
    if (!poolNames.includes(required))
      problems.push({ propertyPath: "nodePools", reason: `needs a "${required}" pool` });
  }
  if (new Set(poolNames).size !== poolNames.length)
    problems.push({ propertyPath: "nodePools", reason: "pool names must be unique" });
  if (args.publicAccessCidrs.length === 0) {
    problems.push({
      propertyPath: "publicAccessCidrs",
      reason: "needs at least one CIDR; the public endpoint is never open",
    });
  }
  if (args.publicAccessCidrs.some((c) => c.endsWith("/0"))) {
    problems.push({ propertyPath: "publicAccessCidrs", reason: "must not contain a /0 block" });
  }
  if (args.admins.length === 0)
    problems.push({ propertyPath: "admins", reason: "needs at least one admin principal" });
  problems.push(...accessEntryProblems(args.admins, args.teams ?? {}));
  if (args.network.privateSubnetIds.length < 2) {
    problems.push({ propertyPath: "network", reason: "EKS needs private subnets in at least two AZs" });
  }
  try {
    graceTolerationSeconds(args.nodeMonitorGracePeriodSeconds);
  } catch (err) {
    problems.push({ propertyPath: "nodeMonitorGracePeriodSeconds", reason: (err as Error).message });
  }
  const system = args.nodePools.find((p) => p.name === "system");
  if (system && system.provisioner !== "managed") {
    problems.push({
      propertyPath: "nodePools.system",
      reason: "must be a managed node group: Karpenter's controller runs there, on nodes it does not manage",
    });
  }
  if (args.nodePools.some((p) => p.provisioner === "karpenter") && !args.karpenter) {
    problems.push({
      propertyPath: "karpenter",
      reason:
        "is required when a pool is provisioned by Karpenter (its Bottlerocket version and working hours)",
    });
  }
  for (const pool of args.nodePools) {
    const sizes = pool.provisioner === "managed" ? managedPoolSizeProblem(pool) : undefined;
    if (sizes) problems.push({ propertyPath: `nodePools.${pool.name}`, reason: sizes });
    try {
      poolSizing(pool.instanceTypes);
    } catch (err) {
      problems.push({ propertyPath: `nodePools.${pool.name}.instanceTypes`, reason: (err as Error).message });
    }
  }
  return problems;
}

/** The kubelet's graceful shutdown: a spot reclaim gives two minutes, and pods stop cleanly inside that. */
export const SHUTDOWN_SETTINGS = {
  "shutdown-grace-period": "90s",
  "shutdown-grace-period-for-critical-pods": "30s",
} as const;

/** Bottlerocket settings for a pool: its kubelet sizing, plus a graceful shutdown for spot reclaims. */
export function poolBottlerocketSettings(sizing: NodeSizing): Record<string, unknown> {
  const settings = bottlerocketKubeletSettings(sizing) as {
    settings: { kubernetes: Record<string, unknown> };
  };
  return {
    settings: {
      ...settings.settings,
      kubernetes: {
        ...settings.settings.kubernetes,
        ...SHUTDOWN_SETTINGS,
      },
    },
  };
}

/**
 * The stack's EKS cluster on Bottlerocket nodes: control plane (API authentication with access
 * entries, all control-plane logs, KMS-encrypted secrets, allow-listed public endpoint, OIDC,
 * vpc-cni with network policies), a managed node group per managed pool, Karpenter for the pools
 * it provisions (`components/karpenter.ts`), the add-ons, a Kubernetes provider for later
 * components, and the stack's wildcard certificate.
 */
export class GameCluster extends pulumi.ComponentResource {
  readonly clusterName: pulumi.Output<string>;
  readonly kubeconfig: pulumi.Output<string>;
  readonly provider: k8s.Provider;
  readonly oidcProviderArn: pulumi.Output<string>;
  readonly oidcIssuer: pulumi.Output<string>;
  /** Security group EKS attaches to the managed nodes (and so to pods): data stores admit it. */
  readonly nodeSecurityGroupId: pulumi.Output<string>;
  readonly vpcId: pulumi.Output<string>;
  readonly privateSubnetIds: pulumi.Output<string>[];
  readonly publicSubnetIds: pulumi.Output<string>[];
  readonly certificateArn: pulumi.Output<string>;
  /** Tolerations for the not-ready/unreachable taints that honour the stack's grace period. */
  readonly graceTolerations: readonly Toleration[];
  /** Scheduling info per pool name. */
  readonly nodePools: Readonly<Record<string, NodePoolInfo>>;
  /** Where game workloads go: the game pool's selector and tolerations, plus the grace tolerations. */
  readonly gameScheduling: {
    readonly nodeSelector: Record<string, string>;
    readonly tolerations: Toleration[];
  };
  /** Where shared services go: the system pool, plus the grace tolerations. */
  readonly systemScheduling: {
    readonly nodeSelector: Record<string, string>;
    readonly tolerations: Toleration[];
  };
  /**
   * What "ready for workloads" means: every node group, Karpenter with its NodePools (when a pool
   * uses it), and ClusterAddons with everything it installs (CoreDNS, the EBS CSI driver,
   * metrics-server, the gp3 StorageClass, the load balancer controller and its webhooks,
   * external-dns). Put it in a workload's `dependsOn`; depending on a component waits for all its
   * children.
   */
  readonly readyResources: readonly pulumi.Resource[];

  constructor(name: string, args: GameClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super(
      "game:index:GameCluster",
      name,
      { nodeMonitorGracePeriodSeconds: args.nodeMonitorGracePeriodSeconds },
      opts,
    );
    assertValidArgs("GameCluster", name, validateClusterArgs(args));
    const tags = args.tags ?? {};

    this.graceTolerations = graceTolerations(args.nodeMonitorGracePeriodSeconds);
    this.nodePools = Object.fromEntries(
      args.nodePools.map((pool) => [
        pool.name,
        { ...poolScheduling(pool), sizing: poolSizing(pool.instanceTypes) },
      ]),
    );
    const placement = (pool: string) => ({
      nodeSelector: { ...this.nodePools[pool]!.nodeSelector },
      tolerations: [...this.nodePools[pool]!.tolerations, ...this.graceTolerations],
    });
    this.gameScheduling = placement("game");
    this.systemScheduling = placement("system");

    const secretsKey = new aws.kms.Key(
      `${name}-secrets`,
      {
        description: `Envelope encryption of Kubernetes secrets in ${args.clusterName}`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        tags,
      },
      { parent: this },
    );
    new aws.kms.Alias(
      `${name}-secrets`,
      { name: `alias/${args.clusterName}-secrets`, targetKeyId: secretsKey.keyId },
      { parent: this },
    );

    // EKS would create this group itself with no expiry; creating it first sets the retention.
    const controlPlaneLogs = new aws.cloudwatch.LogGroup(
      `${name}-control-plane-logs`,
      { name: `/aws/eks/${args.clusterName}/cluster`, retentionInDays: args.logRetentionDays, tags },
      { parent: this },
    );

    // EKS makes the cluster's creator an admin on its own; a cluster.admins entry for the same
    // principal would fail after the control plane is built (lib/cluster-creator.ts). The check
    // runs at preview, and the cluster waits for it.
    const creatorChecked = pulumi
      .all([
        aws.getCallerIdentityOutput({}, { parent: this }).arn,
        aws.eks.getClustersOutput({}, { parent: this }).names,
      ])
      .apply(([callerArn, existingClusters]) => {
        const problem = creatorAdminProblem({
          clusterName: args.clusterName,
          admins: args.admins,
          callerArn,
          // The offline plan's mock engine answers this invoke without a list.
          existingClusters: existingClusters ?? [],
        });
        if (problem) {
          // Logged first so the diagnostic reads cleanly; the throw stops the cluster (and with it
          // everything that depends on it) from being registered.
          void pulumi.log.error(problem, this);
          throw new pulumi.ResourceError(problem, this, true);
        }
        return controlPlaneLogs;
      });

    const cluster = new eks.Cluster(
      `${name}-eks`,
      {
        name: args.clusterName,
        version: args.kubernetesVersion,
        vpcId: args.network.vpcId,
        privateSubnetIds: args.network.privateSubnetIds,
        publicSubnetIds: args.network.publicSubnetIds,
        nodeAssociatePublicIpAddress: false,
        skipDefaultNodeGroup: true,
        authenticationMode: eks.AuthenticationMode.Api,
        accessEntries: accessEntries(args.admins, args.teams ?? {}) satisfies Record<
          string,
          eks.types.input.AccessEntryArgs
        >,
        enabledClusterLogTypes: [...CONTROL_PLANE_LOG_TYPES],
        encryptionConfigKeyArn: secretsKey.arn,
        endpointPrivateAccess: true,
        endpointPublicAccess: true,
        publicAccessCidrs: [...args.publicAccessCidrs],
        createOidcProvider: true,
        // Everything on the cluster is an EKS-managed add-on: no self-managed copies to drift.
        bootstrapSelfManagedAddons: false,
        // CoreDNS needs nodes to become healthy, so ClusterAddons adds it after the node groups.
        corednsAddonOptions: { enabled: false },
        kubeProxyAddonOptions: { enabled: true },
        vpcCniOptions: { enableNetworkPolicy: true, enablePrefixDelegation: false },
        deletionProtection: args.deletionProtection ?? false,
        tags,
      },
      { parent: this, dependsOn: [creatorChecked] },
    );

    const nodeRole = new aws.iam.Role(
      `${name}-node`,
      {
        description: `Bottlerocket nodes of ${args.clusterName}`,
        assumeRolePolicy: JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" },
          ],
        }),
        tags,
      },
      { parent: this },
    );
    const nodePolicies = [
      "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
      "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy",
      "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly",
      // Bottlerocket's control container reaches the node through SSM: no SSH, no open port 22.
      "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
    ].map(
      (policyArn, i) =>
        new aws.iam.RolePolicyAttachment(
          `${name}-node-policy-${i}`,
          { role: nodeRole.name, policyArn },
          { parent: this },
        ),
    );

    const managedPools = args.nodePools.filter(
      (p): p is ManagedNodePoolConfig => p.provisioner === "managed",
    );
    const karpenterPools = args.nodePools.filter(
      (p): p is KarpenterNodePoolConfig => p.provisioner === "karpenter",
    );
    const nodeGroups = managedPools.map((pool) => {
      const info = this.nodePools[pool.name]!;
      return new eks.ManagedNodeGroup(
        `${name}-${pool.name}`,
        {
          cluster,
          nodeRole,
          subnetIds: args.network.privateSubnetIds,
          operatingSystem: eks.OperatingSystem.Bottlerocket,
          instanceTypes: [...pool.instanceTypes],
          capacityType: pool.capacityType,
          scalingConfig: { minSize: pool.minSize, desiredSize: pool.desiredSize, maxSize: pool.maxSize },
          diskSize: pool.diskSizeGiB,
          labels: { ...info.labels },
          taints: info.taints.map((t) => ({ ...t })),
          enableIMDSv2: true,
          bottlerocketSettings: poolBottlerocketSettings(info.sizing),
          tags: { ...tags, "game-infra:pool": pool.name },
        },
        { parent: this, dependsOn: nodePolicies },
      );
    });

    this.provider = new k8s.Provider(
      `${name}-k8s`,
      // The kubeconfig holds no static credential (it calls `aws eks get-token`), but it is
      // treated as secret anyway so plans and state never show cluster endpoints and CA data.
      { kubeconfig: pulumi.secret(cluster.kubeconfigJson), enableServerSideApply: true },
      { parent: this },
    );

    const addons = new ClusterAddons(
      `${name}-addons`,
      {
        clusterName: args.clusterName,
        kubernetesVersion: args.kubernetesVersion,
        region: args.region,
        vpcId: args.network.vpcId,
        oidcProviderArn: cluster.oidcProviderArn,
        oidcIssuer: cluster.oidcIssuer,
        provider: this.provider,
        systemPool: this.nodePools.system!,
        graceTolerations: this.graceTolerations,
        domain: args.domain,
        hostedZoneId: args.hostedZoneId,
        dependsOn: nodeGroups,
        tags,
      },
      { parent: this },
    );

    const clusterSecurityGroupId = cluster.eksCluster
      .apply((c) => c.vpcConfig)
      .apply((v) => v.clusterSecurityGroupId);
    // Karpenter's nodes join like the managed ones: private subnets, the cluster security group
    // (which EKS gives managed nodes, and which the data stores admit).
    const karpenter =
      karpenterPools.length > 0 && args.karpenter
        ? new Karpenter(
            `${name}-karpenter`,
            {
              clusterName: args.clusterName,
              region: args.region,
              oidcProviderArn: cluster.oidcProviderArn,
              oidcIssuer: cluster.oidcIssuer,
              provider: this.provider,
              subnetIds: args.network.privateSubnetIds,
              securityGroupIds: [clusterSecurityGroupId],
              controllerPool: this.nodePools.system!,
              graceTolerations: this.graceTolerations,
              pools: karpenterPools,
              bottlerocketVersion: args.karpenter.bottlerocketVersion,
              workingHours: args.karpenter.workingHours,
              bottlerocketSettings: { settings: { kubernetes: { ...SHUTDOWN_SETTINGS } } },
              dependsOn: nodeGroups,
              tags,
            },
            { parent: this },
          )
        : undefined;

    this.readyResources = [...nodeGroups, ...(karpenter ? [karpenter] : []), addons];

    const certificate = new WildcardCertificate(
      `${name}-tls`,
      { domain: args.domain, hostedZoneId: args.hostedZoneId, tags },
      { parent: this },
    );

    this.clusterName = pulumi.output(args.clusterName);
    this.kubeconfig = pulumi.secret(cluster.kubeconfigJson);
    this.oidcProviderArn = cluster.oidcProviderArn;
    this.oidcIssuer = cluster.oidcIssuer;
    this.nodeSecurityGroupId = clusterSecurityGroupId;
    this.vpcId = args.network.vpcId;
    this.privateSubnetIds = args.network.privateSubnetIds;
    this.publicSubnetIds = args.network.publicSubnetIds;
    this.certificateArn = certificate.certificateArn;
    this.registerOutputs({
      clusterName: this.clusterName,
      kubeconfig: this.kubeconfig,
      nodeSecurityGroupId: this.nodeSecurityGroupId,
      certificateArn: this.certificateArn,
      graceTolerations: this.graceTolerations,
      nodeMonitorGracePeriodSeconds: args.nodeMonitorGracePeriodSeconds,
    });
  }
}
