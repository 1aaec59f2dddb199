/**
 * Self-hosted GitHub Actions runners inside a stack's VPC, as plain data: the names the runner
 * scale set is found by, the Helm values of Actions Runner Controller's two charts, the namespaces'
 * network policies and the argument checks. components/ci-runners.ts creates the resources.
 *
 * Why runners in the VPC: the EKS API's public endpoint admits only allow-listed CIDRs, and
 * GitHub-hosted runners have no fixed address. Pods on the cluster's own nodes reach the private
 * endpoint (the cluster has private access on), so `pulumi preview`/`up` run there (docs/deploy.md).
 *
 * Chart keys used here are documented in the vendored values excerpts under
 * upstream/actions-runner-controller/ (chart 0.14.2); test/ci-runners.test.ts holds the values to them.
 */
import type { Toleration } from "./grace";
import { ARC_CONTROLLER_NAMESPACE, ARC_RUNNER_NAMESPACE } from "./naming";
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from "./logging/pod-defaults";
import { dnsEgressSpec, defaultDenySpec } from "./platform-network-policies";
import { parseBytes } from "./quantity";
import type { ArgProblem } from "./validation";
import type * as k8s from "@pulumi/kubernetes";
import type { PinnedChart } from "./charts";
import { isDns1123Label } from "./dns-names";

/** Helm release name of the controller. */
export const ARC_CONTROLLER_RELEASE = "arc";
/** The controller's service account, named explicitly so the scale set chart need not look it up. */
export const ARC_CONTROLLER_SERVICE_ACCOUNT = "arc-gha-rs-controller";
/** The service account runner pods run as; its IAM role (IRSA) is what `pulumi up` deploys with. */
export const RUNNER_SERVICE_ACCOUNT = "ci-runner";
/** The scale set chart refuses longer names (`Name must have up to 45 characters`). */
export const MAX_SCALE_SET_NAME_LENGTH = 45;

/** Defaults of the optional scale set settings (the `ciRunners` config key and CiRunners' args). */
export const CI_RUNNER_DEFAULTS = {
  /** Runners start only when GitHub assigns a job: nothing idles on the system pool. */
  minRunners: 0,
  /** A deploy and a pull request's preview at once; more wait in GitHub's queue. */
  maxRunners: 2,
  /** The Kubernetes Secret (in the runner namespace) holding the GitHub App's credentials. */
  githubAppSecret: "arc-github-app",
  /** GitHub's runner group every organization has. */
  runnerGroup: "default",
} as const;

/** A container image pinned to a tag. */
export interface PinnedImage {
  readonly repository: string;
  readonly tag: string;
}

/**
 * GitHub's runner image, pinned. actions/runner v2.336.0 (2026-07-20). GitHub stops assigning jobs
 * to runners below its minimum version, so bump this at least monthly.
 */
export const RUNNER_IMAGE: PinnedImage = { repository: "ghcr.io/actions/actions-runner", tag: "2.336.0" };
/** The controller (and listener) image: the chart's appVersion, written out so a plan shows bumps. */
export const ARC_CONTROLLER_IMAGE: PinnedImage = {
  repository: "ghcr.io/actions/gha-runner-scale-set-controller",
  tag: "0.14.2",
};

/** `USER runner`, created with `--uid 1001` (upstream/actions-runner/images.Dockerfile.excerpt). */
export const RUNNER_UID = 1001;
/** `USER 65532:65532` of the distroless controller image (upstream/actions-runner-controller/controller-image.Dockerfile.excerpt). */
export const ARC_CONTROLLER_UID = 65532;

/** A pod's placement: node selector and tolerations (the grace-period ones included). */
export interface RunnerPlacement {
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly tolerations: readonly Toleration[];
}

/** Requests and limits of one container, as Kubernetes quantities. */
export interface ContainerResources {
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits: { readonly cpu: string; readonly memory: string };
}

/**
 * A runner pod's resources. `pulumi up` of this program runs Node (the TypeScript program), the
 * AWS, EKS, Kubernetes and random provider plugins side by side: about 2 GiB at peak.
 */
