/**
 * The price table and its refresher: the committed eu-west-1 table is in the documented shape with a
 * source for every figure; everything a committed stack configures (instance types, volume types,
 * RDS classes, cache node types) has an entry, and the ones without a price are exactly those listed
 * here, so a new type without a price fails; the Price List parser against a vendored excerpt of a
 * real offer file (upstream/aws-prices/price-list-excerpt.json); `npm run prices`' arguments.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { platformCost, type CostPlan } from "../lib/cost/platform";
import { onDemandFigure, PriceListError, readOffer } from "../lib/cost/price-list";
import {
  figuresOf,
  parsePriceTable,
  PriceTableError,
  type Figure,
  type PriceTable,
} from "../lib/cost/prices";
import { TIERS } from "../stacks/tiers";
import { buildPriceTable, selectors, wantedItems } from "../tools/prices/build";
import { parsePricesArgs } from "../tools/prices";
import { ROOT } from "./support/git-repo";

const TABLE_FILE = join(ROOT, "upstream", "aws-prices", "eu-west-1.json");
const table = (): PriceTable => parsePriceTable(JSON.parse(readFileSync(TABLE_FILE, "utf8")), TABLE_FILE);
const excerpt = () =>
  JSON.parse(readFileSync(join(ROOT, "upstream", "aws-prices", "price-list-excerpt.json"), "utf8")) as Record<
    string,
    unknown
  >;
const plans = ["dev", "qa", "stage"].map(
  (stack) => JSON.parse(readFileSync(join(ROOT, "plans", `${stack}.json`), "utf8")) as CostPlan,
);

describe("the eu-west-1 price table", () => {
  it("is dated, in the documented shape, and every figure has a source or says why it has none", () => {
    const t = table();
    assert.equal(t.region, "eu-west-1");
    assert.equal(t.taken, "2026-12-01");
    for (const { path, figure } of figuresOf(t)) {
      if ("unknown" in figure) {
        assert.ok(figure.unknown.length > 10, `${path}: an unknown figure says why`);
        continue;
      }
      const s = figure.source;
      assert.ok(s.url !== undefined || s.index !== undefined, `${path}: a URL or a search index id`);
      assert.ok(s.quote, `${path}: the words it was read from`);
      assert.match(s.read, /^2026-\d{2}-\d{2}$/, path);
    }
  });

  it("refuses a figure without a source, naming it", () => {
    const raw = JSON.parse(readFileSync(TABLE_FILE, "utf8")) as { ebs: { gp3GbMonth: unknown } };
    raw.ebs.gp3GbMonth = { usd: 0.088 };
    assert.throws(
      () => parsePriceTable(raw, "t.json"),
      (err: unknown) => err instanceof PriceTableError && /^t\.json: ebs\.gp3GbMonth/.test(err.message),
    );
  });

  /** What the committed plans configure that has a price, by table path. */
  function configuredItems(): Map<string, Figure | undefined> {
    const t = table();
    const items = new Map<string, Figure | undefined>();
    const obj = (v: unknown) => (v ?? {}) as Record<string, unknown>;
    for (const plan of plans) {
      for (const r of plan.resources) {
        const i = obj(r.inputs);
        if (r.type === "eks:index:ManagedNodeGroup") {
          for (const type of i["instanceTypes"] as string[]) {
            items.set(`ec2.onDemandHour.${type}`, t.ec2.onDemandHour[type]);
          }
        }
        if (r.type === "kubernetes:karpenter.sh/v1:NodePool") {
          const reqs = obj(obj(obj(i["spec"])["template"])["spec"])["requirements"] as Array<{
            key: string;
            values: string[];
          }>;
          const values = (key: string) => reqs.find((q) => q.key === key)!.values;
          for (const family of values("karpenter.k8s.aws/instance-family")) {
            for (const size of values("karpenter.k8s.aws/instance-size")) {
              items.set(`ec2.onDemandHour.${family}.${size}`, t.ec2.onDemandHour[`${family}.${size}`]);
            }
          }
        }
        if (r.type === "kubernetes:karpenter.k8s.aws/v1:EC2NodeClass") {
          for (const m of obj(i["spec"])["blockDeviceMappings"] as Array<{ ebs: { volumeType: string } }>) {
            items.set(
              `ebs.${m.ebs.volumeType}GbMonth`,
              (t.ebs as Record<string, Figure>)[`${m.ebs.volumeType}GbMonth`],
            );
          }
        }
        if (r.type === "kubernetes:storage.k8s.io/v1:StorageClass") {
          const type = obj(i["parameters"])["type"] as string;
          items.set(`ebs.${type}GbMonth`, (t.ebs as Record<string, Figure>)[`${type}GbMonth`]);
        }
        if (r.type === "aws:rds/instance:Instance") {
          assert.equal(i["engine"], "mysql");
          const deployment = i["multiAz"] === true ? "multiAz" : "singleAz";
          const cls = i["instanceClass"] as string;
          items.set(`rds.mysqlHour.${cls}.${deployment}`, t.rds.mysqlHour[cls]?.[deployment]);
          assert.equal(i["storageType"], "gp3", "RDS storage is priced as gp3");
          items.set(`rds.gp3GbMonth.${deployment}`, t.rds.gp3GbMonth[deployment]);
        }
        if (r.type === "aws:elasticache/replicationGroup:ReplicationGroup") {
          const engine = i["engine"] as string;
          const node = i["nodeType"] as string;
          items.set(`elasticache.nodeHour.${engine}.${node}`, t.elasticache.nodeHour[engine]?.[node]);
        }
      }
    }
    // The tier profiles' own choices (what npm run prices asks the Price List for).
    const wanted = wantedItems(Object.values(TIERS));
    for (const type of wanted.instanceTypes) items.set(`ec2.onDemandHour.${type}`, t.ec2.onDemandHour[type]);
    for (const node of wanted.cacheNodeTypes) {
      items.set(`elasticache.nodeHour.valkey.${node}`, t.elasticache.nodeHour["valkey"]?.[node]);
    }
    return items;
  }

  it("has an entry for everything a committed stack configures, and a price for all but the listed ones", () => {
    const items = configuredItems();
    const missing = [...items].filter(([, f]) => f === undefined).map(([path]) => path);
    assert.deepEqual(missing, [], "add these to upstream/aws-prices/eu-west-1.json (npm run prices)");
    // Read off upstream/aws-prices/eu-west-1.json on 2026-12-01: no source gave these in eu-west-1.
    // A new type, class or volume type must come with a price, or be added here knowingly.
    const unpriced = [...items]
      .filter(([, f]) => f !== undefined && "unknown" in f)
      .map(([path]) => path)
      .sort();
    assert.deepEqual(unpriced, [
      "elasticache.nodeHour.valkey.cache.m7g.large",
      "rds.gp3GbMonth.multiAz",
      "rds.mysqlHour.db.m7g.large.multiAz",
      "rds.mysqlHour.db.t4g.medium.singleAz",
    ]);
    // And everything else a committed stack configures has a price (all secondary sources but EKS).
    assert.deepEqual(
      [...items]
        .filter(([, f]) => f !== undefined && "usd" in f)
        .map(([path]) => path)
        .sort(),
      [
        "ebs.gp3GbMonth",
        "ec2.onDemandHour.m5.2xlarge",
        "ec2.onDemandHour.m5.xlarge",
        "ec2.onDemandHour.m6a.2xlarge",
        "ec2.onDemandHour.m6a.xlarge",
        "ec2.onDemandHour.m6i.2xlarge",
        "ec2.onDemandHour.m6i.large",
        "ec2.onDemandHour.m6i.xlarge",
        "elasticache.nodeHour.valkey.cache.t4g.small",
        "rds.gp3GbMonth.singleAz",
      ],
    );
  });

  it("each committed platform plan lacks only those prices", () => {
    const lacking = plans.map((p) => [p.stack, platformCost(p, table()).total.unknown]);
    assert.deepEqual(Object.fromEntries(lacking), {
      dev: ["rds.mysqlHour.db.t4g.medium.singleAz"],
      qa: ["rds.mysqlHour.db.t4g.medium.singleAz"],
      stage: [
        "elasticache.nodeHour.valkey.cache.m7g.large",
        "rds.gp3GbMonth.multiAz",
        "rds.mysqlHour.db.m7g.large.multiAz",
      ],
    });
  });
});

