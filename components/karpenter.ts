import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { KARPENTER_CHART, KARPENTER_CRD_CHART, type PinnedChart } from "../lib/charts";
import { ociChartReference } from "../lib/ci-runners";
import type { Toleration } from "../lib/grace";
import { instanceTypeSpec } from "../lib/instance-types";
import {
  INTERRUPTION_QUEUE_RETENTION_SECONDS,
  INTERRUPTION_RULES,
  KARPENTER_CRD_RELEASE,
  KARPENTER_NAMESPACE,
  KARPENTER_RELEASE,
  KARPENTER_SERVICE_ACCOUNT,
  NODE_CLASS_API_VERSION,
  ec2NodeClassManifest,
  instanceTypesOf,
  interruptionQueueName,
  karpenterControllerValues,
  nodePoolManifest,
  poolLimits,
  type KarpenterPool,
  type NodeClassInput,
} from "../lib/karpenter";
import { karpenterResourceProblems } from "../lib/karpenter-crds";
import {
  interruptionQueuePolicy,
  karpenterControllerPolicy,
  karpenterNodeRolePolicyArns,
  partitionOf,
} from "../lib/karpenter-iam";
import { workingHoursProblems, type WorkingHours } from "../lib/karpenter-schedule";
import { poolLabels, poolNodeTaints, type PoolScheduling } from "../lib/scheduling";
import { poolSizing } from "../lib/sizing";
import { assertValidArgs, type ArgProblem } from "../lib/validation";
import { IrsaRole } from "./irsa-role";

/** A pool for Karpenter: what it provisions, plus the labels and taint the pool's nodes carry. */
export interface KarpenterPoolArgs extends KarpenterPool {
  /** Only workloads that tolerate `game-infra/pool=<name>:NoSchedule` run there. */
  readonly dedicated: boolean;
  /** Extra node labels, on top of `game-infra/pool: <name>`. */
  readonly labels: Readonly<Record<string, string>>;
}

