//! The word lists of the crediting patterns.

/// Verbs of a party that says something: "Reuters reported", "…, said the
/// BBC".
#[rustfmt::skip]
pub(super) const SAY_VERBS: &[&str] = &[
    "reported", "reports", "report", "said", "says", "say", "wrote", "writes", "write", "noted",
    "notes", "found", "finds", "revealed", "reveals", "confirmed", "confirms", "stated", "states",
    "cited", "cites", "quoted", "quotes", "learned", "learnt", "added", "adds", "claimed",
    "claims", "announced", "announces", "disclosed", "reveal", "confirm", "note", "find",
    "estimated", "estimates", "calculated", "calculates",
];

/// Words that may stand between a party and its verb: "Reuters first
/// reported", "the BBC has reported".
#[rustfmt::skip]
pub(super) const BETWEEN_PARTY_AND_VERB: &[&str] = &[
    "has", "have", "had", "was", "is", "were", "are", "also", "first", "later", "earlier",
    "previously", "exclusively", "recently", "originally", "separately", "initially", "further",
    "then", "subsequently", "already", "reportedly", "both", "all",
];

/// Common nouns that describe an outlet next to its name: "Russia's TASS
/// news agency", "the Guardian newspaper".
#[rustfmt::skip]
pub(super) const DESCRIPTORS: &[&str] = &[
    "newspaper", "newspapers", "news", "agency", "agencies", "broadcaster", "channel", "daily",
    "weekly", "outlet", "website", "site", "network", "magazine", "paper", "tabloid", "television",
    "radio", "wire", "service", "portal", "publication", "TV",
];

/// Nouns for what an outlet publishes: "a Reuters tally", "the BBC's
/// reporting", "a report by the Guardian".
#[rustfmt::skip]
pub(super) const REPORT_NOUNS: &[&str] = &[
    "report", "reports", "reporting", "article", "articles", "story", "stories", "investigation",
    "analysis", "tally", "count", "calculation", "calculations", "survey", "poll", "review",
    "exclusive", "interview", "coverage", "findings", "estimate", "estimates", "data", "piece",
    "editorial", "dispatch", "op-ed", "column",
];

/// Plural subjects kept in a "told X" phrase: "sources told Reuters".
#[rustfmt::skip]
pub(super) const TELLERS: &[&str] = &[
    "sources", "officials", "diplomats", "people", "analysts", "witnesses", "residents", "Sources",
    "Officials", "Diplomats", "People", "Analysts", "Witnesses", "Residents",
];

/// Lower-case words that may follow a party without being a noun it
/// modifies: "told Reuters on Monday", "according to Reuters and AFP".
#[rustfmt::skip]
pub(super) const AFTER_PARTY: &[&str] = &[
    "on", "in", "at", "that", "and", "or", "but", "which", "who", "whose", "as", "after", "before",
    "when", "while", "last", "this", "earlier", "later", "late", "today", "yesterday", "tonight",
    "early", "by", "for", "from", "to", "with", "about", "of", "over", "during", "since", "than",
    "it", "he", "she", "they", "there", "its", "the", "a", "an", "said", "reported", "wrote",
    "had", "has", "was", "is", "were", "are", "would", "will", "could", "may", "might", "quoting",
    "citing", "without", "first", "also", "not", "via", "under", "into", "if", "because", "so",
    "where", "published", "reports", "says", "writes", "noted", "found", "shows", "shown", "saw",
    "suggests", "indicates",
];

