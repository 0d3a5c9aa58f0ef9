/**
 * Reference data for the customer generator: names, nicknames, streets and places. Hand-written from
 * public-domain facts (common US/UK/German/Canadian names and places, real area codes and postal
 * prefixes); nothing here identifies a real person.
 */
import { _dict, type _Dict } from "../shared/_dict.js";

export interface _Place {
  readonly country: "US" | "GB" | "CA" | "DE";
  readonly city: string;
  /** US state or Canadian province code; empty elsewhere. */
  readonly region: string;
  /** Postal prefix: US ZIP3, UK outward code, Canadian FSA, German 2-digit region. */
  readonly postal: string;
  /** Area codes (US/CA) or national dialling prefixes of landlines (GB/DE). */
  readonly areaCodes: readonly string[];
}

export const _places: readonly _Place[] = [
  { country: "US", city: "New York", region: "NY", postal: "100", areaCodes: ["212", "646", "917"] },
  { country: "US", city: "Brooklyn", region: "NY", postal: "112", areaCodes: ["718", "347"] },
  { country: "US", city: "Los Angeles", region: "CA", postal: "900", areaCodes: ["213", "323", "310"] },
  { country: "US", city: "San Francisco", region: "CA", postal: "941", areaCodes: ["415", "628"] },
  { country: "US", city: "San Diego", region: "CA", postal: "921", areaCodes: ["619", "858"] },
  { country: "US", city: "Chicago", region: "IL", postal: "606", areaCodes: ["312", "773"] },
  { country: "US", city: "Houston", region: "TX", postal: "770", areaCodes: ["713", "281", "832"] },
  { country: "US", city: "Dallas", region: "TX", postal: "752", areaCodes: ["214", "469", "972"] },
  { country: "US", city: "Austin", region: "TX", postal: "787", areaCodes: ["512", "737"] },
  { country: "US", city: "Phoenix", region: "AZ", postal: "850", areaCodes: ["602", "480"] },
  { country: "US", city: "Philadelphia", region: "PA", postal: "191", areaCodes: ["215", "267"] },
  { country: "US", city: "Pittsburgh", region: "PA", postal: "152", areaCodes: ["412"] },
  { country: "US", city: "Seattle", region: "WA", postal: "981", areaCodes: ["206"] },
  { country: "US", city: "Portland", region: "OR", postal: "972", areaCodes: ["503", "971"] },
  { country: "US", city: "Denver", region: "CO", postal: "802", areaCodes: ["303", "720"] },
  { country: "US", city: "Boston", region: "MA", postal: "021", areaCodes: ["617", "857"] },
  { country: "US", city: "Miami", region: "FL", postal: "331", areaCodes: ["305", "786"] },
  { country: "US", city: "Orlando", region: "FL", postal: "328", areaCodes: ["407", "321"] },
  { country: "US", city: "Atlanta", region: "GA", postal: "303", areaCodes: ["404", "470", "678"] },
  { country: "US", city: "Charlotte", region: "NC", postal: "282", areaCodes: ["704", "980"] },
  { country: "US", city: "Nashville", region: "TN", postal: "372", areaCodes: ["615", "629"] },
  { country: "US", city: "Columbus", region: "OH", postal: "432", areaCodes: ["614"] },
  { country: "US", city: "Detroit", region: "MI", postal: "482", areaCodes: ["313"] },
  { country: "US", city: "Minneapolis", region: "MN", postal: "554", areaCodes: ["612"] },
  { country: "US", city: "St. Louis", region: "MO", postal: "631", areaCodes: ["314"] },
  { country: "US", city: "Kansas City", region: "MO", postal: "641", areaCodes: ["816"] },
  { country: "US", city: "Las Vegas", region: "NV", postal: "891", areaCodes: ["702", "725"] },
  { country: "US", city: "Salt Lake City", region: "UT", postal: "841", areaCodes: ["801", "385"] },
  { country: "US", city: "Baltimore", region: "MD", postal: "212", areaCodes: ["410", "443"] },
  { country: "US", city: "Milwaukee", region: "WI", postal: "532", areaCodes: ["414"] },
  { country: "US", city: "Albuquerque", region: "NM", postal: "871", areaCodes: ["505"] },
  { country: "US", city: "New Orleans", region: "LA", postal: "701", areaCodes: ["504"] },
  { country: "US", city: "Springfield", region: "IL", postal: "627", areaCodes: ["217"] },
  { country: "US", city: "Springfield", region: "MA", postal: "011", areaCodes: ["413"] },
  { country: "US", city: "Richmond", region: "VA", postal: "232", areaCodes: ["804"] },
  { country: "GB", city: "London", region: "", postal: "SW1A,N1,E2,SE1,W2,NW3,EC1A,WC2H", areaCodes: ["20"] },
  { country: "GB", city: "Manchester", region: "", postal: "M1,M4,M14,M20", areaCodes: ["161"] },
  { country: "GB", city: "Birmingham", region: "", postal: "B1,B5,B15,B29", areaCodes: ["121"] },
  { country: "GB", city: "Leeds", region: "", postal: "LS1,LS6,LS11", areaCodes: ["113"] },
  { country: "GB", city: "Glasgow", region: "", postal: "G1,G3,G12", areaCodes: ["141"] },
  { country: "GB", city: "Bristol", region: "", postal: "BS1,BS6,BS8", areaCodes: ["117"] },
  { country: "GB", city: "Edinburgh", region: "", postal: "EH1,EH3,EH10", areaCodes: ["131"] },
  { country: "CA", city: "Toronto", region: "ON", postal: "M5V,M4C,M6H,M2N", areaCodes: ["416", "647"] },
  { country: "CA", city: "Ottawa", region: "ON", postal: "K1P,K2P,K1S", areaCodes: ["613"] },
  { country: "CA", city: "Montreal", region: "QC", postal: "H2X,H3A,H4B", areaCodes: ["514", "438"] },
  { country: "CA", city: "Vancouver", region: "BC", postal: "V5K,V6B,V6K", areaCodes: ["604", "778"] },
  { country: "CA", city: "Calgary", region: "AB", postal: "T2P,T3A,T2E", areaCodes: ["403", "587"] },
  { country: "CA", city: "Halifax", region: "NS", postal: "B3H,B3K,B3L", areaCodes: ["902"] },
  { country: "DE", city: "Berlin", region: "", postal: "10,12,13", areaCodes: ["30"] },
  { country: "DE", city: "München", region: "", postal: "80,81", areaCodes: ["89"] },
  { country: "DE", city: "Hamburg", region: "", postal: "20,22", areaCodes: ["40"] },
  { country: "DE", city: "Köln", region: "", postal: "50,51", areaCodes: ["221"] },
  { country: "DE", city: "Frankfurt am Main", region: "", postal: "60,65", areaCodes: ["69"] },
  { country: "DE", city: "Stuttgart", region: "", postal: "70", areaCodes: ["711"] },
];

