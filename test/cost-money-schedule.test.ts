/**
 * The cost model's building blocks against hand-worked figures: amounts that carry what they could
 * not price (lib/cost/money.ts), the price table's checks (lib/cost/prices.ts), reading AWS Price
 * List offer files (lib/cost/price-list.ts) and the hours a sleep schedule is awake
 * (lib/cost/schedule.ts), each rule with its exact message.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  cents,
  difference,
  formatChange,
  formatMoney,
  formatRate,
  formatUsd,
  isComplete,
  priced,
  scale,
  sum,
  ZERO,
  type Money,
} from "../lib/cost/money";
import { onDemandFigure, PriceListError, readOffer, type Selector } from "../lib/cost/price-list";
import {
  EVIDENCE_LEVELS,
  figuresOf,
  HOURS_PER_MONTH,
  isKnown,
  parsePriceTable,
  PriceTableError,
} from "../lib/cost/prices";
import {
  awakeHoursPerMonth,
  awakeOfEnvironment,
  defaultSchedule,
  describeAwake,
  parseAwake,
  scheduleFromSleepInfo,
  scheduleFromWorkingHours,
  WEEKDAY_NAMES,
  type SleepSchedule,
} from "../lib/cost/schedule";
import { testPrices, unknown, usd } from "./support/cost-table";

const money = (value: number, unknownParts: string[] = [], secondary = false): Money => ({
  usd: value,
  unknown: unknownParts,
  secondary,
});

describe("money", () => {
  it("prices a quantity of a known figure, marking secondary evidence", () => {
    assert.deepEqual(priced(usd(0.5), 4, "p"), money(2));
    assert.deepEqual(priced(usd(0.5, "secondary"), 4, "p"), money(2, [], true));
    assert.deepEqual(priced(usd(0.5, "price-list"), 4, "p"), money(2));
  });

  it("names a figure it lacks, and needs no figure for a quantity of zero", () => {
    assert.deepEqual(priced(unknown(), 4, "ec2.onDemandHour.x"), money(0, ["ec2.onDemandHour.x"]));
    assert.deepEqual(
      priced(undefined, 4, "ec2.onDemandHour.x"),
      money(0, ["ec2.onDemandHour.x (not in the table)"]),
    );
    assert.deepEqual(priced(undefined, 0, "p"), money(0));
    assert.deepEqual(priced(unknown(), 0, "p"), money(0));
    assert.deepEqual(priced(usd(0.5), 0, "p"), ZERO);
    assert.deepEqual(ZERO, money(0));
  });

  it("sums amounts, their unknown parts sorted and unique, secondary when any part is", () => {
    assert.deepEqual(sum(), money(0));
    assert.deepEqual(sum(money(1, ["b", "a"]), money(2, ["b", "c"]), money(3)), money(6, ["a", "b", "c"]));
    assert.deepEqual(sum(money(1), money(2, [], true)), money(3, [], true));
    assert.deepEqual(sum(money(1), money(2)), money(3));
  });

  it("scales an amount, and a factor of zero leaves nothing, not even unknown parts", () => {
    assert.deepEqual(scale(money(5, ["x"], true), 2), money(10, ["x"], true));
    assert.deepEqual(scale(money(5, ["x"], true), 0.5), money(2.5, ["x"], true));
    assert.deepEqual(scale(money(5, ["x"], true), 0), money(0));
  });

  it("subtracts amounts, keeping what either lacks and either's secondary mark", () => {
    assert.deepEqual(difference(money(5, ["b"]), money(2, ["b", "a"], true)), money(3, ["a", "b"], true));
    assert.deepEqual(difference(money(2, [], true), money(5)), money(-3, [], true));
    assert.deepEqual(difference(money(2), money(5)), money(-3));
    assert.equal(isComplete(money(1)), true);
    assert.equal(isComplete(money(1, ["x"])), false);
  });

  it("rounds to cents and formats dollars with thousands separators and a sign", () => {
    assert.equal(cents(12.3456), 12.35);
    assert.equal(cents(12.344), 12.34);
    assert.equal(cents(-1.234), -1.23);
    assert.equal(formatUsd(1234567.891), "$1,234,567.89");
    assert.equal(formatUsd(0), "$0.00");
    assert.equal(formatUsd(-1.2), "-$1.20");
    assert.equal(formatUsd(-0.001), "$0.00");
    assert.equal(formatUsd(0.5), "$0.50");
  });

  it("formats an amount with its secondary mark and what it lacks", () => {
    assert.equal(formatMoney(money(73)), "$73.00");
    assert.equal(formatMoney(money(73, [], true)), "$73.00†");
    assert.equal(formatMoney(money(73, ["x"])), "$73.00 + unknown");
    assert.equal(formatMoney(money(73, ["x"], true)), "$73.00† + unknown");
    assert.equal(formatMoney(money(0, ["x"])), "unknown");
    assert.equal(formatMoney(money(0)), "$0.00");
  });

  it("formats a change with its sign, rounding to cents first", () => {
    assert.equal(formatChange(money(12)), "+$12.00");
    assert.equal(formatChange(money(-3.5)), "-$3.50");
    assert.equal(formatChange(money(0)), "±$0.00");
    assert.equal(formatChange(money(0.004)), "±$0.00");
    assert.equal(formatChange(money(-0.004)), "±$0.00");
    assert.equal(formatChange(money(0.005)), "+$0.01");
    assert.equal(formatChange(money(2, [], true)), "+$2.00†");
    assert.equal(formatChange(money(-2, ["x"])), "-$2.00 (+ unknown)");
  });

  it("formats a unit price with the digits it was written with, at least 2 and at most 6", () => {
    assert.equal(formatRate(0.1), "$0.10");
    assert.equal(formatRate(5), "$5.00");
    assert.equal(formatRate(0.048), "$0.048");
    assert.equal(formatRate(0.0252), "$0.0252");
    assert.equal(formatRate(0.123456), "$0.123456");
    assert.equal(formatRate(0.12345678), "$0.123457");
  });
});

describe("the price table", () => {
  const refused = (value: unknown) => {
    try {
      parsePriceTable(value, "t.json");
    } catch (err) {
      assert.ok(err instanceof PriceTableError);
      assert.equal(err.name, "PriceTableError");
      return err.message;
    }
    assert.fail("accepted");
  };
  const source = { title: "t", read: "2026-12-01", evidence: "aws" } as const;

  it("accepts a table in the documented shape as it is", () => {
    assert.deepEqual(parsePriceTable(testPrices(), "t.json"), testPrices());
    assert.equal(HOURS_PER_MONTH, 730);
    assert.deepEqual(EVIDENCE_LEVELS, ["aws", "price-list", "secondary"]);
  });

  it("names the file and the first bad field", () => {
    assert.equal(refused(null), "t.json: (root): Invalid input: expected object, received null");
    assert.equal(
      refused({ ...testPrices(), region: "ireland" }),
      "t.json: region: must be an AWS region code such as eu-west-1",
    );
    assert.equal(
      refused({ ...testPrices(), taken: "2026-13-01" }),
      "t.json: taken: must be a date written YYYY-MM-DD",
    );
    assert.equal(
      refused({
        ...testPrices(),
        eks: { ...testPrices().eks, clusterHour: { usd: 1, source: { ...source, index: ["a"] } } },
      }),
      "t.json: eks.clusterHour.source.index.0: must be a search index id (digits)",
    );
    assert.equal(
      refused({
        ...testPrices(),
        eks: { ...testPrices().eks, clusterHour: { usd: 1, source: { ...source, read: "1 Dec" } } },
      }),
      "t.json: eks.clusterHour.source.read: must be a date written YYYY-MM-DD",
    );
  });

  it("holds region codes, search index ids, URLs and evidence levels to their forms", () => {
    const withRegion = (region: string) => ({ ...testPrices(), region });
    assert.equal(parsePriceTable(withRegion("us-gov-west-1"), "t.json").region, "us-gov-west-1");
    for (const region of ["eu-west-1x", "1eu-west-1", "eu-west", "eu-1", "EU-west-1"]) {
      assert.equal(
        refused(withRegion(region)),
        "t.json: region: must be an AWS region code such as eu-west-1",
        region,
      );
    }
    const withSource = (extra: Record<string, unknown>) => ({
      ...testPrices(),
      eks: { ...testPrices().eks, clusterHour: { usd: 1, source: { ...source, ...extra } } },
    });
    assert.equal(parsePriceTable(withSource({ index: ["12"] }), "t.json").region, "eu-west-1");
    for (const id of ["1a", "a1"]) {
      assert.equal(
        refused(withSource({ index: [id] })),
        "t.json: eks.clusterHour.source.index.0: must be a search index id (digits)",
        id,
      );
    }
    assert.equal(
      refused(withSource({ url: "not a url" })),
      "t.json: eks.clusterHour.source.url: Invalid URL",
    );
    assert.equal(refused(withSource({ evidence: "rumour" })), "t.json: eks.clusterHour: Invalid input");
    for (const evidence of ["aws", "price-list", "secondary"]) {
      assert.equal(parsePriceTable(withSource({ evidence }), "t.json").region, "eu-west-1", evidence);
    }
  });

  it("takes a spot discount as a fraction below 1", () => {
    const withSpot = (value: number) => ({
      ...testPrices(),
      ec2: { ...testPrices().ec2, spotDiscount: usd(value) },
    });
    assert.deepEqual(parsePriceTable(withSpot(0.99), "t.json").ec2.spotDiscount, usd(0.99));
    assert.equal(refused(withSpot(1)), "t.json: ec2.spotDiscount: 1 is a fraction off on-demand, below 1");
    assert.equal(
      refused(withSpot(1.5)),
      "t.json: ec2.spotDiscount: 1.5 is a fraction off on-demand, below 1",
    );
  });

  it("lists every figure with its dotted path, and nothing else", () => {
    assert.deepEqual(
      figuresOf(testPrices()).map((f) => f.path),
      [
        "eks.clusterHour",
        "eks.extendedSupportClusterHour",
        "ec2.onDemandHour.m6i.large",
        "ec2.onDemandHour.m6i.xlarge",
        "ec2.onDemandHour.m6i.2xlarge",
        "ec2.onDemandHour.m6a.xlarge",
        "ec2.onDemandHour.m6a.2xlarge",
        "ec2.onDemandHour.m5.xlarge",
        "ec2.onDemandHour.m5.2xlarge",
        "ec2.spotDiscount",
        "ebs.gp3GbMonth",
        "natGateway.hour",
        "natGateway.perGb",
        "publicIpv4.hour",
        "alb.hour",
        "alb.lcuHour",
        "rds.mysqlHour.db.t4g.medium.singleAz",
        "rds.mysqlHour.db.t4g.medium.multiAz",
        "rds.gp3GbMonth.singleAz",
        "rds.gp3GbMonth.multiAz",
        "elasticache.nodeHour.valkey.cache.t4g.small",
        "cloudwatchLogs.ingestGb",
        "cloudwatchLogs.storageGbMonth",
      ],
    );
    const first = figuresOf(testPrices())[0]!;
    assert.deepEqual(first.figure, usd(0.1));
    assert.deepEqual(figuresOf(testPrices())[5]!.figure, unknown());
  });

  it("knows a figure only when it has a price", () => {
    assert.equal(isKnown(usd(0)), true);
    assert.equal(isKnown(unknown()), false);
    assert.equal(isKnown(undefined), false);
  });
});

describe("reading a Price List offer file", () => {
  const doc = () => ({
    offerCode: "AmazonEC2",
    version: "20261201",
    publicationDate: "2026-12-01T00:00:00Z",
    products: {
      A: {
        sku: "A",
        productFamily: "Compute Instance",
        attributes: { instanceType: "m6i.large", operatingSystem: "Linux", vcpu: 2 },
      },
      B: { attributes: { instanceType: "m6i.large", operatingSystem: "Windows" } },
      C: {},
    },
    terms: {
      OnDemand: {
        A: {
          "A.T1": {
            offerTermCode: "T1",
            priceDimensions: {
              "A.T1.R1": {
                unit: "Hrs",
                beginRange: "0",
                description: "$0.107 per On Demand Linux m6i.large Instance Hour",
                pricePerUnit: { USD: "0.1070000000" },
              },
            },
          },
        },
        B: { "B.T2": { priceDimensions: { R2: { unit: "Hrs", pricePerUnit: {} }, R3: {} } } },
      },
    },
  });

  it("reads products, their string attributes and on-demand terms, with the documented fallbacks", () => {
    assert.deepEqual(readOffer(doc(), "f"), {
      offerCode: "AmazonEC2",
      version: "20261201",
      publicationDate: "2026-12-01T00:00:00Z",
      products: {
        A: {
          sku: "A",
          productFamily: "Compute Instance",
          attributes: { instanceType: "m6i.large", operatingSystem: "Linux" },
        },
        B: { sku: "B", attributes: { instanceType: "m6i.large", operatingSystem: "Windows" } },
        C: { sku: "C", attributes: {} },
      },
      onDemand: {
        A: [
          {
            offerTermCode: "T1",
            dimensions: [
              {
                rateCode: "A.T1.R1",
                description: "$0.107 per On Demand Linux m6i.large Instance Hour",
                unit: "Hrs",
                beginRange: "0",
                usd: "0.1070000000",
              },
            ],
          },
        ],
        B: [
          {
            offerTermCode: "B.T2",
            dimensions: [
              { rateCode: "R2", description: "", unit: "Hrs", beginRange: "0" },
              { rateCode: "R3", description: "", unit: "", beginRange: "0" },
            ],
          },
        ],
      },
    });
    assert.deepEqual(readOffer({ ...doc(), terms: {} }, "f").onDemand, {});
    assert.deepEqual(
      readOffer({ ...doc(), terms: { OnDemand: { A: { T: { offerTermCode: "T" } } } } }, "f").onDemand,
      {
        A: [{ offerTermCode: "T", dimensions: [] }],
      },
    );
  });

  it("names what is missing or not an object", () => {
    const refused = (value: unknown) => {
      try {
        readOffer(value, "f");
      } catch (err) {
        assert.ok(err instanceof PriceListError);
        assert.equal(err.name, "PriceListError");
        return err.message;
      }
      assert.fail("accepted");
    };
    const d = doc();
    assert.equal(refused([]), "f: not a JSON object");
    assert.equal(refused(null), "f: not a JSON object");
    assert.equal(refused("x"), "f: not a JSON object");
    assert.equal(refused({ ...d, products: undefined }), "f: products: not a JSON object");
    assert.equal(refused({ ...d, products: { X: 1 } }), "f: products.X: not a JSON object");
    assert.equal(
      refused({ ...d, products: { X: { attributes: [] } } }),
      "f: products.X.attributes: not a JSON object",
    );
    assert.equal(refused({ ...d, terms: undefined }), "f: terms: not a JSON object");
    assert.equal(refused({ ...d, terms: { OnDemand: "x" } }), "f: terms.OnDemand: not a JSON object");
    assert.equal(refused({ ...d, terms: { OnDemand: { A: 1 } } }), "f: terms.OnDemand.A: not a JSON object");
    assert.equal(
      refused({ ...d, terms: { OnDemand: { A: { T: 1 } } } }),
      "f: terms.OnDemand.A.T: not a JSON object",
    );
    assert.equal(
      refused({ ...d, terms: { OnDemand: { A: { T: { priceDimensions: [] } } } } }),
      "f: T.priceDimensions: not a JSON object",
    );
    assert.equal(
      refused({ ...d, terms: { OnDemand: { A: { T: { priceDimensions: { R: 1 } } } } } }),
      "f: T.priceDimensions.R: not a JSON object",
    );
    assert.equal(
      refused({ ...d, terms: { OnDemand: { A: { T: { priceDimensions: { R: { pricePerUnit: "1" } } } } } } }),
      "f: R.pricePerUnit: not a JSON object",
    );
    assert.equal(refused({ ...d, offerCode: undefined }), 'f: "offerCode" is missing or not a string');
    assert.equal(refused({ ...d, version: 1 }), 'f: "version" is missing or not a string');
    assert.equal(refused({ ...d, publicationDate: null }), 'f: "publicationDate" is missing or not a string');
  });

  const origin = { url: "https://pricing.example/offer.json", read: "2026-12-01" };
  const linux: Selector = {
    label: "m6i.large Linux",
    productFamily: "Compute Instance",
    attributes: { instanceType: "m6i.large", operatingSystem: /^Linux$/ },
    unit: "Hrs",
  };

  it("takes the one on-demand price the selector describes, with its source", () => {
    assert.deepEqual(onDemandFigure(readOffer(doc(), "f"), linux, origin), {
      usd: 0.107,
      source: {
        title: "AWS Price List, AmazonEC2 offer file (m6i.large Linux)",
        url: "https://pricing.example/offer.json",
        read: "2026-12-01",
        evidence: "price-list",
        quote: "$0.107 per On Demand Linux m6i.large Instance Hour",
        offer: "AmazonEC2",
        version: "20261201",
        publicationDate: "2026-12-01T00:00:00Z",
        sku: "A",
        rateCode: "A.T1.R1",
      },
    });
  });

  it("quotes the rate itself when the dimension has no description", () => {
    const d = doc();
    d.terms.OnDemand.A["A.T1"].priceDimensions["A.T1.R1"].description = "";
    const figure = onDemandFigure(readOffer(d, "f"), linux, origin);
    assert.ok("usd" in figure);
    assert.equal(figure.source.quote, "0.1070000000 USD per Hrs");
  });

  it("is unknown, saying why, when no product matches", () => {
    const offer = readOffer(doc(), "f");
    assert.deepEqual(onDemandFigure(offer, { ...linux, productFamily: "Storage" }, origin), {
      unknown:
        "no product in AmazonEC2 20261201 matches m6i.large Linux (productFamily=Storage, instanceType=m6i.large, operatingSystem=/^Linux$/, unit=Hrs)",
    });
    assert.deepEqual(
      onDemandFigure(offer, { label: "x", attributes: { tenancy: /^(undefined)?$/ }, unit: "Hrs" }, origin),
      { unknown: "no product in AmazonEC2 20261201 matches x (tenancy=/^(undefined)?$/, unit=Hrs)" },
    );
    assert.deepEqual(
      onDemandFigure(offer, { label: "x", attributes: { instanceType: "m6i.xlarge" }, unit: "Hrs" }, origin),
      { unknown: "no product in AmazonEC2 20261201 matches x (instanceType=m6i.xlarge, unit=Hrs)" },
    );
  });

  it("is unknown when the matching products have no first-tier on-demand price for the unit", () => {
    const offer = readOffer(doc(), "f");
    assert.deepEqual(onDemandFigure(offer, { ...linux, unit: "GB-Mo" }, origin), {
      unknown: "A (m6i.large Linux) has no on-demand price per GB-Mo in AmazonEC2 20261201",
    });
    assert.deepEqual(
      onDemandFigure(
        offer,
        { label: "m6i.large Linux", attributes: { instanceType: "m6i.large" }, unit: "Hrs" },
        origin,
      ),
      onDemandFigure(offer, linux, origin),
      "B's dimension has no USD price, so A's alone is taken",
    );
    const d = doc();
    d.terms.OnDemand.A["A.T1"].priceDimensions["A.T1.R1"].beginRange = "10";
    assert.deepEqual(onDemandFigure(readOffer(d, "f"), linux, origin), {
      unknown: "A (m6i.large Linux) has no on-demand price per Hrs in AmazonEC2 20261201",
    });
    const withC = { ...linux, productFamily: undefined, attributes: {} };
    assert.deepEqual(onDemandFigure(readOffer(doc(), "f"), { ...withC, unit: "GB" }, origin), {
      unknown: "A, B, C (m6i.large Linux) has no on-demand price per GB in AmazonEC2 20261201",
    });
  });

  it("is unknown when matching rates disagree or are not numbers, and known when they agree", () => {
    const d = doc();
    d.terms.OnDemand.B["B.T2"].priceDimensions.R2.pricePerUnit = { USD: "0.2" } as never;
    const anyOs: Selector = { label: "m6i.large", attributes: { instanceType: "m6i.large" }, unit: "Hrs" };
    assert.deepEqual(onDemandFigure(readOffer(d, "f"), anyOs, origin), {
      unknown:
        "2 on-demand rates match m6i.large (instanceType=m6i.large, unit=Hrs) in AmazonEC2 20261201 and disagree (A: 0.1070000000, B: 0.2)",
    });
    d.terms.OnDemand.B["B.T2"].priceDimensions.R2.pricePerUnit = { USD: "0.107" } as never;
    const agreed = onDemandFigure(readOffer(d, "f"), anyOs, origin);
    assert.ok("usd" in agreed);
    assert.equal(agreed.usd, 0.107);
    assert.equal(agreed.source.sku, "A");
    const e = doc();
    e.terms.OnDemand.A["A.T1"].priceDimensions["A.T1.R1"].pricePerUnit.USD = "n/a";
    assert.deepEqual(onDemandFigure(readOffer(e, "f"), linux, origin), {
      unknown:
        "1 on-demand rates match m6i.large Linux (productFamily=Compute Instance, instanceType=m6i.large, operatingSystem=/^Linux$/, unit=Hrs) in AmazonEC2 20261201 and disagree (A: n/a)",
    });
  });
});

describe("hours awake under a schedule", () => {
  const week = (weekdays: number[], wakeUpAt: number, sleepAt: number): SleepSchedule => ({
    weekdays,
    wakeUpAt,
    sleepAt,
    timeZone: "UTC",
  });

  it("scales the hours awake in a 168-hour week to a 730-hour month", () => {
    assert.equal(awakeHoursPerMonth("always"), 730);
    assert.equal(awakeHoursPerMonth(week([], 480, 1200)), 0);
    assert.equal(awakeHoursPerMonth(week([1], 480, 1200)), (12 * 730) / 168);
    assert.equal(awakeHoursPerMonth(week([5, 1], 480, 1200)), (24 * 730) / 168);
    assert.equal(awakeHoursPerMonth(week([0, 1, 2, 3, 4, 5, 6], 0, 1440)), 730);
    assert.equal(awakeHoursPerMonth(week([6], 0, 1440)), (24 * 730) / 168);
  });

  it("counts a schedule that sleeps before it wakes as awake across the week's turn", () => {
    // Monday only: asleep 08:00-20:00, awake the other 156 hours.
    assert.equal(awakeHoursPerMonth(week([1], 1200, 480)), (156 * 730) / 168);
    // Sunday 22:00 wake, Sunday 06:00 sleep: asleep Sunday 06:00-22:00 only.
    assert.equal(awakeHoursPerMonth(week([0], 1320, 360)), (152 * 730) / 168);
  });

  it("treats waking and sleeping at the same minute as awake (the sleep comes first)", () => {
    assert.equal(awakeHoursPerMonth(week([1], 480, 480)), 730);
  });

  it("reads working hours as a schedule, and refuses a day that is no weekday", () => {
    assert.deepEqual(
      scheduleFromWorkingHours({
        timeZone: "Europe/Berlin",
        days: ["Sun", "Sat"],
        start: "07:30",
        end: "19:05",
      }),
      { weekdays: [0, 6], wakeUpAt: 450, sleepAt: 1145, timeZone: "Europe/Berlin" },
    );
    assert.throws(
      () =>
        scheduleFromWorkingHours({ timeZone: "UTC", days: ["Mon", "Funday"], start: "08:00", end: "20:00" }),
      {
        name: "RangeError",
        message: '"Funday" is not a weekday; days are Sun, Mon, Tue, Wed, Thu, Fri, Sat',
      },
    );
    assert.deepEqual(WEEKDAY_NAMES, ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]);
  });

  it("names the tier's default schedule", () => {
    const hours = { timeZone: "UTC", days: ["Tue"], start: "10:00", end: "11:00" };
    assert.equal(defaultSchedule("alwaysOn", hours), "always");
    assert.deepEqual(defaultSchedule("officeHours", hours), week([2], 600, 660));
  });
});

describe("--awake", () => {
  const problem = (text: string) => {
    const parsed = parseAwake(text);
    assert.ok(typeof parsed === "object" && "problem" in parsed, `${text} was accepted`);
    return parsed.problem;
  };

  it("reads always, day ranges and lists in any case, times and an optional time zone", () => {
    assert.equal(parseAwake("  always "), "always");
    assert.deepEqual(parseAwake("Mon-Fri 08:00-20:00"), {
      weekdays: [1, 2, 3, 4, 5],
      wakeUpAt: 480,
      sleepAt: 1200,
      timeZone: "UTC",
    });
    assert.deepEqual(parseAwake("mon-FRI 08:00-20:00", "Europe/Berlin"), {
      weekdays: [1, 2, 3, 4, 5],
      wakeUpAt: 480,
      sleepAt: 1200,
      timeZone: "Europe/Berlin",
    });
    assert.deepEqual(parseAwake("Sun,Wed,Sat  00:00-23:59  America/New_York", "Europe/Berlin"), {
      weekdays: [0, 3, 6],
      wakeUpAt: 0,
      sleepAt: 1439,
      timeZone: "America/New_York",
    });
    assert.deepEqual(parseAwake("Fri,Mon-Tue,Mon 09:15-17:45"), {
      weekdays: [1, 2, 5],
      wakeUpAt: 555,
      sleepAt: 1065,
      timeZone: "UTC",
    });
    assert.deepEqual(parseAwake("Sun-Sat 10:00-10:01"), {
      weekdays: [0, 1, 2, 3, 4, 5, 6],
      wakeUpAt: 600,
      sleepAt: 601,
      timeZone: "UTC",
    });
  });

  it("says what is wrong with a value that is not a schedule", () => {
    const shape =
      'is not a schedule: write "always", or days and hours awake such as "Mon-Fri 08:00-20:00" (optionally followed by a time zone such as Europe/Berlin)';
    assert.equal(problem("office hours"), `"office hours" ${shape}`);
    assert.equal(problem("Mon-Fri 8:00-20:00"), `"Mon-Fri 8:00-20:00" ${shape}`);
    assert.equal(problem("Always"), `"Always" ${shape}`);
    assert.equal(
      problem("Mox-Fri 08:00-20:00"),
      '"Mox-Fri" names no weekday; days are Sun, Mon, Tue, Wed, Thu, Fri, Sat',
    );
    assert.equal(
      problem("Mon-Frx 08:00-20:00"),
      '"Mon-Frx" names no weekday; days are Sun, Mon, Tue, Wed, Thu, Fri, Sat',
    );
    assert.equal(
      problem("Fri-Mon 08:00-20:00"),
      '"Fri-Mon" runs backwards; write days from Sun to Sat, e.g. Mon-Fri',
    );
    assert.equal(problem("Mon 24:00-23:00"), '"24:00" is not a time of day written HH:MM (00:00-23:59)');
    assert.equal(problem("Mon 08:00-08:60"), '"08:60" is not a time of day written HH:MM (00:00-23:59)');
    assert.equal(problem("Mon 08:00-08:00"), "the end 08:00 must be after the start 08:00 on the same day");
    assert.equal(problem("Mon 20:00-08:00"), "the end 08:00 must be after the start 20:00 on the same day");
  });
});

describe("kube-green SleepInfo schedules", () => {
  const read = (
    weekdays: unknown,
    sleepAt: unknown = "20:00",
    wakeUpAt: unknown = "08:00",
    timeZone?: unknown,
  ) => scheduleFromSleepInfo({ weekdays, sleepAt, wakeUpAt, timeZone });

  it("reads cron weekday lists and ranges, 7 being Sunday", () => {
    const days = (text: string) => (read(text) as SleepSchedule).weekdays;
    assert.deepEqual(days("*"), [0, 1, 2, 3, 4, 5, 6]);
    assert.deepEqual(days(" * "), [0, 1, 2, 3, 4, 5, 6]);
    assert.deepEqual(days("1-5"), [1, 2, 3, 4, 5]);
    assert.deepEqual(days("6,0"), [0, 6]);
    assert.deepEqual(days("7"), [0]);
    assert.deepEqual(days("5-7"), [0, 5, 6]);
    assert.deepEqual(days("3, 1"), [1, 3]);
    assert.deepEqual(days("1,1-2,2-2"), [1, 2]);
  });

  it("reads times written H:MM or HH:MM and the time zone, UTC when none", () => {
    assert.deepEqual(read("1", "8:05", "7:00"), {
      weekdays: [1],
      wakeUpAt: 420,
      sleepAt: 485,
      timeZone: "UTC",
    });
    assert.deepEqual(read("1", "23:59", "00:00", ""), {
      weekdays: [1],
      wakeUpAt: 0,
      sleepAt: 1439,
      timeZone: "UTC",
    });
    assert.deepEqual(read("1", "20:00", "19:00", 5), {
      weekdays: [1],
      wakeUpAt: 1140,
      sleepAt: 1200,
      timeZone: "UTC",
    });
    assert.deepEqual(read("1", "20:00", "08:00", "Asia/Tokyo"), {
      weekdays: [1],
      wakeUpAt: 480,
      sleepAt: 1200,
      timeZone: "Asia/Tokyo",
    });
  });

  it("says why a spec is not one it can read, the weekdays first, then sleepAt, then wakeUpAt", () => {
    assert.equal(read(5), "its spec.weekdays is not a string");
    assert.equal(read("8"), 'its spec.weekdays "8" is not a list of weekday numbers such as 1-5');
    assert.equal(read("mon"), 'its spec.weekdays "mon" is not a list of weekday numbers such as 1-5');
    assert.equal(read("1-5,x"), 'its spec.weekdays "1-5,x" is not a list of weekday numbers such as 1-5');
    assert.equal(read("5-1"), 'its spec.weekdays "5-1" has a range that runs backwards');
    assert.equal(read("1-5", "24:00", "x"), 'its spec.sleepAt "24:00" is not a time HH:MM');
    assert.equal(read("1-5", "20:00", 800), "its spec.wakeUpAt 800 is not a time HH:MM");
    assert.equal(
      scheduleFromSleepInfo({ weekdays: "1-5", sleepAt: "20:00" }),
      "its spec.wakeUpAt undefined is not a time HH:MM",
    );
    assert.equal(read("1-5", "*/5 * * * *"), 'its spec.sleepAt "*/5 * * * *" is not a time HH:MM');
    assert.equal(read("1-5", "20:60"), 'its spec.sleepAt "20:60" is not a time HH:MM');
    assert.equal(read("1-5", "x20:00"), 'its spec.sleepAt "x20:00" is not a time HH:MM');
    assert.equal(read("1-5", "20:00x"), 'its spec.sleepAt "20:00x" is not a time HH:MM');
  });

  it("gives an environment without a schedule always on, and a problem object for one it cannot read", () => {
    assert.equal(awakeOfEnvironment({}), "always");
    assert.deepEqual(
      awakeOfEnvironment({
        schedule: { weekdays: "9", sleepAt: "20:00", wakeUpAt: "08:00", timeZone: "UTC" },
      }),
      { problem: 'its spec.weekdays "9" is not a list of weekday numbers such as 1-5' },
    );
    assert.deepEqual(
      awakeOfEnvironment({
        schedule: { weekdays: "0", sleepAt: "20:00", wakeUpAt: "08:00", timeZone: "UTC" },
      }),
      { weekdays: [0], wakeUpAt: 480, sleepAt: 1200, timeZone: "UTC" },
    );
  });

  it("describes a schedule with runs of days and zero-padded times", () => {
    assert.equal(describeAwake("always"), "always on");
    assert.equal(
      describeAwake({ weekdays: [5, 1, 3, 4], wakeUpAt: 307, sleepAt: 1439, timeZone: "UTC" }),
      "Mon,Wed-Fri 05:07-23:59 UTC",
    );
    assert.equal(
      describeAwake({ weekdays: [0, 6], wakeUpAt: 0, sleepAt: 600, timeZone: "X" }),
      "Sun,Sat 00:00-10:00 X",
    );
    assert.equal(
      describeAwake({ weekdays: [2, 1, 0], wakeUpAt: 60, sleepAt: 125, timeZone: "X" }),
      "Sun-Tue 01:00-02:05 X",
    );
  });
});
