import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { instanceTypeSpec } from "../lib/instance-types";
import { parseCidr } from "../lib/cidr";
import {
  LAUNCHER_IMAGE_ARCHITECTURE,
  LAUNCHER_IMAGE_PLATFORM,
  LAUNCHER_NAME,
  LAUNCHER_NAMESPACE,
  LAUNCHER_SERVICE_ACCOUNT,
} from "../lib/launcher-contract";
import {
  DEFAULT_KEEP_IMAGES,
  launcherLifecyclePolicy,
  launcherPushPolicy,
  repositoryNameProblem,
} from "../lib/launcher-image";
import { browserIngress, presetIngress } from "../lib/launcher-ingress";
import { launcherNetworkPolicies } from "../lib/launcher-network-policies";
import {
  launcherClusterRole,
  launcherClusterRoleBinding,
  oidcSecretReaderBinding,
  oidcSecretReaderRole,
} from "../lib/launcher-rbac";
import {
  gitTransport,
  launcherSettingsProblems,
  type LauncherServiceSettings,
} from "../lib/launcher-settings";
import {
  LAUNCHER_SERVICE_PORT,
  launcherManifests,
  launcherWorkloadSpec,
  type LauncherWorkloadInput,
} from "../lib/launcher-workload";
import { assertValidArgs, type ArgProblem } from "../lib/validation";
import { validateWorkloadSpec } from "../lib/workload/spec";
import { selectorLabels } from "../lib/workload/labels";
import type { GameCluster } from "./cluster";

/** What Launcher needs from the cluster. */
export type LauncherCluster = Pick<
  GameCluster,
  "provider" | "systemScheduling" | "graceTolerations" | "nodePools" | "certificateArn" | "readyResources"
>;

/** The launcher service: its settings (the `launcher` config key) and where it runs. */
export interface LauncherServiceArgs extends LauncherServiceSettings {
  /** The tier whose cluster this is (the server reads live status of this tier only). */
  readonly tier: string;
  /** The stack's domain; the launcher is served at `<hostLabel>.<domain>`. */
  readonly domain: string;
  /** The stack's shared ALB IngressGroup. */
  readonly ingressGroup: string;
  /** The public subnets' CIDRs, where the ALB's traffic to the pods comes from. */
  readonly loadBalancerCidrs: readonly string[];
}

