/** A duration parsed from config: the text the user wrote and its length in whole seconds. */
export interface Duration {
  readonly text: string;
  readonly seconds: number;
}

const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86400 };
const DURATION_PATTERN = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

/**
 * Parses a Go-style duration such as `240s`, `4m`, `1h30m` or `2d` into seconds.
 * Returns `undefined` for anything else (empty strings, fractions, unknown units).
 */
export function parseDuration(text: string): number | undefined {
  const match = DURATION_PATTERN.exec(text.trim());
  if (!match || text.trim() === "") return undefined;
  const [, d, h, m, s] = match;
  return (
    Number(d ?? 0) * UNIT_SECONDS.d! +
    Number(h ?? 0) * UNIT_SECONDS.h! +
    Number(m ?? 0) * UNIT_SECONDS.m! +
    Number(s ?? 0)
  );
}

/** Parses a signed duration (`+72h`, `-1d`, `0s`) into seconds; `undefined` when malformed. */
export function parseSignedDuration(text: string): number | undefined {
  const trimmed = text.trim();
  const sign = trimmed.startsWith("-") ? -1 : 1;
  const unsigned = trimmed.replace(/^[+-]/, "");
  const seconds = parseDuration(unsigned);
  return seconds === undefined ? undefined : sign * seconds;
}
