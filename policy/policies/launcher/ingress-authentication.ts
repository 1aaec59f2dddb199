// L1: the launcher can create, change and delete environments, so nobody reaches it without
// logging in at the ALB (auth-type: oidc) — except game clients reading the preset API, which have no
// browser. Those paths may skip the login only if they are the preset API's and only if the ALB rule
// admits the studio network alone (a source-ip condition) or the server checks a token.
//
// What the policy can see: the Ingresses of the launcher namespace (every Ingress there is the
// launcher's; an Ingress can only reach Services of its own namespace) with their annotations and
// paths, and the launcher's pod templates (whether PRESET_TOKEN comes from a Secret). What it
// cannot see: whether the identity provider and client Secret work, whether the server really checks
// the token and serves only GET under the prefix, and the order of rules on the shared ALB.
import type { PolicyResource } from "@pulumi/policy";

import { LAUNCHER_ENV, LAUNCHER_NAMESPACE, PRESET_API_PREFIX } from "../../../lib/launcher-contract";
import { ALB_AUTH_ANNOTATIONS, conditionsAnnotation } from "../../../lib/launcher-ingress";
import { stackPolicy } from "../../lib/define-policy";
import { containersOf, namespaceOf, objectNameOf, podTemplateOf } from "../../lib/pod-templates";
import { Ingress } from "../../lib/resource-types";
import { readKnown } from "../../lib/stack-resources";
import { arrayOf, type Props, recordOf, show } from "../../lib/values";

const ALB = "alb.ingress.kubernetes.io";
const OIDC_FIELDS = ["issuer", "authorizationEndpoint", "tokenEndpoint", "userInfoEndpoint"] as const;
const OPEN_CIDRS = ["0.0.0.0/0", "::/0"];

/** Whether a launcher pod takes PRESET_TOKEN from a Secret (a literal value would sit in the plan). */
function presetTokenConfigured(resources: readonly PolicyResource[]): boolean {
  return resources.some(
    (r) =>
      readKnown(() => {
        const template = podTemplateOf(r);
        if (!template || namespaceOf(r) !== LAUNCHER_NAMESPACE) return false;
        return containersOf(template.spec).some(({ container }) =>
          arrayOf(container.env).some((e) => {
            const ref = e.valueFrom?.secretKeyRef;
            return (
              e.name === LAUNCHER_ENV.presetToken &&
              typeof ref?.name === "string" &&
              typeof ref?.key === "string"
            );
          }),
        );
      }) ?? false,
  );
}

/** The protocols the Ingress's rules listen on (the controller's default: HTTPS with a certificate, else HTTP). */
function listenProtocols(annotations: Readonly<Record<string, unknown>>): Set<string> | string {
  const raw = annotations[ALB_AUTH_ANNOTATIONS.listenPorts];
  if (raw === undefined)
    return new Set([annotations[`${ALB}/certificate-arn`] === undefined ? "HTTP" : "HTTPS"]);
  try {
    const ports = JSON.parse(String(raw)) as unknown;
    if (!Array.isArray(ports)) throw new Error("not a list");
    return new Set(ports.flatMap((p) => Object.keys(recordOf<unknown>(p as Record<string, unknown>))));
  } catch {
    return `${ALB_AUTH_ANNOTATIONS.listenPorts} ${show(raw)} is not a JSON list of {"HTTP": port} / {"HTTPS": port}`;
  }
}

