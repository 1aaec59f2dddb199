/**
 * The launcher's page in a real browser: Debian's Chromium driven by playwright-core, against the
 * server on a random loopback port over a temporary clone whose origin is a bare repository. What
 * a person does (fill the form by its labels, confirm, read the list) and what lands in Git are
 * both checked. The live status comes from the real status rules over a fake cluster that "sync"
 * (a test step) brings up to the registry.
 *
 * LAUNCHER_WEB_SCREENSHOTS=<dir> saves screenshots of the list, the create form with errors and
 * the history page there.
 */
import assert from "node:assert/strict";
import { existsSync, mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { serve } from "@hono/node-server";
import { chromium, type Browser, type Locator, type Page } from "playwright-core";
import { namespaceMetadata } from "../lib/environment/metadata";
import { LocalIdentity } from "../launcher/identity";
import { createLauncher } from "../launcher/server/app";
import { KubernetesStatusSource, type ClusterObservation } from "../launcher/status-kubernetes";
import { RegistryWorkspace } from "../launcher/workspace";
import type { EnvironmentConfig } from "../stacks/config";
import { resolveRegistry } from "../stacks/resolve-registry";
import { gamePoolTestPrices } from "./support/cost-table";
import { makeLauncherRepo, TEST_TODAY, type LauncherRepo } from "./support/launcher-repo";

/**
 * Debian's Chromium (.ci/run installs it); CHROMIUM_PATH names another Chromium-based browser, as
 * on GitHub's runners, which ship Google Chrome (pull-request.yml).
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/** Flags for Chromium on these machines: no sandbox as root, no GPU, no background traffic. */
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const ACTOR = "ana.silva@studio.example";

/** A cluster that has whatever "sync" last applied. */
class FakeCluster {
  applied = new Map<string, EnvironmentConfig>();
  observe(): Promise<ClusterObservation> {
    return Promise.resolve({
      namespaces: [...this.applied.values()].map((env) => ({
        name: env.name,
        environment: env.name,
        annotations: namespaceMetadata(env).annotations,
      })),
      workloads: [],
    });
  }
  /** `npm run envs -- sync dev`, as far as the namespace's annotations go. */
  async sync(workspace: RegistryWorkspace): Promise<void> {
    const registry = resolveRegistry(workspace.source("dev"), {
      settings: await workspace.settings("dev"),
      today: TEST_TODAY,
    });
    this.applied = new Map(registry.environments.map((e) => [e.name, e]));
  }
}

describe("launcher web page in Chromium", () => {
  let repo: LauncherRepo;
  let workspace: RegistryWorkspace;
  let server: ReturnType<typeof serve>;
  let base: string;
  let browser: Browser;
  let page: Page;
  const cluster = new FakeCluster();
  /** What Chromium logged as errors (a CSP violation, a missing stylesheet, ...). */
  const browserErrors: string[] = [];
  const shots = process.env.LAUNCHER_WEB_SCREENSHOTS;

  const shoot = async (name: string) => {
    if (!shots) return;
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
  };
  const originFile = (path: string) => repo.originGit(["show", `main:${path}`]);
  const originHead = () => repo.originGit(["rev-parse", "main"]).trim();
  const row = (name: string) => page.locator(`tr[data-environment="${name}"]`);
  const cell = (name: string, column: number) => row(name).locator("th, td").nth(column);
  /** A locator's text as a person reads it (whitespace runs as one space). */
  const said = async (l: Locator) => (await l.innerText()).replace(/\s+/g, " ").trim();
  /** A cell's text as a person reads it (line breaks and runs of spaces as one space). */
  const cellText = async (name: string, column: number) =>
    (await cell(name, column).innerText()).replace(/\s+/g, " ").trim();

  before(async () => {
    assert.ok(
      existsSync(CHROMIUM),
      `${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does), or set CHROMIUM_PATH`,
    );
    repo = makeLauncherRepo({ prices: JSON.stringify(gamePoolTestPrices()) });
    workspace = new RegistryWorkspace(repo.clone);
    await cluster.sync(workspace);
    const launcher = createLauncher({
      workspace,
      tiers: ["dev", "qa", "stage"],
      identity: new LocalIdentity(ACTOR),
      status: new KubernetesStatusSource(cluster, { ttlMs: 0 }),
      today: () => TEST_TODAY,
      // Tuesday 13:00 in Berlin: inside dev's office hours.
      sleepClock: () => new Date(`${TEST_TODAY}T12:00:00Z`),
    });
    server = await new Promise((done) => {
      const s = serve({ fetch: launcher.app.fetch, port: 0, hostname: "127.0.0.1" }, () => done(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // playwright-core starts Chromium with a fresh temporary user-data-dir of its own.
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(10_000);
    page.on("console", (message) => {
      if (message.type() === "error") browserErrors.push(message.text());
    });
    page.on("pageerror", (error) => browserErrors.push(error.message));
    page.on("response", (response) => {
      if (response.status() >= 400)
        browserErrors.push(`${response.status()} ${new URL(response.url()).pathname}`);
    });
  });

  after(async () => {
    await browser?.close();
    await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
    repo?.remove();
  });

  it("lists the tier's environments: owner, team, purpose, versions, dates, status and links", async () => {
    await page.goto(`${base}/`);
    assert.equal(new URL(page.url()).pathname, "/tiers/dev");
    assert.equal(await page.getByRole("heading", { level: 1 }).textContent(), "dev environments");
    assert.equal(
      await page
        .getByRole("navigation", { name: "Tiers" })
        .getByRole("link", { name: "dev" })
        .getAttribute("aria-current"),
      "page",
    );
    const headers = await page.locator("table.envs thead th").allTextContents();
    assert.deepEqual(headers, [
      "Name",
      "Owner",
      "Team",
      "Purpose",
      "Version",
      "Data versions",
      "Created",
      "Expires",
      "Lifetime",
      "Live",
      "Sleep",
      "Cost / month",
      "Links",
      "Actions",
    ]);
    // Expiring first, then by last day.
    assert.deepEqual(
      await page
        .locator("table.envs tbody tr")
        .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-environment"))),
      ["dev2", "dev1"],
    );
    assert.equal(await cellText("dev2", 1), "jonas.berg@studio.example");
    assert.equal(await cellText("dev2", 2), "balance");
    assert.equal(
      await cellText("dev2", 3),
      "Balance data for the <winter> event & friends",
      "escaped, shown as written",
    );
    assert.equal(await cellText("dev2", 4), "1.42.0");
    assert.equal(await cellText("dev2", 5), "game data gd-2026.12.0-winter resources res-2026.11.1");
    assert.equal(await cellText("dev2", 6), "2026-11-02");
    assert.equal(await cellText("dev2", 7), "2026-12-03 2 days left");
    assert.equal(await cellText("dev2", 8), "expiring");
    assert.equal(await cellText("dev1", 7), "2026-12-20 19 days left");
    assert.equal(await cellText("dev1", 9), "applied");
    assert.equal(
      await cellText("dev1", 10),
      "awake until Tue 20:00 Mon-Fri: wakes 08:00, sleeps 20:00 (Europe/Berlin)",
    );
    // Each environment's monthly cost, always on and on dev's schedule (Mon-Fri 08:00-20:00), from
    // the test prices: test/launcher-cli.test.ts works the $50.55 and $18.70 out by hand.
    assert.equal(await cellText("dev1", 11), "$50.55 24/7 $18.70 scheduled");
    assert.equal(await cellText("dev2", 11), "$50.55 24/7 $18.70 scheduled");
    assert.equal(
      await cell("dev1", 11).locator("span[title]").nth(1).getAttribute("title"),
      "Mon-Fri 08:00-20:00 Europe/Berlin",
    );
    const links = row("dev1").locator("td.links").first().getByRole("link");
    assert.deepEqual(await links.allTextContents(), ["Game", "Backoffice", "Logs"]);
    assert.deepEqual(await links.evaluateAll((as) => as.map((a) => a.getAttribute("href"))), [
      "https://game-dev1.dev.game.example.com",
      "https://backoffice-dev1.dev.game.example.com",
      "https://logs.dev.game.example.com",
    ]);
    await shoot("list");
  });

  it("creates an environment through the form: a commit on origin by the requester, a new row", async () => {
    await page.goto(`${base}/tiers/dev`);
    await page.getByRole("link", { name: "Create an environment" }).click();
    assert.equal(
      await page.getByLabel("Owner", { exact: true }).inputValue(),
      ACTOR,
      "the signed-in user is the default owner",
    );
    await page.getByLabel("Name", { exact: true }).fill("login-dev");
    await page.getByLabel("Team", { exact: true }).selectOption("server");
    await page.getByLabel("Purpose", { exact: true }).fill("New login flow; breaks old clients");
    await page.getByLabel("Version", { exact: true }).fill("1.43.0-login.4");
    assert.equal(await page.getByLabel("Clock offset").isVisible(), false, "optional fields start collapsed");
    await page.getByText("More settings").click();
    await page.getByLabel("Clock offset").fill("+72h");
    await page.getByRole("button", { name: "Create environment" }).click();
    await page.waitForURL(/\/tiers\/dev\?change=/);
    const banner = page.getByRole("status");
    assert.match(await said(banner), /Done: create dev\/login-dev/);
    assert.match(
      await said(banner),
      /pushed to main\. npm run envs -- sync dev \(run by CI on every push to main\) applies it/,
    );
    assert.equal(await cellText("login-dev", 1), ACTOR);
    assert.equal(await cellText("login-dev", 9), "missing", "no namespace until sync");

    const log = repo.originGit(["log", "-1", "--format=%an|%ae|%cn|%s", "main"]).trim();
    assert.equal(
      log,
      `ana.silva|${ACTOR}|game-infra launcher|create dev/login-dev for ${ACTOR}: New login flow; breaks old clients`,
    );
    assert.equal(
      originFile("environments/dev/login-dev.yaml"),
      [
        `owner: ${ACTOR}`,
        "team: server",
        "purpose: New login flow; breaks old clients",
        'version: "1.43.0-login.4"',
        'gameDataVersion: "gd-2026.11.3"',
        'resourceVersion: "res-2026.11.1"',
        "redisDb: 3",
        'created: "2026-12-01"',
        'expires: "2026-12-15"',
        'clockOffset: "+72h"',
        "",
      ].join("\n"),
    );
    await cluster.sync(workspace);
    await page.reload();
    assert.equal(await cellText("login-dev", 9), "applied");
  });

  it("shows a bad form's problems next to each field, keeps the values, and changes nothing", async () => {
    const tree = () =>
      `${repo.git(["rev-parse", "HEAD^{tree}"]).trim()} ${repo.git(["status", "--porcelain"])}`;
    const before = { origin: originHead(), clone: tree() };
    await page.goto(`${base}/tiers/dev/new`);
    await page.getByLabel("Name", { exact: true }).fill("Login_Dev");
    await page.getByLabel("Owner", { exact: true }).fill("not-an-email");
    await page.getByLabel("Team", { exact: true }).selectOption("server");
    await page.getByLabel("Purpose", { exact: true }).fill("x");
    await page.getByLabel("Version", { exact: true }).fill("latest");
    await page.getByText("More settings").click();
    await page.getByLabel("Clock offset").fill("soon");
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST"),
      page.getByRole("button", { name: "Create environment" }).click(),
    ]);
    assert.equal(response.status(), 422);
    await page.waitForLoadState();
    const error = (field: string) => page.locator(`#f-${field}-error`).textContent();
    assert.match((await error("name")) ?? "", /"Login_Dev" is not a DNS-1123 label/);
    assert.equal(await error("owner"), "must be an e-mail address");
    assert.match((await error("version")) ?? "", /"latest" is not a pinned version/);
    assert.match((await error("clockOffset")) ?? "", /must be a signed duration such as \+72h/);
    assert.equal(await page.locator(".error").count(), 4, "no other field is marked");
    assert.equal(await page.getByLabel("Name", { exact: true }).getAttribute("aria-invalid"), "true");
    assert.equal(
      await page.getByLabel("Name", { exact: true }).getAttribute("aria-describedby"),
      "f-name-hint f-name-error",
    );
    assert.equal(await page.getByLabel("Name", { exact: true }).inputValue(), "Login_Dev", "values are kept");
    assert.equal(
      await page.getByLabel("Clock offset").isVisible(),
      true,
      "More settings opens on its errors",
    );
    assert.match(await said(page.getByRole("alert")), /4 problems; nothing was changed/);
    assert.deepEqual({ origin: originHead(), clone: tree() }, before, "no commit, no file written");
    await shoot("create-errors");
  });

  it("updates with a confirmation step; the list says pending until sync applies it", async () => {
    await page.goto(`${base}/tiers/dev/environments/dev1`);
    const form = page.locator("form[action$='/update']");
    await form.getByLabel("Version", { exact: true }).fill("1.43.0");
    await form.getByLabel("gameserver", { exact: true }).fill("2-4");
    await shoot("environment");
    await form.getByRole("button", { name: "Review update…" }).click();
    assert.equal(await page.getByRole("heading", { level: 1 }).textContent(), "Update dev/dev1?");
    assert.match(
      await said(page.locator(".confirm")),
      /ana\.silva@studio\.example updated dev\/dev1: version 1\.42\.0 -> 1\.43\.0, replicas \(default\) -> \{"gameserver":\{"min":2,"max":4\}\}/,
    );
    await shoot("confirm-update");
    const before = originHead();
    assert.equal(originHead(), before, "nothing committed before the confirmation");
    await page.getByRole("button", { name: "Yes, update dev1" }).click();
    await page.waitForURL(/\?change=/);
    assert.notEqual(originHead(), before);
    const file = originFile("environments/dev/dev1.yaml");
    assert.match(file, /^version: "1\.43\.0"$/m);
    assert.match(file, /^replicas:\n {2}gameserver:\n {4}min: 2\n {4}max: 4$/m);
    assert.equal(await cellText("dev1", 4), "1.43.0");
    assert.equal(await cellText("dev1", 9), "pending");
    await shoot("list-pending");
    await cluster.sync(workspace);
    await page.reload();
    assert.equal(await cellText("dev1", 9), "applied");
  });

  it("extends with a confirmation step", async () => {
    await page.goto(`${base}/tiers/dev/environments/dev2`);
    const form = page.locator("form[action$='/extend']");
    await form.getByLabel("Or: days from today", { exact: true }).fill("20");
    await form.getByRole("button", { name: "Review extension…" }).click();
    assert.match(
      await said(page.locator(".confirm")),
      /extended dev\/dev2 to 2026-12-21 \(20 days from today\)/,
    );
    await page.getByRole("button", { name: "Yes, extend dev2" }).click();
    await page.waitForURL(/\?change=/);
    assert.match(originFile("environments/dev/dev2.yaml"), /^expires: "2026-12-21"$/m);
    assert.equal(await cellText("dev2", 7), "2026-12-21 20 days left");
  });

  it("wakes with a confirmation step; the list says until when", async () => {
    await page.goto(`${base}/tiers/dev/environments/dev2`);
    const form = page.locator("form[action$='/wake']");
    await form.getByLabel("Awake until", { exact: true }).fill("2026-12-02");
    await form.getByRole("button", { name: "Review wake…" }).click();
    assert.match(await said(page.locator(".confirm")), /woke dev\/dev2: awake until the end of 2026-12-02/);
    await page.getByRole("button", { name: "Yes, wake dev2" }).click();
    await page.waitForURL(/\?change=/);
    assert.match(originFile("environments/dev/dev2.yaml"), /^sleep:\n {2}pausedUntil: "2026-12-02"$/m);
    assert.equal(
      await cellText("dev2", 10),
      "awake until 2026-12-02 (woken) Mon-Fri: wakes 08:00, sleeps 20:00 (Europe/Berlin)",
    );
  });

  it("deletes with a confirmation step (Cancel keeps it)", async () => {
    await page.goto(`${base}/tiers/dev/environments/dev2`);
    await page.getByRole("button", { name: "Delete dev2…" }).click();
    assert.equal(await page.getByRole("heading", { level: 1 }).textContent(), "Delete dev/dev2?");
    const before = originHead();
    await page.getByRole("link", { name: "Cancel" }).click();
    assert.equal(new URL(page.url()).pathname, "/tiers/dev/environments/dev2");
    assert.equal(originHead(), before);
    await page.getByRole("button", { name: "Delete dev2…" }).click();
    await page.getByRole("button", { name: "Yes, delete dev2" }).click();
    await page.waitForURL(/\?change=/);
    assert.equal(await row("dev2").count(), 0);
    assert.match(await said(page.getByRole("status")), /deleted dev\/dev2; Redis DB 2 is retired/);
    assert.throws(
      () => originFile("environments/dev/dev2.yaml"),
      /does not exist|exists on disk, but not in/,
    );
    assert.match(
      originFile("environments/dev/retired-redis-dbs.yaml"),
      /db: 2\n {2}environment: dev2\n {2}retired: "2026-12-01"/,
    );
  });

  it("shows an environment's history, newest first, with who, what and a compare link", async () => {
    await page.goto(`${base}/tiers/dev`);
    await row("dev1").getByRole("link", { name: "History" }).click();
    assert.equal(await page.getByRole("heading", { level: 1 }).textContent(), "History of dev/dev1");
    const rows = page.locator("table.history tbody tr");
    assert.equal(await rows.count(), 2);
    const newest = (await rows.nth(0).locator("td").allInnerTexts()).map((t) =>
      t.replace(/\s+/g, " ").trim(),
    );
    assert.match(newest[1]!, /^ana\.silva <ana\.silva@studio\.example>$/);
    assert.match(newest[2]!, /^update dev\/dev1 by ana\.silva@studio\.example: version 1\.42\.0 -> 1\.43\.0/);
    assert.equal(
      await rows.nth(0).getByRole("link", { name: "compare" }).getAttribute("href"),
      "https://github.com/studio/game-server/compare/1.42.0...1.43.0",
    );
    const oldest = await rows.nth(1).locator("td").allInnerTexts();
    assert.deepEqual(oldest.map((t) => t.replace(/\s+/g, " ").trim()).slice(1, 4), [
      "fixture <fixture@studio.example>",
      "registry fixture",
      "1.42.0",
    ]);
    await page.goto(`${base}/tiers/dev/environments/dev2/history`);
    assert.match(await said(page.locator("main")), /dev2 no longer exists; its history stays/);
    await page.goto(`${base}/tiers/dev/environments/dev1/history`);
    await shoot("history");
  });

  it("made the browser log no errors: no CSP violation, no missing resource", () => {
    // The bad form's 422 is the one error response the browser reports, and it is expected.
    assert.deepEqual(
      browserErrors.filter((e) => !/status of 422/.test(e) && e !== "422 /tiers/dev/environments"),
      [],
    );
  });
});
