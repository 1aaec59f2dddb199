/**
 * The launcher's web server (Hono): the tier's environments, a form to create one, update / extend /
 * delete with a confirmation step, each environment's history, and the preset API. Every write goes
 * through the environment operations (`operations.ts`) and {@link RegistryWriter}, exactly like the
 * CLI's, and the page then says what was committed, where it was published and what applies it.
 *
 * Identity: an {@link IdentityResolver} (local `--user`, or the ALB's verified OIDC claims). Pages
 * are readable without one; every POST needs one (401 otherwise) and a CSRF token (403 otherwise).
 * The preset API needs no user; when a preset token is configured it needs `Authorization: Bearer`.
 */
import { randomUUID, timingSafeEqual } from "node:crypto";
import { Hono, type Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { parse } from "yaml";
import { todayUtc, addDays } from "../../lib/dates";
import { environmentFileSchema } from "../../stacks/registry-schema";
import type { TierName } from "../../stacks/tier";
import { TIERS } from "../../stacks/tiers";
import type { IdentityResolver, IdentityResult } from "../identity";
import {
  createEnvironment,
  deleteEnvironment,
  extendEnvironment,
  OperationError,
  updateEnvironment,
  type FieldIssue,
  type OperationContext,
  type RegistryChange,
} from "../operations";
import { NoStatusSource, type StatusSource } from "../status";
import type { RegistryWorkspace } from "../workspace";
import { csrfProblem, csrfToken } from "./csrf";
import {
  createInput,
  currentUpdateValues,
  extendInput,
  formValues,
  parseUpdate,
  updateFields,
  updateInput,
  type FormValues,
} from "./forms";
import { GitHistorySource, type HistorySource } from "./history-source";
import { NoNotifier, type Notifier } from "./notifier";
import {
  confirmPage,
  createPage,
  environmentPage,
  historyPage,
  layout,
  listPage,
  messagePage,
  STYLESHEET,
  type Banner,
  type Html,
} from "./pages";
import { RegistryState } from "./state";
import { RegistryWriter, WriteError, type WriteResult } from "./writer";
import { environmentNameProblem } from "../../lib/environment/name";

/** How the launcher is set up. */
export interface LauncherOptions {
  readonly workspace: RegistryWorkspace;
  /** The tiers it serves (tabs), in order. */
  readonly tiers: readonly TierName[];
  /** @default none: every write is refused with 401 */
  readonly identity?: IdentityResolver;
  /** @default {@link NoStatusSource} (`unknown`) */
  readonly status?: StatusSource;
  /** @default {@link GitHistorySource} of the workspace */
  readonly history?: HistorySource;
  /** @default {@link NoNotifier} */
  readonly notifier?: Notifier;
  /** When set, the preset API needs `Authorization: Bearer <token>`. */
  readonly presetToken?: string;
  /** @default today in UTC */
  readonly today?: () => string;
  /** @default "origin" */
  readonly remote?: string;
  /** How long the clone's HEAD is trusted before git is asked again. @default 1000 */
  readonly headTtlMs?: number;
}

/** A running launcher's parts. */
export interface Launcher {
  readonly app: Hono<Env>;
  readonly writer: RegistryWriter;
  readonly state: RegistryState;
}

type Env = { Variables: { who: IdentityResult } };

/** Seconds shared caches and clients may reuse a preset answer. */
export const PRESET_MAX_AGE_SECONDS = 30;

/** The launcher's routes over one clone. */
export function createLauncher(options: LauncherOptions): Launcher {
  if (options.tiers.length === 0) throw new Error("the launcher needs at least one tier to serve");
  const today = options.today ?? (() => todayUtc());
  const status: StatusSource = options.status ?? new NoStatusSource();
  const history = options.history ?? new GitHistorySource(options.workspace);
  const workspace = options.workspace;
  const writer = new RegistryWriter(workspace, {
    ...(options.remote ? { remote: options.remote } : {}),
    today,
    notifier: options.notifier ?? new NoNotifier(),
    onHeadChange: () => {
      // Called only after construction, once registryState exists.
      registryState.invalidate();
      status.refresh?.();
    },
  });
  const registryState: RegistryState = new RegistryState(workspace, status, {
    today,
    serialize: (task) => writer.serialize(task),
    ...(options.headTtlMs !== undefined ? { headTtlMs: options.headTtlMs } : {}),
  });
  const banners = new Map<string, Banner>();
  const tiers = options.tiers;
  const app = new Hono<Env>();

  const tierOf = (value: string | undefined): TierName | undefined =>
    tiers.find((t) => t === value) as TierName | undefined;

  // Headers every answer carries: no framing, no sniffing, no inline code or styles.
  app.use("*", async (c, next) => {
    await next();
    c.header("X-Content-Type-Options", "nosniff");
    c.header("Referrer-Policy", "same-origin");
    if (!c.req.path.startsWith("/api/")) {
      c.header(
        "Content-Security-Policy",
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
      );
      c.header("X-Frame-Options", "DENY");
    }
  });

  app.get("/healthz", (c) => c.text("ok"));
  // Browsers ask for it on every page; there is none, and a 404 would be logged as an error.
  app.get("/favicon.ico", (c) => {
    c.header("Cache-Control", "public, max-age=86400");
    return c.body(null, 204);
  });
  app.get("/static/launcher.css", (c) => {
    c.header("Cache-Control", "public, max-age=3600");
    return c.body(STYLESHEET, 200, { "Content-Type": "text/css; charset=utf-8" });
  });

  // ---- preset API -------------------------------------------------------------------------
  app.use("/api/v1/presets/*", async (c, next) => {
    if (
      options.presetToken !== undefined &&
      !bearerMatches(c.req.header("authorization"), options.presetToken)
    ) {
      c.header("WWW-Authenticate", 'Bearer realm="presets"');
      return c.json({ error: "the preset API needs Authorization: Bearer <token> (the preset token)" }, 401);
    }
    return next();
  });
  app.get("/api/v1/presets/:tier/:name?", async (c) => {
    const tier = tierOf(c.req.param("tier"));
    if (!tier) {
      return c.json(
        { error: `unknown tier "${c.req.param("tier")}"; this launcher serves: ${tiers.join(", ")}` },
        404,
      );
    }
    const { snapshot, document } = await registryState.presets(tier);
    if (!document) {
      return c.json({ error: `the ${tier} registry has problems`, detail: snapshot.error }, 503);
    }
    const name = c.req.param("name");
    let body = document.body;
    if (name !== undefined) {
      const one = document.bodies.get(name);
      if (one === undefined) {
        return c.json(
          { error: `${tier}/${name} does not exist`, environments: [...document.bodies.keys()] },
          404,
        );
      }
      body = one;
    }
    c.header("ETag", document.etag);
    c.header("Cache-Control", `public, max-age=${PRESET_MAX_AGE_SECONDS}`);
    if (etagMatches(c.req.header("if-none-match"), document.etag)) return c.body(null, 304);
    return c.body(body, 200, { "Content-Type": "application/json; charset=utf-8" });
  });
  app.all("/api/*", (c) => c.json({ error: `no such API: ${c.req.method} ${c.req.path}` }, 404));

  // ---- pages ------------------------------------------------------------------------------
  app.use("*", async (c, next) => {
    c.set(
      "who",
      options.identity
        ? await options.identity.identify(c.req.raw.headers)
        : { ok: false, reason: "the launcher was started without --user or --alb-arn" },
    );
    c.header("Cache-Control", "no-store");
    return next();
  });

  const page = (
    c: Context<Env>,
    title: string,
    body: Html,
    statusCode: ContentfulStatusCode = 200,
    tier?: string,
  ) => {
    const who = c.get("who");
    return c.html(
      layout(
        {
          title,
          tiers,
          ...(tier ? { tier } : {}),
          ...(who.ok ? { actor: who.email } : { anonymousReason: who.reason }),
        },
        body,
      ),
      statusCode,
    );
  };
  const notFound = (c: Context<Env>, what: string, tier?: string) =>
    page(c, "Not found", messagePage("Not found", [what]), 404, tier);
  const needsSignIn = (c: Context<Env>, tier?: string) => {
    const who = c.get("who");
    return page(
      c,
      "Sign-in required",
      messagePage("Sign-in required", [
        "Changes are committed in your name, so the launcher must know who you are.",
        who.ok ? "" : `It could not tell: ${who.reason}.`,
        options.identity?.mode === "alb"
          ? "Reload the page to sign in again through the load balancer."
          : "Run it locally with --user you@studio.example.",
      ]),
      401,
      tier,
    );
  };
  /** Identity and CSRF for a POST; a response when refused. */
  const guard = async (c: Context<Env>, tier: string) => {
    const values = formValues(await c.req.parseBody());
    const who = c.get("who");
    if (!who.ok) return { refused: needsSignIn(c, tier) } as const;
    const problem = csrfProblem(c, values);
    if (problem) {
      return {
        refused: page(
          c,
          "Form refused",
          messagePage("Form refused", [
            `Nothing was changed: ${problem}.`,
            "Go back, reload the page and try again.",
          ]),
          403,
          tier,
        ),
      } as const;
    }
    return { values, actor: who.email } as const;
  };

  app.get("/", (c) => c.redirect(`/tiers/${tiers[0]}`, 302));

  app.get("/tiers/:tier", async (c) => {
    const tier = tierOf(c.req.param("tier"));
    if (!tier) return notFound(c, `No tier "${c.req.param("tier")}" here; tiers: ${tiers.join(", ")}.`);
    const { snapshot, rows } = await registryState.rows(tier);
    const bannerId = c.req.query("change");
    const banner = bannerId ? banners.get(bannerId) : undefined;
    const statusError = status.lastError;
    return page(
      c,
      `${tier} environments`,
      listPage({
        tier,
        rows,
        ...(snapshot.error ? { registryError: snapshot.error } : {}),
        ...(banner && banner.tier === tier ? { banner } : {}),
        statusSource: status.name,
        ...(statusError ? { statusError } : {}),
        canWrite: c.get("who").ok,
      }),
      200,
      tier,
    );
  });

  const createDefaults = async (tier: TierName) => {
    const snapshot = await registryState.snapshot(tier);
    const lifetime = TIERS[tier].environmentLifetime;
    const defaults = snapshot.registry?.defaults ?? {};
    return {
      teams: snapshot.settings.teams,
      lifetime,
      defaults: {
        ...(defaults.gameDataVersion ? { gameDataVersion: defaults.gameDataVersion } : {}),
        ...(defaults.resourceVersion ? { resourceVersion: defaults.resourceVersion } : {}),
        ...(lifetime ? { expires: addDays(today(), lifetime.defaultDays) } : {}),
        deployment: TIERS[tier].environments.deployment,
      },
    };
  };

  const renderCreate = async (
    c: Context<Env>,
    tier: TierName,
    values: FormValues,
    issues: readonly FieldIssue[],
  ) => {
    const d = await createDefaults(tier);
    return page(
      c,
      `Create a ${tier} environment`,
      createPage({
        tier,
        values,
        issues,
        teams: d.teams,
        defaults: d.defaults,
        ...(d.lifetime ? { lifetime: d.lifetime } : {}),
        csrf: csrfToken(c),
      }),
      issues.length > 0 ? 422 : 200,
      tier,
    );
  };

  app.get("/tiers/:tier/new", async (c) => {
    const tier = tierOf(c.req.param("tier"));
    if (!tier) return notFound(c, `No tier "${c.req.param("tier")}" here.`);
    const who = c.get("who");
    return renderCreate(c, tier, who.ok ? { owner: who.email } : {}, []);
  });

  app.post("/tiers/:tier/environments", async (c) => {
    const tier = tierOf(c.req.param("tier"));
    if (!tier) return notFound(c, `No tier "${c.req.param("tier")}" here.`);
    const guarded = await guard(c, tier);
    if ("refused" in guarded) return guarded.refused;
    const { values, actor } = guarded;
    try {
      const result = await writer.write(tier, actor, (ctx) => createEnvironment(ctx, createInput(values)));
      return doneRedirect(c, result);
    } catch (err) {
      if (err instanceof OperationError) return renderCreate(c, tier, values, err.issues);
      return writeFailed(c, err, tier);
    }
  });

  /** The environment page, with the given forms' values and problems. */
  const renderEnvironment = async (
    c: Context<Env>,
    tier: TierName,
    name: string,
    forms: {
      update?: FormValues;
      updateIssues?: readonly FieldIssue[];
      extend?: FormValues;
      extendIssues?: readonly FieldIssue[];
      deleteIssues?: readonly FieldIssue[];
    } = {},
    statusCode: ContentfulStatusCode = 200,
  ) => {
    const { snapshot, rows } = await registryState.rows(tier);
    const row = rows.find((r) => r.name === name);
    const env = snapshot.registry?.environments.find((e) => e.name === name);
    const fileText = snapshot.source.environments.get(name)?.text;
    if (!row || !env || fileText === undefined) {
      const issues = [
        ...(forms.updateIssues ?? []),
        ...(forms.extendIssues ?? []),
        ...(forms.deleteIssues ?? []),
      ];
      return page(
        c,
        "Not found",
        messagePage("Not found", [
          snapshot.error
            ? `The ${tier} registry has problems: ${snapshot.error}`
            : `${tier}/${name} does not exist (any more).`,
          ...issues.map((i) => `${i.field}: ${i.message}`),
        ]),
        404,
        tier,
      );
    }
    const file = environmentFileSchema.parse(parse(fileText));
    const lifetime = TIERS[tier].environmentLifetime;
    return page(
      c,
      `${tier}/${name}`,
      environmentPage({
        tier,
        row,
        deployment: env.deployment,
        update: forms.update ?? currentUpdateValues(env, file),
        updateIssues: forms.updateIssues ?? [],
        extend: forms.extend ?? {},
        extendIssues: forms.extendIssues ?? [],
        deleteIssues: forms.deleteIssues ?? [],
        ...(lifetime ? { lifetime } : {}),
        csrf: csrfToken(c),
        canWrite: c.get("who").ok,
      }),
      statusCode,
      tier,
    );
  };

  app.get("/tiers/:tier/environments/:name", async (c) => {
    const tier = tierOf(c.req.param("tier"));
    if (!tier) return notFound(c, `No tier "${c.req.param("tier")}" here.`);
    return renderEnvironment(c, tier, c.req.param("name"));
  });

  app.get("/tiers/:tier/environments/:name/history", async (c) => {
    const tier = tierOf(c.req.param("tier"));
    if (!tier) return notFound(c, `No tier "${c.req.param("tier")}" here.`);
    const name = c.req.param("name");
    if (environmentNameProblem(name)) return notFound(c, `"${name}" is not an environment name.`, tier);
    const snapshot = await registryState.snapshot(tier);
    const entries = await history.history(tier, name);
    const exists = snapshot.source.environments.has(name);
    if (!exists && entries.length === 0) return notFound(c, `${tier}/${name} never existed.`, tier);
    return page(c, `History of ${tier}/${name}`, historyPage({ tier, name, entries, exists }), 200, tier);
  });

  app.post("/tiers/:tier/environments/:name/:operation{update|extend|delete}", async (c) => {
    const tier = tierOf(c.req.param("tier"));
    if (!tier) return notFound(c, `No tier "${c.req.param("tier")}" here.`);
    const name = c.req.param("name");
    const operation = c.req.param("operation") as "update" | "extend" | "delete";
    const guarded = await guard(c, tier);
    if ("refused" in guarded) return guarded.refused;
    const { values, actor } = guarded;
    const confirmed = values.confirmed === "yes";
    const issuesKey = `${operation}Issues` as const;
    const rerender = (issues: readonly FieldIssue[]) =>
      renderEnvironment(
        c,
        tier,
        name,
        {
          ...(operation === "update" ? { update: values } : {}),
          ...(operation === "extend" ? { extend: values } : {}),
          [issuesKey]: issues,
        },
        422,
      );
    try {
      // What to do, as the confirmation step will post it back: only the changes.
      let run: (ctx: OperationContext) => RegistryChange;
      let fields: FormValues = {};
      if (operation === "update") {
        let input;
        if (confirmed) {
          input = updateInput(values);
        } else {
          const snapshot = await registryState.snapshot(tier);
          const env = snapshot.registry?.environments.find((e) => e.name === name);
          const fileText = snapshot.source.environments.get(name)?.text;
          const current =
            env && fileText !== undefined
              ? currentUpdateValues(env, environmentFileSchema.parse(parse(fileText)))
              : {};
          const parsed = parseUpdate(values, current);
          if (parsed.issues.length > 0) {
            // Report the other fields' problems too, as the operation judges them.
            const rest = parsed.input;
            const more = await writer
              .serialize(async () =>
                updateEnvironment(
                  {
                    source: workspace.source(tier),
                    settings: await workspace.settings(tier),
                    today: today(),
                    actor,
                  },
                  name,
                  rest,
                ),
              )
              .then(
                () => [],
                (err: unknown) => {
                  if (!(err instanceof OperationError)) throw err;
                  return err.issues.filter((i) => i.field !== "update");
                },
              );
            throw new OperationError([...parsed.issues, ...more]);
          }
          input = parsed.input;
        }
        fields = updateFields(input);
        run = (ctx) => updateEnvironment(ctx, name, input);
      } else if (operation === "extend") {
        const input = extendInput(values);
        fields = {
          ...(values.expires ? { expires: values.expires } : {}),
          ...(values.days ? { days: values.days } : {}),
        };
        run = (ctx) => extendEnvironment(ctx, name, input);
      } else {
        run = (ctx) => deleteEnvironment(ctx, name);
      }
      if (!confirmed) {
        // Validate now (against the clone as it is) and show exactly what would be committed.
        const change = await writer.serialize(async () =>
          run({
            source: workspace.source(tier),
            settings: await workspace.settings(tier),
            today: today(),
            actor,
          }),
        );
        const publish = !(await writer.hasRemote())
          ? "This clone has no remote: it is committed here only, and nothing is published."
          : TIERS[tier].registryPublish === "main"
            ? `It is pushed to main, and the next sync (CI, on every push to main) applies it.`
            : `${tier} changes are reviewed: it is pushed as a branch for a pull request, and applied after the merge.`;
        return page(
          c,
          `Confirm: ${operation} ${tier}/${name}`,
          confirmPage({
            tier,
            name,
            operation,
            summary: change.summary,
            message: change.message,
            publish,
            fields,
            csrf: csrfToken(c),
          }),
          200,
          tier,
        );
      }
      const result = await writer.write(tier, actor, run);
      return doneRedirect(c, result);
    } catch (err) {
      if (err instanceof OperationError) return rerender(err.issues);
      return writeFailed(c, err, tier);
    }
  });

  app.notFound((c) => notFound(c as Context<Env>, `Nothing at ${c.req.path}.`));
  app.onError((err, c) => {
    console.error(`launcher: ${c.req.method} ${c.req.path}: ${err.stack ?? err.message}`);
    if (c.req.path.startsWith("/api/")) return c.json({ error: "internal error" }, 500);
    return c.html(
      layout(
        { title: "Error", tiers },
        messagePage("Something went wrong", [
          "The launcher could not answer; nothing was changed. The server log has the details.",
        ]),
      ),
      500,
    );
  });

  const doneRedirect = (c: Context<Env>, result: WriteResult) => {
    const id = randomUUID();
    banners.set(id, {
      summary: result.change.summary,
      commit: result.outcome.commit,
      outcome: result.outcome.kind,
      ...(result.outcome.kind === "branch" ? { branch: result.outcome.branch } : {}),
      tier: result.change.tier,
      operation: result.change.operation,
      environment: result.change.environment,
      root: workspace.root,
      ...(result.notifyError ? { notifyError: result.notifyError } : {}),
    });
    // Keep the last 200 banners: they only matter right after the redirect.
    while (banners.size > 200) banners.delete(banners.keys().next().value!);
    return c.redirect(`/tiers/${result.change.tier}?change=${id}#banner-title`, 303);
  };

  const writeFailed = (c: Context<Env>, err: unknown, tier: string) => {
    if (!(err instanceof WriteError)) throw err;
    return page(
      c,
      err.phase === "publish" ? "Could not publish" : "Could not change the registry",
      messagePage(err.phase === "publish" ? "Could not publish" : "Could not change the registry", [
        err.message,
      ]),
      err.phase === "publish" ? 409 : 502,
      tier,
    );
  };

  return { app, writer, state: registryState };
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  if (!match) return false;
  const a = Buffer.from(match[1]!);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** `If-None-Match` names this ETag (or `*`); weak comparison, as RFC 9110 asks for GET. */
export function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === "*") return true;
  const strip = (t: string) => t.trim().replace(/^W\//, "");
  return header.split(",").some((t) => strip(t) === strip(etag));
}
