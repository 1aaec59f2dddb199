/**
 * The web server's writes against real git repositories (a bare origin and the launcher's clone):
 * one at a time, each on the remote's latest main; publish conflicts reported with nothing left
 * behind; stage changes on a branch; commit-only without a remote; CSRF; escaping; notifications.
 * Requests go through the Hono app directly (no browser: test/launcher-web.test.ts has one).
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { parse } from "yaml";
import { LocalIdentity } from "../launcher/identity";
import type { RegistryChange } from "../launcher/operations";
import { createLauncher, type LauncherOptions } from "../launcher/server/app";
import type { ChangeOutcome, Notifier } from "../launcher/server/notifier";
import { RegistryWorkspace, type Publication } from "../launcher/workspace";
import { formatEnvironmentFile } from "../stacks/registry-format";
import { DEV1, makeLauncherRepo, TEST_TODAY, type LauncherRepo } from "./support/launcher-repo";

const ACTOR = "ana.silva@studio.example";

// Like a fresh pod: no global git identity. Every commit the launcher makes (a rebase included)
// must name its committer itself.
process.env.GIT_CONFIG_GLOBAL = "/dev/null";

function launch(repo: LauncherRepo, over: Partial<LauncherOptions> = {}) {
  return createLauncher({
    workspace: new RegistryWorkspace(repo.clone),
    tiers: ["dev", "stage"],
    identity: new LocalIdentity(ACTOR),
    today: () => TEST_TODAY,
    ...over,
  });
}

type App = ReturnType<typeof launch>["app"];

/** A browser's session: the CSRF cookie from a form page, sent back with each post. */
async function session(app: App) {
  const res = await app.request("/tiers/dev/new");
  const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0]!;
  const token = cookie.split("=")[1]!;
  return {
    token,
    post: (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
      app.request(path, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie, ...headers },
        body: new URLSearchParams({ _csrf: token, ...fields }),
      }),
  };
}

/** A response's body with whitespace runs collapsed (the templates are formatted for reading). */
const textOf = async (res: Response) => (await res.text()).replace(/\s+/g, " ");

const create = (name: string, over: Record<string, string> = {}) => ({
  name,
  owner: ACTOR,
  team: "server",
  purpose: `Testing ${name}`,
  version: "1.43.0",
  ...over,
});

const originYaml = (repo: LauncherRepo, path: string) =>
  parse(repo.originGit(["show", `main:${path}`])) as Record<string, unknown>;

