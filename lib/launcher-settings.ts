/**
 * The launcher service's settings (the `launcher` config key, resolved) and the checks they must
 * pass. The same checks run on the config (stacks/launcher-schema.ts, as config issues) and on
 * Launcher's arguments (components/launcher.ts, before anything is created).
 */
import { maxSourceIpValues, sourceIpLimitReason, type IngressRulePath } from "./alb-rules";
import { parseCidr } from "./cidr";
import { PRESET_API_PREFIX } from "./launcher-contract";
import { launcherRepositoryProblem, parseDigestPinnedImage } from "./launcher-image";
import { dashboardsHost } from "./logging/dashboards";
import type { ArgProblem } from "./validation";
import { isDns1123Label } from "./dns-names";

/** The identity provider the ALB authenticates browsers with. */
export interface LauncherOidc {
  /** The OIDC issuer identifier (`https://...`). */
  readonly issuer: string;
  readonly authorizationEndpoint: string;
  readonly tokenEndpoint: string;
  readonly userInfoEndpoint: string;
  /** Secret in the launcher namespace with `clientID` and `clientSecret` (created with kubectl). */
  readonly clientSecretName: string;
}

/** The launcher service, every default resolved. */
export interface LauncherServiceSettings {
  /** `<account>.dkr.ecr.<region>.amazonaws.com/<project>-<stack>/launcher@sha256:<64 hex>`. */
  readonly image: string;
  /** The host is `<hostLabel>.<domain>`. */
  readonly hostLabel: string;
  readonly oidc: LauncherOidc;
  /** Source CIDRs that reach the preset API without logging in (one ALB condition; at most {@link MAX_PRESET_CIDRS}). */
  readonly presetAllowedCidrs: readonly string[];
  /** The clone URL of this repository: `git@host:org/repo.git`, `ssh://...` or `https://...`. */
  readonly gitRepositoryUrl: string;
  /** Secret with the Git credentials: an SSH deploy key (ssh URLs) or a user name and token (https URLs). */
  readonly gitSecretName: string;
  /** Secret with the Slack incoming-webhook URL. */
  readonly slackSecretName: string;
  /** Secret with the preset API's token; absent, the preset API relies on the source CIDRs alone. */
  readonly presetTokenSecretName?: string;
}

/** Defaults of the optional settings. */
export const LAUNCHER_DEFAULTS = {
  /** The studio's name for the web page ("Stove"). */
  hostLabel: "stove",
  gitSecretName: "launcher-git",
  slackSecretName: "launcher-slack",
  oidcClientSecretName: "launcher-oidc",
} as const;

/** How git reaches the remote, from the URL's form. */
export type GitTransport = "ssh" | "https";

/** `ssh` for `user@host:path` and `ssh://` URLs, `https` for `https://`; undefined for anything else. */
export function gitTransport(url: string): GitTransport | undefined {
  if (/^ssh:\/\/[^\s/@]+@[^\s/]+\/\S+$/.test(url)) return "ssh";
  if (/^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:[^\s/]\S*$/.test(url)) return "ssh";
  if (/^https:\/\/[^\s/]+\/\S+$/.test(url) && !/^https:\/\/[^/]*@/.test(url)) return "https";
  return undefined;
}

/** The listener rule the controller builds for the preset path (a Prefix path is two values). */
function presetRule(hostLabel: string): IngressRulePath {
  return { host: `${hostLabel}.<domain>`, path: PRESET_API_PREFIX, pathType: "Prefix" };
}

/**
 * CIDRs the preset rule's source-ip condition can hold: 2, since the host and the Prefix path's two
 * patterns (`/api/v1/presets`, `/api/v1/presets/*`) take three of the rule's five values.
 */
export const MAX_PRESET_CIDRS = maxSourceIpValues(presetRule(LAUNCHER_DEFAULTS.hostLabel));

/** Why no more than {@link MAX_PRESET_CIDRS} fit, for error messages. */
export const PRESET_CIDR_LIMIT_REASON = sourceIpLimitReason(presetRule(LAUNCHER_DEFAULTS.hostLabel));

