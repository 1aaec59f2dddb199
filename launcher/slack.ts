/**
 * Slack notices through an incoming webhook: a small client (POST `{ text, blocks }`, a timeout, one
 * retry when retrying can help) and the messages the launcher and sync send. The webhook URL is a
 * secret (anyone holding it can post to the channel): it is kept in a private field, never put in an
 * error or a result, and a failed notice is reported to the caller, never thrown, so a Slack outage
 * never fails an operation or a sync.
 *
 * Payload keys and Block Kit limits: upstream/slack/ (held to by test/launcher-slack.test.ts).
 */
import type { OperationName } from "./operations";

/** A mrkdwn text object. */
export interface MrkdwnText {
  readonly type: "mrkdwn";
  readonly text: string;
}

/** The Block Kit blocks the launcher's messages use. */
export type SlackBlock =
  | { readonly type: "header"; readonly text: { readonly type: "plain_text"; readonly text: string } }
  | { readonly type: "section"; readonly text: MrkdwnText }
  | { readonly type: "context"; readonly elements: readonly MrkdwnText[] };

/** A message as an incoming webhook takes it: `text` is the notification and the fallback. */
export interface SlackMessage {
  readonly text: string;
  readonly blocks?: readonly SlackBlock[];
}

/** How a notice went: `ok`, or why not (never containing the webhook URL). */
export interface NotifyResult {
  readonly ok: boolean;
  /** Requests made (1, or 2 after a retry). */
  readonly attempts: number;
  readonly error?: string;
}

/** Options of {@link SlackWebhook}. */
export interface SlackWebhookOptions {
  /** Milliseconds one attempt may take. @default 5000 */
  readonly timeoutMs?: number;
  /** Further attempts after a timeout, a network error, a 429 or a 5xx. @default 1 */
  readonly retries?: number;
  /** Wait before a retry. @default 1000 */
  readonly retryDelayMs?: number;
  /** The fetch to use (tests may pass one). @default globalThis.fetch */
  readonly fetch?: typeof fetch;
}

/** Most characters a section's text may hold (upstream/slack/block-kit-limits.json). */
export const SECTION_TEXT_MAX = 3000;
/** Most characters a header's text may hold. */
export const HEADER_TEXT_MAX = 150;
/** Most elements a context block may hold. */
export const CONTEXT_ELEMENTS_MAX = 10;
/** Environments listed one by one in an expiry message; the rest are counted. */
export const EXPIRY_LIST_MAX = 20;

/** An incoming webhook. */
export class SlackWebhook {
  readonly #url: string;
  readonly #options: Required<Omit<SlackWebhookOptions, "fetch">> & { fetch: typeof fetch };

  constructor(url: string, options: SlackWebhookOptions = {}) {
    if (!isWebhookUrl(url)) {
      // The value itself stays out of the message: it may be a real secret pasted wrongly.
      throw new TypeError("the Slack webhook URL must be an http(s):// URL");
    }
    this.#url = url;
    this.#options = {
      timeoutMs: options.timeoutMs ?? 5000,
      retries: options.retries ?? 1,
      retryDelayMs: options.retryDelayMs ?? 1000,
      fetch: options.fetch ?? globalThis.fetch,
    };
  }

  /** Posts a message; resolves with the outcome and never rejects. */
  async send(message: SlackMessage): Promise<NotifyResult> {
    const body = JSON.stringify(message);
    const { timeoutMs, retries, retryDelayMs } = this.#options;
    let error = "";
    let attempts = 0;
    while (attempts <= retries) {
      if (attempts > 0) await new Promise((done) => setTimeout(done, retryDelayMs));
      attempts++;
      let retryable = true;
      try {
        const response = await this.#options.fetch(this.#url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body,
          redirect: "error",
          signal: AbortSignal.timeout(timeoutMs),
        });
        const answer = (await response.text()).replace(/\s+/g, " ").trim().slice(0, 120);
        // Slack answers 200 "ok"; anything else is a failure (400 invalid_payload, 403, 404, 410, 5xx).
        if (response.status >= 200 && response.status < 300) return { ok: true, attempts };
        error = `Slack answered HTTP ${response.status}${answer ? ` (${answer})` : ""}`;
        retryable = response.status === 429 || response.status >= 500;
      } catch (err) {
        error = describeFailure(err, timeoutMs);
      }
      if (!retryable) break;
    }
    return { ok: false, attempts, error };
  }

  /** Never reveals the URL when logged or serialised. */
  toJSON(): string {
    return "[SlackWebhook]";
  }
}

