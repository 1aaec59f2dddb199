/**
 * `npm run launcher -- ...`: flags parsed into what the server starts with, and every bad flag a
 * one-line error naming it (exit 2, usage, no stack trace), checked through the real script too.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { parseServeArgs, UsageError } from "../launcher/server/args";
import { makeLauncherRepo, type LauncherRepo } from "./support/launcher-repo";

const ARN =
  "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/game-infra-dev/0123456789abcdef";

describe("launcher command line", () => {
  let repo: LauncherRepo;
  before(() => {
    repo = makeLauncherRepo();
  });
  after(() => repo.remove());

  it("defaults: port 8080 on 127.0.0.1, every tier with a stack file, no identity, no live status", () => {
    assert.deepEqual(parseServeArgs(["--repo", repo.clone]), {
      repo: repo.clone,
      port: 8080,
      host: "127.0.0.1",
      tiers: ["dev", "qa", "stage"],
      status: "none",
      refreshSeconds: 30,
      remote: "origin",
    });
  });

  it("takes local and cluster settings", () => {
    assert.deepEqual(
      parseServeArgs([
        "--repo",
        repo.clone,
        "--port",
        "0",
        "--user",
        "mina.park@studio.example",
        "--tier",
        "qa",
        "--tier",
        "dev",
      ]),
      {
        repo: repo.clone,
        port: 0,
        host: "127.0.0.1",
        tiers: ["qa", "dev"],
        user: "mina.park@studio.example",
        status: "none",
        refreshSeconds: 30,
        remote: "origin",
      },
    );
    const cluster = parseServeArgs([
      "--repo",
      repo.clone,
      "--host",
      "0.0.0.0",
      "--tier",
      "dev",
      "--alb-arn",
      ARN,
      "--alb-keys-url",
      "http://127.0.0.1:9/keys",
      "--status",
      "kubernetes",
      "--refresh-seconds",
      "0",
    ]);
    assert.equal(cluster?.albArn, ARN);
    assert.equal(cluster?.albKeysUrl, "http://127.0.0.1:9/keys");
    assert.equal(cluster?.status, "kubernetes");
    assert.equal(cluster?.refreshSeconds, 0);
    assert.equal(parseServeArgs(["--help"]), undefined);
  });

  it("names the flag and what it accepts for every bad command line", () => {
    const cases: [string[], RegExp][] = [
      [[], /^--repo is required/],
      [["--repo", "/nonexistent/launcher"], /^--repo: \/nonexistent\/launcher does not exist$/],
      [["--repo", repo.dir], /is not a git clone \(no \.git\)/],
      [["--repo", repo.clone, "--port", "http"], /^--port: "http" is not a port number \(0-65535\)$/],
      [["--repo", repo.clone, "--port", "70000"], /^--port: "70000" is not a port number/],
      [["--repo", repo.clone, "--tier", "prod"], /^--tier: "prod" is not a tier; tiers: dev, qa, stage$/],
      [["--repo", repo.clone, "--user", "mina"], /^--user: "mina" is not an e-mail address$/],
      [
        ["--repo", repo.clone, "--user", "a@b.example", "--alb-arn", ARN],
        /^--user and --alb-arn exclude each other/,
      ],
      [
        ["--repo", repo.clone, "--alb-arn", "arn:aws:s3:::bucket"],
        /^--alb-arn: "arn:aws:s3:::bucket" is not an Application Load Balancer ARN/,
      ],
      [["--repo", repo.clone, "--alb-keys-url", "http://x"], /^--alb-keys-url needs --alb-arn$/],
      [
        ["--repo", repo.clone, "--status", "k8s"],
        /^--status: "k8s" is not a status source; use none or kubernetes$/,
      ],
      [
        ["--repo", repo.clone, "--status", "kubernetes"],
        /^--status kubernetes reads this cluster, which runs one tier: give exactly one --tier/,
      ],
      [["--repo", repo.clone, "--refresh-seconds", "-1"], /--refresh-seconds/],
      [["--repo", repo.clone, "--prot", "1"], /^Unknown option '--prot'$/],
      [["--repo"], /^Option '--repo <value>' argument missing$/],
      [
        ["--repo", repo.clone, "extra"],
        /^Unexpected argument 'extra': the launcher takes flags only \(--help lists them\)$/,
      ],
    ];
    for (const [argv, message] of cases) {
      assert.throws(
        () => parseServeArgs(argv),
        (err: unknown) => err instanceof UsageError && message.test(err.message),
        argv.join(" "),
      );
    }
  });

  it("npm run launcher prints the error and the usage, exits 2, and shows no stack trace", () => {
    const result = spawnSync(
      process.execPath,
      ["--import", "tsx", join(__dirname, "..", "launcher", "serve.ts"), "--repo", repo.clone, "--port", "x"],
      {
        encoding: "utf8",
        timeout: 60_000,
      },
    );
    assert.equal(result.status, 2);
    assert.match(
      result.stderr,
      /^launcher: --port: "x" is not a port number \(0-65535\)\n\nUsage: npm run launcher -- --repo PATH/,
    );
    assert.doesNotMatch(result.stderr, /\n\s+at /);
  });
});
