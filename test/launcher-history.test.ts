/**
 * `npm run env -- history`: an environment's commits from Git (its creation, each change, its
 * removal) with author, date and subject, and for each change of version a compare link built from
 * the tier's compareUrl.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { compareLink, environmentHistory, type HistoryEntry } from "../launcher/history";
import { createTestRepo, type TestRepo } from "./support/git-repo";
import { runEnv } from "./support/launcher";

const MINA = "mina.park@studio.example";
const LEA = "lea.moreau@studio.example";
const COMPARE = "https://github.com/studio/game-server/compare/{from}...{to}";

describe("npm run env -- history", () => {
  let r: TestRepo;
  let commits: string[];
  before(async () => {
    r = createTestRepo();
    const steps: string[][] = [
      [
        "create",
        "dev/hist",
        "--team",
        "server",
        "--purpose",
        "History test",
        "--version",
        "1.0.0",
        "--as",
        MINA,
      ],
      ["update", "dev/hist", "--version", "1.1.0", "--as", MINA],
      ["update", "dev/hist", "--purpose", "History test, second half", "--as", LEA],
      ["update", "dev/hist", "--version", "1.2.0-rc.1", "--as", LEA],
      ["delete", "dev/hist", "--as", MINA],
    ];
    for (const argv of steps) {
      const run = await runEnv(r.root, [...argv, "--commit"]);
      assert.equal(run.code, 0, run.err);
    }
    commits = r.git(["log", "--format=%H", "-5"]).split("\n");
  });
  after(() => r.remove());

  it("lists every commit of the file, its removal included, newest first, with a compare link per version change", async () => {
    const entries = await environmentHistory(r.root, "dev", "hist", { compareUrl: COMPARE });
    const shape = (e: HistoryEntry) => ({
      commit: e.commit,
      author: e.author.email,
      subject: e.subject,
      change: e.change,
      version: e.version,
      versionChange: e.versionChange,
    });
    assert.deepEqual(entries.map(shape), [
      {
        commit: commits[0],
        author: MINA,
        subject: `delete dev/hist by ${MINA}; Redis DB 4 retired (its MySQL database is kept)`,
        change: "deleted",
        version: undefined,
        versionChange: undefined,
      },
      {
        commit: commits[1],
        author: LEA,
        subject: `update dev/hist by ${LEA}: version 1.1.0 -> 1.2.0-rc.1`,
        change: "changed",
        version: "1.2.0-rc.1",
        versionChange: {
          from: "1.1.0",
          to: "1.2.0-rc.1",
          compareUrl: "https://github.com/studio/game-server/compare/1.1.0...1.2.0-rc.1",
        },
      },
      {
        commit: commits[2],
        author: LEA,
        subject: `update dev/hist by ${LEA}: purpose History test -> History test, second half`,
        change: "changed",
        version: "1.1.0",
        versionChange: undefined,
      },
      {
        commit: commits[3],
        author: MINA,
        subject: `update dev/hist by ${MINA}: version 1.0.0 -> 1.1.0`,
        change: "changed",
        version: "1.1.0",
        versionChange: {
          from: "1.0.0",
          to: "1.1.0",
          compareUrl: "https://github.com/studio/game-server/compare/1.0.0...1.1.0",
        },
      },
      {
        commit: commits[4],
        author: MINA,
        subject: `create dev/hist for ${MINA}: History test`,
        change: "created",
        version: "1.0.0",
        versionChange: undefined,
      },
    ]);
    for (const e of entries) assert.match(e.date, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}([+-]\d{2}:\d{2}|Z)$/);
  });

  it("prints the history with the compare and commit links from the tier's compareUrl and the origin", async () => {
    const run = await runEnv(r.root, ["history", "dev/hist"]);
    assert.equal(run.code, 0, run.err);
    const lines = run.out.split("\n");
    assert.equal(lines[0], "dev/hist (environments/dev/hist.yaml), newest first:");
    assert.match(
      lines[1]!,
      new RegExp(
        `^${commits[0]!.slice(0, 7)}  \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}  ${MINA}  delete dev/hist by`,
      ),
    );
    assert.equal(lines[2], "         deleted");
    assert.equal(lines[3], `         https://github.com/studio/game-infra/commit/${commits[0]}`);
    assert.ok(
      lines.includes(
        "         version 1.1.0 -> 1.2.0-rc.1: https://github.com/studio/game-server/compare/1.1.0...1.2.0-rc.1",
      ),
      run.out,
    );
    assert.ok(lines.includes("         created with version 1.0.0"), run.out);
  });

  it("--json gives the entries", async () => {
    const json = JSON.parse((await runEnv(r.root, ["history", "dev/hist", "--json"])).out) as {
      tier: string;
      name: string;
      file: string;
      entries: HistoryEntry[];
    };
    assert.deepEqual(
      [json.tier, json.name, json.file, json.entries.length],
      ["dev", "hist", "environments/dev/hist.yaml", 5],
    );
    assert.deepEqual(json.entries[1]!.author, { name: "lea.moreau", email: LEA });
    assert.equal(json.entries[1]!.url, `https://github.com/studio/game-infra/commit/${commits[1]}`);
  });

  it("refuses an environment that never existed", async () => {
    const run = await runEnv(r.root, ["history", "dev/never"]);
    assert.equal(run.code, 2);
    assert.match(
      run.err,
      /^ {2}dev\/never: has no history: environments\/dev\/never\.yaml was never committed$/m,
    );
  });
});

describe("compareLink", () => {
  it("fills {from} and {to}, URL-encoded", () => {
    assert.equal(
      compareLink("https://git.example/game/compare/{from}...{to}?w=1", "1.0.0", "2.0.0 rc/1"),
      "https://git.example/game/compare/1.0.0...2.0.0%20rc%2F1?w=1",
    );
  });
});
