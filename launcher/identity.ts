/**
 * Who is asking: the e-mail address that becomes an environment's owner and the commit's author.
 *
 * In a cluster the launcher sits behind the shared ALB's OIDC authentication. After signing the
 * user in, the ALB adds `x-amzn-oidc-data`: the IdP's user claims as a JWT signed ES256 (ECDSA
 * P-256 + SHA-256) by the load balancer, whose header names the signing key (`kid`), the load
 * balancer (`signer`, its ARN) and the expiry (`exp`). The public key is published as PEM at
 * `https://public-keys.auth.elb.<region>.amazonaws.com/<kid>` (AWS, "Authenticate users using an
 * Application Load Balancer", section "User claims encoding and signature verification").
 * Anything can put that header on a request that reaches the pod some other way, so the token is
 * verified here before a single claim is believed: signer, algorithm, expiry and signature.
 *
 * The ALB writes its segments base64url-encoded WITH `=` padding, which strict JWT libraries refuse
 * (the same AWS page warns about it); the signature is computed over the padded text, so the text is
 * verified as sent and only decoded leniently.
 *
 * Locally, `--user` names the requester outright.
 */
import { compactVerify, importSPKI } from "jose";

/** The ALB's header with the signed user claims. */
export const ALB_CLAIMS_HEADER = "x-amzn-oidc-data";

/** Who a request comes from, or why nobody could be identified. */
export type IdentityResult =
  | { readonly ok: true; readonly email: string; readonly via: "local" | "alb" }
  | { readonly ok: false; readonly reason: string };

/** Decides who a request comes from. */
export interface IdentityResolver {
  /** `local` (one fixed user) or `alb` (verified ALB claims). */
  readonly mode: "local" | "alb";
  identify(headers: Headers): Promise<IdentityResult>;
}

/** A well-formed e-mail address, as the registry's `owner` rule has it. */
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** `--user`: every request is this person's (local use only). */
export class LocalIdentity implements IdentityResolver {
  readonly mode = "local" as const;
  constructor(readonly email: string) {
    if (!EMAIL.test(email)) throw new Error(`--user: "${email}" is not an e-mail address`);
  }
  identify(): Promise<IdentityResult> {
    return Promise.resolve({ ok: true, email: this.email, via: "local" });
  }
}

/** `arn:aws:elasticloadbalancing:<region>:<account>:loadbalancer/app/<name>/<id>`. */
const ALB_ARN =
  /^arn:aws(?:-[a-z]+)*:elasticloadbalancing:([a-z0-9-]+):\d{12}:loadbalancer\/app\/[A-Za-z0-9-]+\/[0-9a-f]+$/;

/** The region an ALB ARN names, or undefined when it is not an ALB ARN. */
export function albRegion(arn: string): string | undefined {
  return ALB_ARN.exec(arn)?.[1];
}

/** Where the ALB's public keys of a region are published (`<base>/<kid>`). */
export function albKeysUrl(region: string): string {
  return `https://public-keys.auth.elb.${region}.amazonaws.com`;
}

/** How {@link AlbIdentity} is set up. */
export interface AlbIdentityOptions {
  /** The ARN of the load balancer whose signature alone is trusted (the token's `signer`). */
  readonly albArn: string;
  /** @default `https://public-keys.auth.elb.<region of albArn>.amazonaws.com` */
  readonly keysUrl?: string;
  /** Seconds of clock skew tolerated on `exp`. @default 60 */
  readonly leewaySeconds?: number;
  /** @default Date.now */
  readonly now?: () => number;
  /** @default globalThis.fetch */
  readonly fetch?: typeof fetch;
}

type PublicKey = Awaited<ReturnType<typeof importSPKI>>;

/** Verifies the ALB's `x-amzn-oidc-data` token; its `email` claim is the requester. */
export class AlbIdentity implements IdentityResolver {
  readonly mode = "alb" as const;
  readonly albArn: string;
  readonly keysUrl: string;
  private readonly leeway: number;
  private readonly now: () => number;
  private readonly fetch: typeof fetch;
  /** Keys by `kid`: a key never changes under its id, so a fetched key is kept for good. */
  private readonly keys = new Map<string, Promise<PublicKey>>();

