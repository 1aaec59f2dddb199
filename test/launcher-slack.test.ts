/**
 * Slack notices: the incoming-webhook client against a real local HTTP receiver (payloads, the one
 * retry, timeouts, never the URL in a message), the messages it sends (held to Slack's payload keys
 * and Block Kit limits in upstream/slack/), and the CLI's notices when a change is committed or
 * pushed, including a receiver that fails.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { inspect } from "node:util";
import { after, describe, it } from "node:test";
import {
  escapeMrkdwn,
  expiryDeletionMessage,
  expiryWarningMessage,
  formatDuration,
  operationMessage,
  SlackWebhook,
  slackWebhookFromEnv,
  syncMessage,
  type SlackMessage,
} from "../launcher/slack";
import { createTestRepo, type TestRepo, ROOT } from "./support/git-repo";
import { startReceiver, type Receiver } from "./support/http-receiver";
import { runEnv } from "./support/launcher";

const MINA = "mina.park@studio.example";
const SECRET_PATH = "/services/T000SECRET/B000SECRET/XXXXSECRETXXXX";

const receivers: Receiver[] = [];
async function receiver(...args: Parameters<typeof startReceiver>): Promise<Receiver> {
  const r = await startReceiver(...args);
  receivers.push(r);
  return r;
}
const repos: TestRepo[] = [];
after(async () => {
  for (const r of receivers) await r.close();
  for (const r of repos) r.remove();
});

const upstream = (file: string) =>
  JSON.parse(readFileSync(join(ROOT, "upstream", "slack", file), "utf8")) as unknown;
const LIMITS = upstream("block-kit-limits.json") as {
  section: { textMinLength: number; textMaxLength: number };
  header: { textMaxLength: number };
  context: { elementsMaxItems: number };
};
const PAYLOAD_KEYS = (upstream("incoming-webhook-payload.json") as { keys: string[] }).keys;

/** Holds a message to what Slack accepts. */
function assertAcceptable(message: SlackMessage): void {
  for (const key of Object.keys(message)) assert.ok(PAYLOAD_KEYS.includes(key), `payload key ${key}`);
  assert.ok(message.text.length > 0);
  for (const block of message.blocks ?? []) {
    if (block.type === "section") {
      assert.ok(block.text.text.length >= LIMITS.section.textMinLength);
      assert.ok(
        block.text.text.length <= LIMITS.section.textMaxLength,
        `section of ${block.text.text.length}`,
      );
    } else if (block.type === "header") {
      assert.ok(block.text.text.length <= LIMITS.header.textMaxLength);
    } else {
      assert.ok(block.elements.length >= 1 && block.elements.length <= LIMITS.context.elementsMaxItems);
    }
  }
}

