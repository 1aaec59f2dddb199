/**
 * The launcher believes an ALB identity only after verifying it: signer, algorithm, expiry and
 * signature, with the key fetched (once) from the key endpoint. The key endpoint here is a local
 * HTTP server publishing a key made for the test; tokens are made the way the ALB makes them
 * (base64url segments WITH padding, ES256 over the padded text).
 */
import assert from "node:assert/strict";
import { generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { AlbIdentity, ALB_CLAIMS_HEADER, albKeysUrl, albRegion, LocalIdentity } from "../launcher/identity";
import { createLauncher } from "../launcher/server/app";
import { RegistryWorkspace } from "../launcher/workspace";
import { makeLauncherRepo, TEST_TODAY, type LauncherRepo } from "./support/launcher-repo";

const ALB_ARN =
  "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/game-infra-dev/0123456789abcdef";
const OTHER_ALB =
  "arn:aws:elasticloadbalancing:eu-west-1:999999999999:loadbalancer/app/someone-else/fedcba9876543210";
const KID = "11111111-2222-3333-4444-555555555555";
const NOW = Date.parse("2026-12-01T12:00:00Z");
const NOW_S = NOW / 1000;

const albKey = generateKeyPairSync("ec", { namedCurve: "P-256" });
const attackerKey = generateKeyPairSync("ec", { namedCurve: "P-256" });

/** A token as the ALB writes it: padded base64url segments, ES256 (r||s) over the padded text. */
function albToken(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  key: KeyObject = albKey.privateKey,
  pad = true,
): string {
  const enc = (v: unknown) => {
    const b64 = Buffer.from(JSON.stringify(v)).toString("base64url");
    return pad ? b64 + "=".repeat((4 - (b64.length % 4)) % 4) : b64;
  };
  const input = `${enc(header)}.${enc(payload)}`;
  const signature = sign("sha256", Buffer.from(input), { key, dsaEncoding: "ieee-p1363" }).toString(
    "base64url",
  );
  return `${input}.${signature}`;
}

const goodHeader = (over: Record<string, unknown> = {}) => ({
  typ: "JWT",
  kid: KID,
  alg: "ES256",
  iss: "https://idp.studio.example",
  client: "launcher",
  signer: ALB_ARN,
  exp: NOW_S + 120,
  ...over,
});
const claims = { sub: "1234567890", name: "Ana Silva", email: "Ana.Silva@studio.example", exp: NOW_S + 120 };

describe("ALB identity (x-amzn-oidc-data)", () => {
  let keyServer: Server;
  let keysUrl: string;
  const hits: string[] = [];
  const pem = albKey.publicKey.export({ type: "spki", format: "pem" }).toString();

  before(async () => {
    keyServer = createServer((req, res) => {
      hits.push(req.url ?? "");
      if (req.url === `/${KID}`) {
        res.writeHead(200, { "Content-Type": "text/plain" }).end(pem);
      } else {
        res.writeHead(404).end("no such key");
      }
    });
    await new Promise<void>((done) => keyServer.listen(0, "127.0.0.1", done));
    keysUrl = `http://127.0.0.1:${(keyServer.address() as AddressInfo).port}`;
  });
  after(() => keyServer.close());

  const identity = () => new AlbIdentity({ albArn: ALB_ARN, keysUrl, now: () => NOW });
  const headers = (token?: string) => new Headers(token ? { [ALB_CLAIMS_HEADER]: token } : {});

  it("accepts a token the ALB signed, padding and all, and takes its email claim as the actor", async () => {
    const result = await identity().identify(headers(albToken(goodHeader(), claims)));
    assert.deepEqual(result, { ok: true, email: "ana.silva@studio.example", via: "alb" });
    const unpadded = await identity().identify(
      headers(albToken(goodHeader(), claims, albKey.privateKey, false)),
    );
    assert.equal(unpadded.ok, true);
  });

  it("fetches a key once per kid from <keys url>/<kid> and keeps it", async () => {
    hits.length = 0;
    const id = identity();
    for (let i = 0; i < 3; i++)
      assert.equal((await id.identify(headers(albToken(goodHeader(), claims)))).ok, true);
    assert.deepEqual(hits, [`/${KID}`]);
  });

  const rejected = async (token: string | undefined, why: RegExp) => {
    const result = await identity().identify(headers(token));
    assert.equal(result.ok, false, "must be rejected");
    assert.match((result as { reason: string }).reason, why);
  };

  it("rejects a token signed by another load balancer (signer is not this ALB's ARN)", async () => {
    await rejected(
      albToken(goodHeader({ signer: OTHER_ALB }), claims),
      /signed by .*someone-else.*not by this launcher's load balancer/,
    );
  });

  it("rejects an expired token (header exp, and payload exp)", async () => {
    await rejected(
      albToken(goodHeader({ exp: NOW_S - 3600 }), claims),
      /expired at 2026-12-01T11:00:00.000Z/,
    );
    await rejected(albToken(goodHeader(), { ...claims, exp: NOW_S - 3600 }), /expired/);
    await rejected(albToken(goodHeader({ exp: undefined }), claims), /no expiry/);
  });

  it("rejects a bad signature: another key, or claims changed after signing", async () => {
    await rejected(albToken(goodHeader(), claims, attackerKey.privateKey), /signature verification failed/);
    const [h, , s] = albToken(goodHeader(), claims).split(".");
    const forged = Buffer.from(JSON.stringify({ ...claims, email: "boss@studio.example" })).toString(
      "base64url",
    );
    await rejected(`${h}.${forged}.${s}`, /signature verification failed/);
  });

  it("rejects other algorithms, unknown keys, garbage and a missing header", async () => {
    await rejected(albToken(goodHeader({ alg: "none" }), claims), /algorithm none is not ES256/);
    await rejected(albToken(goodHeader({ alg: "HS256" }), claims), /not ES256/);
    await rejected(
      albToken(goodHeader({ kid: "99999999-0000-0000-0000-000000000000" }), claims),
      /answered HTTP 404/,
    );
    await rejected(albToken(goodHeader({ kid: "../../etc/passwd" }), claims), /no usable key id/);
    await rejected("not-a-token", /not a JWT/);
    await rejected(undefined, /no x-amzn-oidc-data header/);
    await rejected(albToken(goodHeader(), { sub: "1" }), /no email claim/);
  });

  it("derives the key endpoint from the ALB ARN's region, as AWS documents it", () => {
    const excerpt = readFileSync(
      join(__dirname, "..", "upstream", "aws-elb", "alb-user-claims.excerpt.md"),
      "utf8",
    );
    assert.ok(excerpt.includes(`\`${ALB_CLAIMS_HEADER}\``), "the header name is the documented one");
    assert.ok(excerpt.includes(`${albKeysUrl("region")}/key-id`), "the key URL is the documented one");
    for (const field of ['"kid"', '"signer"', '"exp"', '"email"', "ES256"])
      assert.ok(excerpt.includes(field), field);
    assert.equal(albRegion(ALB_ARN), "eu-west-1");
    assert.equal(
      new AlbIdentity({ albArn: ALB_ARN }).keysUrl,
      "https://public-keys.auth.elb.eu-west-1.amazonaws.com",
    );
    assert.throws(
      () => new AlbIdentity({ albArn: "arn:aws:iam::123456789012:role/x" }),
      /not an Application Load Balancer ARN/,
    );
  });

  it("--user is an e-mail address", async () => {
    assert.deepEqual(await new LocalIdentity("mina.park@studio.example").identify(), {
      ok: true,
      email: "mina.park@studio.example",
      via: "local",
    });
    assert.throws(() => new LocalIdentity("mina"), /--user: "mina" is not an e-mail address/);
  });

  describe("through the web server", () => {
    let repo: LauncherRepo;
    let app: ReturnType<typeof createLauncher>["app"];
    before(() => {
      repo = makeLauncherRepo();
      app = createLauncher({
        workspace: new RegistryWorkspace(repo.clone),
        tiers: ["dev"],
        identity: identity(),
        today: () => TEST_TODAY,
      }).app;
    });
    after(() => repo.remove());

    it("shows the verified user, and answers 401 with a sign-in page to a write without a verified identity", async () => {
      const page = await app.request("/tiers/dev", {
        headers: { [ALB_CLAIMS_HEADER]: albToken(goodHeader(), claims) },
      });
      assert.match(await page.text(), /Signed in as <strong>ana.silva@studio.example<\/strong>/);
      const before = repo.originGit(["rev-parse", "main"]);
      for (const token of [undefined, albToken(goodHeader({ signer: OTHER_ALB }), claims)]) {
        const res = await app.request("/tiers/dev/environments", {
          method: "POST",
          headers: {
            "content-type": "application/x-www-form-urlencoded",
            ...(token ? { [ALB_CLAIMS_HEADER]: token } : {}),
          },
          body: new URLSearchParams({
            name: "sneaky",
            owner: "x@studio.example",
            team: "server",
            purpose: "p",
            version: "1.0.0",
          }),
        });
        assert.equal(res.status, 401);
        const text = await res.text();
        assert.match(text, /<h1>Sign-in required<\/h1>/);
        assert.match(text, token ? /signed by .*someone-else/ : /no x-amzn-oidc-data header/);
      }
      assert.equal(repo.originGit(["rev-parse", "main"]), before, "nothing was pushed");
    });
  });
});
