/**
 * The Logstash chart's values (used only with the Kafka buffer): a stateless consumer, since Kafka
 * keeps the committed offsets, with its writable paths on emptyDirs under a read-only root.
 */
import type { Toleration } from "../grace";
import { LOGSTASH_IMAGE } from "./charts";
import {
  LOGSTASH_CREDENTIAL_ENV,
  LOGSTASH_YML,
  logstashPipeline,
  type LogstashPipelineArgs,
} from "./logstash";
import { secretEnv, type SecretEnvVar } from "./opensearch";
import {
  placementValues,
  restrictedContainerSecurityContext,
  restrictedPodSecurityContext,
  type Placement,
} from "./pod-defaults";
import {
  CHART_CPU_LIMIT_MILLICORES,
  containerResources,
  jvmHeapOption,
  type ContainerResources,
  type PartRequests,
} from "./resources";

/** The Helm release name. */
export const LOGSTASH_RELEASE = "logstash";
/** The image's user. */
export const LOGSTASH_UID = 1000;
/** Logstash's monitoring API, which the probes call. */
export const LOGSTASH_HTTP_PORT = 9600;

/** The subset of the logstash chart's values this program sets. */
export interface LogstashValues {
  readonly replicas: number;
  readonly image: string;
  readonly imageTag: string;
  readonly imagePullPolicy: "IfNotPresent";
  readonly logstashJavaOpts: string;
  readonly resources: ContainerResources;
  readonly logstashConfig: { readonly "logstash.yml": string };
  readonly logstashPipeline: { readonly "logstash.conf": string };
  readonly extraEnvs: readonly SecretEnvVar[];
  readonly persistence: { readonly enabled: false };
  readonly extraVolumes: ReadonlyArray<{
    readonly name: string;
    readonly emptyDir: { readonly sizeLimit: string };
  }>;
  readonly extraVolumeMounts: ReadonlyArray<{ readonly name: string; readonly mountPath: string }>;
  readonly podSecurityContext: ReturnType<typeof restrictedPodSecurityContext>;
  readonly securityContext: ReturnType<typeof restrictedContainerSecurityContext>;
  readonly nodeSelector: Record<string, string>;
  readonly tolerations: Toleration[];
  readonly antiAffinity: "soft";
  readonly httpPort: number;
  readonly readinessProbe: {
    readonly httpGet: { readonly path: string; readonly port: string };
    readonly initialDelaySeconds: number;
    readonly periodSeconds: number;
    readonly timeoutSeconds: number;
    readonly failureThreshold: number;
    readonly successThreshold: number;
  };
  readonly livenessProbe: {
    readonly httpGet: { readonly path: string; readonly port: string };
    readonly initialDelaySeconds: number;
    readonly periodSeconds: number;
    readonly timeoutSeconds: number;
    readonly failureThreshold: number;
  };
  readonly maxUnavailable: number;
  readonly terminationGracePeriod: number;
  readonly labels: Record<string, string>;
  readonly rbac: { readonly create: false };
}

/** What Logstash is built from. */
export interface LogstashShape {
  readonly replicas: number;
  readonly requests: PartRequests;
  readonly placement: Placement;
  readonly labels: Readonly<Record<string, string>>;
  readonly pipeline: LogstashPipelineArgs;
  /** Secret with the OpenSearch credentials (`username`, `password`). */
  readonly credentialsSecret: string;
}

/** The logstash chart's values for `shape`. */
export function logstashValues(shape: LogstashShape): LogstashValues {
  const heap = jvmHeapOption(shape.requests.memoryMiB);
  return {
    replicas: shape.replicas,
    image: LOGSTASH_IMAGE.repository,
    imageTag: LOGSTASH_IMAGE.tag,
    imagePullPolicy: "IfNotPresent",
    logstashJavaOpts: `-Xms${heap} -Xmx${heap}`,
    resources: containerResources(shape.requests, 1, CHART_CPU_LIMIT_MILLICORES),
    logstashConfig: { "logstash.yml": LOGSTASH_YML },
    logstashPipeline: { "logstash.conf": logstashPipeline(shape.pipeline) },
    extraEnvs: [
      secretEnv(LOGSTASH_CREDENTIAL_ENV.username, shape.credentialsSecret, "username"),
      secretEnv(LOGSTASH_CREDENTIAL_ENV.password, shape.credentialsSecret, "password"),
    ],
    // Kafka holds the consumer offsets; a replaced pod resumes from them, so no volume is needed.
    persistence: { enabled: false },
    extraVolumes: [
      { name: "data", emptyDir: { sizeLimit: "1Gi" } },
      { name: "tmp", emptyDir: { sizeLimit: "256Mi" } },
    ],
    extraVolumeMounts: [
      { name: "data", mountPath: "/usr/share/logstash/data" },
      { name: "tmp", mountPath: "/tmp" },
    ],
    podSecurityContext: restrictedPodSecurityContext(LOGSTASH_UID, LOGSTASH_UID, LOGSTASH_UID),
    securityContext: restrictedContainerSecurityContext(LOGSTASH_UID),
    ...placementValues(shape.placement),
    antiAffinity: "soft",
    httpPort: LOGSTASH_HTTP_PORT,
    readinessProbe: {
      httpGet: { path: "/", port: "http" },
      initialDelaySeconds: 30,
      periodSeconds: 10,
      timeoutSeconds: 5,
      failureThreshold: 3,
      successThreshold: 1,
    },
    // Same handler type as the chart's default (Helm merges probe maps; two handlers would be invalid),
    // but the node API rather than the root: liveness asks "is the process serving", not "is it ready".
    livenessProbe: {
      httpGet: { path: "/_node", port: "http" },
      initialDelaySeconds: 120,
      periodSeconds: 20,
      timeoutSeconds: 5,
      failureThreshold: 6,
    },
    maxUnavailable: 1,
    terminationGracePeriod: 60,
    labels: { ...shape.labels },
    rbac: { create: false },
  };
}