describe("SlackWebhook", () => {
  const message: SlackMessage = {
    text: "hello",
    blocks: [{ type: "section", text: { type: "mrkdwn", text: "*hello*" } }],
  };

  it("posts the message as JSON and reports success", async () => {
    const slack = await receiver();
    const result = await new SlackWebhook(`${slack.url}${SECRET_PATH}`).send(message);
    assert.deepEqual(result, { ok: true, attempts: 1 });
    assert.equal(slack.requests.length, 1);
    const [request] = slack.requests;
    assert.equal(request!.method, "POST");
    assert.equal(request!.path, SECRET_PATH);
    assert.equal(request!.headers["content-type"], "application/json");
    assert.deepEqual(request!.json, message);
  });

  it("retries once after a 500 and succeeds", async () => {
    const slack = await receiver((_, i) =>
      i === 0 ? { status: 500, body: "rollup_error" } : { status: 200, body: "ok" },
    );
    const result = await new SlackWebhook(`${slack.url}${SECRET_PATH}`, { retryDelayMs: 10 }).send(message);
    assert.deepEqual(result, { ok: true, attempts: 2 });
    assert.equal(slack.requests.length, 2);
  });

  it("gives up after the retry with Slack's answer, and never the URL", async () => {
    const slack = await receiver(() => ({ status: 500, body: "rollup_error" }));
    const result = await new SlackWebhook(`${slack.url}${SECRET_PATH}`, { retryDelayMs: 10 }).send(message);
    assert.deepEqual(result, { ok: false, attempts: 2, error: "Slack answered HTTP 500 (rollup_error)" });
  });

  it("does not retry what a retry cannot fix (400 invalid_payload, 404, 410)", async () => {
    for (const [status, body] of [
      [400, "invalid_payload"],
      [404, "channel_not_found"],
      [410, "channel_is_archived"],
    ] as const) {
      const slack = await receiver(() => ({ status, body }));
      const result = await new SlackWebhook(`${slack.url}${SECRET_PATH}`, { retryDelayMs: 10 }).send(message);
      assert.deepEqual(result, { ok: false, attempts: 1, error: `Slack answered HTTP ${status} (${body})` });
    }
  });

  it("times out a webhook that does not answer, and retries once", async () => {
    const slack = await receiver(() => ({ status: 200, body: "ok", delayMs: 1000 }));
    const started = Date.now();
    const result = await new SlackWebhook(`${slack.url}${SECRET_PATH}`, {
      timeoutMs: 100,
      retryDelayMs: 10,
    }).send(message);
    assert.deepEqual(result, { ok: false, attempts: 2, error: "Slack did not answer within 100 ms" });
    assert.ok(Date.now() - started < 900, "it does not wait for the slow answer");
  });

  it("reports an unreachable webhook by its error code only", async () => {
    const slack = await receiver();
    await slack.close();
    const result = await new SlackWebhook(`${slack.url}${SECRET_PATH}`, { retryDelayMs: 10 }).send(message);
    assert.deepEqual(result, {
      ok: false,
      attempts: 2,
      error: "could not reach the Slack webhook (ECONNREFUSED)",
    });
  });

  it("keeps the URL out of logs, JSON and configuration errors", () => {
    const url = `https://hooks.slack.com${SECRET_PATH}`;
    const webhook = new SlackWebhook(url);
    assert.doesNotMatch(inspect(webhook, { showHidden: true, depth: 5 }), /SECRET/);
    assert.equal(JSON.stringify({ webhook }), '{"webhook":"[SlackWebhook]"}');
    assert.deepEqual(slackWebhookFromEnv({}), {});
    assert.deepEqual(slackWebhookFromEnv({ SLACK_WEBHOOK_URL: "  " }), {});
    const bad = slackWebhookFromEnv({ SLACK_WEBHOOK_URL: "hooks.slack.com/services/T000SECRET" });
    assert.deepEqual(bad, {
      problem: "SLACK_WEBHOOK_URL is set but is not an http(s):// URL (its value is not shown)",
    });
    assert.throws(
      () => new SlackWebhook("T000SECRET"),
      (err: Error) => !err.message.includes("SECRET"),
    );
  });
});

