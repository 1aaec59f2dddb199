/**
 * Live status: the rules (missing / pending / sleeping / applied) on literal cluster objects, and
 * the real `@kubernetes/client-node` reading them from a local fake API server (node:http serving
 * the JSON the client asks for), read-only, three list calls per refresh, cached.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { KubeConfig } from "@kubernetes/client-node";
import { resolveRegistry, type Registry } from "../stacks/resolve-registry";
import { NoStatusSource } from "../launcher/status";
import {
  ClientNodeReader,
  isAsleep,
  KUBE_GREEN_FIELD_MANAGER,
  KubernetesStatusSource,
  liveStatusOf,
  type ClusterObservation,
} from "../launcher/status-kubernetes";
import { RegistryWorkspace } from "../launcher/workspace";
import { makeLauncherRepo, TEST_TODAY, type LauncherRepo } from "./support/launcher-repo";

/** The annotations the dev1 fixture's namespace has once sync applied it (literal, as the environment stack writes them). */
const DEV1_ANNOTATIONS = {
  "game-infra/owner": "mina.park@studio.example",
  "game-infra/team": "server",
  "game-infra/purpose": "Shared integration environment for the server team's main branch",
  "game-infra/version": "1.42.0",
  "game-infra/game-data-version": "gd-2026.11.3",
  "game-infra/resource-version": "res-2026.11.1",
  "game-infra/redis-db": "1",
  "game-infra/created": "2026-11-20",
  "game-infra/expires": "2026-12-20",
  "game-infra/clock-offset": "0s",
  "game-infra/sleep-schedule": "Mon-Fri: wakes 08:00, sleeps 20:00 (Europe/Berlin)",
};

/** kube-green's sleep, as the API server shows it: replicas 0, owned by its server-side apply. */
const asleepManagedFields = [
  {
    manager: "pulumi-kubernetes",
    operation: "Apply",
    fieldsType: "FieldsV1",
    fieldsV1: { "f:spec": { "f:template": {} } },
  },
  {
    manager: "kube-green",
    operation: "Apply",
    fieldsType: "FieldsV1",
    fieldsV1: { "f:spec": { "f:replicas": {} } },
  },
];

function workloadJson(
  kind: string,
  namespace: string,
  name: string,
  replicas: number,
  managedFields: unknown[] = [],
) {
  return {
    apiVersion: "apps/v1",
    kind,
    metadata: { name, namespace, labels: { "game-infra/environment": namespace }, managedFields },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: {}, spec: { containers: [] } },
    },
  };
}

