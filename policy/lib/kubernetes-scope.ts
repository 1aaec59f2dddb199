// Whether a Kubernetes object is namespaced or cluster-scoped is a property of its kind, not of its
// `metadata.namespace` (the API server ignores a namespace on a cluster-scoped object), so the kind's
// scope is looked up in the API server's own discovery data, vendored with its source.
import scopes from "../../upstream/kubernetes-api-discovery/resource-scopes.json";
import { sleepInfoValidator } from "../../lib/kube-green";

/** A Kubernetes kind's scope, as API discovery reports it. */
export type KubernetesScope = "Namespaced" | "Cluster";

/** The group, version and kind a Pulumi Kubernetes type token names. */
export interface KubernetesKind {
  /** API group; `""` for the core group (which Pulumi tokens call `core`). */
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

const builtIn = scopes as Readonly<Record<string, Readonly<Record<string, KubernetesScope>>>>;

/** Token groups of the Kubernetes provider's bundles: they render objects the plan does not show. */
const bundleGroups = ["helm.sh", "yaml", "kustomize"];

/**
 * The kind of a Kubernetes object's type token (`kubernetes:rbac.authorization.k8s.io/v1:RoleBinding`),
 * or undefined for other tokens (providers, Helm releases and YAML/kustomize bundles included).
 */
export function kubernetesKindOf(type: string): KubernetesKind | undefined {
  const match = /^kubernetes:([^/:]+)\/([^/:]+):([A-Za-z0-9]+)$/.exec(type);
  if (!match) return undefined;
  const [, group, version, kind] = match;
  if (bundleGroups.includes(group)) return undefined;
  return { group: group === "core" ? "" : group, version, kind };
}

/** True for a Helm release, Helm chart, YAML or kustomize bundle of the Kubernetes provider. */
export function isKubernetesBundle(type: string): boolean {
  return bundleGroups.some((group) => type.startsWith(`kubernetes:${group}/`));
}

/** The scope of a built-in kind, or undefined when the kind is not built in (a custom resource). */
export function builtInScopeOf(kind: Pick<KubernetesKind, "group" | "kind">): KubernetesScope | undefined {
  return builtIn[kind.group]?.[kind.kind];
}

/**
 * The scope of a custom kind the program itself writes, as its vendored CRD declares it (kube-green's
 * SleepInfo, upstream/kube-green/), or undefined for any other custom kind.
 */
export function programCustomScopeOf(
  kind: Pick<KubernetesKind, "group" | "kind">,
): KubernetesScope | undefined {
  const sleepInfo = sleepInfoValidator();
  return kind.group === sleepInfo.group && kind.kind === sleepInfo.kind ? sleepInfo.scope : undefined;
}

/** `group/Kind` (`Kind` alone for the core group), as config and messages name a kind. */
export function qualifiedKind(kind: Pick<KubernetesKind, "group" | "kind">): string {
  return kind.group === "" ? kind.kind : `${kind.group}/${kind.kind}`;
}