/** Arguments of {@link Karpenter}. */
export interface KarpenterArgs {
  /** The EKS cluster's name. */
  readonly clusterName: string;
  readonly region: string;
  readonly oidcProviderArn: pulumi.Input<string>;
  readonly oidcIssuer: pulumi.Input<string>;
  /** Kubernetes provider of the cluster. */
  readonly provider: k8s.Provider;
  /** Subnets nodes are launched in (the cluster's private subnets), selected by ID. */
  readonly subnetIds: readonly pulumi.Input<string>[];
  /** Security groups of the nodes, selected by ID: the cluster security group, which the data stores admit. */
  readonly securityGroupIds: readonly pulumi.Input<string>[];
  /** Where the controller runs: a managed node group's pool, never one Karpenter provisions. */
  readonly controllerPool: PoolScheduling;
  /** The stack's grace-period tolerations, which the controller's pods carry too. */
  readonly graceTolerations: readonly Toleration[];
  /** One NodePool and EC2NodeClass each. */
  readonly pools: readonly KarpenterPoolArgs[];
  /** Bottlerocket release of every node (`v1.68.1`); never `latest`. */
  readonly bottlerocketVersion: string;
  /** No consolidation or drift replacement during these hours. */
  readonly workingHours: WorkingHours;
  /** Bottlerocket settings merged into every node's user data (e.g. the shutdown grace period). @default {} */
  readonly bottlerocketSettings?: Readonly<Record<string, unknown>>;
  /** Resources the controller needs first (the managed node group it runs on). @default [] */
  readonly dependsOn?: pulumi.Input<pulumi.Resource>[];
  /** @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

const BOTTLEROCKET_VERSION = /^v\d+\.\d+\.\d+$/;

/** Placeholders of the right shape for values that only AWS knows, so manifests can be checked before anything exists. */
const PLACEHOLDERS = {
  roleName: "karpenter-node-role",
  subnetId: "subnet-00000000",
  securityGroupId: "sg-00000000",
};

/** The EC2NodeClass input of a pool, with the AWS-assigned values given. */
function nodeClassInput(
  args: KarpenterArgs,
  pool: KarpenterPoolArgs,
  aws: { roleName: string; subnetIds: readonly string[]; securityGroupIds: readonly string[] },
): NodeClassInput {
  return {
    name: pool.name,
    bottlerocketVersion: args.bottlerocketVersion,
    roleName: aws.roleName,
    subnetIds: aws.subnetIds,
    securityGroupIds: aws.securityGroupIds,
    sizing: poolSizing(instanceTypesOf(pool)),
    diskSizeGiB: pool.diskSizeGiB,
    bottlerocketSettings: args.bottlerocketSettings ?? {},
    tags: { ...(args.tags ?? {}), "game-infra:pool": pool.name },
  };
}

/** The NodePool of a pool. */
function nodePoolOf(args: KarpenterArgs, pool: KarpenterPoolArgs) {
  const types = instanceTypesOf(pool);
  return nodePoolManifest({
    pool,
    nodeClassName: pool.name,
    labels: poolLabels(pool),
    taints: poolNodeTaints(pool),
    architecture: instanceTypeSpec(types[0]!).architecture,
    workingHours: args.workingHours,
  });
}

/** Checks Karpenter's arguments, including every manifest against the pinned chart's CRDs; returns every problem found. */
export function validateKarpenterArgs(args: KarpenterArgs): ArgProblem[] {
  const problems: ArgProblem[] = [];
  if (args.pools.length === 0) problems.push({ propertyPath: "pools", reason: "needs at least one pool" });
  if (new Set(args.pools.map((p) => p.name)).size !== args.pools.length) {
    problems.push({ propertyPath: "pools", reason: "pool names must be unique" });
  }
  if (Object.keys(args.controllerPool.nodeSelector).length === 0) {
    problems.push({
      propertyPath: "controllerPool",
      reason:
        "needs a node selector: the controller must run on a managed node group, never on nodes it launches",
    });
  }
  if (args.pools.some((p) => p.name === args.controllerPool.pool)) {
    problems.push({
      propertyPath: "controllerPool",
      reason: `pool "${args.controllerPool.pool}" is one Karpenter provisions; the controller must run on nodes it does not manage`,
    });
  }
  if (!BOTTLEROCKET_VERSION.test(args.bottlerocketVersion)) {
    problems.push({
      propertyPath: "bottlerocketVersion",
      reason: `"${args.bottlerocketVersion}" is not a pinned Bottlerocket release such as v1.68.1 (never latest)`,
    });
  }
  for (const p of workingHoursProblems(args.workingHours)) {
    problems.push({ propertyPath: `workingHours.${p.field}`, reason: p.message });
  }
  if (args.subnetIds.length === 0)
    problems.push({ propertyPath: "subnetIds", reason: "needs at least one subnet" });
  if (args.securityGroupIds.length === 0) {
    problems.push({ propertyPath: "securityGroupIds", reason: "needs at least one security group" });
  }
  if (problems.length > 0) return problems;
  for (const pool of args.pools) {
    try {
      poolSizing(instanceTypesOf(pool));
      poolLimits(pool);
    } catch (err) {
      problems.push({ propertyPath: `pools.${pool.name}`, reason: (err as Error).message });
      continue;
    }
    // Subnet, security group and role come from AWS; placeholders of their shape stand in for them.
    const nodeClass = ec2NodeClassManifest(
      nodeClassInput(args, pool, {
        roleName: PLACEHOLDERS.roleName,
        subnetIds: args.subnetIds.map(() => PLACEHOLDERS.subnetId),
        securityGroupIds: args.securityGroupIds.map(() => PLACEHOLDERS.securityGroupId),
      }),
    );
    for (const manifest of [nodeClass, nodePoolOf(args, pool)]) {
      for (const problem of karpenterResourceProblems(manifest)) {
        problems.push({ propertyPath: `pools.${pool.name}.${manifest.kind}`, reason: problem });
      }
    }
  }
  return problems;
}

/**
 * Node autoscaling with Karpenter for the pools that hold environments. Creates the interruption
 * queue (encrypted, with the EventBridge rules that feed it spot interruptions, rebalance
 * recommendations, state changes, health events and reservation interruptions), the nodes' IAM role
 * and its EKS access entry (type EC2_LINUX), the controller's IRSA role with the permissions of
 * Karpenter's published template scoped to this cluster, the CRD chart and the controller chart
 * (pinned; two replicas with a PDB on the system pool), and one EC2NodeClass and NodePool per pool.
 *
 * The nodes get a role of their own rather than the managed node groups' role: EKS creates and
 * owns the managed node groups' access entry itself, so nodes relying on it would lose their way
 * into the cluster whenever the node group that brought it goes, and EKS refuses a second entry
 * for the same role. A separate role also lets the controller pass only this role to instances.
 */
export class Karpenter extends pulumi.ComponentResource {
  /** Name of the interruption queue (the controller's `settings.interruptionQueue`). */
  readonly interruptionQueueName: pulumi.Output<string>;
  readonly nodeRoleArn: pulumi.Output<string>;
  readonly controllerRoleArn: pulumi.Output<string>;
  /** The NodePools' names, one per pool. */
  readonly nodePoolNames: pulumi.Output<string[]>;

