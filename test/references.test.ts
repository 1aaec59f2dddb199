/**
 * Comments and documents tell the truth about where things are: every repository path a source file,
 * workflow or document names (`lib/cidr.ts`, `docs/deploy.md`) exists, and every Markdown link
 * resolves to a file, and to a heading when it names one (`docs/deploy.md#bootstrap`).
 *
 * Not checked: test files (they name files they create in temporary registries), committed plans,
 * and the upstream repositories' own paths that upstream/<source>/SOURCE.md files cite.
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, it } from "node:test";
import { ROOT } from "./paths";

const SKIPPED_DIRS = new Set(["node_modules", ".git", "plans", "reports", ".stryker-tmp", "fixtures"]);
const SCANNED = /\.(ts|mts|cts|mjs|cjs|md|ya?ml|sh)$|^Dockerfile$/;
/** Our top-level folders: a path that starts with one of them is a reference into this repository. */
const OWN_FOLDERS =
  "components|stacks|lib|policy|tools|test|docs|launcher|environment|environments|upstream|\\.github|\\.ci";
const PATH = new RegExp(
  `(?<![\\w./<>*{-])((?:\\.\\.?/)*(?:${OWN_FOLDERS})/[\\w./-]*[\\w-]\\.(?:ts|md|json|ya?ml|mjs|cjs|sh))(?![\\w*<{])`,
  "g",
);
const MD_LINK = /\]\(([^)\s]+)\)/g;

function scannedFiles(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      if (SKIPPED_DIRS.has(entry)) continue;
      const full = join(dir, entry);
      const rel = relative(ROOT, full);
      if (statSync(full).isDirectory()) {
        if (rel === "test" || rel === join("policy", "test")) continue;
        walk(full);
      } else if (SCANNED.test(entry)) found.push(rel);
    }
  };
  walk(ROOT);
  return found.sort();
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
export function headingAnchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[`*_]/g, "")
    .replace(/[^\p{L}\p{N} -]/gu, "")
    .replace(/ /g, "-");
}

function anchorsOf(markdownFile: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of readFileSync(markdownFile, "utf8").split("\n")) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const heading = !fenced && /^#{1,6}\s+(.*)$/.exec(line);
    if (!heading) continue;
    const base = headingAnchor(heading[1]!);
    const count = seen.get(base) ?? 0;
    anchors.add(count === 0 ? base : `${base}-${count}`);
    seen.set(base, count + 1);
  }
  return anchors;
}

/** The path a reference in `file` names, if it exists: from the root, the file's folder or its top folder. */
function resolveReference(file: string, path: string): string | undefined {
  const top = file.split("/")[0]!;
  const candidates = [
    resolve(dirname(join(ROOT, file)), path),
    resolve(ROOT, path.replace(/^(\.\.?\/)+/, "")),
    resolve(ROOT, top, path.replace(/^(\.\.?\/)+/, "")),
  ];
  return candidates.find((c) => existsSync(c));
}

/** Every broken reference in `file`, as `file: reference (why)`. */
function brokenReferences(file: string): string[] {
  const text = readFileSync(join(ROOT, file), "utf8");
  const broken: string[] = [];
  const inUpstreamSource = file.startsWith("upstream/");
  for (const match of text.matchAll(PATH)) {
    const path = match[1]!;
    // upstream/<source>/SOURCE.md cites paths in the upstream repository (docs/install/...); only
    // its references to our own code and tests are ours to keep true.
    if (inUpstreamSource && !/^(test|lib|components|stacks|tools|policy|launcher|environment)\//.test(path)) {
      continue;
    }
    if (!resolveReference(file, path)) broken.push(`${file}: ${path} (no such file)`);
  }
  if (file.endsWith(".md")) {
    for (const match of text.matchAll(MD_LINK)) {
      const target = match[1]!;
      if (/^[a-z][a-z+.-]*:/i.test(target)) continue; // https:, mailto:
      const [pathPart, anchor] = target.split("#", 2) as [string, string | undefined];
      const resolved = pathPart === "" ? join(ROOT, file) : resolve(dirname(join(ROOT, file)), pathPart);
      if (!existsSync(resolved)) {
        broken.push(`${file}: ${target} (no such file)`);
      } else if (anchor !== undefined && resolved.endsWith(".md") && !anchorsOf(resolved).has(anchor)) {
        broken.push(`${file}: ${target} (no heading #${anchor})`);
      }
    }
  }
  return broken;
}

describe("references in comments and documents", () => {
  it("computes GitHub's heading anchors", () => {
    assert.equal(
      headingAnchor("Bootstrap a new stack (from a workstation)"),
      "bootstrap-a-new-stack-from-a-workstation",
    );
    assert.equal(headingAnchor("`npm run env -- wake`"), "npm-run-env----wake");
    assert.equal(headingAnchor("What's kept"), "whats-kept");
  });

  it("finds a missing file, a missing heading, and a path under the file's own top folder", () => {
    // This very list of examples is the negative case: each must be reported, or the check is blind.
    const fakes = ["lib/no-such-module.ts", "docs/no-such-page.md"];
    for (const fake of fakes) assert.equal(resolveReference("lib/cidr.ts", fake), undefined, fake);
    assert.ok(
      resolveReference("policy/lib/replicas.ts", "lib/label-selectors.ts"),
      "policy/lib/label-selectors.ts",
    );
    assert.equal(anchorsOf(join(ROOT, "README.md")).has("no-such-heading-anywhere"), false);
  });

  it("every file, section and document a source file or document names exists", () => {
    const files = scannedFiles();
    assert.ok(files.length > 200, `scanned ${files.length} files`);
    const broken = files.flatMap(brokenReferences);
    assert.deepEqual(broken, [], `broken references:\n${broken.join("\n")}`);
  });
});