export const RUNNER_RESOURCES: ContainerResources = {
  requests: { cpu: "500m", memory: "2Gi" },
  limits: { cpu: "2", memory: "4Gi" },
};
/** The controller's resources (one reconciler for a handful of scale sets). */
export const ARC_CONTROLLER_RESOURCES: ContainerResources = {
  requests: { cpu: "100m", memory: "128Mi" },
  limits: { cpu: "500m", memory: "512Mi" },
};
/** The listener's resources (one long poll against GitHub). */
export const ARC_LISTENER_RESOURCES: ContainerResources = {
  requests: { cpu: "50m", memory: "64Mi" },
  limits: { cpu: "250m", memory: "256Mi" },
};

/** The `oci://` reference Helm installs an OCI-published chart from (no chart repository involved). */
export function ociChartReference(chart: PinnedChart): string {
  if (!chart.repository.startsWith("oci://")) {
    throw new Error(`${chart.chart} is not published as an OCI artifact (${chart.repository})`);
  }
  return `${chart.repository}/${chart.chart}`;
}

/** The runner scale set's name: what workflow jobs put in `runs-on:` to run in this stack's VPC. */
export function runnerScaleSetName(project: string, stack: string): string {
  return `${project}-${stack}`;
}

/** What the scale set needs besides placement. */
export interface ScaleSetSettings {
  readonly scaleSetName: string;
  readonly githubConfigUrl: string;
  readonly githubAppSecret: string;
  readonly runnerGroup: string;
  readonly minRunners: number;
  readonly maxRunners: number;
  /** AWS region of the stack: the runners' default for the AWS CLI and SDKs. */
  readonly region: string;
}

const copyPlacement = (placement: RunnerPlacement) => ({
  nodeSelector: { ...placement.nodeSelector },
  tolerations: placement.tolerations.map((t) => ({ ...t })),
});

const copyResources = (r: ContainerResources) => ({ requests: { ...r.requests }, limits: { ...r.limits } });

/**
 * Values of the controller chart: one replica on the system pool, restricted security contexts
 * (the image is distroless and runs as 65532; the chart mounts an emptyDir at /tmp, so the root
 * filesystem can be read-only), and watching only the runner namespace, so its RBAC is two Roles
 * instead of cluster-wide access to every namespace's Secrets and pods.
 */
export function controllerValues(placement: RunnerPlacement): Record<string, unknown> {
  return {
    replicaCount: 1,
    image: { repository: ARC_CONTROLLER_IMAGE.repository, tag: ARC_CONTROLLER_IMAGE.tag },
    serviceAccount: { create: true, name: ARC_CONTROLLER_SERVICE_ACCOUNT },
    podSecurityContext: restrictedPodSecurityContext(ARC_CONTROLLER_UID),
    securityContext: restrictedContainerSecurityContext(ARC_CONTROLLER_UID),
    resources: copyResources(ARC_CONTROLLER_RESOURCES),
    ...copyPlacement(placement),
    flags: { logLevel: "info", logFormat: "json", watchSingleNamespace: ARC_RUNNER_NAMESPACE },
  };
}

/**
 * Values of the runner scale set chart. Runners run GitHub's runner image directly (no Docker, no
 * container jobs: nothing needs privileges), as the image's `runner` user, under the IRSA service
 * account, on the system pool with the grace tolerations. Their root filesystem stays writable:
 * the runner writes its settings, `_diag` logs and the job workspace `_work` under /home/runner,
 * where its own binaries live, and jobs install tools there (Node, the Pulumi and AWS CLIs); an
 * emptyDir over /home/runner would hide the runner itself.
 */
