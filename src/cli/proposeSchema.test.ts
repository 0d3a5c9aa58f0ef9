// `schema init`'s guesses, column by column: what a header name decides, what values decide when the name
// says nothing, the record id, the source and time columns, the date order, and what is left out and why.
import { describe, expect, it } from "vitest";
import { proposeSchema } from "./proposeSchema.js";

/** The field proposed for each column of a one-row file whose values are all "x". */
function fieldsOf(columns: readonly string[], rows: readonly Record<string, unknown>[] = [Object.fromEntries(columns.map((c) => [c, "x"]))]): Record<string, string | null> {
  return Object.fromEntries(proposeSchema(columns, rows).guesses.map((g) => [g.column, g.field]));
}

describe("proposeSchema, by header name", () => {
  it.each([
    ["first_name", "firstName"], ["Given Name", "firstName"], ["forename", "firstName"], ["fname", "firstName"], ["first", "firstName"], ["prenom", "firstName"], ["Vorname", "firstName"],
    ["last-name", "lastName"], ["family_name", "lastName"], ["Surname", "lastName"], ["lname", "lastName"], ["last", "lastName"], ["nom", "lastName"], ["Nachname", "lastName"],
    ["name", "fullName"], ["full name", "fullName"], ["customer_name", "fullName"], ["contact-name", "fullName"],
    ["E-Mail", "email"], ["email_address", "email"], ["courriel", "email"],
    ["phone", "phone"], ["Mobile", "phone"], ["tel", "phone"], ["cell", "phone"], ["home_phone", "phone"],
    ["birth_date", "dateOfBirth"], ["DOB", "dateOfBirth"], ["birthdate", "dateOfBirth"], ["Birthday", "dateOfBirth"], ["date_of_birth", "dateOfBirth"], ["DateOfBirth", "dateOfBirth"], ["birth", "dateOfBirth"], ["Geburtsdatum", "dateOfBirth"],
    ["firstname", "firstName"], ["lastname", "lastName"], ["fullname", "fullName"], ["contactname", "fullName"], ["countrycode", "country"], ["customerid", "customerId"],
    ["street", "street"], ["address", "street"], ["addr_line_1", "street"], ["address1", "street"], ["street_name", "street"],
    ["city", "city"], ["Town", "city"], ["locality", "city"],
    ["state", "region"], ["Province", "region"], ["county", "region"], ["region", "region"],
    ["zip", "postalCode"], ["postal_code", "postalCode"], ["postcode", "postalCode"], ["PLZ", "postalCode"],
    ["country", "country"], ["country_code", "country"],
    ["customer_id", "customerId"], ["client number", "customerId"], ["account-no", "customerId"], ["member_ref", "customerId"],
  ])("%s → %s", (column, field) => {
    // Two rows of one value: a column named like an id whose values repeat is not the record id.
    expect(fieldsOf([column], [{ [column]: "x" }, { [column]: "x" }])[column]).toBe(field);
  });

  it.each(["firstname_old", "surnames", "mid_name", "emai", "fon", "citystate", "states", "countries", "nation", "customer", "notes"])("%s: not recognised, and left out", (column) => {
    const { spec, guesses } = proposeSchema([column], [{ [column]: "x" }]);
    expect(guesses).toEqual([{ column, field: null, why: "not recognised: left out (add it under fields, or as a custom field)" }]);
    expect(spec).toEqual({ fields: {} });
  });

  it.each([
    ["birthplace", "dateOfBirth"], ["place_of_birth", "dateOfBirth"], ["xdob", "dateOfBirth"], ["dobs", "dateOfBirth"],
    ["xfirst_name", "firstName"], ["first_names", "firstName"], ["xfname", "firstName"], ["fnames", "firstName"], ["xfirst", "firstName"], ["firsts", "firstName"], ["xprenom", "firstName"], ["prenoms", "firstName"], ["xvorname", "firstName"], ["vornamen", "firstName"],
    ["xlast_name", "lastName"], ["last_name2", "lastName"], ["xsurname", "lastName"], ["surnames", "lastName"], ["xlname", "lastName"], ["lnames", "lastName"], ["xlast", "lastName"], ["lasts", "lastName"], ["xnom", "lastName"], ["noms", "lastName"], ["xnachname", "lastName"], ["nachnamen", "lastName"],
    ["names", "fullName"], ["nickname", "fullName"], ["xcustomer_name", "fullName"], ["customer_names", "fullName"], ["last__name", "lastName"],
    ["ethnicity", "city"], ["hometown", "city"], ["cities", "city"], ["xstate", "region"], ["states", "region"],
    ["xcountry", "country"], ["country_codes", "country"], ["country__code", "country"],
    ["xcustomer_id", "customerId"], ["customer_ids", "customerId"], ["customer__id", "customerId"],
  ])("%s is not read as %s", (column, field) => {
    expect(fieldsOf([column], [{ [column]: "x" }, { [column]: "x" }])[column]).not.toBe(field);
  });

  it("reads id-like names exactly: recordid and rowid are the id, ids and xid are not", () => {
    for (const column of ["recordid", "RowID", "record-id"]) expect(proposeSchema([column], [{ [column]: "1" }, { [column]: "1" }]).spec["id"]).toBe(column);
    for (const column of ["ids", "xid", "record__id", "rows_id", "keys"]) expect(proposeSchema([column], [{ [column]: "1" }, { [column]: "1" }]).spec["id"]).toBeUndefined();
    for (const column of ["resource", "subsystem", "sources", "channels"]) expect(proposeSchema([column], [{ [column]: "x" }]).spec["source"]).toBeUndefined();
  });

  it("gives a field to its first column only: a second email column is left out", () => {
    const rows = [{ email: "a@b.co", email2: "c@d.co" }];
    const { spec, guesses } = proposeSchema(["email", "email2"], rows);
    expect(spec["fields"]).toEqual({ email: "email" });
    expect(guesses[1]).toEqual({ column: "email2", field: null, why: "not recognised: left out (add it under fields, or as a custom field)" });
  });

  it("trims header names before matching, and maps the column as written", () => {
    const { spec } = proposeSchema([" zip "], [{ " zip ": "12345" }]);
    expect(spec["fields"]).toEqual({ postalCode: " zip " });
  });

  it("says how many sample values a named column had, or only its name when it had none", () => {
    const { guesses } = proposeSchema(["city", "zip"], [{ city: "Austin", zip: "" }, { city: " Dallas ", zip: "  " }, { city: 3 }]);
    expect(guesses).toEqual([{ column: "city", field: "city", why: "its name; 2 sample value(s)" }, { column: "zip", field: "postalCode", why: "its name" }]);
  });
});

