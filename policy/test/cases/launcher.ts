// Cases for the launcher's policies (L1, L2), from the launcher's real objects (fixtures/launcher.ts)
// with one thing changed at a time, and at the limits of each rule.
import * as k8s from "../fixtures/kubernetes";
import * as launcher from "../fixtures/launcher";
import { modified, resource } from "../fixtures/plan-builder";
import type { PolicyCase } from "../harness";

const L1 = "launcher-ingress-authentication";
const L2 = "launcher-status-read-only";
const A = "alb.ingress.kubernetes.io";

const browser = launcher.browserIngressResource();
const presets = launcher.presetIngressResource();
const presetsWithoutCidrs = launcher.presetIngressResource([]);
const deployment = launcher.launcherDeployment();
const role = launcher.launcherClusterRoleResource();
const binding = launcher.launcherClusterRoleBindingResource();

/** The browser Ingress with `annotations` changed (undefined removes one). */
function browserWith(annotations: Record<string, string | undefined>) {
  return modified(browser, (i) => {
    for (const [key, value] of Object.entries(annotations)) {
      if (value === undefined) delete i.metadata.annotations[key];
      else i.metadata.annotations[key] = value;
    }
  });
}

/** The preset Ingress with its one path changed. */
function presetsAt(path: string, pathType = "Prefix") {
  return modified(presets, (i) => {
    i.spec.rules[0].http.paths[0].path = path;
    i.spec.rules[0].http.paths[0].pathType = pathType;
  });
}

/** The ClusterRole with `rules`. */
function roleWith(rules: object[]) {
  return modified(role, (i) => (i.rules = rules));
}

const rbac = (kind: string, name: string, inputs: Record<string, unknown>) =>
  resource(`kubernetes:rbac.authorization.k8s.io/v1:${kind}`, name, {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind,
    ...inputs,
  });

const secretsRole = rbac("Role", "launcher-secrets", {
  metadata: { name: "secrets", namespace: "launcher" },
  rules: [{ apiGroups: [""], resources: ["secrets"], verbs: ["get"] }],
});

/** A RoleBinding in the launcher namespace giving the Role "secrets" to `subject`. */
function secretsBindingTo(subject: Record<string, string>) {
  return rbac("RoleBinding", "launcher-secrets-binding", {
    metadata: { name: "secrets", namespace: "launcher" },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "secrets" },
    subjects: [subject],
  });
}

