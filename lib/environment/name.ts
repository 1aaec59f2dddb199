/**
 * What an environment may be called: the rule the registry schema, the launcher, the components
 * and policy G2 all apply.
 */
import { DNS1123_LABEL } from "../dns-names";
import { RESERVED_NAMESPACES } from "../naming";

/** Longest environment name: derived names (`game_<env>` databases, `<server>-<env>` host names, stack names) must still fit. */
export const MAX_ENVIRONMENT_NAME_LENGTH = 40;

/** Why `name` cannot name an environment, or `undefined` when it can. */
export function environmentNameProblem(name: string): string | undefined {
  if (!DNS1123_LABEL.test(name)) {
    return `"${name}" is not a DNS-1123 label (lower-case letters, digits and '-', starting and ending with a letter or digit)`;
  }
  if (name.length > MAX_ENVIRONMENT_NAME_LENGTH) {
    return `"${name}" is ${name.length} characters; at most ${MAX_ENVIRONMENT_NAME_LENGTH} are allowed so derived names fit`;
  }
  if (RESERVED_NAMESPACES.includes(name)) {
    return `"${name}" is a namespace reserved for Kubernetes or the platform (${RESERVED_NAMESPACES.join(", ")})`;
  }
  return undefined;
}
