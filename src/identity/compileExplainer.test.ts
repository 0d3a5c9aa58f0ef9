import { describe, expect, it } from "vitest";
import { generateCustomerDataset } from "../testing/generateCustomerDataset.js";
import { compileExplainer, explainMatch } from "./explainMatch.js";
import { resolveIdentities } from "./resolveIdentities.js";

describe("compileExplainer", () => {
  const { records } = generateCustomerDataset({ entities: 300, seed: 3 });
  const ids = records.map((r) => r.id);

  it("explains every pair as explainMatch does, with the whole data set's frequencies", () => {
    const explainer = compileExplainer(records);
    const links = resolveIdentities(records).links;
    expect(links.length).toBeGreaterThan(50);
    const pairs = [...links.slice(0, 40).map((link) => [link.a, link.b] as const), [ids[0] as string, ids[7] as string] as const, [ids[3] as string, ids[3] as string] as const];
    for (const [a, b] of pairs) expect(explainer.explain(a, b)).toEqual(explainMatch(records, a, b));
    expect(explainer.priorWeight).toBe(explainMatch(records, ids[0] as string, ids[1] as string).priorWeight);
    // Order of the two ids does not matter; every link resolveIdentities made is explained as linked.
    for (const link of links) {
      expect(explainer.explain(link.b, link.a)).toEqual(explainer.explain(link.a, link.b));
      expect(explainer.explain(link.a, link.b).linked).toBe(true);
    }
  });

  it("takes the same options as resolveIdentities", () => {
    const options = { threshold: 0.999999, customerIdFormat: (id: string) => id.toLowerCase() };
    const link = resolveIdentities(records, options).links[0];
    expect(link).toBeDefined();
    expect(compileExplainer(records, options).explain(link?.a as string, link?.b as string)).toEqual(explainMatch(records, link?.a as string, link?.b as string, options));
  });

  it("refuses an id that is not in the records, and invalid options when compiled", () => {
    const explainer = compileExplainer(records);
    expect(() => explainer.explain(ids[0] as string, "nobody")).toThrow(expect.objectContaining({ code: "invalid_options", message: "compileExplainer: both record ids must be in records." }) as Error);
    expect(() => explainer.explain(5 as never, ids[0] as string)).toThrow(/both record ids/);
    expect(() => compileExplainer(records, { threshold: 2 })).toThrow(expect.objectContaining({ code: "invalid_options" }) as Error);
  });
});
