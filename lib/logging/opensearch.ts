/**
 * The OpenSearch chart's values: a StatefulSet of `nodes` nodes on encrypted gp3 volumes, heap half
 * the memory limit, the security plugin on with the admin password from a Kubernetes Secret, and
 * the image's demo users replaced by our own `internal_users.yml` (their passwords are public).
 */
import { OPENSEARCH_IMAGE, type PinnedImage } from "./charts";
import {
  placementValues,
  restrictedContainerSecurityContext,
  restrictedPodSecurityContext,
  type Placement,
} from "./pod-defaults";
import { containerResources, jvmHeapOption, type ContainerResources, type PartRequests } from "./resources";

/** The chart's defaults for these two make the service `opensearch-cluster-master`. */
export const OPENSEARCH_CLUSTER_NAME = "opensearch-cluster";
/** Node group of the (only) node group: every node is cluster-manager, data and ingest. */
export const OPENSEARCH_NODE_GROUP = "master";
/** The Service (and StatefulSet) the chart creates. */
export const OPENSEARCH_SERVICE = `${OPENSEARCH_CLUSTER_NAME}-${OPENSEARCH_NODE_GROUP}`;
/** REST port. */
export const OPENSEARCH_HTTP_PORT = 9200;
/** Node-to-node transport port. */
export const OPENSEARCH_TRANSPORT_PORT = 9300;
/** The image runs as this user and group. */
export const OPENSEARCH_UID = 1000;
/** Where the security plugin reads its YAML configuration in the 3.x image. */
export const SECURITY_CONFIG_PATH = "/usr/share/opensearch/config/opensearch-security";

/** `https://<service>.<namespace>.svc:9200`. */
export function openSearchUrl(namespace: string): string {
  return `https://${OPENSEARCH_SERVICE}.${namespace}.svc:${OPENSEARCH_HTTP_PORT}`;
}

/** The internal users: the admin (people, writers, the retention Job) and the Dashboards server. */
export const OPENSEARCH_USERS = { admin: "admin", dashboards: "kibanaserver" } as const;

/**
 * `internal_users.yml` with only our two users. `kibanaserver` keeps its name because the image's
 * `roles_mapping.yml` maps the Dashboards server role to that user.
 */
export function internalUsersYaml(hashes: { readonly admin: string; readonly dashboards: string }): string {
  for (const hash of [hashes.admin, hashes.dashboards]) {
    if (!/^\$2[aby]\$\d\d\$[./A-Za-z0-9]{53}$/.test(hash))
      throw new Error("internal users need bcrypt hashes");
  }
  return [
    "---",
    "_meta:",
    "  type: internalusers",
    "  config_version: 2",
    `${OPENSEARCH_USERS.admin}:`,
    `  hash: "${hashes.admin}"`,
    "  reserved: true",
    "  backend_roles:",
    "    - admin",
    "  description: game-infra logging admin (people, writers, retention Job)",
    `${OPENSEARCH_USERS.dashboards}:`,
    `  hash: "${hashes.dashboards}"`,
    "  reserved: true",
    "  description: OpenSearch Dashboards server",
    "",
  ].join("\n");
}

/**
 * `opensearch.yml`. The security block is the chart's own (nested keys, as the image's demo
 * installer expects, so it still provides the in-cluster TLS certificates); audit logging is left
 * off because its index would grow outside the retention policy.
 */
export function openSearchYml(): string {
  return [
    `cluster.name: ${OPENSEARCH_CLUSTER_NAME}`,
    "network.host: 0.0.0.0",
    // With mmap off, Lucene needs no raised vm.max_map_count, which would take a privileged init container.
    "node.store.allow_mmap: false",
    "plugins:",
    "  security:",
    "    ssl:",
    "      transport:",
    "        pemcert_filepath: esnode.pem",
    "        pemkey_filepath: esnode-key.pem",
    "        pemtrustedcas_filepath: root-ca.pem",
    "        enforce_hostname_verification: false",
    "      http:",
    "        enabled: true",
    "        pemcert_filepath: esnode.pem",
    "        pemkey_filepath: esnode-key.pem",
    "        pemtrustedcas_filepath: root-ca.pem",
    "    allow_unsafe_democertificates: true",
    "    allow_default_init_securityindex: true",
    "    authcz:",
    "      admin_dn:",
    '        - "CN=kirk,OU=client,O=client,L=test,C=de"',
    "    restapi:",
    '      roles_enabled: ["all_access", "security_rest_api_access"]',
    "",
  ].join("\n");
}

/** An environment variable taken from a Secret key. */
export interface SecretEnvVar {
  readonly name: string;
  readonly valueFrom: { readonly secretKeyRef: { readonly name: string; readonly key: string } };
}

/** `name` from key `key` of Secret `secret`. */
export function secretEnv(name: string, secret: string, key: string): SecretEnvVar {
  return { name, valueFrom: { secretKeyRef: { name: secret, key } } };
}

/** A TCP probe. */
export interface TcpProbe {
  readonly tcpSocket: { readonly port: number };
  readonly initialDelaySeconds?: number;
  readonly periodSeconds: number;
  readonly timeoutSeconds: number;
  readonly failureThreshold: number;
}