export function scaleSetValues(
  settings: ScaleSetSettings,
  placement: RunnerPlacement,
): Record<string, unknown> {
  return {
    githubConfigUrl: settings.githubConfigUrl,
    // A Secret name (the chart's "pre-defined secret"): the credentials never pass through Helm values.
    githubConfigSecret: settings.githubAppSecret,
    runnerScaleSetName: settings.scaleSetName,
    runnerGroup: settings.runnerGroup,
    minRunners: settings.minRunners,
    maxRunners: settings.maxRunners,
    // Set explicitly: the chart otherwise looks the controller up in the cluster, which fails when
    // the controller watches a single namespace.
    controllerServiceAccount: { namespace: ARC_CONTROLLER_NAMESPACE, name: ARC_CONTROLLER_SERVICE_ACCOUNT },
    listenerTemplate: {
      spec: {
        ...copyPlacement(placement),
        securityContext: restrictedPodSecurityContext(ARC_CONTROLLER_UID),
        containers: [
          {
            name: "listener",
            securityContext: restrictedContainerSecurityContext(ARC_CONTROLLER_UID),
            resources: copyResources(ARC_LISTENER_RESOURCES),
          },
        ],
      },
    },
    template: {
      spec: {
        serviceAccountName: RUNNER_SERVICE_ACCOUNT,
        // The runner needs no Kubernetes API token; the IRSA token is a separate projected volume.
        automountServiceAccountToken: false,
        ...copyPlacement(placement),
        securityContext: restrictedPodSecurityContext(RUNNER_UID, RUNNER_UID, RUNNER_UID),
        containers: [
          {
            name: "runner",
            image: `${RUNNER_IMAGE.repository}:${RUNNER_IMAGE.tag}`,
            command: ["/home/runner/run.sh"],
            env: [
              { name: "AWS_REGION", value: settings.region },
              { name: "AWS_DEFAULT_REGION", value: settings.region },
            ],
            securityContext: restrictedContainerSecurityContext(RUNNER_UID, false),
            resources: copyResources(RUNNER_RESOURCES),
          },
        ],
      },
    },
  };
}

type NetworkPolicySpec = k8s.types.input.networking.v1.NetworkPolicySpec;

/** Every pod may open HTTPS connections anywhere: GitHub, the AWS APIs, the EKS API endpoint, npm. */
export function httpsEgressSpec(): NetworkPolicySpec {
  return { podSelector: {}, policyTypes: ["Egress"], egress: [{ ports: [{ protocol: "TCP", port: 443 }] }] };
}

/**
 * Network policies of both ARC namespaces: nothing may connect in (neither the controller, the
 * listener nor a runner serves anything), and pods may reach only the cluster DNS and HTTPS.
 */
export function ciRunnerNetworkPolicies(): Record<string, NetworkPolicySpec> {
  return {
    "default-deny": defaultDenySpec(),
    "allow-dns": dnsEgressSpec(),
    "allow-https-egress": httpsEgressSpec(),
  };
}

/** What the checks need to know about the system pool's nodes. */
export interface SystemNodeCapacity {
  readonly allocatableCpuMillicores: number;
  readonly allocatableMemoryMiB: number;
}

/** Checks a scale set's settings against ARC's limits and the system pool; every problem found. */
export function ciRunnersProblems(settings: ScaleSetSettings, systemNode: SystemNodeCapacity): ArgProblem[] {
  const problems: ArgProblem[] = [];
  if (!isDns1123Label(settings.scaleSetName)) {
    problems.push({
      propertyPath: "scaleSetName",
      reason: `"${settings.scaleSetName}" must be lower-case letters, digits and '-' (it is also the Helm release name)`,
    });
  } else if (settings.scaleSetName.length > MAX_SCALE_SET_NAME_LENGTH) {
    problems.push({
      propertyPath: "scaleSetName",
      reason: `"${settings.scaleSetName}" is ${settings.scaleSetName.length} characters; the scale set chart allows at most ${MAX_SCALE_SET_NAME_LENGTH}`,
    });
  }
  if (!Number.isInteger(settings.maxRunners) || settings.maxRunners < 1) {
    problems.push({ propertyPath: "maxRunners", reason: `must be 1 or more, got ${settings.maxRunners}` });
  }
  if (
    !Number.isInteger(settings.minRunners) ||
    settings.minRunners < 0 ||
    settings.minRunners > settings.maxRunners
  ) {
    problems.push({
      propertyPath: "minRunners",
      reason: `must be 0 to maxRunners (${settings.maxRunners}), got ${settings.minRunners}`,
    });
  }
  if (!settings.githubConfigUrl.startsWith("https://")) {
    problems.push({
      propertyPath: "githubConfigUrl",
      reason: `must be an https:// URL, got "${settings.githubConfigUrl}"`,
    });
  }
  const runnerMiB = parseBytes(RUNNER_RESOURCES.requests.memory)! / 2 ** 20;
  if (runnerMiB > systemNode.allocatableMemoryMiB) {
    problems.push({
      propertyPath: "cluster.nodePools.system",
      reason: `a runner requests ${runnerMiB} MiB but a system node has ${systemNode.allocatableMemoryMiB} MiB allocatable; runner pods would never schedule`,
    });
  }
  return problems;
}
