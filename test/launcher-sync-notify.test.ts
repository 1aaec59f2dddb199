/**
 * `npm run envs -- sync` tells Slack when it finishes an environment: `syncCommand` with an
 * in-memory engine (one stack ready, one failing, one busy, one removed) and the launcher's notifier
 * posting to a real local HTTP receiver. A notice that fails never fails the sync.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { SlackWebhook, type SlackMessage } from "../launcher/slack";
import { ciRunUrl, syncNotifier } from "../launcher/sync-notify";
import { readRegistrySource } from "../stacks/registry";
import { resolveRegistry, type Registry } from "../stacks/resolve-registry";
import { syncCommand } from "../tools/envs/commands";
import { StackBusyError, type EnvironmentEngine } from "../tools/envs/engine";
import type { Plan } from "../tools/plan/model";
import { testSettings, ROOT } from "./support/git-repo";
import { startReceiver } from "./support/http-receiver";
import { TODAY } from "./support/launcher";

const CI = {
  GITHUB_SERVER_URL: "https://github.com",
  GITHUB_REPOSITORY: "studio/game-infra",
  GITHUB_RUN_ID: "4242",
};

/** dev1 is created, dev2's update fails, login-dev is locked by someone else, dev.gone is removed. */
function engine(): EnvironmentEngine {
  return {
    listStacks: () =>
      Promise.resolve([
        { name: "dev.dev2", fingerprint: "old" },
        { name: "dev.login-dev", fingerprint: "old" },
        { name: "dev.gone", fingerprint: "old" },
      ]),
    platformFingerprint: () => Promise.resolve("platform"),
    up: (stack) => {
      if (stack === "dev.dev2")
        return Promise.reject(new Error("gameserver Deployment: timed out waiting for rollout\nsecond line"));
      if (stack === "dev.login-dev") return Promise.reject(new StackBusyError("locked"));
      return Promise.resolve();
    },
    destroy: () => Promise.resolve(),
  };
}

const plan = (stack: string): Plan => ({
  project: "game-infra-environment",
  stack,
  resources: [],
  outputs: {},
});

describe("sync notices", () => {
  let registry: Registry;
  let logs: string;
  before(async () => {
    registry = resolveRegistry(readRegistrySource(ROOT, "dev"), {
      settings: await testSettings(ROOT, "dev"),
      today: TODAY,
    });
    logs = mkdtempSync(join(tmpdir(), "sync-logs-"));
  });
  after(() => rmSync(logs, { recursive: true, force: true }));

  const request = (onResult: Parameters<typeof syncCommand>[0]["onResult"]) => ({
    tier: "dev" as const,
    registry,
    plans: new Map(["dev.dev1", "dev.dev2", "dev.login-dev"].map((s) => [s, plan(s)])),
    parallel: 2,
    force: false,
    logs,
    busyRetries: 0,
    busyDelayMs: 0,
    onResult,
  });

  it("posts ready with URLs and duration, failed with the CI run and log file, busy and removed", async () => {
    const slack = await startReceiver();
    try {
      const err: string[] = [];
      const notifier = syncNotifier({
        registry,
        settings: await testSettings(ROOT, "dev"),
        today: TODAY,
        webhook: new SlackWebhook(`${slack.url}/services/T/B/X`),
        logs,
        env: CI,
        warn: (t) => err.push(t),
      });
      const code = await syncCommand(request(notifier), engine(), { out: () => {}, err: (t) => err.push(t) });
      assert.equal(code, 1, "dev2 failed");
      const texts = slack.requests.map((r) => (r.json as SlackMessage).text).sort();
      assert.equal(texts.length, 4, texts.join("\n"));
      assert.match(
        texts.find((t) => t.includes("dev/dev1"))!,
        /^:white_check_mark: dev\/dev1 is ready \(created in \d+s\): https:\/\/game-dev1\.dev\.game\.example\.com https:\/\/backoffice-dev1\.dev\.game\.example\.com$/,
      );
      assert.equal(
        texts.find((t) => t.includes("dev/dev2"))!.replace(/after \d+s/, "after Ns"),
        `:x: dev/dev2 failed to update after Ns: gameserver Deployment: timed out waiting for rollout / second line (where to look: https://github.com/studio/game-infra/actions/runs/4242, ${join(logs, "dev.dev2.log")})`,
      );
      assert.match(
        texts.find((t) => t.includes("dev/login-dev"))!,
        /^:hourglass: dev\/login-dev was not applied: another update held its stack/,
      );
      assert.match(
        texts.find((t) => t.includes("dev/gone"))!,
        /^:wastebasket: dev\/gone was removed \(\d+s\)$/,
      );
      assert.deepEqual(
        err.filter((t) => t.startsWith("warning")),
        [],
      );
    } finally {
      await slack.close();
    }
  });

  it("finishes the sync when Slack fails, or when a notice throws, and says so", async () => {
    const slack = await startReceiver(() => ({ status: 500, body: "rollup_error" }));
    try {
      const err: string[] = [];
      const notifier = syncNotifier({
        registry,
        settings: await testSettings(ROOT, "dev"),
        today: TODAY,
        webhook: new SlackWebhook(`${slack.url}/services/T/B/X`, { retryDelayMs: 5 }),
        logs,
        env: {},
        warn: (t) => err.push(t),
      });
      const out: string[] = [];
      const code = await syncCommand(request(notifier), engine(), {
        out: (t) => out.push(t),
        err: (t) => err.push(t),
      });
      assert.equal(code, 1);
      assert.match(out.join("\n"), /^2 applied, 0 unchanged, 1 busy, 1 failed$/m);
      assert.ok(
        err.includes(
          "warning: slack: the notice for dev.dev1 was not delivered (Slack answered HTTP 500 (rollup_error))",
        ),
        err.join("\n"),
      );

      const thrown: string[] = [];
      const code2 = await syncCommand(
        request(() => {
          throw new Error("notifier broke");
        }),
        engine(),
        { out: () => {}, err: (t) => thrown.push(t) },
      );
      assert.equal(code2, 1);
      assert.ok(thrown.includes("notice for dev.dev1 failed: notifier broke"), thrown.join("\n"));
    } finally {
      await slack.close();
    }
  });

  it("links the CI run only when GitHub Actions says where it is", () => {
    assert.equal(ciRunUrl(CI), "https://github.com/studio/game-infra/actions/runs/4242");
    assert.equal(ciRunUrl({ ...CI, GITHUB_RUN_ID: undefined }), undefined);
  });
});
