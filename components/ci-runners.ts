import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ARC_CONTROLLER_CHART, ARC_SCALE_SET_CHART, type PinnedChart } from "../lib/charts";
import { ARC_CONTROLLER_NAMESPACE, ARC_RUNNER_NAMESPACE } from "../lib/naming";
import {
  ARC_CONTROLLER_RELEASE,
  CI_RUNNER_DEFAULTS,
  RUNNER_SERVICE_ACCOUNT,
  ciRunnerNetworkPolicies,
  ciRunnersProblems,
  controllerValues,
  ociChartReference,
  scaleSetValues,
} from "../lib/ci-runners";
import { assertValidArgs, type ArgProblem } from "../lib/validation";
import type { GameCluster } from "./cluster";
import { IrsaRole } from "./irsa-role";

/** What CiRunners needs from the cluster. */
export type CiRunnersCluster = Pick<
  GameCluster,
  "provider" | "oidcProviderArn" | "oidcIssuer" | "systemScheduling" | "nodePools"
>;

/** Arguments of {@link CiRunners}. */
export interface CiRunnersArgs {
  readonly cluster: CiRunnersCluster;
  /** The scale set's name, which workflow jobs use as `runs-on:` (`lib/ci-runners.ts` runnerScaleSetName). */
  readonly scaleSetName: string;
  /** Repository or organization URL the runners register with. */
  readonly githubConfigUrl: string;
  /** Name of the Secret in the runner namespace with the GitHub App's `github_app_id`, `github_app_installation_id` and `github_app_private_key`. */
  readonly githubAppSecret: string;
  /** GitHub runner group the scale set joins. @default "default" */
  readonly runnerGroup?: string;
  /** Idle runners kept waiting for jobs. @default 0 */
  readonly minRunners?: number;
  /** Runners at most, i.e. jobs at once. @default 2 */
  readonly maxRunners?: number;
  /** IAM policies of the runners' role: what `pulumi up` of the stack may do (docs/deploy.md). */
  readonly deployPolicyArns: readonly string[];
  /** The stack's AWS region. */
  readonly region: string;
  /** @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

/** Checks CiRunners' arguments; returns every problem found. */
export function validateCiRunnersArgs(args: CiRunnersArgs): ArgProblem[] {
  const system = args.cluster.nodePools.system;
  if (!system)
    return [{ propertyPath: "cluster.nodePools", reason: 'needs a "system" pool for the runners' }];
  const problems = ciRunnersProblems(
    {
      scaleSetName: args.scaleSetName,
      githubConfigUrl: args.githubConfigUrl,
      githubAppSecret: args.githubAppSecret,
      runnerGroup: args.runnerGroup ?? CI_RUNNER_DEFAULTS.runnerGroup,
      minRunners: args.minRunners ?? CI_RUNNER_DEFAULTS.minRunners,
      maxRunners: args.maxRunners ?? CI_RUNNER_DEFAULTS.maxRunners,
      region: args.region,
    },
    system.sizing,
  );
  if (args.deployPolicyArns.length === 0) {
    problems.push({
      propertyPath: "deployPolicyArns",
      reason: "needs at least one IAM policy: runners without permissions cannot deploy",
    });
  }
  return problems;
}

/**
 * Self-hosted GitHub Actions runners in the stack's VPC, so that `pulumi preview` and `pulumi up`
 * reach the cluster's private API endpoint (the public one admits only allow-listed CIDRs, and
 * GitHub-hosted runners have no fixed address). Actions Runner Controller from its pinned OCI
 * charts: the controller in `arc-systems` watching only `arc-runners`, and one runner scale set
 * named `scaleSetName` whose ephemeral runner pods run on the system pool with the grace
 * tolerations, as a service account whose IAM role (IRSA) carries `deployPolicyArns`. Both
 * namespaces enforce the restricted Pod Security Standard and allow only DNS and HTTPS out.
 * The GitHub App's credentials stay out of Pulumi: the scale set names a Secret created with
 * kubectl (docs/deploy.md).
 */
export class CiRunners extends pulumi.ComponentResource {
  /** The `runs-on:` label of this stack's runners. */
  readonly scaleSetName: pulumi.Output<string>;
  /** The namespace of the runner pods. */
  readonly runnerNamespace: pulumi.Output<string>;
  /** The IAM role the runner pods deploy with. */
  readonly runnerRoleArn: pulumi.Output<string>;

