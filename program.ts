/**
 * The platform program: everything one platform stack (dev, qa, stage) creates, from its resolved
 * config: network, cluster and add-ons, logging, the shared data stores and the teams' access. The
 * environments are not here: each is its own stack of the `environment/` project, which reads
 * `environmentSettings` and the runtime outputs below through a StackReference.
 * `index.ts` calls it under the real engine; the test harness and the offline plan call it under
 * the mock runtime.
 */
import * as pulumi from "@pulumi/pulumi";
import { CiRunners } from "./components/ci-runners";
import { GameCluster } from "./components/cluster";
import { Launcher } from "./components/launcher";
import { GameNetwork } from "./components/network";
import { SharedDataStores } from "./components/shared-data-stores";
import { SharedLogging } from "./components/shared-logging";
import { SleepScheduler } from "./components/sleep-scheduler";
import { runnerScaleSetName } from "./lib/ci-runners";
import { subnetLayout } from "./lib/cidr";
import { launcherRepositoryName } from "./lib/launcher-image";
import { nodesAtLimit } from "./lib/karpenter";
import type { Toleration } from "./lib/grace";
import { clusterName, ingressGroupName, stackTags } from "./lib/naming";
import type { StackConfig } from "./stacks/config";
import { environmentSettingsFromConfig, type EnvironmentSettings } from "./stacks/environment-settings";

/** The stack's outputs. */
export interface StackOutputs {
  readonly tier: string;
  readonly clusterName: pulumi.Output<string>;
  readonly kubeconfig: pulumi.Output<string>;
  readonly vpcId: pulumi.Output<string>;
  readonly privateSubnetIds: pulumi.Output<string>[];
  readonly publicSubnetIds: pulumi.Output<string>[];
  readonly nodeSecurityGroupId: pulumi.Output<string>;
  readonly certificateArn: pulumi.Output<string>;
  readonly nodeMonitorGracePeriod: string;
  readonly graceTolerations: readonly Toleration[];
  readonly nodePools: Record<
    string,
    { nodeSelector: Record<string, string>; tolerations: readonly Toleration[]; maxPods: number }
  >;
  /** What the tier's environment stacks build on (`stacks/environment-settings.ts`). */
  readonly environmentSettings: EnvironmentSettings;
  readonly logging: LoggingOutputs;
  /** The launcher's image repository and push policy, and its URL once `launcher` is configured (docs/launcher-deploy.md). */
  readonly launcher: {
    readonly imageRepositoryUrl: pulumi.Output<string>;
    readonly imagePushPolicyArn: pulumi.Output<string>;
    readonly url: pulumi.Output<string | undefined>;
  };
  /** Endpoints, ports, security groups and secret ARNs (never values) of the shared data stores. */
  readonly dataStores: {
    readonly platformNamespace: pulumi.Output<string>;
    readonly mysql: {
      readonly endpoint: pulumi.Output<string>;
      readonly port: number;
      readonly securityGroupId: pulumi.Output<string>;
      readonly adminSecretArn: pulumi.Output<string>;
    };
    readonly redis: {
      readonly endpoint: pulumi.Output<string>;
      readonly port: number;
      readonly securityGroupId: pulumi.Output<string>;
      readonly authSecretArn: pulumi.Output<string>;
      readonly databases: number;
    };
  };
}

/** Where logs are, how they are found, and what they cost (docs/logging.md). */
export interface LoggingOutputs {
  readonly dashboardsUrl: pulumi.Output<string>;
  readonly openSearchAddress: pulumi.Output<string>;
  /** One environment's index pattern, with a placeholder. */
  readonly indexPattern: string;
  readonly retentionDays: number;
  readonly buffer: boolean;
  /** The collector's requests on every node of every pool. */
  readonly collectorRequestsPerNode: { readonly cpu: string; readonly memory: string };
  /** System nodes' worth of capacity the rest of the pipeline requests. */
  readonly systemPoolNodes: number;
  /** The Dashboards admin's password, as a secret (`pulumi stack output --show-secrets`). */
  readonly adminPassword: pulumi.Output<string>;
}

