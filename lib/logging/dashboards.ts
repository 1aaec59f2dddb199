/**
 * OpenSearch Dashboards: the chart's values, and the Ingress that puts it on the stack's shared ALB
 * at `logs.<domain>`. The ALB is shared with public game endpoints, so its security group cannot
 * restrict who reaches Dashboards; the listener rule does, with a source-IP condition, and requests
 * from anywhere else fall through to the ALB's default 404. Login is the security plugin's.
 */
import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { maxSourceIpValues, sourceIpLimitReason, type IngressRulePath } from "../alb-rules";
import { OPENSEARCH_DASHBOARDS_IMAGE, type PinnedImage } from "./charts";
import { OPENSEARCH_USERS, openSearchUrl, type TcpProbe } from "./opensearch";
import {
  placementValues,
  restrictedContainerSecurityContext,
  restrictedPodSecurityContext,
  spreadOverNodes,
  type Placement,
} from "./pod-defaults";
import {
  CHART_CPU_LIMIT_MILLICORES,
  containerResources,
  type ContainerResources,
  type PartRequests,
} from "./resources";

/** The Service (and Deployment) name, fixed with `fullnameOverride`. */
export const DASHBOARDS_SERVICE = "opensearch-dashboards";
/** Dashboards' HTTP port. */
export const DASHBOARDS_PORT = 5601;
/** The image runs as this user. */
export const DASHBOARDS_UID = 1000;
/** The host name under the stack's domain. */
export const DASHBOARDS_HOST_LABEL = "logs";
/** Served without a session, so the ALB's health check needs no credentials. */
export const DASHBOARDS_LOGIN_PATH = "/app/login";
/** The Ingress path: everything under `logs.<domain>`. */
export const DASHBOARDS_PATH = { path: "/", pathType: "Prefix" } as const;

/** The listener rule the controller builds for Dashboards (its host is one value, whatever the domain). */
const DASHBOARDS_RULE: IngressRulePath = { host: dashboardsHost("<domain>"), ...DASHBOARDS_PATH };

/**
 * How many CIDRs fit in the rule's source-ip condition: 3, since the host and the `/*` path pattern
 * take two of the rule's five condition values (lib/alb-rules.ts). More would need a second rule on
 * the shared ALB; config validation refuses them instead (docs/logging.md, "Who can open Dashboards").
 */
export const MAX_DASHBOARDS_CIDRS = maxSourceIpValues(DASHBOARDS_RULE);

/** Why no more than {@link MAX_DASHBOARDS_CIDRS} fit, for error messages. */
export const DASHBOARDS_CIDR_LIMIT_REASON = sourceIpLimitReason(DASHBOARDS_RULE);

/** `logs.<domain>`. */
export function dashboardsHost(domain: string): string {
  return `${DASHBOARDS_HOST_LABEL}.${domain}`;
}

/** `opensearch_dashboards.yml`; credentials and the cookie key come from the Secret via environment. */
export function dashboardsYml(namespace: string): string {
  return [
    'server.host: "0.0.0.0"',
    `server.name: ${DASHBOARDS_SERVICE}`,
    // TLS ends at the ALB; the browser still only ever sees https, so the session cookie is Secure.
    "server.ssl.enabled: false",
    `opensearch.hosts: ["${openSearchUrl(namespace)}"]`,
    // The store's in-cluster certificate is the chart's demo one (docs/logging.md, "Known limits").
    "opensearch.ssl.verificationMode: none",
    "opensearch.username: ${OPENSEARCH_USERNAME}",
    "opensearch.password: ${OPENSEARCH_PASSWORD}",
    'opensearch.requestHeadersAllowlist: ["securitytenant", "Authorization"]',
    "opensearch_security.multitenancy.enabled: false",
    "opensearch_security.readonly_mode.roles: []",
    "opensearch_security.cookie.secure: true",
    "opensearch_security.cookie.password: ${COOKIE_PASS}",
    "",
  ].join("\n");
}

/** The subset of the opensearch-dashboards chart's values this program sets. */
export interface DashboardsValues {
  readonly fullnameOverride: string;
  readonly replicaCount: number;
  readonly image: PinnedImage & { readonly pullPolicy: "IfNotPresent" };
  readonly opensearchHosts: string;
  readonly opensearchAccount: {
    readonly secret: string;
    readonly keyPassphrase: { readonly enabled: false };
  };
  readonly config: { readonly "opensearch_dashboards.yml": string };
  readonly serviceAccount: { readonly create: true };
  readonly rbac: { readonly create: false };
  readonly podSecurityContext: ReturnType<typeof restrictedPodSecurityContext>;
  readonly securityContext: ReturnType<typeof restrictedContainerSecurityContext>;
  readonly resources: ContainerResources;
  readonly nodeSelector: Record<string, string>;
  readonly tolerations: Placement["tolerations"];
  readonly affinity: ReturnType<typeof spreadOverNodes>;
  readonly extraVolumes: ReadonlyArray<{
    readonly name: string;
    readonly emptyDir: { readonly sizeLimit: string };
  }>;
  readonly extraVolumeMounts: ReadonlyArray<{ readonly name: string; readonly mountPath: string }>;
  readonly readinessProbe: TcpProbe;
  readonly livenessProbe: TcpProbe;
  readonly startupProbe: TcpProbe;
  readonly updateStrategy: { readonly type: "RollingUpdate" };
  readonly service: { readonly type: "ClusterIP"; readonly port: number };
  readonly ingress: { readonly enabled: false };
  readonly labels: Record<string, string>;
}

