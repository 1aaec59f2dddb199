/**
 * The GitHub side of publishing: the repository from the origin remote's URL in every form git
 * takes, the web links, and the pull request request held to the REST API's description
 * (upstream/github/pulls-create.json), sent to a real local HTTP server.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import {
  commitWebUrl,
  compareWebUrl,
  GitHubError,
  openPullRequest,
  parseRemoteUrl,
} from "../launcher/github";
import { ROOT } from "./support/git-repo";
import { startReceiver } from "./support/http-receiver";

const API = JSON.parse(readFileSync(join(ROOT, "upstream", "github", "pulls-create.json"), "utf8")) as {
  method: string;
  path: string;
  apiVersion: string;
  requestBody: { required: string[]; properties: string[] };
  successStatus: number;
};

describe("parseRemoteUrl", () => {
  it("reads owner and name from the URL forms git accepts for a GitHub host", () => {
    const studio = { host: "github.com", owner: "studio", name: "game-infra" };
    for (const url of [
      "https://github.com/studio/game-infra.git",
      "https://github.com/studio/game-infra",
      "https://x-access-token:abc@github.com/studio/game-infra.git",
      "git@github.com:studio/game-infra.git",
      "ssh://git@github.com/studio/game-infra.git",
      "ssh://git@github.com:22/studio/game-infra",
      "https://GitHub.com/studio/game-infra/\n",
    ]) {
      assert.deepEqual(parseRemoteUrl(url), studio, url);
    }
    assert.deepEqual(parseRemoteUrl("git@ghe.studio.example:platform/game-infra.git"), {
      host: "ghe.studio.example",
      owner: "platform",
      name: "game-infra",
    });
  });

  it("gives nothing for a local path or a URL that names no repository", () => {
    for (const url of [
      "/srv/git/game-infra.git",
      "file:///srv/git/game-infra.git",
      "https://github.com/studio",
      "../origin.git",
    ]) {
      assert.equal(parseRemoteUrl(url), undefined, url);
    }
  });

  it("links a commit and a branch's compare page", () => {
    const repo = { host: "github.com", owner: "studio", name: "game-infra" };
    assert.equal(commitWebUrl(repo, "abc123"), "https://github.com/studio/game-infra/commit/abc123");
    assert.equal(
      compareWebUrl(repo, "main", "env/stage-stage-b-create-x1"),
      "https://github.com/studio/game-infra/compare/main...env/stage-stage-b-create-x1?expand=1",
    );
  });
});

describe("openPullRequest", () => {
  const repo = { host: "github.com", owner: "studio", name: "game-infra" };
  const request = { repo, head: "env/stage-x", base: "main", title: "t", body: "b", token: "tok" };

  it("sends the request the REST API describes and returns the pull request", async () => {
    const api = await startReceiver(() => ({
      status: API.successStatus,
      body: '{"number":7,"html_url":"https://github.com/studio/game-infra/pull/7"}',
    }));
    try {
      assert.deepEqual(await openPullRequest({ ...request, apiUrl: `${api.url}/` }), {
        number: 7,
        url: "https://github.com/studio/game-infra/pull/7",
      });
      const sent = api.requests[0]!;
      assert.equal(sent.method, API.method);
      assert.equal(sent.path, API.path.replace("{owner}", "studio").replace("{repo}", "game-infra"));
      assert.equal(sent.headers["x-github-api-version"], API.apiVersion);
      assert.equal(sent.headers["user-agent"], "game-infra-launcher");
      const keys = Object.keys(sent.json as object);
      for (const key of keys)
        assert.ok(API.requestBody.properties.includes(key), `${key} is a field of pulls/create`);
      for (const key of API.requestBody.required) assert.ok(keys.includes(key), `${key} is required`);
    } finally {
      await api.close();
    }
  });

  it("throws GitHub's reason, never the token", async () => {
    const api = await startReceiver(() => ({ status: 401, body: '{"message":"Bad credentials"}' }));
    try {
      await assert.rejects(openPullRequest({ ...request, apiUrl: api.url }), (err: Error) => {
        assert.ok(err instanceof GitHubError);
        assert.equal(err.message, "GitHub answered HTTP 401: Bad credentials");
        assert.equal(err.status, 401);
        return !err.message.includes("tok");
      });
    } finally {
      await api.close();
    }
    await assert.rejects(
      openPullRequest({ ...request, apiUrl: api.url }),
      /^GitHubError: could not reach http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)$/,
    );
  });
});
