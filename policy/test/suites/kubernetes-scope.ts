// Kubernetes kinds from Pulumi type tokens, and their scope from the vendored API discovery data
// (upstream/kubernetes-api-discovery): G7 judges scope by kind, never by metadata.namespace.
import assert from "node:assert/strict";
import { test } from "node:test";

import scopes from "../../../upstream/kubernetes-api-discovery/resource-scopes.json";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import {
  builtInScopeOf,
  isKubernetesBundle,
  kubernetesKindOf,
  programCustomScopeOf,
  qualifiedKind,
} from "../../lib/kubernetes-scope";

test('a Kubernetes type token names its group (core as ""), version and kind', () => {
  assert.deepEqual(kubernetesKindOf("kubernetes:core/v1:Secret"), {
    group: "",
    version: "v1",
    kind: "Secret",
  });
  assert.deepEqual(kubernetesKindOf("kubernetes:rbac.authorization.k8s.io/v1:RoleBinding"), {
    group: "rbac.authorization.k8s.io",
    version: "v1",
    kind: "RoleBinding",
  });
  assert.equal(kubernetesKindOf("pulumi:providers:kubernetes"), undefined);
  assert.equal(kubernetesKindOf("aws:s3/bucket:Bucket"), undefined);
  assert.equal(kubernetesKindOf("kubernetes:helm.sh/v3:Release"), undefined);
});

test("Helm, YAML and kustomize bundles are told apart from objects", () => {
  for (const token of [
    "kubernetes:helm.sh/v3:Release",
    "kubernetes:helm.sh/v4:Chart",
    "kubernetes:yaml/v2:ConfigGroup",
    "kubernetes:kustomize/v2:Directory",
  ]) {
    assert.ok(isKubernetesBundle(token), token);
  }
  assert.equal(isKubernetesBundle("kubernetes:apps/v1:Deployment"), false);
});

test("built-in kinds have the scope the API server reports", () => {
  const scopeOf = (token: string) => builtInScopeOf(kubernetesKindOf(token)!);
  assert.equal(scopeOf("kubernetes:core/v1:Namespace"), "Cluster");
  assert.equal(scopeOf("kubernetes:core/v1:PersistentVolume"), "Cluster");
  assert.equal(scopeOf("kubernetes:core/v1:Secret"), "Namespaced");
  assert.equal(scopeOf("kubernetes:batch/v1:Job"), "Namespaced");
  assert.equal(scopeOf("kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding"), "Cluster");
  assert.equal(scopeOf("kubernetes:rbac.authorization.k8s.io/v1:ClusterRole"), "Cluster");
  assert.equal(scopeOf("kubernetes:rbac.authorization.k8s.io/v1:RoleBinding"), "Namespaced");
  assert.equal(scopeOf("kubernetes:storage.k8s.io/v1:StorageClass"), "Cluster");
  assert.equal(scopeOf("kubernetes:networking.k8s.io/v1:IngressClass"), "Cluster");
  assert.equal(scopeOf("kubernetes:networking.k8s.io/v1:NetworkPolicy"), "Namespaced");
  assert.equal(
    scopeOf("kubernetes:admissionregistration.k8s.io/v1:ValidatingWebhookConfiguration"),
    "Cluster",
  );
});

test("a custom resource's scope is unknown, not guessed", () => {
  const nodePool = kubernetesKindOf("kubernetes:karpenter.sh/v1:NodePool")!;
  assert.equal(builtInScopeOf(nodePool), undefined);
  assert.equal(qualifiedKind(nodePool), "karpenter.sh/NodePool");
  assert.equal(qualifiedKind(kubernetesKindOf("kubernetes:core/v1:ConfigMap")!), "ConfigMap");
});

test("the vendored discovery data holds only the two scopes", () => {
  const values = Object.values(scopes as Record<string, Record<string, string>>).flatMap((kinds) =>
    Object.values(kinds),
  );
  assert.ok(values.length > 50);
  assert.deepEqual([...new Set(values)].sort(), ["Cluster", "Namespaced"]);
});

test("knows the scope of kube-green's SleepInfo from its vendored CRD, and of no other custom kind", () => {
  const crd = readFileSync(
    path.join(__dirname, "..", "..", "..", "upstream", "kube-green", "kube-green.com_sleepinfos.yaml"),
    "utf8",
  );
  assert.match(crd, /^ {2}scope: Namespaced$/m);
  assert.equal(programCustomScopeOf({ group: "kube-green.com", kind: "SleepInfo" }), "Namespaced");
  assert.equal(programCustomScopeOf({ group: "monitoring.coreos.com", kind: "ServiceMonitor" }), undefined);
  assert.equal(builtInScopeOf({ group: "kube-green.com", kind: "SleepInfo" }), undefined);
});
