/**
 * What the cluster has of each registered environment (the launcher's "live" column and the preset
 * API's `status`). The registry says what should run; a {@link StatusSource} says whether `sync` has
 * made it so. See {@link LiveStatus} for the meanings.
 */
import type { Registry } from "../stacks/resolve-registry";
import type { LiveStatus } from "./views";

/** Reports each registered environment's live status. */
export interface StatusSource {
  /** Shown on the page: `kubernetes`, `none`, ... */
  readonly name: string;
  /**
   * The status of every environment of `registry` the source knows about; environments it has no
   * word on are `unknown`. Must be cheap to call per request (cache what the cluster answered).
   */
  status(registry: Registry): Promise<ReadonlyMap<string, LiveStatus>>;
  /** Forgets cached answers (called after the launcher's own changes). */
  refresh?(): void;
  /** Why the last read failed, for the page; undefined when it worked. */
  readonly lastError?: string | undefined;
}

/** No cluster to ask (local use): every environment is `unknown`. */
export class NoStatusSource implements StatusSource {
  readonly name = "none";
  status(): Promise<ReadonlyMap<string, LiveStatus>> {
    return Promise.resolve(new Map());
  }
}