describe("proposeSchema, by values", () => {
  it("an unnamed column of email addresses is the email, at 80% or more of its values", () => {
    const rows = ["a@b.co", "c.d@e.org", "f@g.h.io", "nope", "x@y.de"].map((v) => ({ contact: v }));
    expect(proposeSchema(["contact"], rows).guesses[0]).toEqual({ column: "contact", field: "email", why: "80% of its values are email addresses" });
    expect(fieldsOf(["contact"], ["a@b.co", "nope", "no", "c@d.io", "e@f.io"].map((v) => ({ contact: v })))["contact"]).toBeNull();
    // Not addresses: no domain dot, a space, two @.
    expect(fieldsOf(["contact"], ["a@b", "a b@c.de", "a@@b.de"].map((v) => ({ contact: v })))["contact"]).toBeNull();
  });

  it("an unnamed column of phone numbers is the phone: seven digits at least, punctuation allowed", () => {
    const rows = ["+1 (415) 555-0100", "415.555.0101", "0049 30 1234567", "555-0102", "020 7946 0958"].map((v) => ({ contact: v }));
    expect(proposeSchema(["contact"], rows).guesses[0]).toEqual({ column: "contact", field: "phone", why: "its values are phone numbers" });
    expect(fieldsOf(["contact"], ["12-34", "1 2 3", "(12)", "55-01", "1.2"].map((v) => ({ contact: v })))["contact"]).toBeNull();
    expect(fieldsOf(["contact"], ["555-0100x", "call 5550100", "5550100", "5550101", "5550102"].map((v) => ({ contact: v })))["contact"]).toBeNull();
    expect(fieldsOf(["when"], ["1990-02-03", "1991-12-01", "03.02.1990", "2001-01-01"].map((v) => ({ when: v })))["when"]).toBe("dateOfBirth");
  });

  it("an email-looking column after the email field is taken is not a second email; a phone-looking one after the phone neither", () => {
    const rows = [{ email: "a@b.co", other: "c@d.co", phone: "5550100", more: "5550101" }];
    expect(fieldsOf(["email", "other", "phone", "more"], rows)).toEqual({ email: "email", other: null, phone: "phone", more: null });
  });

  it("an unnamed column of numeric dates is the date of birth, once (ISO and dotted dates are not phone numbers)", () => {
    const rows = [{ d1: "1990-02-03", d2: "04/05/1980" }, { d1: "1991-12-01", d2: "13/05/1980" }];
    const { spec, guesses } = proposeSchema(["d1", "d2"], rows);
    expect(guesses).toEqual([{ column: "d1", field: "dateOfBirth", why: "its values are dates" }, { column: "d2", field: null, why: "not recognised: left out (add it under fields, or as a custom field)" }]);
    expect(spec).toEqual({ fields: { dateOfBirth: "d1" }, dateOrder: "DMY" });
  });

  it("a column of values that are not emails, phones or dates is left out; an empty one too", () => {
    expect(fieldsOf(["notes", "empty"], [{ notes: "likes cats", empty: "" }, { notes: "vip", empty: " " }])).toEqual({ notes: null, empty: null });
  });
});

