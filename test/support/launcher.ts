/**
 * Runs `npm run env` in-process (launcher/cli.ts `runCli`) against a test clone, with the platform
 * settings computed once per test process, a fixed day, and only the environment variables a test
 * gives (no SLACK_WEBHOOK_URL or GITHUB_TOKEN from the machine).
 */
import { runCli } from "../../launcher/cli";
import { testSettings } from "./git-repo";

/** The day the launcher tests run on (the committed registry's dates are judged against it). */
export const TODAY = "2026-12-01";

/**
 * The instant the launcher tests run at: Tuesday 13:00 in Berlin, inside the dev tier's working
 * hours (Mon-Fri 08:00-20:00 Europe/Berlin), so office-hours environments are awake by schedule.
 */
export const NOW = new Date(`${TODAY}T12:00:00Z`);

/** What a command line printed and returned. */
export interface EnvRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Runs `npm run env -- <argv>` in `root`. */
export async function runEnv(
  root: string,
  argv: readonly string[],
  options: { env?: Record<string, string>; today?: string; now?: Date } = {},
): Promise<EnvRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, {
    root,
    out: (text) => out.push(text),
    err: (text) => err.push(text),
    env: options.env ?? {},
    today: options.today ?? TODAY,
    now: options.now ?? NOW,
    settings: testSettings,
    slack: { retryDelayMs: 20, timeoutMs: 2000 },
  });
  return { code, out: out.join("\n"), err: err.join("\n") };
}
