/**
 * `npm run env -- expire <tier>`: lists environments expiring within --warn-days and the expired,
 * warns their owners in Slack (a real local receiver), deletes the expired as `delete` does (their
 * Redis DBs retired) with --apply, committed and pushed like every other operation; and the daily
 * workflow that runs it for dev and qa.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { parse } from "yaml";
import { expiryReport } from "../launcher/expire";
import type { SlackMessage } from "../launcher/slack";
import type { EnvironmentRow } from "../launcher/views";
import { createTestRepo, type TestRepo, ROOT } from "./support/git-repo";
import { startReceiver, type Receiver } from "./support/http-receiver";
import { runEnv } from "./support/launcher";

const ANA = "ana.silva@studio.example";
const MINA = "mina.park@studio.example";
const BOT = "expiry-bot@studio.example";

/** dev with one environment expired yesterday and one on its last day but two (today: 2026-12-01). */
const FILES = {
  "environments/dev/old.yaml": `owner: ${ANA}\nteam: server\npurpose: Finished test\nversion: "1.40.0"\ngameDataVersion: "gd-1"\nresourceVersion: "res-1"\nredisDb: 7\ncreated: "2026-11-01"\nexpires: "2026-11-30"\n`,
  "environments/dev/soon.yaml": `owner: ${MINA}\nteam: balance\npurpose: Quick balance check\nversion: "1.41.0"\ngameDataVersion: "gd-1"\nresourceVersion: "res-1"\nredisDb: 8\ncreated: "2026-11-20"\nexpires: "2026-12-03"\n`,
};

const repos: TestRepo[] = [];
const receivers: Receiver[] = [];
function repo(): TestRepo {
  const r = createTestRepo(FILES);
  repos.push(r);
  return r;
}
after(async () => {
  for (const r of receivers) await r.close();
  for (const r of repos) r.remove();
});

describe("npm run env -- expire", () => {
  it("lists the expired and those expiring within --warn-days, changing nothing", async () => {
    const r = repo();
    const before = r.treeHash();
    const run = await runEnv(r.root, ["expire", "dev"]);
    assert.equal(run.code, 0, run.err);
    assert.equal(
      run.out,
      [
        "dev: 1 expired, 1 expiring within 3 day(s) (today 2026-12-01)",
        "expired:",
        `  old  ${ANA}  2026-11-30 (expired 1 day ago)`,
        "expiring:",
        `  soon  ${MINA}  2026-12-03 (2 days left)`,
        "delete them with: npm run env -- expire dev --apply (or extend them: npm run env -- extend dev/<name>)",
      ].join("\n"),
    );
    const wide = JSON.parse((await runEnv(r.root, ["expire", "dev", "--warn-days", "20", "--json"])).out) as {
      expired: EnvironmentRow[];
      expiring: EnvironmentRow[];
      deleted: string[];
      warnDays: number;
    };
    assert.deepEqual(
      [
        wide.warnDays,
        wide.expired.map((e) => e.name),
        wide.expiring.map((e) => [e.name, e.daysLeft]),
        wide.deleted,
      ],
      [
        20,
        ["old"],
        [
          ["soon", 2],
          ["dev2", 19],
        ],
        [],
      ],
    );
    assert.equal(r.treeHash(), before);
  });

  it("--notify warns the owners in Slack with days left and how to extend", async () => {
    const r = repo();
    const slack = await startReceiver();
    receivers.push(slack);
    const run = await runEnv(r.root, ["expire", "dev", "--notify"], {
      env: { SLACK_WEBHOOK_URL: `${slack.url}/hook` },
    });
    assert.equal(run.code, 0, run.err);
    assert.equal(slack.requests.length, 1);
    const message = slack.requests[0]!.json as SlackMessage;
    assert.equal(
      message.text,
      `:alarm_clock: dev: 1 expired, 1 expiring within 3 day(s): old (${ANA}, expired 1 day ago); soon (${MINA}, 2 days left)`,
    );
    assert.match(JSON.stringify(message.blocks), /extend: `npm run env -- extend dev\/soon`/);
    assert.match(
      JSON.stringify(message.blocks),
      /extending moves the last day later, at most 60 days from today/,
    );
  });

  it("--apply --push deletes the expired (Redis DB retired), pushes, warns about the rest and announces the deletion", async () => {
    const r = repo();
    const slack = await startReceiver();
    receivers.push(slack);
    const run = await runEnv(r.root, ["expire", "dev", "--notify", "--apply", "--push", "--as", BOT], {
      env: { SLACK_WEBHOOK_URL: `${slack.url}/hook` },
    });
    assert.equal(run.code, 0, run.err);
    assert.equal(r.originFile("environments/dev/old.yaml"), undefined);
    assert.match(
      r.originFile("environments/dev/retired-redis-dbs.yaml")!,
      /- db: 7\n {2}environment: old\n {2}retired: "2026-12-01"\n$/,
    );
    assert.equal(
      r.git(["log", "-1", "--format=%ae|%s", "main"], r.origin),
      `${BOT}|delete dev/old by ${BOT}; Redis DB 7 retired (its MySQL database is kept)`,
    );
    assert.match(
      run.out,
      /^ {2}old +ana\.silva@studio\.example +2026-11-30 \(expired 1 day ago\) +deleted$/m,
    );
    assert.match(
      run.out,
      /^pushed to main: https:\/\/github\.com\/studio\/game-infra\/commit\/[0-9a-f]{40}$/m,
    );
    const texts = slack.requests.map((q) => (q.json as SlackMessage).text);
    assert.equal(texts.length, 2);
    assert.equal(
      texts[0],
      `:alarm_clock: dev: 0 expired, 1 expiring within 3 day(s): soon (${MINA}, 2 days left)`,
    );
    assert.match(
      texts[1]!,
      new RegExp(
        `^:wastebasket: expiry deleted 1 environment\\(s\\) on dev: old \\(${ANA}\\) \\(pushed to main as [0-9a-f]{7}\\)$`,
      ),
    );
    assert.match(JSON.stringify(slack.requests[1]!.json), /Redis DB 7 retired/);
  });

  it("deletes several expired environments, one commit each, without pushing", async () => {
    const r = repo();
    const run = await runEnv(r.root, ["expire", "dev", "--apply", "--commit", "--as", BOT], {
      today: "2026-12-21",
    });
    assert.equal(run.code, 0, run.err);
    // Oldest last day first: old, soon, dev2 (the log shows the newest first).
    assert.deepEqual(r.git(["log", "--format=%s", "-3"]).split("\n"), [
      `delete dev/dev2 by ${BOT}; Redis DB 2 retired (its MySQL database is kept)`,
      `delete dev/soon by ${BOT}; Redis DB 8 retired (its MySQL database is kept)`,
      `delete dev/old by ${BOT}; Redis DB 7 retired (its MySQL database is kept)`,
    ]);
    const retired = parse(readFileSync(join(r.root, "environments/dev/retired-redis-dbs.yaml"), "utf8")) as {
      db: number;
    }[];
    assert.deepEqual(
      retired.map((e) => e.db),
      [2, 7, 8],
    );
    assert.equal(
      r.git(["rev-parse", "main"], r.origin),
      r.git(["rev-parse", "origin/main"]),
      "nothing pushed",
    );
  });

  it("refuses --notify without a webhook and --commit without --apply, changing nothing", async () => {
    const r = repo();
    const before = r.treeHash();
    const run = await runEnv(r.root, ["expire", "dev", "--notify", "--commit"]);
    assert.equal(run.code, 2);
    assert.match(run.err, /^ {2}--commit: only applies with --apply/m);
    assert.match(
      run.err,
      /^ {2}--notify: SLACK_WEBHOOK_URL is not set: there is nowhere to send the warning$/m,
    );
    assert.equal(r.treeHash(), before);
  });
});

