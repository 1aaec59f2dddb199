import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { parse } from "yaml";
import type { z } from "zod";
import { CONFIG_KEYS, stackConfigSchema } from "../stacks/schema";
import { ROOT } from "./harness";

/** Every key path the schema accepts, written as docs/config.md writes them (`nodePools.<name>.x`, `environments[].x`). */
function keyPaths(schema: z.ZodType, prefix: string): string[] {
  const def = (
    schema as unknown as {
      def: { type: string; innerType?: z.ZodType; element?: z.ZodType; valueType?: z.ZodType };
    }
  ).def;
  if (def.type === "optional" || def.type === "default") return keyPaths(def.innerType!, prefix);
  if (def.type === "array")
    return isObject(def.element!) ? [`${prefix}[]`, ...keyPaths(def.element!, `${prefix}[]`)] : [prefix];
  if (def.type === "record")
    return isObject(def.valueType!) ? keyPaths(def.valueType!, `${prefix}.<name>`) : [prefix];
  if (def.type === "object") {
    const shape = (schema as unknown as { shape: Record<string, z.ZodType> }).shape;
    return Object.entries(shape).flatMap(([k, v]) => keyPaths(v, prefix ? `${prefix}.${k}` : k));
  }
  return [prefix];
}

function isObject(schema: z.ZodType): boolean {
  const def = (schema as unknown as { def: { type: string; innerType?: z.ZodType } }).def;
  return (
    def.type === "object" || ((def.type === "optional" || def.type === "default") && isObject(def.innerType!))
  );
}

describe("config reference", () => {
  const section = readFileSync(join(ROOT, "docs", "config.md"), "utf8");

  it("documents every key the schema accepts in docs/config.md", () => {
    const lines = section.split("\n").filter((l) => l.startsWith("| `"));
    const missing = keyPaths(stackConfigSchema, "").filter((path) => {
      if (lines.some((l) => l.includes(`\`${path}\``))) return false;
      const cut = Math.max(path.lastIndexOf("."), path.lastIndexOf("]"));
      const [parent, leaf] = [path.slice(0, cut + 1), path.slice(cut + 1).replace(/^\./, "")];
      return !lines.some((l) => l.startsWith(`| \`${parent}`) && l.includes(`\`${leaf}\``));
    });
    assert.deepEqual(missing, [], "add these keys to the table in docs/config.md");
  });

  it("documents no key the schema does not accept", () => {
    const known = new Set(keyPaths(stackConfigSchema, ""));
    const documented = [...section.matchAll(/^\| `([a-zA-Z][\w.<>[\]]*)`/gm)]
      .map((m) => m[1]!)
      .filter((k) => k !== "aws:region");
    assert.deepEqual(
      documented.filter((k) => !known.has(k)),
      [],
    );
  });

  it("declares only schema keys in Pulumi.yaml, each with a type and description", () => {
    const project = parse(readFileSync(join(ROOT, "Pulumi.yaml"), "utf8")) as {
      config: Record<string, { type: string; description: string }>;
    };
    for (const [key, decl] of Object.entries(project.config)) {
      assert.ok(CONFIG_KEYS.includes(key), `${key} is declared in Pulumi.yaml but not in the schema`);
      assert.ok(decl.type && decl.description, `${key} needs a type and description`);
    }
  });
});
