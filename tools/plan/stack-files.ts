/** Reading a stack's config the way the Pulumi CLI hands it to the program, from the YAML files. */
import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

/** A stack's config as the engine passes it: full keys to raw text, and which keys are secret. */
export interface StackFileConfig {
  readonly project: string;
  readonly config: Record<string, string>;
  readonly secretKeys: string[];
}

/**
 * Stand-in for a `secure:` value in offline runs. The real value is encrypted for the stack's
 * secrets provider and never needed here; the key stays marked secret, so it is masked anyway.
 */
export const OFFLINE_SECRET_PLACEHOLDER = "offline-plan-placeholder-not-a-real-secret";

/** A user-facing problem with the stack files or arguments (printed without a stack trace). */
export class StackFileError extends Error {}

/** Reads `Pulumi.yaml` and the stack's settings file (or `configFile`) from `root`. */
export function readStackFiles(root: string, stack: string, configFile?: string): StackFileConfig {
  const projectFile = join(root, "Pulumi.yaml");
  const projectYaml = readYaml(projectFile);
  const project = isMapping(projectYaml) ? projectYaml.name : undefined;
  if (typeof project !== "string" || project === "") {
    throw new StackFileError(`${projectFile}: has no project name (a top-level name: key)`);
  }
  const settingsFile = configFile ?? join(root, `Pulumi.${stack}.yaml`);
  if (!existsSync(settingsFile)) {
    throw new StackFileError(`no config for stack "${stack}": ${settingsFile} does not exist`);
  }
  const settings = stackSettingsConfig(settingsFile, readYaml(settingsFile));
  const config: Record<string, string> = {};
  const secretKeys: string[] = [];
  for (const [key, value] of Object.entries(settings)) {
    const fullKey = key.includes(":") ? key : `${project}:${key}`;
    const { text, secret } = encode(value);
    config[fullKey] = text;
    if (secret) secretKeys.push(fullKey);
  }
  return { project, config, secretKeys: secretKeys.sort() };
}

/** The top-level keys Pulumi reads from a stack settings file (`Pulumi.<stack>.yaml`). */
export const STACK_SETTINGS_KEYS: readonly string[] = [
  "config",
  "environment",
  "secretsprovider",
  "encryptedkey",
  "encryptionsalt",
];

/** What a stack settings file looks like, for messages about a file that is not one. */
export const STACK_SETTINGS_EXAMPLE = [
  "A stack settings file (Pulumi.<stack>.yaml) holds the stack's config in a top-level config: mapping of <namespace>:<key> entries, e.g.",
  "  config:",
  "    aws:region: eu-west-1",
  "    game-infra:domain: dev.game.example.com",
  "    game-infra:network:",
  "      cidr: 10.20.0.0/16",
  "(docs/config.md lists every key)",
].join("\n");

/**
 * The `config:` mapping of a parsed stack settings file. Anything else (a registry entry, the
 * project file, a list, an empty file, `config:` that is not a mapping) is a StackFileError saying
 * what the file seems to be and what a settings file looks like, instead of letting the program
 * report every required key as missing.
 */
export function stackSettingsConfig(file: string, parsed: unknown): Record<string, unknown> {
  const notSettings = (what: string) =>
    new StackFileError(`${file}: not a stack settings file: ${what}\n${STACK_SETTINGS_EXAMPLE}`);
  if (parsed === null || parsed === undefined) throw notSettings("it is empty");
  if (!isMapping(parsed))
    throw notSettings(
      `its top level is ${Array.isArray(parsed) ? "a list" : `the ${typeof parsed} ${JSON.stringify(parsed)}`}, not a mapping`,
    );
  if ("runtime" in parsed) {
    throw notSettings(
      "it has a runtime: key, so it is a project file (Pulumi.yaml), whose config: declares keys rather than setting them",
    );
  }
  if (!("config" in parsed)) {
    const keys = Object.keys(parsed);
    throw notSettings(
      `its top level has ${keys.length > 0 ? keys.join(", ") : "no keys"} but no config: mapping${lookalike(keys)}`,
    );
  }
  const config = parsed.config;
  if (!isMapping(config)) {
    const got =
      config === null
        ? "empty"
        : Array.isArray(config)
          ? "a list"
          : `the ${typeof config} ${JSON.stringify(config)}`;
    throw notSettings(`its config: is ${got}, not a mapping of <namespace>:<key> entries`);
  }
  return config;
}

/** A hint at what a file without `config:` is, from its top-level keys. */
function lookalike(keys: readonly string[]): string {
  if (keys.every((k) => STACK_SETTINGS_KEYS.includes(k))) {
    return " (no config has been set yet: `pulumi config set <namespace>:<key> <value>` adds it)";
  }
  if (keys.includes("name") && (keys.includes("owner") || keys.includes("redisDb"))) {
    return " (it looks like an environment's registry entry)";
  }
  return "";
}

function readYaml(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new StackFileError(`${file}: cannot be read: ${(err as Error).message.split("\n")[0]}`);
  }
  try {
    return parse(text);
  } catch (err) {
    throw new StackFileError(`${file}: not valid YAML: ${(err as Error).message.split("\n")[0]}`);
  }
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Encodes a YAML config value as the CLI does: scalars as text, structures as JSON. */
function encode(value: unknown): { text: string; secret: boolean } {
  let secret = false;
  const replaceSecure = (v: unknown): unknown => {
    if (v && typeof v === "object" && !Array.isArray(v)) {
      const record = v as Record<string, unknown>;
      if (Object.keys(record).length === 1 && typeof record.secure === "string") {
        secret = true;
        return OFFLINE_SECRET_PLACEHOLDER;
      }
      return Object.fromEntries(Object.entries(record).map(([k, inner]) => [k, replaceSecure(inner)]));
    }
    if (Array.isArray(v)) return v.map(replaceSecure);
    return v;
  };
  const plain = replaceSecure(value);
  const text =
    typeof plain === "string"
      ? plain
      : typeof plain === "object" && plain !== null
        ? JSON.stringify(plain)
        : String(plain);
  return { text, secret };
}
