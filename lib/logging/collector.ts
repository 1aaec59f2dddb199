/**
 * The collector (Fluent Bit DaemonSet): its chart values, and the one exception to the restricted
 * pod rules this program makes. The exception is narrow: one hostPath, `/var/log`, mounted
 * read-only (container logs are files on the node; there is no other way to read them), and a
 * process that still runs as a non-root user with no capabilities. It runs with group 0 because
 * the container runtime writes log files `0640 root:root`; group read is all that grants.
 */
import type { Toleration } from "../grace";
import { FLUENT_BIT_IMAGE, type PinnedImage } from "./charts";
import {
  COLLECTOR_BUFFER_DIR,
  COLLECTOR_BUFFER_MIB,
  COLLECTOR_HOST_LOG_DIR,
  COLLECTOR_HTTP_PORT,
  COLLECTOR_STATE_DIR,
  LOG_INDEX_LUA,
  LOG_INDEX_SCRIPT,
  OPENSEARCH_CREDENTIAL_ENV,
  fluentBitConfig,
  type CollectorOutput,
  type FluentBitConfig,
} from "./fluent-bit";
import { secretEnv, type SecretEnvVar } from "./opensearch";
import { restrictedContainerSecurityContext } from "./pod-defaults";
import { containerResources, type ContainerResources, type PartRequests } from "./resources";

/** The Helm release (and DaemonSet) name: policy allow-lists name the collector by it. */
export const COLLECTOR_RELEASE = "fluent-bit";

/** A non-root user with no home on the node; it matters only that it is not 0. */
export const COLLECTOR_UID = 65532;
/** Group 0 only to read `0640 root:root` log files (see the module comment). */
export const COLLECTOR_GID = 0;

/** The collector's memory limit is twice its request: bursts after an output outage drain the buffer. */
export const COLLECTOR_MEMORY_LIMIT_FACTOR = 2;

/** The host paths the collector mounts: exactly one, read-only. The policy allow-list covers only this. */
export const COLLECTOR_HOST_PATHS: ReadonlyArray<{
  readonly name: string;
  readonly path: string;
  readonly readOnly: true;
}> = [{ name: "varlog", path: COLLECTOR_HOST_LOG_DIR, readOnly: true }];

/**
 * Tolerations that let the collector run on every node: each pool's taints, plus the grace-period
 * ones. (The DaemonSet controller widens the not-ready/unreachable ones to "forever" for DaemonSet
 * pods, which is what a node agent should get; they are listed so every pod template carries them.)
 */
export function everyNodeTolerations(
  pools: ReadonlyArray<{ readonly tolerations: readonly Toleration[] }>,
  grace: readonly Toleration[],
): Toleration[] {
  const seen = new Set<string>();
  const out: Toleration[] = [];
  for (const t of [...pools.flatMap((p) => p.tolerations), ...grace]) {
    const key = JSON.stringify([t.key, t.operator, t.value ?? null, t.effect]);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ ...t });
  }
  return out;
}

/** The subset of the fluent-bit chart's values this program sets. */
export interface CollectorValues {
  readonly kind: "DaemonSet";
  readonly image: PinnedImage & { readonly pullPolicy: "IfNotPresent" };
  readonly testFramework: { readonly enabled: false };
  readonly serviceAccount: { readonly create: true };
  readonly rbac: { readonly create: true; readonly nodeAccess: false };
  readonly priorityClassName: string;
  readonly podSecurityContext: {
    readonly runAsNonRoot: true;
    readonly runAsUser: number;
    readonly runAsGroup: number;
    readonly seccompProfile: { readonly type: "RuntimeDefault" };
  };
  readonly securityContext: ReturnType<typeof restrictedContainerSecurityContext>;
  readonly hostNetwork: false;
  readonly resources: ContainerResources;
  readonly tolerations: Toleration[];
  readonly nodeSelector: Record<string, never>;
  readonly daemonSetVolumes: ReadonlyArray<{
    readonly name: string;
    readonly hostPath: { readonly path: string; readonly type: "Directory" };
  }>;
  readonly daemonSetVolumeMounts: ReadonlyArray<{
    readonly name: string;
    readonly mountPath: string;
    readonly readOnly: true;
  }>;
  readonly extraVolumes: ReadonlyArray<{
    readonly name: string;
    readonly emptyDir: { readonly sizeLimit: string };
  }>;
  readonly extraVolumeMounts: ReadonlyArray<{ readonly name: string; readonly mountPath: string }>;
  readonly env: readonly SecretEnvVar[];
  readonly luaScripts: Readonly<Record<string, string>>;
  readonly config: FluentBitConfig;
  readonly livenessProbe: {
    readonly httpGet: { readonly path: string; readonly port: string };
    readonly periodSeconds: number;
    readonly failureThreshold: number;
  };
  readonly readinessProbe: {
    readonly httpGet: { readonly path: string; readonly port: string };
    readonly periodSeconds: number;
    readonly failureThreshold: number;
  };
  readonly labels: Record<string, string>;
  readonly podLabels: Record<string, string>;
  readonly metricsPort: number;
  readonly updateStrategy: {
    readonly type: "RollingUpdate";
    readonly rollingUpdate: { readonly maxUnavailable: string };
  };
}

