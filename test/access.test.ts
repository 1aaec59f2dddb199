/**
 * Who may use a cluster (`lib/access.ts`): admins get cluster admin, each team's principals one
 * access entry mapping them to their teams' Kubernetes groups (what environment stacks' RoleBindings
 * name), with keys that never move when someone else is added.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { accessEntries, accessEntryProblems, principalKey } from "../lib/access";
import { validateClusterArgs, type GameClusterArgs } from "../components/cluster";
import { devConfig } from "./harness";

const ADMIN = "arn:aws:iam::123456789012:role/platform-admin";
const SHARED = "arn:aws:iam::123456789012:role/dev-server-team";
const QA = "arn:aws:iam::123456789012:user/tomas";

const ADMIN_ENTRY = {
  principalArn: ADMIN,
  accessPolicies: {
    admin: {
      policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
      accessScope: { type: "cluster" },
    },
  },
};

describe("EKS access entries", () => {
  it("gives admins cluster admin, and a principal of two teams one entry with both groups, sorted", () => {
    assert.deepEqual(
      accessEntries([ADMIN], { server: { principalArns: [SHARED] }, qa: { principalArns: [SHARED, QA] } }),
      {
        "admin-role-platform-admin-123456789012": ADMIN_ENTRY,
        "team-role-dev-server-team-123456789012": {
          principalArn: SHARED,
          kubernetesGroups: ["game-team:qa", "game-team:server"],
          accessPolicies: {},
        },
        "team-user-tomas-123456789012": {
          principalArn: QA,
          kubernetesGroups: ["game-team:qa"],
          accessPolicies: {},
        },
      },
    );
  });

  it("gives an admin who is also a team principal the admin entry only, once", () => {
    assert.deepEqual(accessEntries([ADMIN, ADMIN], { server: { principalArns: [ADMIN] } }), {
      "admin-role-platform-admin-123456789012": ADMIN_ENTRY,
    });
  });

  it("keeps every entry's key and content when a team or a principal is added", () => {
    const before = accessEntries([ADMIN], { server: { principalArns: [SHARED] } });
    const after = accessEntries([ADMIN], {
      art: { principalArns: ["arn:aws:iam::123456789012:role/art-team"] },
      server: { principalArns: [SHARED] },
    });
    for (const [key, entry] of Object.entries(before)) assert.deepEqual(after[key], entry, key);
    assert.deepEqual(Object.keys(after).sort(), [
      "admin-role-platform-admin-123456789012",
      "team-role-art-team-123456789012",
      "team-role-dev-server-team-123456789012",
    ]);
  });

  it("derives keys from the principal's path, name and account", () => {
    assert.equal(
      principalKey("arn:aws:iam::123456789012:role/team/dev-alice"),
      "role-team-dev-alice-123456789012",
    );
    assert.equal(principalKey("arn:aws:iam::210987654321:user/Bob.Smith"), "user-bob-smith-210987654321");
  });
});

describe("EKS access entries: principals whose keys would collide", () => {
  const dashed = "arn:aws:iam::123456789012:role/dev-alice";
  const underscored = "arn:aws:iam::123456789012:role/dev_alice";

  it("are refused, naming both, instead of one silently replacing the other", () => {
    const problems = accessEntryProblems([ADMIN], {
      server: { principalArns: [dashed] },
      qa: { principalArns: [underscored] },
    });
    assert.deepEqual(problems, [
      {
        propertyPath: "teams",
        reason: `${dashed} and ${underscored} would share the access entry "team-role-dev-alice-123456789012" and only one of them would get access; give each its own role name`,
      },
    ]);
    assert.throws(
      () => accessEntries([ADMIN], { server: { principalArns: [dashed, underscored] } }),
      /^Error: teams: .* would share the access entry "team-role-dev-alice-123456789012"/,
    );
    assert.deepEqual(accessEntryProblems([dashed, underscored], {})[0]?.propertyPath, "admins");
  });

  it("are not a collision when one is an admin and the other a team principal (different entries)", () => {
    assert.deepEqual(accessEntryProblems([dashed], { server: { principalArns: [underscored] } }), []);
  });

  it("stop GameCluster before it creates anything", async () => {
    const config = await devConfig();
    const args = {
      admins: [ADMIN],
      teams: { server: { principalArns: [dashed, underscored] } },
      nodePools: config.nodePools,
      karpenter: config.karpenter,
      publicAccessCidrs: ["203.0.113.0/24"],
      network: { privateSubnetIds: ["a", "b"] },
      nodeMonitorGracePeriodSeconds: 240,
    } as unknown as GameClusterArgs;
    assert.deepEqual(
      validateClusterArgs(args).map((p) => p.propertyPath),
      ["teams"],
    );
  });
});
