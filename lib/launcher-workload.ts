/**
 * The launcher's Deployment and Service, built by the workload builder (lib/workload: pinned image,
 * distinct probes, requests and memory limit, restricted security context with a read-only root,
 * grace tolerations, spread, recommended labels) and then given what only the launcher has: its
 * ServiceAccount, an init container that clones this repository, and the Git credentials.
 *
 * Secrets are referenced by name only; their values never pass through Pulumi (docs/launcher-deploy.md).
 */
import type * as k8s from "@pulumi/kubernetes";
import {
  LAUNCHER_ENV,
  LAUNCHER_GID,
  LAUNCHER_HOME,
  LAUNCHER_LIVENESS_PATH,
  LAUNCHER_NAME,
  LAUNCHER_NAMESPACE,
  LAUNCHER_PORT,
  LAUNCHER_PORT_NAME,
  LAUNCHER_READINESS_PATH,
  LAUNCHER_REPO_PATH,
  LAUNCHER_SECRET_KEYS,
  LAUNCHER_SERVICE_ACCOUNT,
  LAUNCHER_STATE_DIR,
  LAUNCHER_UID,
} from "./launcher-contract";
import { gitTransport, type GitTransport } from "./launcher-settings";
import type { Toleration } from "./grace";
import { buildWorkload, type WorkloadManifests } from "./workload/manifest";
import { httpProbes } from "./workload/probes";
import { containerSecurityContext, type RunAs } from "./workload/security";
import type { WorkloadResources, WorkloadSpec } from "./workload/spec";
import type { Placement } from "./workload/spread";

type EnvVar = k8s.types.input.core.v1.EnvVar;
type Container = k8s.types.input.core.v1.Container;
type Volume = k8s.types.input.core.v1.Volume;
type VolumeMount = k8s.types.input.core.v1.VolumeMount;

/** The user the pod runs as: the image's numeric `USER` (Dockerfile). */
export const LAUNCHER_RUN_AS: RunAs = { user: LAUNCHER_UID, group: LAUNCHER_GID };

/**
 * The server's requests and limits: Node, tsx and the config resolver of one tier at a time. The CPU
 * limit leaves room for tsx's start-up compile but keeps a runaway off the shared system pool.
 */
export const LAUNCHER_RESOURCES: WorkloadResources = {
  cpu: "100m",
  memory: "384Mi",
  memoryLimit: "768Mi",
  cpuLimit: "1",
};

/** The Service's port (the Ingresses' backend); the pods listen on {@link LAUNCHER_PORT}. */
export const LAUNCHER_SERVICE_PORT = 80;

/** The init container that clones the registry before the server starts. */
export const CLONE_CONTAINER_NAME = "clone-repository";
/** What the clone needs: one `git clone` of a small repository. */
export const CLONE_CONTAINER_RESOURCES = {
  requests: { cpu: "50m", memory: "128Mi" },
  limits: { cpu: "500m", memory: "256Mi" },
} as const;

/** Where the SSH deploy key Secret is mounted (read-only; its files are root-owned, group-readable). */
export const GIT_SSH_DIR = "/etc/launcher/git-ssh";
const GIT_SSH_VOLUME = "git-ssh";
/** Owner and group may read: the kubelet makes the files root-owned with the pod's fsGroup as group. */
const SSH_KEY_MODE = 0o440;

/** Environment variables carrying the HTTPS credentials (read by the credential helper below). */
export const GIT_HTTPS_ENV = { username: "GIT_HTTPS_USERNAME", token: "GIT_HTTPS_TOKEN" } as const;

/**
 * git's credential helper for HTTPS remotes, set through git's environment configuration
 * (`GIT_CONFIG_COUNT`, git 2.31 and later), so no config file is written on the read-only root.
 */
export const GIT_HTTPS_CREDENTIAL_HELPER = `!f() { test "$1" = get || exit 0; echo "username=$${GIT_HTTPS_ENV.username}"; echo "password=$${GIT_HTTPS_ENV.token}"; }; f`;

