/**
 * How log indices are named: one index per environment (the pod's namespace) per day,
 * `logs-<namespace>.<yyyy.MM.dd>`. The separator before the date is a dot because a namespace can
 * contain dashes but never dots, so `logs-dev.*` matches environment `dev` and never `dev-login`.
 */

/** Every log index starts with this; the retention policy and index template match `logs-*`. */
export const LOG_INDEX_PREFIX = "logs-";

/** Between the environment and the date: a character no namespace contains. */
export const LOG_INDEX_DATE_SEPARATOR = ".";

/** The record field the collector fills with `logs-<namespace>`; writers append the date. */
export const LOG_INDEX_PREFIX_FIELD = "log_index_prefix";

/** Where records without a namespace (should not happen for container logs) end up. */
export const UNKNOWN_NAMESPACE = "unknown";

/** The pattern that matches every log index of the stack. */
export const ALL_LOGS_PATTERN = `${LOG_INDEX_PREFIX}*`;

/** `logs-<namespace>`: the part of the index name that says whose logs it holds. */
export function logIndexPrefix(namespace: string): string {
  return `${LOG_INDEX_PREFIX}${namespace}`;
}

/** The index a record of `namespace` written on `date` (UTC) lands in. */
export function logIndexName(namespace: string, date: Date): string {
  const day = date.toISOString().slice(0, 10).replace(/-/g, ".");
  return `${logIndexPrefix(namespace)}${LOG_INDEX_DATE_SEPARATOR}${day}`;
}

/** The index pattern that selects one environment's logs, and only them. */
export function environmentIndexPattern(namespace: string): string {
  return `${logIndexPrefix(namespace)}${LOG_INDEX_DATE_SEPARATOR}*`;
}

/** The per-environment pattern with a placeholder, as documentation and outputs show it. */
export const ENVIRONMENT_INDEX_PATTERN_TEMPLATE = environmentIndexPattern("<environment>");
