import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { Json } from "../tools/engine/values";
import {
  IMMUTABLE_FIELDS,
  immutableFieldAt,
  immutableFieldsFor,
  replacementCauses,
} from "../tools/plan/immutable-fields";
import { formatPath, parsePattern } from "../tools/plan/paths";
import { ROOT } from "./paths";

/** The SDK module file (without extension) that defines a type token. */
function sdkFile(type: string): string {
  const [pkg, module, name] = type.split(":") as [string, string, string];
  const base = join(ROOT, "node_modules", "@pulumi", pkg);
  if (pkg === "kubernetes") {
    const [group, version] = module.split("/") as [string, string];
    return join(base, group.split(".")[0]!, version, name[0]!.toLowerCase() + name.slice(1));
  }
  if (module === "index") return join(base, name[0]!.toLowerCase() + name.slice(1));
  const [folder, file] = module.split("/") as [string, string];
  return folder === "index" ? join(base, file) : join(base, folder, file);
}

/** Top-level input names of a resource's `<Name>Args` interface in its typings. */
function argNames(type: string): Set<string> {
  const name = type.split(":")[2]!;
  const dts = readFileSync(`${sdkFile(type)}.d.ts`, "utf8");
  const start = dts.indexOf(`export interface ${name}Args {`);
  assert.ok(start >= 0, `${type}: no ${name}Args in the typings`);
  const body = dts.slice(start, dts.indexOf("\n}", start));
  return new Set([...body.matchAll(/^ {4}(?:readonly )?(\w+)\??:/gm)].map((m) => m[1]!));
}

const change = (type: string, before: { [k: string]: Json }, after: { [k: string]: Json }, context = {}) =>
  replacementCauses(type, before, after, context).map((c) => formatPath(c.path));

