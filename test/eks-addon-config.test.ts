/**
 * Every EKS add-on's configurationValues against the add-on's configuration schema as recorded in
 * upstream/eks-addons/ (see its SOURCE.md): EKS rejects the whole add-on on a key its schema does
 * not list, so an unrecorded add-on or an unknown key fails here instead of in `pulumi up`.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import Ajv, { type ValidateFunction } from "ajv";
import Ajv2019 from "ajv/dist/2019";
import draft06 from "ajv/dist/refs/json-schema-draft-06.json";
import { parse as parseYaml } from "yaml";
import { ROOT, runStack } from "./harness";

const upstream = (file: string) => readFileSync(join(ROOT, "upstream", "eks-addons", file), "utf8");
const gitBlob = (text: string) =>
  createHash("sha1")
    .update(`blob ${Buffer.byteLength(text)}\0${text}`)
    .digest("hex");

/** One validator per add-on name, compiled from the recorded schema. */
function recordedSchemas(): Record<string, ValidateFunction> {
  // strict: false because upstream schemas carry annotations ajv does not know (e.g. `title` on
  // `properties`); they constrain nothing, and validation stays exact for what they do say.
  const drafts = new Ajv({ strict: false, allErrors: true });
  drafts.addMetaSchema(draft06);
  const coredns = parseYaml(upstream("coredns-v1.10.1-eksbuild.11.describe-addon-configuration.yaml")) as {
    configurationSchema: string;
  };
  return {
    coredns: drafts.compile(JSON.parse(coredns.configurationSchema) as object),
    "aws-ebs-csi-driver": new Ajv2019({ strict: false, allErrors: true }).compile(
      JSON.parse(upstream("aws-ebs-csi-driver.values.schema.json")) as object,
    ),
    "metrics-server": drafts.compile(
      JSON.parse(upstream("metrics-server.verified-keys.schema.json")) as object,
    ),
  };
}

/** Every violation, naming the offending key where it is an unknown one. */
const problems = (validate: ValidateFunction, values: unknown) =>
  validate(values)
    ? []
    : (validate.errors ?? []).map((e) => {
        const unknown = (e.params as { additionalProperty?: string }).additionalProperty;
        return `${e.instancePath || "/"} ${e.message ?? ""}${unknown ? `: "${unknown}"` : ""}`;
      });

describe("recorded add-on configuration schemas", () => {
  const schemas = recordedSchemas();

  it("are the files their SOURCE.md names", () => {
    assert.equal(
      gitBlob(upstream("aws-ebs-csi-driver.values.schema.json")),
      "f7b9c2b3290f01d4a169c87b7104d52565ca9964",
    );
    assert.equal(
      gitBlob(upstream("metrics-server-chart-values.yaml")),
      "ae3712f5a0763975e0c78b36505a580de1a14ace",
    );
  });

  it("reject keys their add-on does not know, anywhere in the tree", () => {
    assert.notDeepEqual(problems(schemas.coredns!, { replicas: 2 }), []);
    assert.notDeepEqual(problems(schemas["aws-ebs-csi-driver"]!, { replicaCount: 2 }), []);
    assert.notDeepEqual(problems(schemas["aws-ebs-csi-driver"]!, { controller: { replicas: 2 } }), []);
    assert.notDeepEqual(problems(schemas["metrics-server"]!, { replicas: 2 }), []);
    assert.notDeepEqual(problems(schemas["metrics-server"]!, { nodeSelector: {}, tolerations: [] }), []);
  });

  it("reject values of the wrong type", () => {
    assert.notDeepEqual(problems(schemas.coredns!, { nodeSelector: { pool: 1 } }), []);
    assert.notDeepEqual(problems(schemas["aws-ebs-csi-driver"]!, { node: { tolerateAllTaints: "yes" } }), []);
  });

  it("accept what each add-on documents", () => {
    assert.deepEqual(
      problems(schemas.coredns!, { replicaCount: 3, nodeSelector: { a: "b" }, tolerations: [{}] }),
      [],
    );
    assert.deepEqual(
      problems(schemas["aws-ebs-csi-driver"]!, { controller: { replicaCount: 2, nodeSelector: { a: "b" } } }),
      [],
    );
    assert.deepEqual(problems(schemas["metrics-server"]!, {}), []);
  });
});

for (const stack of ["dev", "stage"]) {
  describe(`the ${stack} stack's EKS add-ons`, () => {
    const schemas = recordedSchemas();
    let addons: Array<{ addonName: string; configurationValues?: string }>;
    before(async () => {
      const { registered } = await runStack(stack);
      addons = registered
        .ofType("aws:eks/addon:Addon")
        .map((a) => a.inputs as { addonName: string; configurationValues?: string });
    });

    it("are all add-ons with a recorded configuration schema", () => {
      assert.ok(addons.length > 0);
      for (const { addonName } of addons) {
        assert.ok(
          schemas[addonName],
          `record ${addonName}'s configuration schema in upstream/eks-addons/ first`,
        );
      }
    });

    it("pass only configuration their schema accepts", () => {
      for (const { addonName, configurationValues } of addons) {
        const values: unknown = configurationValues === undefined ? {} : JSON.parse(configurationValues);
        assert.deepEqual(problems(schemas[addonName]!, values), [], `${addonName}: ${configurationValues}`);
      }
    });

    it("still place coredns and the EBS CSI controller on the system pool", () => {
      const config = (name: string) =>
        JSON.parse(addons.find((a) => a.addonName === name)!.configurationValues!) as Record<string, unknown>;
      assert.deepEqual(config("coredns").nodeSelector, { "game-infra/pool": "system" });
      assert.deepEqual((config("aws-ebs-csi-driver").controller as Record<string, unknown>).nodeSelector, {
        "game-infra/pool": "system",
      });
      assert.equal(addons.find((a) => a.addonName === "metrics-server")!.configurationValues, undefined);
    });
  });
}
