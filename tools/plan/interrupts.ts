/**
 * Cleaning up after Ctrl-C: while something temporary exists (a git worktree), SIGINT and SIGTERM
 * first run its clean-up, then end the process by the same signal, so the shell or CI still sees
 * an interrupted command (exit status 128 + signal number), not a success.
 */

const SIGNALS: readonly NodeJS.Signals[] = ["SIGINT", "SIGTERM"];

/**
 * Runs `cleanup` (synchronous: the process ends right after) when SIGINT or SIGTERM arrives before
 * the returned function is called; that function unregisters it.
 */
export function cleanupOnInterrupt(cleanup: () => void): () => void {
  const handler = (signal: NodeJS.Signals) => {
    release();
    try {
      cleanup();
    } finally {
      // No listener is left, so the default action applies: the process ends by this signal.
      process.kill(process.pid, signal);
    }
  };
  const release = () => {
    for (const s of SIGNALS) process.off(s, handler);
  };
  for (const s of SIGNALS) process.on(s, handler);
  return release;
}
