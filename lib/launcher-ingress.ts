/**
 * The launcher's two Ingresses on the stack's shared ALB (catalogue L1). Every path of the host
 * `<hostLabel>.<domain>` needs an OIDC login at the ALB, except the preset API: game clients read
 * it without a browser, from the studio network (a source-ip condition on its listener rule) and,
 * when a token is configured, with the token the server checks. Annotation names and shapes are
 * the AWS Load Balancer Controller's (v2.16.0; upstream/aws-load-balancer-controller/).
 *
 * The preset Ingress is ordered before the browser one (`group.order`): otherwise the browser
 * Ingress's `/*` rule, which comes first by name, would send game clients to the login page. A
 * request to the preset path from outside the CIDRs matches no preset rule and falls through to the
 * browser rule, so it gets the login page rather than the presets.
 */
import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { ALB_INGRESS_CLASS, albAnnotations } from "./environment/ingress";
import {
  LAUNCHER_NAME,
  LAUNCHER_NAMESPACE,
  LAUNCHER_READINESS_PATH,
  PRESET_API_PREFIX,
} from "./launcher-contract";
import type { LauncherOidc } from "./launcher-settings";

/** The annotation prefix of the AWS Load Balancer Controller. */
const ALB = "alb.ingress.kubernetes.io";

/** The annotation keys L1 is about, in one place for the component and the policy. */
export const ALB_AUTH_ANNOTATIONS = {
  type: `${ALB}/auth-type`,
  idpOidc: `${ALB}/auth-idp-oidc`,
  onUnauthenticatedRequest: `${ALB}/auth-on-unauthenticated-request`,
  scope: `${ALB}/auth-scope`,
  groupOrder: `${ALB}/group.order`,
  listenPorts: `${ALB}/listen-ports`,
  sslRedirect: `${ALB}/ssl-redirect`,
  healthcheckPath: `${ALB}/healthcheck-path`,
} as const;

/** `alb.ingress.kubernetes.io/conditions.<service>`: extra conditions on the rules that reach `service`. */
export function conditionsAnnotation(service: string): string {
  return `${ALB}/conditions.${service}`;
}

/** The preset Ingress's name. */
export const PRESET_INGRESS_NAME = `${LAUNCHER_NAME}-presets`;

/** Rule order in the IngressGroup: the preset rule first, then the browser rule (both after order 0). */
export const INGRESS_ORDER = { presets: 1, browser: 2 } as const;

/** The claims the ALB asks the identity provider for: who the user is, by e-mail (the commit author). */
export const OIDC_SCOPE = "openid email";

/** What the two Ingresses are built from. */
export interface LauncherIngressInput {
  readonly host: string;
  readonly service: string;
  readonly servicePort: number;
  readonly ingressGroup: string;
  readonly certificateArn: pulumi.Input<string>;
  readonly oidc: LauncherOidc;
  /** Source CIDRs of the preset rule; empty when the token alone guards it. */
  readonly presetAllowedCidrs: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
}

/** The `auth-idp-oidc` annotation's JSON (the controller's AuthIDPConfigOIDC). */
export function oidcIdpConfig(oidc: LauncherOidc): string {
  return JSON.stringify({
    issuer: oidc.issuer,
    authorizationEndpoint: oidc.authorizationEndpoint,
    tokenEndpoint: oidc.tokenEndpoint,
    userInfoEndpoint: oidc.userInfoEndpoint,
    secretName: oidc.clientSecretName,
  });
}

/** The source-ip condition JSON for the preset rule. */
export function sourceIpConditions(cidrs: readonly string[]): string {
  return JSON.stringify([{ field: "source-ip", sourceIpConfig: { values: [...cidrs] } }]);
}

function ingress(
  name: string,
  input: LauncherIngressInput,
  path: { path: string; pathType: "Prefix" },
  annotations: Record<string, pulumi.Input<string>>,
): k8s.networking.v1.IngressArgs {
  return {
    metadata: {
      name,
      namespace: LAUNCHER_NAMESPACE,
      labels: { ...input.labels },
      annotations: {
        ...albAnnotations(input.ingressGroup, input.certificateArn),
        [ALB_AUTH_ANNOTATIONS.healthcheckPath]: LAUNCHER_READINESS_PATH,
        ...annotations,
      },
    },
    spec: {
      ingressClassName: ALB_INGRESS_CLASS,
      tls: [{ hosts: [input.host] }],
      rules: [
        {
          host: input.host,
          http: {
            paths: [
              {
                ...path,
                backend: { service: { name: input.service, port: { number: input.servicePort } } },
              },
            ],
          },
        },
      ],
    },
  };
}

/** The browser Ingress: the whole host, behind the ALB's OIDC login. */
export function browserIngress(input: LauncherIngressInput): k8s.networking.v1.IngressArgs {
  return ingress(
    LAUNCHER_NAME,
    input,
    { path: "/", pathType: "Prefix" },
    {
      [ALB_AUTH_ANNOTATIONS.groupOrder]: String(INGRESS_ORDER.browser),
      [ALB_AUTH_ANNOTATIONS.type]: "oidc",
      [ALB_AUTH_ANNOTATIONS.idpOidc]: oidcIdpConfig(input.oidc),
      [ALB_AUTH_ANNOTATIONS.onUnauthenticatedRequest]: "authenticate",
      [ALB_AUTH_ANNOTATIONS.scope]: OIDC_SCOPE,
    },
  );
}

/** The preset Ingress: the preset API's prefix only, without login, from the allowed CIDRs. */
export function presetIngress(input: LauncherIngressInput): k8s.networking.v1.IngressArgs {
  return ingress(
    PRESET_INGRESS_NAME,
    input,
    { path: PRESET_API_PREFIX, pathType: "Prefix" },
    {
      [ALB_AUTH_ANNOTATIONS.groupOrder]: String(INGRESS_ORDER.presets),
      [ALB_AUTH_ANNOTATIONS.type]: "none",
      ...(input.presetAllowedCidrs.length > 0
        ? { [conditionsAnnotation(input.service)]: sourceIpConditions(input.presetAllowedCidrs) }
        : {}),
    },
  );
}
