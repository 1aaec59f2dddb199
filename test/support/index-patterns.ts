/**
 * How OpenSearch matches an index pattern (`*` wildcards only, as the program writes them) against
 * an index name: the tests check with it that one environment's pattern never reaches another's
 * indices. The program itself only writes patterns; OpenSearch does the matching.
 */
export function indexPatternMatches(pattern: string, index: string): boolean {
  const regex = new RegExp(`^${pattern.split("*").map(escapeRegExp).join(".*")}$`);
  return regex.test(index);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