/** Cases for L1 and L2. */
export const launcherCases: PolicyCase[] = [
  // L1
  {
    policy: L1,
    title: "accepts the OIDC browser Ingress and the preset Ingress limited to the studio's CIDR",
    resources: [browser, presets, deployment],
  },
  {
    policy: L1,
    title: "accepts a preset Ingress without CIDRs when the launcher takes PRESET_TOKEN from a Secret",
    resources: [browser, presetsWithoutCidrs, launcher.launcherDeployment(200, "launcher-preset-token")],
  },
  {
    policy: L1,
    title: "does not judge Ingresses outside the launcher namespace",
    resources: [k8s.ingress("dev1", "gameserver")],
  },
  {
    policy: L1,
    title: "accepts an Exact path inside the preset API, and one listening on HTTPS only",
    resources: [
      presetsAt("/api/v1/presets/dev", "Exact"),
      browserWith({ [`${A}/listen-ports`]: '[{"HTTPS":443}]', [`${A}/ssl-redirect`]: undefined }),
    ],
  },
  {
    policy: L1,
    title: "accepts deny for unauthenticated requests (a 401 needs no login either)",
    resources: [browserWith({ [`${A}/auth-on-unauthenticated-request`]: "deny" })],
  },
  {
    policy: L1,
    title: "rejects the browser Ingress without auth-type (the controller's default is none)",
    resources: [browserWith({ [`${A}/auth-type`]: undefined })],
    violation: /Ingress launcher\/launcher has auth-type "none" and routes "\/"; only the preset API/,
    urn: browser.urn,
  },
  {
    policy: L1,
    title: "rejects Cognito: the catalogue asks for the studio's OIDC provider",
    resources: [browserWith({ [`${A}/auth-type`]: "cognito" })],
    violation: /has auth-type "cognito" and routes "\/"/,
  },
  {
    policy: L1,
    title: "rejects an OIDC configuration without the client Secret's name",
    resources: [
      browserWith({
        [`${A}/auth-idp-oidc`]: JSON.stringify({ ...launcher.oidc, clientSecretName: undefined }),
      }),
    ],
    violation: /auth-idp-oidc lacks secretName/,
  },
  {
    policy: L1,
    title: "rejects an identity provider endpoint that is not https",
    resources: [
      browserWith({
        [`${A}/auth-idp-oidc`]: JSON.stringify({
          issuer: launcher.oidc.issuer,
          authorizationEndpoint: "http://login.studio.example/authorize",
          tokenEndpoint: launcher.oidc.tokenEndpoint,
          userInfoEndpoint: launcher.oidc.userInfoEndpoint,
          secretName: "launcher-oidc",
        }),
      }),
    ],
    violation: /lacks authorizationEndpoint/,
  },
  {
    policy: L1,
    title: "rejects an OIDC annotation that is not JSON",
    resources: [browserWith({ [`${A}/auth-idp-oidc`]: "issuer=https://login.studio.example" })],
    violation: /is "issuer=https:\/\/login.studio.example", not the identity provider's JSON/,
  },
  {
    policy: L1,
    title: "rejects letting unauthenticated requests through",
    resources: [browserWith({ [`${A}/auth-on-unauthenticated-request`]: "allow" })],
    violation: /lets unauthenticated requests through/,
  },
  {
    policy: L1,
    title: "rejects an HTTP listener without ssl-redirect (the ALB authenticates on HTTPS only)",
    resources: [browserWith({ [`${A}/ssl-redirect`]: undefined })],
    violation: /listens on HTTP without alb.ingress.kubernetes.io\/ssl-redirect/,
  },
  {
    policy: L1,
    title:
      "rejects an OIDC Ingress without listen-ports or certificate (the controller then listens on HTTP)",
    resources: [
      browserWith({
        [`${A}/listen-ports`]: undefined,
        [`${A}/certificate-arn`]: undefined,
        [`${A}/ssl-redirect`]: undefined,
      }),
    ],
    violation: /listens on HTTP without/,
  },
  {
    policy: L1,
    title: "rejects a preset Ingress limited neither by CIDR nor by token",
    resources: [browser, presetsWithoutCidrs, deployment],
    violation:
      /serves the preset API without a login, limited neither by source CIDR \(no alb.ingress.kubernetes.io\/conditions.launcher annotation\)/,
    urn: presetsWithoutCidrs.urn,
  },
  {
    policy: L1,
    title: "rejects a source-ip condition that admits every address",
    resources: [launcher.presetIngressResource(["203.0.113.0/24", "0.0.0.0/0"])],
    violation: /admits "0.0.0.0\/0", every address/,
  },
  {
    policy: L1,
    title: "rejects a condition keyed to another Service than the path's backend",
    resources: [
      modified(presets, (i) => {
        const key = `${A}/conditions.launcher`;
        i.metadata.annotations[`${A}/conditions.other`] = i.metadata.annotations[key];
        delete i.metadata.annotations[key];
      }),
    ],
    violation: /no alb.ingress.kubernetes.io\/conditions.launcher annotation/,
  },
  {
    policy: L1,
    title: "rejects a PRESET_TOKEN written as a literal value: it is no Secret, so it does not count",
    resources: [
      presetsWithoutCidrs,
      modified(deployment, (i) =>
        i.spec.template.spec.containers[0].env.push({ name: "PRESET_TOKEN", value: "hunter2" }),
      ),
    ],
    violation: /limited neither by source CIDR .* nor by a token/,
  },
  {
    policy: L1,
    title: "rejects a path that only looks like the preset API's",
    resources: [presetsAt("/api/v1/presetsadmin")],
    violation: /routes "\/api\/v1\/presetsadmin"; only the preset API/,
  },
  {
    policy: L1,
    title: "rejects a path above the preset API",
    resources: [presetsAt("/api/v1")],
    violation: /routes "\/api\/v1"/,
  },
  {
    policy: L1,
    title: "rejects a default backend on a launcher Ingress",
    resources: [
      modified(
        browser,
        (i) => (i.spec.defaultBackend = { service: { name: "launcher", port: { number: 80 } } }),
      ),
    ],
    violation: /has a default backend/,
  },
  // L2
  {
    policy: L2,
    title: "accepts the launcher's read-only ClusterRole and the load balancer's grant on the OIDC Secret",
    resources: [role, binding, ...launcher.oidcSecretReader(), deployment, launcher.launcherServiceAccount()],
  },
  {
    policy: L2,
    title: "does not judge bindings of other accounts, even to Secrets",
    resources: [
      secretsRole,
      secretsBindingTo({ kind: "ServiceAccount", name: "other", namespace: "launcher" }),
    ],
  },
  {
    policy: L2,
    title: "rejects Secrets in the launcher's ClusterRole",
    resources: [
      roleWith([
        ...(launcher.launcherClusterRoleResource().inputs.rules as object[]),
        { apiGroups: [""], resources: ["secrets"], verbs: ["get"] },
      ]),
      binding,
    ],
    violation: /lets the launcher read Secrets/,
    urn: binding.urn,
  },
  {
    policy: L2,
    title: "rejects every core resource (Secrets through *)",
    resources: [roleWith([{ apiGroups: [""], resources: ["*"], verbs: ["get", "list"] }]), binding],
    violation: /lets the launcher read Secrets \(apiGroups \[""\], resources \["\*"\]\)/,
  },
  {
    policy: L2,
    title: "rejects Secrets through a wildcard API group",
    resources: [roleWith([{ apiGroups: ["*"], resources: ["secrets"], verbs: ["list"] }]), binding],
    violation: /lets the launcher read Secrets/,
  },
  {
    policy: L2,
    title: "rejects a write verb on workload status",
    resources: [
      roleWith([{ apiGroups: ["apps"], resources: ["deployments"], verbs: ["get", "patch"] }]),
      binding,
    ],
    violation: /grants "patch"; the launcher may only get, list, watch/,
  },
  {
    policy: L2,
    title: "rejects the * verb",
    resources: [roleWith([{ apiGroups: [""], resources: ["pods"], verbs: ["*"] }]), binding],
    violation: /grants "\*"/,
  },
  {
    policy: L2,
    title: "rejects ConfigMaps, which are not workload status",
    resources: [roleWith([{ apiGroups: [""], resources: ["configmaps"], verbs: ["get"] }]), binding],
    violation: /grants configmaps, which is not workload status/,
  },
  {
    policy: L2,
    title: "rejects a subresource beyond status (pods/log)",
    resources: [roleWith([{ apiGroups: [""], resources: ["pods/log"], verbs: ["get"] }]), binding],
    violation: /grants pods\/log/,
  },
  {
    policy: L2,
    title: "rejects non-resource URLs",
    resources: [roleWith([{ nonResourceURLs: ["/metrics"], verbs: ["get"] }]), binding],
    violation: /grants non-resource URLs "\/metrics"/,
  },
  {
    policy: L2,
    title: "refuses Secrets even when config lists them as readable",
    resources: [roleWith([{ apiGroups: [""], resources: ["secrets"], verbs: ["get"] }]), binding],
    settings: { readableResources: ["pods", "secrets"] },
    violation: /lets the launcher read Secrets/,
  },
  {
    policy: L2,
    title: "accepts a resource config adds to the readable list",
    resources: [roleWith([{ apiGroups: ["batch"], resources: ["jobs"], verbs: ["list"] }]), binding],
    settings: { readableResources: ["batch/jobs"] },
  },
  {
    policy: L2,
    title: "rejects a binding to a ClusterRole the stack does not define (a built-in such as view)",
    resources: [modified(binding, (i) => (i.roleRef.name = "view"))],
    violation:
      /gives ServiceAccount launcher\/launcher the ClusterRole view, which this stack does not define/,
  },
  {
    policy: L2,
    title: "rejects an aggregated ClusterRole",
    resources: [
      modified(role, (i) => (i.aggregationRule = { clusterRoleSelectors: [{ matchLabels: { x: "y" } }] })),
      binding,
    ],
    violation: /the aggregated ClusterRole launcher-status-reader/,
  },
  {
    policy: L2,
    title: "rejects Secrets granted to the launcher namespace's service-account group",
    resources: [secretsRole, secretsBindingTo({ kind: "Group", name: "system:serviceaccounts:launcher" })],
    violation: /bound to group system:serviceaccounts:launcher .* lets the launcher read Secrets/,
  },
  {
    policy: L2,
    title: "rejects Secrets granted to the launcher's user name",
    resources: [
      secretsRole,
      secretsBindingTo({ kind: "User", name: "system:serviceaccount:launcher:launcher" }),
    ],
    violation: /bound to user system:serviceaccount:launcher:launcher/,
  },
  {
    policy: L2,
    title: "follows a launcher pod that runs as another account (default) to that account's bindings",
    resources: [
      modified(deployment, (i) => delete i.spec.template.spec.serviceAccountName),
      secretsRole,
      secretsBindingTo({ kind: "ServiceAccount", name: "default", namespace: "launcher" }),
    ],
    violation: /bound to ServiceAccount launcher\/default/,
  },
];
