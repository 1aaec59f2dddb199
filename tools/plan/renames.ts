/**
 * Likely renames: a deleted and a created resource of the same type that look like the same thing
 * under a new name or parent. Pulumi identifies resources by URN (parent type chain + name), so a
 * renamed component deletes and recreates every child named from it; an `aliases` option on the
 * new resource tells the engine it is the old one. Children named `${parent}-...` inherit their
 * parent's alias, so one alias on the component covers them.
 *
 * An environment renamed in config is different: the name is data, there is no code to put an
 * alias in, and the environment's data lives outside its resources (docs/data-stores.md). Such a
 * rename is reported with what actually happens to that data instead of the alias advice.
 */
import type { Json } from "../engine/values";
import type { PlanDiff } from "./diff";
import { environmentNameOf, environmentsIn } from "./environments";
import { replacementCauses, type ReplacementContext } from "./immutable-fields";
import type { Plan, PlanResource } from "./model";
import { formatPath, isJsonObject, valueAt, type PathSegment } from "./paths";
import { statefulKind } from "./risks";

/** A deleted resource and the created one it probably became. */
export interface RenamedResource {
  readonly from: PlanResource;
  readonly to: PlanResource;
  /** Share of the input values that match once the name change is applied (1 for components). */
  readonly similarity: number;
  /** Why the resource is replaced even with an alias (an immutable field changes with the name). */
  readonly replacedAnyway: string[];
}

/** One probable rename: the outermost renamed resource and everything renamed with it. */
export interface LikelyRename {
  readonly from: PlanResource;
  readonly to: PlanResource;
  /** The outermost pair first, then the renamed resources below it. */
  readonly members: RenamedResource[];
  /** The resource option to add to the new resource to keep the old URN. */
  readonly alias: string;
  /** Set when the renamed thing is a game environment (a config entry, not code). */
  readonly environment?: EnvironmentRename;
}

/** An environment renamed in config, and where its data is before and after. */
export interface EnvironmentRename {
  readonly from: string;
  readonly to: string;
  readonly mysqlDatabase: { readonly from?: string; readonly to?: string };
  readonly redisDb: { readonly from?: number; readonly to?: number };
  /** The old environment's resources with volumes, which go with its namespace. */
  readonly volumes: string[];
}

/** Least share of equal input values for two resources to count as the same thing. */
export const MIN_SIMILARITY = 0.75;
/** Created resources, by closeness of name, that each deleted resource is compared with. */
export const NAME_CANDIDATES = 5;
/** Least share of equal input values when the names share no part. */
export const MIN_SIMILARITY_UNRELATED = 0.95;
/** Least share of a component's deleted children that must reappear under the new component. */
export const MIN_CHILDREN_MATCHED = 0.5;

