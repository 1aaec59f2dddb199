/**
 * What the pages and the preset API read: each tier's registry as the clone's HEAD has it,
 * validated once per HEAD (not per request), with the live status on top. The preset API's JSON
 * and ETag are cached by (HEAD, today, live status), so a repeated request costs a map lookup.
 *
 * HEAD is asked of git at most once per `headTtlMs` and again right after the server's own writes;
 * commits made in the clone by anyone else (a developer's local clone) show within that time.
 */
import { createHash } from "node:crypto";
import { RegistryError, resolveRegistry, type Registry } from "../../stacks/resolve-registry";
import type { EnvironmentSettings } from "../../stacks/environment-settings";
import type { RegistrySource } from "../../stacks/resolve-registry";
import type { TierName } from "../../stacks/tier";
import type { StatusSource } from "../status";
import { environmentRows, presetOf, type EnvironmentRow, type LiveStatus, type Preset } from "../views";
import type { RegistryWorkspace } from "../workspace";

/** A tier as of one HEAD. */
export interface TierSnapshot {
  readonly tier: TierName;
  readonly head: string;
  readonly today: string;
  readonly settings: EnvironmentSettings;
  readonly source: RegistrySource;
  /** Undefined when the registry is broken; `error` says how. */
  readonly registry?: Registry;
  readonly error?: string;
}

/** The preset API's answer for a tier, ready to send. */
export interface PresetDocument {
  readonly etag: string;
  readonly presets: readonly Preset[];
  /** `presets` as JSON, and each preset's JSON by name. */
  readonly body: string;
  readonly bodies: ReadonlyMap<string, string>;
}

/** How {@link RegistryState} is set up. */
export interface StateOptions {
  readonly today: () => string;
  /**
   * Runs a registry read in the write queue, so a read never sees a change applied but not yet
   * committed (and later taken back). Only cache misses (once per HEAD) wait for it.
   */
  readonly serialize: <T>(task: () => Promise<T>) => Promise<T>;
  /** @default 1000 */
  readonly headTtlMs?: number;
  /** @default Date.now */
  readonly now?: () => number;
  /** The instant each sleep schedule is shown at (asleep or awake now). @default the clock's */
  readonly sleepClock?: () => Date;
}

/** Cached, HEAD-keyed views of the clone's registry. */
export class RegistryState {
  private headCache: { at: number; head: Promise<string> } | undefined;
  private readonly snapshots = new Map<TierName, { key: string; snapshot: Promise<TierSnapshot> }>();
  private readonly documents = new Map<TierName, { key: string; document: PresetDocument }>();
  private readonly headTtlMs: number;
  private readonly now: () => number;

  constructor(
    private readonly workspace: RegistryWorkspace,
    readonly status: StatusSource,
    private readonly options: StateOptions,
  ) {
    this.headTtlMs = options.headTtlMs ?? 1000;
    this.now = options.now ?? Date.now;
  }

  /** Forgets HEAD: the next read asks git (after the server's own git work). */
  invalidate(): void {
    this.headCache = undefined;
  }

  /** The clone's HEAD commit (`none` in a repository without commits). */
  head(): Promise<string> {
    const now = this.now();
    if (!this.headCache || now - this.headCache.at >= this.headTtlMs) {
      this.headCache = {
        at: now,
        head: this.workspace.git(["rev-parse", "HEAD"]).then(
          (out) => out.trim(),
          () => "none",
        ),
      };
    }
    return this.headCache.head;
  }

  /** The tier as of the current HEAD (validated once per HEAD and day). */
  async snapshot(tier: TierName): Promise<TierSnapshot> {
    const head = await this.head();
    const today = this.options.today();
    const key = `${head}|${today}`;
    const found = this.snapshots.get(tier);
    if (found && found.key === key) return found.snapshot;
    // Read in the write queue, at the HEAD git has then (a write may have finished meanwhile).
    const snapshot = this.options.serialize(async () => {
      const actual = await this.workspace.git(["rev-parse", "HEAD"]).then(
        (out) => out.trim(),
        () => "none",
      );
      return this.build(tier, actual, today);
    });
    const entry = { key, snapshot };
    this.snapshots.set(tier, entry);
    snapshot.then(
      (s) => (entry.key = `${s.head}|${today}`),
      () => this.snapshots.delete(tier),
    );
    return snapshot;
  }

  /** The page's rows with live status, or the registry's problem. */
  async rows(tier: TierName): Promise<{ snapshot: TierSnapshot; rows: EnvironmentRow[] }> {
    const snapshot = await this.snapshot(tier);
    if (!snapshot.registry) return { snapshot, rows: [] };
    const live = await this.status.status(snapshot.registry);
    // The cost column is an estimate: a tier that cannot be priced shows dashes, not an error page.
    const cost = await this.workspace
      .costBasis(tier)
      .catch((err: unknown) => ({ error: err instanceof Error ? err.message : String(err) }));
    return {
      snapshot,
      rows: environmentRows(
        snapshot.registry,
        snapshot.settings,
        snapshot.today,
        live,
        cost,
        (this.options.sleepClock ?? (() => new Date()))(),
      ),
    };
  }

  /** The preset API's answer: cached per HEAD, day and live status. */
  async presets(tier: TierName): Promise<{ snapshot: TierSnapshot; document?: PresetDocument }> {
    const snapshot = await this.snapshot(tier);
    if (!snapshot.registry) return { snapshot };
    const live = await this.status.status(snapshot.registry);
    const key = `${snapshot.head}|${snapshot.today}|${liveKey(live)}`;
    const found = this.documents.get(tier);
    if (found && found.key === key) return { snapshot, document: found.document };
    const presets = environmentRows(snapshot.registry, snapshot.settings, snapshot.today, live)
      .map(presetOf)
      .sort((a, b) => a.name.localeCompare(b.name));
    const document: PresetDocument = {
      etag: `"${createHash("sha256").update(`${tier}|${key}`).digest("base64url").slice(0, 27)}"`,
      presets,
      body: JSON.stringify(presets),
      bodies: new Map(presets.map((p) => [p.name, JSON.stringify(p)])),
    };
    this.documents.set(tier, { key, document });
    return { snapshot, document };
  }

  private async build(tier: TierName, head: string, today: string): Promise<TierSnapshot> {
    const settings = await this.workspace.settings(tier);
    const source = this.workspace.source(tier);
    try {
      const registry = resolveRegistry(source, { settings, today });
      return { tier, head, today, settings, source, registry };
    } catch (err) {
      if (!(err instanceof RegistryError)) throw err;
      return { tier, head, today, settings, source, error: err.message };
    }
  }
}

function liveKey(live: ReadonlyMap<string, LiveStatus>): string {
  return [...live]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, status]) => `${name}=${status}`)
    .join(",");
}
