import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { colorVersions } from "../lib/environment/blue-green";
import {
  environmentHosts,
  hostLabel,
  hostNameProblems,
  hostPatternProblem,
  publicEndpoints,
} from "../lib/environment/hosts";
import { environmentRoutes, publicIngress } from "../lib/environment/ingress";
import { POD_SECURITY_LABELS, namespaceMetadata } from "../lib/environment/metadata";
import { environmentFootprint, limitRange, quotaProblems, resourceQuota } from "../lib/environment/quota";
import { formatBytes, formatCpu, parseBytes, parseCpu } from "../lib/quantity";
import { TIERS } from "../stacks/tiers";
import type { EnvironmentWorkloadConfig } from "../lib/environment/profile";
import { plain, type Ingress, type LimitRange, type ResourceQuota } from "./support/k8s";

describe("quantities", () => {
  it("reads CPU as millicores and sizes as bytes", () => {
    assert.equal(parseCpu("250m"), 250);
    assert.equal(parseCpu("1.5"), 1500);
    assert.equal(parseCpu(2), 2000);
    assert.equal(parseCpu("1.5m"), undefined);
    assert.equal(parseCpu("one"), undefined);
    assert.equal(parseBytes("512Mi"), 512 * 2 ** 20);
    assert.equal(parseBytes("2Gi"), 2 * 2 ** 30);
    assert.equal(parseBytes("1G"), 1e9);
    assert.equal(parseBytes("2GB"), undefined);
  });

  it("formats back what it parses", () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1_000_000 }), (m) => parseCpu(formatCpu(m)) === m));
    fc.assert(fc.property(fc.integer({ min: 1, max: 2 ** 40 }), (b) => parseBytes(formatBytes(b)) === b));
  });
});

describe("host names", () => {
  it("defaults to one label per server and environment under the domain", () => {
    assert.deepEqual(environmentHosts("{server}-{env}", "dev1", "dev.game.example.com", "rolling"), {
      game: "game-dev1.dev.game.example.com",
      backoffice: "backoffice-dev1.dev.game.example.com",
    });
  });

  it("adds a preview host only for a blue/green game server", () => {
    assert.deepEqual(publicEndpoints("rolling"), ["game", "backoffice"]);
    assert.equal(
      environmentHosts("{server}-{env}", "stage", "stage.game.example.com", "blueGreen").gamePreview,
      "game-preview-stage.stage.game.example.com",
    );
  });

  it("follows a configured pattern", () => {
    assert.equal(hostLabel("{env}-{server}", "game", "qa-event"), "qa-event-game");
    assert.equal(hostPatternProblem("{env}-{server}"), undefined);
  });

  it("refuses patterns a single wildcard certificate cannot serve or that collide", () => {
    assert.match(hostPatternProblem("{server}.{env}")!, /single DNS label/);
    assert.match(hostPatternProblem("{server}")!, /both \{server\} and \{env\}/);
    assert.match(hostPatternProblem("{server}_{env}")!, /lower-case letters/);
    assert.match(hostPatternProblem("-{server}-{env}")!, /starting and ending/);
  });

  it("reports host labels longer than 63 characters", () => {
    const env = "e".repeat(40);
    assert.deepEqual(hostNameProblems("{server}-{env}", env, "blueGreen"), []);
    assert.match(hostNameProblems("{server}-{env}-long-suffix-here", env, "blueGreen")[0]!, /at most 63/);
  });

  it("routes each host to its Service on port 80", () => {
    const hosts = environmentHosts("{server}-{env}", "stage", "example.com", "blueGreen");
    assert.deepEqual(
      environmentRoutes(hosts).map((r) => [r.host, r.service, r.port]),
      [
        ["game-stage.example.com", "gameserver", 80],
        ["backoffice-stage.example.com", "backoffice", 80],
        ["game-preview-stage.example.com", "gameserver-preview", 80],
      ],
    );
  });
});

describe("the public Ingress", () => {
  const ingress = plain<Ingress>(
    publicIngress({
      name: "public",
      namespace: "dev1",
      labels: {},
      groupName: "game-infra-dev",
      certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/abc",
      routes: environmentRoutes(environmentHosts("{server}-{env}", "dev1", "example.com", "rolling")),
    }),
  );
  const annotations = ingress.metadata?.annotations ?? {};

  it("joins the stack's IngressGroup on an internet-facing ALB with pod targets", () => {
    assert.equal(ingress.spec?.ingressClassName, "alb");
    assert.equal(annotations["alb.ingress.kubernetes.io/group.name"], "game-infra-dev");
    assert.equal(annotations["alb.ingress.kubernetes.io/scheme"], "internet-facing");
    assert.equal(annotations["alb.ingress.kubernetes.io/target-type"], "ip");
  });

  it("serves HTTPS with the wildcard certificate and redirects HTTP", () => {
    assert.equal(
      annotations["alb.ingress.kubernetes.io/certificate-arn"],
      "arn:aws:acm:eu-west-1:123456789012:certificate/abc",
    );
    assert.deepEqual(JSON.parse(annotations["alb.ingress.kubernetes.io/listen-ports"]!), [
      { HTTP: 80 },
      { HTTPS: 443 },
    ]);
    assert.equal(annotations["alb.ingress.kubernetes.io/ssl-redirect"], "443");
    assert.deepEqual(ingress.spec?.tls, [
      { hosts: ["game-dev1.example.com", "backoffice-dev1.example.com"] },
    ]);
  });
});

