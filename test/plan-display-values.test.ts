import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  displayValue,
  isSecretPath,
  scrubSecrets,
  secretValues,
  shorten,
  SHORT_VALUE_LIMIT,
} from "../tools/plan/display-values";
import { OFFLINE_SECRET_PLACEHOLDER } from "../tools/plan/stack-files";

describe("values in a diff", () => {
  it("treats credentials as secret wherever they sit, but not the names that point to them", () => {
    assert.equal(isSecretPath("aws:rds/instance:Instance", ["password"]), true);
    assert.equal(isSecretPath("aws:elasticache/replicationGroup:ReplicationGroup", ["authToken"]), true);
    assert.equal(
      isSecretPath("kubernetes:core/v1:Secret", ["stringData", "MYSQL_USER"]),
      true,
      "a Secret's whole payload",
    );
    assert.equal(isSecretPath("kubernetes:apps/v1:Deployment", ["env", "[name=DB_PASSWORD]", "value"]), true);
    assert.equal(
      isSecretPath("kubernetes:apps/v1:Deployment", ["volumes", 0, "secret", "secretName"]),
      false,
    );
    assert.equal(
      isSecretPath("kubernetes:apps/v1:Deployment", ["env", 0, "valueFrom", "secretKeyRef", "key"]),
      false,
    );
    assert.equal(isSecretPath("aws:rds/instance:Instance", ["passwordSecretArn"]), false);
    assert.equal(isSecretPath("kubernetes:core/v1:ConfigMap", ["data", "MYSQL_USER"]), false);
  });

  it("masks secrets and stand-ins, names unknowns, and shortens long values", () => {
    assert.equal(displayValue("hunter2", true), "[secret]");
    assert.equal(displayValue(true, true), "true", "a flag under a secret-looking key is not a credential");
    assert.equal(displayValue({ a: `x${OFFLINE_SECRET_PLACEHOLDER}` }), "[secret]");
    assert.equal(displayValue("[unknown]"), "(known after apply)");
    assert.equal(displayValue(undefined), "(none)");
    const long = displayValue("y".repeat(200));
    assert.equal(long, `"${"y".repeat(SHORT_VALUE_LIMIT - 2)}… (202 chars)`);
    assert.equal(shorten("short"), "short");
  });

  it("scrubs a credential found in one place from every other place it leaked to", () => {
    const values = secretValues(
      [{ type: "aws:rds/instance:Instance", inputs: { password: "p@ss_w*rd", username: "admin" } }],
      [{ token: "[secret]" }],
    );
    assert.deepEqual(values, ["p@ss_w*rd"]);
    const text = 'conn "p@ss_w*rd" / md p@ss\\_w\\*rd / MOCKSECRETabc0 / ' + OFFLINE_SECRET_PLACEHOLDER;
    assert.equal(scrubSecrets(text, values), 'conn "[secret]" / md [secret] / [secret] / [secret]');
  });
});
