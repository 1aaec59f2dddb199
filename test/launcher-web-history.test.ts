/**
 * The page's history source: every commit of an environment's file (through launcher/history.ts),
 * newest first, with the version after it and compare links where the version changed.
 */
import assert from "node:assert/strict";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { GitHistorySource } from "../launcher/server/history-source";
import { RegistryWorkspace } from "../launcher/workspace";
import { formatEnvironmentFile } from "../stacks/registry-format";
import { DEV2, makeLauncherRepo, type LauncherRepo } from "./support/launcher-repo";

describe("environment history from git", () => {
  let repo: LauncherRepo;
  before(() => {
    repo = makeLauncherRepo({ withRemote: false });
    const commit = (author: string, message: string) =>
      repo.git([
        "-c",
        "user.name=launcher",
        "-c",
        "user.email=l@x.example",
        "commit",
        "--quiet",
        "-a",
        `--author=${author}`,
        "-m",
        message,
      ]);
    writeFileSync(
      join(repo.clone, "environments/dev/dev2.yaml"),
      formatEnvironmentFile({ ...DEV2, version: "1.43.0" }),
    );
    commit("ana.silva <ana.silva@studio.example>", "update dev/dev2: version 1.42.0 -> 1.43.0");
    writeFileSync(
      join(repo.clone, "environments/dev/dev2.yaml"),
      formatEnvironmentFile({ ...DEV2, version: "1.43.0", expires: "2026-12-30" }),
    );
    commit("jonas.berg <jonas.berg@studio.example>", "extend dev/dev2");
    rmSync(join(repo.clone, "environments/dev/dev2.yaml"));
    commit("jonas.berg <jonas.berg@studio.example>", "delete dev/dev2");
  });
  after(() => repo.remove());

  it("lists every commit of the file, newest first, with the version after it and compare links on version changes", async () => {
    const entries = await new GitHistorySource(new RegistryWorkspace(repo.clone)).history("dev", "dev2");
    assert.deepEqual(
      entries.map((e) => [e.author, e.authorEmail, e.subject, e.version, e.compareUrl]),
      [
        ["jonas.berg", "jonas.berg@studio.example", "delete dev/dev2", undefined, undefined],
        ["jonas.berg", "jonas.berg@studio.example", "extend dev/dev2", "1.43.0", undefined],
        [
          "ana.silva",
          "ana.silva@studio.example",
          "update dev/dev2: version 1.42.0 -> 1.43.0",
          "1.43.0",
          "https://github.com/studio/game-server/compare/1.42.0...1.43.0",
        ],
        ["fixture", "fixture@studio.example", "registry fixture", "1.42.0", undefined],
      ],
    );
    assert.ok(entries.every((e) => /^[0-9a-f]{40}$/.test(e.commit) && !Number.isNaN(Date.parse(e.date))));
    assert.deepEqual(
      await new GitHistorySource(new RegistryWorkspace(repo.clone)).history("dev", "never"),
      [],
    );
  });
});
