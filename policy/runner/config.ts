// Policy config the way the Pulumi CLI prepares it for a pack: start from each policy's own level and
// its schema's defaults, apply `all`, then each policy's entry (level and properties, shallowly),
// then validate every policy's properties against its schema. The file format is the one of
// `pulumi preview --policy-pack-config` (JSON; YAML is also accepted here). Unlike the CLI, an entry
// for a policy the pack does not have is an error, so a typo cannot silently disable a rule, and so
// is a property a policy's schema does not declare, so a misspelt setting or one the pack no longer
// reads (k8s-grace-period-tolerations.graceTolerationSeconds: the stack declares its grace period
// now) cannot look as if it still applied.
import { readFileSync } from "node:fs";
import * as path from "node:path";

import type { EnforcementLevel, Policies } from "@pulumi/policy";
import { parse as parseYaml } from "yaml";

import { parseEnvironmentStackName } from "../../lib/naming";
import { schemaProblems } from "./json-schema";

/** A policy config file: per policy, a level or an object of `enforcementLevel` plus properties. */
export type PolicyPackConfig = Readonly<Record<string, unknown>>;

/** The config one policy runs with. */
export interface ResolvedPolicyConfig {
  readonly enforcementLevel: EnforcementLevel;
  readonly properties: Readonly<Record<string, unknown>>;
}

/** Config that cannot be used, with the reason. */
export class ConfigError extends Error {}

const levels: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

/** The config of every policy after defaults, `all` and per-policy entries; throws ConfigError when invalid. */
export function resolveConfig(
  policies: Policies,
  given: PolicyPackConfig = {},
  packLevel: EnforcementLevel = "advisory",
): Map<string, ResolvedPolicyConfig> {
  const known = new Set(policies.map((p) => p.name));
  const unknown = Object.keys(given).filter((k) => k !== "all" && !known.has(k));
  if (unknown.length > 0) throw new ConfigError(`no policy named ${unknown.join(", ")} in the pack`);
  const entries = new Map(Object.entries(given).map(([name, value]) => [name, parseEntry(name, value)]));
  const allLevel = entries.get("all")?.enforcementLevel;
  const resolved = new Map<string, ResolvedPolicyConfig>();
  const problems: string[] = [];
  for (const policy of policies) {
    const defaults = Object.fromEntries(
      Object.entries(policy.configSchema?.properties ?? {}).flatMap(([k, s]) =>
        s.default === undefined ? [] : [[k, structuredClone(s.default)]],
      ),
    );
    const entry = entries.get(policy.name);
    const properties = { ...defaults, ...entry?.properties };
    const schema = {
      type: "object" as const,
      properties: policy.configSchema?.properties,
      required: policy.configSchema?.required,
      additionalProperties: false,
    };
    problems.push(...schemaProblems(properties, schema, policy.name));
    resolved.set(policy.name, {
      enforcementLevel: entry?.enforcementLevel ?? allLevel ?? policy.enforcementLevel ?? packLevel,
      properties,
    });
  }
  if (problems.length > 0) throw new ConfigError(problems.join("; "));
  return resolved;
}

function parseEntry(
  name: string,
  value: unknown,
): { enforcementLevel?: EnforcementLevel; properties: Record<string, unknown> } {
  if (typeof value === "string") return { enforcementLevel: checkLevel(name, value), properties: {} };
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new ConfigError(`${name}: must be an enforcement level or an object`);
  }
  const { enforcementLevel, ...properties } = value as Record<string, unknown>;
  return {
    enforcementLevel: enforcementLevel === undefined ? undefined : checkLevel(name, enforcementLevel),
    properties,
  };
}

function checkLevel(name: string, value: unknown): EnforcementLevel {
  if (levels.includes(value as EnforcementLevel)) return value as EnforcementLevel;
  throw new ConfigError(
    `${name}.enforcementLevel: ${JSON.stringify(value)} is not one of ${levels.join(", ")}`,
  );
}

/** Reads a JSON or YAML policy config file; throws ConfigError when it cannot be read or parsed. */
export function readConfigFile(file: string): PolicyPackConfig {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new ConfigError(`cannot read ${file}`);
  }
  let parsed: unknown;
  try {
    parsed = /\.ya?ml$/i.test(file) ? parseYaml(text) : JSON.parse(text);
  } catch {
    throw new ConfigError(`${file} is not valid ${/\.ya?ml$/i.test(file) ? "YAML" : "JSON"}`);
  }
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== "object" || Array.isArray(parsed))
    throw new ConfigError(`${file}: must be an object of policy names`);
  return parsed as PolicyPackConfig;
}

/** Directory of the committed tier configs (policy/config). */
export const tierConfigDirectory = path.resolve(__dirname, "..", "config");

/** The committed config file of a tier (`policy/config/<tier>.json`). */
export function tierConfigFile(tier: string): string {
  return path.join(tierConfigDirectory, `${tier}.json`);
}

/**
 * The tier whose config a stack is judged with: an environment stack `<tier>.<environment>` (the
 * environment project's) takes its tier's; a platform stack's name is its tier (`dev`, `qa`, `stage`).
 */
export function configTierOf(stack: string): string {
  return parseEnvironmentStackName(stack)?.tier ?? stack;
}
