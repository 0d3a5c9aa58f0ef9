/**
 * USPS Publication 28 standard abbreviations (street suffixes, Appendix C1; secondary unit designators,
 * C2; directionals), and US state / Canadian province codes. Public domain data; the suffix table holds the
 * suffixes and common variants seen in customer data, not every variant in the publication.
 *
 * Every table is a Map: tokens of an address line are data, and a word such as "CONSTRUCTOR" or
 * "__PROTO__" must find nothing, never a member of Object.prototype.
 */

/**
 * Street suffix (any common spelling) → USPS standard abbreviation. Every abbreviation is also a key for
 * itself (KY → KY), so a standardised line reads back as itself.
 */
export const _streetSuffixes: ReadonlyMap<string, string> = withAbbreviations(Object.entries({
  ALLEY: "ALY", ALLEE: "ALY", ALY: "ALY", ANNEX: "ANX", ANX: "ANX", ARCADE: "ARC", ARC: "ARC", AVENUE: "AVE",
  AVE: "AVE", AV: "AVE", AVEN: "AVE", AVENU: "AVE", AVN: "AVE", AVNUE: "AVE", BAYOU: "BYU", BEACH: "BCH",
  BCH: "BCH", BEND: "BND", BND: "BND", BLUFF: "BLF", BLF: "BLF", BOULEVARD: "BLVD", BLVD: "BLVD", BOUL: "BLVD",
  BOULV: "BLVD", BRANCH: "BR", BR: "BR", BRIDGE: "BRG", BRG: "BRG", BROOK: "BRK", BRK: "BRK", BYPASS: "BYP",
  BYP: "BYP", CAUSEWAY: "CSWY", CSWY: "CSWY", CENTER: "CTR", CENTRE: "CTR", CTR: "CTR", CIRCLE: "CIR",
  CIR: "CIR", CIRC: "CIR", CIRCL: "CIR", CRCL: "CIR", CLIFF: "CLF", CLIFFS: "CLFS", CLUB: "CLB", COMMON: "CMN",
  CORNER: "COR", CORNERS: "CORS", COURSE: "CRSE", COURT: "CT", CT: "CT", CRT: "CT", COURTS: "CTS", COVE: "CV",
  CV: "CV", CREEK: "CRK", CRK: "CRK", CRESCENT: "CRES", CRES: "CRES", CROSSING: "XING", XING: "XING",
  DALE: "DL", DAM: "DM", DRIVE: "DR", DR: "DR", DRIV: "DR", DRV: "DR", ESTATE: "EST", ESTATES: "ESTS",
  EXPRESSWAY: "EXPY", EXPY: "EXPY", EXTENSION: "EXT", EXT: "EXT", FALLS: "FLS", FERRY: "FRY", FIELD: "FLD",
  FIELDS: "FLDS", FLAT: "FLT", FORD: "FRD", FOREST: "FRST", FORGE: "FRG", FORK: "FRK", FORT: "FT", FT: "FT",
  FREEWAY: "FWY", FWY: "FWY", GARDEN: "GDN", GARDENS: "GDNS", GATEWAY: "GTWY", GLEN: "GLN", GREEN: "GRN",
  GROVE: "GRV", GRV: "GRV", HARBOR: "HBR", HAVEN: "HVN", HEIGHTS: "HTS", HTS: "HTS", HIGHWAY: "HWY", HWY: "HWY",
  HIGHWY: "HWY", HILL: "HL", HL: "HL", HILLS: "HLS", HOLLOW: "HOLW", ISLAND: "IS", JUNCTION: "JCT", JCT: "JCT",
  KEY: "KY", KNOLL: "KNL", LAKE: "LK", LAKES: "LKS", LANDING: "LNDG", LANE: "LN", LN: "LN", LOOP: "LOOP",
  MALL: "MALL", MANOR: "MNR", MEADOW: "MDW", MEADOWS: "MDWS", MILL: "ML", MOUNT: "MT", MOUNTAIN: "MTN",
  ORCHARD: "ORCH", OVAL: "OVAL", PARK: "PARK", PARKWAY: "PKWY", PKWY: "PKWY", PKY: "PKWY", PARKWY: "PKWY",
  PASS: "PASS", PATH: "PATH", PIKE: "PIKE", PINES: "PNES", PLACE: "PL", PL: "PL", PLAZA: "PLZ", PLZ: "PLZ",
  POINT: "PT", PT: "PT", PORT: "PRT", PRAIRIE: "PR", RANCH: "RNCH", RIDGE: "RDG", RDG: "RDG", RIVER: "RIV",
  ROAD: "RD", RD: "RD", ROUTE: "RTE", RTE: "RTE", ROW: "ROW", RUN: "RUN", SHORE: "SHR", SHORES: "SHRS",
  SPRING: "SPG", SPRINGS: "SPGS", SQUARE: "SQ", SQ: "SQ", STATION: "STA", STREET: "ST", ST: "ST", STR: "ST",
  STRT: "ST", STREETS: "STS", SUMMIT: "SMT", TERRACE: "TER", TER: "TER", TERR: "TER", TRACE: "TRCE",
  TRAIL: "TRL", TRL: "TRL", TURNPIKE: "TPKE", TPKE: "TPKE", VALLEY: "VLY", VIEW: "VW", VILLAGE: "VLG",
  VILLE: "VL", VISTA: "VIS", WALK: "WALK", WAY: "WAY", WY: "WAY", WAYS: "WAYS", WELL: "WL", WELLS: "WLS",
}));

