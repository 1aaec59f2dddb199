/**
 * CSRF protection of the launcher's forms: a double-submit token. Every page with a form sets a
 * random token in a cookie (`HttpOnly`, `SameSite=Strict`, `Secure` behind HTTPS) and repeats it in
 * a hidden field; a POST is accepted only when both are present and equal. Another site can make a
 * browser post to the launcher, but it can neither read the cookie nor make the browser send it
 * (SameSite=Strict), so it cannot forge the field. Browsers that send `Sec-Fetch-Site` are also
 * refused when the post comes from another site.
 *
 * Why not an Origin check alone: behind the ALB, TLS ends at the load balancer, so the URL the
 * server sees (`http://...`) differs from the `Origin` the browser sends (`https://...`), and an
 * origin comparison would need the public URL configured; the token needs nothing.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";

/** The cookie that holds the token. */
export const CSRF_COOKIE = "launcher_csrf";

/** The form field that repeats it. */
export const CSRF_FIELD = "_csrf";

/** The request's token, issuing a cookie when it has none. */
export function csrfToken(c: Context): string {
  const existing = getCookie(c, CSRF_COOKIE);
  if (existing && /^[A-Za-z0-9_-]{32,64}$/.test(existing)) return existing;
  const token = randomBytes(24).toString("base64url");
  setCookie(c, CSRF_COOKIE, token, {
    path: "/",
    httpOnly: true,
    sameSite: "Strict",
    secure: c.req.header("x-forwarded-proto") === "https" || new URL(c.req.url).protocol === "https:",
  });
  return token;
}

/** Why a POST must be refused, or undefined when its token is good. */
export function csrfProblem(c: Context, form: Readonly<Record<string, string>>): string | undefined {
  const site = c.req.header("sec-fetch-site");
  if (site !== undefined && site !== "same-origin" && site !== "none") {
    return `the form was sent from another site (Sec-Fetch-Site: ${site})`;
  }
  const cookie = getCookie(c, CSRF_COOKIE);
  const field = form[CSRF_FIELD];
  if (!cookie || !field) return "the form has no security token (cookies may be blocked, or the page is old)";
  const a = Buffer.from(cookie);
  const b = Buffer.from(field);
  if (a.length !== b.length || !timingSafeEqual(a, b)) return "the form's security token does not match";
  return undefined;
}