/** The webhook from `SLACK_WEBHOOK_URL`, `undefined` when unset, or why it cannot be used. */
export function slackWebhookFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  options: SlackWebhookOptions = {},
): { readonly webhook?: SlackWebhook; readonly problem?: string } {
  const url = env.SLACK_WEBHOOK_URL?.trim();
  if (!url) return {};
  if (!isWebhookUrl(url)) {
    return { problem: "SLACK_WEBHOOK_URL is set but is not an http(s):// URL (its value is not shown)" };
  }
  return { webhook: new SlackWebhook(url, options) };
}

function isWebhookUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
}

function describeFailure(err: unknown, timeoutMs: number): string {
  const e = err as { name?: string; cause?: { code?: string; name?: string } };
  if (e.name === "TimeoutError" || e.cause?.name === "TimeoutError") {
    return `Slack did not answer within ${timeoutMs} ms`;
  }
  // fetch's own message can carry the address; only the error code is safe to show.
  const code = e.cause?.code ?? e.name ?? "unknown error";
  return `could not reach the Slack webhook (${code})`;
}

/** Escapes Slack's control characters (`&`, `<`, `>`) in text people wrote. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** A mrkdwn link. */
export function slackLink(url: string, label: string): string {
  return `<${url.replace(/[<>|]/g, encodeURIComponent)}|${escapeMrkdwn(label).replace(/\|/g, "¦")}>`;
}

/** Seconds as people read them: `45s`, `3m 12s`, `1h 4m`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
}

function section(text: string): SlackBlock {
  return {
    type: "section",
    text: {
      type: "mrkdwn",
      text: text.length > SECTION_TEXT_MAX ? `${text.slice(0, SECTION_TEXT_MAX - 1)}…` : text,
    },
  };
}

function context(...texts: string[]): SlackBlock {
  return {
    type: "context",
    elements: texts.slice(0, CONTEXT_ELEMENTS_MAX).map((text) => ({ type: "mrkdwn", text })),
  };
}

/** Where a committed change went: only committed, pushed to main, a pull request, or a branch. */
export type ChangeDestination =
  | { readonly kind: "commit"; readonly commit: string }
  | { readonly kind: "main"; readonly commit: string; readonly url?: string }
  | { readonly kind: "pullRequest"; readonly url: string; readonly number: number }
  | { readonly kind: "branch"; readonly branch: string; readonly url?: string };

/** What an operation notice says. */
export interface OperationNotice {
  readonly operation: OperationName;
  readonly tier: string;
  readonly environment: string;
  /** Who asked (an e-mail address). */
  readonly actor: string;
  /** The change in one line (`RegistryChange.summary`). */
  readonly summary: string;
  readonly destination: ChangeDestination;
  /** The environment's addresses, when it has (or will have) them. */
  readonly urls?: Readonly<Record<string, string>>;
}

const OPERATION_EMOJI: Record<OperationName, string> = {
  create: ":rocket:",
  update: ":arrows_counterclockwise:",
  extend: ":hourglass_flowing_sand:",
  delete: ":wastebasket:",
  wake: ":sunrise:",
  sleep: ":zzz:",
};

const OPERATION_PAST: Record<OperationName, string> = {
  create: "created",
  update: "updated",
  extend: "extended",
  delete: "deleted",
  wake: "awakened",
  sleep: "rescheduled",
};

/** A create, update, extend or delete that was committed or pushed. */
export function operationMessage(notice: OperationNotice): SlackMessage {
  const target = `${notice.tier}/${notice.environment}`;
  const where = describeDestination(notice.destination);
  const text = `${OPERATION_EMOJI[notice.operation]} ${notice.actor} ${OPERATION_PAST[notice.operation]} ${target} (${where.plain})`;
  const urls = Object.entries(notice.urls ?? {}).map(([name, url]) => `${name}: ${slackLink(url, url)}`);
  const after =
    notice.destination.kind === "main" && notice.operation !== "delete"
      ? `the next \`npm run envs -- sync ${notice.tier}\` applies it`
      : undefined;
  return {
    text,
    blocks: [
      section(
        `${OPERATION_EMOJI[notice.operation]} *${escapeMrkdwn(target)}* ${OPERATION_PAST[notice.operation]} by ${escapeMrkdwn(notice.actor)}\n${escapeMrkdwn(notice.summary)}`,
      ),
      ...(urls.length > 0 ? [section(urls.join("\n"))] : []),
      context(where.mrkdwn, ...(after ? [after] : [])),
    ],
  };
}