/** What the launcher's workload is built from. */
export interface LauncherWorkloadInput {
  /** Pinned by digest (checked by `launcherSettingsProblems`). */
  readonly image: string;
  /** The system pool's placement (GameCluster.systemScheduling). */
  readonly placement: Placement;
  readonly graceTolerations: readonly Toleration[];
  readonly tier: string;
  readonly publicUrl: string;
  readonly region: string;
  readonly gitRepositoryUrl: string;
  readonly gitSecretName: string;
  readonly slackSecretName: string;
  readonly presetTokenSecretName?: string;
  /** @default LAUNCHER_RESOURCES */
  readonly resources?: WorkloadResources;
}

function secretEnv(name: string, secret: string, key: string): EnvVar {
  return { name, valueFrom: { secretKeyRef: { name: secret, key } } };
}

/** git's environment: no prompts (a missing credential fails at once), and the transport's credentials. */
export function gitEnv(input: Pick<LauncherWorkloadInput, "gitRepositoryUrl" | "gitSecretName">): EnvVar[] {
  const common: EnvVar[] = [
    { name: "HOME", value: LAUNCHER_HOME },
    { name: "GIT_TERMINAL_PROMPT", value: "0" },
  ];
  if (transportOf(input.gitRepositoryUrl) === "ssh") {
    return [
      ...common,
      {
        name: "GIT_SSH_COMMAND",
        value: [
          "ssh",
          `-i ${GIT_SSH_DIR}/${LAUNCHER_SECRET_KEYS.sshPrivateKey}`,
          "-o IdentitiesOnly=yes",
          `-o UserKnownHostsFile=${GIT_SSH_DIR}/${LAUNCHER_SECRET_KEYS.sshKnownHosts}`,
          "-o StrictHostKeyChecking=yes",
        ].join(" "),
      },
    ];
  }
  return [
    ...common,
    secretEnv(GIT_HTTPS_ENV.username, input.gitSecretName, LAUNCHER_SECRET_KEYS.httpsUsername),
    secretEnv(GIT_HTTPS_ENV.token, input.gitSecretName, LAUNCHER_SECRET_KEYS.httpsToken),
    { name: "GIT_CONFIG_COUNT", value: "1" },
    { name: "GIT_CONFIG_KEY_0", value: "credential.helper" },
    { name: "GIT_CONFIG_VALUE_0", value: GIT_HTTPS_CREDENTIAL_HELPER },
  ];
}

function transportOf(url: string): GitTransport {
  const transport = gitTransport(url);
  if (!transport)
    throw new Error(`"${url}" is not a Git URL the launcher can use; validate the settings first`);
  return transport;
}

/** The server's own environment (LAUNCHER_ENV), Secrets by name. */
export function serverEnv(input: LauncherWorkloadInput): EnvVar[] {
  return [
    { name: LAUNCHER_ENV.tier, value: input.tier },
    { name: LAUNCHER_ENV.publicUrl, value: input.publicUrl },
    { name: LAUNCHER_ENV.awsRegion, value: input.region },
    secretEnv(LAUNCHER_ENV.slackWebhookUrl, input.slackSecretName, LAUNCHER_SECRET_KEYS.slackWebhookUrl),
    ...(input.presetTokenSecretName
      ? [secretEnv(LAUNCHER_ENV.presetToken, input.presetTokenSecretName, LAUNCHER_SECRET_KEYS.presetToken)]
      : []),
  ];
}

/** The builder's description of the launcher. */
export function launcherWorkloadSpec(input: LauncherWorkloadInput): WorkloadSpec {
  return {
    name: LAUNCHER_NAME,
    namespace: LAUNCHER_NAMESPACE,
    instance: LAUNCHER_NAME,
    partOf: "game-infra",
    component: "launcher",
    image: input.image,
    version: input.image.slice(input.image.indexOf("@") + 1),
    port: { name: LAUNCHER_PORT_NAME, containerPort: LAUNCHER_PORT, servicePort: LAUNCHER_SERVICE_PORT },
    env: [...serverEnv(input), ...gitEnv(input)],
    probes: httpProbes(LAUNCHER_PORT_NAME, {
      readiness: LAUNCHER_READINESS_PATH,
      liveness: LAUNCHER_LIVENESS_PATH,
    }),
    resources: input.resources ?? LAUNCHER_RESOURCES,
    // One writer: a second replica would post every Slack notice twice and race its own clone.
    replicas: 1,
    writablePaths: [
      { name: "tmp", mountPath: "/tmp" },
      { name: "home", mountPath: LAUNCHER_HOME },
      { name: "state", mountPath: LAUNCHER_STATE_DIR },
    ],
    runAs: LAUNCHER_RUN_AS,
    placement: input.placement,
    graceTolerations: input.graceTolerations,
    // It reads workload status from the Kubernetes API (the token's rights: lib/launcher-rbac.ts).
    serviceAccountToken: true,
  };
}

