/**
 * The restricted security context every pod gets (Pod Security Standards "restricted", plus a
 * read-only root filesystem), and the writable scratch volumes that make a read-only root usable.
 */
import type * as k8s from "@pulumi/kubernetes";

/** Pod-level security context, as the SDK takes it. */
export type PodSecurityContext = k8s.types.input.core.v1.PodSecurityContext;
/** Container-level security context, as the SDK takes it. */
export type ContainerSecurityContext = k8s.types.input.core.v1.SecurityContext;

/** The user and group a container runs as. Never 0. */
export interface RunAs {
  readonly user: number;
  readonly group: number;
  /** Group that owns mounted volumes, so a non-root user can write them. @default group */
  readonly fsGroup?: number;
}

/** The default identity: a high, unprivileged UID/GID that matches no account on the node. */
export const DEFAULT_RUN_AS: RunAs = { user: 10001, group: 10001 };

/** Pod security context: non-root, seccomp RuntimeDefault, volumes owned by the run-as group. */
export function podSecurityContext(runAs: RunAs): PodSecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: runAs.user,
    runAsGroup: runAs.group,
    fsGroup: runAs.fsGroup ?? runAs.group,
    // Only re-own a volume when its root does not already match: large volumes mount fast.
    fsGroupChangePolicy: "OnRootMismatch",
    seccompProfile: { type: "RuntimeDefault" },
  };
}

/** Container security context: no privilege, no escalation, no capabilities, read-only root. */
export function containerSecurityContext(runAs: RunAs): ContainerSecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: runAs.user,
    runAsGroup: runAs.group,
    privileged: false,
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ["ALL"] },
    seccompProfile: { type: "RuntimeDefault" },
  };
}

/** Size cap of each scratch volume: a runaway log file evicts its own pod, not the node's others. */
export const SCRATCH_SIZE_LIMIT = "1Gi";

/** A writable directory in an otherwise read-only container. */
export interface WritablePath {
  /** Volume name (DNS-1123 label). */
  readonly name: string;
  readonly mountPath: string;
  /**
   * Start the directory as a copy of what the image ships there (an init container copies it), for a
   * directory of shipped files the server then changes, such as a configuration directory. The copy
   * is made whenever the pod starts, as a container engine fills an image's declared volume for a new
   * container; a restarted container keeps what it wrote. @default false (an empty directory)
   */
  readonly seedFromImage?: boolean;
}

/** `emptyDir` volumes and their mounts for the paths a server writes (`/tmp` and the like). */
export function scratchVolumes(paths: readonly WritablePath[]): {
  volumes: k8s.types.input.core.v1.Volume[];
  volumeMounts: k8s.types.input.core.v1.VolumeMount[];
} {
  return {
    volumes: paths.map((p) => ({ name: p.name, emptyDir: { sizeLimit: SCRATCH_SIZE_LIMIT } })),
    volumeMounts: paths.map((p) => ({ name: p.name, mountPath: p.mountPath })),
  };
}

/** The name of the init container that seeds writable paths from the image. */
export const SEED_CONTAINER_NAME = "seed-writable-paths";

/** Where the seed container mounts each seeded volume (`<dir>/<volume name>`). */
export const SEED_MOUNT_DIR = "/seed";

/** What the seed container asks for: it only copies a few files. */
export const SEED_CONTAINER_RESOURCES = {
  requests: { cpu: "50m", memory: "64Mi" },
  limits: { memory: "128Mi" },
} as const;

/**
 * The shell script that seeds `paths` (those with `seedFromImage`): for each, empty the volume, copy
 * the image's directory into it (symbolic links as links), and make the copy writable by its owner,
 * the pod's user, whatever the shipped modes were. The image needs `sh`, `cp` and `chmod`, and a
 * `find` with `-mindepth` and `-delete` (GNU findutils and BusyBox have both).
 */
export function seedScript(paths: readonly WritablePath[]): string {
  return [
    "set -eu",
    ...paths
      .filter((p) => p.seedFromImage)
      .map((p) => {
        const target = `${SEED_MOUNT_DIR}/${p.name}`;
        return (
          `find ${target} -mindepth 1 -delete && cp -R -P ${p.mountPath}/. ${target}/ && ` +
          `chmod -R u+w ${target}`
        );
      }),
  ].join("\n");
}
