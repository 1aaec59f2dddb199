/**
 * TEST ONLY: an {@link EnvironmentEngine} that keeps its stacks in memory, records every call, and
 * can be told to fail a stack, hold a stack's lock for a number of attempts, or take time, so sync's
 * ordering, parallelism, busy handling and failures are tested without a Pulumi CLI.
 */
import {
  StackBusyError,
  type EnvironmentEngine,
  type ExistingStack,
  type LogSink,
} from "../../tools/envs/engine";

/** One recorded call. */
export interface EngineCall {
  readonly operation: "up" | "destroy";
  readonly stack: string;
  readonly fingerprint?: string;
}

/** The in-memory engine. */
export class MemoryEngine implements EnvironmentEngine {
  /** Existing stacks and the fingerprint each was last synced with. */
  readonly stacks = new Map<string, string | undefined>();
  readonly calls: EngineCall[] = [];
  /** Stacks whose operation throws this message. */
  readonly failures = new Map<string, string>();
  /** Stacks that are locked for this many more attempts. */
  readonly locked = new Map<string, number>();
  platform = "platform-v1";
  /** How long each operation takes (resolved on the event loop, so operations overlap). */
  delayMs = 5;
  private running = 0;
  /** The most operations that ran at once. */
  maxRunning = 0;

  constructor(existing: Record<string, string | undefined> = {}) {
    for (const [stack, fingerprint] of Object.entries(existing)) this.stacks.set(stack, fingerprint);
  }

  async listStacks(tier: string): Promise<ExistingStack[]> {
    return [...this.stacks]
      .filter(([name]) => name.startsWith(`${tier}.`))
      .map(([name, fingerprint]) => ({ name, ...(fingerprint !== undefined ? { fingerprint } : {}) }));
  }

  async platformFingerprint(): Promise<string> {
    return this.platform;
  }

  async up(stack: string, fingerprint: string, log: LogSink): Promise<void> {
    await this.operate({ operation: "up", stack, fingerprint }, log, () =>
      this.stacks.set(stack, fingerprint),
    );
  }

  async destroy(stack: string, log: LogSink): Promise<void> {
    await this.operate({ operation: "destroy", stack }, log, () => this.stacks.delete(stack));
  }

  private async operate(call: EngineCall, log: LogSink, apply: () => void): Promise<void> {
    this.calls.push(call);
    const locks = this.locked.get(call.stack) ?? 0;
    if (locks > 0) {
      this.locked.set(call.stack, locks - 1);
      throw new StackBusyError(`the stack is currently locked by 1 lock(s): another update is in progress`);
    }
    this.running++;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    try {
      log(`${call.operation} ${call.stack}: started`);
      await new Promise((done) => setTimeout(done, this.delayMs));
      const failure = this.failures.get(call.stack);
      if (failure) throw new Error(failure);
      apply();
      log(`${call.operation} ${call.stack}: done`);
    } finally {
      this.running--;
    }
  }
}