/** Arguments of {@link Launcher}. */
export interface LauncherArgs {
  readonly cluster: LauncherCluster;
  /** The ECR repository for the image (`launcherRepositoryName(project, stack)`). */
  readonly repositoryName: string;
  /** The stack's AWS region (the image must come from this region's repository). */
  readonly region: string;
  /** Images the repository keeps; older ones expire. @default 50 */
  readonly keepImages?: number;
  /**
   * The service. Absent, only the image repository (and its push policy) is created, so the first
   * image can be pushed before the service is configured. @default none
   */
  readonly service?: LauncherServiceArgs;
  /** @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

/** Checks Launcher's arguments; returns every problem found. */
export function validateLauncherArgs(args: LauncherArgs): ArgProblem[] {
  const problems: ArgProblem[] = [];
  const nameProblem = repositoryNameProblem(args.repositoryName);
  if (nameProblem) problems.push({ propertyPath: "repositoryName", reason: nameProblem });
  const keep = args.keepImages ?? DEFAULT_KEEP_IMAGES;
  if (!Number.isInteger(keep) || keep < 1 || keep > 1000) {
    problems.push({
      propertyPath: "keepImages",
      reason: `must be a whole number from 1 to 1000, got ${keep}`,
    });
  }
  const service = args.service;
  if (!service) return problems;

  for (const p of launcherSettingsProblems(service, {
    domain: service.domain,
    region: args.region,
    repositoryName: args.repositoryName,
  })) {
    problems.push({ propertyPath: `service.${p.propertyPath}`, reason: p.reason });
  }
  if (service.loadBalancerCidrs.length === 0 || service.loadBalancerCidrs.some((c) => !parseCidr(c))) {
    problems.push({
      propertyPath: "service.loadBalancerCidrs",
      reason: `needs the public subnets' IPv4 CIDRs, got [${service.loadBalancerCidrs.join(", ")}]`,
    });
  }
  const system = args.cluster.nodePools.system;
  if (!system) {
    problems.push({ propertyPath: "cluster.nodePools", reason: 'needs a "system" pool for the launcher' });
  } else {
    const others = system.sizing.instanceType
      .split(",")
      .filter((t) => instanceTypeSpec(t).architecture !== LAUNCHER_IMAGE_ARCHITECTURE);
    if (others.length > 0) {
      problems.push({
        propertyPath: "cluster.nodePools.system",
        reason: `the launcher image is built for ${LAUNCHER_IMAGE_PLATFORM} only, but the system pool has ${others.join(", ")} (${instanceTypeSpec(others[0]!).architecture})`,
      });
    }
  }
  // The workload spec's own checks (ports, probes, resources, placement), before anything exists.
  if (problems.length === 0) {
    for (const p of validateWorkloadSpec(launcherWorkloadSpec(workloadInput(args, service)))) {
      problems.push({ propertyPath: `service.workload.${p.propertyPath}`, reason: p.reason });
    }
  }
  return problems;
}

function workloadInput(args: LauncherArgs, service: LauncherServiceArgs): LauncherWorkloadInput {
  return {
    image: service.image,
    placement: args.cluster.systemScheduling,
    graceTolerations: args.cluster.graceTolerations,
    tier: service.tier,
    publicUrl: `https://${service.hostLabel}.${service.domain}`,
    region: args.region,
    gitRepositoryUrl: service.gitRepositoryUrl,
    gitSecretName: service.gitSecretName,
    slackSecretName: service.slackSecretName,
    ...(service.presetTokenSecretName ? { presetTokenSecretName: service.presetTokenSecretName } : {}),
  };
}

/**
 * The launcher web service (DESIGN.md): the ECR repository its image is pushed to (immutable tags,
 * scanned on push, KMS-encrypted, the newest `keepImages` kept) with the IAM policy a pusher needs,
 * and, with `service`, the service itself in namespace `launcher` (restricted Pod Security
 * Standard): a Deployment from the workload builder with the image pinned by digest, on the system
 * pool, as a ServiceAccount that may only read workload status (catalogue L2); a Service; the
 * browser Ingress behind the ALB's OIDC login and the preset Ingress limited by source CIDR or token
 * (L1), both on the stack's shared ALB; NetworkPolicies that admit only the ALB. Credentials (Git,
 * Slack, preset token, OIDC client) stay out of Pulumi: the Deployment and Ingress name Secrets
 * created with kubectl (docs/launcher-deploy.md).
 */
export class Launcher extends pulumi.ComponentResource {
  /** Where the image workflow pushes: `<account>.dkr.ecr.<region>.amazonaws.com/<repositoryName>`. */
  readonly imageRepositoryUrl: pulumi.Output<string>;
  readonly imageRepositoryArn: pulumi.Output<string>;
  /** The IAM policy to attach to the image workflow's role. */
  readonly imagePushPolicyArn: pulumi.Output<string>;
  /** `https://<hostLabel>.<domain>`, or undefined without `service`. */
  readonly url: pulumi.Output<string | undefined>;

  constructor(name: string, args: LauncherArgs, opts?: pulumi.ComponentResourceOptions) {
    super("game:index:Launcher", name, {}, opts);
    assertValidArgs("Launcher", name, validateLauncherArgs(args));
    const tags = { ...(args.tags ?? {}) };

    const repository = new aws.ecr.Repository(
      `${name}-repository`,
      {
        name: args.repositoryName,
        // A digest is what config pins; immutable tags keep `sha-<commit>` meaning one image forever.
        imageTagMutability: "IMMUTABLE",
        imageScanningConfiguration: { scanOnPush: true },
        encryptionConfigurations: [{ encryptionType: "KMS" }],
        // Deleting the stack must not silently delete the images running elsewhere.
        forceDelete: false,
        tags,
      },
      { parent: this },
    );
    new aws.ecr.LifecyclePolicy(
      `${name}-repository-lifecycle`,
      {
        repository: repository.name,
        policy: JSON.stringify(launcherLifecyclePolicy(args.keepImages ?? DEFAULT_KEEP_IMAGES)),
      },
      { parent: this },
    );
    const pushPolicy = new aws.iam.Policy(
      `${name}-image-push`,
      {
        description: `Push launcher images to ${args.repositoryName} (attach to the image workflow's role)`,
        policy: repository.arn.apply((arn) => JSON.stringify(launcherPushPolicy(arn))),
        tags,
      },
      { parent: this },
    );

    this.imageRepositoryUrl = repository.repositoryUrl;
    this.imageRepositoryArn = repository.arn;
    this.imagePushPolicyArn = pushPolicy.arn;
    this.url = pulumi.output(
      args.service ? `https://${args.service.hostLabel}.${args.service.domain}` : undefined,
    );
    if (args.service) this.deployService(name, args, args.service);

    this.registerOutputs({
      imageRepositoryUrl: this.imageRepositoryUrl,
      imageRepositoryArn: this.imageRepositoryArn,
      imagePushPolicyArn: this.imagePushPolicyArn,
      url: this.url,
    });
  }

