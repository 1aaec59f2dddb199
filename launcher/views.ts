/**
 * What the front ends show of a tier's environments: the rows of `list` and of the web page, and
 * the presets game clients read from the preset API. Built from the validated registry and the
 * platform's settings (host names), plus whatever live status the caller knows.
 */
import { daysBetween, isExpired } from "../lib/dates";
import { environmentPreset } from "../lib/environment/preset";
import type { EnvironmentConfig } from "../stacks/config";
import type { EnvironmentSettings } from "../stacks/environment-settings";
import type { Registry } from "../stacks/resolve-registry";
import { dashboardsHost } from "../lib/logging/dashboards";
import { environmentIndexPattern } from "../lib/logging/index-naming";

/** Days before its last day an environment counts as expiring. */
export const EXPIRING_DAYS = 3;

/**
 * What is known of an environment in the cluster: `applied` (the namespace says the registry's
 * version), `pending` (the registry changed and sync has not applied it yet), `missing` (no namespace
 * yet), `sleeping` (scaled to zero by its schedule), `unknown` (no cluster to ask, e.g. locally).
 */
export type LiveStatus = "applied" | "pending" | "missing" | "sleeping" | "unknown";

/** The registry's view of an environment's lifetime. */
export type LifetimeStatus = "expired" | "expiring" | "active" | "permanent";

/** One row of `list` and of the page. */
export interface EnvironmentRow {
  readonly name: string;
  readonly tier: string;
  readonly owner: string;
  readonly team: string;
  readonly purpose: string;
  readonly version: string;
  readonly gameDataVersion: string;
  readonly resourceVersion: string;
  readonly clockOffset: string;
  readonly created: string;
  readonly expires?: string;
  /** Days from today to the last day (negative once expired). */
  readonly daysLeft?: number;
  readonly lifetime: LifetimeStatus;
  readonly live: LiveStatus;
  readonly urls: { readonly game: string; readonly backoffice: string; readonly gamePreview?: string };
  /** The tier's Dashboards, and this environment's index pattern there. */
  readonly logs: { readonly url: string; readonly indexPattern: string };
}

/** An environment's lifetime status on `today`. */
export function lifetimeStatus(env: Pick<EnvironmentConfig, "expires">, today: string): LifetimeStatus {
  if (env.expires === undefined) return "permanent";
  if (isExpired(env.expires, today)) return "expired";
  return daysBetween(today, env.expires) <= EXPIRING_DAYS ? "expiring" : "active";
}

/** The rows of a tier: expired first, then expiring, then by last day and name. */
export function environmentRows(
  registry: Registry,
  settings: Pick<EnvironmentSettings, "domain" | "hostPattern">,
  today: string,
  live: ReadonlyMap<string, LiveStatus> = new Map(),
): EnvironmentRow[] {
  const order: Record<LifetimeStatus, number> = { expired: 0, expiring: 1, active: 2, permanent: 3 };
  return registry.environments
    .map((env): EnvironmentRow => {
      const preset = environmentPreset(env, settings.domain, settings.hostPattern);
      return {
        name: env.name,
        tier: env.tier,
        owner: env.owner,
        team: env.team,
        purpose: env.purpose,
        version: env.version,
        gameDataVersion: env.gameDataVersion,
        resourceVersion: env.resourceVersion,
        clockOffset: env.clockOffset,
        created: env.created,
        ...(env.expires ? { expires: env.expires, daysLeft: daysBetween(today, env.expires) } : {}),
        lifetime: lifetimeStatus(env, today),
        live: live.get(env.name) ?? "unknown",
        urls: {
          game: preset.urls.game!,
          backoffice: preset.urls.backoffice!,
          ...(preset.urls.gamePreview ? { gamePreview: preset.urls.gamePreview } : {}),
        },
        logs: {
          url: `https://${dashboardsHost(settings.domain)}`,
          indexPattern: environmentIndexPattern(env.name),
        },
      };
    })
    .sort(
      (a, b) =>
        order[a.lifetime] - order[b.lifetime] ||
        (a.expires ?? "9999").localeCompare(b.expires ?? "9999") ||
        a.name.localeCompare(b.name),
    );
}

/** What the preset API returns for one environment. */
export interface Preset {
  readonly name: string;
  readonly tier: string;
  readonly owner: string;
  readonly team: string;
  readonly purpose: string;
  readonly version: string;
  readonly gameDataVersion: string;
  readonly resourceVersion: string;
  readonly clockOffset: string;
  readonly urls: EnvironmentRow["urls"];
  readonly created: string;
  readonly expires: string | null;
  /** `expired` wins; otherwise the live status (`applied`, `pending`, `sleeping`, ...). */
  readonly status: LiveStatus | "expired";
}

/** A row as a preset. */
export function presetOf(row: EnvironmentRow): Preset {
  return {
    name: row.name,
    tier: row.tier,
    owner: row.owner,
    team: row.team,
    purpose: row.purpose,
    version: row.version,
    gameDataVersion: row.gameDataVersion,
    resourceVersion: row.resourceVersion,
    clockOffset: row.clockOffset,
    urls: row.urls,
    created: row.created,
    expires: row.expires ?? null,
    status: row.lifetime === "expired" ? "expired" : row.live,
  };
}