function withAbbreviations(entries: readonly (readonly [string, string])[]): ReadonlyMap<string, string> {
  const table = new Map(entries);
  for (const abbreviation of new Set(table.values())) if (!table.has(abbreviation)) table.set(abbreviation, abbreviation);
  return table;
}

/** Directional words → USPS abbreviation. */
export const _directionals: ReadonlyMap<string, string> = new Map(Object.entries({
  NORTH: "N", N: "N", SOUTH: "S", S: "S", EAST: "E", E: "E", WEST: "W", W: "W", NORTHEAST: "NE", NE: "NE",
  NORTHWEST: "NW", NW: "NW", SOUTHEAST: "SE", SE: "SE", SOUTHWEST: "SW", SW: "SW",
}));

/** Secondary unit designators → USPS abbreviation ("#" becomes APT). */
export const _unitDesignators: ReadonlyMap<string, string> = new Map(Object.entries({
  APARTMENT: "APT", APT: "APT", "#": "#", BASEMENT: "BSMT", BSMT: "BSMT", BUILDING: "BLDG", BLDG: "BLDG",
  DEPARTMENT: "DEPT", DEPT: "DEPT", FLOOR: "FL", FL: "FL", FRONT: "FRNT", HANGAR: "HNGR", KEY: "KEY",
  LOBBY: "LBBY", LOT: "LOT", LOWER: "LOWR", OFFICE: "OFC", OFC: "OFC", PENTHOUSE: "PH", PH: "PH", PIER: "PIER",
  REAR: "REAR", ROOM: "RM", RM: "RM", SIDE: "SIDE", SLIP: "SLIP", SPACE: "SPC", SPC: "SPC", STOP: "STOP",
  SUITE: "STE", STE: "STE", TRAILER: "TRLR", TRLR: "TRLR", UNIT: "UNIT", UPPER: "UPPR", FLR: "FL",
  // Private mailbox and mail stop: secondary designators after the street line as well.
  PMB: "PMB", MSC: "MSC",
}));

