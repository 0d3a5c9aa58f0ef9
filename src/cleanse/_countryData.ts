/**
 * ISO 3166-1: every officially assigned alpha-2 code with its alpha-3 code (public standard data), plus
 * names people write that Intl.DisplayNames does not produce.
 */
export const _alpha2To3: ReadonlyMap<string, string> = new Map(
  (
    "AD AND,AE ARE,AF AFG,AG ATG,AI AIA,AL ALB,AM ARM,AO AGO,AQ ATA,AR ARG,AS ASM,AT AUT,AU AUS,AW ABW,AX ALA," +
    "AZ AZE,BA BIH,BB BRB,BD BGD,BE BEL,BF BFA,BG BGR,BH BHR,BI BDI,BJ BEN,BL BLM,BM BMU,BN BRN,BO BOL,BQ BES," +
    "BR BRA,BS BHS,BT BTN,BV BVT,BW BWA,BY BLR,BZ BLZ,CA CAN,CC CCK,CD COD,CF CAF,CG COG,CH CHE,CI CIV,CK COK," +
    "CL CHL,CM CMR,CN CHN,CO COL,CR CRI,CU CUB,CV CPV,CW CUW,CX CXR,CY CYP,CZ CZE,DE DEU,DJ DJI,DK DNK,DM DMA," +
    "DO DOM,DZ DZA,EC ECU,EE EST,EG EGY,EH ESH,ER ERI,ES ESP,ET ETH,FI FIN,FJ FJI,FK FLK,FM FSM,FO FRO,FR FRA," +
    "GA GAB,GB GBR,GD GRD,GE GEO,GF GUF,GG GGY,GH GHA,GI GIB,GL GRL,GM GMB,GN GIN,GP GLP,GQ GNQ,GR GRC,GS SGS," +
    "GT GTM,GU GUM,GW GNB,GY GUY,HK HKG,HM HMD,HN HND,HR HRV,HT HTI,HU HUN,ID IDN,IE IRL,IL ISR,IM IMN,IN IND," +
    "IO IOT,IQ IRQ,IR IRN,IS ISL,IT ITA,JE JEY,JM JAM,JO JOR,JP JPN,KE KEN,KG KGZ,KH KHM,KI KIR,KM COM,KN KNA," +
    "KP PRK,KR KOR,KW KWT,KY CYM,KZ KAZ,LA LAO,LB LBN,LC LCA,LI LIE,LK LKA,LR LBR,LS LSO,LT LTU,LU LUX,LV LVA," +
    "LY LBY,MA MAR,MC MCO,MD MDA,ME MNE,MF MAF,MG MDG,MH MHL,MK MKD,ML MLI,MM MMR,MN MNG,MO MAC,MP MNP,MQ MTQ," +
    "MR MRT,MS MSR,MT MLT,MU MUS,MV MDV,MW MWI,MX MEX,MY MYS,MZ MOZ,NA NAM,NC NCL,NE NER,NF NFK,NG NGA,NI NIC," +
    "NL NLD,NO NOR,NP NPL,NR NRU,NU NIU,NZ NZL,OM OMN,PA PAN,PE PER,PF PYF,PG PNG,PH PHL,PK PAK,PL POL,PM SPM," +
    "PN PCN,PR PRI,PS PSE,PT PRT,PW PLW,PY PRY,QA QAT,RE REU,RO ROU,RS SRB,RU RUS,RW RWA,SA SAU,SB SLB,SC SYC," +
    "SD SDN,SE SWE,SG SGP,SH SHN,SI SVN,SJ SJM,SK SVK,SL SLE,SM SMR,SN SEN,SO SOM,SR SUR,SS SSD,ST STP,SV SLV," +
    "SX SXM,SY SYR,SZ SWZ,TC TCA,TD TCD,TF ATF,TG TGO,TH THA,TJ TJK,TK TKL,TL TLS,TM TKM,TN TUN,TO TON,TR TUR," +
    "TT TTO,TV TUV,TW TWN,TZ TZA,UA UKR,UG UGA,UM UMI,US USA,UY URY,UZ UZB,VA VAT,VC VCT,VE VEN,VG VGB,VI VIR," +
    "VN VNM,VU VUT,WF WLF,WS WSM,YE YEM,YT MYT,ZA ZAF,ZM ZMB,ZW ZWE"
  )
    .split(",")
    .map((pair) => pair.split(" ") as [string, string]),
);

