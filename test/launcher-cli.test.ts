/**
 * `npm run env`: every operation through the command line against a real git repository (a bare
 * origin and a clone of this repository's stack files and registry): what each writes, byte for byte,
 * what it commits and as whom, and that refused input exits 2 naming the flag with the clone unchanged.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { OPERATION_NAMES, OPERATIONS } from "../launcher/cli-spec";
import { runCli } from "../launcher/cli";
import { createTestRepo, type TestRepo, ROOT, testSettings } from "./support/git-repo";
import { gamePoolTestPrices } from "./support/cost-table";
import { runEnv, TODAY } from "./support/launcher";

const MINA = "mina.park@studio.example";
const ANA = "ana.silva@studio.example";

const repos: TestRepo[] = [];
function repo(files: Record<string, string | null> = {}): TestRepo {
  const r = createTestRepo(files);
  repos.push(r);
  return r;
}
after(() => {
  for (const r of repos) r.remove();
});

const read = (r: TestRepo, path: string) => readFileSync(join(r.root, path), "utf8");
const lastCommit = (r: TestRepo, format: string) => r.git(["log", "-1", `--format=${format}`]);

describe("npm run env --help", () => {
  it("lists every operation, the exit codes and the environment variables", async () => {
    const out: string[] = [];
    const code = await runCli(["--help"], { root: ROOT, out: (t) => out.push(t), err: () => {}, env: {} });
    assert.equal(code, 0);
    for (const name of OPERATION_NAMES) assert.match(out[0]!, new RegExp(`^  ${name} +\\S`, "m"), name);
    assert.match(out[0]!, /2 bad input \(nothing changed\)/);
    assert.match(out[0]!, /SLACK_WEBHOOK_URL/);
  });

  it("gives every operation its flags, their defaults and an example", async () => {
    for (const name of OPERATION_NAMES) {
      const out: string[] = [];
      const code = await runCli([name, "--help"], {
        root: ROOT,
        out: (t) => out.push(t),
        err: () => {},
        env: {},
      });
      assert.equal(code, 0, name);
      const help = out.join("\n");
      assert.match(help, new RegExp(`^usage: npm run env -- ${name} <tier>`), name);
      for (const flag of OPERATIONS[name].flags)
        assert.match(help, new RegExp(`^  --${flag.name}\\b`, "m"), `${name} --${flag.name}`);
      assert.match(help, new RegExp(`^examples?:\\n  npm run env -- ${name} `, "m"), name);
    }
    const create = (await runEnv(ROOT, ["help", "create"])).out;
    assert.match(
      create,
      /--expires YYYY-MM-DD +its last day \(default: today \+ the tier's lifetime \(dev: 14 days, at most 60; qa: 30 days, at most 90; stage: none/,
    );
    assert.match(create, /--team TEAM .*\(required\)/);
    assert.match(
      create,
      /--deployment MODE .*one of rolling, blueGreen; default: the tier's \(dev: rolling, qa: rolling, stage: blueGreen\)/,
    );
    assert.match((await runEnv(ROOT, ["expire", "-h"])).out, /--warn-days N .*\(default: 3\)/);
  });

  it("is the npm script `env`; the process exits 2 on refused input and leaves the clone as it was", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
      scripts: Record<string, string>;
    };
    assert.equal(pkg.scripts.env, "tsx launcher/cli.ts");
    const r = repo();
    const before = r.treeHash();
    // What the script runs (without npm's own start-up).
    const run = spawnSync(
      process.execPath,
      [
        "--import",
        "tsx",
        "launcher/cli.ts",
        "extend",
        "dev/dev2",
        "--days",
        "0",
        "--as",
        MINA,
        "--repo",
        r.root,
      ],
      { cwd: ROOT, encoding: "utf8", env: { ...process.env, SLACK_WEBHOOK_URL: "" } },
    );
    assert.equal(run.status, 2, run.stderr);
    assert.equal(
      run.stderr,
      'env extend dev/dev2: refused, nothing was changed:\n  --days: "0" is not a whole number of days, 1 or more\n(npm run env -- extend --help lists the options)\n',
    );
    assert.equal(run.stdout, "");
    assert.equal(r.treeHash(), before);
  });
});

describe("npm run env -- create", () => {
  it("writes the file in the registry's formatting with the lowest Redis DB neither used nor retired", async () => {
    // dev uses DBs 1 and 2 (login-dev's 3 is left out), and 4 is retired.
    const r = repo({
      "environments/dev/login-dev.yaml": null,
      "environments/dev/retired-redis-dbs.yaml":
        '- db: 4\n  environment: old-guild\n  retired: "2026-10-01"\n',
    });
    const first = await runEnv(r.root, [
      "create",
      "dev/guild",
      "--team",
      "server",
      "--purpose",
      "Guild rework",
      "--version",
      "1.44.0-guild.2",
      "--as",
      MINA,
    ]);
    assert.equal(first.code, 0, first.err);
    assert.equal(
      read(r, "environments/dev/guild.yaml"),
      [
        `owner: ${MINA}`,
        "team: server",
        "purpose: Guild rework",
        'version: "1.44.0-guild.2"',
        'gameDataVersion: "gd-2026.11.3"',
        'resourceVersion: "res-2026.11.1"',
        "redisDb: 3",
        'created: "2026-12-01"',
        'expires: "2026-12-15"',
        "",
      ].join("\n"),
    );
    assert.match(
      first.out,
      /launched dev\/guild \(1\.44\.0-guild\.2, team server, Redis DB 3, until 2026-12-15\)/,
    );
    assert.match(first.out, /last day 2026-12-15 \(14 days left\)/);
    assert.match(first.out, /not committed: review it with `git diff`/);
    assert.equal(r.git(["status", "--porcelain"]), "?? environments/dev/guild.yaml");

    const second = await runEnv(r.root, [
      "create",
      "dev/guild2",
      "--team",
      "balance",
      "--purpose",
      "More",
      "--version",
      "1.44.0",
      "--as",
      MINA,
      "--owner",
      ANA,
    ]);
    assert.equal(second.code, 0, second.err);
    const file = read(r, "environments/dev/guild2.yaml");
    assert.match(file, /^redisDb: 5$/m, "3 is taken now and 4 is retired");
    assert.match(file, new RegExp(`^owner: ${ANA}$`, "m"));
  });

  it("takes every setting the tier would default", async () => {
    const r = repo();
    const run = await runEnv(r.root, [
      "create",
      "qa/event",
      "--team",
      "qa",
      "--purpose",
      "Event",
      "--version",
      "1.43.0",
      "--game-data-version",
      "gd-2027.1.0",
      "--resource-version",
      "res-2027.1.0",
      "--days",
      "21",
      "--clock-offset",
      "+720h",
      "--deployment",
      "blueGreen",
      "--as",
      MINA,
    ]);
    assert.equal(run.code, 0, run.err);
    assert.equal(
      read(r, "environments/qa/event.yaml"),
      [
        `owner: ${MINA}`,
        "team: qa",
        "purpose: Event",
        'version: "1.43.0"',
        'gameDataVersion: "gd-2027.1.0"',
        'resourceVersion: "res-2027.1.0"',
        "redisDb: 3",
        'created: "2026-12-01"',
        'expires: "2026-12-22"',
        'clockOffset: "+720h"',
        "deployment: blueGreen",
        "",
      ].join("\n"),
    );
  });

  it("commits as the requester, with the launcher as committer and a message saying who and what", async () => {
    const r = repo();
    r.git(["config", "user.email", ANA]);
    const run = await runEnv(r.root, [
      "create",
      "dev/login-v2",
      "--team",
      "server",
      "--purpose",
      "Login v2",
      "--version",
      "1.45.0",
      "--commit",
    ]);
    assert.equal(run.code, 0, run.err);
    assert.equal(
      lastCommit(r, "%an <%ae>|%cn <%ce>|%s"),
      `ana.silva <${ANA}>|game-infra launcher <launcher@game-infra.invalid>|create dev/login-v2 for ${ANA}: Login v2`,
    );
    assert.equal(r.git(["show", "--name-status", "--format=", "HEAD"]), "A\tenvironments/dev/login-v2.yaml");
    assert.equal(r.git(["status", "--porcelain"]), "");
    assert.match(run.out, /committed [0-9a-f]{7} \(not pushed/);
  });

  it("refuses when the tier has no free Redis DB, naming the registry", async () => {
    // qa has 32 databases: 1 and 2 are used, 3-31 retired.
    const retired = Array.from(
      { length: 29 },
      (_, i) => `- db: ${i + 3}\n  environment: gone-${i + 3}\n  retired: "2026-11-01"\n`,
    ).join("");
    const r = repo({ "environments/qa/retired-redis-dbs.yaml": retired });
    const before = r.treeHash();
    const run = await runEnv(r.root, [
      "create",
      "qa/one-more",
      "--team",
      "qa",
      "--purpose",
      "x",
      "--version",
      "1.0.0",
      "--as",
      MINA,
      "--commit",
    ]);
    assert.equal(run.code, 2);
    assert.match(
      run.err,
      /^ {2}registry: no free Redis DB on qa: all 31 are used or retired; release retired ones/m,
    );
    assert.equal(r.treeHash(), before);
  });
});

describe("npm run env: refused input", () => {
  const cases: Array<{ argv: string[]; expect: RegExp[]; env?: "no-actor" }> = [
    {
      argv: ["create", "dev/guild", "--as", MINA],
      expect: [
        /^ {2}--team: is required; teams of the dev platform: balance, server$/m,
        /^ {2}--purpose: is required$/m,
        /^ {2}--version: is required; an image tag such as 1\.42\.0$/m,
      ],
    },
    {
      argv: [
        "create",
        "dev/guild",
        "--team",
        "server",
        "--purpose",
        "p",
        "--version",
        "1.0.0",
        "--owner",
        "mina",
        "--as",
        MINA,
      ],
      expect: [/^ {2}--owner: must be an e-mail address$/m],
    },
    {
      argv: [
        "create",
        "dev/guild",
        "--team",
        "server",
        "--purpose",
        "p",
        "--version",
        "1.0.0",
        "--expires",
        "2027-06-01",
        "--as",
        MINA,
      ],
      expect: [
        /^ {2}--expires: 2027-06-01 is more than 60 days ahead \(the dev maximum\); latest allowed today: 2027-01-30$/m,
      ],
    },
    {
      argv: ["create", "dev/dev1", "--team", "server", "--purpose", "p", "--version", "1.0.0", "--as", MINA],
      expect: [/^ {2}dev\/dev1: dev\/dev1 already exists; pick another name$/m],
    },
    {
      argv: [
        "create",
        "dev/Guild_1",
        "--team",
        "server",
        "--purpose",
        "p",
        "--version",
        "1.0.0",
        "--as",
        MINA,
      ],
      expect: [/^ {2}dev\/Guild_1: "Guild_1" is not a DNS-1123 label/m],
    },
    {
      argv: [
        "create",
        "dev/guild",
        "--team",
        "server",
        "--purpose",
        "p",
        "--version",
        "latest",
        "--as",
        MINA,
      ],
      expect: [/^ {2}--version: "latest" is not a pinned version/m],
    },
    {
      argv: [
        "create",
        "dev/guild",
        "--team",
        "server",
        "--purpose",
        "p",
        "--version",
        "1.0.0",
        "--deployment",
        "canary",
        "--as",
        MINA,
      ],
      expect: [/^ {2}--deployment: "canary" is not allowed; one of rolling, blueGreen$/m],
    },
    {
      argv: [
        "create",
        "dev/guild",
        "--team",
        "server",
        "--purpose",
        "p",
        "--version",
        "1.0.0",
        "--days",
        "3",
        "--expires",
        "2026-12-09",
        "--as",
        MINA,
      ],
      expect: [/^ {2}--days: give --expires or --days, not both$/m],
    },
    {
      argv: ["create", "dev/guild", "--colour", "red"],
      expect: [/^ {2}--colour: is not an option of create; options: --owner, --team/m],
    },
    {
      argv: ["create", "prod/guild"],
      expect: [/^ {2}<tier>\/<name>: "prod" is not a tier; tiers: dev, qa, stage$/m],
    },
    {
      argv: ["create", "dev/guild", "--team", "server", "--purpose", "p", "--version", "1.0.0"],
      env: "no-actor",
      expect: [/^ {2}--as: no requester: pass --as EMAIL, or set git config user\.email$/m],
    },
    {
      argv: ["update", "dev/dev1", "--version", "1.43.0", "--as", "mina"],
      expect: [/^ {2}--as: "mina" is not an e-mail address$/m],
    },
    {
      argv: ["update", "dev/dev1", "--as", MINA],
      expect: [/^ {2}update: names nothing to change; give one or more of --version, --preview-version/m],
    },
    {
      argv: ["update", "dev/nope", "--version", "1.43.0", "--as", MINA],
      expect: [/^ {2}dev\/nope: dev\/nope does not exist; environments: dev1, dev2, login-dev$/m],
    },
    {
      argv: ["update", "dev/dev1", "--replicas", "web=2", "--as", MINA],
      expect: [
        /^ {2}--replicas: "web=2" is not SERVER=N, SERVER=MIN-MAX or SERVER=default with SERVER one of gameserver, league, backoffice$/m,
      ],
    },
    {
      argv: ["update", "dev/dev1", "--clock-offset", "soon", "--as", MINA],
      expect: [/^ {2}--clock-offset: must be a signed duration such as \+72h/m],
    },
    {
      argv: ["update", "dev/dev1", "--game-data-version", "-x-", "--as", MINA],
      expect: [/^ {2}--game-data-version: /m],
    },
    {
      argv: ["extend", "dev/dev2", "--days", "0", "--as", MINA],
      expect: [/^ {2}--days: "0" is not a whole number of days, 1 or more$/m],
    },
    {
      argv: ["extend", "dev/dev2", "--expires", "2026-12-10", "--as", MINA],
      expect: [/^ {2}--expires: 2026-12-10 is not later than the current last day, 2026-12-20$/m],
    },
    {
      argv: ["extend", "dev/dev2", "--expires", "2026-13-01", "--as", MINA],
      expect: [/^ {2}--expires: "2026-13-01" is not a date written YYYY-MM-DD$/m],
    },
    {
      argv: ["extend", "dev/dev2", "--days", "61", "--as", MINA],
      expect: [/^ {2}--expires: 2027-01-31 is more than 60 days ahead \(the dev maximum\)/m],
    },
    { argv: ["delete", "dev/nope", "--as", MINA], expect: [/^ {2}dev\/nope: dev\/nope does not exist/m] },
    {
      argv: ["list", "dev/dev1"],
      expect: [/^ {2}<tier>: list takes a tier, such as dev; got "dev\/dev1"$/m],
    },
    {
      argv: ["show", "dev"],
      expect: [/^ {2}<tier>\/<name>: "dev" does not name an environment, such as dev\/dev1$/m],
    },
    {
      argv: ["expire", "dev", "--warn-days", "soon"],
      expect: [/^ {2}--warn-days: "soon" is not a whole number of days, 0 or more$/m],
    },
    {
      argv: ["list", "dev", "--repo", "/nonexistent/clone"],
      expect: [
        /^ {2}--repo: \/nonexistent\/clone is not a clone of this repository \(it has no Pulumi\.yaml\)$/m,
      ],
    },
    {
      argv: ["deploy", "dev/dev1"],
      expect: [/^ {2}operation: "deploy" is not an operation; operations: create, update/m],
    },
  ];
  let r: TestRepo;
  before(() => {
    r = repo();
  });
  for (const c of cases) {
    it(`exits 2 for \`${c.argv.join(" ")}\`, naming the field, with nothing changed`, async () => {
      const before = r.treeHash();
      const run = await runEnv(r.root, c.argv);
      assert.equal(run.code, 2, run.out);
      assert.match(run.err, /: refused, nothing was changed:\n/);
      for (const pattern of c.expect) assert.match(run.err, pattern);
      assert.equal(run.out, "");
      assert.equal(r.treeHash(), before);
    });
  }
});

describe("npm run env -- update, extend, delete", () => {
  it("update changes only the named settings and says so in the commit", async () => {
    const r = repo();
    const run = await runEnv(r.root, [
      "update",
      "dev/dev1",
      "--version",
      "1.43.0",
      "--game-data-version",
      "gd-2026.12.0",
      "--clock-offset=-2h",
      "--as",
      ANA,
      "--commit",
    ]);
    assert.equal(run.code, 0, run.err);
    assert.equal(
      read(r, "environments/dev/dev1.yaml"),
      [
        `owner: ${MINA}`,
        "team: server",
        "purpose: Shared integration environment for the server team's main branch",
        'version: "1.43.0"',
        'gameDataVersion: "gd-2026.12.0"',
        'resourceVersion: "res-2026.11.1"',
        "redisDb: 1",
        'created: "2026-09-01"',
        'expires: "2027-01-15"',
        'clockOffset: "-2h"',
        "",
      ].join("\n"),
    );
    assert.equal(
      lastCommit(r, "%ae|%s"),
      `${ANA}|update dev/dev1 by ${ANA}: version 1.42.0 -> 1.43.0, gameDataVersion gd-2026.11.3 -> gd-2026.12.0, clockOffset (default) -> -2h`,
    );
  });

  it("update --replicas sets and drops per-server overrides", async () => {
    const r = repo();
    assert.equal(
      (await runEnv(r.root, ["update", "dev/dev1", "--replicas", "gameserver=2-3,league=1", "--as", MINA]))
        .code,
      0,
    );
    assert.match(
      read(r, "environments/dev/dev1.yaml"),
      /\nreplicas:\n {2}gameserver:\n {4}min: 2\n {4}max: 3\n {2}league: 1\n$/,
    );
    const back = await runEnv(r.root, [
      "update",
      "dev/dev1",
      "--replicas",
      "gameserver=default",
      "--replicas",
      "league=default",
      "--as",
      MINA,
    ]);
    assert.equal(back.code, 0, back.err);
    assert.equal(r.git(["status", "--porcelain"]), "", "back to the file as committed");
  });

  it("extend moves the last day to the tier's maximum by default, or by --days", async () => {
    const r = repo();
    const run = await runEnv(r.root, ["extend", "dev/dev2", "--as", MINA, "--commit"]);
    assert.equal(run.code, 0, run.err);
    assert.match(read(r, "environments/dev/dev2.yaml"), /^expires: "2027-01-30"$/m);
    assert.match(run.out, /last day 2027-01-30 \(60 days left\)/);
    assert.equal(
      lastCommit(r, "%ae|%s"),
      `${MINA}|extend dev/dev2 by ${MINA}: expires 2026-12-20 -> 2027-01-30`,
    );
    assert.equal((await runEnv(r.root, ["extend", "qa/qa-event", "--days", "75", "--as", MINA])).code, 0);
    assert.match(read(r, "environments/qa/qa-event.yaml"), /^expires: "2027-02-14"$/m);
  });

  it("delete removes the file and retires its Redis DB in the same commit", async () => {
    const r = repo();
    const run = await runEnv(r.root, ["delete", "dev/dev2", "--as", ANA, "--commit"]);
    assert.equal(run.code, 0, run.err);
    assert.equal(existsSync(join(r.root, "environments/dev/dev2.yaml")), false);
    assert.equal(
      read(r, "environments/dev/retired-redis-dbs.yaml"),
      [
        "# Redis DB numbers of removed environments: never given to another environment until released.",
        '# Release one by flushing it (docs/data-stores.md, "Redis DB numbers"), then removing its entry.',
        "- db: 2",
        "  environment: dev2",
        '  retired: "2026-12-01"',
        "",
      ].join("\n"),
    );
    assert.equal(
      r.git(["show", "--name-status", "--format=%ae|%s", "HEAD"]),
      `${ANA}|delete dev/dev2 by ${ANA}; Redis DB 2 retired (its MySQL database is kept)\n\nD\tenvironments/dev/dev2.yaml\nA\tenvironments/dev/retired-redis-dbs.yaml`,
    );
    // The retired DB is never handed out again.
    await runEnv(r.root, [
      "create",
      "dev/next",
      "--team",
      "server",
      "--purpose",
      "p",
      "--version",
      "1.0.0",
      "--as",
      ANA,
    ]);
    assert.match(read(r, "environments/dev/next.yaml"), /^redisDb: 4$/m);
  });
});

describe("npm run env -- list and show", () => {
  const files = {
    "environments/dev/old.yaml": `owner: ${ANA}\nteam: server\npurpose: Finished test\nversion: "1.40.0"\ngameDataVersion: "gd-1"\nresourceVersion: "res-1"\nredisDb: 7\ncreated: "2026-11-01"\nexpires: "2026-11-30"\n`,
    "environments/dev/soon.yaml": `owner: ${MINA}\nteam: balance\npurpose: Quick balance check\nversion: "1.41.0"\ngameDataVersion: "gd-1"\nresourceVersion: "res-1"\nredisDb: 8\ncreated: "2026-11-20"\nexpires: "2026-12-03"\n`,
  };

  it("lists expired first, then expiring, then by last day, with days left, status and URLs", async () => {
    const r = repo(files);
    const run = await runEnv(r.root, ["list", "dev"]);
    assert.equal(run.code, 0, run.err);
    const lines = run.out.split("\n");
    assert.match(
      lines[0]!,
      /^NAME +OWNER +TEAM +PURPOSE +VERSION +CREATED +EXPIRES +STATUS +SLEEP +COST\/MONTH +URLS$/,
    );
    assert.deepEqual(
      lines.slice(1).map((l) => l.split(/\s{2,}/)[0]),
      ["old", "soon", "dev2", "login-dev", "dev1"],
    );
    assert.match(
      lines[1]!,
      /2026-11-30 \(expired 1 day ago\) +expired +awake until Tue 20:00 +- +https:\/\/game-old\.dev\.game\.example\.com https:\/\/backoffice-old\.dev\.game\.example\.com$/,
    );
    assert.match(lines[2]!, /2026-12-03 \(2 days left\) +expiring /);
    assert.match(
      lines[3]!,
      /Balance-data changes for the winter event, isol… +1\.42\.0 +2026-11-02 +2026-12-20 \(19 days left\) +active /,
    );
  });

  it("shows each environment's monthly cost, always on and on the tier's schedule, in the list and --json", async () => {
    // Priced with test figures: m6i.2xlarge $0.50 an hour (the only dev game-pool type priced), gp3
    // $0.10 per GiB-month. An environment at the dev defaults requests 1050m and 3328 MiB (gameserver
    // 250m/512Mi; league, scheduler, backoffice 100m/256Mi each; couchbase 500m/2Gi) and a 10 GiB
    // volume. An m6i.2xlarge leaves 8000 - 80 - 50 = 7870m and floor(32768 × 0.925 - 893 - 100 - 64)
    // = 29253 MiB: CPU 1050/7870 = 0.133 beats memory 3328/29253 = 0.114. Always on: 1050/7870 ×
    // ($0.50 × 730 + 64 GiB × $0.10) = $49.55, + $1.00 of volume = $50.55. Mon-Fri 08:00-20:00 is
    // 60/168 of the month: 1050/7870 × $371.40 × 60/168 = $17.70, + $1.00 = $18.70.
    const r = repo({ ...files, "upstream/aws-prices/eu-west-1.json": JSON.stringify(gamePoolTestPrices()) });
    const run = await runEnv(r.root, ["list", "dev"]);
    assert.equal(run.code, 0, run.err);
    assert.equal(run.err, "");
    const dev1 = run.out.split("\n").find((l) => l.startsWith("dev1 "))!;
    assert.match(
      dev1,
      / active +awake until Tue 20:00 +\$50\.55 24\/7, \$18\.70 scheduled +https:\/\/game-dev1\./,
    );
    const json = JSON.parse((await runEnv(r.root, ["list", "dev", "--json"])).out) as {
      environments: Array<{ name: string; cost?: unknown }>;
    };
    assert.deepEqual(json.environments.find((e) => e.name === "dev1")!.cost, {
      alwaysOnUsd: 50.55,
      scheduledUsd: 18.7,
      alwaysOn: "$50.55",
      scheduled: "$18.70",
      schedule: "Mon-Fri 08:00-20:00 Europe/Berlin",
      pricesTaken: "2026-12-01",
    });
  });

  it("says why there is no cost, and shows a dash, when the tier cannot be priced", async () => {
    const r = repo(files); // the test clone has no upstream/aws-prices/
    const run = await runEnv(r.root, ["list", "dev"]);
    assert.equal(run.code, 0, run.err);
    assert.equal(
      run.err,
      "monthly cost not estimated: no price table for region eu-west-1: upstream/aws-prices/eu-west-1.json does not exist (npm run prices -- --region eu-west-1 writes it)",
    );
    assert.match(
      run.out.split("\n").find((l) => l.startsWith("dev1 "))!,
      / active +awake until Tue 20:00 +- +https:/,
    );
  });

  it("--json gives the rows with every field", async () => {
    const r = repo(files);
    const run = await runEnv(r.root, ["list", "dev", "--json"]);
    const json = JSON.parse(run.out) as {
      tier: string;
      today: string;
      environments: Record<string, unknown>[];
    };
    assert.equal(json.tier, "dev");
    assert.equal(json.today, TODAY);
    assert.deepEqual(
      json.environments.map((e) => e.name),
      ["old", "soon", "dev2", "login-dev", "dev1"],
    );
    assert.deepEqual(json.environments[0], {
      name: "old",
      tier: "dev",
      owner: ANA,
      team: "server",
      purpose: "Finished test",
      version: "1.40.0",
      gameDataVersion: "gd-1",
      resourceVersion: "res-1",
      clockOffset: "0s",
      created: "2026-11-01",
      expires: "2026-11-30",
      daysLeft: -1,
      lifetime: "expired",
      live: "unknown",
      sleep: {
        mode: "scheduled",
        schedule: "Mon-Fri: wakes 08:00, sleeps 20:00 (Europe/Berlin)",
        now: "awake",
        next: "Tue 20:00",
      },
      urls: {
        game: "https://game-old.dev.game.example.com",
        backoffice: "https://backoffice-old.dev.game.example.com",
      },
      logs: { url: "https://logs.dev.game.example.com", indexPattern: "logs-old.*" },
    });
  });

  it("show prints one environment's settings, and --json its row with the file as written", async () => {
    const r = repo();
    const text = await runEnv(r.root, ["show", "stage/stage"]);
    assert.equal(text.code, 0, text.err);
    assert.match(text.out, /^stage\/stage \(environments\/stage\/stage\.yaml\)$/m);
    assert.match(text.out, /^ {2}deployment +blueGreen$/m);
    assert.match(text.out, /^ {2}active colour +blue$/m);
    assert.match(text.out, /^ {2}expires +never \(permanent\)$/m);
    assert.match(text.out, /^ {2}sleep +always on$/m);
    assert.match(
      (await runEnv(r.root, ["show", "dev/dev1"])).out,
      /^ {2}sleep +Mon-Fri: wakes 08:00, sleeps 20:00 \(Europe\/Berlin\)$/m,
    );
    assert.match(text.out, /^ {2}gamePreview +https:\/\/game-preview-stage\.stage\.game\.example\.com$/m);
    const json = JSON.parse((await runEnv(r.root, ["show", "dev/dev1", "--json"])).out) as Record<
      string,
      unknown
    >;
    assert.equal(json.redisDb, 1);
    assert.equal(json.deployment, "rolling");
    assert.equal(json.file, "environments/dev/dev1.yaml");
    assert.equal(json.daysLeft, 45);
    assert.deepEqual(json.settings, {
      owner: MINA,
      team: "server",
      purpose: "Shared integration environment for the server team's main branch",
      version: "1.42.0",
      gameDataVersion: "gd-2026.11.3",
      resourceVersion: "res-2026.11.1",
      redisDb: 1,
      created: "2026-09-01",
      expires: "2027-01-15",
    });
    const missing = await runEnv(r.root, ["show", "dev/nope"]);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /dev\/nope: does not exist; environments: dev1, dev2, login-dev/);
  });
});

describe("npm run env -- wake and sleep", () => {
  const DEV1 = "environments/dev/dev1.yaml";

  it("wake keeps an environment awake through today by default, and sleep resumes its schedule", async () => {
    const r = repo();
    const committed = read(r, DEV1);
    const woken = await runEnv(r.root, ["wake", "dev/dev1", "--as", MINA, "--commit"]);
    assert.equal(woken.code, 0, woken.err);
    assert.equal(read(r, DEV1), `${committed}sleep:\n  pausedUntil: "2026-12-01"\n`);
    assert.equal(
      lastCommit(r, "%ae|%s"),
      `${MINA}|wake dev/dev1 by ${MINA}: sleep schedule paused until 2026-12-01 (was not paused)`,
    );
    assert.match(
      woken.out,
      /^mina\.park@studio\.example woke dev\/dev1: awake until the end of 2026-12-01, then asleep again outside Mon-Fri: wakes 08:00, sleeps 20:00 \(Europe\/Berlin\)$/m,
    );
    // At 21:00 in Berlin the schedule would have it asleep; the wake keeps it up.
    const evening = new Date("2026-12-01T20:00:00Z");
    const listed = await runEnv(r.root, ["list", "dev"], { now: evening });
    assert.match(listed.out, /^dev1 .* awake until 2026-12-01 \(wake\) +- +https:/m);
    assert.match(listed.out, /^dev2 .* asleep until Wed 08:00 +- +https:/m);

    const slept = await runEnv(r.root, ["sleep", "dev/dev1", "--as", ANA, "--commit"]);
    assert.equal(slept.code, 0, slept.err);
    assert.equal(read(r, DEV1), committed, "back to the file as it was, byte for byte");
    assert.equal(
      lastCommit(r, "%ae|%s"),
      `${ANA}|sleep dev/dev1 by ${ANA}: sleep schedule resumed (was paused until 2026-12-01)`,
    );
    assert.match(slept.out, /it sleeps at its next sleep time \(Mon-Fri: wakes 08:00, sleeps 20:00/);
  });

  it("wake --until takes a day up to 14 days ahead, and keeps the rest of the sleep key", async () => {
    const r = repo({
      [DEV1]: `${readFileSync(join(ROOT, DEV1), "utf8")}sleep:\n  schedule:\n    weekdays: "1-5"\n    sleepAt: "19:00"\n    wakeUpAt: "09:00"\n`,
    });
    const run = await runEnv(r.root, ["wake", "dev/dev1", "--until", "2026-12-15", "--as", MINA]);
    assert.equal(run.code, 0, run.err);
    assert.match(
      read(r, DEV1),
      /\nsleep:\n {2}schedule:\n {4}weekdays: "1-5"\n {4}sleepAt: "19:00"\n {4}wakeUpAt: "09:00"\n {2}pausedUntil: "2026-12-15"\n$/,
    );
    const json = JSON.parse((await runEnv(r.root, ["list", "dev", "--json"])).out) as {
      environments: Array<{ name: string; sleep: unknown }>;
    };
    assert.deepEqual(json.environments.find((e) => e.name === "dev1")!.sleep, {
      mode: "awake",
      schedule: "Mon-Fri: wakes 09:00, sleeps 19:00 (Europe/Berlin)",
      awakeUntil: "2026-12-15",
    });
  });

  const refused: Array<{ argv: string[]; expect: RegExp }> = [
    {
      argv: ["wake", "dev/dev1", "--until", "2026-12-16"],
      expect:
        /^ {2}--until: 2026-12-16 is more than 14 days ahead; latest allowed today: 2026-12-15 \(an environment that must stay on longer says sleep\.schedule: alwaysOn with a sleep\.reason\)$/m,
    },
    {
      argv: ["wake", "dev/dev1", "--until", "2026-11-30"],
      expect:
        /^ {2}--until: 2026-11-30 has passed; give today \(2026-12-01\) or a later day, up to 2026-12-15$/m,
    },
    {
      argv: ["wake", "dev/dev1", "--until", "friday"],
      expect: /^ {2}--until: "friday" is not a date written YYYY-MM-DD$/m,
    },
    {
      argv: ["wake", "stage/stage"],
      expect:
        /^ {2}stage\/stage: stage\/stage is always on \(sleep\.schedule: alwaysOn\): it never sleeps, so there is nothing to wake$/m,
    },
    {
      argv: ["sleep", "dev/dev1"],
      expect:
        /^ {2}dev\/dev1: dev\/dev1 is not paused: it already sleeps on its schedule \(Mon-Fri: wakes 08:00, sleeps 20:00 \(Europe\/Berlin\)\)$/m,
    },
    {
      argv: ["wake", "dev/nope"],
      expect: /^ {2}dev\/nope: dev\/nope does not exist; environments: dev1, dev2, login-dev$/m,
    },
  ];
  let r: TestRepo;
  before(() => {
    r = repo();
  });
  for (const c of refused) {
    it(`exits 2 for \`${c.argv.join(" ")}\`, naming the argument, with nothing changed`, async () => {
      const before = r.treeHash();
      const run = await runEnv(r.root, [...c.argv, "--as", MINA]);
      assert.equal(run.code, 2, run.out);
      assert.match(run.err, /: refused, nothing was changed:\n/);
      assert.match(run.err, c.expect);
      assert.equal(run.out, "");
      assert.equal(r.treeHash(), before);
    });
  }
});

describe("npm run env -- create against the game pool's capacity", () => {
  it("refuses an environment the game pool cannot hold at full scale, with the numbers and the setting to raise", async () => {
    const r = repo();
    const before = r.treeHash();
    const settings = await testSettings(ROOT, "dev");
    // dev1, dev2 and login-dev at full scale: 3 x 2 CPU and 3 x 5376Mi; the pool holds exactly that.
    const err: string[] = [];
    const code = await runCli(
      ["create", "dev/one-more", "--team", "server", "--purpose", "p", "--version", "1.0.0", "--as", MINA],
      {
        root: r.root,
        out: () => {},
        err: (t) => err.push(t),
        env: {},
        today: TODAY,
        settings: () => Promise.resolve({ ...settings, gamePoolCapacity: { cpu: "6", memory: "16128Mi" } }),
      },
    );
    assert.equal(code, 2);
    assert.match(
      err.join("\n"),
      /^ {2}registry: environments\/dev: the 4 environments request 8 CPU at full scale, more than the 6 CPU the game pool offers them \(gamePoolCapacity\.cpu\): 2 CPU short\. .* Raise nodePools\.game\.limits\.cpu in Pulumi\.dev\.yaml/m,
    );
    assert.equal(r.treeHash(), before);
    assert.equal(existsSync(join(r.root, "environments/dev/one-more.yaml")), false);
  });
});
