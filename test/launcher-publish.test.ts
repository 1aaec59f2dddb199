/**
 * `--push`: dev and qa changes land on the remote's main (after the registry check CI runs, against
 * the remote's main), stage changes go to a branch with a pull request opened through the GitHub
 * REST API (a real local HTTP server stands in for api.github.com), and a checkout that cannot
 * publish exactly the launcher's change is refused before anything changes.
 */
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { parse } from "yaml";
import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createTestRepo, type TestRepo } from "./support/git-repo";
import { startReceiver } from "./support/http-receiver";
import { runEnv } from "./support/launcher";

const MINA = "mina.park@studio.example";
const JONAS = "jonas.berg@studio.example";

const repos: TestRepo[] = [];
function repo(): TestRepo {
  const r = createTestRepo();
  repos.push(r);
  return r;
}
after(() => {
  for (const r of repos) r.remove();
});

const create = (name: string, as: string, ...extra: string[]) => [
  "create",
  name,
  "--team",
  "server",
  "--purpose",
  `Work of ${as}`,
  "--version",
  "1.44.0",
  "--as",
  as,
  ...extra,
];

describe("npm run env -- ... --push on dev and qa", () => {
  it("lands the commit on the remote's main, authored by the requester, and prints its link", async () => {
    const r = repo();
    const run = await runEnv(r.root, create("dev/guild", MINA, "--push"));
    assert.equal(run.code, 0, run.err);
    const pushed = r.git(["log", "-1", "--format=%H|%an <%ae>|%s", "main"], r.origin);
    const [sha, author, subject] = pushed.split("|");
    assert.equal(author, `mina.park <${MINA}>`);
    assert.equal(subject, `create dev/guild for ${MINA}: Work of ${MINA}`);
    assert.match(
      run.out,
      new RegExp(`^pushed to main: https://github\\.com/studio/game-infra/commit/${sha}$`, "m"),
    );
    assert.equal(
      r.originFile("environments/dev/guild.yaml"),
      r.git(["show", "HEAD:environments/dev/guild.yaml"]) + "\n",
    );
    assert.equal(r.git(["rev-parse", "HEAD"]), sha, "the clone is at what was pushed");
  });

  it("brings a checkout that is behind up to main first, so a second launch gets the next Redis DB", async () => {
    const r = repo();
    const other = r.clone("jonas");
    const first = await runEnv(other, create("dev/jonas-env", JONAS, "--push"));
    assert.equal(first.code, 0, first.err);
    const second = await runEnv(r.root, create("dev/mina-env", MINA, "--push"));
    assert.equal(second.code, 0, second.err);
    const db = (name: string) =>
      (parse(r.originFile(`environments/dev/${name}.yaml`)!) as { redisDb: number }).redisDb;
    assert.deepEqual([db("jonas-env"), db("mina-env")], [4, 5]);
    assert.deepEqual(r.git(["log", "--format=%ae", "main"], r.origin).split("\n"), [
      MINA,
      JONAS,
      "seed@studio.example",
    ]);
  });

  /** Makes `other` push its last commit while `r`'s next push is under way (a pre-push hook, once). */
  function pushDuringNextPush(r: TestRepo, other: string): void {
    const hook = join(r.root, ".git", "hooks", "pre-push");
    writeFileSync(
      hook,
      `#!/bin/sh\nrm -f "$0"\nunset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE\ngit -C "${other}" push --quiet origin HEAD:main\n`,
    );
    chmodSync(hook, 0o755);
  }

  it("rebases onto a push that happened meanwhile, checks again and pushes", async () => {
    const r = repo();
    const other = r.clone("jonas");
    assert.equal(
      (await runEnv(other, ["update", "dev/dev1", "--version", "1.43.0", "--as", JONAS, "--commit"])).code,
      0,
    );
    pushDuringNextPush(r, other);
    const run = await runEnv(r.root, create("dev/guild", MINA, "--push"));
    assert.equal(run.code, 0, run.err);
    assert.deepEqual(r.git(["log", "--format=%ae|%s", "main"], r.origin).split("\n"), [
      `${MINA}|create dev/guild for ${MINA}: Work of ${MINA}`,
      `${JONAS}|update dev/dev1 by ${JONAS}: version 1.42.0 -> 1.43.0`,
      "seed@studio.example|seed the registry",
    ]);
    assert.match(r.originFile("environments/dev/dev1.yaml")!, /^version: "1\.43\.0"$/m);
  });

  it("never lands a change that fails the registry check after the rebase (two launches took one Redis DB)", async () => {
    const r = repo();
    const other = r.clone("jonas");
    // Both launch from the same main, so both get Redis DB 4; Jonas's push lands during Mina's.
    assert.equal((await runEnv(other, create("dev/jonas-env", JONAS, "--commit"))).code, 0);
    pushDuringNextPush(r, other);
    const run = await runEnv(r.root, create("dev/mina-env", MINA, "--push"));
    assert.equal(run.code, 1, run.out);
    assert.match(run.err, /the registry check against origin\/main failed, nothing was pushed:/);
    assert.match(
      run.err,
      /environments\/dev\/mina-env\.yaml: redisDb: 4 is already used by environment "jonas-env"/,
    );
    assert.match(run.err, /the change is committed here only \([0-9a-f]{7}\)/);
    assert.deepEqual(r.git(["log", "--format=%ae", "main"], r.origin).split("\n"), [
      JONAS,
      "seed@studio.example",
    ]);
  });

  it("refuses --push from a checkout with commits of its own, and --commit over uncommitted registry edits", async () => {
    const r = repo();
    r.write("NOTES.md", "local work\n");
    r.git(["add", "NOTES.md"]);
    r.git(["-c", "user.name=m", "-c", `user.email=${MINA}`, "commit", "--quiet", "-m", "local notes"]);
    let before = r.treeHash();
    const ahead = await runEnv(r.root, create("dev/guild", MINA, "--push"));
    assert.equal(ahead.code, 2);
    assert.match(
      ahead.err,
      /^ {2}--push: this checkout has 1 commit\(s\) that are not on origin\/main; pushing would publish them too/m,
    );
    assert.equal(r.treeHash(), before);

    r.git(["reset", "--quiet", "--hard", "origin/main"]);
    const dev1 = r.git(["show", "HEAD:environments/dev/dev1.yaml"]);
    r.write("environments/dev/dev1.yaml", `${dev1.replace(/^purpose: .*$/m, "purpose: Edited by hand")}\n`);
    before = r.treeHash();
    const dirty = await runEnv(r.root, ["extend", "dev/dev2", "--days", "30", "--as", MINA, "--commit"]);
    assert.equal(dirty.code, 2, dirty.out);
    assert.match(
      dirty.err,
      /--commit: environments\/dev\/ has uncommitted edits \(environments\/dev\/dev1\.yaml\)/,
    );
    assert.equal(r.treeHash(), before);
  });
});