describe("the immutable-field table", () => {
  it("names real resource types and real input fields of the SDKs this program uses", () => {
    for (const [type, fields] of Object.entries(IMMUTABLE_FIELDS)) {
      assert.ok(existsSync(`${sdkFile(type)}.js`), `${type} exists in its SDK`);
      assert.ok(
        readFileSync(`${sdkFile(type)}.js`, "utf8").includes(`'${type}'`),
        `${type} is the SDK's type token`,
      );
      const args = argNames(type);
      for (const field of fields) {
        const first = parsePattern(field.path)[0]!;
        if (first !== "*")
          assert.ok(
            args.has(String(first)),
            `${type}: ${field.path} is not an input (${[...args].join(", ")})`,
          );
        assert.ok(field.cause.length > 10, `${type}.${field.path} says why`);
      }
    }
  });

  it("covers the fields the issue names, each with its cause", () => {
    const expected: Array<[string, string]> = [
      ["kubernetes:apps/v1:Deployment", "spec.selector"],
      ["kubernetes:apps/v1:StatefulSet", "spec.selector"],
      ["kubernetes:apps/v1:StatefulSet", "spec.volumeClaimTemplates"],
      ["kubernetes:apps/v1:StatefulSet", "spec.serviceName"],
      ["kubernetes:batch/v1:Job", "spec.template"],
      ["aws:rds/instance:Instance", "engine"],
      ["aws:rds/instance:Instance", "identifier"],
      ["aws:rds/instance:Instance", "storageEncrypted"],
      ["aws:rds/instance:Instance", "kmsKeyId"],
      ["aws:rds/instance:Instance", "dbSubnetGroupName"],
      ["aws:elasticache/replicationGroup:ReplicationGroup", "replicationGroupId"],
      ["aws:elasticache/replicationGroup:ReplicationGroup", "atRestEncryptionEnabled"],
      ["aws:elasticache/replicationGroup:ReplicationGroup", "subnetGroupName"],
      ["eks:index:Cluster", "name"],
      ["eks:index:Cluster", "encryptionConfigKeyArn"],
      ["eks:index:ManagedNodeGroup", "instanceTypes"],
      ["eks:index:ManagedNodeGroup", "capacityType"],
      ["eks:index:ManagedNodeGroup", "amiType"],
    ];
    for (const [type, path] of expected) {
      assert.ok(
        immutableFieldsFor(type).some((f) => f.path === path),
        `${type} ${path} is in the table`,
      );
    }
  });

  it("replaces on immutable changes and updates in place on the rest", () => {
    const rds = {
      engine: "mysql",
      instanceClass: "db.t4g.medium",
      allocatedStorage: 20,
      storageEncrypted: true,
    };
    assert.deepEqual(
      change("aws:rds/instance:Instance", rds, {
        ...rds,
        instanceClass: "db.r6g.large",
        allocatedStorage: 50,
      }),
      [],
    );
    assert.deepEqual(change("aws:rds/instance:Instance", rds, { ...rds, storageEncrypted: false }), [
      "storageEncrypted",
    ]);
    assert.deepEqual(
      change("aws:rds/instance:Instance", rds, { ...rds, kmsKeyId: "arn:aws:kms:eu-west-1:1:key/k" }),
      ["kmsKeyId"],
    );

    const sts = {
      metadata: { name: "couchbase", namespace: "dev1" },
      spec: {
        replicas: 1,
        serviceName: "couchbase",
        template: { spec: { containers: [{ image: "a:1" }] } },
        volumeClaimTemplates: [{ spec: { resources: { requests: { storage: "10Gi" } } } }],
      },
    };
    const type = "kubernetes:apps/v1:StatefulSet";
    assert.deepEqual(
      change(type, sts, {
        ...sts,
        spec: { ...sts.spec, replicas: 3, template: { spec: { containers: [{ image: "a:2" }] } } },
      }),
      [],
    );
    assert.deepEqual(
      change(type, sts, {
        ...sts,
        spec: {
          ...sts.spec,
          volumeClaimTemplates: [{ spec: { resources: { requests: { storage: "20Gi" } } } }],
        },
      }),
      ["spec.volumeClaimTemplates"],
    );
    assert.deepEqual(change(type, sts, { ...sts, metadata: { name: "couchbase", namespace: "dev9" } }), [
      "metadata.namespace",
    ]);

    const nodes = {
      instanceTypes: ["m6i.large"],
      scalingConfig: { minSize: 2, maxSize: 4, desiredSize: 2 },
      labels: { a: "b" },
    };
    assert.deepEqual(
      change("eks:index:ManagedNodeGroup", nodes, {
        ...nodes,
        scalingConfig: { minSize: 2, maxSize: 8, desiredSize: 3 },
        labels: {},
      }),
      [],
    );
    assert.deepEqual(
      change("eks:index:ManagedNodeGroup", nodes, { ...nodes, instanceTypes: ["m6i.xlarge"] }),
      ["instanceTypes"],
    );

    const job = {
      metadata: { name: "bootstrap" },
      spec: { backoffLimit: 3, template: { spec: { containers: [{ image: "j:1" }] } } },
    };
    assert.deepEqual(
      change("kubernetes:batch/v1:Job", job, {
        ...job,
        spec: { ...job.spec, template: { spec: { containers: [{ image: "j:2" }] } } },
      }),
      ["spec.template"],
    );
  });

  it("applies the conditional rules only to the changes that force a new resource", () => {
    const redis = "aws:elasticache/replicationGroup:ReplicationGroup";
    assert.deepEqual(
      change(redis, { engineVersion: "7.0" }, { engineVersion: "7.1" }),
      [],
      "an upgrade is in place",
    );
    assert.deepEqual(
      change(redis, { engineVersion: "7.1" }, { engineVersion: "6.2" }),
      ["engineVersion"],
      "a downgrade is not",
    );
    assert.deepEqual(change(redis, { engine: "redis" }, { engine: "valkey" }), []);
    assert.deepEqual(change(redis, { engine: "valkey" }, { engine: "redis" }), ["engine"]);

    const eks = "eks:index:Cluster";
    assert.deepEqual(
      change(eks, {}, { encryptionConfigKeyArn: "arn:k" }),
      [],
      "turning encryption on is in place",
    );
    assert.deepEqual(change(eks, { encryptionConfigKeyArn: "arn:k" }, {}), ["encryptionConfigKeyArn"]);

    const cm = "kubernetes:core/v1:ConfigMap";
    const [before, after] = [{ data: { A: "1" } }, { data: { A: "2" } }];
    assert.deepEqual(change(cm, before, after), ["data"], "the provider replaces ConfigMaps by default");
    assert.deepEqual(change(cm, before, after, { providerInputs: { enableConfigMapMutable: "true" } }), []);
  });

  it("finds the immutable field a nested path lies in", () => {
    assert.equal(
      immutableFieldAt("kubernetes:batch/v1:Job", ["spec", "template", "spec", "containers", 0, "image"])
        ?.path,
      "spec.template",
    );
    assert.equal(immutableFieldAt("kubernetes:batch/v1:Job", ["spec", "backoffLimit"]), undefined);
    assert.equal(immutableFieldAt("kubernetes:core/v1:Service", ["metadata", "name"])?.path, "metadata.name");
    assert.equal(immutableFieldAt("kubernetes:helm.sh/v3:Release", ["metadata", "name"]), undefined);
  });
});
