/**
 * The environment's public Ingress, on the stack's shared ALB: every Ingress of the stack joins one
 * IngressGroup, so the AWS Load Balancer Controller builds one load balancer with one rule set per
 * host, instead of a load balancer per environment. HTTPS with the stack's wildcard certificate;
 * HTTP redirects to HTTPS; external-dns creates a record for each host.
 */
import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { previewServiceName } from "../workload/manifest";
import type { PublicEndpoint } from "./hosts";

/** The IngressClass the AWS Load Balancer Controller's chart installs. */
export const ALB_INGRESS_CLASS = "alb";
/** TLS 1.3 and 1.2 only (the controller's recommended policy). */
export const ALB_SSL_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";
/** Seconds a stopping pod's target drains: shorter than the pods' preStop sleep plus grace period. */
export const DEREGISTRATION_DELAY_SECONDS = 30;

/** One host and the Service it reaches. */
export interface IngressRoute {
  readonly host: string;
  readonly service: string;
  readonly port: number;
  /** Path the ALB health-checks on the pods. */
  readonly healthCheckPath: string;
}

/** The Service behind each public entry point; the preview host reaches a blue/green game server's idle colour. */
export const ENDPOINT_SERVICES: Readonly<Record<PublicEndpoint, string>> = {
  game: "gameserver",
  backoffice: "backoffice",
  gamePreview: previewServiceName("gameserver"),
};

/** The Ingress routes for an environment's hosts: every public Service listens on port 80 and answers `/readyz`. */
export function environmentRoutes(hosts: Partial<Record<PublicEndpoint, string>>): IngressRoute[] {
  return (Object.keys(hosts) as PublicEndpoint[]).map((endpoint) => ({
    host: hosts[endpoint]!,
    service: ENDPOINT_SERVICES[endpoint],
    port: 80,
    healthCheckPath: "/readyz",
  }));
}

/** What the environment's Ingress is built from. */
export interface PublicIngressInput {
  readonly name: string;
  readonly namespace: pulumi.Input<string>;
  readonly labels: Readonly<Record<string, string>>;
  readonly groupName: string;
  readonly certificateArn: pulumi.Input<string>;
  readonly routes: readonly IngressRoute[];
}

/** The annotations that put an Ingress on the shared ALB. Group-wide settings are the same for every member. */
export function albAnnotations(
  groupName: string,
  certificateArn: pulumi.Input<string>,
): Record<string, pulumi.Input<string>> {
  return {
    "alb.ingress.kubernetes.io/group.name": groupName,
    "alb.ingress.kubernetes.io/scheme": "internet-facing",
    // Pods are the targets, so NetworkPolicies see the ALB's addresses and readiness gates apply.
    "alb.ingress.kubernetes.io/target-type": "ip",
    "alb.ingress.kubernetes.io/listen-ports": JSON.stringify([{ HTTP: 80 }, { HTTPS: 443 }]),
    "alb.ingress.kubernetes.io/ssl-redirect": "443",
    "alb.ingress.kubernetes.io/certificate-arn": certificateArn,
    "alb.ingress.kubernetes.io/ssl-policy": ALB_SSL_POLICY,
    "alb.ingress.kubernetes.io/target-group-attributes": `deregistration_delay.timeout_seconds=${DEREGISTRATION_DELAY_SECONDS}`,
  };
}

/** The environment's Ingress: one rule per host, all on the shared ALB. */
export function publicIngress(input: PublicIngressInput): k8s.networking.v1.IngressArgs {
  const healthChecks = [...new Set(input.routes.map((r) => r.healthCheckPath))];
  return {
    metadata: {
      name: input.name,
      namespace: input.namespace,
      labels: { ...input.labels },
      annotations: {
        ...albAnnotations(input.groupName, input.certificateArn),
        ...(healthChecks.length === 1
          ? { "alb.ingress.kubernetes.io/healthcheck-path": healthChecks[0]! }
          : {}),
      },
    },
    spec: {
      ingressClassName: ALB_INGRESS_CLASS,
      tls: [{ hosts: input.routes.map((r) => r.host) }],
      rules: input.routes.map((route) => ({
        host: route.host,
        http: {
          paths: [
            {
              path: "/",
              pathType: "Prefix",
              backend: { service: { name: route.service, port: { number: route.port } } },
            },
          ],
        },
      })),
    },
  };
}