describe("npm run env -- ... --push on stage", () => {
  const createStage = (extra: string[]) => [
    "create",
    "stage/stage-b",
    "--team",
    "release",
    "--purpose",
    "Second release candidate",
    "--version",
    "1.43.0-rc.1",
    "--as",
    MINA,
    "--push",
    ...extra,
  ];

  it("pushes a branch and opens a pull request through the GitHub API", async () => {
    const r = repo();
    const api = await startReceiver(() => ({
      status: 201,
      body: JSON.stringify({ number: 42, html_url: "https://github.com/studio/game-infra/pull/42" }),
    }));
    try {
      const mainBefore = r.git(["rev-parse", "main"], r.origin);
      const run = await runEnv(r.root, createStage([]), {
        env: { GITHUB_TOKEN: "t0ken-abc", GITHUB_API_URL: `${api.url}/api/v3` },
      });
      assert.equal(run.code, 0, run.err);
      assert.equal(api.requests.length, 1);
      const request = api.requests[0]!;
      assert.equal(request.method, "POST");
      assert.equal(request.path, "/api/v3/repos/studio/game-infra/pulls");
      assert.equal(request.headers.authorization, "Bearer t0ken-abc");
      assert.equal(request.headers.accept, "application/vnd.github+json");
      assert.equal(request.headers["x-github-api-version"], "2022-11-28");
      const body = request.json as { title: string; head: string; base: string; body: string };
      assert.deepEqual(Object.keys(body).sort(), ["base", "body", "head", "title"]);
      assert.equal(body.title, `create stage/stage-b for ${MINA}: Second release candidate`);
      assert.equal(body.base, "main");
      assert.match(body.head, /^env\/stage-stage-b-create-[0-9a-z]+$/);
      assert.match(body.body, new RegExp(`^Requested by ${MINA} through the launcher`));
      assert.match(body.body, /launched stage\/stage-b \(1\.43\.0-rc\.1, team release, Redis DB 2\)/);
      assert.match(body.body, /`npm run envs -- check stage --base origin\/main`\) passed before the push/);
      assert.match(run.out, /pull request #42: https:\/\/github\.com\/studio\/game-infra\/pull\/42$/m);
      assert.equal(r.git(["rev-parse", "main"], r.origin), mainBefore, "main is untouched");
      // The checkout is back on main, so the next change does not carry this one along.
      assert.equal(r.git(["rev-parse", "HEAD"]), mainBefore);
      assert.equal(r.git(["status", "--porcelain"]), "");
      const next = await runEnv(r.root, ["extend", "dev/dev2", "--days", "30", "--as", MINA, "--push"]);
      assert.equal(next.code, 0, next.err);
      assert.equal(
        r.originFile("environments/stage/stage-b.yaml"),
        undefined,
        "the stage change stays in its pull request",
      );
      assert.match(r.originFile("environments/stage/stage-b.yaml", body.head)!, /^redisDb: 2$/m);
    } finally {
      await api.close();
    }
  });

  it("without GITHUB_TOKEN, pushes the branch and prints where to open the pull request", async () => {
    const r = repo();
    const run = await runEnv(r.root, createStage([]));
    assert.equal(run.code, 0, run.err);
    const branch = /pushed branch (env\/stage-stage-b-create-[0-9a-z]+)$/m.exec(run.out)?.[1];
    assert.ok(branch, run.out);
    assert.ok(r.originFile("environments/stage/stage-b.yaml", branch));
    assert.match(
      run.out,
      new RegExp(
        `GITHUB_TOKEN is not set, so no pull request was opened; open one from ${branch} into main: https://github\\.com/studio/game-infra/compare/main\\.\\.\\.env/stage-stage-b-create-[0-9a-z]+\\?expand=1$`,
        "m",
      ),
    );
  });

  it("exits 1 with GitHub's reason and the manual link when the API refuses", async () => {
    const r = repo();
    const api = await startReceiver(() => ({
      status: 422,
      body: JSON.stringify({
        message: "Validation Failed",
        errors: [{ message: "A pull request already exists" }],
      }),
    }));
    try {
      const run = await runEnv(r.root, createStage([]), {
        env: { GITHUB_TOKEN: "t", GITHUB_API_URL: api.url },
      });
      assert.equal(run.code, 1);
      assert.match(
        run.err,
        /the pull request could not be opened: GitHub answered HTTP 422: Validation Failed \(A pull request already exists\); open it by hand: https:\/\/github\.com\/studio\/game-infra\/compare\/main\.\.\.env\//,
      );
      assert.doesNotMatch(run.err, /committed here only/, "the commit is on the pushed branch");
      assert.equal(r.git(["status", "--porcelain"]), "");
    } finally {
      await api.close();
    }
  });
});
