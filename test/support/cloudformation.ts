/**
 * Reads Karpenter's getting-started CloudFormation template (`upstream/karpenter/cloudformation.yaml`)
 * with the stack's values in place of its parameters, so tests compare the program with what
 * upstream publishes rather than with a copy of the program's own values.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse, type Tags } from "yaml";
import { ROOT } from "../paths";
import type { JsonPolicy } from "./iam-coverage";

/** A `!Sub`, `!GetAtt` or `!Ref` from the template. */
export interface Intrinsic {
  readonly intrinsic: "Sub" | "GetAtt" | "Ref";
  readonly value: string;
}

const tags: Tags = (["Sub", "GetAtt", "Ref"] as const).map((intrinsic) => ({
  tag: `!${intrinsic}`,
  resolve: (value: string): Intrinsic => ({ intrinsic, value }),
}));

/** A resource of the template. */
export interface TemplateResource {
  readonly Type: string;
  readonly Properties: Record<string, unknown>;
}

let resources: Readonly<Record<string, TemplateResource>> | undefined;

/**
 * The template's resources, by logical id. Parsed once per process (the suites that run per mutant
 * ask for it many times); callers only read it.
 */
export function karpenterTemplate(): Readonly<Record<string, TemplateResource>> {
  const text = () => readFileSync(join(ROOT, "upstream", "karpenter", "cloudformation.yaml"), "utf8");
  resources ??= (parse(text(), { customTags: tags }) as { Resources: Record<string, TemplateResource> })
    .Resources;
  return resources;
}

/** Values for the template's `${...}` references. */
export type Substitutions = Readonly<Record<string, string>>;

/** `!Sub` text with every `${name}` replaced; throws on a reference `values` does not give. */
export function substitute(text: string, values: Substitutions): string {
  return text.replace(/\$\{([^}]+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined)
      throw new Error(`the template refers to \${${name}}, which the test does not give`);
    return value;
  });
}

/** The policy document of one of the template's `AWS::IAM::ManagedPolicy` resources. */
export function templatePolicy(logicalId: string, values: Substitutions): JsonPolicy {
  const resource = karpenterTemplate()[logicalId];
  const document = resource?.Properties.PolicyDocument as Intrinsic | undefined;
  if (resource?.Type !== "AWS::IAM::ManagedPolicy" || document?.intrinsic !== "Sub") {
    throw new Error(`${logicalId} is not a managed policy with a !Sub document`);
  }
  return JSON.parse(substitute(document.value, values)) as JsonPolicy;
}

/** Every `AWS::IAM::ManagedPolicy` of the template, by logical id. */
export function templatePolicyIds(): string[] {
  return Object.entries(karpenterTemplate())
    .filter(([, r]) => r.Type === "AWS::IAM::ManagedPolicy")
    .map(([id]) => id);
}