describe("live status", () => {
  let repo: LauncherRepo;
  let registry: Registry;

  before(async () => {
    repo = makeLauncherRepo();
    const workspace = new RegistryWorkspace(repo.clone);
    registry = resolveRegistry(workspace.source("dev"), {
      settings: await workspace.settings("dev"),
      today: TEST_TODAY,
    });
  });
  after(() => repo.remove());

  const dev1 = () => registry.environments.find((e) => e.name === "dev1")!;
  const observed = (over: Partial<ClusterObservation> = {}): ClusterObservation => ({
    namespaces: [{ name: "dev1", environment: "dev1", annotations: DEV1_ANNOTATIONS }],
    workloads: [
      {
        kind: "Deployment",
        namespace: "dev1",
        name: "gameserver",
        replicas: 1,
        replicaManagers: ["pulumi-kubernetes"],
      },
    ],
    ...over,
  });

  it("applied: the namespace says what the registry says", () => {
    assert.equal(liveStatusOf(dev1(), observed()), "applied");
  });

  it("missing: no namespace of that name", () => {
    assert.equal(liveStatusOf(dev1(), observed({ namespaces: [] })), "missing");
  });

  it("pending: any annotation differs (a new version, a later expiry) until sync rewrites it", () => {
    for (const [key, value] of [
      ["game-infra/version", "1.41.0"],
      ["game-infra/expires", "2026-12-10"],
      ["game-infra/game-data-version", "gd-old"],
    ]) {
      const annotations = { ...DEV1_ANNOTATIONS, [key!]: value! };
      const status = liveStatusOf(dev1(), observed({ namespaces: [{ name: "dev1", annotations }] }));
      assert.equal(status, "pending", key);
    }
  });

  it("sleeping: every workload at 0 replicas, put there by kube-green's server-side apply", () => {
    const sleeping = [
      {
        kind: "Deployment" as const,
        namespace: "dev1",
        name: "gameserver",
        replicas: 0,
        replicaManagers: ["kube-green"],
      },
      {
        kind: "StatefulSet" as const,
        namespace: "dev1",
        name: "couchbase",
        replicas: 0,
        replicaManagers: ["kube-green"],
      },
    ];
    assert.equal(liveStatusOf(dev1(), observed({ workloads: sleeping })), "sleeping");
    // Scaled to 0 by someone else: not kube-green's sleep.
    const scaledByHand = sleeping.map((w) => ({ ...w, replicaManagers: ["kubectl-scale"] }));
    assert.equal(liveStatusOf(dev1(), observed({ workloads: scaledByHand })), "applied");
    // One server still running: awake.
    assert.equal(
      liveStatusOf(
        dev1(),
        observed({ workloads: [...sleeping, { ...sleeping[0]!, name: "league", replicas: 1 }] }),
      ),
      "applied",
    );
    // A pending change wins over sleep: the registry's change is what people wait for.
    const annotations = { ...DEV1_ANNOTATIONS, "game-infra/version": "1.41.0" };
    assert.equal(
      liveStatusOf(dev1(), { namespaces: [{ name: "dev1", annotations }], workloads: sleeping }),
      "pending",
    );
  });

  it("reads kube-green's field manager name from the vendored kube-green source", () => {
    const excerpt = readFileSync(
      join(__dirname, "..", "upstream", "kube-green", "sleep.excerpt.go.txt"),
      "utf8",
    );
    assert.ok(excerpt.includes(`managerName = "${KUBE_GREEN_FIELD_MANAGER}"`));
    assert.ok(excerpt.includes("FieldManager: r.FieldManagerName,"));
    assert.equal(
      (excerpt.match(/path: \/spec\/replicas\n {2}value: 0/g) ?? []).length,
      2,
      "Deployments and StatefulSets go to 0",
    );
    assert.equal(
      isAsleep({
        kind: "Deployment",
        namespace: "a",
        name: "b",
        replicas: 0,
        replicaManagers: ["kube-green"],
      }),
      true,
    );
  });

  it("none: no cluster, every environment unknown", async () => {
    assert.equal((await new NoStatusSource().status()).size, 0);
  });

  describe("from a Kubernetes API server (fake, local)", () => {
    let server: Server;
    const requests: { method: string; url: string; auth: string }[] = [];
    let dev1Annotations: Record<string, string> = DEV1_ANNOTATIONS;
    let failing = false;

    before(async () => {
      const handle = (req: IncomingMessage, res: ServerResponse): unknown => {
        requests.push({
          method: req.method ?? "",
          url: req.url ?? "",
          auth: req.headers.authorization ?? "",
        });
        const url = new URL(req.url ?? "/", "http://x");
        const send = (body: unknown) =>
          res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(body));
        if (failing)
          return res
            .writeHead(503, { "Content-Type": "application/json" })
            .end('{"kind":"Status","message":"down"}');
        if (url.searchParams.get("labelSelector") !== "game-infra/environment")
          return res.writeHead(400).end();
        if (url.pathname === "/api/v1/namespaces") {
          return send({
            apiVersion: "v1",
            kind: "NamespaceList",
            metadata: {},
            items: [
              {
                metadata: {
                  name: "dev1",
                  labels: { "game-infra/environment": "dev1" },
                  annotations: dev1Annotations,
                },
              },
              {
                metadata: {
                  name: "dev2",
                  labels: { "game-infra/environment": "dev2" },
                  annotations: {
                    "game-infra/owner": "jonas.berg@studio.example",
                    "game-infra/team": "balance",
                    "game-infra/purpose": "Balance data for the <winter> event & friends",
                    "game-infra/version": "1.42.0",
                    "game-infra/game-data-version": "gd-2026.12.0-winter",
                    "game-infra/resource-version": "res-2026.11.1",
                    "game-infra/redis-db": "2",
                    "game-infra/created": "2026-11-02",
                    "game-infra/expires": "2026-12-03",
                    "game-infra/clock-offset": "0s",
                    "game-infra/sleep-schedule": "Mon-Fri: wakes 08:00, sleeps 20:00 (Europe/Berlin)",
                  },
                },
              },
            ],
          });
        }
        if (url.pathname === "/apis/apps/v1/deployments") {
          return send({
            apiVersion: "apps/v1",
            kind: "DeploymentList",
            metadata: {},
            items: [
              workloadJson("Deployment", "dev1", "gameserver", 2),
              workloadJson("Deployment", "dev2", "gameserver", 0, asleepManagedFields),
            ],
          });
        }
        if (url.pathname === "/apis/apps/v1/statefulsets") {
          return send({
            apiVersion: "apps/v1",
            kind: "StatefulSetList",
            metadata: {},
            items: [workloadJson("StatefulSet", "dev2", "couchbase", 0, asleepManagedFields)],
          });
        }
        return res.writeHead(404).end();
      };
      server = createServer((req, res) => void handle(req, res));
      await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    });
    after(() => server.close());

    const reader = () => {
      const config = new KubeConfig();
      config.loadFromOptions({
        clusters: [
          {
            name: "fake",
            server: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
            skipTLSVerify: true,
          },
        ],
        users: [{ name: "launcher", token: "service-account-token" }],
        contexts: [{ name: "fake", cluster: "fake", user: "launcher" }],
        currentContext: "fake",
      });
      return new ClientNodeReader(config);
    };

    it("answers applied / sleeping / missing per environment with three read-only list calls", async () => {
      requests.length = 0;
      const source = new KubernetesStatusSource(reader());
      const status = await source.status(registry);
      assert.deepEqual(Object.fromEntries(status), { dev1: "applied", dev2: "sleeping" });
      assert.deepEqual(requests.map((r) => `${r.method} ${r.url}`).sort(), [
        "GET /api/v1/namespaces?labelSelector=game-infra%2Fenvironment",
        "GET /apis/apps/v1/deployments?labelSelector=game-infra%2Fenvironment",
        "GET /apis/apps/v1/statefulsets?labelSelector=game-infra%2Fenvironment",
      ]);
      assert.ok(requests.every((r) => r.auth === "Bearer service-account-token"));
    });

    it("caches one read for its TTL, then reads again; a registry change shows as pending at once", async () => {
      let clock = 0;
      const source = new KubernetesStatusSource(reader(), { ttlMs: 10_000, now: () => clock });
      requests.length = 0;
      await source.status(registry);
      await source.status(registry);
      assert.equal(requests.length, 3, "one read for both calls");
      // The registry moves dev1 to 1.43.0; the cluster still runs 1.42.0: pending, from the cached read.
      const newer: Registry = {
        ...registry,
        environments: registry.environments.map((e) => (e.name === "dev1" ? { ...e, version: "1.43.0" } : e)),
      };
      assert.equal((await source.status(newer)).get("dev1"), "pending");
      assert.equal(requests.length, 3);
      clock = 10_000;
      dev1Annotations = { ...DEV1_ANNOTATIONS, "game-infra/version": "1.43.0" };
      assert.equal((await source.status(newer)).get("dev1"), "applied", "sync applied it");
      assert.equal(requests.length, 6);
      dev1Annotations = DEV1_ANNOTATIONS;
    });

    it("an unreachable API server makes every environment unknown and says why", async () => {
      failing = true;
      const source = new KubernetesStatusSource(reader());
      assert.equal((await source.status(registry)).size, 0);
      assert.match(source.lastError ?? "", /the Kubernetes API could not be read/);
      failing = false;
    });
  });
});