/** The probable renames among a diff's deletes and creates. `next` gives Kubernetes provider settings. */
export function findLikelyRenames(diff: PlanDiff, next?: Plan): LikelyRename[] {
  const deleted = diff.resources.filter((r) => r.operation === "delete").map((r) => r.before!);
  const created = diff.resources.filter((r) => r.operation === "create").map((r) => r.after!);
  const pairs = new Map<string, RenamedResource>();
  const used = new Set<string>();
  const providers = new Map((next?.resources ?? []).map((r) => [r.urn, r.inputs]));

  const take = (candidates: Array<{ from: PlanResource; to: PlanResource; similarity: number }>) => {
    candidates.sort((a, b) => b.similarity - a.similarity || nameDistance(a) - nameDistance(b));
    for (const c of candidates) {
      if (used.has(c.from.urn) || used.has(c.to.urn)) continue;
      used.add(c.from.urn).add(c.to.urn);
      const providerInputs = c.to.provider ? providers.get(c.to.provider) : undefined;
      const context: ReplacementContext = providerInputs ? { providerInputs } : {};
      const replacedAnyway = replacementCauses(c.to.type, c.from.inputs, c.to.inputs, context).map(
        (x) => `${formatPath(x.path)}: ${x.cause}`,
      );
      pairs.set(c.from.urn, { ...c, replacedAnyway });
    }
  };

  // Resources with inputs first, compared value by value, each against the few created resources
  // of its type with the closest names (a rename keeps most of a name), so big diffs stay fast.
  const withInputs = (r: PlanResource) => Object.keys(r.inputs).length > 0;
  const leavesOf = new Map(created.filter(withInputs).map((r) => [r.urn, leaves(r.inputs, [])]));
  const candidates = [];
  for (const from of deleted.filter(withInputs)) {
    const plain = leaves(from.inputs, []);
    const closest = created
      .filter((c) => c.type === from.type && withInputs(c))
      .map((to) => ({ to, closeness: nameCloseness(from.name, to.name) }))
      .sort((a, b) => b.closeness - a.closeness)
      .slice(0, NAME_CANDIDATES);
    for (const { to } of closest) {
      const change = nameChange(from.name, to.name);
      const target = leavesOf.get(to.urn)!;
      // Objects inside often keep their own names when only the Pulumi name changes: try both.
      const similarity = Math.max(
        leafSimilarity(leaves(substitute(from.inputs, change), []), target),
        leafSimilarity(plain, target),
      );
      // Unrelated names need near-identical inputs to count.
      const enough = from.name === to.name || change.related ? MIN_SIMILARITY : MIN_SIMILARITY_UNRELATED;
      if (similarity >= enough) candidates.push({ from, to, similarity });
    }
  }
  take(candidates);

  // Then plain components, innermost first, by how many of their children were paired.
  const components = deleted.filter((r) => !withInputs(r)).sort((a, b) => depth(b.urn) - depth(a.urn));
  for (const level of new Set(components.map((c) => depth(c.urn)))) {
    const levelCandidates = [];
    for (const from of components.filter((c) => depth(c.urn) === level)) {
      const fromChildren = deleted.filter((r) => r.parent === from.urn);
      for (const to of created.filter((c) => c.type === from.type && !withInputs(c))) {
        const toChildren = created.filter((r) => r.parent === to.urn);
        const matched = fromChildren.filter((r) => pairs.get(r.urn)?.to.parent === to.urn).length;
        const total = Math.max(fromChildren.length, toChildren.length);
        // A component's name is often one word (`dev2`), so its children are the evidence.
        const similarity = total === 0 ? (from.name === to.name ? 1 : 0) : matched / total;
        if (similarity >= MIN_CHILDREN_MATCHED) levelCandidates.push({ from, to, similarity });
      }
    }
    take(levelCandidates);
  }

  // Group each pair under its outermost renamed ancestor.
  const rootOf = (p: RenamedResource): RenamedResource => {
    const parent = p.from.parent ? pairs.get(p.from.parent) : undefined;
    return parent && parent.to.urn === p.to.parent ? rootOf(parent) : p;
  };
  const groups = new Map<string, RenamedResource[]>();
  for (const p of pairs.values()) {
    const root = rootOf(p);
    groups.set(root.from.urn, [...(groups.get(root.from.urn) ?? []), p]);
  }
  return [...groups.entries()]
    .map(([rootUrn, members]) => {
      const root = pairs.get(rootUrn)!;
      const ordered = [
        root,
        ...members.filter((m) => m !== root).sort((a, b) => cmp(a.from.urn, b.from.urn)),
      ];
      const environment = environmentRename(ordered, deleted, created, diff.stack);
      return {
        from: root.from,
        to: root.to,
        members: ordered,
        alias: aliasFor(root.from, root.to),
        ...(environment ? { environment } : {}),
      };
    })
    .sort((a, b) => cmp(a.from.urn, b.from.urn));
}

