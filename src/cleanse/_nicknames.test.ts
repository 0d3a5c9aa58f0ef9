import { describe, expect, it } from "vitest";
import { _nicknameIndex } from "./_nicknames.js";

describe("_nicknameIndex", () => {
  const index = _nicknameIndex();
  const related = (name: string): readonly string[] | undefined => index.get(name);

  it("is built once and kept", () => {
    expect(_nicknameIndex()).toBe(index);
  });

  it("links a name from the public table to each name it goes by, and each of those back", () => {
    expect(related("robert")).toEqual(["bill", "billy", "bob", "bobby", "dob", "dobbin", "hob", "hobkin", "rob", "robbie", "roberto", "rupert", "ruprecht"]);
    // "charles,charlie,chuck,carl,chick" and "charles,karl,carl,carlos,…" (variants).
    expect(related("charles")).toEqual(["carl", "carlito", "carlo", "carlos", "charlie", "chick", "chuck", "karel", "karl", "karol"]);
    for (const nickname of ["bob", "hob", "dob", "rob", "bobby"]) expect(related(nickname), nickname).toContain("robert");
    expect(related("chuck")).toContain("charles");
    expect(related("chick")).toContain("charles");
  });

  it("reads the supplement after the public table (its own names, linked both ways)", () => {
    expect(related("robbie")).toEqual(["robert", "roberta", "roberto", "rupert", "ruprecht"]);
    // Topher also stands for Christopher's other forms (Christoph goes by Topher).
    expect(related("topher")).toEqual(["christoph", "christophe", "christopher", "cristobal", "cristoforo", "kristof", "kristoffer", "krzysztof"]);
    expect(related("christopher")).toContain("topher");
    expect(related("madeline")).toContain("maddie");
    expect(related("maddie")).toEqual(["madeline"]);
    expect(related("xander")).toContain("alexander");
    expect(related("alexander")).toContain("xander");
  });

  it("is one step of the table, never its closure: Jonathan goes by John, not John's Jack", () => {
    expect(related("jonathan")).toEqual(["johannes", "john", "nathan"]);
    expect(related("jonathan")).not.toContain("jack");
    expect(related("bill")).toContain("robert");
    expect(related("bill")).toContain("fred");
    expect(related("fred")).not.toContain("robert");
  });

  it("never lists a name as related to itself, not even where a table line repeats its name", () => {
    // "cliff,clifford,cliff", "margie,marjorie,margie", "pat,patrick,pat,patricia".
    expect(related("cliff")).toEqual(["clifford", "clifton"]);
    expect(related("margie")).toEqual(["malgorzata", "margaret", "margareta", "margarethe", "margaretta", "margherita", "margriet", "marjorie"]);
    expect(related("pat")).toEqual(["padraig", "patience", "patricia", "patricio", "patrick", "patrizia", "patrizio", "patrycja", "patryk", "tricia", "trish"]);
    for (const [name, names] of index) expect(names, name).not.toContain(name);
  });

  it("skips initials (names with a dot) and so names known only by initials", () => {
    // "casey,k.c.", "kasey,k.c.", "leroy,roy,lee,l.r.", "littleberry,little,berry,l.b.".
    expect(index.has("casey")).toBe(false);
    expect(index.has("kasey")).toBe(false);
    expect(index.has("k.c.")).toBe(false);
    expect(index.has("l.r.")).toBe(false);
    expect(related("leroy")).toEqual(["lee", "roy"]);
    expect(related("littleberry")).toEqual(["berry", "little"]);
    expect(index.has("")).toBe(false);
    for (const [name, names] of index) {
      expect(name, name).toMatch(/^[a-z]+$/);
      for (const other of names) expect(other, name).toMatch(/^[a-z]+$/);
    }
  });

  it("gives undefined for a name in no table", () => {
    expect(related("zyxwv")).toBeUndefined();
    expect(related("Robert")).toBeUndefined();
  });

  it("links every form of a name across languages to every other", () => {
    expect(related("karl")).toEqual(["carl", "carlito", "carlo", "carlos", "charles", "charlie", "chick", "chuck", "karel", "karol"]);
    expect(related("carlos")).toEqual(["carl", "carlito", "carlo", "charles", "charlie", "chick", "chuck", "karel", "karl", "karol"]);
    expect(related("wilhelm")).toEqual(["bela", "bell", "bill", "billy", "guglielmo", "guillaume", "guillermo", "wilhelmus", "will", "willem", "william", "willie", "willy"]);
    expect(related("ruprecht")).toEqual(["bob", "bobby", "dob", "dobbin", "hob", "hobkin", "rob", "robbie", "robert", "roberto", "rupert"]);
  });

  it("gives a form the names its line's first name goes by, the first of them too, in both directions", () => {
    // "michael,micky,mike,micah,mick": Miguel goes by Micky (the first listed) as well as Mike.
    expect(related("miguel")).toEqual(["micah", "michael", "michal", "michel", "michele", "michiel", "mick", "micky", "mikael", "mike", "mikel", "mikey", "mikhail"]);
    expect(related("micky")).toContain("miguel");
    expect(related("mike")).toContain("mikhail");
    // "charles,charlie,…": Karl goes by Charlie, the first name Charles goes by.
    expect(related("charlie")).toContain("karl");
    expect(related("willy")).toContain("wilhelm");
  });

  it("gives no such names to a form the table gives names of its own (Isabella has Bella, not Elizabeth's Lisa)", () => {
    expect(related("isabella")).toEqual(["bella", "belle", "elisa", "elisabet", "elisabeth", "elisabetta", "elizabeth", "elzbieta", "ib", "isabel", "isabelle", "issy", "izzy", "nib", "nibby", "tibbie"]);
    expect(related("isabella")).not.toContain("lisa");
    expect(related("lisa")).not.toContain("isabella");
    // The line's first name keeps its own names.
    expect(related("elizabeth")).toEqual(["bess", "bessie", "beth", "betsy", "betty", "elisa", "elisabet", "elisabeth", "elisabetta", "eliza", "elzbieta", "isabel", "isabella", "isabelle", "izzy", "lib", "libby", "lisa", "liz", "liza", "lizzie"]);
  });

  it("keeps each list sorted", () => {
    for (const [name, names] of index) expect(names, name).toEqual([...names].sort());
  });
});