/** Country weights of the generated population. */
export const _countryWeights: readonly (readonly [_Place["country"], number])[] = [
  ["US", 0.7],
  ["GB", 0.12],
  ["CA", 0.1],
  ["DE", 0.08],
];

export const _countryNames: Readonly<Record<_Place["country"], readonly string[]>> = {
  US: ["US", "USA", "United States", "United States of America", "U.S.A.", "us"],
  GB: ["GB", "UK", "United Kingdom", "Great Britain", "England", "gb"],
  CA: ["CA", "Canada", "CAN", "canada"],
  DE: ["DE", "Germany", "Deutschland", "DEU", "germany"],
};

export const _provinceNames: _Dict<string> = _dict({
  NY: "New York",
  CA: "California",
  IL: "Illinois",
  TX: "Texas",
  AZ: "Arizona",
  PA: "Pennsylvania",
  WA: "Washington",
  OR: "Oregon",
  CO: "Colorado",
  MA: "Massachusetts",
  FL: "Florida",
  GA: "Georgia",
  NC: "North Carolina",
  TN: "Tennessee",
  OH: "Ohio",
  MI: "Michigan",
  MN: "Minnesota",
  MO: "Missouri",
  NV: "Nevada",
  UT: "Utah",
  MD: "Maryland",
  WI: "Wisconsin",
  NM: "New Mexico",
  LA: "Louisiana",
  VA: "Virginia",
  ON: "Ontario",
  QC: "Quebec",
  BC: "British Columbia",
  AB: "Alberta",
  NS: "Nova Scotia",
});

