/**
 * Public host names of an environment: `<pattern>.<domain>` where the pattern (default
 * `{server}-{env}`) becomes one DNS label, so the stack's single `*.<domain>` certificate covers
 * every environment (`game-dev1.<domain>`, `backoffice-dev1.<domain>`).
 */
import type { DeploymentMode } from "./profile";
import { DNS1123_LABEL } from "../dns-names";

/** The public entry points of an environment. */
export type PublicEndpoint = "game" | "backoffice" | "gamePreview";

/** What `{server}` becomes for each public entry point. */
export const HOST_SERVER_NAMES: Readonly<Record<PublicEndpoint, string>> = {
  game: "game",
  backoffice: "backoffice",
  gamePreview: "game-preview",
};

/** Longest DNS label. */
export const MAX_HOST_LABEL = 63;

/** The entry points an environment has: the preview host only exists for a blue/green game server. */
export function publicEndpoints(deployment: DeploymentMode): PublicEndpoint[] {
  return deployment === "blueGreen" ? ["game", "backoffice", "gamePreview"] : ["game", "backoffice"];
}

/** The pattern with `{server}` and `{env}` filled in. */
export function hostLabel(pattern: string, server: string, env: string): string {
  return pattern.replace(/\{server\}/g, server).replace(/\{env\}/g, env);
}

/** What is wrong with a host pattern, or `undefined` when it is usable. */
export function hostPatternProblem(pattern: string): string | undefined {
  if (!pattern.includes("{server}") || !pattern.includes("{env}")) {
    return `"${pattern}" must contain both {server} and {env}, so every server of every environment gets its own host`;
  }
  if (pattern.includes(".")) {
    return `"${pattern}" must be a single DNS label (no dots): the wildcard certificate *.<domain> covers one label only`;
  }
  if (!DNS1123_LABEL.test(hostLabel(pattern, "game", "dev1"))) {
    return `"${pattern}" must use only lower-case letters, digits, '-', {server} and {env}, starting and ending with a letter, digit or placeholder`;
  }
  return undefined;
}

/** Problems with one environment's host names (too long for a DNS label). */
export function hostNameProblems(pattern: string, env: string, deployment: DeploymentMode): string[] {
  return publicEndpoints(deployment).flatMap((endpoint) => {
    const label = hostLabel(pattern, HOST_SERVER_NAMES[endpoint], env);
    return label.length > MAX_HOST_LABEL
      ? [`host "${label}" is ${label.length} characters; a DNS label has at most ${MAX_HOST_LABEL}`]
      : [];
  });
}

/** The environment's host names by entry point. */
export function environmentHosts(
  pattern: string,
  env: string,
  domain: string,
  deployment: DeploymentMode,
): Partial<Record<PublicEndpoint, string>> {
  return Object.fromEntries(
    publicEndpoints(deployment).map((endpoint) => [
      endpoint,
      `${hostLabel(pattern, HOST_SERVER_NAMES[endpoint], env)}.${domain}`,
    ]),
  );
}