function describeDestination(destination: ChangeDestination): { plain: string; mrkdwn: string } {
  switch (destination.kind) {
    case "commit":
      return {
        plain: `committed ${destination.commit.slice(0, 7)}, not pushed yet`,
        mrkdwn: `committed \`${destination.commit.slice(0, 7)}\`, not pushed yet`,
      };
    case "main": {
      const short = destination.commit.slice(0, 7);
      return {
        plain: `pushed to main as ${short}`,
        mrkdwn: `pushed to main as ${destination.url ? slackLink(destination.url, short) : `\`${short}\``}`,
      };
    }
    case "pullRequest":
      return {
        plain: `pull request #${destination.number}: ${destination.url}`,
        mrkdwn: `waiting for review in ${slackLink(destination.url, `pull request #${destination.number}`)}`,
      };
    case "branch":
      return {
        plain: `pushed as branch ${destination.branch}, pull request still to open`,
        mrkdwn: `pushed as branch \`${escapeMrkdwn(destination.branch)}\`; ${destination.url ? slackLink(destination.url, "open its pull request") : "a pull request is still to be opened"}`,
      };
  }
}

/** What a sync notice says about one environment stack. */
export interface SyncNotice {
  readonly tier: string;
  readonly environment: string;
  readonly kind: "create" | "update" | "delete";
  readonly status: "ok" | "failed" | "busy";
  readonly seconds: number;
  /** Why it failed (its first lines). */
  readonly error?: string;
  /** The environment's addresses (create and update). */
  readonly urls?: Readonly<Record<string, string>>;
  /** Where to look: the CI run, and the stack's log file. */
  readonly runUrl?: string;
  readonly logFile?: string;
}

/** Sync finished an environment: ready (with its URLs), removed, failed (with where to look) or busy. */
export function syncMessage(notice: SyncNotice): SlackMessage {
  const target = `${notice.tier}/${notice.environment}`;
  const took = formatDuration(notice.seconds);
  const look = [
    ...(notice.runUrl ? [`CI run: ${slackLink(notice.runUrl, notice.runUrl)}`] : []),
    ...(notice.logFile ? [`log: \`${escapeMrkdwn(notice.logFile)}\``] : []),
  ];
  const lookPlain = [notice.runUrl, notice.logFile].filter(Boolean).join(", ");
  if (notice.status === "ok" && notice.kind === "delete") {
    return {
      text: `:wastebasket: ${target} was removed (${took})`,
      blocks: [section(`:wastebasket: *${escapeMrkdwn(target)}* was removed in ${took}`)],
    };
  }
  if (notice.status === "ok") {
    const urls = Object.entries(notice.urls ?? {});
    return {
      text: `:white_check_mark: ${target} is ready (${notice.kind}d in ${took})${urls.length ? `: ${urls.map(([, u]) => u).join(" ")}` : ""}`,
      blocks: [
        section(`:white_check_mark: *${escapeMrkdwn(target)}* is ready (${notice.kind}d in ${took})`),
        ...(urls.length
          ? [section(urls.map(([name, url]) => `${name}: ${slackLink(url, url)}`).join("\n"))]
          : []),
      ],
    };
  }
  if (notice.status === "busy") {
    return {
      text: `:hourglass: ${target} was not applied: another update held its stack (${took}); the next sync applies it`,
      blocks: [
        section(
          `:hourglass: *${escapeMrkdwn(target)}* was not applied: another update held its stack's lock; the next sync applies it`,
        ),
        ...(look.length ? [context(...look)] : []),
      ],
    };
  }
  const why = notice.error ? `: ${notice.error}` : "";
  return {
    text: `:x: ${target} failed to ${notice.kind} after ${took}${why}${lookPlain ? ` (where to look: ${lookPlain})` : ""}`,
    blocks: [
      section(`:x: *${escapeMrkdwn(target)}* failed to ${notice.kind} after ${took}`),
      ...(notice.error ? [section(`\`\`\`${escapeMrkdwn(notice.error)}\`\`\``)] : []),
      context(look.length ? `where to look: ${look.join(" · ")}` : "where to look: the sync's output"),
    ],
  };
}

/** One environment in an expiry message. */
export interface ExpiryItem {
  readonly name: string;
  readonly owner: string;
  readonly expires: string;
  /** Negative once expired. */
  readonly daysLeft: number;
  /** Deleted by this run (its Redis DB retired). */
  readonly redisDb?: number;
}