/** Creates the stack's resources and returns its outputs. */
export function defineStack(config: StackConfig): StackOutputs {
  const name = clusterName(config.project, config.stack);
  const tags = stackTags(config.project, config.stack, config.tier);

  const network = new GameNetwork(config.stack, {
    cidr: config.network.cidr,
    azCount: config.network.azCount,
    natGateways: config.network.natGateways,
    clusterName: name,
    flowLogRetentionDays: config.cluster.logRetentionDays,
    tags,
  });

  const cluster = new GameCluster(config.stack, {
    clusterName: name,
    kubernetesVersion: config.cluster.version,
    network,
    publicAccessCidrs: config.cluster.publicAccessCidrs,
    admins: config.cluster.admins,
    teams: config.teams,
    nodePools: config.nodePools,
    karpenter: config.karpenter,
    nodeMonitorGracePeriodSeconds: config.cluster.nodeMonitorGracePeriodSeconds,
    logRetentionDays: config.cluster.logRetentionDays,
    region: config.region,
    domain: config.domain,
    hostedZoneId: config.hostedZoneId,
    deletionProtection: config.cluster.deletionProtection,
    tags,
  });

  // Self-hosted runners in the VPC: the only CI runners that reach the cluster API (docs/deploy.md).
  if (config.ciRunners) {
    new CiRunners(
      `${config.stack}-ci-runners`,
      {
        cluster,
        scaleSetName: runnerScaleSetName(config.project, config.stack),
        ...config.ciRunners,
        region: config.region,
        tags,
      },
      { dependsOn: [cluster] },
    );
  }

  const logging = new SharedLogging(`${config.stack}-logging`, {
    cluster,
    settings: config.logging,
    // A Karpenter pool has no fixed size: its footprint is counted at the most nodes its limits allow.
    poolNodeCounts: Object.fromEntries(
      config.nodePools.map((pool) => [
        pool.name,
        pool.provisioner === "managed" ? pool.desiredSize : nodesAtLimit(pool),
      ]),
    ),
    domain: config.domain,
    ingressGroup: ingressGroupName(config.project, config.stack),
    vpcCidr: config.network.cidr,
  });

  // Environments sleep on their schedules: kube-green, which their SleepInfos drive.
  new SleepScheduler(
    `${config.stack}-sleep-scheduler`,
    { cluster, vpcCidr: config.network.cidr },
    { dependsOn: [cluster] },
  );

  // The launcher's image repository on every stack; the service itself once `launcher` is configured.
  const launcher = new Launcher(`${config.stack}-launcher`, {
    cluster,
    repositoryName: launcherRepositoryName(config.project, config.stack),
    region: config.region,
    tags,
    ...(config.launcher
      ? {
          service: {
            ...config.launcher,
            tier: config.tier,
            domain: config.domain,
            ingressGroup: ingressGroupName(config.project, config.stack),
            loadBalancerCidrs: subnetLayout(config.network.cidr, config.network.azCount).public,
          },
        }
      : {}),
  });

  // Environment stacks get their share through EnvironmentData: a database, a user and a Redis DB.
  const dataStores = new SharedDataStores(config.stack, {
    clusterName: name,
    network,
    cluster,
    mysql: config.mysql,
    redis: config.redis,
    logRetentionDays: config.cluster.logRetentionDays,
    applyImmediately: config.applyDataStoreChangesImmediately,
    ...(config.redisAuthToken ? { redisAuthToken: config.redisAuthToken } : {}),
    tags,
  });

  return {
    tier: config.tier,
    clusterName: cluster.clusterName,
    kubeconfig: cluster.kubeconfig,
    vpcId: cluster.vpcId,
    privateSubnetIds: cluster.privateSubnetIds,
    publicSubnetIds: cluster.publicSubnetIds,
    nodeSecurityGroupId: cluster.nodeSecurityGroupId,
    certificateArn: cluster.certificateArn,
    nodeMonitorGracePeriod: config.cluster.nodeMonitorGracePeriod,
    graceTolerations: cluster.graceTolerations,
    nodePools: Object.fromEntries(
      Object.entries(cluster.nodePools).map(([pool, info]) => [
        pool,
        { nodeSelector: info.nodeSelector, tolerations: info.tolerations, maxPods: info.sizing.maxPods },
      ]),
    ),
    environmentSettings: environmentSettingsFromConfig(config),
    logging: {
      dashboardsUrl: logging.dashboardsUrl,
      openSearchAddress: logging.openSearchAddress,
      indexPattern: logging.indexPattern,
      retentionDays: config.logging.retentionDays,
      buffer: config.logging.buffer,
      collectorRequestsPerNode: logging.collectorRequestsPerNode,
      systemPoolNodes: logging.footprint.systemPool.nodes,
      adminPassword: logging.adminPassword,
    },
    launcher: {
      imageRepositoryUrl: launcher.imageRepositoryUrl,
      imagePushPolicyArn: launcher.imagePushPolicyArn,
      url: launcher.url,
    },
    dataStores: {
      platformNamespace: dataStores.platformNamespace,
      mysql: {
        endpoint: dataStores.mysqlEndpoint,
        port: dataStores.mysqlPort,
        securityGroupId: dataStores.mysqlSecurityGroupId,
        adminSecretArn: dataStores.mysqlAdminSecretArn,
      },
      redis: {
        endpoint: dataStores.redisEndpoint,
        port: dataStores.redisPort,
        securityGroupId: dataStores.redisSecurityGroupId,
        authSecretArn: dataStores.redisAuthSecretArn,
        databases: dataStores.redisDatabases,
      },
    },
  };
}