/** The environment rename among `members` (a namespace whose environment label changes), if any. */
function environmentRename(
  members: readonly RenamedResource[],
  deleted: readonly PlanResource[],
  created: readonly PlanResource[],
  stack: string,
): EnvironmentRename | undefined {
  for (const m of members) {
    const [from, to] = [environmentNameOf(m.from), environmentNameOf(m.to)];
    if (from === undefined || to === undefined || from === to) continue;
    const before = environmentsIn(deleted, stack).find((e) => e.name === from);
    const after = environmentsIn(created, stack).find((e) => e.name === to);
    const namespace = valueAt(m.from.inputs, ["metadata", "name"]);
    const volumes = deleted
      .filter((r) => valueAt(r.inputs, ["metadata", "namespace"]) === namespace)
      .filter((r) => statefulKind(r) !== undefined)
      .map((r) => r.name);
    return {
      from,
      to,
      mysqlDatabase: { from: before?.mysqlDatabase, to: after?.mysqlDatabase },
      redisDb: { from: before?.redisDb, to: after?.redisDb },
      volumes,
    };
  }
  return undefined;
}

/**
 * What renaming an environment in config does, and how to keep its data if that was the intent:
 * plain text for both renderers (the Markdown one escapes it).
 */
export function environmentRenameAdvice(rename: LikelyRename, e: EnvironmentRename): string {
  const { from: oldDb, to: newDb } = e.redisDb;
  const { from: oldMysql, to: newMysql } = e.mysqlDatabase;
  const kept = [
    oldMysql !== undefined
      ? `its MySQL database ${oldMysql}${newMysql !== undefined && newMysql !== oldMysql ? ` (${e.to} gets a new, empty ${newMysql})` : ""}`
      : "its MySQL database",
    oldDb === undefined
      ? "its Redis keys"
      : `its keys in Redis DB ${oldDb}${newDb === oldDb ? ` (${e.to} keeps DB ${oldDb}, so it finds them)` : newDb !== undefined ? ` (${e.to} uses DB ${newDb})` : ""}`,
  ];
  const lost =
    e.volumes.length > 0
      ? ` Lost: the volumes of ${e.volumes.join(", ")}, deleted with its namespace (see the data-loss risks).`
      : "";
  const copy =
    oldMysql !== undefined && newMysql !== undefined && newMysql !== oldMysql
      ? `copy the MySQL data after \`pulumi up\` (mysqldump ${oldMysql} | mysql ${newMysql}, from a pod as in docs/data-stores.md)`
      : "copy the data after `pulumi up`";
  const keepDb = oldDb !== undefined && newDb !== oldDb ? ` and keep redisDb ${oldDb}` : "";
  return (
    `environment ${e.from} renamed to ${e.to} in config: ${e.to} is a new environment and ${e.from} is removed ` +
    `(${rename.members.length} resource(s) deleted and created again; an \`aliases\` option cannot help, environments are config, not code). ` +
    `Kept (docs/data-stores.md, "Removing an environment does not delete its data"): ${kept.join(" and ")}.${lost} ` +
    `To keep using ${e.from}'s data, keep the name ${e.from}; if the new name is needed, ${copy}${keepDb}.`
  );
}

/** The resource option that keeps `from`'s URN for `to`. */
export function aliasFor(from: PlanResource, to: PlanResource): string {
  if (from.parent === to.parent) return `aliases: [{ name: ${JSON.stringify(from.name)} }]`;
  return `aliases: [${JSON.stringify(from.urn)}]`;
}

/** How one name became another: the differing middle part, if the names share a prefix or suffix. */
export interface NameChange {
  readonly from: string;
  readonly to: string;
  /** The names share at least one leading or trailing part (`dev2-game` and `dev-two-game`). */
  readonly related: boolean;
}

/**
 * The part of `a` replaced by a part of `b`, compared by name parts separated by `-`, `_` or `.`.
 * When one side would be empty (`login-dev` -> `login`), the change takes in the neighbouring shared
 * part, so it never rewrites a bare word such as the stack name.
 */
