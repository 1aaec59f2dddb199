import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { AWS_LOAD_BALANCER_CONTROLLER_CHART, EXTERNAL_DNS_CHART, type PinnedChart } from "../lib/charts";
import type { Toleration } from "../lib/grace";
import { externalDnsPolicy, loadBalancerControllerPolicy } from "../lib/iam-policies";
import type { PoolScheduling } from "../lib/scheduling";
import { IrsaRole } from "./irsa-role";

/** Arguments of {@link ClusterAddons}. */
export interface ClusterAddonsArgs {
  readonly clusterName: pulumi.Input<string>;
  readonly kubernetesVersion: string;
  readonly region: string;
  readonly vpcId: pulumi.Input<string>;
  readonly oidcProviderArn: pulumi.Input<string>;
  readonly oidcIssuer: pulumi.Input<string>;
  /** Kubernetes provider of the cluster. */
  readonly provider: k8s.Provider;
  /** Where shared services run (the system pool). */
  readonly systemPool: PoolScheduling;
  /** The grace-period tolerations every pod template carries. */
  readonly graceTolerations: readonly Toleration[];
  readonly domain: string;
  readonly hostedZoneId: string;
  /** Node groups the add-ons need before they can become healthy. */
  readonly dependsOn: pulumi.Input<pulumi.Resource>[];
  /** @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * What every cluster runs besides the game: EKS add-ons (CoreDNS, EBS CSI driver with its IAM
 * role, metrics-server), the AWS Load Balancer Controller and external-dns from pinned Helm
 * charts with IAM roles that grant only what each needs, and the default gp3 StorageClass.
 */
export class ClusterAddons extends pulumi.ComponentResource {
  readonly storageClassName: pulumi.Output<string>;
  private readonly baseName: string;

