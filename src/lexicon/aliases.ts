// Field aliases kept as data: the words people use for the same thing in questions about Central
// Asia–Japan relations, and capitals standing for their governments ("Tokyo" for Japan). The
// analyzer and the question reader read them; nothing here quotes the library.

/** Capitals by country: in "Tokyo and Dushanbe signed…" the capitals are the governments. */
export const CAPITALS: Record<string, string> = {
  Tokyo: 'Japan',
  Astana: 'Kazakhstan',
  'Nur-Sultan': 'Kazakhstan',
  Bishkek: 'Kyrgyzstan',
  Dushanbe: 'Tajikistan',
  Ashgabat: 'Turkmenistan',
  Tashkent: 'Uzbekistan',
  Kabul: 'Afghanistan',
  Beijing: 'China',
  Moscow: 'Russia',
  Washington: 'United States',
  Seoul: 'South Korea',
  'New Delhi': 'India',
  Ankara: 'Turkey',
  Ulaanbaatar: 'Mongolia',
  Tehran: 'Iran',
  Islamabad: 'Pakistan',
  Kyiv: 'Ukraine',
  Baku: 'Azerbaijan',
  Berlin: 'Germany',
  Paris: 'France',
  London: 'United Kingdom',
};

/** Chat spellings read as the words they stand for ("what r the…", "w/ japan"). */
export const CHAT_WORDS: Record<string, string> = {
  r: 'are',
  u: 'you',
  ur: 'your',
  'w/': 'with',
  'w/o': 'without',
  b4: 'before',
  pls: 'please',
  plz: 'please',
  thx: 'thanks',
  bc: 'because',
  cuz: 'because',
  abt: 'about',
  govt: 'government',
  gov: 'government',
  yr: 'year',
  yrs: 'years',
  intl: 'international',
  // Misspelt question words decide what is asked: they are read as meant.
  wen: 'when',
  whn: 'when',
  wat: 'what',
  wht: 'what',
  wich: 'which',
  whcih: 'which',
  hw: 'how',
  howmuch: 'how much',
  howmany: 'how many',
};