  private deployService(name: string, args: LauncherArgs, service: LauncherServiceArgs): void {
    const k8sOpts = { parent: this, provider: args.cluster.provider };
    const labels = {
      "app.kubernetes.io/name": LAUNCHER_NAME,
      "app.kubernetes.io/part-of": "game-infra",
      "app.kubernetes.io/component": "launcher",
      "app.kubernetes.io/managed-by": "pulumi",
    };
    const namespace = new k8s.core.v1.Namespace(
      `${name}-namespace`,
      {
        metadata: {
          name: LAUNCHER_NAMESPACE,
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
    const inNamespace = { ...k8sOpts, dependsOn: [namespace] };

    const policies = Object.entries(
      launcherNetworkPolicies({
        selector: selectorLabels({ name: LAUNCHER_NAME, instance: LAUNCHER_NAME }),
        loadBalancerCidrs: service.loadBalancerCidrs,
        gitTransport: gitTransport(service.gitRepositoryUrl)!,
        labels,
      }),
    ).map(
      ([policyName, policy]) =>
        new k8s.networking.v1.NetworkPolicy(`${name}-${policyName}`, policy, inNamespace),
    );

    const serviceAccount = new k8s.core.v1.ServiceAccount(
      `${name}-service-account`,
      {
        metadata: { name: LAUNCHER_SERVICE_ACCOUNT, namespace: LAUNCHER_NAMESPACE, labels },
        // Only pods that say so get a token (the launcher's pod does: it reads status).
        automountServiceAccountToken: false,
      },
      inNamespace,
    );
    const clusterRole = new k8s.rbac.v1.ClusterRole(
      `${name}-status-reader`,
      launcherClusterRole(labels),
      k8sOpts,
    );
    const binding = new k8s.rbac.v1.ClusterRoleBinding(
      `${name}-status-reader`,
      launcherClusterRoleBinding(labels),
      { ...k8sOpts, dependsOn: [clusterRole, serviceAccount] },
    );
    const oidcReader = new k8s.rbac.v1.Role(
      `${name}-oidc-secret-reader`,
      oidcSecretReaderRole(service.oidc.clientSecretName, labels),
      inNamespace,
    );
    const oidcReaderBinding = new k8s.rbac.v1.RoleBinding(
      `${name}-oidc-secret-reader`,
      oidcSecretReaderBinding(labels),
      { ...inNamespace, dependsOn: [namespace, oidcReader] },
    );

    const manifests = launcherManifests(workloadInput(args, service));
    const services = manifests.services.map(
      (s) => new k8s.core.v1.Service(`${name}-${s.key}`, s.args, inNamespace),
    );
    manifests.deployments.map(
      (d) =>
        new k8s.apps.v1.Deployment(`${name}-${d.key}`, d.args, {
          ...k8sOpts,
          dependsOn: [namespace, serviceAccount, binding, ...policies, ...args.cluster.readyResources],
        }),
    );

    const ingressInput = {
      host: `${service.hostLabel}.${service.domain}`,
      service: LAUNCHER_NAME,
      servicePort: LAUNCHER_SERVICE_PORT,
      ingressGroup: service.ingressGroup,
      certificateArn: args.cluster.certificateArn,
      oidc: service.oidc,
      presetAllowedCidrs: service.presetAllowedCidrs,
      labels,
    };
    // The load balancer controller's webhook admits Ingresses; it must read the OIDC Secret first.
    const ingressOpts = {
      ...k8sOpts,
      dependsOn: [namespace, ...services, oidcReaderBinding, ...args.cluster.readyResources],
    };
    new k8s.networking.v1.Ingress(`${name}-presets-ingress`, presetIngress(ingressInput), ingressOpts);
    new k8s.networking.v1.Ingress(`${name}-ingress`, browserIngress(ingressInput), ingressOpts);
  }
}
