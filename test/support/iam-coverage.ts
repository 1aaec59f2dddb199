/**
 * Does one IAM policy grant at least what another grants? Used to hold the program's policies to
 * the ones their upstreams publish (vendored under `upstream/`).
 *
 * The check works per (action, resource) pair of the upstream document's Allow statements: the pair
 * is covered when one Allow statement of the program's policy names the action (or a wildcard that
 * matches it), names a resource pattern that matches every ARN the upstream pattern matches, has
 * the same principal (trust policies), and sets no condition the upstream statement does not set
 * at least as strictly. It is deliberately conservative: a statement that is looser in a way the
 * check cannot see (say, a different condition operator that happens to be wider) counts as not
 * covering, so the answer errs towards asking for a reviewed exception, never towards a silent gap.
 */

/** One statement as it appears in a policy document's JSON. */
export interface JsonStatement {
  readonly Effect: string;
  readonly Action?: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly Principal?: unknown;
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

/** A policy document's JSON. */
export interface JsonPolicy {
  readonly Statement: readonly JsonStatement[];
}

/** An upstream grant the program's policy does not cover. */
export interface Gap {
  readonly action: string;
  readonly resource: string;
}

const list = (v: string | readonly string[] | undefined, absent: string[]): string[] =>
  v === undefined ? absent : typeof v === "string" ? [v] : [...v];

/**
 * IAM's wildcard match, with the subject treated as a pattern too: `*` in `pattern` matches any run
 * of characters (including the subject's own `*`), `?` any one character other than `*`. So a
 * pattern matches a subject pattern exactly when it matches every string the subject can stand for.
 */
export function wildcardCovers(pattern: string, subject: string, caseInsensitive = false): boolean {
  const p = caseInsensitive ? pattern.toLowerCase() : pattern;
  const s = caseInsensitive ? subject.toLowerCase() : subject;
  // memo[i][j]: does p[i..] match s[j..]?
  const memo = new Map<string, boolean>();
  const match = (i: number, j: number): boolean => {
    const key = `${i},${j}`;
    const cached = memo.get(key);
    if (cached !== undefined) return cached;
    let result: boolean;
    if (i === p.length) result = j === s.length;
    else if (p[i] === "*") result = match(i + 1, j) || (j < s.length && match(i, j + 1));
    else if (j === s.length) result = false;
    else if (p[i] === "?") result = s[j] !== "*" && match(i + 1, j + 1);
    else result = p[i] === s[j] && match(i + 1, j + 1);
    memo.set(key, result);
    return result;
  };
  return match(0, 0);
}

/** Every condition the program statement sets is one upstream sets, with no fewer allowed values. */
function conditionsNoStricter(program: JsonStatement, upstream: JsonStatement): boolean {
  for (const [operator, keys] of Object.entries(program.Condition ?? {})) {
    for (const [key, value] of Object.entries(keys)) {
      const theirs = upstream.Condition?.[operator]?.[key];
      if (theirs === undefined) return false;
      const allowed = new Set(list(value, []));
      if (!list(theirs, []).every((v) => allowed.has(v))) return false;
    }
  }
  return true;
}

const samePrincipal = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The upstream (action, resource) pairs that `program` does not grant as widely as `upstream`. */
export function uncoveredGrants(program: JsonPolicy, upstream: JsonPolicy): Gap[] {
  const allows = program.Statement.filter((s) => s.Effect === "Allow");
  const gaps: Gap[] = [];
  for (const theirs of upstream.Statement.filter((s) => s.Effect === "Allow")) {
    for (const action of list(theirs.Action, [])) {
      for (const resource of list(theirs.Resource, ["*"])) {
        const covered = allows.some(
          (ours) =>
            list(ours.Action, []).some((a) => wildcardCovers(a, action, true)) &&
            list(ours.Resource, ["*"]).some((r) => wildcardCovers(r, resource)) &&
            samePrincipal(ours.Principal, theirs.Principal) &&
            conditionsNoStricter(ours, theirs),
        );
        if (!covered) gaps.push({ action, resource });
      }
    }
  }
  return gaps;
}
