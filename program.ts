/**
 * The stack program: everything one stack (dev, qa, stage) creates, from its resolved config.
 * `index.ts` calls it under the real engine; the test harness and the offline plan call it under
 * the mock runtime.
 */
import * as pulumi from "@pulumi/pulumi";
import { GameCluster } from "./components/cluster";
import { GameNetwork } from "./components/network";
import type { Toleration } from "./lib/grace";
import { clusterName, stackTags } from "./lib/naming";
import type { StackConfig } from "./stacks/config";

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
  readonly environments: ReadonlyArray<Record<string, string | number | undefined>>;
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
    namespaceOwners: config.environments.flatMap((env) =>
      env.ownerArn ? [{ principalArn: env.ownerArn, namespace: env.name }] : [],
    ),
    nodePools: config.nodePools,
    nodeMonitorGracePeriodSeconds: config.cluster.nodeMonitorGracePeriodSeconds,
    logRetentionDays: config.cluster.logRetentionDays,
    region: config.region,
    domain: config.domain,
    hostedZoneId: config.hostedZoneId,
    deletionProtection: config.tier === "stage",
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
    environments: config.environments.map((env) => ({
      name: env.name,
      owner: env.owner,
      purpose: env.purpose,
      version: env.version,
      expires: env.expires,
    })),
  };
}
