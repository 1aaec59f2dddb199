/**
 * Edges of the platform stack's config resolver (stacks/resolve.ts) and of the schemas it parses
 * with (stacks/schema.ts, launcher-schema.ts, ci-runners-schema.ts) that the mutation run of
 * 2026-12-02 left alive: the optional lists of a raw config, a stack that names no tier, the
 * did-you-mean of an unknown namespace at its length boundary, node pools checked one by one, the
 * launcher checked against the stack's own repository, and the anchors and quantifiers of the
 * schemas' patterns, each both ways. Runs the resolver directly (test/support/raw-config.ts), with
 * no Pulumi runtime and no secret to wrap, so it is fast enough to run for every mutant.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { resolveStackConfig } from "../stacks/resolve";
import type { KarpenterNodePoolConfig } from "../stacks/config";
import { configProblems, rawProblems, rawStackConfig, resolvedConfig } from "./support/raw-config";

const dev = rawStackConfig("dev");
const devValues = dev.values as Readonly<Record<string, Record<string, unknown>>>;
const NAMESPACES = "namespaces read: game-infra, aws, kubernetes, pulumi, eks, random";

describe("resolve: the optional lists of a raw config", () => {
  it("accepts a raw config that gives neither secretKeys nor otherKeys (both default to none)", () => {
    const { secretKeys: _secretKeys, otherKeys: _otherKeys, ...bare } = dev;
    assert.equal("secretKeys" in bare || "otherKeys" in bare, false);
    const config = resolveStackConfig(bare);
    assert.equal(config.stack, "dev");
    assert.equal(config.tier, "dev");
    assert.equal(config.redisAuthToken, undefined);
  });

  it("without secretKeys, a Redis token is one that was not set with --secret", () => {
    const { secretKeys: _secretKeys, ...bare } = dev;
    assert.deepEqual(
      rawProblems({ ...bare, values: { ...dev.values, redisAuthToken: "abcdefghijklmnop" } }),
      ["redisAuthToken: is a secret: set it with `pulumi config set --secret game-infra:redisAuthToken ...`"],
    );
  });
});

describe("resolve: a stack that is not named after a tier and sets none", () => {
  it("reports the missing tier alone when no grace period is written either (there is no tier default to take)", () => {
    const { nodeMonitorGracePeriod: _grace, ...cluster } = devValues.cluster!;
    const values: Record<string, unknown> = { ...dev.values, cluster };
    delete values.launcher;
    assert.deepEqual(rawProblems({ ...dev, stack: "sandbox", values }), [
      'tier: stack "sandbox" is not a tier name, so the tier must be set: one of dev, qa, stage',
    ]);
  });
});

describe("resolve: a namespace nothing reads, and the did-you-mean at six letters", () => {
  it("six letters two edits from pulumi: suggests pulumi", () => {
    assert.deepEqual(rawProblems({ ...dev, otherKeys: ["pulxmx:foo"] }), [
      `pulxmx:foo: unknown config namespace pulxmx (did you mean pulumi?): nothing reads it; ${NAMESPACES}`,
    ]);
  });

  it("five letters two edits from pulumi: no guess (one edit is the limit below six letters)", () => {
    assert.deepEqual(rawProblems({ ...dev, otherKeys: ["pulxm:foo"] }), [
      `pulxm:foo: unknown config namespace pulxm: nothing reads it; ${NAMESPACES}`,
    ]);
  });
});

describe("resolve: nodePools are checked pool by pool", () => {
  it("null is refused as a value of the wrong type, not a crash", () => {
    assert.deepEqual(configProblems("dev", { nodePools: null }), [
      "nodePools: must be a record, received null",
    ]);
  });

  it("a list is refused as a value of the wrong type, not read as pools named 0, 1, ...", () => {
    assert.deepEqual(configProblems("dev", { nodePools: [{ minSize: 1 }] }), [
      "nodePools: must be a record, received array",
    ]);
  });

  it("a bad pool name and a bad pool do not hide the cross-field problems of the other pools", () => {
    assert.deepEqual(
      configProblems("dev", {
        nodePools: {
          system: { provisioner: "karpenter" },
          Bad_Name: { minSize: 1 },
          extra: { minSize: "x" },
        },
      }),
      [
        'nodePools.Bad_Name: "Bad_Name" is not a DNS-1123 label of at most 20 characters',
        "nodePools.extra.minSize: must be a number, received string",
        'nodePools.system.provisioner: must be "managed": the system pool runs Karpenter\'s own controller, which must not run on nodes it manages (catalogue N3)',
        'nodePools.system: as a Karpenter pool, pool "system" needs instanceFamilies, instanceSizes, capacityTypes',
        "nodePools.system.limits: needs limits.cpu and limits.memory: without them Karpenter adds nodes for every pending pod, without bound (catalogue N1)",
      ],
    );
  });

  it("a pool with a bad name is left out whole: its spec is not resolved into more problems", () => {
    assert.deepEqual(configProblems("dev", { nodePools: { Bad_Name: { provisioner: "karpenter" } } }), [
      'nodePools.Bad_Name: "Bad_Name" is not a DNS-1123 label of at most 20 characters',
    ]);
  });

  it("a pool with a bad field is left out whole: it does not become a new pool with defaults", () => {
    assert.deepEqual(
      configProblems("dev", { nodePools: { extra: { provisioner: "karpenter", minSize: "x" } } }),
      ["nodePools.extra.minSize: must be a number, received string"],
    );
  });
});

describe("launcher: checked against this stack's own names", () => {
  const launcher = devValues.launcher!;

  it("refuses an image from another stack's launcher repository, naming the one the stack creates", () => {
    const image = String(launcher.image).replace("/game-infra-dev/", "/game-infra-qa/");
    assert.deepEqual(configProblems("dev", { launcher: { ...launcher, image } }), [
      "launcher.image: the image must come from this stack's launcher repository, <account>.dkr.ecr.eu-west-1.amazonaws.com/game-infra-dev/launcher (the platform creates it; the image workflow pushes there), not 123456789012.dkr.ecr.eu-west-1.amazonaws.com/game-infra-qa/launcher",
    ]);
  });

  it("names each empty OIDC endpoint by what it is", () => {
    const oidc = { issuer: "", authorizationEndpoint: "", tokenEndpoint: "", userInfoEndpoint: "" };
    assert.deepEqual(configProblems("dev", { launcher: { ...launcher, oidc } }), [
      "launcher.oidc.issuer: must name the OIDC issuer",
      "launcher.oidc.authorizationEndpoint: must name the authorization endpoint",
      "launcher.oidc.tokenEndpoint: must name the token endpoint",
      "launcher.oidc.userInfoEndpoint: must name the user info endpoint",
    ]);
  });
});

describe("schema: Karpenter pool fields", () => {
  const game = (patch: Record<string, unknown>) => ({ nodePools: { game: patch } });
  const gamePool = (patch: Record<string, unknown>): KarpenterNodePoolConfig => {
    const pool = resolvedConfig("dev", game(patch)).nodePools.find((p) => p.name === "game");
    assert.equal(pool?.provisioner, "karpenter");
    return pool as KarpenterNodePoolConfig;
  };
  const QUANTITY = 'must be a Kubernetes quantity such as 40, "40000m" or "160Gi"';

  it("refuses a fractional or zero CPU number with the quantity message", () => {
    assert.deepEqual(configProblems("dev", game({ limits: { cpu: 1.5, memory: "160Gi" } })), [
      `nodePools.game.limits.cpu: ${QUANTITY}`,
    ]);
    assert.deepEqual(configProblems("dev", game({ limits: { cpu: 0, memory: "160Gi" } })), [
      `nodePools.game.limits.cpu: ${QUANTITY}`,
    ]);
  });

  it("accepts quantities with several decimals", () => {
    assert.deepEqual(gamePool({ limits: { cpu: "40.25", memory: "160.75Gi" } }).limits, {
      cpu: "40.25",
      memory: "160.75Gi",
    });
  });

  it("refuses a duration in days even when it ends in minutes", () => {
    assert.deepEqual(configProblems("dev", game({ consolidateAfter: "1d5m" })), [
      "nodePools.game.consolidateAfter: must be a duration in hours, minutes or seconds such as 5m, 90s or 720h (Karpenter accepts no days)",
    ]);
  });

  it("takes a disruption budget of 1 to 3 digits as a percentage up to 100%, and no more", () => {
    assert.equal(gamePool({ disruptionBudget: "10%" }).disruptionBudget, "10%");
    assert.equal(gamePool({ disruptionBudget: "99%" }).disruptionBudget, "99%");
    assert.equal(gamePool({ disruptionBudget: "100%" }).disruptionBudget, "100%");
    assert.deepEqual(configProblems("dev", game({ disruptionBudget: "101%" })), [
      'nodePools.game.disruptionBudget: must be a node count ("1") or a percentage ("10%")',
    ]);
  });
});

describe("schema: data store instance names are anchored at both ends", () => {
  it("refuses an RDS instance class with text before db.", () => {
    assert.deepEqual(configProblems("dev", { mysql: { instanceClass: "xdb.t4g.medium" } }), [
      "mysql.instanceClass: must be an RDS instance class such as db.t4g.medium",
    ]);
  });

  it("refuses an ElastiCache node type with text after its size", () => {
    assert.deepEqual(configProblems("dev", { redis: { nodeType: "cache.t4g.small-x" } }), [
      "redis.nodeType: must be an ElastiCache node type such as cache.t4g.small",
    ]);
  });
});

describe("ciRunners: the GitHub URL, the policy ARNs and the runner counts", () => {
  const POLICY = "arn:aws:iam::123456789012:policy/game-infra-deploy";
  const ci = (patch: Record<string, unknown>) => ({
    ciRunners: {
      githubConfigUrl: "https://github.com/studio-example/game-infra",
      deployPolicyArns: [POLICY],
      ...patch,
    },
  });
  const URL_MESSAGE =
    "ciRunners.githubConfigUrl: must be https://github.com/<org>/<repo>, https://github.com/<org> or https://github.com/enterprises/<name> (no trailing slash)";
  const ARN_MESSAGE =
    "ciRunners.deployPolicyArns[0]: must be an IAM policy ARN (arn:aws:iam::<account>:policy/<name> or arn:aws:iam::aws:policy/<name>)";

  it("accepts a GitHub Enterprise Server host of one character", () => {
    assert.deepEqual(resolvedConfig("dev", ci({ githubConfigUrl: "https://g/studio" })).ciRunners, {
      githubConfigUrl: "https://g/studio",
      githubAppSecret: "arc-github-app",
      runnerGroup: "default",
      minRunners: 0,
      maxRunners: 2,
      deployPolicyArns: [POLICY],
    });
  });

  it("refuses text before https://, an enterprise name starting with '-', and an enterprise URL's trailing slash", () => {
    for (const url of [
      "xhttps://github.com/studio",
      "https://github.com/enterprises/-acme",
      "https://github.com/enterprises/a/",
    ]) {
      assert.deepEqual(configProblems("dev", ci({ githubConfigUrl: url })), [URL_MESSAGE], url);
    }
  });

  it("refuses a policy ARN with text before arn: or after its name", () => {
    for (const arn of [
      "xarn:aws:iam::aws:policy/ReadOnlyAccess",
      "arn:aws:iam::aws:policy/ReadOnlyAccess extra",
    ]) {
      assert.deepEqual(configProblems("dev", ci({ deployPolicyArns: [arn] })), [ARN_MESSAGE], arn);
    }
  });

  it("says a fractional runner count must be a whole number", () => {
    assert.deepEqual(configProblems("dev", ci({ minRunners: 1.5 })), [
      "ciRunners.minRunners: must be a whole number",
    ]);
  });
});
