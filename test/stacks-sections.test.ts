/**
 * The stack config's sections besides the network and data stores: `logging`
 * (stacks/logging-schema.ts, logging-resolve.ts), `karpenter` (karpenter-resolve.ts), `ciRunners`
 * (ci-runners-schema.ts) and `launcher` (launcher-schema.ts): defaults and every rule both ways,
 * through the resolver directly (no Pulumi mock runtime).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { configProblems, rawStackConfig, resolvedConfig } from "./support/raw-config";

const dev = rawStackConfig("dev").values as Record<string, Record<string, unknown>>;
const OFFICE = "203.0.113.0/24";
const logging = (patch: Record<string, unknown>) => ({
  logging: { dashboardsAllowedCidrs: [OFFICE], ...patch },
});
const ciRunners = (patch: Record<string, unknown>) => ({ ciRunners: { ...dev.ciRunners, ...patch } });
const launcher = (patch: Record<string, unknown>) => ({ launcher: { ...dev.launcher, ...patch } });

describe("logging section", () => {
  it("takes the dev tier's pipeline when only the Dashboards allow-list is written", () => {
    assert.deepEqual(resolvedConfig("dev").logging, {
      retentionDays: 3,
      buffer: false,
      openSearchNodes: 1,
      storageGiB: 20,
      kafkaNodes: 1,
      kafkaStorageGiB: 10,
      bufferRetentionHours: 24,
      dashboardsReplicas: 1,
      logstashReplicas: 1,
      requests: {
        collector: { cpuMillicores: 50, memoryMiB: 64 },
        openSearch: { cpuMillicores: 250, memoryMiB: 2048 },
        dashboards: { cpuMillicores: 100, memoryMiB: 768 },
        kafka: { cpuMillicores: 200, memoryMiB: 2048 },
        logstash: { cpuMillicores: 250, memoryMiB: 1024 },
      },
      dashboardsAllowedCidrs: [OFFICE],
    });
  });

  it("needs the section, keeps Dashboards off the open internet and within one listener rule's 3 CIDRs", () => {
    assert.deepEqual(configProblems("dev", { logging: undefined }), [
      "logging: is required (pulumi config set game-infra:logging ...)",
    ]);
    assert.deepEqual(configProblems("dev", logging({ dashboardsAllowedCidrs: ["0.0.0.0/0"] })), [
      "logging.dashboardsAllowedCidrs[0]: must not open Dashboards to the whole internet; list the office and VPN ranges",
    ]);
    assert.deepEqual(configProblems("dev", logging({ dashboardsAllowedCidrs: [] })), [
      "logging.dashboardsAllowedCidrs: needs at least one CIDR (Dashboards is never open to everyone)",
    ]);
    const three = ["10.1.0.0/16", "10.2.0.0/16", "10.3.0.0/16"];
    assert.deepEqual(
      resolvedConfig("dev", logging({ dashboardsAllowedCidrs: three })).logging.dashboardsAllowedCidrs,
      three,
    );
    assert.deepEqual(configProblems("dev", logging({ dashboardsAllowedCidrs: [...three, "10.4.0.0/16"] })), [
      "logging.dashboardsAllowedCidrs: allows at most 3 CIDRs: one ALB listener rule holds at most 5 condition values (3 in one condition), and this rule's host and path take 2; list wider blocks (one /16 instead of several /24s)",
    ]);
  });

  it("holds each number to its range", () => {
    assert.deepEqual(
      configProblems(
        "dev",
        logging({ retentionDays: 0, storageGiB: 9, bufferRetentionHours: 169, openSearchNodes: 2 }),
      ),
      [
        "logging.retentionDays: must be at least 1 days",
        "logging.openSearchNodes: must be 1, 3, 5 (odd, so a quorum survives the loss of a node)",
        "logging.storageGiB: must be at least 10 GiB",
        "logging.bufferRetentionHours: must be at most 168 hours",
      ],
    );
    assert.deepEqual(
      configProblems(
        "dev",
        logging({ retentionDays: 366, kafkaStorageGiB: 16_385, bufferRetentionHours: 0 }),
      ),
      [
        "logging.retentionDays: must be at most 365 days",
        "logging.kafkaStorageGiB: must be at most 16384 GiB",
        "logging.bufferRetentionHours: must be at least 1 hours",
      ],
    );
    const top = resolvedConfig(
      "dev",
      logging({ retentionDays: 365, storageGiB: 16_384, bufferRetentionHours: 168 }),
    ).logging;
    assert.deepEqual([top.retentionDays, top.storageGiB, top.bufferRetentionHours], [365, 16_384, 168]);
    assert.deepEqual(configProblems("dev", logging({ buffer: "yes" })), [
      "logging.buffer: must be true (Kafka buffer between collector and store) or false",
    ]);
  });

  it("holds requests to their ranges, and chart parts to their CPU limit", () => {
    assert.deepEqual(
      configProblems(
        "dev",
        logging({ requests: { dashboards: { cpuMillicores: 1001 }, collector: { memoryMiB: 15 } } }),
      ),
      [
        "logging.requests.collector.memoryMiB: must be at least 16 MiB",
        "logging.requests.dashboards.cpuMillicores: must be at most 1000 millicores (the CPU limit the program gives this chart's pods; a request above its limit is refused)",
      ],
    );
    const c = resolvedConfig(
      "dev",
      logging({ requests: { logstash: { cpuMillicores: 1000 }, collector: { memoryMiB: 16 } } }),
    );
    assert.equal(c.logging.requests.logstash.cpuMillicores, 1000);
    assert.equal(c.logging.requests.logstash.memoryMiB, 1024, "the tier's memory where only CPU is written");
    assert.equal(c.logging.requests.collector.memoryMiB, 16);
  });

  it("fits the pipeline on the system pool: a node per OpenSearch node, and room for every request", () => {
    assert.deepEqual(configProblems("dev", logging({ openSearchNodes: 3 })), [
      "logging.openSearchNodes: 3 OpenSearch nodes need as many system-pool nodes (one each), but the pool has 2",
    ]);
    assert.equal(
      resolvedConfig("dev", { ...logging({ openSearchNodes: 3 }), nodePools: { system: { desiredSize: 3 } } })
        .logging.openSearchNodes,
      3,
    );
    assert.deepEqual(
      configProblems(
        "dev",
        logging({ requests: { openSearch: { memoryMiB: 65_536, cpuMillicores: 16_000 } } }),
      ),
      [
        "logging.requests: the pipeline requests 8.82 system nodes' worth of capacity, but the pool has 2 nodes",
      ],
    );
  });
});

describe("karpenter section", () => {
  it("pins the tier's Bottlerocket release and working hours by default", () => {
    assert.deepEqual(resolvedConfig("dev").karpenter, {
      bottlerocketVersion: "v1.68.1",
      workingHours: {
        timeZone: "Europe/Berlin",
        days: ["Mon", "Tue", "Wed", "Thu", "Fri"],
        start: "08:00",
        end: "20:00",
      },
    });
    const c = resolvedConfig("dev", { karpenter: { bottlerocketVersion: "v1.70.0" } });
    assert.equal(c.karpenter.bottlerocketVersion, "v1.70.0");
  });

  it("refuses an unpinned or malformed release", () => {
    assert.deepEqual(configProblems("dev", { karpenter: { bottlerocketVersion: "latest" } }), [
      'karpenter.bottlerocketVersion: "latest" would let every new Bottlerocket release replace the nodes without review; pin a release such as v1.68.1 and bump it in a reviewed change (docs/nodes.md)',
    ]);
    assert.deepEqual(configProblems("dev", { karpenter: { bottlerocketVersion: "v1.2-LATEST" } }), [
      'karpenter.bottlerocketVersion: "v1.2-LATEST" would let every new Bottlerocket release replace the nodes without review; pin a release such as v1.68.1 and bump it in a reviewed change (docs/nodes.md)',
    ]);
    for (const bad of ["1.2.3", "v1.2", "v1.2.3-rc1", "v1.2.3 "]) {
      assert.deepEqual(configProblems("dev", { karpenter: { bottlerocketVersion: bad } }), [
        `karpenter.bottlerocketVersion: "${bad}" is not a Bottlerocket release written vMAJOR.MINOR.PATCH, such as v1.68.1`,
      ]);
    }
  });

  it("checks written working hours, naming them", () => {
    assert.deepEqual(
      configProblems("dev", {
        karpenter: { workingHours: { timeZone: "Mars/Base", days: [], start: "25:00", end: "08:00" } },
      }),
      [
        'karpenter.workingHours.timeZone: "Mars/Base" is not an IANA time zone such as Europe/Berlin or Asia/Seoul',
        "karpenter.workingHours.days: needs at least one day",
        'karpenter.workingHours.start: "25:00" is not a time of day written HH:MM (00:00-23:59)',
      ],
    );
    assert.match(
      configProblems("dev", {
        karpenter: { workingHours: { timeZone: "UTC", days: ["Sun"], start: "x", end: "08:00" } },
      })[0]!,
      /^karpenter\.workingHours\.start: "x" is not a time of day/,
    );
  });
});

describe("ciRunners section", () => {
  it("defaults to 0-2 runners in the default group with the arc-github-app secret", () => {
    assert.deepEqual(resolvedConfig("dev").ciRunners, {
      githubConfigUrl: "https://github.com/studio-example/game-infra",
      githubAppSecret: "arc-github-app",
      runnerGroup: "default",
      minRunners: 0,
      maxRunners: 2,
      deployPolicyArns: ["arn:aws:iam::123456789012:policy/game-infra-deploy"],
    });
    assert.equal(resolvedConfig("dev", { ciRunners: undefined }).ciRunners, undefined);
  });

  it("takes up to 10 runners, at least 1 at most, and no more at least than at most", () => {
    const c = resolvedConfig("dev", ciRunners({ minRunners: 10, maxRunners: 10 })).ciRunners!;
    assert.deepEqual([c.minRunners, c.maxRunners], [10, 10]);
    assert.deepEqual(configProblems("dev", ciRunners({ minRunners: 3, maxRunners: 2 })), [
      "ciRunners.minRunners: 3 is more than maxRunners (2)",
    ]);
    assert.deepEqual(configProblems("dev", ciRunners({ maxRunners: 0 })), [
      "ciRunners.maxRunners: must be at least 1, or no job could ever run",
    ]);
    assert.equal(resolvedConfig("dev", ciRunners({ maxRunners: 1 })).ciRunners!.maxRunners, 1);
    assert.deepEqual(configProblems("dev", ciRunners({ maxRunners: 11, minRunners: -1 })), [
      "ciRunners.minRunners: must be 0-10",
      "ciRunners.maxRunners: must be 0-10",
    ]);
  });

  it("checks the GitHub URL, the secret name, the runner group and the policy ARNs", () => {
    const url =
      "ciRunners.githubConfigUrl: must be https://github.com/<org>/<repo>, https://github.com/<org> or https://github.com/enterprises/<name> (no trailing slash)";
    for (const bad of ["https://github.com/org/", "http://github.com/org", "https://github.com/a/b/c"]) {
      assert.deepEqual(configProblems("dev", ciRunners({ githubConfigUrl: bad })), [url], bad);
    }
    for (const ok of [
      "https://github.com/org",
      "https://github.com/enterprises/acme",
      "https://ghe.example.com/org/repo",
    ]) {
      assert.equal(resolvedConfig("dev", ciRunners({ githubConfigUrl: ok })).ciRunners!.githubConfigUrl, ok);
    }
    const secret =
      "ciRunners.githubAppSecret: must be a Kubernetes Secret name (a DNS-1123 label of at most 63 characters)";
    assert.deepEqual(configProblems("dev", ciRunners({ githubAppSecret: "A" })), [secret]);
    assert.deepEqual(configProblems("dev", ciRunners({ githubAppSecret: "s".repeat(64) })), [secret]);
    assert.equal(
      resolvedConfig("dev", ciRunners({ githubAppSecret: "s".repeat(63) })).ciRunners!.githubAppSecret.length,
      63,
    );
    assert.deepEqual(configProblems("dev", ciRunners({ runnerGroup: "" })), [
      "ciRunners.runnerGroup: must name a runner group",
    ]);
    assert.equal(
      resolvedConfig("dev", ciRunners({ runnerGroup: "deployers" })).ciRunners!.runnerGroup,
      "deployers",
    );
    assert.deepEqual(configProblems("dev", ciRunners({ deployPolicyArns: [] })), [
      "ciRunners.deployPolicyArns: needs at least one IAM policy ARN: runners without permissions cannot deploy",
    ]);
    assert.deepEqual(configProblems("dev", ciRunners({ deployPolicyArns: ["arn:aws:iam::aws:role/x"] })), [
      "ciRunners.deployPolicyArns[0]: must be an IAM policy ARN (arn:aws:iam::<account>:policy/<name> or arn:aws:iam::aws:policy/<name>)",
    ]);
    const arns = [
      "arn:aws:iam::aws:policy/AdministratorAccess",
      "arn:aws-us-gov:iam::123456789012:policy/deploy",
    ];
    assert.deepEqual(
      resolvedConfig("dev", ciRunners({ deployPolicyArns: arns })).ciRunners!.deployPolicyArns,
      arns,
    );
  });
});

describe("launcher section", () => {
  it("fills in the host label and secret names", () => {
    assert.deepEqual(resolvedConfig("dev").launcher, {
      image:
        "123456789012.dkr.ecr.eu-west-1.amazonaws.com/game-infra-dev/launcher@sha256:0000000000000000000000000000000000000000000000000000000000000000",
      hostLabel: "stove",
      oidc: {
        issuer: "https://login.studio.example",
        authorizationEndpoint: "https://login.studio.example/oauth2/authorize",
        tokenEndpoint: "https://login.studio.example/oauth2/token",
        userInfoEndpoint: "https://login.studio.example/oauth2/userinfo",
        clientSecretName: "launcher-oidc",
      },
      presetAllowedCidrs: [OFFICE],
      gitRepositoryUrl: "git@github.com:studio-example/game-infra.git",
      gitSecretName: "launcher-git",
      slackSecretName: "launcher-slack",
    });
    assert.equal(resolvedConfig("dev", { launcher: undefined }).launcher, undefined);
  });

  it("keeps written names", () => {
    const c = resolvedConfig(
      "dev",
      launcher({
        hostLabel: "launch",
        gitSecretName: "g",
        slackSecretName: "s",
        presetTokenSecretName: "t",
        presetAllowedCidrs: undefined,
        oidc: { ...(dev.launcher!.oidc as object), clientSecretName: "o" },
      }),
    ).launcher!;
    assert.deepEqual(
      [c.hostLabel, c.gitSecretName, c.slackSecretName, c.presetTokenSecretName, c.oidc.clientSecretName],
      ["launch", "g", "s", "t", "o"],
    );
    assert.deepEqual(c.presetAllowedCidrs, []);
  });

  it("reports the launcher's own checks under launcher.", () => {
    assert.deepEqual(configProblems("dev", launcher({ image: "" })), [
      "launcher.image: must name the image, pinned by digest",
    ]);
    assert.deepEqual(configProblems("dev", launcher({ hostLabel: "Bad_Label" })), [
      `launcher.hostLabel: "Bad_Label" must be one DNS label (lower-case letters, digits and '-', at most 63 characters)`,
    ]);
    assert.deepEqual(
      configProblems("dev", launcher({ oidc: { ...(dev.launcher!.oidc as object), issuer: "http://x" } })),
      [
        'launcher.oidc.issuer: "http://x" must be a full https:// URL (the ALB calls the identity provider over TLS)',
      ],
    );
    assert.deepEqual(configProblems("dev", launcher({ gitRepositoryUrl: "" })), [
      "launcher.gitRepositoryUrl: must name the Git URL of this repository",
    ]);
  });
});
