import { describe, expect, it } from "vitest";
import { STANDARD_FIELDS } from "./customerRecord.js";

describe("STANDARD_FIELDS", () => {
  it("lists the standard fields in their canonical order", () => {
    expect(STANDARD_FIELDS).toEqual(["id", "source", "updatedAt", "firstName", "lastName", "fullName", "email", "phone", "dateOfBirth", "street", "city", "postalCode", "country", "customerId"]);
  });
});
