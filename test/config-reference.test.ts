import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { parse } from "yaml";
import type { z } from "zod";
import { CONFIG_KEYS, stackConfigSchema } from "../stacks/schema";
import { environmentFileSchema } from "../stacks/registry-schema";
import { ROOT } from "./paths";

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

/** The documented key paths of a table section of docs/config.md, and its table lines. */
function table(text: string): { lines: string[]; documented: string[] } {
  const lines = text.split("\n").filter((l) => l.startsWith("| `"));
  const documented = [...text.matchAll(/^\| `([a-zA-Z][\w.<>[\]]*)`/gm)].map((m) => m[1]!);
  return { lines, documented };
}

/** Keys of `schema` that no table line documents (a line may list siblings: `parent.a` / `b`). */
function undocumented(schema: z.ZodType, lines: readonly string[]): string[] {
  return keyPaths(schema, "").filter((path) => {
    if (lines.some((l) => l.includes(`\`${path}\``))) return false;
    const cut = Math.max(path.lastIndexOf("."), path.lastIndexOf("]"));
    const [parent, leaf] = [path.slice(0, cut + 1), path.slice(cut + 1).replace(/^\./, "")];
    return !lines.some((l) => l.startsWith(`| \`${parent}`) && l.includes(`\`${leaf}\``));
  });
}

describe("config reference", () => {
  const text = readFileSync(join(ROOT, "docs", "config.md"), "utf8");
  const split = text.indexOf("## Environment registry files");
  const platform = table(text.slice(0, split));
  const registry = table(text.slice(split));

  it("documents every platform key the schema accepts, and every registry file key", () => {
    assert.ok(split > 0, "docs/config.md has a section ## Environment registry files");
    assert.deepEqual(
      undocumented(stackConfigSchema, platform.lines),
      [],
      "add these platform keys to docs/config.md",
    );
    assert.deepEqual(
      undocumented(environmentFileSchema, registry.lines),
      [],
      "add these registry keys to docs/config.md, ## Environment registry files",
    );
  });

  it("documents no key the schemas do not accept", () => {
    const platformKeys = new Set(keyPaths(stackConfigSchema, ""));
    assert.deepEqual(
      platform.documented.filter((k) => k !== "aws:region" && !platformKeys.has(k)),
      [],
    );
    const registryKeys = new Set(keyPaths(environmentFileSchema, ""));
    assert.deepEqual(
      registry.documented.filter((k) => !registryKeys.has(k)),
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