/** First names by sex, most common first (the generator weights them by rank). */
export const _maleFirstNames: readonly string[] = (
  "James Robert John Michael David William Richard Joseph Thomas Christopher Charles Daniel Matthew Anthony " +
  "Mark Donald Steven Andrew Paul Joshua Kenneth Kevin Brian George Timothy Ronald Jason Edward Jeffrey Ryan " +
  "Jacob Gary Nicholas Eric Jonathan Stephen Larry Justin Scott Brandon Benjamin Samuel Gregory Alexander " +
  "Patrick Frank Raymond Jack Dennis Jerry Tyler Aaron Jose Adam Nathan Henry Zachary Douglas Peter Kyle " +
  "Noah Ethan Jeremy Walter Christian Keith Roger Terry Austin Sean Gerald Carl Harold Dylan Arthur Lawrence " +
  "Jordan Jesse Bryan Billy Bruce Gabriel Joe Logan Alan Juan Albert Willie Elijah Wayne Randy Vincent Liam " +
  "Oliver Harry Jürgen Lukas Felix Maximilian Connor Mohammed Luis Carlos Miguel Wei Hiroshi"
).split(" ");

export const _femaleFirstNames: readonly string[] = (
  "Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Lisa Nancy Betty Sandra Margaret " +
  "Ashley Kimberly Emily Donna Michelle Carol Amanda Melissa Deborah Stephanie Dorothy Rebecca Sharon Laura " +
  "Cynthia Amy Kathleen Angela Shirley Brenda Emma Anna Pamela Nicole Samantha Katherine Christine Helen " +
  "Debra Rachel Carolyn Janet Maria Catherine Heather Diane Olivia Julie Joyce Victoria Ruth Virginia Lauren " +
  "Kelly Christina Joan Evelyn Judith Andrea Hannah Megan Cheryl Jacqueline Martha Madison Teresa Gloria Sara " +
  "Janice Ann Kathryn Abigail Sophia Frances Jean Alice Judy Isabella Julia Grace Amber Denise Danielle " +
  "Marilyn Beverly Charlotte Natalie Theresa Diana Brittany Doris Kayla Alexis Lori Marie Sophie Chloe " +
  "Siobhan Zoë Renée Chloé Ingrid Mei Yuki Fatima Lucía"
).split(" ");

