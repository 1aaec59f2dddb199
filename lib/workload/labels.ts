/** Labels every workload object carries: the `app.kubernetes.io/*` set, and the stable subset selectors use. */
import { isLabelValue } from "../dns-names";

/** The recommended label keys (kubernetes.io "Recommended Labels"). */
export const APP_LABELS = {
  name: "app.kubernetes.io/name",
  instance: "app.kubernetes.io/instance",
  version: "app.kubernetes.io/version",
  component: "app.kubernetes.io/component",
  partOf: "app.kubernetes.io/part-of",
  managedBy: "app.kubernetes.io/managed-by",
} as const;

/** The label that tells a blue/green server's two colours apart; the Service selects on it. */
export const COLOR_LABEL = "game-infra/color";

/** What a workload's labels are made of. */
export interface LabelSource {
  /** The server (`gameserver`); also the object name. */
  readonly name: string;
  /** The environment the server belongs to. */
  readonly instance: string;
  readonly version: string;
  readonly component: string;
  readonly partOf: string;
}

/**
 * `text` as a valid label value: characters outside `[A-Za-z0-9_.-]` become `-`, at most 63
 * characters, starting and ending alphanumeric. Image tags may be 128 characters and e-mail
 * addresses contain `@`, so they cannot always be label values as written.
 */
export function labelValue(text: string): string {
  if (isLabelValue(text)) return text;
  return text
    .replace(/@/g, "_at_")
    .replace(/[^A-Za-z0-9_.-]/g, "-")
    .slice(0, 63)
    .replace(/^[^A-Za-z0-9]+/, "")
    .replace(/[^A-Za-z0-9]+$/, "");
}

/**
 * The labels a selector matches on: name and instance, plus the colour for one half of a
 * blue/green pair. Never the version: selectors are immutable and versions change.
 */
export function selectorLabels(
  source: Pick<LabelSource, "name" | "instance">,
  color?: string,
): Record<string, string> {
  return {
    [APP_LABELS.name]: source.name,
    [APP_LABELS.instance]: source.instance,
    ...(color ? { [COLOR_LABEL]: color } : {}),
  };
}

/** Every recommended label, for objects and pod templates. */
export function recommendedLabels(source: LabelSource, color?: string): Record<string, string> {
  return {
    ...selectorLabels(source, color),
    [APP_LABELS.version]: labelValue(source.version),
    [APP_LABELS.component]: source.component,
    [APP_LABELS.partOf]: source.partOf,
    [APP_LABELS.managedBy]: "pulumi",
  };
}
