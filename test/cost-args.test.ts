/**
 * `npm run cost` arguments and price table files, in-process: each bad argument named with what is
 * allowed (the command exits 2 with it: test/cost-cli.test.ts runs it), a table not in the
 * documented shape named by its field.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { PriceTableError } from "../lib/cost/prices";
import { CostArgsError, parseCostArgs } from "../tools/cost";
import { loadPriceTable } from "../tools/cost/load";
import { gamePoolTestPrices } from "./support/cost-table";
import { ROOT } from "./support/git-repo";

const TABLE = gamePoolTestPrices();

describe("npm run cost: arguments", () => {
  it("names the bad argument and what is allowed", () => {
    const problem = (argv: string[]) => {
      try {
        parseCostArgs(argv);
      } catch (err) {
        assert.ok(err instanceof CostArgsError, String(err));
        return err.message;
      }
      assert.fail(`${argv.join(" ")} was accepted`);
    };
    assert.match(
      problem([]),
      /^missing <target>: a tier such as dev, or an environment stack such as dev\.dev1$/,
    );
    assert.match(problem(["dev", "--bogus"]), /^unknown option --bogus; allowed: --platform-only, --json/);
    assert.equal(
      problem(["dev", "--awake", "Mon-Fri 20:00-08:00"]),
      "--awake: the end 08:00 must be after the start 20:00 on the same day",
    );
    assert.match(problem(["dev", "--awake"]), /^--awake needs a schedule/);
    assert.equal(
      problem(["dev", "--today", "2026-13-01"]),
      '--today: "2026-13-01" is not a date written YYYY-MM-DD',
    );
    assert.equal(
      problem(["dev", "--marginal", "--platform-only"]),
      "--marginal prices an environment; it cannot take --platform-only",
    );
    assert.match(problem(["dev/x"]), /"dev\/x" is not a stack name/);
  });

  it("reads the options it documents", () => {
    assert.deepEqual(parseCostArgs(["dev", "dev.dev1", "--json", "--awake=always", "--marginal"]), {
      targets: ["dev", "dev.dev1"],
      json: true,
      platformOnly: false,
      marginal: true,
      awake: "always",
    });
    assert.equal(parseCostArgs(["--help"]), "help");
  });

  it("a price table that is not in the documented shape is named with its field", () => {
    const dir = mkdtempSync(join(tmpdir(), "cost-table-"));
    try {
      const file = join(dir, "t.json");
      const { eks: _eks, ...rest } = TABLE;
      writeFileSync(file, JSON.stringify({ ...rest, eks: { clusterHour: { usd: 0.1 } } }));
      assert.throws(
        () => loadPriceTable(ROOT, "eu-west-1", file),
        (err: unknown) => {
          assert.ok(err instanceof PriceTableError);
          assert.match(err.message, /t\.json: eks\.clusterHour/);
          return true;
        },
      );
      writeFileSync(file, JSON.stringify(TABLE));
      assert.throws(
        () => loadPriceTable(ROOT, "us-east-1", file),
        /holds prices for eu-west-1, but the stacks are in us-east-1/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
