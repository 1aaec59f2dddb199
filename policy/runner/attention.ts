// Findings a reviewer must see whatever else a report holds. The policy output repeats the same
// advisories on every run; an expired environment (catalogue G4) is one line among them unless it
// is pulled out, and it is the one a reviewer can act on at once (delete or extend the environment).
// Kept free of imports: `npm run plan` reads it without loading the pack.

/** Policy names whose findings are listed first, under their own heading, new or not. */
export const ATTENTION_POLICIES: Readonly<Record<string, string>> = {
  "game-environment-expiry": "Expired environments: delete or extend them",
};

/** Whether findings of `policyName` are shown apart, first. */
export function needsAttention(policyName: string): boolean {
  return Object.hasOwn(ATTENTION_POLICIES, policyName);
}
