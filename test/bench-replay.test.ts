import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { replayRegistrations, sdkClassFor } from "../tools/bench/replay";
import { runUnderMocks } from "../tools/engine/run";
import { ROOT, TEST_TODAY, platformReference, stackConfig } from "./harness";
import { environmentStack } from "../environment/main";
import { ENVIRONMENT_PROJECT, platformStackReference } from "../lib/naming";
import { OFFLINE_ORGANIZATION } from "../tools/plan/build-environment";
import { defineStack } from "../program";
import { readRawConfig } from "../stacks/loader";
import { resolveStackConfig } from "../stacks/resolve";

describe("benchmark baseline", () => {
  it("resolves SDK classes from type tokens", () => {
    assert.equal(
      (sdkClassFor("aws:rds/instance:Instance") as unknown as { __pulumiType: string }).__pulumiType,
      "aws:rds/instance:Instance",
    );
    assert.equal(
      (sdkClassFor("kubernetes:networking.k8s.io/v1:NetworkPolicy") as unknown as { __pulumiType: string })
        .__pulumiType,
      "kubernetes:networking.k8s.io/v1:NetworkPolicy",
    );
    assert.equal(sdkClassFor("kubernetes:kafka.strimzi.io/v1:Kafka"), undefined);
  });

  it("replays exactly the platform program's registrations, each with its SDK class", async () => {
    const { project, config, secretKeys } = stackConfig("qa");
    const base = { project, stack: "qa", config, secretKeys };
    const recorded = await runUnderMocks({
      ...base,
      program: () => defineStack(resolveStackConfig(readRawConfig())),
    });
    const replay = await runUnderMocks({ ...base, program: () => replayRegistrations(recorded.resources) });
    assert.equal(replay.outputs.generic, 0);
    assert.deepEqual(
      replay.resources.map((r) => `${r.urn} ${r.custom}`),
      recorded.resources.map((r) => `${r.urn} ${r.custom}`),
    );
  });
});

describe("benchmark baseline of an environment stack", () => {
  it("replays the environment program's registrations, its StackReference read included", async () => {
    const platform = await platformReference("dev");
    const base = {
      project: ENVIRONMENT_PROJECT,
      stack: "dev.dev1",
      config: {},
      organization: OFFLINE_ORGANIZATION,
      stackReferences: { [platformStackReference(OFFLINE_ORGANIZATION, "dev")]: platform },
    };
    const recorded = await runUnderMocks({
      ...base,
      program: () => environmentStack({ root: ROOT, today: TEST_TODAY }),
    });
    const replay = await runUnderMocks({ ...base, program: () => replayRegistrations(recorded.resources) });
    assert.ok(recorded.resources.some((r) => r.type === "pulumi:pulumi:StackReference"));
    assert.deepEqual(
      replay.resources.map((r) => `${r.urn} ${r.custom}`),
      recorded.resources.map((r) => `${r.urn} ${r.custom}`),
    );
  });
});