/** What the collector is built from. */
export interface CollectorShape {
  readonly output: CollectorOutput;
  readonly requests: PartRequests;
  readonly tolerations: readonly Toleration[];
  readonly labels: Readonly<Record<string, string>>;
  /** Secret with the OpenSearch credentials (`username`, `password`); used only for direct output. */
  readonly credentialsSecret: string;
}

/** The fluent-bit chart's values for `shape`. */
export function collectorValues(shape: CollectorShape): CollectorValues {
  return {
    kind: "DaemonSet",
    image: { ...FLUENT_BIT_IMAGE, pullPolicy: "IfNotPresent" },
    // The chart's test pod uses busybox:latest, an unversioned image.
    testFramework: { enabled: false },
    serviceAccount: { create: true },
    // The kubernetes filter reads pod metadata from the API; nothing else.
    rbac: { create: true, nodeAccess: false },
    // A node agent must fit on full nodes; it may preempt ordinary pods to get there.
    priorityClassName: "system-node-critical",
    podSecurityContext: {
      runAsNonRoot: true,
      runAsUser: COLLECTOR_UID,
      runAsGroup: COLLECTOR_GID,
      seccompProfile: { type: "RuntimeDefault" },
    },
    securityContext: restrictedContainerSecurityContext(COLLECTOR_UID),
    hostNetwork: false,
    resources: containerResources(shape.requests, COLLECTOR_MEMORY_LIMIT_FACTOR),
    tolerations: shape.tolerations.map((t) => ({ ...t })),
    // Every node, whatever its pool.
    nodeSelector: {},
    daemonSetVolumes: COLLECTOR_HOST_PATHS.map((h) => ({
      name: h.name,
      hostPath: { path: h.path, type: "Directory" },
    })),
    daemonSetVolumeMounts: COLLECTOR_HOST_PATHS.map((h) => ({
      name: h.name,
      mountPath: h.path,
      readOnly: true,
    })),
    extraVolumes: [
      { name: "state", emptyDir: { sizeLimit: "64Mi" } },
      { name: "buffer", emptyDir: { sizeLimit: `${COLLECTOR_BUFFER_MIB * 2}Mi` } },
    ],
    extraVolumeMounts: [
      { name: "state", mountPath: COLLECTOR_STATE_DIR },
      { name: "buffer", mountPath: COLLECTOR_BUFFER_DIR },
    ],
    env:
      shape.output.kind === "opensearch"
        ? [
            secretEnv(OPENSEARCH_CREDENTIAL_ENV.username, shape.credentialsSecret, "username"),
            secretEnv(OPENSEARCH_CREDENTIAL_ENV.password, shape.credentialsSecret, "password"),
          ]
        : [],
    luaScripts: { [LOG_INDEX_SCRIPT]: LOG_INDEX_LUA },
    config: fluentBitConfig(shape.output),
    livenessProbe: { httpGet: { path: "/", port: "http" }, periodSeconds: 20, failureThreshold: 6 },
    readinessProbe: {
      httpGet: { path: "/api/v1/health", port: "http" },
      periodSeconds: 10,
      failureThreshold: 3,
    },
    labels: { ...shape.labels },
    podLabels: { ...shape.labels },
    metricsPort: COLLECTOR_HTTP_PORT,
    updateStrategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: "20%" } },
  };
}