describe("launcher writes", () => {
  describe("with an origin", () => {
    let repo: LauncherRepo;
    before(() => {
      repo = makeLauncherRepo();
    });
    after(() => repo.remove());

    it("serialises writes: two creates at once both land, each with its own Redis DB", async () => {
      const { app } = launch(repo);
      const s = await session(app);
      const [a, b] = await Promise.all([
        s.post("/tiers/dev/environments", create("para-a")),
        s.post("/tiers/dev/environments", create("para-b")),
      ]);
      assert.deepEqual([a.status, b.status], [303, 303]);
      const dbs = ["para-a", "para-b"]
        .map((n) => originYaml(repo, `environments/dev/${n}.yaml`).redisDb)
        .sort();
      assert.deepEqual(dbs, [3, 4]);
      assert.equal(repo.originGit(["rev-list", "--count", "--merges", "main"]).trim(), "0", "linear history");
    });

    it("pulls before each write: a change someone else pushed is what the new one builds on", async () => {
      const { app } = launch(repo);
      const theirs = repo.pushAsSomeoneElse(
        "environments/dev/theirs.yaml",
        formatEnvironmentFile({ ...DEV1, purpose: "Pushed from the CLI", redisDb: 5 }),
        "create dev/theirs",
      );
      const s = await session(app);
      const res = await s.post("/tiers/dev/environments", create("mine"));
      assert.equal(res.status, 303);
      assert.equal(originYaml(repo, "environments/dev/mine.yaml").redisDb, 6, "DB 5 is taken by theirs");
      assert.equal(repo.originGit(["rev-parse", "main^"]).trim(), theirs);
    });

    it("reports a publish conflict on the page and leaves the clone as the remote has it", async () => {
      // Someone pushes a change to the same file between the launcher's pull and its push.
      class RacingWorkspace extends RegistryWorkspace {
        override async publish(change: RegistryChange, remote?: string): Promise<Publication> {
          repo.pushAsSomeoneElse(
            "environments/dev/dev1.yaml",
            formatEnvironmentFile({ ...DEV1, version: "1.44.0-hotfix" }),
            "update dev/dev1 from the CLI",
          );
          return super.publish(change, remote);
        }
      }
      const { app } = launch(repo, { workspace: new RacingWorkspace(repo.clone) });
      const s = await session(app);
      const before = repo.git(["rev-parse", "HEAD"]).trim();
      const res = await s.post("/tiers/dev/environments/dev1/update", {
        version: "1.43.0",
        confirmed: "yes",
      });
      assert.equal(res.status, 409);
      const text = await textOf(res);
      assert.match(text, /<h1>Could not publish<\/h1>/);
      assert.match(text, /nothing was changed, reload and try again/);
      assert.equal(originYaml(repo, "environments/dev/dev1.yaml").version, "1.44.0-hotfix", "theirs stands");
      assert.equal(repo.git(["rev-parse", "HEAD"]).trim(), before, "our commit is taken back out");
      assert.equal(repo.git(["status", "--porcelain"]), "", "clean working tree");
      assert.equal(existsSync(join(repo.clone, ".git", "rebase-merge")), false, "no rebase left in progress");
      // The next write starts from the remote's main again.
      const again = await (
        await session(launch(repo).app)
      ).post("/tiers/dev/environments/dev1/update", {
        version: "1.45.0",
        confirmed: "yes",
      });
      assert.equal(again.status, 303);
      assert.equal(originYaml(repo, "environments/dev/dev1.yaml").version, "1.45.0");
    });

    it("rebases onto a change pushed between its pull and its push, keeping the requester as author", async () => {
      class RacingWorkspace extends RegistryWorkspace {
        override async publish(change: RegistryChange, remote?: string): Promise<Publication> {
          repo.pushAsSomeoneElse("docs/someone-elses-change.md", "# notes\n", "unrelated push");
          return super.publish(change, remote);
        }
      }
      const { app } = launch(repo, { workspace: new RacingWorkspace(repo.clone) });
      const s = await session(app);
      const res = await s.post("/tiers/dev/environments/dev1/extend", {
        expires: "2027-01-10",
        confirmed: "yes",
      });
      assert.equal(res.status, 303, await textOf(res));
      assert.equal(
        repo.originGit(["log", "-2", "--format=%ae|%ce|%s", "main"]).trim(),
        [
          `${ACTOR}|launcher@game-infra.invalid|extend dev/dev1 by ${ACTOR}: expires 2026-12-20 -> 2027-01-10`,
          "fixture@studio.example|fixture@studio.example|unrelated push",
        ].join("\n"),
      );
      assert.equal(repo.git(["rev-parse", "HEAD"]).trim(), repo.originGit(["rev-parse", "main"]).trim());
    });

    it("refresh() brings the list up to the remote's main without a write (the periodic pull)", async () => {
      const launcher = launch(repo, { headTtlMs: 0 });
      repo.pushAsSomeoneElse(
        "environments/dev/from-cli.yaml",
        formatEnvironmentFile({ ...DEV1, purpose: "Made with the CLI", redisDb: 9 }),
        "create dev/from-cli",
      );
      assert.doesNotMatch(await textOf(await launcher.app.request("/tiers/dev")), /from-cli/);
      await launcher.writer.refresh();
      assert.match(await textOf(await launcher.app.request("/tiers/dev")), /data-environment="from-cli"/);
    });

    it("publishes stage changes as a branch for review and keeps main as the remote has it", async () => {
      const { app } = launch(repo);
      const s = await session(app);
      const main = repo.originGit(["rev-parse", "main"]).trim();
      const res = await s.post(
        "/tiers/stage/environments",
        create("stage-rc2", { owner: "release-managers@studio.example", team: "release" }),
      );
      assert.equal(res.status, 303);
      assert.equal(repo.originGit(["rev-parse", "main"]).trim(), main, "main untouched");
      const branches = repo
        .originGit(["branch", "--list", "env/stage-stage-rc2-create-*", "--format=%(refname:short)"])
        .trim();
      assert.match(branches, /^env\/stage-stage-rc2-create-[a-z0-9]+$/);
      assert.equal(originYaml(repo, `environments/stage/stage.yaml`).team, "release");
      assert.match(
        repo.originGit(["show", `${branches}:environments/stage/stage-rc2.yaml`]),
        /^team: release$/m,
      );
      assert.equal(repo.git(["rev-parse", "HEAD"]).trim(), main, "the clone's main is the remote's main");
      const list = await textOf(await app.request(res.headers.get("location")!));
      assert.match(list, /pushed the branch <code>env\/stage-stage-rc2-create-[a-z0-9]+<\/code>/);
      assert.match(list, /open a pull request/);
    });

    it("tells the notifier about each change; a failing notifier does not undo it", async () => {
      const heard: string[] = [];
      const notifier: Notifier = {
        changed(change: RegistryChange, outcome: ChangeOutcome, actor: string) {
          heard.push(`${change.operation} ${change.tier}/${change.environment} ${outcome.kind} ${actor}`);
          return Promise.reject(new Error("Slack is down"));
        },
      };
      const { app } = launch(repo, { notifier });
      const s = await session(app);
      const res = await s.post("/tiers/dev/environments/mine/extend", { days: "20", confirmed: "yes" });
      assert.equal(res.status, 303);
      assert.deepEqual(heard, [`extend dev/mine main ${ACTOR}`]);
      assert.equal(originYaml(repo, "environments/dev/mine.yaml").expires, "2026-12-21");
      const list = await textOf(await app.request(res.headers.get("location")!));
      assert.match(list, /The notification failed: Slack is down/);
    });

    it("refuses posts without identity (401), or without a matching CSRF token or from another site (403)", async () => {
      const main = repo.originGit(["rev-parse", "main"]).trim();
      const anonymous = launch(repo, { identity: undefined });
      const s0 = await session(anonymous.app);
      const unsigned = await s0.post("/tiers/dev/environments", create("anon"));
      assert.equal(unsigned.status, 401);
      assert.match(await textOf(unsigned), /the launcher was started without --user or --alb-arn/);

      const { app } = launch(repo);
      const s = await session(app);
      const noCookie = await app.request("/tiers/dev/environments", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ _csrf: s.token, ...create("csrf-a") }),
      });
      assert.equal(noCookie.status, 403);
      assert.match(await textOf(noCookie), /the form has no security token/);
      const wrong = await s.post("/tiers/dev/environments", { ...create("csrf-b"), _csrf: "x".repeat(32) });
      assert.equal(wrong.status, 403);
      assert.match(await textOf(wrong), /security token does not match/);
      const crossSite = await s.post("/tiers/dev/environments", create("csrf-c"), {
        "sec-fetch-site": "cross-site",
      });
      assert.equal(crossSite.status, 403);
      assert.match(await textOf(crossSite), /sent from another site/);
      assert.equal(repo.originGit(["rev-parse", "main"]).trim(), main, "nothing was pushed");
      const cookie = (await app.request("/tiers/dev/new")).headers.get("set-cookie") ?? "";
      assert.match(cookie, /HttpOnly/);
      assert.match(cookie, /SameSite=Strict/);
    });

    it("shows update problems in the update form: a bad replica count on the replicas group, nothing changed", async () => {
      const { app } = launch(repo);
      const s = await session(app);
      const main = repo.originGit(["rev-parse", "main"]).trim();
      const res = await s.post("/tiers/dev/environments/dev1/update", {
        version: "1.42.0",
        "replicas.gameserver": "lots",
        clockOffset: "tomorrow",
      });
      assert.equal(res.status, 422);
      const text = await textOf(res);
      assert.match(
        text,
        /<p class="error" id="u-replicas-error">gameserver: &quot;lots&quot; is neither a replica count such as 2 nor autoscaling bounds such as 2-8<\/p>/,
      );
      assert.match(
        text,
        /id="u-replicas-gameserver" name="replicas.gameserver" type="text" value="lots" aria-describedby="u-replicas-error" \/>/,
      );
      assert.match(
        text,
        /<p class="error" id="u-clockOffset-error">must be a signed duration such as \+72h/,
        "the other fields are judged too",
      );
      assert.match(text, /2 problems; nothing was changed/);
      const nothing = await s.post("/tiers/dev/environments/dev1/update", {});
      assert.equal(nothing.status, 422);
      assert.match(
        await textOf(nothing),
        /<strong>update<\/strong>: names nothing to change; fields: version, previewVersion/,
      );
      assert.equal(repo.originGit(["rev-parse", "main"]).trim(), main);
    });

    it("wakes and puts back to sleep through the confirmation step, under the same identity and CSRF rules", async () => {
      // Tuesday 21:00 in Berlin: dev's office-hours schedule has dev1 asleep.
      const { app } = launch(repo, { sleepClock: () => new Date(`${TEST_TODAY}T20:00:00Z`) });
      const s = await session(app);
      const main = repo.originGit(["rev-parse", "main"]).trim();
      const list = await textOf(await app.request("/tiers/dev"));
      assert.match(list, /<th scope="col">Sleep<\/th>/);
      assert.match(
        list,
        /<td class="sleep"><span class="sleep-state">asleep until Wed 08:00<\/span><br \/><span class="hint">Mon-Fri: wakes 08:00, sleeps 20:00 \(Europe\/Berlin\)<\/span><\/td>/,
      );

      const anonymous = await (
        await session(launch(repo, { identity: undefined }).app)
      ).post("/tiers/dev/environments/dev1/wake", { confirmed: "yes" });
      assert.equal(anonymous.status, 401);
      const crossSite = await s.post(
        "/tiers/dev/environments/dev1/wake",
        { confirmed: "yes" },
        { "sec-fetch-site": "cross-site" },
      );
      assert.equal(crossSite.status, 403);

      const tooFar = await s.post("/tiers/dev/environments/dev1/wake", { until: "2026-12-16" });
      assert.equal(tooFar.status, 422);
      assert.match(
        await textOf(tooFar),
        /<p class="error" id="w-until-error">2026-12-16 is more than 14 days ahead; latest allowed today: 2026-12-15/,
      );
      const review = await textOf(await s.post("/tiers/dev/environments/dev1/wake", { until: "2026-12-03" }));
      assert.match(review, /<h1>Wake dev\/dev1\?<\/h1>/);
      assert.match(review, /<input type="hidden" name="until" value="2026-12-03" \/>/);
      assert.equal(repo.originGit(["rev-parse", "main"]).trim(), main, "nothing before the confirmation");

      const woken = await s.post("/tiers/dev/environments/dev1/wake", {
        until: "2026-12-03",
        confirmed: "yes",
      });
      assert.equal(woken.status, 303);
      assert.deepEqual(originYaml(repo, "environments/dev/dev1.yaml").sleep, { pausedUntil: "2026-12-03" });
      const page = await textOf(await app.request("/tiers/dev/environments/dev1"));
      assert.match(
        page,
        /<span class="sleep-state">awake until 2026-12-03<\/span> <span class="hint">\(woken\)<\/span>/,
      );
      assert.match(page, /<button type="submit">Resume the sleep schedule…<\/button>/);

      const slept = await s.post("/tiers/dev/environments/dev1/sleep", { confirmed: "yes" });
      assert.equal(slept.status, 303);
      assert.equal(originYaml(repo, "environments/dev/dev1.yaml").sleep, undefined);
      const again = await s.post("/tiers/dev/environments/dev1/sleep", {});
      assert.equal(again.status, 422);
      assert.match(await textOf(again), /dev\/dev1 is not paused: it already sleeps on its schedule/);
      const stage = await s.post("/tiers/stage/environments/stage/wake", {});
      assert.equal(stage.status, 422);
      assert.match(await textOf(stage), /stage\/stage is always on \(sleep\.schedule: alwaysOn\)/);
    });

    it("escapes every value it renders, and sends no inline script or style", async () => {
      const { app } = launch(repo);
      const s = await session(app);
      const res = await s.post(
        "/tiers/dev/environments",
        create("xss", { purpose: `<script>alert("x")</script> & <b>` }),
      );
      assert.equal(res.status, 303);
      const page = await app.request("/tiers/dev");
      const text = await textOf(page);
      assert.ok(!text.includes("<script"), "no script element");
      assert.ok(!text.includes("<b>"));
      assert.match(text, /&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt; &amp; &lt;b&gt;/);
      assert.match(page.headers.get("content-security-policy") ?? "", /default-src 'none'; style-src 'self'/);
      const errors = await s.post("/tiers/dev/environments", create(`"><img src=x>`));
      assert.equal(errors.status, 422);
      const form = await textOf(errors);
      assert.ok(!form.includes("<img"), "the rejected value is escaped in the field and the message");
      assert.match(form, /value="&quot;&gt;&lt;img src=x&gt;"/);
    });
  });

  describe("without a remote", () => {
    let repo: LauncherRepo;
    before(() => {
      repo = makeLauncherRepo({ withRemote: false });
    });
    after(() => repo.remove());

    it("commits in the clone only, as the requester, and says nothing was published", async () => {
      const { app } = launch(repo);
      const s = await session(app);
      const preview = await s.post("/tiers/dev/environments/dev1/delete", {});
      assert.equal(preview.status, 200);
      assert.match(
        await textOf(preview),
        /This clone has no remote: it is committed here only, and nothing is published/,
      );
      const res = await s.post("/tiers/dev/environments/dev1/delete", { confirmed: "yes" });
      assert.equal(res.status, 303);
      assert.equal(
        repo.git(["log", "-1", "--format=%ae %s"]).trim(),
        `${ACTOR} delete dev/dev1 by ${ACTOR}; Redis DB 1 retired (its MySQL database is kept)`,
      );
      assert.equal(existsSync(join(repo.clone, "environments/dev/dev1.yaml")), false);
      assert.match(
        readFileSync(join(repo.clone, "environments/dev/retired-redis-dbs.yaml"), "utf8"),
        /environment: dev1/,
      );
      const list = await textOf(await app.request(res.headers.get("location")!));
      assert.match(list, /this clone has no remote <code>origin<\/code>, so nothing was published/);
    });
  });
});