/** Names and abbreviations in use that are not a display name in any of the languages consulted. */
export const _countryAliases: Readonly<Record<string, string>> = {
  uk: "GB", "u.k.": "GB", england: "GB", scotland: "GB", wales: "GB", "northern ireland": "GB", britain: "GB",
  "great britain": "GB", "united kingdom of great britain and northern ireland": "GB",
  usa: "US", "u.s.a.": "US", "u.s.": "US", us: "US", america: "US", "united states of america": "US",
  "the united states": "US", "the netherlands": "NL", holland: "NL", "south korea": "KR", "north korea": "KP",
  "republic of korea": "KR", korea: "KR", russia: "RU", "russian federation": "RU", "czech republic": "CZ",
  "ivory coast": "CI", "cote d'ivoire": "CI", "vatican": "VA", "vatican city": "VA", "holy see": "VA",
  "macedonia": "MK", "north macedonia": "MK", "burma": "MM", "swaziland": "SZ", "eswatini": "SZ",
  "cape verde": "CV", "east timor": "TL", "uae": "AE", "u.a.e.": "AE", "emirates": "AE", "prc": "CN",
  "mainland china": "CN", "taiwan": "TW", "republic of china": "TW", "persia": "IR", "iran": "IR",
  "syria": "SY", "laos": "LA", "vietnam": "VN", "viet nam": "VN", "bolivia": "BO", "venezuela": "VE",
  "tanzania": "TZ", "moldova": "MD", "palestine": "PS", "brunei": "BN", "micronesia": "FM",
  "deutschland": "DE", "brd": "DE", "españa": "ES", "espana": "ES", "italia": "IT", "nederland": "NL",
  "österreich": "AT", "osterreich": "AT", "oesterreich": "AT", "schweiz": "CH", "suisse": "CH", "svizzera": "CH",
  "sverige": "SE", "norge": "NO", "danmark": "DK", "suomi": "FI", "polska": "PL", "brasil": "BR",
  "méxico": "MX", "eire": "IE", "éire": "IE", "belgië": "BE", "belgique": "BE", "ελλάδα": "GR", "hellas": "GR",
  "россия": "RU", "日本": "JP", "中国": "CN", "한국": "KR", "nippon": "JP", "türkiye": "TR", "turkiye": "TR",
  "korea, republic of": "KR", "korea, democratic people's republic of": "KP", "iran, islamic republic of": "IR",
  "moldova, republic of": "MD", "tanzania, united republic of": "TZ", "venezuela, bolivarian republic of": "VE",
  "bolivia, plurinational state of": "BO", "lao people's democratic republic": "LA", "syrian arab republic": "SY",
  "magyarország": "HU", "česko": "CZ", "hrvatska": "HR", "românia": "RO", "ireland": "IE", "kosovo": "XK",
  // English names the display names replaced ("Türkiye", "Hong Kong SAR China", "Congo - Kinshasa").
  turkey: "TR", "hong kong": "HK", macau: "MO", macao: "MO", "democratic republic of the congo": "CD", "dr congo": "CD",
  drc: "CD", "republic of the congo": "CG", "saint vincent and the grenadines": "VC",
};

/** Languages whose display names are recognised, besides the aliases above. */
export const _countryNameLanguages: readonly string[] = ["en", "de", "fr", "es", "it", "nl", "pt", "sv", "pl"];
