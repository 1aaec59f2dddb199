/**
 * The cluster's creator and cluster.admins: EKS gives the creator an admin access entry itself
 * (@pulumi/eks 4.x always sets bootstrapClusterCreatorAdminPermissions), so the same principal in
 * cluster.admins fails CreateAccessEntry with a conflict. The program refuses that at preview.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { creatorAdminProblem, iamPrincipalOf, samePrincipal } from "../lib/cluster-creator";

describe("iamPrincipalOf", () => {
  it("reads an assumed-role session as its role, whose path STS does not report", () => {
    assert.deepEqual(iamPrincipalOf("arn:aws:sts::123456789012:assumed-role/deploy/ci-run-42"), {
      partition: "aws",
      account: "123456789012",
      kind: "role",
      name: "deploy",
    });
  });

  it("reads roles and users with or without a path, and the account root", () => {
    assert.deepEqual(
      iamPrincipalOf("arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/eu-west-1/Admin_ab12"),
      {
        partition: "aws",
        account: "123456789012",
        kind: "role",
        name: "Admin_ab12",
      },
    );
    assert.equal(iamPrincipalOf("arn:aws:iam::123456789012:user/ops/mina")?.name, "mina");
    assert.equal(iamPrincipalOf("arn:aws:iam::123456789012:root")?.kind, "root");
  });

  it("gives nothing for principals an access entry cannot name", () => {
    assert.equal(iamPrincipalOf("arn:aws:sts::123456789012:federated-user/bob"), undefined);
    assert.equal(iamPrincipalOf("platform-admin"), undefined);
    assert.equal(iamPrincipalOf("arn:aws:iam::123456789012:group/admins"), undefined);
  });
});

describe("samePrincipal", () => {
  it("matches a session to its role across the lost path, and nothing across accounts or kinds", () => {
    const session = "arn:aws:sts::123456789012:assumed-role/platform-admin/alice";
    assert.equal(samePrincipal(session, "arn:aws:iam::123456789012:role/platform-admin"), true);
    assert.equal(samePrincipal(session, "arn:aws:iam::123456789012:role/teams/platform-admin"), true);
    assert.equal(samePrincipal(session, "arn:aws:iam::210987654321:role/platform-admin"), false);
    assert.equal(samePrincipal(session, "arn:aws:iam::123456789012:user/platform-admin"), false);
    assert.equal(samePrincipal(session, "arn:aws:iam::123456789012:role/platform-admin-2"), false);
  });
});

describe("creatorAdminProblem", () => {
  const admins = ["arn:aws:iam::123456789012:role/platform-admin", "arn:aws:iam::123456789012:user/ops/mina"];

  it("names cluster.admins and the listed principal when the creator is an admin", () => {
    const problem = creatorAdminProblem({
      clusterName: "game-infra-dev",
      admins,
      callerArn: "arn:aws:sts::123456789012:assumed-role/platform-admin/alice",
      existingClusters: [],
    });
    assert.match(
      problem ?? "",
      /^cluster\.admins: arn:aws:iam::123456789012:role\/platform-admin is the identity/,
    );
    assert.match(problem ?? "", /bootstrapClusterCreatorAdminPermissions/);
    assert.match(problem ?? "", /docs\/access\.md/);
  });

  it("catches an IAM user listed with its path", () => {
    assert.ok(
      creatorAdminProblem({
        clusterName: "c",
        admins,
        callerArn: "arn:aws:iam::123456789012:user/ops/mina",
        existingClusters: ["other"],
      }),
    );
  });

  it("lets a principal that is not an admin create the cluster", () => {
    const input = { clusterName: "c", admins, existingClusters: [] };
    assert.equal(
      creatorAdminProblem({ ...input, callerArn: "arn:aws:sts::123456789012:assumed-role/deploy/ci" }),
      undefined,
    );
  });

  it("lets an admin update a cluster that already exists", () => {
    assert.equal(
      creatorAdminProblem({
        clusterName: "game-infra-dev",
        admins,
        callerArn: "arn:aws:sts::123456789012:assumed-role/platform-admin/alice",
        existingClusters: ["game-infra-dev"],
      }),
      undefined,
    );
  });
});

describe("GameCluster and its creator", () => {
  /** Runs test/support/creator-conflict.ts (a GameCluster under mocks, once per admin list) in its own process. */
  function clustersWithAdmins(
    ...runs: string[][]
  ): Array<{ types: string[]; logged: string[]; rejections: string[] }> {
    const out = execFileSync(
      process.execPath,
      ["--import", "tsx", join(__dirname, "support", "creator-conflict.ts"), JSON.stringify(runs)],
      { encoding: "utf8", cwd: join(__dirname, ".."), maxBuffer: 64 * 1024 * 1024 },
    );
    return JSON.parse(out) as Array<{ types: string[]; logged: string[]; rejections: string[] }>;
  }
  const conflict =
    /^cluster\.admins: arn:aws:iam::123456789012:user\/mock is the identity creating cluster "c"/;
  let refused: { types: string[]; logged: string[]; rejections: string[] };
  let built: { types: string[]; logged: string[]; rejections: string[] };
  before(() => {
    [refused, built] = clustersWithAdmins(
      ["arn:aws:iam::123456789012:role/platform-admin", "arn:aws:iam::123456789012:user/mock"],
      ["arn:aws:iam::123456789012:role/platform-admin"],
    ) as [typeof refused, typeof built];
  });

  it("refuses, before the cluster is registered, when the deploying identity is in cluster.admins", () => {
    assert.ok(!refused.types.includes("eks:index:Cluster"), "the cluster must not be registered");
    assert.ok(!refused.types.includes("eks:index:ManagedNodeGroup"));
    assert.ok(
      refused.logged.some((line) => conflict.test(line.replace(/^error: \[runtime\] /, ""))),
      `a clean diagnostic naming cluster.admins; logged: ${refused.logged.join(" | ")}`,
    );
    assert.ok(refused.rejections.length > 0 && refused.rejections.every((m) => /cluster\.admins: /.test(m)));
  });

  it("builds the cluster when the deploying identity is not an admin", () => {
    assert.ok(built.types.includes("eks:index:Cluster"));
    assert.deepEqual(built.rejections, []);
    assert.deepEqual(built.logged, []);
  });
});
