import { _nameVariantCsv } from "./_nameVariantData.js";
import { _nicknameCsv } from "./_nicknameData.js";
import { _nicknameSupplementCsv } from "./_nicknameSupplement.js";

let index: ReadonlyMap<string, readonly string[]> | undefined;

/**
 * The names a given name may stand for or be shortened to (one step in either direction of the public
 * nickname table, never the transitive closure, which would make Bill and Fred one name), its forms
 * in other languages (Charles, Karl, Carlos), and for such a form the names its line's first name goes by
 * (Carlos, Charlie). Keys and values
 * are lower-case ASCII. Built on first use and kept: it is constant reference data.
 */
export function _nicknameIndex(): ReadonlyMap<string, readonly string[]> {
  if (index !== undefined) return index;
  const related = new Map<string, Set<string>>();
  const link = (a: string, b: string): void => {
    if (a === b) return;
    let set = related.get(a);
    if (set === undefined) related.set(a, (set = new Set()));
    set.add(b);
  };
  // The names each name is known by, as the public table writes them: a name, then the names it goes by.
  const knownBy = new Map<string, string[]>();
  for (const line of `${_nicknameCsv}\n${_nicknameSupplementCsv}`.split("\n")) {
    const [name, ...others] = line.split(",");
    // Stryker disable next-line StringLiteral: the only empty first field in the data is a whole empty line, which has no other names to link.
    if (name === undefined || name === "") continue;
    for (const other of others) {
      if (other === "" || other.includes(".")) continue;
      link(name, other);
      link(other, name);
      const list = knownBy.get(name);
      if (list === undefined) knownBy.set(name, [other]);
      else list.push(other);
    }
  }
  // One name across languages: every form of a line stands for every other. The forms also go by the
  // names the line's first name goes by in the public table (Miguel for Mike, Wilhelm for Bill: a
  // translation of Michael is known by Michael's nicknames): one step and in the table's direction only,
  // so never Jonathan through John (Jonathan goes by John, not John by Jonathan) nor Benjamin through
  // James's Jamie.
  for (const line of _nameVariantCsv.split("\n")) {
    // Stryker disable next-line MethodExpression: the variant data has no empty field but its trailing empty line, whose lone "" links nothing (link("", "") returns; knownBy has no "").
    const names = line.split(",").filter((name) => name !== "");
    // Stryker disable next-line StringLiteral: names[0] is undefined only when names is empty, and then the loop below never reads shortForms.
    const shortForms = knownBy.get(names[0] ?? "") ?? [];
    for (const a of names) {
      for (const b of names) link(a, b);
      // A form the public table gives names of its own to go by is a name of its own in English too
      // (Isabella, with Bella: not Elizabeth's Lisa).
      if (a === names[0] || knownBy.has(a)) continue;
      for (const shortForm of shortForms) {
        link(a, shortForm);
        link(shortForm, a);
      }
    }
  }
  const built = new Map<string, readonly string[]>();
  for (const [name, set] of related) built.set(name, [...set].sort());
  index = built;
  return built;
}