describe("Slack messages", () => {
  it("announces a wake and a sleep in words that read both ways", () => {
    const notice = (operation: "wake" | "sleep", summary: string) =>
      operationMessage({
        operation,
        tier: "dev",
        environment: "dev1",
        actor: MINA,
        summary,
        destination: { kind: "commit", commit: "0123456789abcdef" },
      });
    const woken = notice("wake", `${MINA} woke dev/dev1: awake until the end of 2026-12-04`);
    assert.match(woken.text, new RegExp(`^:sunrise: ${MINA} awakened dev/dev1 \\(`));
    assert.match(
      JSON.stringify(woken.blocks),
      /:sunrise: \*dev\/dev1\* awakened by mina\.park@studio\.example/,
    );
    const slept = notice("sleep", `${MINA} resumed the sleep schedule of dev/dev1`);
    assert.match(slept.text, new RegExp(`^:zzz: ${MINA} rescheduled dev/dev1 \\(`));
    assert.match(
      JSON.stringify(slept.blocks),
      /:zzz: \*dev\/dev1\* rescheduled by mina\.park@studio\.example/,
    );
  });

  it("announce a change pushed to main: who, what, where, the commit and the URLs", () => {
    const message = operationMessage({
      operation: "create",
      tier: "dev",
      environment: "guild",
      actor: MINA,
      summary: `${MINA} launched dev/guild (1.44.0, team server, Redis DB 4, until 2026-12-15): Guild <rework> & more`,
      destination: {
        kind: "main",
        commit: "0123456789abcdef",
        url: "https://github.com/studio/game-infra/commit/0123456789abcdef",
      },
      urls: { game: "https://game-guild.dev.game.example.com" },
    });
    assert.deepEqual(message, {
      text: `:rocket: ${MINA} created dev/guild (pushed to main as 0123456)`,
      blocks: [
        {
          type: "section",
          text: {
            type: "mrkdwn",
            text: `:rocket: *dev/guild* created by ${MINA}\n${MINA} launched dev/guild (1.44.0, team server, Redis DB 4, until 2026-12-15): Guild &lt;rework&gt; &amp; more`,
          },
        },
        {
          type: "section",
          text: {
            type: "mrkdwn",
            text: "game: <https://game-guild.dev.game.example.com|https://game-guild.dev.game.example.com>",
          },
        },
        {
          type: "context",
          elements: [
            {
              type: "mrkdwn",
              text: "pushed to main as <https://github.com/studio/game-infra/commit/0123456789abcdef|0123456>",
            },
            { type: "mrkdwn", text: "the next `npm run envs -- sync dev` applies it" },
          ],
        },
      ],
    });
    assertAcceptable(message);
  });

  it("say where a change waits: a pull request, a branch, or a local commit", () => {
    const base = {
      operation: "update",
      tier: "stage",
      environment: "stage",
      actor: MINA,
      summary: "s",
    } as const;
    const pr = operationMessage({
      ...base,
      destination: { kind: "pullRequest", number: 42, url: "https://github.com/studio/game-infra/pull/42" },
    });
    assert.equal(
      pr.text,
      `:arrows_counterclockwise: ${MINA} updated stage/stage (pull request #42: https://github.com/studio/game-infra/pull/42)`,
    );
    assert.deepEqual(pr.blocks!.at(-1), {
      type: "context",
      elements: [
        {
          type: "mrkdwn",
          text: "waiting for review in <https://github.com/studio/game-infra/pull/42|pull request #42>",
        },
      ],
    });
    const branch = operationMessage({
      ...base,
      destination: { kind: "branch", branch: "env/stage-stage-update-x" },
    });
    assert.equal(
      branch.text,
      `:arrows_counterclockwise: ${MINA} updated stage/stage (pushed as branch env/stage-stage-update-x, pull request still to open)`,
    );
    const local = operationMessage({
      ...base,
      operation: "delete",
      destination: { kind: "commit", commit: "abcdef0123" },
    });
    assert.equal(local.text, `:wastebasket: ${MINA} deleted stage/stage (committed abcdef0, not pushed yet)`);
    for (const m of [pr, branch, local]) assertAcceptable(m);
  });

  it("report sync results: ready with URLs and duration, removed, busy, failed with where to look", () => {
    const ready = syncMessage({
      tier: "dev",
      environment: "guild",
      kind: "create",
      status: "ok",
      seconds: 192.4,
      urls: {
        game: "https://game-guild.dev.game.example.com",
        backoffice: "https://backoffice-guild.dev.game.example.com",
      },
    });
    assert.equal(
      ready.text,
      ":white_check_mark: dev/guild is ready (created in 3m 12s): https://game-guild.dev.game.example.com https://backoffice-guild.dev.game.example.com",
    );
    const failed = syncMessage({
      tier: "dev",
      environment: "guild",
      kind: "update",
      status: "failed",
      seconds: 41,
      error: "helm release gameserver: timed out",
      runUrl: "https://github.com/studio/game-infra/actions/runs/77",
      logFile: ".envs-logs/dev.guild.log",
    });
    assert.equal(
      failed.text,
      ":x: dev/guild failed to update after 41s: helm release gameserver: timed out (where to look: https://github.com/studio/game-infra/actions/runs/77, .envs-logs/dev.guild.log)",
    );
    assert.deepEqual(failed.blocks!.at(-1), {
      type: "context",
      elements: [
        {
          type: "mrkdwn",
          text: "where to look: CI run: <https://github.com/studio/game-infra/actions/runs/77|https://github.com/studio/game-infra/actions/runs/77> · log: `.envs-logs/dev.guild.log`",
        },
      ],
    });
    const removed = syncMessage({
      tier: "dev",
      environment: "old",
      kind: "delete",
      status: "ok",
      seconds: 3725,
    });
    assert.equal(removed.text, ":wastebasket: dev/old was removed (1h 2m)");
    const busy = syncMessage({
      tier: "dev",
      environment: "guild",
      kind: "update",
      status: "busy",
      seconds: 61,
    });
    assert.match(
      busy.text,
      /^:hourglass: dev\/guild was not applied: another update held its stack \(1m 1s\); the next sync applies it$/,
    );
    for (const m of [ready, failed, removed, busy]) assertAcceptable(m);
  });

  it("warn owners of expiring and expired environments with how to extend, and list deletions", () => {
    const warning = expiryWarningMessage({
      tier: "dev",
      warnDays: 3,
      maxDays: 60,
      expiring: [{ name: "soon", owner: MINA, expires: "2026-12-03", daysLeft: 2 }],
      expired: [{ name: "old", owner: "ana.silva@studio.example", expires: "2026-11-30", daysLeft: -1 }],
      extendCommand: (name) => `npm run env -- extend dev/${name}`,
    });
    assert.equal(
      warning.text,
      `:alarm_clock: dev: 1 expired, 1 expiring within 3 day(s): old (ana.silva@studio.example, expired 1 day ago); soon (${MINA}, 2 days left)`,
    );
    assert.deepEqual(warning.blocks![0], {
      type: "header",
      text: { type: "plain_text", text: "Expiring environments on dev (2)" },
    });
    assert.equal(
      (warning.blocks![1] as { text: { text: string } }).text.text,
      [
        "• *dev/old* ana.silva@studio.example: expired 2026-11-30, expired 1 day ago; deleted by the next expiry run unless extended",
        "   extend: `npm run env -- extend dev/old`",
        `• *dev/soon* ${MINA}: expires 2026-12-03, 2 days left`,
        "   extend: `npm run env -- extend dev/soon`",
      ].join("\n"),
    );
    const deletion = expiryDeletionMessage({
      tier: "dev",
      actor: "expiry@studio.example",
      deleted: [
        { name: "old", owner: "ana.silva@studio.example", expires: "2026-11-30", daysLeft: -1, redisDb: 7 },
      ],
      destination: { kind: "main", commit: "fedcba9876" },
    });
    assert.equal(
      deletion.text,
      ":wastebasket: expiry deleted 1 environment(s) on dev: old (ana.silva@studio.example) (pushed to main as fedcba9)",
    );
    assert.match(
      (deletion.blocks![1] as { text: { text: string } }).text.text,
      /^• \*dev\/old\* ana\.silva@studio\.example: expired 2026-11-30; Redis DB 7 retired$/,
    );
    for (const m of [warning, deletion]) assertAcceptable(m);
  });

  it("stay within Block Kit's limits however many environments or however long the text", () => {
    const many = Array.from({ length: 200 }, (_, i) => ({
      name: `env-${i}-${"x".repeat(30)}`,
      owner: `owner-${i}@studio.example`,
      expires: "2026-12-03",
      daysLeft: 2,
    }));
    const warning = expiryWarningMessage({
      tier: "qa",
      warnDays: 3,
      expiring: many,
      expired: [],
      extendCommand: (n) => `extend ${n}`,
    });
    assertAcceptable(warning);
    assert.match(JSON.stringify(warning.blocks), /…and 180 more/);
    const long = syncMessage({
      tier: "dev",
      environment: "guild",
      kind: "create",
      status: "failed",
      seconds: 1,
      error: "e".repeat(5000),
    });
    assertAcceptable(long);
    assert.equal(escapeMrkdwn("a<b>&c"), "a&lt;b&gt;&amp;c");
    assert.deepEqual(
      [formatDuration(0), formatDuration(59.6), formatDuration(3600)],
      ["0s", "1m 0s", "1h 0m"],
    );
  });
});