/** Problems of an Ingress that logs users in: a complete OIDC configuration, on HTTPS only. */
function oidcProblems(where: string, annotations: Readonly<Record<string, unknown>>): string[] {
  const problems: string[] = [];
  const raw = annotations[ALB_AUTH_ANNOTATIONS.idpOidc];
  let idp: Record<string, unknown> | undefined;
  try {
    idp = recordOf<unknown>(JSON.parse(String(raw)) as Record<string, unknown>);
  } catch {
    idp = undefined;
  }
  const missing = idp
    ? [
        ...OIDC_FIELDS.filter((f) => typeof idp[f] !== "string" || !String(idp[f]).startsWith("https://")),
        ...(typeof idp.secretName === "string" && idp.secretName !== "" ? [] : ["secretName"]),
      ]
    : [];
  if (!idp || missing.length > 0) {
    problems.push(
      `${where} has auth-type oidc but ${ALB_AUTH_ANNOTATIONS.idpOidc} ${idp ? `lacks ${missing.join(", ")} (https:// URLs and the client Secret's name)` : `is ${show(raw)}, not the identity provider's JSON`}`,
    );
  }
  const unauthenticated = annotations[ALB_AUTH_ANNOTATIONS.onUnauthenticatedRequest];
  if (unauthenticated === "allow") {
    problems.push(
      `${where} lets unauthenticated requests through (${ALB_AUTH_ANNOTATIONS.onUnauthenticatedRequest}: allow)`,
    );
  }
  const protocols = listenProtocols(annotations);
  if (typeof protocols === "string") problems.push(`${where}: ${protocols}`);
  else if (protocols.has("HTTP") && annotations[ALB_AUTH_ANNOTATIONS.sslRedirect] === undefined) {
    problems.push(
      `${where} listens on HTTP without ${ALB_AUTH_ANNOTATIONS.sslRedirect}: the ALB authenticates on HTTPS listeners only, so its HTTP rules would forward without a login`,
    );
  }
  return problems;
}

/** Whether `path` stays inside the preset API. */
function underPresetPrefix(path: unknown): boolean {
  return typeof path === "string" && (path === PRESET_API_PREFIX || path.startsWith(`${PRESET_API_PREFIX}/`));
}

/** The source-ip CIDRs of the conditions annotation for `service`, or why there are none usable. */
function sourceIpLimit(annotations: Readonly<Record<string, unknown>>, service: string): string[] | string {
  const key = conditionsAnnotation(service);
  const raw = annotations[key];
  if (raw === undefined) return `no ${key} annotation`;
  let conditions: unknown;
  try {
    conditions = JSON.parse(String(raw));
  } catch {
    return `${key} is not JSON`;
  }
  const values = arrayOf(conditions as Props[])
    .filter((c) => c?.field === "source-ip")
    .flatMap((c) => arrayOf<unknown>(c.sourceIpConfig?.values));
  if (values.length === 0) return `${key} has no source-ip condition`;
  const open = values.filter((v) => typeof v !== "string" || OPEN_CIDRS.includes(v) || v.endsWith("/0"));
  if (open.length > 0) return `${key} admits ${open.map((v) => show(v)).join(", ")}, every address`;
  return values as string[];
}

/** The problems of one launcher Ingress. */
function ingressProblems(resource: PolicyResource, tokenConfigured: boolean): string[] {
  const where = `Ingress ${LAUNCHER_NAMESPACE}/${objectNameOf(resource)}`;
  const annotations = recordOf<unknown>(resource.props.metadata?.annotations);
  const spec: Props = resource.props.spec ?? {};
  const problems: string[] = [];
  if (spec.defaultBackend !== undefined) {
    problems.push(
      `${where} has a default backend, which would catch requests for every host on the shared ALB`,
    );
  }
  const authType = annotations[ALB_AUTH_ANNOTATIONS.type] ?? "none";
  if (authType === "oidc") return [...problems, ...oidcProblems(where, annotations)];

  const paths = arrayOf<Props>(spec.rules).flatMap((rule) =>
    arrayOf<Props>(rule.http?.paths).map((p) => ({
      path: p.path as unknown,
      service: p.backend?.service?.name as unknown,
    })),
  );
  const outside = paths.filter((p) => !underPresetPrefix(p.path));
  if (outside.length > 0) {
    problems.push(
      `${where} has auth-type ${show(authType)} and routes ${outside.map((p) => show(p.path ?? "every path")).join(", ")}; only the preset API (${PRESET_API_PREFIX}) may skip the ALB's OIDC login (auth-type: oidc)`,
    );
    return problems;
  }
  if (tokenConfigured) return problems;
  for (const service of new Set(paths.map((p) => String(p.service)))) {
    const limit = sourceIpLimit(annotations, service);
    if (typeof limit === "string") {
      problems.push(
        `${where} serves the preset API without a login, limited neither by source CIDR (${limit}) nor by a token (no launcher container takes ${LAUNCHER_ENV.presetToken} from a Secret)`,
      );
    }
  }
  return problems;
}

/** L1: the launcher's Ingresses require OIDC, except the preset API limited by CIDR or token. */
export const launcherIngressAuthentication = stackPolicy(
  {
    name: "launcher-ingress-authentication",
    catalogueId: "L1",
    check:
      `Every Ingress in the launcher namespace (${LAUNCHER_NAMESPACE}) requires the ALB's OIDC login: auth-type oidc with a complete ` +
      `auth-idp-oidc (https endpoints, client Secret), unauthenticated requests not allowed through, no HTTP listener without ssl-redirect; ` +
      `an Ingress without it may only route paths under ${PRESET_API_PREFIX}, each backend limited by a source-ip condition without /0, ` +
      `unless a launcher container takes ${LAUNCHER_ENV.presetToken} from a Secret; no default backend.`,
    enforcementLevel: "mandatory",
  },
  (args, report) => {
    const ingresses = args.resources.filter(
      (r) => r.isType(Ingress) && (readKnown(() => namespaceOf(r) === LAUNCHER_NAMESPACE) ?? false),
    );
    if (ingresses.length === 0) return;
    const tokenConfigured = presetTokenConfigured(args.resources);
    for (const ingress of ingresses) {
      for (const problem of readKnown(() => ingressProblems(ingress, tokenConfigured)) ?? []) {
        report(problem, ingress.urn);
      }
    }
  },
);
