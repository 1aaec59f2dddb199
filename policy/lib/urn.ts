/** The parts of a Pulumi URN: `urn:pulumi:<stack>::<project>::<parent types $ type>::<name>`. */
export interface ParsedUrn {
  readonly stack: string;
  readonly project: string;
  /** The resource's own type token. */
  readonly type: string;
  /** The types of its ancestors, outermost first (the root Stack is not part of a URN's type). */
  readonly ancestorTypes: readonly string[];
  readonly name: string;
}

/** Parses a URN, or returns undefined when the string is not one. */
export function parseUrn(urn: string): ParsedUrn | undefined {
  const prefix = "urn:pulumi:";
  if (!urn.startsWith(prefix)) return undefined;
  const parts = urn.slice(prefix.length).split("::");
  if (parts.length < 4) return undefined;
  const [stack, project, qualifiedType] = parts;
  const types = qualifiedType.split("$");
  return {
    stack,
    project,
    type: types[types.length - 1],
    ancestorTypes: types.slice(0, -1),
    name: parts.slice(3).join("::"),
  };
}

/** True when any ancestor of the resource (read from its URN) has one of `types`. */
export function hasAncestorOfType(urn: string, types: readonly string[]): boolean {
  return parseUrn(urn)?.ancestorTypes.some((t) => types.includes(t)) ?? false;
}
