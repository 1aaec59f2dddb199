/** A policy threw something other than "not applicable" or "unknown value"; the run cannot be trusted. */
export class PolicyRunError extends Error {}