describe("reading an AWS Price List offer file", () => {
  const origin = { url: "https://pricing.example/AmazonEC2/index.json", read: "2026-12-01" };

  it("reads the vendored excerpt's header, products and on-demand terms", () => {
    const offer = readOffer(excerpt(), "excerpt");
    assert.equal(offer.offerCode, "AmazonEC2");
    assert.equal(offer.version, "20230322145651");
    assert.equal(offer.publicationDate, "2023-03-22T14:56:51Z");
    assert.deepEqual(Object.keys(offer.products).sort(), [
      "8D49XP354UEYTHGM",
      "9ZEEN7WWWQKAG292",
      "M6UGCCQ3CDJQAA37",
    ]);
    assert.deepEqual(offer.onDemand["M6UGCCQ3CDJQAA37"], [
      {
        offerTermCode: "JRTCKXETXF",
        dimensions: [
          {
            rateCode: "M6UGCCQ3CDJQAA37.JRTCKXETXF.6YS6EN2CT7",
            description: "$0.08 per GB-month of General Purpose (gp3) provisioned storage - US East (Ohio)",
            unit: "GB-Mo",
            beginRange: "0",
            usd: "0.0800000000",
          },
        ],
      },
    ]);
  });

  it("takes gp3 storage at $0.08 per GB-month with its SKU, rate code and offer version", () => {
    assert.deepEqual(onDemandFigure(readOffer(excerpt(), "excerpt"), selectors.gp3, origin), {
      usd: 0.08,
      source: {
        title: "AWS Price List, AmazonEC2 offer file (EBS gp3 storage)",
        url: origin.url,
        read: "2026-12-01",
        evidence: "price-list",
        quote: "$0.08 per GB-month of General Purpose (gp3) provisioned storage - US East (Ohio)",
        offer: "AmazonEC2",
        version: "20230322145651",
        publicationDate: "2023-03-22T14:56:51Z",
        sku: "M6UGCCQ3CDJQAA37",
        rateCode: "M6UGCCQ3CDJQAA37.JRTCKXETXF.6YS6EN2CT7",
      },
    });
  });

  it("does not take a Windows BYOL price for Linux, and says when a product has no on-demand price", () => {
    const offer = readOffer(excerpt(), "excerpt");
    const p3 = onDemandFigure(offer, selectors.instance("p3.8xlarge"), origin);
    assert.ok("unknown" in p3);
    assert.match(p3.unknown, /^no product in AmazonEC2 20230322145651 matches p3\.8xlarge Linux on-demand/);
    const m5 = onDemandFigure(offer, selectors.instance("m5.large"), origin);
    assert.ok("unknown" in m5);
    assert.equal(
      m5.unknown,
      "8D49XP354UEYTHGM (m5.large Linux on-demand) has no on-demand price per Hrs in AmazonEC2 20230322145651",
    );
  });

  it("leaves a figure unknown when two matching products disagree", () => {
    const doc = excerpt() as {
      products: Record<string, { sku: string; attributes: Record<string, string> }>;
      terms: { OnDemand: Record<string, Record<string, unknown>> };
    };
    const copy = structuredClone(doc.products["M6UGCCQ3CDJQAA37"]!);
    copy.sku = "OTHERGP3";
    doc.products["OTHERGP3"] = copy;
    doc.terms.OnDemand["OTHERGP3"] = {
      "OTHERGP3.T": {
        offerTermCode: "T",
        priceDimensions: {
          "OTHERGP3.T.R": { unit: "GB-Mo", beginRange: "0", pricePerUnit: { USD: "0.09" } },
        },
      },
    };
    const figure = onDemandFigure(readOffer(doc, "x"), selectors.gp3, origin);
    assert.ok("unknown" in figure);
    assert.match(
      figure.unknown,
      /2 on-demand rates match .* and disagree \(M6UGCCQ3CDJQAA37: 0\.0800000000, OTHERGP3: 0\.09\)/,
    );
  });

  it("names what is missing from a file that is not an offer file", () => {
    assert.throws(
      () => readOffer({ products: {}, terms: {} }, "f"),
      (err: unknown) => {
        return err instanceof PriceListError && err.message === 'f: "offerCode" is missing or not a string';
      },
    );
    assert.throws(() => readOffer([], "f"), /^PriceListError: f: not a JSON object$/);
  });

  it("builds a table from the offers read, leaving the others' figures unknown and keeping the spot figure", () => {
    const offer = readOffer(excerpt(), "excerpt");
    const previous = table();
    const built = buildPriceTable({
      region: "us-east-2",
      location: "US East (Ohio)",
      offers: new Map([["AmazonEC2", { offer, url: origin.url }]]),
      wanted: {
        instanceTypes: ["m5.large"],
        mysql: { "db.t4g.medium": { singleAz: true, multiAz: false } },
        cacheNodeTypes: [],
      },
      today: "2026-12-02",
      previous,
    });
    assert.doesNotThrow(() => parsePriceTable(JSON.parse(JSON.stringify(built)), "built"));
    assert.equal(built.taken, "2026-12-02");
    assert.equal("usd" in built.ebs.gp3GbMonth && built.ebs.gp3GbMonth.usd, 0.08);
    assert.deepEqual(built.eks.clusterHour, { unknown: "the AmazonEKS offer file was not read" });
    assert.deepEqual(built.rds.mysqlHour["db.t4g.medium"]!.singleAz, {
      unknown: "the AmazonRDS offer file was not read",
    });
    assert.deepEqual(built.ec2.spotDiscount, previous.ec2.spotDiscount);
    assert.match(built.method, /AmazonEC2 20230322145651/);
  });
});

describe("npm run prices: arguments", () => {
  it("needs a commercial region and a real date", () => {
    assert.throws(() => parsePricesArgs([]), /--region is required/);
    assert.throws(
      () => parsePricesArgs(["--region", "mars-1"]),
      /--region: "mars-1" is not a commercial AWS region/,
    );
    assert.throws(
      () => parsePricesArgs(["--region", "eu-west-1", "--today", "2026-02-30"]),
      /--today: "2026-02-30"/,
    );
    assert.throws(() => parsePricesArgs(["--region", "eu-west-1", "--bogus", "x"]), /--bogus: not an option/);
    assert.deepEqual(parsePricesArgs(["--region=eu-west-1", "--today", "2026-12-01"]), {
      region: "eu-west-1",
      today: "2026-12-01",
    });
  });
});
