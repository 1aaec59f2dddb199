/**
 * The launcher's Kubernetes permissions (catalogue L2): its ServiceAccount may get, list and watch
 * the objects that make up an environment's live status, cluster-wide, and nothing else: no
 * Secrets, no ConfigMaps (they hold data versions, not status), no writes. Changes go through Git.
 *
 * Also the one grant the launcher namespace needs for someone else: the AWS Load Balancer
 * Controller reads the OIDC client Secret named by the Ingress, and only that Secret (chart 1.16.0
 * grants it no Secret access by default; upstream/aws-load-balancer-controller/secrets-access.md).
 */
import type * as k8s from "@pulumi/kubernetes";
import { LAUNCHER_NAMESPACE, LAUNCHER_SERVICE_ACCOUNT } from "./launcher-contract";

/** The only verbs the launcher's role grants. */
export const READ_ONLY_VERBS: readonly string[] = ["get", "list", "watch"];

/** One API resource: its group (`""` is the core group) and plural resource name. */
export interface ApiResource {
  readonly apiGroup: string;
  readonly resource: string;
}

/**
 * What the launcher reads to show an environment's status: its namespace (labels: owner, expiry),
 * the servers' Deployments and Couchbase's StatefulSet (ready replicas), their pods (restarts,
 * pending), and kube-green's SleepInfo (asleep or awake; CRD sleepinfos.kube-green.com,
 * upstream/kube-green/).
 */
export const LAUNCHER_READABLE_RESOURCES: readonly ApiResource[] = [
  { apiGroup: "", resource: "namespaces" },
  { apiGroup: "", resource: "pods" },
  { apiGroup: "apps", resource: "deployments" },
  { apiGroup: "apps", resource: "statefulsets" },
  { apiGroup: "kube-green.com", resource: "sleepinfos" },
];

/** The ClusterRole's name (cluster-scoped, so it says whose it is). */
export const LAUNCHER_CLUSTER_ROLE = "launcher-status-reader";

/** A policy rule in the API's shape. */
export type PolicyRule = k8s.types.input.rbac.v1.PolicyRule;

/** The ClusterRole's rules: one per API group, read-only verbs, the resources above. */
export function launcherStatusRules(): PolicyRule[] {
  const groups = [...new Set(LAUNCHER_READABLE_RESOURCES.map((r) => r.apiGroup))];
  return groups.map((group) => ({
    apiGroups: [group],
    resources: LAUNCHER_READABLE_RESOURCES.filter((r) => r.apiGroup === group).map((r) => r.resource),
    verbs: [...READ_ONLY_VERBS],
  }));
}

/** The launcher's ClusterRole. */
export function launcherClusterRole(labels: Readonly<Record<string, string>>): k8s.rbac.v1.ClusterRoleArgs {
  return { metadata: { name: LAUNCHER_CLUSTER_ROLE, labels: { ...labels } }, rules: launcherStatusRules() };
}

/** Binds the ClusterRole to the launcher's ServiceAccount, and to nobody else. */
export function launcherClusterRoleBinding(
  labels: Readonly<Record<string, string>>,
): k8s.rbac.v1.ClusterRoleBindingArgs {
  return {
    metadata: { name: LAUNCHER_CLUSTER_ROLE, labels: { ...labels } },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: LAUNCHER_CLUSTER_ROLE },
    subjects: [{ kind: "ServiceAccount", name: LAUNCHER_SERVICE_ACCOUNT, namespace: LAUNCHER_NAMESPACE }],
  };
}

/** The AWS Load Balancer Controller's ServiceAccount (components/cluster-addons.ts installs it so). */
export const LOAD_BALANCER_CONTROLLER_ACCOUNT = {
  namespace: "kube-system",
  name: "aws-load-balancer-controller",
} as const;

/** The Role and RoleBinding's name. */
export const OIDC_SECRET_READER = "alb-oidc-client-secret-reader";

/** A Role in the launcher namespace that reads the OIDC client Secret, by name, and nothing else. */
export function oidcSecretReaderRole(
  secretName: string,
  labels: Readonly<Record<string, string>>,
): k8s.rbac.v1.RoleArgs {
  return {
    metadata: { name: OIDC_SECRET_READER, namespace: LAUNCHER_NAMESPACE, labels: { ...labels } },
    // list and watch with resourceNames: the upstream example's verbs (the controller watches the
    // one Secret with a field selector on its name).
    rules: [
      { apiGroups: [""], resources: ["secrets"], resourceNames: [secretName], verbs: [...READ_ONLY_VERBS] },
    ],
  };
}

/** Binds that Role to the load balancer controller. */
export function oidcSecretReaderBinding(
  labels: Readonly<Record<string, string>>,
): k8s.rbac.v1.RoleBindingArgs {
  return {
    metadata: { name: OIDC_SECRET_READER, namespace: LAUNCHER_NAMESPACE, labels: { ...labels } },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: OIDC_SECRET_READER },
    subjects: [
      {
        kind: "ServiceAccount",
        name: LOAD_BALANCER_CONTROLLER_ACCOUNT.name,
        namespace: LOAD_BALANCER_CONTROLLER_ACCOUNT.namespace,
      },
    ],
  };
}
