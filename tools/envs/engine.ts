/**
 * What `envs sync` needs from Pulumi, as one small interface: list a tier's environment stacks with
 * the fingerprint each was last applied with, read the platform's outputs, update a stack, destroy
 * one. `automation.ts` implements it with the Automation API; the tests use an in-memory engine with
 * the same interface, so everything else (what to do, ordering, parallelism, busy stacks, failures,
 * the result table) is tested without a Pulumi CLI.
 */

/** An environment stack that exists in the backend. */
export interface ExistingStack {
  /** `<tier>.<env>`. */
  readonly name: string;
  /** The fingerprint of the last successful sync, when one is recorded. */
  readonly fingerprint?: string;
  /** Another update is running on it right now. */
  readonly busy?: boolean;
}

/** Where an operation's log lines go (each prefixed with the stack by the caller). */
export type LogSink = (line: string) => void;

/** The operations sync performs on environment stacks. */
export interface EnvironmentEngine {
  /** Every environment stack of `tier` that exists (`<tier>.*`). */
  listStacks(tier: string): Promise<ExistingStack[]>;
  /** A digest of the platform stack's current outputs: environment stacks must follow when it changes. */
  platformFingerprint(tier: string): Promise<string>;
  /** Creates the stack if needed and updates it (policy pack included), recording `fingerprint`. */
  up(stack: string, fingerprint: string, log: LogSink): Promise<void>;
  /** Destroys the stack's resources and removes the stack. */
  destroy(stack: string, log: LogSink): Promise<void>;
}

/** The stack is locked by another update; sync reports it as busy rather than failed. */
export class StackBusyError extends Error {
  override readonly name = "StackBusyError";
}
