/**
 * Validates every Kubernetes object the program writes against the upstream OpenAPI schema, using
 * kubernetes-models (generated from the Kubernetes 1.34 API; see KUBERNETES_SCHEMA_VERSION).
 * kubernetes-models is ESM-only, so it is loaded with dynamic `import()`.
 */
import { KARPENTER_RESOURCE_VALIDATOR } from "../../lib/karpenter-crds";
import { KUBE_GREEN_RESOURCE_VALIDATOR } from "../../lib/kube-green";
import { strimziResourceProblems } from "../../lib/logging/strimzi-schema";
import type { Json } from "../engine/values";
import { SECRET_MASK } from "../engine/values";

/** The Kubernetes minor version the kubernetes-models schemas were generated from. */
export const KUBERNETES_SCHEMA_VERSION = "1.34";

/** A resource to validate: its Pulumi type token, URN and inputs (the manifest). */
export interface KubernetesResourceLike {
  readonly urn: string;
  readonly type: string;
  readonly inputs: { readonly [key: string]: Json };
}

/** One schema violation: which object, which field, what is wrong. */
export interface SchemaProblem {
  readonly urn: string;
  readonly object: string;
  readonly field: string;
  readonly message: string;
}

/**
 * Custom resources of operators this program uses, with the validator derived from each
 * operator's CRD (upstream Kubernetes has no schema for them).
 */
const CUSTOM_RESOURCE_VALIDATORS: ReadonlyArray<{
  group: RegExp;
  problems: (manifest: Record<string, Json>) => string[];
}> = [
  { group: /^kafka\.strimzi\.io\//, problems: strimziResourceProblems },
  KARPENTER_RESOURCE_VALIDATOR,
  KUBE_GREEN_RESOURCE_VALIDATOR,
];

/** `kubernetes:<group>/<version>:<Kind>` split up; undefined for Helm releases and providers. */
function splitType(type: string): { groupVersion: string; kind: string } | undefined {
  const match = /^kubernetes:([^:]+):([A-Za-z][A-Za-z0-9]*)$/.exec(type);
  if (!match || match[1]!.startsWith("helm.sh/")) return undefined;
  return { groupVersion: match[1]!, kind: match[2]! };
}

/** Whether an API group is Kubernetes' own (core, an unsuffixed built-in group, or `*.k8s.io`). */
function isUpstreamGroup(groupVersion: string): boolean {
  const group = groupVersion.split("/")[0]!;
  return group === "core" || !group.includes(".") || group.endsWith(".k8s.io");
}

/** `kubernetes:apps/v1:Deployment` -> module `kubernetes-models/apps/v1`, class `Deployment`; undefined otherwise. */
export function modelFor(type: string): { module: string; kind: string } | undefined {
  const split = splitType(type);
  if (!split || !isUpstreamGroup(split.groupVersion)) return undefined;
  const { groupVersion, kind } = split;
  const path = groupVersion.startsWith("core/") ? groupVersion.slice("core/".length) : groupVersion;
  return { module: `kubernetes-models/${path}`, kind };
}

type ModelClass = new (data: unknown) => { validate(): void };

/** Validates each Kubernetes object among `resources`; returns every problem found (empty when all pass). */
export async function validateKubernetesObjects(
  resources: readonly KubernetesResourceLike[],
): Promise<SchemaProblem[]> {
  const problems: SchemaProblem[] = [];
  for (const resource of resources) {
    const split = splitType(resource.type);
    if (!split) continue;
    const manifest = unmaskSecretMaps(resource.inputs);
    const metadata = (manifest.metadata ?? {}) as { name?: string; namespace?: string };
    const object = `${split.kind} ${metadata.namespace ? `${metadata.namespace}/` : ""}${metadata.name ?? "(auto-named)"}`;
    if (!isUpstreamGroup(split.groupVersion)) {
      const validator = CUSTOM_RESOURCE_VALIDATORS.find((v) => v.group.test(split.groupVersion));
      if (!validator) {
        problems.push({
          urn: resource.urn,
          object,
          field: "apiVersion",
          message: `no schema known for custom resource ${resource.type}`,
        });
        continue;
      }
      for (const line of validator.problems(manifest)) {
        const cut = line.indexOf(": ");
        problems.push({ urn: resource.urn, object, field: line.slice(0, cut), message: line.slice(cut + 2) });
      }
      continue;
    }
    const model = modelFor(resource.type)!;
    let Model: ModelClass | undefined;
    try {
      Model = ((await import(model.module)) as Record<string, ModelClass>)[model.kind];
    } catch {
      Model = undefined;
    }
    if (!Model) {
      problems.push({
        urn: resource.urn,
        object,
        field: "apiVersion/kind",
        message: `no upstream schema for ${resource.type}`,
      });
      continue;
    }
    try {
      new Model(manifest).validate();
    } catch (err) {
      const errors = (err as { errors?: { instancePath: string; message?: string }[] }).errors;
      if (!errors) throw err;
      for (const e of errors) {
        problems.push({
          urn: resource.urn,
          object,
          field: e.instancePath.replace(/^\//, "").replace(/\//g, ".") || "(root)",
          message: e.message ?? "invalid",
        });
      }
    }
  }
  return problems;
}

/** Secret payloads are masked as one string in plans; the schema wants a map there, so give it an empty one. */
function unmaskSecretMaps(inputs: { readonly [key: string]: Json }): Record<string, Json> {
  const manifest: Record<string, Json> = { ...inputs };
  for (const key of ["data", "stringData", "binaryData"]) {
    if (manifest[key] === SECRET_MASK) manifest[key] = {};
  }
  return manifest;
}

/** One line per problem: `<urn> (<Kind ns/name>): <field>: <message>`. */
export function formatSchemaProblems(problems: readonly SchemaProblem[]): string[] {
  return problems.map((p) => `${p.urn} (${p.object}): ${p.field}: ${p.message}`);
}