/** US states, DC and territories, and Canadian provinces and territories: name → code, per country. */
const REGION_NAMES: Readonly<Record<"US" | "CA", Readonly<Record<string, string>>>> = {
  US: {
    ALABAMA: "AL", ALASKA: "AK", ARIZONA: "AZ", ARKANSAS: "AR", CALIFORNIA: "CA", COLORADO: "CO",
    CONNECTICUT: "CT", DELAWARE: "DE", "DISTRICT OF COLUMBIA": "DC", FLORIDA: "FL", GEORGIA: "GA", HAWAII: "HI",
    IDAHO: "ID", ILLINOIS: "IL", INDIANA: "IN", IOWA: "IA", KANSAS: "KS", KENTUCKY: "KY", LOUISIANA: "LA",
    MAINE: "ME", MARYLAND: "MD", MASSACHUSETTS: "MA", MICHIGAN: "MI", MINNESOTA: "MN", MISSISSIPPI: "MS",
    MISSOURI: "MO", MONTANA: "MT", NEBRASKA: "NE", NEVADA: "NV", "NEW HAMPSHIRE": "NH", "NEW JERSEY": "NJ",
    "NEW MEXICO": "NM", "NEW YORK": "NY", "NORTH CAROLINA": "NC", "NORTH DAKOTA": "ND", OHIO: "OH",
    OKLAHOMA: "OK", OREGON: "OR", PENNSYLVANIA: "PA", "RHODE ISLAND": "RI", "SOUTH CAROLINA": "SC",
    "SOUTH DAKOTA": "SD", TENNESSEE: "TN", TEXAS: "TX", UTAH: "UT", VERMONT: "VT", VIRGINIA: "VA",
    WASHINGTON: "WA", "WEST VIRGINIA": "WV", WISCONSIN: "WI", WYOMING: "WY", "PUERTO RICO": "PR", GUAM: "GU",
    "AMERICAN SAMOA": "AS", "U.S. VIRGIN ISLANDS": "VI", "VIRGIN ISLANDS": "VI", "NORTHERN MARIANA ISLANDS": "MP",
    "WASHINGTON DC": "DC", "WASHINGTON D.C.": "DC", CALIF: "CA", MASS: "MA", PENN: "PA", TENN: "TN", WASH: "WA",
    // USPS military "states" (APO/FPO/DPO mail): AE also serves Africa, Canada and the Middle East.
    "ARMED FORCES AMERICAS": "AA", "ARMED FORCES EUROPE": "AE", "ARMED FORCES AFRICA": "AE", "ARMED FORCES CANADA": "AE",
    "ARMED FORCES MIDDLE EAST": "AE", "ARMED FORCES PACIFIC": "AP",
  },
  CA: {
    ALBERTA: "AB", "BRITISH COLUMBIA": "BC", MANITOBA: "MB", "NEW BRUNSWICK": "NB",
    "NEWFOUNDLAND AND LABRADOR": "NL", NEWFOUNDLAND: "NL", "NOVA SCOTIA": "NS", ONTARIO: "ON",
    "PRINCE EDWARD ISLAND": "PE", QUEBEC: "QC", QUÉBEC: "QC", SASKATCHEWAN: "SK", "NORTHWEST TERRITORIES": "NT",
    NUNAVUT: "NU", YUKON: "YT", "YUKON TERRITORY": "YT", "P.E.I.": "PE", PEI: "PE", PQ: "QC", QUE: "QC",
  },
};

/** A country's regions: name (and abbreviation) → code, and the set of codes. */
export interface _RegionTable {
  readonly byName: ReadonlyMap<string, string>;
  readonly codes: ReadonlySet<string>;
}

function regionTable(names: Readonly<Record<string, string>>): _RegionTable {
  return { byName: new Map(Object.entries(names)), codes: new Set(Object.values(names)) };
}

/** US states, DC and territories, and Canadian provinces and territories, per country. */
export const _regions: Readonly<Record<"US" | "CA", _RegionTable>> = { US: regionTable(REGION_NAMES.US), CA: regionTable(REGION_NAMES.CA) };

/** Postal code shapes (after upper-casing and removing spaces) and how to write them, for common countries. */
export const _postalFormats: ReadonlyMap<string, readonly [RegExp, (compact: string) => string]> = new Map(Object.entries({
  US: [/^\d{5}(?:\d{4})?$/, (c) => (c.length === 9 ? `${c.slice(0, 5)}-${c.slice(5)}` : c)],
  CA: [/^[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z]\d[ABCEGHJ-NPRSTV-Z]\d$/, (c) => `${c.slice(0, 3)} ${c.slice(3)}`],
  GB: [/^(?:[A-Z]{1,2}\d[A-Z\d]?\d[A-Z]{2}|GIR0AA)$/, (c) => `${c.slice(0, -3)} ${c.slice(-3)}`],
  DE: [/^\d{5}$/, (c) => c],
  FR: [/^\d{5}$/, (c) => c],
  ES: [/^\d{5}$/, (c) => c],
  IT: [/^\d{5}$/, (c) => c],
  NL: [/^\d{4}[A-Z]{2}$/, (c) => `${c.slice(0, 4)} ${c.slice(4)}`],
  AU: [/^\d{4}$/, (c) => c],
  AT: [/^\d{4}$/, (c) => c],
  CH: [/^\d{4}$/, (c) => c],
  BE: [/^\d{4}$/, (c) => c],
  DK: [/^\d{4}$/, (c) => c],
  NO: [/^\d{4}$/, (c) => c],
  SE: [/^\d{5}$/, (c) => `${c.slice(0, 3)} ${c.slice(3)}`],
  PL: [/^\d{5}$/, (c) => `${c.slice(0, 2)}-${c.slice(2)}`],
  JP: [/^\d{7}$/, (c) => `${c.slice(0, 3)}-${c.slice(3)}`],
  BR: [/^\d{8}$/, (c) => `${c.slice(0, 5)}-${c.slice(5)}`],
  IN: [/^\d{6}$/, (c) => c],
  IE: [/^[A-Z\d]{7}$/, (c: string) => `${c.slice(0, 3)} ${c.slice(3)}`],
} satisfies Record<string, readonly [RegExp, (compact: string) => string]>));