/** What Dashboards is built from. */
export interface DashboardsShape {
  readonly namespace: string;
  readonly replicas: number;
  readonly requests: PartRequests;
  readonly placement: Placement;
  readonly labels: Readonly<Record<string, string>>;
  /** Secret with `username`, `password` (the Dashboards server user) and `cookie`. */
  readonly credentialsSecret: string;
}

/** The opensearch-dashboards chart's values for `shape`. */
export function dashboardsValues(shape: DashboardsShape): DashboardsValues {
  return {
    fullnameOverride: DASHBOARDS_SERVICE,
    replicaCount: shape.replicas,
    image: { ...OPENSEARCH_DASHBOARDS_IMAGE, pullPolicy: "IfNotPresent" },
    opensearchHosts: openSearchUrl(shape.namespace),
    // The chart maps this Secret's username/password/cookie keys to the environment the config reads.
    opensearchAccount: { secret: shape.credentialsSecret, keyPassphrase: { enabled: false } },
    config: { "opensearch_dashboards.yml": dashboardsYml(shape.namespace) },
    serviceAccount: { create: true },
    rbac: { create: false },
    podSecurityContext: restrictedPodSecurityContext(DASHBOARDS_UID, DASHBOARDS_UID, DASHBOARDS_UID),
    securityContext: restrictedContainerSecurityContext(DASHBOARDS_UID),
    resources: containerResources(shape.requests, 1, CHART_CPU_LIMIT_MILLICORES),
    ...placementValues(shape.placement),
    affinity: spreadOverNodes({ "app.kubernetes.io/name": "opensearch-dashboards" }),
    // The read-only root file system leaves Dashboards only these to write to.
    extraVolumes: [
      { name: "data", emptyDir: { sizeLimit: "256Mi" } },
      { name: "tmp", emptyDir: { sizeLimit: "256Mi" } },
    ],
    extraVolumeMounts: [
      { name: "data", mountPath: "/usr/share/opensearch-dashboards/data" },
      { name: "tmp", mountPath: "/tmp" },
    ],
    // TCP like the chart's defaults (Helm merges probe maps, and a second handler would be invalid);
    // the ALB's health check is the HTTP one, on the login page.
    readinessProbe: {
      tcpSocket: { port: DASHBOARDS_PORT },
      periodSeconds: 10,
      timeoutSeconds: 3,
      failureThreshold: 3,
    },
    livenessProbe: {
      tcpSocket: { port: DASHBOARDS_PORT },
      initialDelaySeconds: 30,
      periodSeconds: 20,
      timeoutSeconds: 5,
      failureThreshold: 6,
    },
    startupProbe: {
      tcpSocket: { port: DASHBOARDS_PORT },
      periodSeconds: 10,
      timeoutSeconds: 3,
      failureThreshold: 30,
    },
    updateStrategy: { type: "RollingUpdate" },
    service: { type: "ClusterIP", port: DASHBOARDS_PORT },
    // The Ingress is ours (dashboardsIngress): typed, validated and part of the stack's IngressGroup.
    ingress: { enabled: false },
    labels: { ...shape.labels },
  };
}

/** The keys of the Dashboards credentials Secret, as the chart reads them. */
export const DASHBOARDS_SECRET_KEYS = {
  username: "username",
  password: "password",
  cookie: "cookie",
} as const;

/** The Dashboards server user the credentials Secret names. */
export const DASHBOARDS_SERVER_USER = OPENSEARCH_USERS.dashboards;

/** What the Ingress needs. */
export interface DashboardsIngressArgs {
  readonly namespace: string;
  readonly domain: string;
  readonly ingressGroup: string;
  readonly certificateArn: pulumi.Input<string>;
  readonly allowedCidrs: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * The Ingress for `logs.<domain>`: HTTPS only, on the stack's shared ALB (its IngressGroup), and a
 * source-IP condition on the rule so only `allowedCidrs` reach Dashboards. Only annotations that
 * merge across an IngressGroup (or are per rule) are set, so it cannot clash with the environments'.
 */
export function dashboardsIngress(args: DashboardsIngressArgs): k8s.networking.v1.IngressArgs {
  const host = dashboardsHost(args.domain);
  return {
    metadata: {
      name: DASHBOARDS_SERVICE,
      namespace: args.namespace,
      labels: { ...args.labels },
      annotations: {
        "alb.ingress.kubernetes.io/group.name": args.ingressGroup,
        "alb.ingress.kubernetes.io/scheme": "internet-facing",
        "alb.ingress.kubernetes.io/target-type": "ip",
        "alb.ingress.kubernetes.io/listen-ports": JSON.stringify([{ HTTPS: 443 }]),
        "alb.ingress.kubernetes.io/certificate-arn": args.certificateArn,
        "alb.ingress.kubernetes.io/backend-protocol": "HTTP",
        "alb.ingress.kubernetes.io/healthcheck-path": DASHBOARDS_LOGIN_PATH,
        "alb.ingress.kubernetes.io/success-codes": "200",
        [`alb.ingress.kubernetes.io/conditions.${DASHBOARDS_SERVICE}`]: JSON.stringify([
          { field: "source-ip", sourceIpConfig: { values: [...args.allowedCidrs] } },
        ]),
      },
    },
    spec: {
      ingressClassName: "alb",
      tls: [{ hosts: [host] }],
      rules: [
        {
          host,
          http: {
            paths: [
              {
                path: DASHBOARDS_PATH.path,
                pathType: DASHBOARDS_PATH.pathType,
                backend: { service: { name: DASHBOARDS_SERVICE, port: { number: DASHBOARDS_PORT } } },
              },
            ],
          },
        },
      ],
    },
  };
}
