import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { runStack, type Registered } from "./harness";

describe("GameCluster on the dev stack", () => {
  let registered: Registered;
  before(async () => {
    ({ registered } = await runStack("dev"));
  });

  it("uses API authentication with an admin entry and namespace-scoped edit for owners", () => {
    const cluster = registered.one("eks:index:Cluster");
    assert.equal(cluster.inputs.authenticationMode, "API");
    const entries = cluster.inputs.accessEntries as Record<string, { principalArn: string; accessPolicies: Record<string, { policyArn: string; accessScope: { type: string; namespaces?: string[] } }> }>;
    const admin = Object.values(entries).find((e) => e.principalArn.endsWith("role/platform-admin"));
    assert.equal(admin?.accessPolicies.admin?.accessScope.type, "cluster");
    const serverTeam = Object.values(entries).find((e) => e.principalArn.endsWith("role/dev-server-team"));
    assert.deepEqual(serverTeam?.accessPolicies.edit?.accessScope, { type: "namespace", namespaces: ["dev1", "login-dev"] });
  });
});
