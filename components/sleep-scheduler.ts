import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { KUBE_GREEN_CHART, type PinnedChart } from "../lib/charts";
import { parseCidr } from "../lib/cidr";
import {
  KUBE_GREEN_NAMESPACE,
  KUBE_GREEN_RELEASE,
  kubeGreenControllerValues,
  kubeGreenNetworkPolicies,
} from "../lib/kube-green";
import { assertValidArgs, type ArgProblem } from "../lib/validation";
import type { GameCluster } from "./cluster";

/** What SleepScheduler needs from the cluster. */
export type SleepSchedulerCluster = Pick<GameCluster, "provider" | "systemScheduling" | "readyResources">;

/** Arguments of {@link SleepScheduler}. */
export interface SleepSchedulerArgs {
  readonly cluster: SleepSchedulerCluster;
  /** The VPC's CIDR: the control plane calls the admission webhook from its interfaces there. */
  readonly vpcCidr: string;
  /** @default KUBE_GREEN_CHART (lib/charts.ts) */
  readonly chart?: PinnedChart;
}

/** Checks SleepScheduler's arguments; returns every problem found. */
export function validateSleepSchedulerArgs(args: SleepSchedulerArgs): ArgProblem[] {
  const problems: ArgProblem[] = [];
  if (!parseCidr(args.vpcCidr)) {
    problems.push({ propertyPath: "vpcCidr", reason: `"${args.vpcCidr}" is not an IPv4 CIDR` });
  }
  if (Object.keys(args.cluster.systemScheduling.nodeSelector).length === 0) {
    problems.push({
      propertyPath: "cluster.systemScheduling",
      reason:
        "needs a node selector: the controller runs on the system pool, never among the environments it scales",
    });
  }
  return problems;
}

/**
 * kube-green, which puts environments to sleep and wakes them on their schedules (each environment
 * stack's SleepInfo, `lib/environment/sleep.ts`): its namespace (baseline Pod Security enforced,
 * restricted warned and audited: the chart's certificate Jobs set no runAsNonRoot), default-deny
 * NetworkPolicies that let in only the API server's webhook calls, and the pinned chart with its
 * CRD, its controller on the system pool with the stack's grace tolerations, and its validating
 * webhook's certificate made by the chart's own Jobs (no cert-manager on these clusters).
 * upstream/kube-green/SOURCE.md has the chart facts this relies on.
 */
export class SleepScheduler extends pulumi.ComponentResource {
  /** The controller's namespace. */
  readonly namespace: pulumi.Output<string>;
  /** The Helm release's name. */
  readonly releaseName: pulumi.Output<string>;

  constructor(name: string, args: SleepSchedulerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("game:index:SleepScheduler", name, {}, opts);
    assertValidArgs("SleepScheduler", name, validateSleepSchedulerArgs(args));
    const chart = args.chart ?? KUBE_GREEN_CHART;
    const k8sOpts = { parent: this, provider: args.cluster.provider };
    const labels = { "app.kubernetes.io/part-of": "game-infra", "app.kubernetes.io/managed-by": "pulumi" };

    const namespace = new k8s.core.v1.Namespace(
      `${name}-namespace`,
      {
        metadata: {
          name: KUBE_GREEN_NAMESPACE,
          labels: {
            ...labels,
            // The controller meets restricted; the chart's certificate Jobs do not say runAsNonRoot
            // (upstream/kube-green/chart-templates/webhook-job-cert-gen.yaml), which restricted needs.
            "pod-security.kubernetes.io/enforce": "baseline",
            "pod-security.kubernetes.io/warn": "restricted",
            "pod-security.kubernetes.io/audit": "restricted",
          },
        },
      },
      k8sOpts,
    );
    const policies = Object.entries(kubeGreenNetworkPolicies(args.vpcCidr)).map(
      ([policyName, spec]) =>
        new k8s.networking.v1.NetworkPolicy(
          `${name}-${policyName}`,
          { metadata: { name: policyName, namespace: KUBE_GREEN_NAMESPACE, labels }, spec },
          { ...k8sOpts, dependsOn: [namespace] },
        ),
    );

    const release = new k8s.helm.v3.Release(
      `${name}-controller`,
      {
        name: KUBE_GREEN_RELEASE,
        chart: chart.chart,
        version: chart.version,
        repositoryOpts: { repo: chart.repository },
        namespace: KUBE_GREEN_NAMESPACE,
        createNamespace: false,
        values: kubeGreenControllerValues({
          nodeSelector: args.cluster.systemScheduling.nodeSelector,
          tolerations: args.cluster.systemScheduling.tolerations,
        }),
        atomic: true,
        cleanupOnFail: true,
        timeout: 600,
      },
      { ...k8sOpts, dependsOn: [namespace, ...policies, ...args.cluster.readyResources] },
    );

    this.namespace = namespace.metadata.name;
    this.releaseName = release.name;
    this.registerOutputs({ namespace: this.namespace, releaseName: this.releaseName });
  }
}