describe("expiryReport", () => {
  const row = (name: string, daysLeft?: number) => ({ name, daysLeft }) as EnvironmentRow;
  it("counts the last day as not yet expired, and permanent environments never", () => {
    const report = expiryReport([row("a", -3), row("b", 0), row("c", 3), row("d", 4), row("e")], 3);
    assert.deepEqual(
      [report.expired.map((r) => r.name), report.expiring.map((r) => r.name)],
      [["a"], ["b", "c"]],
    );
    assert.throws(() => expiryReport([], -1), /warnDays must be a whole number of days, 0 or more; got -1/);
  });
});

describe(".github/workflows/expire.yml", () => {
  interface Step {
    readonly uses?: string;
    readonly run?: string;
    readonly with?: Record<string, unknown>;
    readonly env?: Record<string, string>;
  }
  const text = readFileSync(join(ROOT, ".github", "workflows", "expire.yml"), "utf8");
  const w = parse(text) as {
    on: Record<string, unknown>;
    permissions: Record<string, string>;
    jobs: Record<
      string,
      {
        "runs-on": string;
        permissions: Record<string, string>;
        strategy: { matrix: { tier: string[] } };
        steps: Step[];
      }
    >;
  };
  const job = w.jobs.expire!;

  it("runs daily and by hand, for dev and qa, on a GitHub-hosted runner allowed to push", () => {
    assert.deepEqual(Object.keys(w.on).sort(), ["schedule", "workflow_dispatch"]);
    assert.match((w.on.schedule as { cron: string }[])[0]!.cron, /^\d+ \d+ \* \* \*$/);
    assert.deepEqual(w.permissions, { contents: "read" });
    assert.deepEqual(job.permissions, { contents: "write" });
    assert.equal(job["runs-on"], "ubuntu-latest");
    assert.deepEqual(job.strategy.matrix.tier, ["dev", "qa"]);
  });

  it("warns, deletes, commits and pushes with the webhook from the repository's secrets", () => {
    const step = job.steps.find((s) => s.run?.includes("npm run env -- expire"))!;
    assert.match(step.run!, /npm run env -- expire "\$TIER" \$notify --apply --commit --push/);
    assert.match(step.run!, /notify=--notify/);
    assert.equal(step.env!.SLACK_WEBHOOK_URL, "${{ secrets.SLACK_WEBHOOK_URL }}");
    assert.equal(step.env!.TIER, "${{ matrix.tier }}");
    const at = (pattern: RegExp) => job.steps.findIndex((s) => pattern.test(s.uses ?? s.run ?? ""));
    assert.ok(at(/^actions\/checkout@/) < at(/^npm ci/) && at(/^npm ci/) < at(/npm run env -- expire/));
  });

  it("pins its actions to commit SHAs with the release in a comment", () => {
    for (const step of job.steps.filter((s) => s.uses)) {
      assert.match(step.uses!, /^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
      assert.match(text, new RegExp(`uses: ${step.uses!.replace(/[./]/g, "\\$&")} # v\\d+\\.\\d+\\.\\d+\\n`));
    }
  });
});