describe("proposeSchema, dates", () => {
  const orderOf = (values: readonly string[], column = "dob"): unknown => proposeSchema([column], values.map((v) => ({ [column]: v }))).spec["dateOrder"];

  it("day first when more unambiguous dates have a first part above 12, month first when the second is", () => {
    expect(orderOf(["13/01/1990", "25.12.1980", "01/02/1970"])).toBe("DMY");
    expect(orderOf(["01/13/1990", "12-25-1980", "01/02/1970"])).toBe("MDY");
    expect(orderOf(["13/01/1990", "01/13/1990", "12/25/1980"])).toBe("MDY");
    expect(orderOf(["13/01/1990", "25/01/1990", "01/13/1990"])).toBe("DMY");
  });

  it("no order when nothing decides: ties, only ambiguous dates, year-first dates, both parts above 12, or other text", () => {
    expect(orderOf(["13/01/1990", "01/13/1990"])).toBeUndefined();
    expect(orderOf(["01/02/1990", "03/04/1980"])).toBeUndefined();
    expect(orderOf(["1990/13/01", "1990-01-13", "2001.12.31"])).toBeUndefined();
    expect(orderOf(["13/13/1990", "31/31/2000"])).toBeUndefined();
    expect(orderOf(["born 13/01/1990", "13 Jan 1990"])).toBeUndefined();
  });

  it("reads the order from a named date of birth column and from an unnamed column of dates; the last column that decides wins", () => {
    expect(proposeSchema(["when"], [{ when: "13/01/1990" }, { when: "14/01/1990" }]).spec).toEqual({ fields: { dateOfBirth: "when" }, dateOrder: "DMY" });
    const { spec } = proposeSchema(["dob", "other_date"], [{ dob: "13/01/1990", other_date: "01/13/2000" }]);
    expect(spec["dateOrder"]).toBe("MDY");
    const kept = proposeSchema(["dob", "other_date"], [{ dob: "13/01/1990", other_date: "01/02/2000" }]);
    expect(kept.spec["dateOrder"]).toBe("DMY");
  });
});

