/** Typo distance between names, for did-you-mean hints in messages. */

/** Levenshtein distance between two short strings (insertions, deletions and substitutions). */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

/**
 * The one candidate nearest to `text` within `maxDistance` edits; `undefined` when none is that
 * close, or when two are equally close (a guess between them would mislead).
 */
export function nearest<T extends string>(
  text: string,
  candidates: readonly T[],
  maxDistance: number,
): T | undefined {
  let best: T | undefined;
  let bestDistance = Infinity;
  let tied = false;
  for (const candidate of candidates) {
    const distance = editDistance(candidate, text);
    if (distance < bestDistance) {
      [best, bestDistance, tied] = [candidate, distance, false];
    } else if (distance === bestDistance) {
      tied = true;
    }
  }
  return bestDistance <= maxDistance && !tied ? best : undefined;
}
