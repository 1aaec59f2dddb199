/**
 * What the front ends show of a tier's environments: the rows of `list` and of the web page, and
 * the presets game clients read from the preset API. Built from the validated registry and the
 * platform's settings (host names), plus whatever live status the caller knows.
 */
import { daysBetween, isExpired } from "../lib/dates";
import { environmentPreset } from "../lib/environment/preset";
import { describeSleepSchedule, sleepStateAt } from "../lib/sleep-schedule";
import type { EnvironmentConfig } from "../stacks/config";
import type { EnvironmentSettings } from "../stacks/environment-settings";
import type { Registry } from "../stacks/resolve-registry";
import { dashboardsHost } from "../lib/logging/dashboards";
import { environmentIndexPattern } from "../lib/logging/index-naming";
import { environmentCost, footprintOfEnvironment } from "../lib/cost/environment";
import { cents, formatMoney } from "../lib/cost/money";
import type { GamePoolBasis } from "../lib/cost/pool";
import type { PriceTable } from "../lib/cost/prices";
import { awakeOfEnvironment, describeAwake, type Awake } from "../lib/cost/schedule";

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

/**
 * An environment's sleep as the registry has it on `today`: its schedule, a wake's last day while
 * it holds, or why it is always on; with `now`, where the schedule has it at that instant.
 */
export interface SleepView {
  /** `scheduled` (sleeps outside its schedule), `awake` (a wake holds), `alwaysOn`. */
  readonly mode: "scheduled" | "awake" | "alwaysOn";
  /** The schedule as people read it (`Mon-Fri: wakes 08:00, sleeps 20:00 (Europe/Berlin)`), or `always on`. */
  readonly schedule: string;
  /** While a wake holds: its last day. */
  readonly awakeUntil?: string;
  /** Why an always-on environment never sleeps. */
  readonly reason?: string;
  /** Where the schedule has it now (`scheduled` only, and only when the caller gave the time). */
  readonly now?: "asleep" | "awake";
  /** The schedule's next sleep or wake, in its time zone (`Mon 08:00`), with `now`. */
  readonly next?: string;
}

/** An environment's {@link SleepView}. */
export function sleepView(env: Pick<EnvironmentConfig, "sleep">, now?: Date): SleepView {
  const { sleep } = env;
  if (sleep.schedule === undefined) {
    return { mode: "alwaysOn", schedule: "always on", ...(sleep.reason ? { reason: sleep.reason } : {}) };
  }
  const schedule = describeSleepSchedule(sleep.schedule);
  if (sleep.paused && sleep.pausedUntil !== undefined) {
    return { mode: "awake", schedule, awakeUntil: sleep.pausedUntil };
  }
  if (now === undefined) return { mode: "scheduled", schedule };
  const state = sleepStateAt(sleep.schedule, now);
  return { mode: "scheduled", schedule, now: state.asleep ? "asleep" : "awake", next: state.next };
}

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
  readonly sleep: SleepView;
  readonly urls: { readonly game: string; readonly backoffice: string; readonly gamePreview?: string };
  /** The tier's Dashboards, and this environment's index pattern there. */
  readonly logs: { readonly url: string; readonly indexPattern: string };
  /** Its monthly cost estimate, when the caller priced the tier ({@link costOfEnvironment}). */
  readonly cost?: RowCost;
}

/** An environment's monthly cost as the list and the page show it. */
export interface RowCost {
  /** USD a month always on, to the cent; null when a price it needs is unknown. */
  readonly alwaysOnUsd: number | null;
  /** USD a month on its sleep schedule, to the cent; null when a price it needs is unknown. */
  readonly scheduledUsd: number | null;
  /** `$43.32†`, `$8.80 + unknown`, `unknown` (`lib/cost/money.ts` `formatMoney`). */
  readonly alwaysOn: string;
  readonly scheduled: string;
  /** `Mon-Fri 08:00-20:00 Europe/Berlin` or `always on`. */
  readonly schedule: string;
  /** The price table's date. */
  readonly pricesTaken: string;
}

/** What the tier's environments are priced from (`tools/cost/basis.ts`), or why they cannot be. */
export type TierCostBasis =
  | { readonly basis: GamePoolBasis; readonly prices: { readonly table: PriceTable }; readonly awake: Awake }
  | { readonly error: string };

/**
 * An environment's monthly cost from its resolved config (no plan needed): its share of the game
 * nodes for the hours it is awake and its volumes (`lib/cost/environment.ts`), on its own sleep
 * schedule (the registry's `sleep`, with the tier's default resolved); always on when it has none.
 */
export function costOfEnvironment(env: EnvironmentConfig, tier: TierCostBasis): RowCost | undefined {
  if ("error" in tier) return undefined;
  // Its own schedule (the registry's `sleep`, resolved); the tier's default only if that one cannot be read.
  const own = awakeOfEnvironment(env.sleep);
  const awake = typeof own === "object" && "problem" in own ? tier.awake : own;
  const cost = environmentCost(footprintOfEnvironment(env), awake, tier.basis, tier.prices.table);
  const usd = (total: typeof cost.alwaysOn.total) => (total.unknown.length === 0 ? cents(total.usd) : null);
  return {
    alwaysOnUsd: usd(cost.alwaysOn.total),
    scheduledUsd: usd(cost.scheduled.total),
    alwaysOn: formatMoney(cost.alwaysOn.total),
    scheduled: formatMoney(cost.scheduled.total),
    schedule: describeAwake(cost.awake),
    pricesTaken: tier.prices.table.taken,
  };
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
  cost?: TierCostBasis,
  now?: Date,
): EnvironmentRow[] {
  const order: Record<LifetimeStatus, number> = { expired: 0, expiring: 1, active: 2, permanent: 3 };
  return registry.environments
    .map((env): EnvironmentRow => {
      const preset = environmentPreset(env, settings.domain, settings.hostPattern);
      const priced = cost ? costOfEnvironment(env, cost) : undefined;
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
        sleep: sleepView(env, now),
        urls: {
          game: preset.urls.game!,
          backoffice: preset.urls.backoffice!,
          ...(preset.urls.gamePreview ? { gamePreview: preset.urls.gamePreview } : {}),
        },
        logs: {
          url: `https://${dashboardsHost(settings.domain)}`,
          indexPattern: environmentIndexPattern(env.name),
        },
        ...(priced ? { cost: priced } : {}),
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
  /** Its sleep schedule, a wake's last day, or why it is always on (the registry's, for today). */
  readonly sleep: SleepView;
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
    sleep: { ...row.sleep },
  };
}