describe("npm run env notices", () => {
  const argv = [
    "create",
    "dev/guild",
    "--team",
    "server",
    "--purpose",
    "Guild",
    "--version",
    "1.44.0",
    "--as",
    MINA,
  ];

  it("announce a change pushed to main with who, what and the commit link", async () => {
    const slack = await receiver();
    const r = createTestRepo();
    repos.push(r);
    const run = await runEnv(r.root, [...argv, "--push"], {
      env: { SLACK_WEBHOOK_URL: `${slack.url}${SECRET_PATH}` },
    });
    assert.equal(run.code, 0, run.err);
    assert.equal(slack.requests.length, 1);
    const sha = r.git(["rev-parse", "main"], r.origin);
    const body = slack.requests[0]!.json as SlackMessage;
    assert.equal(body.text, `:rocket: ${MINA} created dev/guild (pushed to main as ${sha.slice(0, 7)})`);
    assert.match(
      JSON.stringify(body.blocks),
      new RegExp(`<https://github.com/studio/game-infra/commit/${sha}\\|${sha.slice(0, 7)}>`),
    );
    assert.match(JSON.stringify(body.blocks), /game: <https:\/\/game-guild\.dev\.game\.example\.com\|/);
    assertAcceptable(body);
    assert.match(run.err, /^slack: notified$/m);
    assert.doesNotMatch(run.out + run.err, /SECRET/);
  });

  it("send nothing for a working-tree edit, and one notice for a local commit", async () => {
    const slack = await receiver();
    const r = createTestRepo();
    repos.push(r);
    const env = { SLACK_WEBHOOK_URL: `${slack.url}${SECRET_PATH}` };
    assert.equal((await runEnv(r.root, argv, { env })).code, 0);
    assert.equal(slack.requests.length, 0);
    assert.equal(
      (await runEnv(r.root, ["extend", "qa/qa-event", "--days", "60", "--as", MINA, "--commit"], { env }))
        .code,
      0,
    );
    assert.equal(slack.requests.length, 1);
    assert.match(
      (slack.requests[0]!.json as SlackMessage).text,
      /^:hourglass_flowing_sand: mina\.park@studio\.example extended qa\/qa-event \(committed [0-9a-f]{7}, not pushed yet\)$/,
    );
  });

  it("leave the operation done when Slack answers 500, with a warning", async () => {
    const slack = await receiver(() => ({ status: 500, body: "rollup_error" }));
    const r = createTestRepo();
    repos.push(r);
    const run = await runEnv(r.root, [...argv, "--push"], {
      env: { SLACK_WEBHOOK_URL: `${slack.url}${SECRET_PATH}` },
    });
    assert.equal(run.code, 0, run.err);
    assert.equal(slack.requests.length, 2, "one retry");
    assert.ok(r.originFile("environments/dev/guild.yaml"), "the change landed");
    assert.match(
      run.err,
      /^warning: slack: the notice was not delivered \(Slack answered HTTP 500 \(rollup_error\)\); the change itself is done$/m,
    );
    assert.doesNotMatch(run.err, /SECRET/);
  });
});