/** Where the settings are checked against: the stack's domain, region and launcher repository. */
export interface LauncherSettingsContext {
  readonly domain: string;
  /** The stack's region; the image's repository is checked only when it is known. */
  readonly region: string | undefined;
  /** The ECR repository the stack creates for the image (`launcherRepositoryName`). */
  readonly repositoryName: string;
}

/** Every problem with the launcher's settings, each named by its key under `launcher`. */
export function launcherSettingsProblems(
  settings: LauncherServiceSettings,
  context: LauncherSettingsContext,
): ArgProblem[] {
  const problems: ArgProblem[] = [];
  const problem = (propertyPath: string, reason: string) => problems.push({ propertyPath, reason });

  const image = parseDigestPinnedImage(settings.image);
  if ("problem" in image) problem("image", image.problem);
  else if (context.region !== undefined) {
    const wrongRepository = launcherRepositoryProblem(
      image.repository,
      context.repositoryName,
      context.region,
    );
    if (wrongRepository) problem("image", wrongRepository);
  }

  if (!isDns1123Label(settings.hostLabel)) {
    problem(
      "hostLabel",
      `"${settings.hostLabel}" must be one DNS label (lower-case letters, digits and '-', at most 63 characters)`,
    );
  } else if (`${settings.hostLabel}.${context.domain}` === dashboardsHost(context.domain)) {
    problem("hostLabel", `"${settings.hostLabel}" is the log dashboards' host; choose another`);
  }

  for (const key of ["issuer", "authorizationEndpoint", "tokenEndpoint", "userInfoEndpoint"] as const) {
    const value = settings.oidc[key];
    if (!isHttpsUrl(value)) {
      problem(
        `oidc.${key}`,
        `"${value}" must be a full https:// URL (the ALB calls the identity provider over TLS)`,
      );
    }
  }

  const secrets: Array<[string, string | undefined]> = [
    ["oidc.clientSecretName", settings.oidc.clientSecretName],
    ["gitSecretName", settings.gitSecretName],
    ["slackSecretName", settings.slackSecretName],
    ["presetTokenSecretName", settings.presetTokenSecretName],
  ];
  for (const [path, name] of secrets) {
    if (name !== undefined && !isDns1123Label(name)) {
      problem(path, `"${name}" must be a Kubernetes Secret name (a DNS-1123 label of at most 63 characters)`);
    }
  }
  // The load balancer controller is allowed to read the OIDC client Secret; it must hold nothing else.
  for (const [path, name] of secrets.slice(1)) {
    if (name === settings.oidc.clientSecretName) {
      problem(
        path,
        `"${name}" is also the OIDC client Secret, which the load balancer controller may read; use a Secret of its own`,
      );
    }
  }

  const cidrs = settings.presetAllowedCidrs;
  for (const cidr of cidrs) {
    if (parseCidr(cidr) === undefined) problem("presetAllowedCidrs", `"${cidr}" is not an IPv4 CIDR`);
    else if (cidr.endsWith("/0")) {
      problem(
        "presetAllowedCidrs",
        `"${cidr}" admits every address; to open the preset API to everyone, configure presetTokenSecretName and leave the CIDRs out`,
      );
    }
  }
  if (cidrs.length > MAX_PRESET_CIDRS) {
    problem(
      "presetAllowedCidrs",
      `has ${cidrs.length} CIDRs; at most ${MAX_PRESET_CIDRS} fit: ${PRESET_CIDR_LIMIT_REASON}`,
    );
  }
  if (cidrs.length === 0 && settings.presetTokenSecretName === undefined) {
    problem(
      "presetAllowedCidrs",
      "is empty and presetTokenSecretName is not set: the preset API, which skips the browser login, must be limited by source CIDR or token",
    );
  }

  if (gitTransport(settings.gitRepositoryUrl) === undefined) {
    problem(
      "gitRepositoryUrl",
      `"${settings.gitRepositoryUrl}" must be an SSH URL (git@host:org/repo.git, ssh://git@host/org/repo.git) or an https:// URL without credentials in it`,
    );
  }
  return problems;
}

function isHttpsUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "https:" && url.hostname !== "" && url.username === "" && url.password === "";
  } catch {
    return false;
  }
}