describe("proposeSchema, id, source and time", () => {
  it("a column named id (or record id, row id, key) is the record id", () => {
    for (const column of ["id", "ID", "record_id", "Row-Id", "key", " id "]) {
      const { spec, guesses } = proposeSchema(["email", column], [{ email: "a@b.co", [column]: "1" }]);
      expect(spec["id"]).toBe(column);
      expect(guesses[1]).toEqual({ column, field: "id", why: "named id" });
    }
  });

  it("else a column named like an id or reference whose sampled values are all there and distinct", () => {
    const rows = [{ order_no: "A1", ref: "x" }, { order_no: "A2", ref: "x" }];
    const { spec, guesses } = proposeSchema(["ref", "order_no"], rows);
    expect(spec["id"]).toBe("order_no");
    expect(guesses[1]).toEqual({ column: "order_no", field: "id", why: "named like an id, every sampled value distinct" });
    for (const column of ["user id", "ticket-number", "reference", "booking_ref"]) expect(proposeSchema([column], [{ [column]: "1" }, { [column]: "2" }]).spec["id"]).toBe(column);
    // A value missing or repeated: not an id.
    expect(proposeSchema(["order_no"], [{ order_no: "A1" }, { order_no: "" }]).spec["id"]).toBeUndefined();
    expect(proposeSchema(["order_no"], [{ order_no: "A1" }, { order_no: "A1" }]).spec["id"]).toBeUndefined();
    expect(proposeSchema(["order_no"], []).spec["id"]).toBeUndefined();
    // Named like neither: "identity", "idx" are not ids.
    expect(proposeSchema(["identity", "idx"], [{ identity: "1", idx: "1" }]).spec["id"]).toBeUndefined();
  });

  it("a column named id wins over an earlier id-like one", () => {
    expect(proposeSchema(["order_no", "id"], [{ order_no: "A1", id: "1" }]).spec["id"]).toBe("id");
  });

  it("source and observation-time columns by name", () => {
    for (const column of ["source", "System", "origin", "channel"]) expect(proposeSchema([column], [{ [column]: "crm" }]).guesses[0]).toEqual({ column, field: "source", why: "named like a source" });
    for (const column of ["updatedAt", "last_modified", "changed", "Last Update", "timestamp", "observed_on"]) {
      const { spec, guesses } = proposeSchema([column], [{ [column]: "2024-01-01" }]);
      expect(spec["observedAt"]).toBe(column);
      expect(guesses[0]).toEqual({ column, field: "observedAt", why: "named like the time a record was written" });
    }
    expect(proposeSchema(["sources"], [{ sources: "crm" }]).spec["source"]).toBeUndefined();
  });
});

describe("proposeSchema, nested values", () => {
  it("leaves out a column of objects or arrays, saying how to flatten it; a column of some objects among text is read as text", () => {
    const why = "holds nested values (objects or arrays), which a schema cannot map: flatten them into columns first (name.first → name_first)";
    expect(proposeSchema(["name"], [{ name: { first: "Ann" } }, { name: ["Lee"] }]).guesses).toEqual([{ column: "name", field: null, why }]);
    expect(proposeSchema(["name"], [{ name: { first: "Ann" } }, { name: "Ann Lee" }]).guesses).toEqual([{ column: "name", field: null, why }]);
    expect(proposeSchema(["name"], [{ name: { first: "Ann" } }, { name: "Ann Lee" }, { name: "Bo Li" }]).guesses).toEqual([{ column: "name", field: "fullName", why: "its name; 2 sample value(s)" }]);
    expect(proposeSchema(["name"], [{ name: null }, { name: "Ann Lee" }]).guesses[0]?.field).toBe("fullName");
  });
});