/** Surnames, most common first. Includes particles and apostrophes that cleansing must keep right. */
export const _lastNames: readonly string[] = (
  "Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez Wilson " +
  "Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez Lewis " +
  "Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams Nelson Baker Hall " +
  "Rivera Campbell Mitchell Carter Roberts Gomez Phillips Evans Turner Diaz Parker Cruz Edwards Collins Reyes " +
  "Stewart Morris Morales Murphy Cook Rogers Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed Kelly Howard " +
  "Ramos Kim Cox Ward Richardson Watson Brooks Chavez Wood James Bennett Gray Mendoza Ruiz Hughes Price " +
  "Alvarez Castillo Sanders Patel Myers Long Ross Foster Jimenez Powell Jenkins Perry Russell Sullivan Bell " +
  "Coleman Butler Henderson Barnes Gonzales Fisher Vasquez Simmons Romero Jordan Patterson Alexander Hamilton " +
  "Graham Reynolds Griffin Wallace Moreno West Cole Hayes Bryant Herrera Gibson Ellis Tran Medina Aguilar " +
  "Stevens Murray Ford Castro Marshall Owens Harrison Fernandez McDonald Woods Washington Kennedy Wells Vargas " +
  "Henry Chen Freeman Webb Tucker Guzman Burns Crawford Olson Simpson Porter Hunter Gordon Mendez Silva Shaw " +
  "Snyder Mason Dixon Muñoz Hunt Hicks Holmes Palmer Wagner Black Robertson Boyd Rose Stone Salazar Fox " +
  "Warren Mills Meyer Rice Schmidt Garza Daniels Ferguson Nichols Stephens Soto Weaver Ryan Gardner Payne " +
  "Grant Dunn Kelley Spencer Hawkins Arnold Pierce Vazquez Hansen Peters Santos Hart Bradley Knight Elliott " +
  "Cunningham Duncan Armstrong Hudson Carroll Lane Riley Andrews Alvarado Ray Delgado Berry Perkins Hoffman " +
  "Johnston Matthews Peña Richards Willis Carpenter Lawrence Sandoval Guerrero George Chapman Rios Estrada " +
  "Ortega Watkins Greene Nunez Wheeler Valdez Harper Burke Larson Santiago Maldonado Morrison Franklin " +
  "Carlson Austin Dominguez Carr Lawson Jacobs O'Brien Lynch Singh Vega Bishop Montgomery Oliver Jensen " +
  "Harvey Williamson Gilbert Dean Sims Espinoza Howell Li Wong Reid Hanson Le McCoy Garrett Burton Fuller " +
  "Wang Weber Welch Rojas Lucas Marquez Fields Park Yang Little Banks Padilla Day Walsh Bowman Schultz Luna " +
  "Fowler Mejia Davidson Acosta Brewer May Holland Juarez Newman Pearson Curtis Cortez Douglas Schneider " +
  "Joseph Barrett Navarro Figueroa Keller Ávila Wade Molina Stanley Hopkins Campos Barnett Bates Chambers " +
  "Caldwell Beck Lambert Miranda Byrd Craig Ayala Lowe Frazier Powers Neal Leonard Gregory Carrillo Sutton " +
  "Fleming Rhodes Shelton Schwartz Norris Jennings Watts Duran Walters Cohen McDaniel Moran Parks Steele " +
  "Vaughn Becker Holt DeLeon Barker Terry Hale Leon Benson Haynes Horton Miles Lyons Pham Graves Bush " +
  "Thornton Wolfe Warner Cabrera McKinney Mann Zimmerman Dawson Lara Fletcher Page McCarthy Love Robles " +
  "Cervantes Solis Erickson Reeves Chang Klein Salinas Fuentes Baldwin Daniel Simon Velasquez Hardy Higgins " +
  "Aguirre Lin Cummings Chandler Sharp Barber Bowen Ochoa Dennis Robbins Liu Ramsey Francis Griffith Paul " +
  "Blair O'Connor Cardenas Pacheco Cross Calderon Quinn Moss Swanson Chan Rivas Khan Rodgers Serrano " +
  "Fitzgerald Rosales Stevenson Christensen Manning Gill Curry McLaughlin Harmon McGee Gross Doyle Garner " +
  "Newton Burgess Reese Walton Blake Trujillo Adkins Brady Goodman Roman Webster Goodwin Fischer Huang " +
  "Potter Delacruz Montoya Todd Wu Hines Mullins Castaneda Malone Cannon Tate Mack Sherman Hubbard Hodges " +
  "Zhang Guerra Wolf Valencia Saunders Franco Rowe Gallagher Farmer Hammond Hampton Townsend Ingram Wise " +
  "Gallegos Clarke Barton Schroeder Maxwell Waters Logan Camacho Strickland Norman Person Colón Parsons " +
  "Frank Harrington Glover Osborne Buchanan Casey Floyd Patton Ibarra Ball Tyler Suarez Bowers Orozco Salas " +
  "Cobb Gibbs Andrade Bauer Conner Moody Escobar McGuire Lloyd Mueller Hartman French Kramer McBride Pope " +
  "Lindsey Velazquez Norton McCormick Sparks Flynn Yates Hogan Marsh Macias Villanueva Zamora Pratt Stokes " +
  "Owen Ballard Lang Brock Villarreal Charles Drake Barrera Cain Patrick Piña Moses Müller Schäfer Koch " +
  "Richter Wolff Schröder Neumann Schwarz Braun Hofmann Krüger Hartmann Lange van der Berg de la Cruz " +
  "van Dijk MacLeod O'Neill D'Angelo St. John García López Nowak Kowalski Dubois Lefebvre Tremblay Gagnon " +
  "Roy Côté Bouchard Gauthier Morin Lavoie Fortin Okafor Adeyemi Mensah Kaur Sharma Gupta Tanaka Suzuki Sato"
)
  .split(" ")
  .reduce<string[]>((names, part) => {
    // Multi-word surnames ("van der Berg", "de la Cruz", "St. John") are written with spaces above;
    // glue particles to the word that follows.
    const previous = names[names.length - 1];
    if (previous !== undefined && /^(van|der|de|la|van der|de la|St\.)$/.test(previous)) {
      names[names.length - 1] = `${previous} ${part}`;
    } else {
      names.push(part);
    }
    return names;
  }, []);

