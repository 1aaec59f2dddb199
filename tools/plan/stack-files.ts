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
  const project = (parse(readFileSync(projectFile, "utf8")) as { name?: string }).name;
  if (!project) throw new StackFileError(`${projectFile}: has no project name`);
  const settingsFile = configFile ?? join(root, `Pulumi.${stack}.yaml`);
  if (!existsSync(settingsFile)) {
    throw new StackFileError(`no config for stack "${stack}": ${settingsFile} does not exist`);
  }
  let settings: { config?: Record<string, unknown> } | null;
  try {
    settings = parse(readFileSync(settingsFile, "utf8")) as typeof settings;
  } catch (err) {
    throw new StackFileError(`${settingsFile}: not valid YAML: ${(err as Error).message.split("\n")[0]}`);
  }
  const config: Record<string, string> = {};
  const secretKeys: string[] = [];
  for (const [key, value] of Object.entries(settings?.config ?? {})) {
    const fullKey = key.includes(":") ? key : `${project}:${key}`;
    const { text, secret } = encode(value);
    config[fullKey] = text;
    if (secret) secretKeys.push(fullKey);
  }
  return { project, config, secretKeys: secretKeys.sort() };
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
