/**
 * A monthly amount that knows what it could not price: the sum of the priced parts, the names of the
 * prices it lacked (never guessed, never counted as zero without saying so), and whether any priced
 * part rests on a secondary source.
 */
import type { Figure } from "./prices";

/** USD per month, and what is missing from it. */
export interface Money {
  readonly usd: number;
  /** Prices the amount needed and the table does not have (`ec2.onDemandHour.m6a.xlarge`), sorted, unique. */
  readonly unknown: readonly string[];
  /** Some priced part rests on a figure of `secondary` evidence. */
  readonly secondary: boolean;
}

/** Nothing. */
export const ZERO: Money = { usd: 0, unknown: [], secondary: false };

/** `quantity` units of a figure (`path` names the figure when it is unknown). */
export function priced(figure: Figure | undefined, quantity: number, path: string): Money {
  if (quantity === 0) return ZERO;
  if (figure === undefined) return { usd: 0, unknown: [`${path} (not in the table)`], secondary: false };
  if ("unknown" in figure) return { usd: 0, unknown: [path], secondary: false };
  return { usd: figure.usd * quantity, unknown: [], secondary: figure.source.evidence === "secondary" };
}

/** The sum of amounts. */
export function sum(...amounts: readonly Money[]): Money {
  return {
    usd: amounts.reduce((total, a) => total + a.usd, 0),
    unknown: [...new Set(amounts.flatMap((a) => a.unknown))].sort(),
    secondary: amounts.some((a) => a.secondary),
  };
}

/** An amount scaled (a share of it, hours awake over the month). */
export function scale(amount: Money, factor: number): Money {
  if (factor === 0) return ZERO;
  return { ...amount, usd: amount.usd * factor };
}

/** `a - b`, for changes; what either lacks, the change lacks. */
export function difference(a: Money, b: Money): Money {
  return {
    usd: a.usd - b.usd,
    unknown: [...new Set([...a.unknown, ...b.unknown])].sort(),
    secondary: a.secondary || b.secondary,
  };
}

/** Whether the amount is fully priced. */
export function isComplete(amount: Money): boolean {
  return amount.unknown.length === 0;
}

/** Rounds to cents, as money is shown and compared (`12.345` -> `12.35`). */
export function cents(usd: number): number {
  return Math.round(usd * 100) / 100;
}

/** `$1,234.56`; negative as `-$1.20`. */
export function formatUsd(usd: number): string {
  const rounded = cents(usd);
  const text = Math.abs(rounded).toLocaleString("en-US", {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  });
  return `${rounded < 0 ? "-" : ""}$${text}`;
}

/**
 * An amount as one short text: `$73.00`, `$73.00†` (rests on a secondary figure),
 * `$73.00 + unknown`, `unknown` (nothing priced).
 */
export function formatMoney(amount: Money): string {
  const mark = amount.secondary ? "†" : "";
  if (amount.unknown.length === 0) return `${formatUsd(amount.usd)}${mark}`;
  if (amount.usd === 0) return "unknown";
  return `${formatUsd(amount.usd)}${mark} + unknown`;
}

/** A change as text: `+$12.00`, `-$3.50`, `±$0.00`, with the same marks as {@link formatMoney}. */
export function formatChange(change: Money): string {
  const rounded = cents(change.usd);
  const sign = rounded > 0 ? "+" : rounded < 0 ? "-" : "±";
  const mark = change.secondary ? "†" : "";
  const text = `${sign}${formatUsd(Math.abs(rounded))}${mark}`;
  return change.unknown.length === 0 ? text : `${text} (+ unknown)`;
}

/** A unit price as written in the table, at least to the cent (`$0.10`, `$0.048`, `$0.0252`). */
export function formatRate(usd: number): string {
  const digits = Math.min(6, Math.max(2, (String(usd).split(".")[1] ?? "").length));
  return `$${usd.toFixed(digits)}`;
}