/** Common English nicknames by formal name (the generator's own; cleansing ships a full public table). */
export const _nicknames: _Dict<readonly string[]> = _dict({
  James: ["Jim", "Jimmy", "Jamie"],
  Robert: ["Bob", "Rob", "Bobby", "Robbie"],
  John: ["Johnny", "Jack"],
  Michael: ["Mike", "Mikey"],
  David: ["Dave", "Davey"],
  William: ["Will", "Bill", "Billy", "Liam"],
  Richard: ["Rick", "Dick", "Rich", "Richie"],
  Joseph: ["Joe", "Joey"],
  Thomas: ["Tom", "Tommy"],
  Christopher: ["Chris", "Topher"],
  Charles: ["Charlie", "Chuck"],
  Daniel: ["Dan", "Danny"],
  Matthew: ["Matt"],
  Anthony: ["Tony"],
  Donald: ["Don", "Donnie"],
  Steven: ["Steve"],
  Andrew: ["Andy", "Drew"],
  Joshua: ["Josh"],
  Kenneth: ["Ken", "Kenny"],
  Timothy: ["Tim", "Timmy"],
  Ronald: ["Ron", "Ronnie"],
  Edward: ["Ed", "Eddie", "Ted"],
  Jeffrey: ["Jeff"],
  Nicholas: ["Nick", "Nicky"],
  Jonathan: ["Jon"],
  Stephen: ["Steve"],
  Lawrence: ["Larry"],
  Benjamin: ["Ben", "Benny"],
  Samuel: ["Sam", "Sammy"],
  Gregory: ["Greg"],
  Alexander: ["Alex", "Xander"],
  Patrick: ["Pat", "Paddy"],
  Raymond: ["Ray"],
  Zachary: ["Zach", "Zack"],
  Douglas: ["Doug"],
  Peter: ["Pete"],
  Gerald: ["Jerry"],
  Frank: ["Frankie"],
  Harold: ["Hal", "Harry"],
  Gabriel: ["Gabe"],
  Albert: ["Al", "Bert"],
  Vincent: ["Vince", "Vinny"],
  Maximilian: ["Max"],
  Mary: ["Molly", "Polly", "Mae"],
  Patricia: ["Pat", "Patty", "Trish", "Tricia"],
  Jennifer: ["Jen", "Jenny"],
  Elizabeth: ["Liz", "Beth", "Betsy", "Lizzie", "Eliza"],
  Barbara: ["Barb", "Babs"],
  Susan: ["Sue", "Susie"],
  Jessica: ["Jess", "Jessie"],
  Margaret: ["Maggie", "Peggy", "Meg", "Marge"],
  Kimberly: ["Kim"],
  Deborah: ["Deb", "Debbie"],
  Stephanie: ["Steph"],
  Dorothy: ["Dot", "Dottie"],
  Rebecca: ["Becky", "Becca"],
  Cynthia: ["Cindy"],
  Kathleen: ["Kathy", "Kate"],
  Pamela: ["Pam"],
  Samantha: ["Sam", "Sammy"],
  Katherine: ["Kate", "Katie", "Kathy", "Kat"],
  Christine: ["Chris", "Chrissy"],
  Victoria: ["Vicky", "Tori"],
  Judith: ["Judy"],
  Abigail: ["Abby"],
  Theresa: ["Tess", "Terry"],
  Teresa: ["Tess", "Terry"],
  Kathryn: ["Kate", "Katie"],
  Alexandra: ["Alex", "Sandra"],
  Jacqueline: ["Jackie"],
  Natalie: ["Nat"],
  Frances: ["Fran", "Frannie"],
  Virginia: ["Ginny"],
  Beverly: ["Bev"],
  Isabella: ["Bella", "Izzy"],
  Victor: ["Vic"],
});

/** Street base names; suffixes and directionals are added by the generator. */
export const _streetNames: readonly string[] = (
  "Main Oak Maple Pine Cedar Elm Washington Lake Hill Park Walnut Sunset Lincoln Jackson Franklin Highland " +
  "Church Willow Mill River Spring Ridge Chestnut Meadow Forest Center Jefferson Madison Adams Cherry Birch " +
  "Valley Lakeview Hickory Dogwood Magnolia Sycamore Poplar Aspen Juniper Laurel Prospect Union Broad Market " +
  "Water Bridge Franklin Grove College Academy Garden Orchard Woodland Fairview Pleasant Summit Harbor " +
  "Bay Canyon Mesa Vista Cypress Redwood Sierra Ocean Shore Railroad Liberty Victoria Queen King Albert"
).split(" ");

