/** True when `text` matches `pattern` as a whole, where `*` matches any run of characters. */
export function globMatches(pattern: string, text: string): boolean {
  const escaped = pattern.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${escaped.join(".*")}$`).test(text);
}