/** What an expiry warning says. */
export interface ExpiryWarning {
  readonly tier: string;
  readonly warnDays: number;
  readonly expiring: readonly ExpiryItem[];
  /** Expired and not deleted by this run. */
  readonly expired: readonly ExpiryItem[];
  /** How to extend one (`npm run env -- extend <tier>/<name>`). */
  readonly extendCommand: (name: string) => string;
  /** How far ahead the tier lets a last day be set. */
  readonly maxDays?: number;
}

/** Warns owners of environments that expire within the window or have expired. */
export function expiryWarningMessage(warning: ExpiryWarning): SlackMessage {
  const count = warning.expiring.length + warning.expired.length;
  const text = `:alarm_clock: ${warning.tier}: ${warning.expired.length} expired, ${warning.expiring.length} expiring within ${warning.warnDays} day(s): ${[
    ...warning.expired,
    ...warning.expiring,
  ]
    .map((i) => `${i.name} (${i.owner}, ${daysLeftText(i.daysLeft)})`)
    .join("; ")}`;
  const items = [...warning.expired, ...warning.expiring];
  const lines = items
    .slice(0, EXPIRY_LIST_MAX)
    .map(
      (i) =>
        `• *${escapeMrkdwn(`${warning.tier}/${i.name}`)}* ${escapeMrkdwn(i.owner)}: ${i.daysLeft < 0 ? "expired" : "expires"} ${i.expires}, ${daysLeftText(i.daysLeft)}${i.daysLeft < 0 ? "; deleted by the next expiry run unless extended" : ""}\n   extend: \`${escapeMrkdwn(warning.extendCommand(i.name))}\``,
    );
  if (items.length > EXPIRY_LIST_MAX) lines.push(`…and ${items.length - EXPIRY_LIST_MAX} more`);
  return {
    text: text.length > 3000 ? `${text.slice(0, 2999)}…` : text,
    blocks: [
      {
        type: "header",
        text: { type: "plain_text", text: `Expiring environments on ${warning.tier} (${count})` },
      },
      ...chunk(lines).map(section),
      context(
        `extending moves the last day later${warning.maxDays !== undefined ? `, at most ${warning.maxDays} days from today` : ""}`,
      ),
    ],
  };
}

/** What an expiry deletion notice says. */
export interface ExpiryDeletion {
  readonly tier: string;
  readonly deleted: readonly ExpiryItem[];
  readonly destination: ChangeDestination;
  /** Who deleted them (the expiry job's identity). */
  readonly actor: string;
}

/** Expired environments deleted by expiry (their Redis DBs retired). */
export function expiryDeletionMessage(deletion: ExpiryDeletion): SlackMessage {
  const where = describeDestination(deletion.destination);
  const lines = deletion.deleted
    .slice(0, EXPIRY_LIST_MAX)
    .map(
      (i) =>
        `• *${escapeMrkdwn(`${deletion.tier}/${i.name}`)}* ${escapeMrkdwn(i.owner)}: expired ${i.expires}${i.redisDb !== undefined ? `; Redis DB ${i.redisDb} retired` : ""}`,
    );
  if (deletion.deleted.length > EXPIRY_LIST_MAX)
    lines.push(`…and ${deletion.deleted.length - EXPIRY_LIST_MAX} more`);
  return {
    text: `:wastebasket: expiry deleted ${deletion.deleted.length} environment(s) on ${deletion.tier}: ${deletion.deleted.map((i) => `${i.name} (${i.owner})`).join(", ")} (${where.plain})`,
    blocks: [
      section(
        `:wastebasket: Expired environments deleted on *${escapeMrkdwn(deletion.tier)}* by ${escapeMrkdwn(deletion.actor)}`,
      ),
      ...chunk(lines).map(section),
      context(where.mrkdwn, "their MySQL databases are kept"),
    ],
  };
}

/** `3 days left`, `last day today`, `expired 2 days ago`. */
export function daysLeftText(daysLeft: number): string {
  if (daysLeft === 0) return "last day today";
  if (daysLeft > 0) return `${daysLeft} day${daysLeft === 1 ? "" : "s"} left`;
  return `expired ${-daysLeft} day${daysLeft === -1 ? "" : "s"} ago`;
}

/** Lines joined into texts that each fit a section. */
function chunk(lines: readonly string[]): string[] {
  const out: string[] = [];
  let current = "";
  for (const line of lines) {
    const next = current ? `${current}\n${line}` : line;
    if (next.length > SECTION_TEXT_MAX && current) {
      out.push(current);
      current = line;
    } else {
      current = next;
    }
  }
  if (current) out.push(current);
  return out;
}