  constructor(options: AlbIdentityOptions) {
    const region = albRegion(options.albArn);
    if (!region) {
      throw new Error(
        `--alb-arn: "${options.albArn}" is not an Application Load Balancer ARN (arn:aws:elasticloadbalancing:<region>:<account>:loadbalancer/app/<name>/<id>)`,
      );
    }
    this.albArn = options.albArn;
    this.keysUrl = (options.keysUrl ?? albKeysUrl(region)).replace(/\/+$/, "");
    this.leeway = options.leewaySeconds ?? 60;
    this.now = options.now ?? Date.now;
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  async identify(headers: Headers): Promise<IdentityResult> {
    const token = headers.get(ALB_CLAIMS_HEADER);
    if (!token) {
      return { ok: false, reason: `no ${ALB_CLAIMS_HEADER} header: the load balancer did not sign you in` };
    }
    try {
      return { ok: true, email: await this.verify(token), via: "alb" };
    } catch (err) {
      return { ok: false, reason: `${ALB_CLAIMS_HEADER} rejected: ${(err as Error).message}` };
    }
  }

  /** Returns the verified token's `email` claim; throws saying what is wrong. */
  async verify(token: string): Promise<string> {
    const parts = token.split(".");
    if (parts.length !== 3) throw new Error("not a JWT (three dot-separated parts)");
    const header = decodeJson(parts[0]!, "header");
    if (header.alg !== "ES256") throw new Error(`algorithm ${String(header.alg)} is not ES256`);
    if (header.signer !== this.albArn) {
      throw new Error(`signed by ${String(header.signer)}, not by this launcher's load balancer`);
    }
    const kid = header.kid;
    if (typeof kid !== "string" || !/^[A-Za-z0-9-]{1,128}$/.test(kid)) {
      throw new Error("the header names no usable key id (kid)");
    }
    const nowSeconds = Math.floor(this.now() / 1000);
    if (typeof header.exp !== "number") throw new Error("the header has no expiry (exp)");
    if (header.exp + this.leeway < nowSeconds) throw new Error(`expired at ${isoSeconds(header.exp)}`);

    const key = await this.key(kid);
    // jose verifies the signature over the text as sent (padding included) and decodes leniently.
    const { payload } = await compactVerify(token, key, { algorithms: ["ES256"] });
    const claims = JSON.parse(new TextDecoder().decode(payload)) as Record<string, unknown>;
    if (typeof claims.exp === "number" && claims.exp + this.leeway < nowSeconds) {
      throw new Error(`expired at ${isoSeconds(claims.exp)}`);
    }
    const email = claims.email;
    if (typeof email !== "string" || !EMAIL.test(email)) {
      throw new Error("the identity provider sent no email claim (ask for the `email` scope)");
    }
    return email.toLowerCase();
  }

  private key(kid: string): Promise<PublicKey> {
    let found = this.keys.get(kid);
    if (!found) {
      found = this.fetchKey(kid);
      this.keys.set(kid, found);
      // A failed fetch is not cached: the next request tries again.
      found.catch(() => this.keys.delete(kid));
    }
    return found;
  }

  private async fetchKey(kid: string): Promise<PublicKey> {
    const url = `${this.keysUrl}/${kid}`;
    let response: Response;
    try {
      response = await this.fetch(url, { signal: AbortSignal.timeout(5000) });
    } catch (err) {
      throw new Error(`could not fetch the public key ${url}: ${(err as Error).message}`, { cause: err });
    }
    if (!response.ok) throw new Error(`public key ${url} answered HTTP ${response.status}`);
    const pem = (await response.text()).trim();
    try {
      return await importSPKI(pem, "ES256");
    } catch {
      throw new Error(`public key ${url} is not a PEM-encoded P-256 public key`);
    }
  }
}

function decodeJson(segment: string, what: string): Record<string, unknown> {
  try {
    const text = Buffer.from(segment.replace(/=+$/, ""), "base64url").toString("utf8");
    const value = JSON.parse(text) as unknown;
    if (value && typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new Error(`the ${what} is not base64url-encoded JSON`);
}

function isoSeconds(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}