/// Words of a name that make it a news outlet's: "Kyodo News", "the
/// Financial Times".
#[rustfmt::skip]
pub(super) const MEDIA_WORDS: &[&str] = &[
    "News", "Times", "Post", "Herald", "Tribune", "Journal", "Gazette", "Telegraph", "Guardian",
    "Press", "Agency", "Daily", "Radio", "Television", "TV", "Broadcasting", "Network", "Wire",
    "Magazine", "Review", "Chronicle", "Observer", "Standard", "Express", "Mail", "Monitor",
    "Economist", "Reporter", "Insider", "Newspaper", "Courier", "Sentinel", "Inquirer", "Examiner",
    "Bulletin", "Dispatch", "Record", "Register", "Star", "Globe", "Tribune", "Mirror",
    "Independent", "Today", "Weekly", "Channel", "Broadcaster",
    // Other languages' names of papers: "La Presse", "Süddeutsche Zeitung".
    "Presse", "Zeitung", "Diario", "Corriere", "Gazzetta", "Nachrichten", "Tageblatt", "Jornal",
    "Folha", "Gazeta", "Kurier", "Dagblad", "Noticias",
];

/// Media words that make a name an outlet's only next to another media
/// word or a known outlet: "Xinhua News Agency" is, "the European Space
/// Agency" is not.
#[rustfmt::skip]
pub(super) const WEAK_MEDIA_WORDS: &[&str] = &[
    "Agency", "Standard", "Express", "Mail", "Record", "Register", "Star", "Today", "Monitor",
    "Independent", "Channel", "Network",
];

/// Words of a name that make it a public body's, a title's or a firm's,
/// whatever media word it has: "the Press Office", "Press Secretary".
#[rustfmt::skip]
pub(super) const BODY_WORDS: &[&str] = &[
    "Ministry", "Minister", "Office", "Department", "Secretary", "Council", "Commission",
    "Committee", "Bank", "University", "Institute", "Police", "Court", "Party", "Government",
    "Army", "Command", "Spokesman", "Spokeswoman", "President", "Foundation", "Center", "Centre",
    "Reserve", "Authority", "Board", "Union", "Organization", "Organisation", "Observatory",
    "Square", "Chartered", "Street", "Avenue", "Road", "Hospital", "School", "Senator",
    "Prosecutor", "Space", "Intelligence", "Protection", "Energy", "Environmental", "Emergency",
    "Health", "Atomic", "Defense", "Defence", "Service", "Services",
];

/// Body words that are places: a paper may be named after one ("the Wall
/// Street Journal").
pub(super) const PLACE_WORDS: &[&str] = &["Street", "Avenue", "Road", "Square"];

/// Outlets whose names have no media word, written as printed.
#[rustfmt::skip]
pub(super) const KNOWN_OUTLETS: &[&str] = &[
    "Reuters", "AP", "Associated Press", "AFP", "Agence France-Presse", "Xinhua", "Kyodo",
    "Yonhap", "TASS", "Tass", "Interfax", "RIA Novosti", "RIA", "Bloomberg", "Al Jazeera",
    "Al Arabiya", "BBC", "CNN", "NPR", "NHK", "Politico", "Axios", "Haaretz", "Le Monde",
    "Le Figaro", "Libération", "Der Spiegel", "Spiegel", "Die Zeit", "Bild", "El País", "El Mundo",
    "Corriere della Sera", "La Repubblica", "Asahi", "Asahi Shimbun", "Yomiuri", "Mainichi",
    "Nikkei", "Nikkei Asia", "CNBC", "MSNBC", "ABC", "NBC", "CBS", "Euronews", "Deutsche Welle",
    "DW", "France 24", "RFI", "RT", "Sputnik", "Anadolu", "Anadolu Agency", "IRNA", "Tasnim",
    "KCNA", "Bernama", "Antara", "PTI", "Dawn", "Semafor", "Vox", "BuzzFeed", "HuffPost", "Slate",
    "Forbes", "Fortune", "Variety", "Wired", "Mediapart", "Meduza", "Kommersant", "Izvestia",
    "Vedomosti", "Pravda", "Ukrainska Pravda", "Caixin", "CCTV", "CGTN", "JoongAng", "Chosun Ilbo",
    "Asharq Al-Awsat", "Ynet", "ProPublica", "Bellingcat", "Kathimerini", "ANSA", "EFE", "dpa",
    "Lusa", "Agencia EFE", "Al-Monitor", "Axel Springer", "Fox", "Sky", "Reuters.com", "Economist",
    "Telegraph", "Observer", "Spectator", "Atlantic", "Intercept", "Times", "Independent",
    "Kyiv Independent", "Guardian", "Hindu", "Voice of America", "VOA", "Radio Free Europe", "RFE",
    "Kyodo News", "Yonhap News Agency", "Xinhua News Agency", "Scotsman", "Verge", "Irrawaddy",
    "Moscow Times", "Kyiv Post", "Hill", "Nation",
];