export const _germanStreetNames: readonly string[] = (
  "Haupt Bahnhof Schul Garten Dorf Berg Kirch Wald Ring Linden Birken Goethe Schiller Mozart Kant Rosen " +
  "Eichen Friedhof Mühlen Feld"
).split(" ");

/** USPS Publication 28 suffixes: the long form, and the abbreviations sources actually use. */
export const _streetSuffixes: readonly (readonly [string, readonly string[]])[] = [
  ["Street", ["St", "St.", "Str"]],
  ["Avenue", ["Ave", "Ave.", "Av"]],
  ["Road", ["Rd", "Rd."]],
  ["Boulevard", ["Blvd", "Blvd."]],
  ["Drive", ["Dr", "Dr."]],
  ["Lane", ["Ln", "Ln."]],
  ["Court", ["Ct", "Ct."]],
  ["Place", ["Pl", "Pl."]],
  ["Terrace", ["Ter", "Terr"]],
  ["Way", ["Wy"]],
  ["Circle", ["Cir", "Circ"]],
  ["Parkway", ["Pkwy", "Pky"]],
];

export const _directionals: readonly (readonly [string, string])[] = [
  ["North", "N"],
  ["South", "S"],
  ["East", "E"],
  ["West", "W"],
];

export const _unitDesignators: readonly (readonly [string, readonly string[]])[] = [
  ["Apartment", ["Apt", "Apt.", "#", "Apt #"]],
  ["Suite", ["Ste", "Ste.", "#"]],
  ["Unit", ["Unit", "#"]],
];

/** Free mail providers by country, most used first. */
export const _freeEmailDomains: Readonly<Record<_Place["country"], readonly string[]>> = {
  US: ["gmail.com", "yahoo.com", "hotmail.com", "outlook.com", "icloud.com", "aol.com", "comcast.net", "msn.com"],
  GB: ["gmail.com", "hotmail.co.uk", "yahoo.co.uk", "outlook.com", "btinternet.com", "icloud.com", "sky.com"],
  CA: ["gmail.com", "hotmail.com", "yahoo.ca", "outlook.com", "rogers.com", "shaw.ca", "icloud.com"],
  DE: ["gmail.com", "gmx.de", "web.de", "t-online.de", "yahoo.de", "outlook.de", "freenet.de"],
};

/** Misspellings of provider domains seen in real sign-up forms. */
export const _domainTypos: _Dict<readonly string[]> = _dict({
  "gmail.com": ["gmial.com", "gmai.com", "gmail.co", "gmal.com", "gamil.com", "gmail.con", "gnail.com"],
  "yahoo.com": ["yaho.com", "yahooo.com", "yahoo.co", "yhoo.com"],
  "hotmail.com": ["hotmial.com", "hotmal.com", "hotmail.co", "hotmali.com"],
  "outlook.com": ["outlok.com", "outloo.com", "outlook.co"],
  "icloud.com": ["iclod.com", "icloud.co", "icoud.com"],
  "aol.com": ["aol.co", "aoll.com"],
});

export const _companyWords: readonly string[] = (
  "acme globex initech umbrella stark wayne wonka soylent hooli vandelay cyberdyne tyrell massive pied " +
  "northwind contoso fabrikam tailspin adventure litware proseware fourth wingtip alpine blue lucerne"
).split(" ");

/** Values people type when a form insists on an answer; they must never link anyone. */
export const _placeholderEmails: readonly string[] = [
  "test@test.com",
  "noemail@noemail.com",
  "none@none.com",
  "no@email.com",
  "example@example.com",
  "na@na.com",
  "asdf@asdf.com",
];
export const _placeholderPhones: readonly string[] = [
  "000-000-0000",
  "1234567890",
  "999-999-9999",
  "0000000000",
  "111-111-1111",
  "(555) 555-5555",
];
export const _placeholderBirthDates: readonly string[] = ["1900-01-01", "01/01/1900", "1901-01-01", "1900-01-01"];
