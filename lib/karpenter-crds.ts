/**
 * The CRDs of the pinned Karpenter chart (`upstream/karpenter/`, see its SOURCE.md), as validators:
 * every NodePool and EC2NodeClass the program writes is checked against them before it is registered
 * (`components/karpenter.ts`) and again in every plan (`tools/plan/k8s-validate.ts`).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { crdSchemaValidator, type CrdSchemaValidator, type CustomResourceValidator } from "./crd-schema";

/** Where the vendored Karpenter files live. */
export const KARPENTER_UPSTREAM_DIR = join(__dirname, "..", "upstream", "karpenter");

/** The vendored CRD files, by kind. */
export const KARPENTER_CRD_FILES = {
  NodePool: "karpenter.sh_nodepools.yaml",
  EC2NodeClass: "karpenter.k8s.aws_ec2nodeclasses.yaml",
} as const;

/** The kinds of Karpenter custom resources this program writes. */
export type KarpenterKind = keyof typeof KARPENTER_CRD_FILES;

let validators: Readonly<Record<KarpenterKind, CrdSchemaValidator>> | undefined;

/** The validator of each Karpenter kind, read from the vendored CRDs once. */
export function karpenterCrdValidators(): Readonly<Record<KarpenterKind, CrdSchemaValidator>> {
  validators ??= {
    NodePool: crdSchemaValidator(
      readFileSync(join(KARPENTER_UPSTREAM_DIR, KARPENTER_CRD_FILES.NodePool), "utf8"),
    ),
    EC2NodeClass: crdSchemaValidator(
      readFileSync(join(KARPENTER_UPSTREAM_DIR, KARPENTER_CRD_FILES.EC2NodeClass), "utf8"),
    ),
  };
  return validators;
}

/** Problems of a Karpenter custom resource as `<path>: <message>` lines; empty when it is valid. */
export function karpenterResourceProblems(manifest: { readonly kind?: unknown }): string[] {
  const all = karpenterCrdValidators();
  const validator = typeof manifest.kind === "string" ? all[manifest.kind as KarpenterKind] : undefined;
  if (!validator) {
    return [
      `kind: ${String(manifest.kind)} is not a Karpenter kind this program knows (${Object.keys(all).join(", ")})`,
    ];
  }
  return validator.problems(manifest);
}

/** The plan validator's entry for Karpenter's API groups (`karpenter.sh`, `karpenter.k8s.aws`). */
export const KARPENTER_RESOURCE_VALIDATOR: CustomResourceValidator = {
  group: /^karpenter\.(sh|k8s\.aws)\//,
  problems: karpenterResourceProblems,
};