/// Known outlet names that are common words, taken only after "the":
/// "the Times", "the Independent".
#[rustfmt::skip]
pub(super) const NEEDS_THE: &[&str] = &[
    "Economist", "Telegraph", "Observer", "Spectator", "Atlantic", "Intercept", "Times",
    "Independent", "Guardian", "Hindu", "Scotsman", "Verge", "Irrawaddy", "Hill", "Nation",
];

/// Names with a media word that are no outlet's.
#[rustfmt::skip]
pub(super) const NOT_OUTLETS: &[&str] = &[
    "Times Square", "Royal Mail", "American Express", "Standard Chartered", "Post Office",
    "Google News", "Apple News", "Washington Square", "Daily Mail Trust",
];

/// Small words inside a name: "the Times of India", "Corriere della Sera".
#[rustfmt::skip]
pub(super) const NAME_JOINERS: &[&str] = &[
    "of", "de", "del", "della", "der", "al", "el", "la", "le", "du", "des",
];

/// Words that start a phrase naming what a sentence's claim rests on rather
/// than who said it: "according to the plan".
#[rustfmt::skip]
pub(super) const DETERMINERS: &[&str] = &[
    "the", "The", "a", "A", "an", "An",
];

/// Personal pronouns, a party when they say something.
#[rustfmt::skip]
pub(super) const PRONOUNS: &[&str] = &[
    "he", "she", "they", "it", "He", "She", "They", "It", "we", "We", "I",
];

/// Words of a number: "twelve people", "a million barrels".
#[rustfmt::skip]
pub(super) const NUMBER_WORDS: &[&str] = &[
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "twenty", "thirty", "forty", "fifty", "hundred", "hundreds", "thousand", "thousands",
    "million", "millions", "billion", "billions", "trillion", "percent", "dozen", "dozens", "half",
    "third", "quarter", "double", "doubled", "tripled", "Two", "Three", "Four", "Five", "Six",
    "Seven", "Eight", "Nine", "Ten", "Hundreds", "Thousands", "Millions", "Dozens",
];

/// Words of a date: "on Monday", "in March", "last year".
#[rustfmt::skip]
pub(super) const DATE_WORDS: &[&str] = &[
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January",
    "February", "March", "April", "June", "July", "August", "September", "October", "November",
    "December", "Jan", "Feb", "Mar", "Apr", "Aug", "Sept", "Sep", "Oct", "Nov", "Dec", "yesterday",
    "today", "tomorrow", "tonight", "century", "decade",
];

/// Words that, next to a capitalised word, make a named event: "the Cold
/// War", "the G20 Summit", "the Paris Agreement".
#[rustfmt::skip]
pub(super) const EVENT_WORDS: &[&str] = &[
    "War", "Summit", "Olympics", "Games", "Cup", "Election", "Elections", "Treaty", "Accord",
    "Accords", "Agreement", "Conference", "Revolution", "Crisis", "Pandemic", "Festival",
    "Championship", "Forum", "Congress", "Referendum", "Uprising", "Massacre", "Attack", "Attacks",
    "Invasion", "Spring", "Olympic", "Expo", "Marathon", "Protests",
];

/// Words after an outlet's name that name one of its editions: "Guardian
/// Australia", "BBC Persian".
#[rustfmt::skip]
pub(super) const EDITION_WORDS: &[&str] = &[
    "Australia", "US", "UK", "America", "English", "Arabic", "Persian", "World", "Online",
    "International", "Africa", "Asia", "Europe", "Mundo", "Brasil", "Russian", "Ukrainian",
    "Turkish", "Urdu", "Hindi", "Service", "Digital", "Verify", "Investigations",
];