export function nameChange(a: string, b: string): NameChange {
  const x = words(a);
  const y = words(b);
  let head = 0;
  while (head < x.length && head < y.length && x[head]!.word === y[head]!.word) head++;
  let tail = 0;
  while (
    tail < x.length - head &&
    tail < y.length - head &&
    x[x.length - 1 - tail]!.word === y[y.length - 1 - tail]!.word
  ) {
    tail++;
  }
  const related = head + tail > 0;
  if (head + tail === x.length || head + tail === y.length) {
    if (head > 0) head--;
    else if (tail > 0) tail--;
  }
  const span = (s: string, w: Word[]) =>
    head < w.length - tail ? s.slice(w[head]!.start, w[w.length - 1 - tail]!.end) : "";
  return { from: span(a, x), to: span(b, y), related };
}

interface Word {
  readonly word: string;
  readonly start: number;
  readonly end: number;
}

function words(name: string): Word[] {
  return [...name.matchAll(/[^-_.]+/g)].map((m) => ({
    word: m[0],
    start: m.index,
    end: m.index + m[0].length,
  }));
}

/** `value` with the name change applied to every string, where it stands as a whole name part. */
export function substitute(value: { [key: string]: Json }, change: NameChange): { [key: string]: Json } {
  if (change.from === "" || change.from === change.to) return value;
  const escaped = change.from.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const pattern = new RegExp(`(^|[^A-Za-z0-9])${escaped}(?=$|[^A-Za-z0-9])`, "g");
  const walk = (v: Json): Json => {
    if (typeof v === "string") return v.replace(pattern, (_m, lead: string) => `${lead}${change.to}`);
    if (Array.isArray(v)) return v.map(walk);
    if (isJsonObject(v))
      return Object.fromEntries(Object.entries(v).map(([k, inner]) => [walk(k) as string, walk(inner)]));
    return v;
  };
  return walk(value) as { [key: string]: Json };
}

/** Share of leaf paths present on either side whose values are equal (1 when both are empty). */
export function inputSimilarity(a: { [key: string]: Json }, b: { [key: string]: Json }): number {
  return leafSimilarity(leaves(a, []), leaves(b, []));
}

function leafSimilarity(left: Map<string, string>, right: Map<string, string>): number {
  let union = left.size;
  let equal = 0;
  for (const [path, value] of right) {
    const other = left.get(path);
    if (other === undefined) union++;
    else if (other === value) equal++;
  }
  return union === 0 ? 1 : equal / union;
}

/** Leaf paths to their JSON text (object keys sorted, so equal values give equal text). */
function leaves(value: Json, path: PathSegment[], out = new Map<string, string>()): Map<string, string> {
  if (isJsonObject(value) && Object.keys(value).length > 0) {
    for (const k of Object.keys(value).sort()) leaves(value[k]!, [...path, k], out);
  } else if (Array.isArray(value) && value.length > 0) {
    value.forEach((v, i) => leaves(v, [...path, i], out));
  } else {
    out.set(formatPath(path), JSON.stringify(value));
  }
  return out;
}

/** How much of two names is shared at their start and end (0 to 1). */
export function nameCloseness(a: string, b: string): number {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  )
    tail++;
  return (head + tail) / Math.max(a.length, b.length, 1);
}

/** How deep a URN's resource sits (its parent type chain's length). */
function depth(urn: string): number {
  return (urn.split("::")[2] ?? "").split("$").length;
}

function nameDistance(c: { from: PlanResource; to: PlanResource }): number {
  return Math.abs(c.from.name.length - c.to.name.length) + (c.from.parent === c.to.parent ? 0 : 1);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Why an alias would not save everything, by field: `metadata.namespace (21), metadata.name (3)`;
 * empty when the alias turns every member into an update.
 */
export function replacedAnywaySummary(rename: LikelyRename): string {
  const counts = new Map<string, number>();
  for (const m of rename.members) {
    const first = m.replacedAnyway[0];
    if (first === undefined) continue;
    const field = first.slice(0, first.indexOf(": "));
    counts.set(field, (counts.get(field) ?? 0) + 1);
  }
  return [...counts]
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))
    .map(([field, n]) => `${field} (${n})`)
    .join(", ");
}
