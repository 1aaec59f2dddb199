/**
 * Custom resources validated against the CRDs that define them. A {@link CrdSchemaValidator} is
 * built from a CustomResourceDefinition's YAML (vendored under `upstream/`, with its source and
 * version) and checks a manifest the way the API server would on create: `apiVersion`/`kind` of a
 * served version, the object metadata rules, and the version's `openAPIV3Schema` with defaults and
 * CEL rules (`structural.ts`).
 *
 * {@link CustomResourceValidator} is the shape `tools/plan/k8s-validate.ts` registers per API group,
 * so custom resources in a plan are checked as strictly as Kubernetes' own kinds.
 */
import { parse } from "yaml";
import { applyDefaults, validateStructural, type StructuralSchema } from "./structural";
import { isDns1123Subdomain } from "../dns-names";

/** Checks the custom resources of one API group in a plan: `<path>: <message>` lines, empty when valid. */
export interface CustomResourceValidator {
  /** Matches the `<group>/<version>` part of a `kubernetes:<group>/<version>:<Kind>` type token. */
  readonly group: RegExp;
  readonly problems: (manifest: Record<string, unknown>) => string[];
}

/** Validates manifests of the kind one CRD defines. */
export interface CrdSchemaValidator {
  readonly group: string;
  readonly kind: string;
  /** Served versions, e.g. `["v1"]`. */
  readonly versions: readonly string[];
  readonly scope: "Cluster" | "Namespaced";
  /** Problems as `<path>: <message>` lines; empty when the manifest is valid. */
  problems(manifest: unknown): string[];
}

interface CrdDocument {
  readonly kind?: string;
  readonly spec?: {
    readonly group?: string;
    readonly scope?: "Cluster" | "Namespaced";
    readonly names?: { readonly kind?: string };
    readonly versions?: ReadonlyArray<{
      readonly name: string;
      readonly served?: boolean;
      readonly schema?: { readonly openAPIV3Schema?: StructuralSchema };
    }>;
  };
}

const LABEL_NAME = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const METADATA_FIELDS = ["name", "namespace", "labels", "annotations", "finalizers", "ownerReferences"];

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

/** Builds a validator from a CRD's YAML text; throws when the text is not a CRD with schemas. */
export function crdSchemaValidator(crdText: string): CrdSchemaValidator {
  const crd = parse(crdText) as CrdDocument;
  const spec = crd.spec;
  if (crd.kind !== "CustomResourceDefinition" || !spec?.group || !spec.names?.kind || !spec.versions) {
    throw new Error("not a CustomResourceDefinition with group, names.kind and versions");
  }
  const group = spec.group;
  const kind = spec.names.kind;
  const scope = spec.scope ?? "Namespaced";
  const schemas = new Map<string, StructuralSchema>();
  for (const version of spec.versions) {
    const schema = version.schema?.openAPIV3Schema;
    if (version.served !== false && schema) schemas.set(`${group}/${version.name}`, schema);
  }
  if (schemas.size === 0) throw new Error(`CRD ${kind}.${group} serves no version with a schema`);

  return {
    group,
    kind,
    scope,
    versions: [...schemas.keys()].map((v) => v.slice(group.length + 1)),
    problems(manifest: unknown): string[] {
      if (!isObject(manifest)) return ["(root): must be an object"];
      const schema = schemas.get(String(manifest.apiVersion));
      const lines: string[] = [];
      if (!schema) {
        return [
          `apiVersion: ${String(manifest.apiVersion)} is not a served version of ${kind}; served: ${[...schemas.keys()].join(", ")}`,
        ];
      }
      if (manifest.kind !== kind) lines.push(`kind: must be ${kind}, got ${String(manifest.kind)}`);
      lines.push(...metadataProblems(manifest.metadata, scope));
      const defaulted = applyDefaults(schema, { ...manifest, metadata: {} });
      for (const v of validateStructural(schema, defaulted)) lines.push(`${v.path}: ${v.message}`);
      return lines;
    },
  };
}

/** ObjectMeta rules the API server applies to every object (CRD schemas leave `metadata` to it). */
function metadataProblems(metadata: unknown, scope: "Cluster" | "Namespaced"): string[] {
  if (!isObject(metadata)) return ["metadata: is required"];
  const lines: string[] = [];
  const name = metadata.name;
  if (typeof name !== "string" || !isDns1123Subdomain(name)) {
    lines.push(
      `metadata.name: ${JSON.stringify(name)} must be a DNS-1123 subdomain of at most 253 characters`,
    );
  }
  if (scope === "Cluster" && metadata.namespace !== undefined) {
    lines.push("metadata.namespace: the kind is cluster-scoped, so it has no namespace");
  }
  if (scope === "Namespaced" && typeof metadata.namespace !== "string") {
    lines.push("metadata.namespace: is required for a namespaced kind");
  }
  for (const key of Object.keys(metadata)) {
    if (!METADATA_FIELDS.includes(key))
      lines.push(`metadata.${key}: is not an ObjectMeta field this program sets`);
  }
  for (const field of ["labels", "annotations"] as const) {
    const map = metadata[field];
    if (map === undefined) continue;
    if (!isObject(map)) {
      lines.push(`metadata.${field}: must be a map of strings`);
      continue;
    }
    for (const [key, value] of Object.entries(map)) {
      if (typeof value !== "string") lines.push(`metadata.${field}.${key}: must be a string`);
      if (!qualifiedName(key)) lines.push(`metadata.${field}.${key}: is not a valid key`);
      if (
        field === "labels" &&
        typeof value === "string" &&
        (value.length > 63 || !LABEL_VALUE.test(value))
      ) {
        lines.push(`metadata.labels.${key}: ${JSON.stringify(value)} is not a valid label value`);
      }
    }
  }
  return lines;
}

/** A Kubernetes qualified name: `[prefix/]name`, the prefix a DNS subdomain, the name at most 63 characters. */
function qualifiedName(key: string): boolean {
  const cut = key.lastIndexOf("/");
  const [prefix, name] = cut === -1 ? [undefined, key] : [key.slice(0, cut), key.slice(cut + 1)];
  if (prefix !== undefined && !isDns1123Subdomain(prefix)) return false;
  return name.length > 0 && name.length <= 63 && LABEL_NAME.test(name);
}