/** The subset of the opensearch chart's values this program sets. */
export interface OpenSearchValues {
  readonly clusterName: string;
  readonly nodeGroup: string;
  readonly singleNode: boolean;
  readonly replicas: number;
  readonly roles: readonly string[];
  readonly image: PinnedImage & { readonly pullPolicy: "IfNotPresent" };
  readonly opensearchJavaOpts: string;
  readonly resources: ContainerResources;
  readonly persistence: {
    readonly enabled: true;
    readonly enableInitChown: false;
    readonly storageClass: string;
    readonly accessModes: readonly ["ReadWriteOnce"];
    readonly size: string;
  };
  readonly config: { readonly "opensearch.yml": string };
  readonly extraEnvs: readonly SecretEnvVar[];
  readonly securityConfig: {
    readonly enabled: true;
    readonly path: string;
    readonly internalUsersSecret: string;
  };
  readonly podSecurityContext: ReturnType<typeof restrictedPodSecurityContext>;
  readonly securityContext: ReturnType<typeof restrictedContainerSecurityContext>;
  readonly sysctl: { readonly enabled: false };
  readonly sysctlInit: { readonly enabled: false };
  readonly nodeSelector: Record<string, string>;
  readonly tolerations: Placement["tolerations"];
  readonly antiAffinity: "hard" | "soft";
  readonly antiAffinityTopologyKey: string;
  readonly maxUnavailable: number;
  readonly labels: Record<string, string>;
  readonly startupProbe: TcpProbe;
  readonly readinessProbe: TcpProbe;
  readonly livenessProbe: TcpProbe;
  readonly terminationGracePeriod: number;
  readonly rbac: { readonly create: false; readonly automountServiceAccountToken: false };
}

/** What the store is built from. */
export interface OpenSearchShape {
  readonly nodes: number;
  readonly storageGiB: number;
  readonly storageClass: string;
  readonly requests: PartRequests;
  readonly placement: Placement;
  readonly labels: Readonly<Record<string, string>>;
  /** Secret with the admin password under `password`. */
  readonly adminSecret: string;
  /** Secret with `internal_users.yml`. */
  readonly internalUsersSecret: string;
}

/** The opensearch chart's values for `shape`. */
export function openSearchValues(shape: OpenSearchShape): OpenSearchValues {
  const heap = jvmHeapOption(shape.requests.memoryMiB);
  return {
    clusterName: OPENSEARCH_CLUSTER_NAME,
    nodeGroup: OPENSEARCH_NODE_GROUP,
    // The chart then sets discovery.type=single-node instead of waiting for a quorum.
    singleNode: shape.nodes === 1,
    replicas: shape.nodes,
    roles: ["master", "ingest", "data"],
    image: { ...OPENSEARCH_IMAGE, pullPolicy: "IfNotPresent" },
    opensearchJavaOpts: `-Xms${heap} -Xmx${heap}`,
    resources: containerResources(shape.requests),
    persistence: {
      enabled: true,
      // The chart's chown init container runs as root; fsGroup already makes the volume writable.
      enableInitChown: false,
      storageClass: shape.storageClass,
      accessModes: ["ReadWriteOnce"],
      size: `${shape.storageGiB}Gi`,
    },
    config: { "opensearch.yml": openSearchYml() },
    // Read by the image's demo installer, which is also what lays down the in-cluster certificates.
    extraEnvs: [secretEnv("OPENSEARCH_INITIAL_ADMIN_PASSWORD", shape.adminSecret, "password")],
    securityConfig: {
      enabled: true,
      path: SECURITY_CONFIG_PATH,
      internalUsersSecret: shape.internalUsersSecret,
    },
    podSecurityContext: restrictedPodSecurityContext(OPENSEARCH_UID, OPENSEARCH_UID, OPENSEARCH_UID),
    // The image writes its generated TLS material and config into its own config directory.
    securityContext: restrictedContainerSecurityContext(OPENSEARCH_UID, false),
    sysctl: { enabled: false },
    sysctlInit: { enabled: false },
    ...placementValues(shape.placement),
    // With several nodes each one must sit on its own node, or losing one node loses the cluster.
    antiAffinity: shape.nodes > 1 ? "hard" : "soft",
    antiAffinityTopologyKey: "kubernetes.io/hostname",
    maxUnavailable: 1,
    labels: { ...shape.labels },
    startupProbe: {
      tcpSocket: { port: OPENSEARCH_HTTP_PORT },
      periodSeconds: 10,
      timeoutSeconds: 3,
      failureThreshold: 30,
    },
    readinessProbe: {
      tcpSocket: { port: OPENSEARCH_HTTP_PORT },
      periodSeconds: 10,
      timeoutSeconds: 3,
      failureThreshold: 3,
    },
    livenessProbe: {
      tcpSocket: { port: OPENSEARCH_TRANSPORT_PORT },
      initialDelaySeconds: 60,
      periodSeconds: 20,
      timeoutSeconds: 5,
      failureThreshold: 6,
    },
    terminationGracePeriod: 120,
    rbac: { create: false, automountServiceAccountToken: false },
  };
}
