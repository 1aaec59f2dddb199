/**
 * Carries out sync's actions on an {@link EnvironmentEngine}: at most `parallel` stacks at a time,
 * one failure never stopping the others, a stack locked by another update retried a few times and
 * then reported as busy (not failed), and each stack's result with its duration.
 */
import type { SyncAction, SyncActionKind } from "./actions";
import { StackBusyError, type EnvironmentEngine, type LogSink } from "./engine";

/** How one stack's action ended. */
export type SyncStatus = "ok" | "unchanged" | "failed" | "busy";

/** One stack's result. */
export interface SyncResult {
  readonly stack: string;
  readonly kind: SyncActionKind;
  readonly status: SyncStatus;
  /** Wall-clock seconds the action took (retries included). */
  readonly seconds: number;
  /** Why it failed or was busy: the error's first lines. */
  readonly error?: string;
}

/** How to run the actions. */
export interface RunOptions {
  /** Stacks worked on at once. */
  readonly parallel: number;
  /** Further attempts for a stack that is busy. @default 2 */
  readonly busyRetries?: number;
  /** Wait before retrying a busy stack. @default 30 s */
  readonly busyDelayMs?: number;
  /** Where each stack's log lines go. */
  readonly logFor: (stack: string) => LogSink;
  /** Told when a stack starts and when it ends (progress lines, notifications). */
  readonly onStart?: (action: SyncAction) => void;
  readonly onResult?: (result: SyncResult, action: SyncAction) => void;
  /** Milliseconds since some origin. @default Date.now */
  readonly clock?: () => number;
  /** Waits (tests pass one that does not). @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** The default number of stacks synced at once: enough to overlap slow updates, few enough for one runner. */
export const DEFAULT_PARALLEL = 4;

/** Runs every action and returns the results in the actions' order. */
export async function runActions(
  actions: readonly SyncAction[],
  engine: EnvironmentEngine,
  options: RunOptions,
): Promise<SyncResult[]> {
  if (!Number.isInteger(options.parallel) || options.parallel < 1) {
    throw new RangeError(`parallel must be a whole number, 1 or more; got ${options.parallel}`);
  }
  const clock = options.clock ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((done) => setTimeout(done, ms)));
  const retries = options.busyRetries ?? 2;
  const delay = options.busyDelayMs ?? 30_000;
  const results: SyncResult[] = new Array<SyncResult>(actions.length);
  let next = 0;

  const perform = async (action: SyncAction): Promise<void> => {
    const log = options.logFor(action.stack);
    if (action.kind === "delete") await engine.destroy(action.stack, log);
    else await engine.up(action.stack, action.fingerprint ?? "", log);
  };

  const work = async (index: number): Promise<SyncResult> => {
    const action = actions[index]!;
    if (action.kind === "unchanged") {
      return { stack: action.stack, kind: action.kind, status: "unchanged", seconds: 0 };
    }
    options.onStart?.(action);
    const started = clock();
    const seconds = () => Math.round((clock() - started) / 100) / 10;
    for (let attempt = 0; ; attempt++) {
      try {
        await perform(action);
        return { stack: action.stack, kind: action.kind, status: "ok", seconds: seconds() };
      } catch (err) {
        if (err instanceof StackBusyError) {
          if (attempt < retries) {
            options.logFor(action.stack)(`busy: another update holds the lock; retrying in ${delay / 1000}s`);
            await sleep(delay);
            continue;
          }
          return {
            stack: action.stack,
            kind: action.kind,
            status: "busy",
            seconds: seconds(),
            error: firstLines(err),
          };
        }
        return {
          stack: action.stack,
          kind: action.kind,
          status: "failed",
          seconds: seconds(),
          error: firstLines(err),
        };
      }
    }
  };

  const worker = async (): Promise<void> => {
    while (next < actions.length) {
      const index = next++;
      const result = await work(index);
      results[index] = result;
      options.onResult?.(result, actions[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.parallel, actions.length) }, worker));
  return results;
}

function firstLines(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.trim().split("\n").slice(0, 3).join(" / ");
}