  constructor(name: string, args: KarpenterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("game:index:Karpenter", name, {}, opts);
    assertValidArgs("Karpenter", name, validateKarpenterArgs(args));
    const tags = args.tags ?? {};
    const parent = { parent: this };
    const k8sOpts = { parent: this, provider: args.provider };

    const identity = aws.getCallerIdentityOutput({}, parent);
    const partition = identity.arn.apply(partitionOf);

    const queueName = interruptionQueueName(args.clusterName);
    const queue = new aws.sqs.Queue(
      `${name}-interruption`,
      {
        name: queueName,
        messageRetentionSeconds: INTERRUPTION_QUEUE_RETENTION_SECONDS,
        sqsManagedSseEnabled: true,
        tags,
      },
      parent,
    );
    const queuePolicy = new aws.sqs.QueuePolicy(
      `${name}-interruption`,
      { queueUrl: queue.url, policy: queue.arn.apply((arn) => JSON.stringify(interruptionQueuePolicy(arn))) },
      parent,
    );
    const targets = INTERRUPTION_RULES.map((rule) => {
      const eventRule = new aws.cloudwatch.EventRule(
        `${name}-${rule.key}`,
        {
          description: `${rule.description} (to ${queueName})`,
          eventPattern: JSON.stringify(rule.pattern),
          tags,
        },
        parent,
      );
      return new aws.cloudwatch.EventTarget(
        `${name}-${rule.key}`,
        { rule: eventRule.name, arn: queue.arn, targetId: "KarpenterInterruptionQueueTarget" },
        { parent: this, dependsOn: [queuePolicy] },
      );
    });

    const nodeRole = new aws.iam.Role(
      `${name}-node`,
      {
        description: `Bottlerocket nodes Karpenter launches for ${args.clusterName}`,
        assumeRolePolicy: JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" },
          ],
        }),
        tags,
      },
      parent,
    );
    const nodePolicies = [0, 1, 2, 3].map(
      (i) =>
        new aws.iam.RolePolicyAttachment(
          `${name}-node-policy-${i}`,
          { role: nodeRole.name, policyArn: partition.apply((p) => karpenterNodeRolePolicyArns(p)[i]!) },
          parent,
        ),
    );
    const accessEntry = new aws.eks.AccessEntry(
      `${name}-node`,
      { clusterName: args.clusterName, principalArn: nodeRole.arn, type: "EC2_LINUX", tags },
      parent,
    );

    const controllerRole = new IrsaRole(
      `${name}-controller`,
      {
        description: `Karpenter controller of ${args.clusterName}: launches and terminates its nodes, reads the interruption queue`,
        oidcProviderArn: args.oidcProviderArn,
        oidcIssuer: args.oidcIssuer,
        namespace: KARPENTER_NAMESPACE,
        serviceAccount: KARPENTER_SERVICE_ACCOUNT,
        policy: pulumi
          .all([partition, identity.accountId, nodeRole.arn, queue.arn])
          .apply(([p, accountId, nodeRoleArn, queueArn]) =>
            karpenterControllerPolicy({
              partition: p,
              region: args.region,
              accountId,
              clusterName: args.clusterName,
              nodeRoleArn,
              queueArn,
            }),
          ),
        tags,
      },
      parent,
    );

    const release = (
      resourceName: string,
      releaseName: string,
      chart: PinnedChart,
      extra: Partial<k8s.helm.v3.ReleaseArgs>,
      dependsOn: pulumi.Input<pulumi.Resource>[],
    ) =>
      new k8s.helm.v3.Release(
        resourceName,
        {
          name: releaseName,
          chart: ociChartReference(chart),
          version: chart.version,
          namespace: KARPENTER_NAMESPACE,
          atomic: true,
          cleanupOnFail: true,
          timeout: 600,
          ...extra,
        },
        { ...k8sOpts, dependsOn },
      );
    // Helm installs a chart's crds/ folder once and never upgrades it; the CRD chart keeps the CRDs
    // at the controller's version (Karpenter's upgrade guide).
    const crds = release(`${name}-crd`, KARPENTER_CRD_RELEASE, KARPENTER_CRD_CHART, {}, args.dependsOn ?? []);
    const controller = release(
      `${name}-controller`,
      KARPENTER_RELEASE,
      KARPENTER_CHART,
      {
        skipCrds: true,
        values: karpenterControllerValues({
          clusterName: args.clusterName,
          region: args.region,
          interruptionQueue: queueName,
          roleArn: controllerRole.roleArn,
          nodeSelector: args.controllerPool.nodeSelector,
          tolerations: [...args.controllerPool.tolerations, ...args.graceTolerations],
        }),
      },
      [crds, controllerRole, queue, queuePolicy, ...targets, accessEntry, ...(args.dependsOn ?? [])],
    );

    const subnetIds = pulumi.all(args.subnetIds.map((id) => pulumi.output(id)));
    const securityGroupIds = pulumi.all(args.securityGroupIds.map((id) => pulumi.output(id)));
    const nodePools = args.pools.map((pool) => {
      const manifest = pulumi
        .all([nodeRole.name, subnetIds, securityGroupIds])
        .apply(([roleName, subnets, groups]) =>
          ec2NodeClassManifest(
            nodeClassInput(args, pool, { roleName, subnetIds: subnets, securityGroupIds: groups }),
          ),
        );
      const nodeClass = new k8s.apiextensions.CustomResource(
        `${name}-${pool.name}-node-class`,
        {
          apiVersion: NODE_CLASS_API_VERSION,
          kind: "EC2NodeClass",
          metadata: manifest.metadata,
          spec: manifest.spec,
        },
        { ...k8sOpts, dependsOn: [crds, accessEntry, ...nodePolicies] },
      );
      const poolManifest = nodePoolOf(args, pool);
      new k8s.apiextensions.CustomResource(
        `${name}-${pool.name}-node-pool`,
        {
          apiVersion: poolManifest.apiVersion,
          kind: poolManifest.kind,
          metadata: poolManifest.metadata,
          spec: poolManifest.spec,
        },
        { ...k8sOpts, dependsOn: [crds, controller, nodeClass] },
      );
      return poolManifest.metadata.name;
    });

    this.interruptionQueueName = queue.name;
    this.nodeRoleArn = nodeRole.arn;
    this.controllerRoleArn = controllerRole.roleArn;
    this.nodePoolNames = pulumi.output(nodePools);
    this.registerOutputs({
      interruptionQueueName: this.interruptionQueueName,
      nodeRoleArn: this.nodeRoleArn,
      controllerRoleArn: this.controllerRoleArn,
      nodePoolNames: this.nodePoolNames,
    });
  }
}
