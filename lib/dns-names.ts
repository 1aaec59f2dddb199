/**
 * Kubernetes and DNS name rules (RFC 1123 as Kubernetes applies them, apimachinery
 * `validation.IsDNS1123Label` / `IsDNS1123Subdomain`): the one home every schema, component and
 * policy that checks such a name imports.
 */

/** A DNS-1123 label: lower-case alphanumerics and '-', starting and ending alphanumeric. */
export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** Longest DNS-1123 label. */
export const DNS1123_LABEL_MAX_LENGTH = 63;

/** A DNS-1123 subdomain: labels joined by '.'. */
export const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** Longest DNS-1123 subdomain. */
export const DNS1123_SUBDOMAIN_MAX_LENGTH = 253;

/** True when `value` is a DNS-1123 label of at most `maxLength` (default 63) characters. */
export function isDns1123Label(value: string, maxLength: number = DNS1123_LABEL_MAX_LENGTH): boolean {
  return value.length <= maxLength && DNS1123_LABEL.test(value);
}

/** True when `value` is a DNS-1123 subdomain (at most 253 characters). */
export function isDns1123Subdomain(value: string): boolean {
  return value.length <= DNS1123_SUBDOMAIN_MAX_LENGTH && DNS1123_SUBDOMAIN.test(value);
}

/**
 * A named port (apimachinery `IsValidPortName`, RFC 6335 IANA_SVC_NAME): at most 15 lower-case
 * letters, digits and '-', at least one letter, no leading, trailing or doubled '-'.
 */
export function isPortName(value: string): boolean {
  return (
    value.length >= 1 &&
    value.length <= 15 &&
    /^[a-z0-9-]+$/.test(value) &&
    /[a-z]/.test(value) &&
    !value.startsWith("-") &&
    !value.endsWith("-") &&
    !value.includes("--")
  );
}
