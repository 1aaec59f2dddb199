/**
 * The launcher's HTML: server-rendered with Hono's `html` tagged template, which escapes every
 * interpolated value (text and attributes alike); only fragments built by these same templates are
 * inserted unescaped. No script: forms post, confirmations are pages of their own, and "More
 * settings" is a `<details>` element, so everything works without JavaScript.
 */
import { html } from "hono/html";
import { ENVIRONMENT_INDEX_PATTERN_TEMPLATE } from "../../lib/logging/index-naming";
import type { FieldIssue } from "../operations";
import type { EnvironmentRow, LiveStatus, LifetimeStatus } from "../views";
import type { HistoryEntry } from "./history-source";

/** What a template returns. */
export type Html = ReturnType<typeof html>;

/** What every page's frame shows. */
export interface PageFrame {
  readonly title: string;
  readonly tiers: readonly string[];
  readonly tier?: string;
  /** The signed-in user, or why there is none. */
  readonly actor?: string;
  readonly anonymousReason?: string;
}

/** The page frame: header with the user, tier tabs, main. */
export function layout(frame: PageFrame, body: Html): Html {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${frame.title} · Environment launcher</title>
        <link rel="stylesheet" href="/static/launcher.css" />
      </head>
      <body>
        <header class="top">
          <p class="brand"><a href="/">Environment launcher</a></p>
          <p class="who">
            ${
              frame.actor
                ? html`Signed in as <strong>${frame.actor}</strong>`
                : html`<span class="warn">Not signed in: read-only</span
                    >${frame.anonymousReason ? html` <span class="hint">(${frame.anonymousReason})</span>` : ""}`
            }
          </p>
        </header>
        <nav class="tabs" aria-label="Tiers">
          <ul>
            ${frame.tiers.map(
              (t) =>
                html`<li>
                  <a href="/tiers/${t}" ${t === frame.tier ? html` aria-current="page"` : ""}>${t}</a>
                </li>`,
            )}
          </ul>
        </nav>
        <main>${body}</main>
      </body>
    </html>`;
}

/** The page shown after a change (`?change=`): what was committed and published, and what applies it. */
export interface Banner {
  readonly summary: string;
  readonly commit: string;
  readonly outcome: "main" | "branch" | "local";
  readonly branch?: string;
  readonly tier: string;
  readonly operation: string;
  readonly environment: string;
  readonly root: string;
  readonly notifyError?: string;
}

function bannerView(b: Banner): Html {
  const short = b.commit.slice(0, 10);
  const next =
    b.operation === "create"
      ? html`The Live column says <strong>missing</strong> until sync creates it, then
          <strong>applied</strong>.`
      : b.operation === "delete"
        ? html`Sync removes its stack; until then its namespace keeps running.`
        : html`The Live column says <strong>pending</strong> until the cluster has it.`;
  const where =
    b.outcome === "main"
      ? html`<p>
          Committed <code>${short}</code> and pushed to <code>main</code>.
          <code>npm run envs -- sync ${b.tier}</code> (run by CI on every push to main) applies it. ${next}
        </p>`
      : b.outcome === "branch"
        ? html`<p>
            Committed <code>${short}</code> and pushed the branch <code>${b.branch ?? ""}</code>: ${b.tier}
            changes are reviewed, so open a pull request from it. After the merge,
            <code>npm run envs -- sync ${b.tier}</code> applies it.
          </p>`
        : html`<p>
            Committed <code>${short}</code> in <code>${b.root}</code> only: this clone has no remote
            <code>origin</code>, so nothing was published and no sync will apply it.
          </p>`;
  return html`<section class="banner" role="status" aria-labelledby="banner-title">
    <h2 id="banner-title">Done: ${b.operation} ${b.tier}/${b.environment}</h2>
    <p>${b.summary}</p>
    ${where}${b.notifyError ? html`<p class="warn">The notification failed: ${b.notifyError}</p>` : ""}
  </section>`;
}

/** What the live status means, for the legend and titles. */
export const LIVE_MEANING: Readonly<Record<LiveStatus, string>> = {
  applied: "the cluster runs what the registry says",
  pending: "the registry changed; sync has not applied it yet",
  missing: "no namespace yet: sync has not created it",
  sleeping: "scaled to zero by its sleep schedule",
  unknown: "no cluster to ask (local use)",
};

const LIFETIME_TEXT: Readonly<Record<LifetimeStatus, string>> = {
  expired: "expired",
  expiring: "expiring",
  active: "active",
  permanent: "permanent",
};

function expiresView(row: EnvironmentRow): Html {
  if (row.expires === undefined) return html`never`;
  const days = row.daysLeft ?? 0;
  const left =
    days < 0
      ? `expired ${-days} day${days === -1 ? "" : "s"} ago`
      : days === 0
        ? "last day today"
        : `${days} day${days === 1 ? "" : "s"} left`;
  return html`<time datetime="${row.expires}">${row.expires}</time><br /><span class="hint">${left}</span>`;
}

/**
 * An environment's monthly cost estimate: always on, then on its sleep schedule (the schedule and
 * the prices' date on hover); a dash when the tier could not be priced.
 */
function costView(row: EnvironmentRow): Html | string {
  const cost = row.cost;
  if (!cost) return "–";
  const title = `estimate from prices taken ${cost.pricesTaken}; npm run cost explains it`;
  if (cost.schedule === "always on")
    return html`<span title="${title}">${cost.alwaysOn}</span><br /><span class="hint">always on</span>`;
  return html`<span title="${title}">${cost.alwaysOn}</span> <span class="hint">24/7</span><br /><span
      title="${cost.schedule}"
      >${cost.scheduled}</span
    >
    <span class="hint">scheduled</span>`;
}

/** The tier's list. */
export function listPage(input: {
  readonly tier: string;
  readonly rows: readonly EnvironmentRow[];
  readonly registryError?: string;
  readonly banner?: Banner;
  readonly statusSource: string;
  readonly statusError?: string;
  readonly canWrite: boolean;
}): Html {
  const { tier, rows } = input;
  return html`<h1>${tier} environments</h1>
    ${input.banner ? bannerView(input.banner) : ""}
    ${
      input.registryError
        ? html`<section class="problems" role="alert">
            <h2>The ${tier} registry has problems</h2>
            <pre>${input.registryError}</pre>
            <p>Fix them in the repository first; until then no change can be made here.</p>
          </section>`
        : ""
    }
    <p class="actions"><a class="button" href="/tiers/${tier}/new">Create an environment</a></p>
    ${input.statusError ? html`<p class="warn" role="alert">Live status unavailable: ${input.statusError}</p>` : ""}
    <table class="envs">
      <caption>
        ${rows.length} environment${rows.length === 1 ? "" : "s"} on ${tier}; live status from
        ${input.statusSource === "none" ? "no cluster (local use)" : `the ${input.statusSource} API`}
      </caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Owner</th>
          <th scope="col">Team</th>
          <th scope="col">Purpose</th>
          <th scope="col">Version</th>
          <th scope="col">Data versions</th>
          <th scope="col">Created</th>
          <th scope="col">Expires</th>
          <th scope="col">Lifetime</th>
          <th scope="col">Live</th>
          <th scope="col">Sleep</th>
          <th scope="col">Cost / month</th>
          <th scope="col">Links</th>
          <th scope="col">Actions</th>
        </tr>
      </thead>
      <tbody>
        ${rows.map(
          (r) =>
            html`<tr id="env-${r.name}" data-environment="${r.name}">
              <th scope="row"><a href="/tiers/${tier}/environments/${r.name}">${r.name}</a></th>
              <td>${r.owner}</td>
              <td>${r.team}</td>
              <td>${r.purpose}</td>
              <td><code>${r.version}</code></td>
              <td>
                <span class="hint">game data</span> <code>${r.gameDataVersion}</code><br /><span class="hint"
                  >resources</span
                >
                <code>${r.resourceVersion}</code>
              </td>
              <td><time datetime="${r.created}">${r.created}</time></td>
              <td>${expiresView(r)}</td>
              <td><span class="lifetime lifetime-${r.lifetime}">${LIFETIME_TEXT[r.lifetime]}</span></td>
              <td><span class="live live-${r.live}" title="${LIVE_MEANING[r.live]}">${r.live}</span></td>
              <td class="sleep">${sleepView(r)}</td>
              <td class="cost">${costView(r)}</td>
              <td class="links">
                <a href="${r.urls.game}">Game</a> <a href="${r.urls.backoffice}">Backoffice</a>
                <a href="${r.logs.url}" title="index pattern ${r.logs.indexPattern}">Logs</a>
              </td>
              <td class="links">
                ${
                  input.canWrite
                    ? html`<a href="/tiers/${tier}/environments/${r.name}#update">Update</a>
                        <a href="/tiers/${tier}/environments/${r.name}#extend">Extend</a>
                        <a href="/tiers/${tier}/environments/${r.name}#delete">Delete</a>
                        ${r.sleep.mode === "alwaysOn" ? "" : html`<a href="/tiers/${tier}/environments/${r.name}#sleep">${r.sleep.mode === "awake" ? "Sleep" : "Wake"}</a>`} `
                    : ""
                }<a href="/tiers/${tier}/environments/${r.name}/history">History</a>
              </td>
            </tr>`,
        )}
      </tbody>
    </table>
    <section class="legend" aria-labelledby="legend-title">
      <h2 id="legend-title">Live status</h2>
      <dl>
        ${(Object.keys(LIVE_MEANING) as LiveStatus[]).map(
          (s) =>
            html`<dt><span class="live live-${s}">${s}</span></dt>
              <dd>${LIVE_MEANING[s]}</dd>`,
        )}
      </dl>
      <p class="hint">
        Logs open the tier's OpenSearch Dashboards; each environment's logs are in the index pattern shown on
        hover (<code>${ENVIRONMENT_INDEX_PATTERN_TEMPLATE}</code>).
      </p>
    </section>`;
}

/** One form field: label, control, hint and the operation's problems with it. */
interface FieldSpec {
  readonly name: string;
  readonly label: string;
  readonly value: string;
  readonly issues: readonly string[];
  readonly hint?: string;
  readonly type?: "text" | "email" | "date" | "number";
  readonly required?: boolean;
  readonly placeholder?: string;
  readonly options?: readonly { value: string; label: string }[];
  readonly prefix?: string;
  /** A problem shown elsewhere (a fieldset's) that concerns this control too: its element id. */
  readonly groupError?: string;
  /** Say "(optional)" after the label of a field that is not required. @default true */
  readonly markOptional?: boolean;
}

function field(f: FieldSpec): Html {
  const id = `${f.prefix ?? "f"}-${f.name.replace(/\./g, "-")}`;
  const describedBy = [f.hint ? `${id}-hint` : "", f.issues.length ? `${id}-error` : "", f.groupError ?? ""]
    .filter(Boolean)
    .join(" ");
  const invalid = f.issues.length > 0;
  const control = f.options
    ? html`<select
        id="${id}"
        name="${f.name}"
        ${describedBy ? html` aria-describedby="${describedBy}"` : ""}${invalid ? html` aria-invalid="true"` : ""}
      >
        ${f.options.map(
          (o) =>
            html`<option value="${o.value}" ${o.value === f.value ? html` selected` : ""}>
              ${o.label}
            </option>`,
        )}
      </select>`
    : html`<input
        id="${id}"
        name="${f.name}"
        type="${f.type ?? "text"}"
        value="${f.value}"
        ${f.required ? html` required` : ""}${f.placeholder ? html` placeholder="${f.placeholder}"` : ""}${describedBy ? html` aria-describedby="${describedBy}"` : ""}${invalid ? html` aria-invalid="true"` : ""}
      />`;
  return html`<div class="field${invalid ? " invalid" : ""}">
    <label for="${id}"
      >${f.label}${f.required || f.markOptional === false ? "" : html` <span class="hint">(optional)</span>`}</label
    >
    ${control} ${invalid ? html`<p class="error" id="${id}-error">${f.issues.join("; ")}</p>` : ""}
    ${f.hint ? html`<p class="hint" id="${id}-hint">${f.hint}</p>` : ""}
  </div>`;
}

/** The issues of `fields`, and the rest (shown at the top). */
function splitIssues(
  issues: readonly FieldIssue[],
  fields: readonly string[],
): { byField: (name: string) => string[]; others: FieldIssue[] } {
  return {
    byField: (name) => issues.filter((i) => i.field === name).map((i) => i.message),
    others: issues.filter((i) => !fields.includes(i.field)),
  };
}

function problemSummary(
  issues: readonly FieldIssue[],
  others: readonly FieldIssue[],
  idPrefix: string,
): Html {
  if (issues.length === 0) return html``;
  return html`<section class="problems" role="alert" aria-labelledby="${idPrefix}-problems">
    <h2 id="${idPrefix}-problems">
      ${issues.length === 1 ? "1 problem" : `${issues.length} problems`}; nothing was changed
    </h2>
    ${
      others.length
        ? html`<ul>
            ${others.map((i) => html`<li><strong>${i.field}</strong>: ${i.message}</li>`)}
          </ul>`
        : html`<p>See the messages next to the fields below.</p>`
    }
  </section>`;
}

function csrfField(token: string): Html {
  return html`<input type="hidden" name="_csrf" value="${token}" />`;
}

/** The create form's fields. */
export const CREATE_FIELDS = [
  "name",
  "owner",
  "team",
  "purpose",
  "version",
  "gameDataVersion",
  "resourceVersion",
  "expires",
  "clockOffset",
  "deployment",
] as const;

/** The create form. */
export function createPage(input: {
  readonly tier: string;
  readonly values: Readonly<Record<string, string>>;
  readonly issues: readonly FieldIssue[];
  readonly teams: readonly string[];
  readonly defaults: {
    gameDataVersion?: string;
    resourceVersion?: string;
    expires?: string;
    deployment: string;
  };
  readonly lifetime?: { defaultDays: number; maxDays: number };
  readonly csrf: string;
}): Html {
  const { tier, values, issues } = input;
  const { byField, others } = splitIssues(issues, [...CREATE_FIELDS]);
  const v = (k: string) => values[k] ?? "";
  const moreOpen = ["gameDataVersion", "resourceVersion", "expires", "clockOffset", "deployment"].some(
    (k) => v(k) !== "" || byField(k).length > 0,
  );
  return html`<h1>Create a ${tier} environment</h1>
${problemSummary(issues, others, "create")}
<form method="post" action="/tiers/${tier}/environments" class="form" novalidate>
${csrfField(input.csrf)}
${field({ name: "name", label: "Name", value: v("name"), issues: byField("name"), required: true, hint: "Lower-case letters, digits and '-'; it becomes the namespace and the host names (game-<name>...)." })}
${field({ name: "owner", label: "Owner", type: "email", value: v("owner"), issues: byField("owner"), required: true, hint: "Who it is for (an e-mail address); you, unless you launch it for someone else." })}
${field({ name: "team", label: "Team", value: v("team"), issues: byField("team"), required: true, options: [{ value: "", label: "Choose a team" }, ...input.teams.map((t) => ({ value: t, label: t }))], hint: "Its Kubernetes group may edit the namespace." })}
${field({ name: "purpose", label: "Purpose", value: v("purpose"), issues: byField("purpose"), required: true, hint: "What it is for, in a sentence people will read in the list." })}
${field({ name: "version", label: "Version", value: v("version"), issues: byField("version"), required: true, placeholder: "1.42.0", hint: "The server image tag." })}
<details${moreOpen ? html` open` : ""}>
<summary>More settings</summary>
${field({ name: "gameDataVersion", label: "Game data version", value: v("gameDataVersion"), issues: byField("gameDataVersion"), placeholder: input.defaults.gameDataVersion ?? "", hint: input.defaults.gameDataVersion ? `Default: ${input.defaults.gameDataVersion}` : `No default on ${tier}: required.` })}
${field({ name: "resourceVersion", label: "Resource version", value: v("resourceVersion"), issues: byField("resourceVersion"), placeholder: input.defaults.resourceVersion ?? "", hint: input.defaults.resourceVersion ? `Default: ${input.defaults.resourceVersion}` : `No default on ${tier}: required.` })}
${field({ name: "expires", label: "Last day", type: "date", value: v("expires"), issues: byField("expires"), hint: input.lifetime ? `Default: ${input.defaults.expires} (${input.lifetime.defaultDays} days); at most ${input.lifetime.maxDays} days from today.` : "Default: never (permanent)." })}
${field({ name: "clockOffset", label: "Clock offset", value: v("clockOffset"), issues: byField("clockOffset"), placeholder: "0s", hint: "Moves the servers' clock, e.g. +72h to test an event early. Default: 0s." })}
${field({
  name: "deployment",
  label: "Release strategy",
  value: v("deployment"),
  issues: byField("deployment"),
  options: [
    { value: "", label: `Tier default (${input.defaults.deployment})` },
    { value: "rolling", label: "rolling" },
    { value: "blueGreen", label: "blueGreen" },
  ],
})}
</details>
<p class="actions"><button type="submit">Create environment</button> <a href="/tiers/${tier}">Cancel</a></p>
</form>`;
}

/** The update form's fields. */
export const UPDATE_FORM_FIELDS = [
  "version",
  "gameDataVersion",
  "resourceVersion",
  "clockOffset",
  "deployment",
  "replicas",
] as const;

/** The replica counts the update form offers (the scheduler and Couchbase always run one pod). */
export const REPLICA_SERVERS = ["gameserver", "league", "backoffice"] as const;

/** An environment's sleep: where its schedule has it now and until when, a wake's last day, or always on. */
function sleepView(r: EnvironmentRow): Html {
  const s = r.sleep;
  if (s.mode === "alwaysOn") {
    return html`<span class="sleep-state" title="${s.reason ?? ""}">always on</span>`;
  }
  const state =
    s.mode === "awake"
      ? html`<span class="sleep-state">awake until ${s.awakeUntil}</span> <span class="hint">(woken)</span>`
      : html`<span class="sleep-state">${s.now ?? "scheduled"}${s.next ? ` until ${s.next}` : ""}</span>`;
  return html`${state}<br /><span class="hint">${s.schedule}</span>`;
}

/** One environment: details, update, extend, delete. */
export function environmentPage(input: {
  readonly tier: string;
  readonly row: EnvironmentRow;
  readonly deployment: string;
  readonly update: Readonly<Record<string, string>>;
  readonly updateIssues: readonly FieldIssue[];
  readonly extend: Readonly<Record<string, string>>;
  readonly extendIssues: readonly FieldIssue[];
  readonly deleteIssues: readonly FieldIssue[];
  readonly wake: Readonly<Record<string, string>>;
  readonly wakeIssues: readonly FieldIssue[];
  readonly sleepIssues: readonly FieldIssue[];
  /** The latest day `wake` may keep it awake to. */
  readonly latestWake: string;
  readonly lifetime?: { defaultDays: number; maxDays: number };
  readonly csrf: string;
  readonly canWrite: boolean;
}): Html {
  const { tier, row: r } = input;
  const up = splitIssues(input.updateIssues, [...UPDATE_FORM_FIELDS]);
  const ex = splitIssues(input.extendIssues, ["expires", "days"]);
  const wk = splitIssues(input.wakeIssues, ["until"]);
  const u = (k: string) => input.update[k] ?? "";
  const base = `/tiers/${tier}/environments/${r.name}`;
  return html`<h1>${tier}/${r.name}</h1>
    <dl class="details">
      <dt>Owner</dt>
      <dd>${r.owner}</dd>
      <dt>Team</dt>
      <dd>${r.team}</dd>
      <dt>Purpose</dt>
      <dd>${r.purpose}</dd>
      <dt>Version</dt>
      <dd><code>${r.version}</code></dd>
      <dt>Game data version</dt>
      <dd><code>${r.gameDataVersion}</code></dd>
      <dt>Resource version</dt>
      <dd><code>${r.resourceVersion}</code></dd>
      <dt>Clock offset</dt>
      <dd><code>${r.clockOffset}</code></dd>
      <dt>Created</dt>
      <dd>${r.created}</dd>
      <dt>Expires</dt>
      <dd>${expiresView(r)}</dd>
      <dt>Live</dt>
      <dd>
        <span class="live live-${r.live}">${r.live}</span> <span class="hint">${LIVE_MEANING[r.live]}</span>
      </dd>
      <dt>Sleep</dt>
      <dd>${sleepView(r)}${r.sleep.reason ? html` <span class="hint">(${r.sleep.reason})</span>` : ""}</dd>
      <dt>Links</dt>
      <dd class="links">
        <a href="${r.urls.game}">Game</a> <a href="${r.urls.backoffice}">Backoffice</a>
        <a href="${r.logs.url}">Logs</a>
        <span class="hint">(index pattern <code>${r.logs.indexPattern}</code>)</span>
        <a href="${base}/history">History</a>
      </dd>
    </dl>
    ${
      input.canWrite
        ? html`<section aria-labelledby="update">
              <h2 id="update">Update</h2>
              ${problemSummary(input.updateIssues, up.others, "update")}
              <form method="post" action="${base}/update" class="form" novalidate>
                ${csrfField(input.csrf)}
                ${field({ prefix: "u", markOptional: false, name: "version", label: "Version", value: u("version"), issues: up.byField("version") })}
                ${field({ prefix: "u", markOptional: false, name: "gameDataVersion", label: "Game data version", value: u("gameDataVersion"), issues: up.byField("gameDataVersion") })}
                ${field({ prefix: "u", markOptional: false, name: "resourceVersion", label: "Resource version", value: u("resourceVersion"), issues: up.byField("resourceVersion") })}
                ${field({ prefix: "u", markOptional: false, name: "clockOffset", label: "Clock offset", value: u("clockOffset"), issues: up.byField("clockOffset"), hint: "e.g. +72h, -30m or 0s." })}
                ${field({
                  prefix: "u",
                  markOptional: false,
                  name: "deployment",
                  label: "Release strategy",
                  value: u("deployment"),
                  issues: up.byField("deployment"),
                  options: [
                    { value: "rolling", label: "rolling" },
                    { value: "blueGreen", label: "blueGreen" },
                  ],
                })}
                <fieldset class="${up.byField("replicas").length ? "invalid" : ""}">
                  <legend>
                    Replicas
                    <span class="hint"
                      >(empty: the tier's default; a count such as 2, or autoscaling bounds such as 2-8)</span
                    >
                  </legend>
                  ${REPLICA_SERVERS.map((s) =>
                    field({
                      prefix: "u",
                      markOptional: false,
                      name: `replicas.${s}`,
                      label: s,
                      value: u(`replicas.${s}`),
                      issues: [],
                      ...(up.byField("replicas").length ? { groupError: "u-replicas-error" } : {}),
                    }),
                  )}
                  ${up.byField("replicas").length ? html`<p class="error" id="u-replicas-error">${up.byField("replicas").join("; ")}</p>` : ""}
                </fieldset>
                <p class="actions"><button type="submit">Review update…</button></p>
              </form>
            </section>
            <section aria-labelledby="extend">
              <h2 id="extend">Extend</h2>
              ${problemSummary(input.extendIssues, ex.others, "extend")}
              <form method="post" action="${base}/extend" class="form" novalidate>
                ${csrfField(input.csrf)}
                ${field({ prefix: "x", markOptional: false, name: "expires", label: "New last day", type: "date", value: input.extend.expires ?? "", issues: ex.byField("expires") })}
                ${field({ prefix: "x", markOptional: false, name: "days", label: "Or: days from today", type: "number", value: input.extend.days ?? "", issues: ex.byField("days"), hint: input.lifetime ? `Leave both empty for the most ${tier} allows: ${input.lifetime.maxDays} days from today.` : `${tier} environments may be permanent: give the new last day.` })}
                <p class="actions"><button type="submit">Review extension…</button></p>
              </form>
            </section>
            ${
              r.sleep.mode === "alwaysOn"
                ? html`<section aria-labelledby="sleep">
                    <h2 id="sleep">Wake and sleep</h2>
                    ${problemSummary(input.wakeIssues, input.wakeIssues, "wake")}
                    ${problemSummary(input.sleepIssues, input.sleepIssues, "sleep")}
                    <p>Always on: it has no sleep schedule, so there is nothing to wake or put to sleep.</p>
                  </section>`
                : html`<section aria-labelledby="sleep">
                    <h2 id="sleep">Wake and sleep</h2>
                    ${problemSummary(input.wakeIssues, wk.others, "wake")}
                    ${problemSummary(input.sleepIssues, input.sleepIssues, "sleep")}
                    <p>
                      Outside its schedule (${r.sleep.schedule}) every server is scaled to zero; volumes, the
                      MySQL database and the Redis DB are kept. Waking keeps it up through the day you give;
                      the schedule then takes over again.
                    </p>
                    <form method="post" action="${base}/wake" class="form" novalidate>
                      ${csrfField(input.csrf)}
                      ${field({ prefix: "w", markOptional: false, name: "until", label: "Awake until", type: "date", value: input.wake.until ?? "", issues: wk.byField("until"), hint: `Empty: today. At most ${input.latestWake}.` })}
                      <p class="actions"><button type="submit">Review wake…</button></p>
                    </form>
                    ${
                      r.sleep.mode === "awake"
                        ? html`<form method="post" action="${base}/sleep">
                            ${csrfField(input.csrf)}
                            <p class="actions"><button type="submit">Resume the sleep schedule…</button></p>
                          </form>`
                        : ""
                    }
                  </section>`
            }
            <section aria-labelledby="delete">
              <h2 id="delete">Delete</h2>
              ${problemSummary(input.deleteIssues, input.deleteIssues, "delete")}
              <p>
                Removes the registry file; sync then removes the environment's servers. Its Redis DB number is
                retired (never reused) and its MySQL database is kept.
              </p>
              <form method="post" action="${base}/delete">
                ${csrfField(input.csrf)}
                <p class="actions"><button type="submit" class="danger">Delete ${r.name}…</button></p>
              </form>
            </section>`
        : html`<p class="warn">Sign in to update, extend, wake, put to sleep or delete this environment.</p>`
    }`;
}

/** The confirmation step of update, extend and delete. */
export function confirmPage(input: {
  readonly tier: string;
  readonly name: string;
  readonly operation: "update" | "extend" | "delete" | "wake" | "sleep";
  readonly summary: string;
  readonly message: string;
  readonly publish: string;
  readonly fields: Readonly<Record<string, string>>;
  readonly csrf: string;
}): Html {
  const base = `/tiers/${input.tier}/environments/${input.name}`;
  const verb = { update: "Update", extend: "Extend", delete: "Delete", wake: "Wake", sleep: "Put to sleep" }[
    input.operation
  ];
  return html`<h1>${verb} ${input.tier}/${input.name}?</h1>
    <section class="confirm" aria-labelledby="confirm-what">
      <h2 id="confirm-what">This will be committed</h2>
      <p>${input.summary}</p>
      <p class="hint">Commit message: <code>${input.message}</code></p>
      <p>${input.publish}</p>
    </section>
    <form method="post" action="${base}/${input.operation}">
      ${csrfField(input.csrf)}
      ${Object.entries(input.fields).map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}" />`)}
      <input type="hidden" name="confirmed" value="yes" />
      <p class="actions">
        <button type="submit" ${input.operation === "delete" ? html` class="danger"` : ""}>
          Yes, ${input.operation} ${input.name}
        </button>
        <a href="${base}">Cancel</a>
      </p>
    </form>`;
}

/** An environment's history. */
export function historyPage(input: {
  readonly tier: string;
  readonly name: string;
  readonly entries: readonly HistoryEntry[];
  readonly exists: boolean;
}): Html {
  const base = `/tiers/${input.tier}/environments/${input.name}`;
  return html`<h1>History of ${input.tier}/${input.name}</h1>
    <p>
      ${input.exists ? html`<a href="${base}">Back to ${input.name}</a>` : html`${input.name} no longer exists; its history stays.`}
    </p>
    ${
      input.entries.length === 0
        ? html`<p>No commits touched <code>environments/${input.tier}/${input.name}.yaml</code>.</p>`
        : html`<table class="history">
            <caption>
              ${input.entries.length} commit${input.entries.length === 1 ? "" : "s"}, newest first
            </caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
                <th scope="col">Version</th>
                <th scope="col">Commit</th>
              </tr>
            </thead>
            <tbody>
              ${input.entries.map(
                (e) =>
                  html`<tr>
                    <td><time datetime="${e.date}">${e.date.replace("T", " ").slice(0, 16)}</time></td>
                    <td>${e.author} <span class="hint">&lt;${e.authorEmail}&gt;</span></td>
                    <td>${e.subject}</td>
                    <td>
                      ${e.version ? html`<code>${e.version}</code>` : "—"}${e.compareUrl ? html` <a href="${e.compareUrl}">compare</a>` : ""}
                    </td>
                    <td><code>${e.commit.slice(0, 10)}</code></td>
                  </tr>`,
              )}
            </tbody>
          </table>`
    }`;
}

/** A page that says one thing (errors, sign-in required). */
export function messagePage(title: string, paragraphs: readonly (string | Html)[]): Html {
  return html`<h1>${title}</h1>
    ${paragraphs.map((p) => html`<p>${p}</p>`)}`;
}

/** The stylesheet (served from /static, so the CSP needs no inline styles). */
export const STYLESHEET = `
:root { font-family: system-ui, sans-serif; color: #1a1a1a; background: #fff; }
body { margin: 0; }
a { color: #0b57d0; }
header.top { display: flex; justify-content: space-between; align-items: baseline; padding: .5rem 1rem; background: #f1f3f4; border-bottom: 1px solid #ccc; }
header.top p { margin: 0; }
.brand a { font-weight: bold; text-decoration: none; color: inherit; }
nav.tabs ul { list-style: none; display: flex; gap: .25rem; margin: 0; padding: .5rem 1rem 0; border-bottom: 1px solid #ccc; }
nav.tabs a { display: block; padding: .4rem .9rem; border: 1px solid #ccc; border-bottom: none; border-radius: 4px 4px 0 0; text-decoration: none; background: #f8f9fa; }
nav.tabs a[aria-current="page"] { background: #fff; font-weight: bold; color: #1a1a1a; position: relative; top: 1px; }
main { padding: 0 1rem 2rem; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
caption { text-align: left; padding: .4rem 0; color: #555; }
th, td { border-bottom: 1px solid #ddd; padding: .4rem .5rem; text-align: left; vertical-align: top; }
thead th { background: #f8f9fa; }
time, code { white-space: nowrap; }
code { font-size: .85em; background: #f1f3f4; padding: 0 .2em; border-radius: 3px; }
.hint { color: #555; font-size: .85em; }
.warn { color: #8a4b00; }
.links a { margin-right: .4rem; white-space: nowrap; }
.live, .lifetime { display: inline-block; padding: .05rem .45rem; border-radius: 1rem; font-size: .85em; border: 1px solid #999; }
.live-applied { background: #e6f4ea; border-color: #34a853; }
.live-pending { background: #fef7e0; border-color: #f9ab00; }
.live-missing { background: #fce8e6; border-color: #d93025; }
.live-sleeping { background: #e8f0fe; border-color: #4285f4; }
.live-unknown { background: #f1f3f4; }
.lifetime-expired { background: #fce8e6; border-color: #d93025; }
.lifetime-expiring { background: #fef7e0; border-color: #f9ab00; }
.banner { border: 1px solid #34a853; background: #e6f4ea; padding: .5rem 1rem; margin: 1rem 0; border-radius: 4px; }
.problems { border: 1px solid #d93025; background: #fce8e6; padding: .5rem 1rem; margin: 1rem 0; border-radius: 4px; }
.confirm { border: 1px solid #f9ab00; background: #fef7e0; padding: .5rem 1rem; margin: 1rem 0; border-radius: 4px; }
.form { max-width: 40rem; }
.field { margin: .8rem 0; }
.field label { display: block; font-weight: 600; margin-bottom: .2rem; }
.field input, .field select { width: 100%; box-sizing: border-box; padding: .35rem; font: inherit; border: 1px solid #888; border-radius: 3px; }
.field.invalid input, .field.invalid select, fieldset.invalid { border-color: #d93025; border-width: 2px; }
.error { color: #b3261e; font-weight: 600; margin: .2rem 0 0; }
.error::before { content: "⚠ "; }
details { margin: 1rem 0; border: 1px solid #ddd; padding: .3rem .8rem; border-radius: 4px; }
summary { cursor: pointer; font-weight: 600; }
fieldset { border: 1px solid #ddd; border-radius: 4px; }
.actions { margin: 1rem 0; }
button, a.button { font: inherit; padding: .45rem 1rem; border: 1px solid #0b57d0; background: #0b57d0; color: #fff; border-radius: 4px; cursor: pointer; text-decoration: none; display: inline-block; }
button.danger { background: #b3261e; border-color: #b3261e; }
dl.details { display: grid; grid-template-columns: max-content 1fr; gap: .3rem 1rem; }
dl.details dt { font-weight: 600; }
dl.details dd { margin: 0; }
.legend dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; font-size: .9rem; }
.legend dd { margin: 0; }
`;
