import type {
  ResourceValidation,
  ResourceValidationPolicy,
  StackValidation,
  StackValidationPolicy,
} from "@pulumi/policy";
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";

import { type CatalogueId, describePolicy } from "../catalogue";
import { type ExemptionConfig, exemptingReporter, exemptionsSchema } from "./exemptions";

/** What every policy declares: its name, catalogue row, default level and config properties. */
export interface PolicyDefinition {
  /** Unique, kebab-case; the key of its entry in policy config. */
  readonly name: string;
  /** The catalogue row it implements (named in the description and tags). */
  readonly catalogueId: CatalogueId;
  /** The specific check, in one sentence. */
  readonly check: string;
  /** Default level from the catalogue; tier config may raise, lower or disable it. */
  readonly enforcementLevel: "mandatory" | "advisory";
  /** JSON schema of its config properties, with defaults (the engine fills those in). */
  readonly config?: Readonly<Record<string, PolicyConfigJSONSchema>>;
}

/** Builds a resource policy from `definition`, with exemptions applied to every validation. */
export function resourcePolicy(
  definition: PolicyDefinition,
  validations: ResourceValidation | readonly ResourceValidation[],
): ResourceValidationPolicy {
  const list = Array.isArray(validations) ? validations : [validations as ResourceValidation];
  const wrapped = list.map(withExemptions);
  return { ...metadata(definition), validateResource: wrapped.length === 1 ? wrapped[0] : wrapped };
}

/** Builds a stack policy from `definition`, with exemptions applied to each reported URN. */
export function stackPolicy(definition: PolicyDefinition, validate: StackValidation): StackValidationPolicy {
  return {
    ...metadata(definition),
    validateStack: (args, report) => {
      const { exemptions = [] } = args.getConfig<ExemptionConfig>();
      return validate(args, exemptingReporter(report, exemptions, undefined));
    },
  };
}

function metadata(definition: PolicyDefinition) {
  return {
    name: definition.name,
    description: describePolicy(definition.catalogueId, definition.check),
    enforcementLevel: definition.enforcementLevel,
    tags: [definition.catalogueId],
    configSchema: { properties: { ...definition.config, exemptions: exemptionsSchema } },
  };
}

// Keeps the engine's fast path: validateResourceOfType attaches the type token to the function so
// the engine can skip resources of other types without calling it.
function withExemptions(validation: ResourceValidation): ResourceValidation {
  const wrapped: ResourceValidation = (args, report) => {
    const { exemptions = [] } = args.getConfig<ExemptionConfig>();
    return validation(args, exemptingReporter(report, exemptions, args.urn));
  };
  const token = (validation as { __pulumiType?: unknown }).__pulumiType;
  if (typeof token === "string") Object.assign(wrapped, { __pulumiType: token });
  return wrapped;
}
