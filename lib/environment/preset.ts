/**
 * What people need to know about an environment: who owns it, what it is for, what it runs and
 * where to connect. The stack outputs list it for every environment; a game client's server
 * preset is built from the same data.
 */
import type { DeploymentMode } from "./profile";
import { environmentHosts, type PublicEndpoint } from "./hosts";

/** An environment's preset, as the stack outputs show it. */
export interface EnvironmentPreset {
  readonly name: string;
  readonly namespace: string;
  readonly owner: string;
  readonly purpose: string;
  readonly version: string;
  readonly gameDataVersion: string;
  readonly resourceVersion: string;
  readonly clockOffset: string;
  readonly deployment: DeploymentMode;
  /** Blue/green only: the colour players reach, and what the preview host runs. */
  readonly activeColor?: string;
  readonly previewVersion?: string;
  readonly created?: string;
  readonly expires?: string;
  /** Public URLs by entry point. */
  readonly urls: Partial<Record<PublicEndpoint, string>>;
  /** Addresses inside the cluster, from any namespace. */
  readonly internalEndpoints: Readonly<Record<string, string>>;
}

/** The config an environment's preset is made from. */
export interface PresetSource {
  readonly name: string;
  readonly owner: string;
  readonly purpose: string;
  readonly version: string;
  readonly gameDataVersion: string;
  readonly resourceVersion: string;
  readonly clockOffset: string;
  readonly deployment: DeploymentMode;
  readonly activeColor: string;
  readonly previewVersion?: string;
  readonly created?: string;
  readonly expires?: string;
}

/** An environment's preset, from its config, the stack's domain and host pattern. */
export function environmentPreset(env: PresetSource, domain: string, hostPattern: string): EnvironmentPreset {
  const hosts = environmentHosts(hostPattern, env.name, domain, env.deployment);
  const blueGreen = env.deployment === "blueGreen";
  return {
    name: env.name,
    namespace: env.name,
    owner: env.owner,
    purpose: env.purpose,
    version: env.version,
    gameDataVersion: env.gameDataVersion,
    resourceVersion: env.resourceVersion,
    clockOffset: env.clockOffset,
    deployment: env.deployment,
    ...(blueGreen ? { activeColor: env.activeColor, previewVersion: env.previewVersion ?? env.version } : {}),
    ...(env.created ? { created: env.created } : {}),
    ...(env.expires ? { expires: env.expires } : {}),
    urls: Object.fromEntries(Object.entries(hosts).map(([endpoint, host]) => [endpoint, `https://${host}`])),
    internalEndpoints: Object.fromEntries(
      ["gameserver", "league", "scheduler", "backoffice"].map((s) => [
        s,
        `http://${s}.${env.name}.svc.cluster.local`,
      ]),
    ),
  };
}