/** The shell script of the clone container: a fresh clone of the configured URL at every pod start. */
export const CLONE_SCRIPT = [
  "set -eu",
  `rm -rf ${LAUNCHER_REPO_PATH}`,
  `git clone --quiet -- "$LAUNCHER_GIT_URL" ${LAUNCHER_REPO_PATH}`,
].join("\n");

/** The init container that clones this repository into the state volume. */
export function cloneContainer(input: LauncherWorkloadInput, mounts: readonly VolumeMount[]): Container {
  return {
    name: CLONE_CONTAINER_NAME,
    image: input.image,
    imagePullPolicy: "IfNotPresent",
    command: ["/bin/sh", "-c", CLONE_SCRIPT],
    env: [{ name: "LAUNCHER_GIT_URL", value: input.gitRepositoryUrl }, ...gitEnv(input)],
    resources: {
      requests: { ...CLONE_CONTAINER_RESOURCES.requests },
      limits: { ...CLONE_CONTAINER_RESOURCES.limits },
    },
    securityContext: containerSecurityContext(LAUNCHER_RUN_AS),
    volumeMounts: [...mounts],
  };
}

/** The SSH deploy key volume and its mount, for SSH remotes; none for HTTPS. */
function gitCredentialVolumes(input: LauncherWorkloadInput): { volumes: Volume[]; mounts: VolumeMount[] } {
  if (transportOf(input.gitRepositoryUrl) !== "ssh") return { volumes: [], mounts: [] };
  return {
    volumes: [
      {
        name: GIT_SSH_VOLUME,
        secret: {
          secretName: input.gitSecretName,
          defaultMode: SSH_KEY_MODE,
          // Both keys listed: a Secret without either fails the pod's start instead of git's first push.
          items: [
            { key: LAUNCHER_SECRET_KEYS.sshPrivateKey, path: LAUNCHER_SECRET_KEYS.sshPrivateKey },
            { key: LAUNCHER_SECRET_KEYS.sshKnownHosts, path: LAUNCHER_SECRET_KEYS.sshKnownHosts },
          ],
        },
      },
    ],
    mounts: [{ name: GIT_SSH_VOLUME, mountPath: GIT_SSH_DIR, readOnly: true }],
  };
}

/**
 * The launcher's Deployment and Service: the builder's objects, with the ServiceAccount, the clone
 * init container and the Git credential volume added to the pod.
 */
export function launcherManifests(input: LauncherWorkloadInput): WorkloadManifests {
  const built = buildWorkload(launcherWorkloadSpec(input));
  const credentials = gitCredentialVolumes(input);
  const deployments = built.deployments.map(({ key, args }) => {
    const spec = args.spec as k8s.types.input.apps.v1.DeploymentSpec;
    const template = spec.template as k8s.types.input.core.v1.PodTemplateSpec;
    const pod = template.spec as k8s.types.input.core.v1.PodSpec;
    const [server, ...others] = pod.containers as Container[];
    const scratchMounts = (server!.volumeMounts ?? []) as VolumeMount[];
    return {
      key,
      args: {
        ...args,
        spec: {
          ...spec,
          template: {
            ...template,
            spec: {
              ...pod,
              serviceAccountName: LAUNCHER_SERVICE_ACCOUNT,
              // The clone writes the state volume; git and ssh also use HOME and /tmp.
              initContainers: [cloneContainer(input, [...scratchMounts, ...credentials.mounts])],
              containers: [
                { ...server!, volumeMounts: [...scratchMounts, ...credentials.mounts] },
                ...others,
              ],
              volumes: [...((pod.volumes ?? []) as Volume[]), ...credentials.volumes],
            },
          },
        },
      },
    };
  });
  return { ...built, deployments };
}