  constructor(name: string, args: CiRunnersArgs, opts?: pulumi.ComponentResourceOptions) {
    super("game:index:CiRunners", name, {}, opts);
    assertValidArgs("CiRunners", name, validateCiRunnersArgs(args));
    const provider = args.cluster.provider;
    const k8sOpts = { parent: this, provider };
    const placement = args.cluster.systemScheduling;
    const labels = {
      "app.kubernetes.io/part-of": "game-infra-ci",
      "app.kubernetes.io/managed-by": "pulumi",
    };

    const namespace = (suffix: string, namespaceName: string) => {
      const ns = new k8s.core.v1.Namespace(
        `${name}-${suffix}-namespace`,
        {
          metadata: {
            name: namespaceName,
            labels: {
              ...labels,
              // Every pod here meets the restricted standard, so the API server can enforce it.
              "pod-security.kubernetes.io/enforce": "restricted",
              "pod-security.kubernetes.io/audit": "restricted",
              "pod-security.kubernetes.io/warn": "restricted",
            },
          },
        },
        k8sOpts,
      );
      const policies = Object.entries(ciRunnerNetworkPolicies()).map(
        ([policyName, spec]) =>
          new k8s.networking.v1.NetworkPolicy(
            `${name}-${suffix}-${policyName}`,
            { metadata: { name: policyName, namespace: namespaceName, labels }, spec },
            { ...k8sOpts, dependsOn: [ns] },
          ),
      );
      return [ns, ...policies];
    };
    const controllerNamespace = namespace("controller", ARC_CONTROLLER_NAMESPACE);
    const runnerNamespace = namespace("runners", ARC_RUNNER_NAMESPACE);

    const role = new IrsaRole(
      `${name}-runner`,
      {
        description: `GitHub Actions runners of ${args.scaleSetName}: pulumi preview and up of the stack`,
        oidcProviderArn: args.cluster.oidcProviderArn,
        oidcIssuer: args.cluster.oidcIssuer,
        namespace: ARC_RUNNER_NAMESPACE,
        serviceAccount: RUNNER_SERVICE_ACCOUNT,
        managedPolicyArns: args.deployPolicyArns,
        tags: args.tags ?? {},
      },
      { parent: this },
    );
    const serviceAccount = new k8s.core.v1.ServiceAccount(
      `${name}-runner-sa`,
      {
        metadata: {
          name: RUNNER_SERVICE_ACCOUNT,
          namespace: ARC_RUNNER_NAMESPACE,
          labels,
          annotations: { "eks.amazonaws.com/role-arn": role.roleArn },
        },
        automountServiceAccountToken: false,
      },
      { ...k8sOpts, dependsOn: runnerNamespace },
    );

    const release = (
      resourceName: string,
      releaseName: string,
      chart: PinnedChart,
      namespaceName: string,
      values: Record<string, unknown>,
      dependsOn: pulumi.Resource[],
    ) =>
      new k8s.helm.v3.Release(
        resourceName,
        {
          name: releaseName,
          // OCI charts are installed by reference; there is no chart repository to name.
          chart: ociChartReference(chart),
          version: chart.version,
          namespace: namespaceName,
          createNamespace: false,
          values,
          atomic: true,
          cleanupOnFail: true,
          timeout: 600,
        },
        { ...k8sOpts, dependsOn },
      );

    // The controller chart brings the CRDs the scale set's AutoscalingRunnerSet needs.
    const controller = release(
      `${name}-controller`,
      ARC_CONTROLLER_RELEASE,
      ARC_CONTROLLER_CHART,
      ARC_CONTROLLER_NAMESPACE,
      controllerValues(placement),
      [...controllerNamespace, ...runnerNamespace],
    );
    release(
      `${name}-scale-set`,
      args.scaleSetName,
      ARC_SCALE_SET_CHART,
      ARC_RUNNER_NAMESPACE,
      scaleSetValues(
        {
          scaleSetName: args.scaleSetName,
          githubConfigUrl: args.githubConfigUrl,
          githubAppSecret: args.githubAppSecret,
          runnerGroup: args.runnerGroup ?? CI_RUNNER_DEFAULTS.runnerGroup,
          minRunners: args.minRunners ?? CI_RUNNER_DEFAULTS.minRunners,
          maxRunners: args.maxRunners ?? CI_RUNNER_DEFAULTS.maxRunners,
          region: args.region,
        },
        placement,
      ),
      [controller, serviceAccount, ...runnerNamespace],
    );

    this.scaleSetName = pulumi.output(args.scaleSetName);
    this.runnerNamespace = pulumi.output(ARC_RUNNER_NAMESPACE);
    this.runnerRoleArn = role.roleArn;
    this.registerOutputs({
      scaleSetName: this.scaleSetName,
      runnerNamespace: this.runnerNamespace,
      runnerRoleArn: this.runnerRoleArn,
    });
  }
}
