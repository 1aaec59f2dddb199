/**
 * Edges of top-level lib/ helpers: an ARN with a line break, the creator message naming every listed
 * admin, bootstrap SQL and access-entry errors listing all their problems, equal capacity demands
 * ordered by name, calendar dates that only look like dates, fractional byte quantities, and the
 * architecture of the burstable t3 types (node pools group instance types by it).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { accessEntries } from "../lib/access";
import { capacityShortfalls } from "../lib/capacity";
import { creatorAdminProblem, iamPrincipalOf } from "../lib/cluster-creator";
import { isIsoDate } from "../lib/dates";
import { instanceTypeSpec } from "../lib/instance-types";
import { bootstrapSql } from "../lib/mysql-bootstrap-sql";
import { parseBytes } from "../lib/quantity";
import { resolvedConfig } from "./support/raw-config";

describe("IAM principals (lib/cluster-creator.ts)", () => {
  it("an ARN followed by a line break is not a principal", () => {
    assert.deepEqual(iamPrincipalOf("arn:aws:iam::123456789012:root"), {
      partition: "aws",
      account: "123456789012",
      kind: "root",
      name: "root",
    });
    assert.equal(iamPrincipalOf("arn:aws:iam::123456789012:root\n"), undefined);
    assert.equal(iamPrincipalOf("arn:aws:iam::123456789012:role/deploy\nextra"), undefined);
  });

  it("names every admin entry that is the creating identity, comma-separated", () => {
    assert.equal(
      creatorAdminProblem({
        clusterName: "game-dev",
        admins: [
          "arn:aws:iam::123456789012:role/deploy",
          "arn:aws:iam::123456789012:role/ops/deploy",
          "arn:aws:iam::123456789012:role/other",
        ],
        callerArn: "arn:aws:sts::123456789012:assumed-role/deploy/ci",
        existingClusters: [],
      }),
      'cluster.admins: arn:aws:iam::123456789012:role/deploy, arn:aws:iam::123456789012:role/ops/deploy is the identity creating cluster "game-dev" ' +
        "(this deployment runs as arn:aws:sts::123456789012:assumed-role/deploy/ci). EKS gives the cluster's creator an admin access " +
        "entry of its own (@pulumi/eks always sets bootstrapClusterCreatorAdminPermissions), so a second " +
        "one for the same principal fails with ResourceInUseException after the control plane is built. " +
        "Create the stack as a principal that is not in cluster.admins (the deploy role, see " +
        "docs/access.md), or remove it from cluster.admins: as the creator it is cluster admin anyway.",
    );
  });
});

describe("bootstrap SQL (lib/mysql-bootstrap-sql.ts)", () => {
  it("refuses with every problem, separated by '; '", () => {
    assert.throws(() => bootstrapSql({ database: "Game-X", user: "Game-X" }), {
      message:
        "cannot build bootstrap SQL: database \"Game-X\" must be lower-case letters, digits and '_', at most 64 characters; " +
        "user \"Game-X\" must be lower-case letters, digits and '_', at most 32 characters",
    });
  });
});

describe("access entries (lib/access.ts)", () => {
  it("refuses with every colliding pair, separated by '; '", () => {
    assert.throws(
      () =>
        accessEntries(
          ["arn:aws:iam::123456789012:role/ops_alice", "arn:aws:iam::123456789012:role/ops-alice"],
          {
            server: {
              principalArns: [
                "arn:aws:iam::123456789012:role/dev_bob",
                "arn:aws:iam::123456789012:role/dev-bob",
              ],
            },
          },
        ),
      {
        message:
          'admins: arn:aws:iam::123456789012:role/ops_alice and arn:aws:iam::123456789012:role/ops-alice would share the access entry "admin-role-ops-alice-123456789012" and only one of them would get access; give each its own role name; ' +
          'teams: arn:aws:iam::123456789012:role/dev_bob and arn:aws:iam::123456789012:role/dev-bob would share the access entry "team-role-dev-bob-123456789012" and only one of them would get access; give each its own role name',
      },
    );
  });
});

describe("capacity shortfalls (lib/capacity.ts)", () => {
  it("orders environments of equal need by name", () => {
    const demand = (name: string) => ({ name, cpuMillicores: 1000, memoryBytes: 1024 });
    assert.deepEqual(
      capacityShortfalls([demand("zeta"), demand("alpha"), demand("mid")], { cpu: "2", memory: "1Gi" }),
      [
        {
          resource: "cpu",
          needed: 3000,
          available: 2000,
          demands: [
            { name: "alpha", amount: 1000 },
            { name: "mid", amount: 1000 },
            { name: "zeta", amount: 1000 },
          ],
        },
      ],
    );
  });
});

describe("calendar dates (lib/dates.ts)", () => {
  it("refuses an expanded-year month, which Date reads back unchanged", () => {
    assert.equal(isIsoDate("+010000-01"), false);
    assert.equal(isIsoDate("2026-12-02"), true);
  });

  it("refuses a value that is not a string without converting it", () => {
    assert.equal(isIsoDate(Symbol("2026-12-02")), false);
    assert.equal(isIsoDate(20261202), false);
  });
});

describe("byte quantities (lib/quantity.ts)", () => {
  it("reads more than one decimal digit", () => {
    assert.equal(parseBytes("1.25Gi"), 1342177280);
    assert.equal(parseBytes("0.125k"), 125);
  });
});

describe("instance types (lib/instance-types.ts)", () => {
  it("the burstable t3 types are x86_64, like the m5 types a pool mixes them with", () => {
    assert.deepEqual(instanceTypeSpec("t3.large"), {
      vcpus: 2,
      memoryMiB: 8192,
      enis: 3,
      ipv4PerEni: 12,
      architecture: "x86_64",
      burstable: true,
    });
    assert.deepEqual(instanceTypeSpec("t3.xlarge"), {
      vcpus: 4,
      memoryMiB: 16384,
      enis: 4,
      ipv4PerEni: 15,
      architecture: "x86_64",
      burstable: true,
    });
  });

  it("a node pool may mix the t3 types with m5 types: one architecture, one Bottlerocket AMI", () => {
    const system = resolvedConfig("dev", {
      nodePools: { system: { instanceTypes: ["t3.large", "t3.xlarge", "m5.large"] } },
    }).nodePools[0]!;
    assert.equal(system.name, "system");
    assert.equal(system.provisioner, "managed");
    if (system.provisioner !== "managed") return;
    assert.deepEqual(system.instanceTypes, ["t3.large", "t3.xlarge", "m5.large"]);
  });
});