  constructor(name: string, args: ClusterAddonsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("game:index:ClusterAddons", name, {}, opts);
    this.baseName = name;
    const tags = args.tags ?? {};
    const placement = {
      nodeSelector: { ...args.systemPool.nodeSelector },
      tolerations: [...args.systemPool.tolerations, ...args.graceTolerations],
    };
    const afterNodes = { parent: this, dependsOn: args.dependsOn };

    // Every key passed to an add-on must be in that add-on's configuration schema (what
    // `aws eks describe-addon-configuration` returns): EKS rejects an unknown key and the whole
    // add-on fails. test/eks-addon-config.test.ts validates each add-on's values against the
    // schema recorded in upstream/eks-addons/ (see its SOURCE.md for which version and why).
    const addon = (
      addonName: string,
      configurationValues: object | undefined,
      extra: Partial<aws.eks.AddonArgs> = {},
    ) =>
      new aws.eks.Addon(
        `${name}-${addonName}`,
        {
          clusterName: args.clusterName,
          addonName,
          addonVersion: aws.eks
            .getAddonVersionOutput(
              { addonName, kubernetesVersion: args.kubernetesVersion, mostRecent: false },
              { parent: this },
            )
            .apply((v) => v.version),
          ...(configurationValues ? { configurationValues: JSON.stringify(configurationValues) } : {}),
          resolveConflictsOnCreate: "OVERWRITE",
          resolveConflictsOnUpdate: "OVERWRITE",
          tags,
          ...extra,
        },
        afterNodes,
      );

    addon("coredns", {
      replicaCount: 2,
      ...placement,
      tolerations: [criticalAddonsOnly, ...placement.tolerations],
    });

    const ebsCsiRole = new IrsaRole(
      `${name}-ebs-csi`,
      {
        description: "EBS CSI driver controller: creates, attaches and deletes the cluster's EBS volumes",
        oidcProviderArn: args.oidcProviderArn,
        oidcIssuer: args.oidcIssuer,
        namespace: "kube-system",
        serviceAccount: "ebs-csi-controller-sa",
        managedPolicyArns: ["arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy"],
        tags,
      },
      { parent: this },
    );
    addon(
      "aws-ebs-csi-driver",
      {
        // Two controller replicas is the driver's own default (`controller.replicaCount`), so it
        // is not repeated here.
        controller: { ...placement },
        // The node plugin must run where volumes are attached: every node, whatever its taints.
        node: { tolerateAllTaints: true },
      },
      { serviceAccountRoleArn: ebsCsiRole.roleArn },
    );
    // No configuration: no public copy of the metrics-server add-on's configuration schema could
    // be read (upstream/eks-addons/SOURCE.md), and one unknown key fails the add-on. With its
    // defaults it runs on an untainted node: the system pool in every tier profile (the game pool
    // is dedicated), with the add-on's default replica count and without the grace tolerations
    // (the default 300 s applies): when its node dies, HPAs hold their replica count until it is back.
    addon("metrics-server", undefined);

    new k8s.storage.v1.StorageClass(
      `${name}-gp3`,
      {
        metadata: { name: "gp3", annotations: { "storageclass.kubernetes.io/is-default-class": "true" } },
        provisioner: "ebs.csi.aws.com",
        parameters: { type: "gp3", encrypted: "true", "csi.storage.k8s.io/fstype": "ext4" },
        volumeBindingMode: "WaitForFirstConsumer",
        allowVolumeExpansion: true,
        reclaimPolicy: "Delete",
      },
      { parent: this, provider: args.provider },
    );

    const lbcRole = new IrsaRole(
      `${name}-lb-controller`,
      {
        description: "AWS Load Balancer Controller: manages the stack's ALBs and target groups",
        oidcProviderArn: args.oidcProviderArn,
        oidcIssuer: args.oidcIssuer,
        namespace: "kube-system",
        serviceAccount: "aws-load-balancer-controller",
        policy: loadBalancerControllerPolicy(),
        tags,
      },
      { parent: this },
    );
    this.helmRelease("aws-load-balancer-controller", AWS_LOAD_BALANCER_CONTROLLER_CHART, args, {
      clusterName: args.clusterName,
      region: args.region,
      vpcId: args.vpcId,
      replicaCount: 2,
      serviceAccount: {
        create: true,
        name: "aws-load-balancer-controller",
        annotations: { "eks.amazonaws.com/role-arn": lbcRole.roleArn },
      },
      // Services of type LoadBalancer are not ours to rewrite; only Ingresses go through the ALB.
      enableServiceMutatorWebhook: false,
      podDisruptionBudget: { maxUnavailable: 1 },
      ...placement,
    });

    const hostedZoneArn = `arn:aws:route53:::hostedzone/${args.hostedZoneId}`;
    const externalDnsRole = new IrsaRole(
      `${name}-external-dns`,
      {
        description: `external-dns: manages records in ${args.domain} (zone ${args.hostedZoneId}) only`,
        oidcProviderArn: args.oidcProviderArn,
        oidcIssuer: args.oidcIssuer,
        namespace: "kube-system",
        serviceAccount: "external-dns",
        policy: externalDnsPolicy(hostedZoneArn),
        tags,
      },
      { parent: this },
    );
    this.helmRelease("external-dns", EXTERNAL_DNS_CHART, args, {
      provider: { name: "aws" },
      env: [{ name: "AWS_DEFAULT_REGION", value: args.region }],
      sources: ["ingress", "service"],
      domainFilters: [args.domain],
      extraArgs: [`--zone-id-filter=${args.hostedZoneId}`],
      policy: "sync",
      registry: "txt",
      txtOwnerId: args.clusterName,
      serviceAccount: {
        create: true,
        name: "external-dns",
        annotations: { "eks.amazonaws.com/role-arn": externalDnsRole.roleArn },
      },
      ...placement,
    });

    this.storageClassName = pulumi.output("gp3");
    this.registerOutputs({ storageClassName: this.storageClassName });
  }

  private helmRelease(
    releaseName: string,
    chart: PinnedChart,
    args: ClusterAddonsArgs,
    values: Record<string, unknown>,
  ) {
    return new k8s.helm.v3.Release(
      `${this.baseName}-${releaseName}`,
      {
        name: releaseName,
        chart: chart.chart,
        version: chart.version,
        repositoryOpts: { repo: chart.repository },
        namespace: "kube-system",
        values,
        atomic: true,
        cleanupOnFail: true,
        timeout: 600,
      },
      { parent: this, provider: args.provider, dependsOn: args.dependsOn },
    );
  }
}

/** CoreDNS's own toleration, kept when the add-on's tolerations are replaced. */
const criticalAddonsOnly: Toleration = {
  key: "CriticalAddonsOnly",
  operator: "Exists",
  effect: "NoSchedule",
};