describe("blue/green versions", () => {
  it("runs version on the active colour and previewVersion (default version) on the other", () => {
    assert.deepEqual(colorVersions("blue", "1.42.0"), { blue: "1.42.0", green: "1.42.0" });
    assert.deepEqual(colorVersions("blue", "1.42.0", "1.43.0"), { blue: "1.42.0", green: "1.43.0" });
    assert.deepEqual(colorVersions("green", "1.43.0", "1.42.0"), { blue: "1.42.0", green: "1.43.0" });
  });

  it("keeps both colours' versions when a switch swaps activeColor, version and previewVersion", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("blue" as const, "green" as const),
        fc.string(),
        fc.string(),
        (active, a, b) => {
          const other = active === "blue" ? "green" : "blue";
          assert.deepEqual(colorVersions(active, a, b), colorVersions(other, b, a));
        },
      ),
    );
  });
});

describe("namespace metadata", () => {
  const meta = namespaceMetadata({
    name: "dev2",
    tier: "dev",
    owner: "jonas.berg@studio.example",
    team: "balance",
    purpose: "Balance-data changes for the winter event",
    version: "1.42.0",
    gameDataVersion: "gd-2026.12.0-winter",
    resourceVersion: "res-2026.11.1",
    redisDb: 2,
    created: "2026-11-02",
    expires: "2026-12-20",
    clockOffset: "+720h",
  });

  it("labels the namespace with the environment, tier, owner, team and versions, and enforces restricted Pod Security", () => {
    assert.equal(meta.name, "dev2");
    assert.equal(meta.labels["game-infra/environment"], "dev2");
    assert.equal(meta.labels["game-infra/tier"], "dev");
    assert.equal(meta.labels["game-infra/owner"], "jonas.berg_at_studio.example");
    assert.equal(meta.labels["game-infra/team"], "balance");
    assert.equal(meta.labels["game-infra/version"], "1.42.0");
    assert.equal(meta.labels["pod-security.kubernetes.io/enforce"], "restricted");
    for (const [k, v] of Object.entries(POD_SECURITY_LABELS)) assert.equal(meta.labels[k], v);
  });

  it("annotates owner, team, purpose, versions, dates and clock offset as written", () => {
    assert.deepEqual(meta.annotations, {
      "game-infra/owner": "jonas.berg@studio.example",
      "game-infra/team": "balance",
      "game-infra/purpose": "Balance-data changes for the winter event",
      "game-infra/version": "1.42.0",
      "game-infra/game-data-version": "gd-2026.12.0-winter",
      "game-infra/resource-version": "res-2026.11.1",
      "game-infra/redis-db": "2",
      "game-infra/created": "2026-11-02",
      "game-infra/expires": "2026-12-20",
      "game-infra/clock-offset": "+720h",
    });
  });
});

/** The dev tier's environment defaults as a resolved workload config. */
function devWorkloads(overrides: Partial<EnvironmentWorkloadConfig> = {}): EnvironmentWorkloadConfig {
  const profile = TIERS.dev.environments;
  return {
    deployment: profile.deployment,
    activeColor: "blue",
    spread: profile.spread,
    autoscaleCpuPercent: profile.autoscaleCpuPercent,
    servers: profile.servers,
    quota: profile.quota,
    ...overrides,
  };
}

describe("quota", () => {
  it("counts each server at full scale plus the rollout's surge pod; scheduler and Couchbase never surge", () => {
    const pods = Object.fromEntries(environmentFootprint(devWorkloads()).map((f) => [f.server, f.pods]));
    assert.deepEqual(pods, { gameserver: 4, league: 2, scheduler: 1, backoffice: 2, couchbase: 1 });
  });

  it("counts both colours of a blue/green game server", () => {
    const game = environmentFootprint(devWorkloads({ deployment: "blueGreen" })).find(
      (f) => f.server === "gameserver",
    );
    assert.equal(game?.pods, 8);
  });

  it("fits every tier's defaults, rolling and blue/green", () => {
    for (const tier of Object.values(TIERS)) {
      for (const deployment of ["rolling", "blueGreen"] as const) {
        const env = { ...devWorkloads(), ...tier.environments, deployment, activeColor: "blue" as const };
        assert.deepEqual(quotaProblems(env), [], `${tier.name} ${deployment}`);
      }
    }
  });

  it("names the field, the numbers and the servers when the quota is too small", () => {
    const problems = quotaProblems(
      devWorkloads({ quota: { ...TIERS.dev.environments.quota, cpu: "1", pods: 5 } }),
    );
    assert.deepEqual(
      problems.map((p) => p.field),
      ["cpu", "pods"],
    );
    assert.match(problems[0]!.message, /^1 CPU is less than the 2 CPU .*gameserver 1 CPU/);
  });

  it("writes a ResourceQuota that also forbids load balancers and node ports", () => {
    const quota = plain<ResourceQuota>(
      resourceQuota({ namespace: "dev1", labels: {} }, TIERS.dev.environments.quota),
    );
    assert.deepEqual(quota.spec?.hard, {
      "requests.cpu": "4",
      "requests.memory": "10Gi",
      "limits.memory": "16Gi",
      pods: "24",
      "requests.storage": "30Gi",
      persistentvolumeclaims: "2",
      "services.loadbalancers": "0",
      "services.nodeports": "0",
    });
  });

  it("writes a LimitRange that sets no CPU max or default (either would impose CPU limits)", () => {
    const range = plain<LimitRange>(
      limitRange({ namespace: "dev1", labels: {} }, TIERS.dev.environments.quota),
    );
    const container = range.spec!.limits![0]!;
    assert.deepEqual(container.max, { memory: "4Gi" });
    assert.deepEqual(container.default, { memory: "256Mi" });
    assert.deepEqual(container.defaultRequest, { cpu: "100m", memory: "128Mi" });
  });
});
