/**
 * The launcher's cost column over a committed environment: its own resolved sleep schedule, priced
 * with the dev platform's cost basis. Apart from test/cost-model.test.ts because it loads the
 * committed stack config through the harness, which that suite (run per mutant by `npm run mutate`)
 * must not.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { platformCostBasis } from "../tools/cost/basis";
import { costOfEnvironment } from "../launcher/views";
import { committedEnvironment } from "./harness";
import { ROOT } from "./paths";

describe("the launcher's cost column follows each environment's own schedule", () => {
  it("prices dev1 (office hours) cheaper on schedule, and the same environment kept always on alike both ways", async () => {
    const basis = await platformCostBasis(ROOT, "dev");
    const dev1 = await committedEnvironment("dev", "dev1");
    assert.equal(dev1.sleep.mode, "officeHours");
    const scheduled = costOfEnvironment(dev1, basis);
    assert.ok(scheduled && scheduled.alwaysOnUsd !== null && scheduled.scheduledUsd !== null);
    assert.ok(scheduled.scheduledUsd < scheduled.alwaysOnUsd, "asleep nights and weekends costs less");
    assert.equal(scheduled.schedule, "Mon-Fri 08:00-20:00 Europe/Berlin");
    const { schedule: _dropped, ...alwaysOnSleep } = dev1.sleep;
    void _dropped;
    const kept = costOfEnvironment(
      { ...dev1, sleep: { ...alwaysOnSleep, mode: "alwaysOn", reason: "load test all night" } },
      basis,
    );
    assert.ok(kept);
    assert.equal(kept.schedule, "always on");
    assert.equal(kept.scheduledUsd, kept.alwaysOnUsd);
    assert.equal(kept.alwaysOnUsd, scheduled.alwaysOnUsd);
  });
});
