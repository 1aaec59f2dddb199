/**
 * The `launcher` config key: the launcher web service the platform stack runs in its cluster
 * (components/launcher.ts, docs/launcher-deploy.md). Absent, the stack creates only the image's
 * ECR repository, so the first image can be pushed before the service is configured. Spread into
 * the stack schema by stacks/schema.ts; resolved by stacks/resolve.ts.
 */
import { z } from "zod";
import type { ConfigIssue } from "./errors";
import { cidr } from "./rules";
import {
  LAUNCHER_DEFAULTS,
  launcherSettingsProblems,
  type LauncherServiceSettings,
} from "../lib/launcher-settings";
import { launcherRepositoryName } from "../lib/launcher-image";

const text = (what: string) => z.string().min(1, { message: `must name ${what}` });

/** The `launcher` object as written in config. */
export const launcherSchema = z.strictObject({
  /** `<account>.dkr.ecr.<region>.amazonaws.com/<project>-<stack>/launcher@sha256:<64 hex>` (docs/launcher-deploy.md). */
  image: text("the image, pinned by digest"),
  /** The host is `<hostLabel>.<domain>`. */
  hostLabel: z.string().optional(),
  /** The identity provider the ALB logs browsers in with. */
  oidc: z.strictObject({
    issuer: text("the OIDC issuer"),
    authorizationEndpoint: text("the authorization endpoint"),
    tokenEndpoint: text("the token endpoint"),
    userInfoEndpoint: text("the user info endpoint"),
    clientSecretName: z.string().optional(),
  }),
  /** Who reaches the preset API without logging in (the studio network). */
  presetAllowedCidrs: z.array(cidr).optional(),
  /** This repository's clone URL (SSH or HTTPS). */
  gitRepositoryUrl: text("the Git URL of this repository"),
  gitSecretName: z.string().optional(),
  slackSecretName: z.string().optional(),
  presetTokenSecretName: z.string().optional(),
});

/** The `launcher` key, for the stack schema. */
export const launcherKeys = { launcher: launcherSchema.optional() };

/** `launcher` as written. */
export type LauncherInput = z.infer<typeof launcherSchema>;

/** `launcher` with every default resolved. */
export type LauncherConfig = LauncherServiceSettings;

/** Where the settings are checked against (from the rest of the stack's config). */
export interface LauncherConfigContext {
  readonly project: string;
  readonly stack: string;
  readonly domain: string | undefined;
  readonly region: string | undefined;
}

/** Applies the defaults and the launcher's checks; `undefined` when the stack runs no launcher. */
export function resolveLauncher(
  input: LauncherInput | undefined,
  context: LauncherConfigContext,
  issues: ConfigIssue[],
): LauncherConfig | undefined {
  if (!input) return undefined;
  const resolved: LauncherConfig = {
    image: input.image,
    hostLabel: input.hostLabel ?? LAUNCHER_DEFAULTS.hostLabel,
    oidc: {
      issuer: input.oidc.issuer,
      authorizationEndpoint: input.oidc.authorizationEndpoint,
      tokenEndpoint: input.oidc.tokenEndpoint,
      userInfoEndpoint: input.oidc.userInfoEndpoint,
      clientSecretName: input.oidc.clientSecretName ?? LAUNCHER_DEFAULTS.oidcClientSecretName,
    },
    presetAllowedCidrs: input.presetAllowedCidrs ?? [],
    gitRepositoryUrl: input.gitRepositoryUrl,
    gitSecretName: input.gitSecretName ?? LAUNCHER_DEFAULTS.gitSecretName,
    slackSecretName: input.slackSecretName ?? LAUNCHER_DEFAULTS.slackSecretName,
    ...(input.presetTokenSecretName !== undefined
      ? { presetTokenSecretName: input.presetTokenSecretName }
      : {}),
  };
  // Without a domain or region those keys report the problem; the rest is still checked.
  const problems = launcherSettingsProblems(resolved, {
    domain: context.domain ?? "<domain>",
    region: context.region,
    repositoryName: launcherRepositoryName(context.project, context.stack),
  });
  for (const p of problems) issues.push({ path: `launcher.${p.propertyPath}`, message: p.reason });
  return resolved;
}
