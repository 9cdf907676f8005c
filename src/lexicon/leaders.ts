// Office holders of the region and of Japan, with the post, its country and the months in office
// (YYYY-MM; `to` absent = still in office when this table was written). Read to place a person's country
// when the text gives only a name, to give the role a person held
// at an event's date, and to let a filter name a person by surname. Public record, not corpus text.

export interface Tenure {
  post: string;
  country: string;
  from: string;
  to?: string;
}

export interface Leader {
  name: string;
  /** Other spellings and transliterations, as written in English-language press. */
  aliases?: string[];
  tenures: Tenure[];
}

const PM = 'Prime Minister of Japan';
const FM_JP = 'Foreign Minister of Japan';

export const LEADERS: Leader[] = [
  // Japan: prime ministers since the 1990s and the foreign ministers of the dialogue's years
  { name: 'Ryutaro Hashimoto', tenures: [{ post: PM, country: 'Japan', from: '1996-01', to: '1998-07' }] },
  { name: 'Keizo Obuchi', tenures: [{ post: PM, country: 'Japan', from: '1998-07', to: '2000-04' }] },
  { name: 'Yoshiro Mori', tenures: [{ post: PM, country: 'Japan', from: '2000-04', to: '2001-04' }] },
  { name: 'Junichiro Koizumi', tenures: [{ post: PM, country: 'Japan', from: '2001-04', to: '2006-09' }] },
  {
    name: 'Shinzo Abe',
    tenures: [
      { post: PM, country: 'Japan', from: '2006-09', to: '2007-09' },
      { post: PM, country: 'Japan', from: '2012-12', to: '2020-09' },
    ],
  },
  { name: 'Yasuo Fukuda', tenures: [{ post: PM, country: 'Japan', from: '2007-09', to: '2008-09' }] },
  {
    name: 'Taro Aso',
    tenures: [
      { post: FM_JP, country: 'Japan', from: '2005-10', to: '2007-08' },
      { post: PM, country: 'Japan', from: '2008-09', to: '2009-09' },
    ],
  },
  { name: 'Yukio Hatoyama', tenures: [{ post: PM, country: 'Japan', from: '2009-09', to: '2010-06' }] },
  { name: 'Naoto Kan', tenures: [{ post: PM, country: 'Japan', from: '2010-06', to: '2011-09' }] },
  { name: 'Yoshihiko Noda', tenures: [{ post: PM, country: 'Japan', from: '2011-09', to: '2012-12' }] },
  { name: 'Yoshihide Suga', tenures: [{ post: PM, country: 'Japan', from: '2020-09', to: '2021-10' }] },
  {
    name: 'Fumio Kishida',
    tenures: [
      { post: FM_JP, country: 'Japan', from: '2012-12', to: '2017-08' },
      { post: PM, country: 'Japan', from: '2021-10', to: '2024-10' },
    ],
  },
  { name: 'Shigeru Ishiba', tenures: [{ post: PM, country: 'Japan', from: '2024-10', to: '2025-10' }] },
  { name: 'Sanae Takaichi', tenures: [{ post: PM, country: 'Japan', from: '2025-10' }] },
  { name: 'Yoriko Kawaguchi', tenures: [{ post: FM_JP, country: 'Japan', from: '2002-02', to: '2004-09' }] },
  {
    name: 'Nobutaka Machimura',
    tenures: [{ post: FM_JP, country: 'Japan', from: '2004-09', to: '2005-10' }],
  },
  { name: 'Taro Kono', tenures: [{ post: FM_JP, country: 'Japan', from: '2017-08', to: '2019-09' }] },
  {
    name: 'Toshimitsu Motegi',
    tenures: [
      { post: FM_JP, country: 'Japan', from: '2019-09', to: '2021-11' },
      { post: FM_JP, country: 'Japan', from: '2025-10' },
    ],
  },
  {
    name: 'Yoshimasa Hayashi',
    tenures: [{ post: FM_JP, country: 'Japan', from: '2021-11', to: '2023-09' }],
  },
  { name: 'Yoko Kamikawa', tenures: [{ post: FM_JP, country: 'Japan', from: '2023-09', to: '2024-10' }] },
  { name: 'Takeshi Iwaya', tenures: [{ post: FM_JP, country: 'Japan', from: '2024-10', to: '2025-10' }] },
  // Kazakhstan
  {
    name: 'Nursultan Nazarbayev',
    tenures: [{ post: 'President of Kazakhstan', country: 'Kazakhstan', from: '1991-12', to: '2019-03' }],
  },
  {
    name: 'Kassym-Jomart Tokayev',
    aliases: ['Kassym Jomart Tokayev', 'Qasym-Jomart Toqayev'],
    tenures: [
      { post: 'Foreign Minister of Kazakhstan', country: 'Kazakhstan', from: '1994-10', to: '1999-10' },
      { post: 'Foreign Minister of Kazakhstan', country: 'Kazakhstan', from: '2002-01', to: '2007-01' },
      { post: 'President of Kazakhstan', country: 'Kazakhstan', from: '2019-03' },
    ],
  },
  // Kyrgyzstan
  {
    name: 'Almazbek Atambayev',
    tenures: [{ post: 'President of Kyrgyzstan', country: 'Kyrgyzstan', from: '2011-12', to: '2017-11' }],
  },
  {
    name: 'Sooronbay Jeenbekov',
    tenures: [{ post: 'President of Kyrgyzstan', country: 'Kyrgyzstan', from: '2017-11', to: '2020-10' }],
  },
  {
    name: 'Sadyr Japarov',
    aliases: ['Sadyr Zhaparov'],
    tenures: [{ post: 'President of Kyrgyzstan', country: 'Kyrgyzstan', from: '2021-01' }],
  },
  // Tajikistan
  {
    name: 'Emomali Rahmon',
    aliases: ['Emomali Rahmonov'],
    tenures: [{ post: 'President of Tajikistan', country: 'Tajikistan', from: '1994-11' }],
  },
  // Turkmenistan
  {
    name: 'Gurbanguly Berdimuhamedow',
    aliases: ['Gurbanguly Berdimuhamedov'],
    tenures: [{ post: 'President of Turkmenistan', country: 'Turkmenistan', from: '2007-02', to: '2022-03' }],
  },
  {
    name: 'Serdar Berdimuhamedow',
    aliases: ['Serdar Berdimuhamedov'],
    tenures: [{ post: 'President of Turkmenistan', country: 'Turkmenistan', from: '2022-03' }],
  },
  // Uzbekistan
  {
    name: 'Islam Karimov',
    tenures: [{ post: 'President of Uzbekistan', country: 'Uzbekistan', from: '1991-09', to: '2016-09' }],
  },
  {
    name: 'Shavkat Mirziyoyev',
    aliases: ['Shavkat Mirziyoev'],
    tenures: [{ post: 'President of Uzbekistan', country: 'Uzbekistan', from: '2016-09' }],
  },
  {
    name: 'Abdulaziz Kamilov',
    tenures: [
      { post: 'Foreign Minister of Uzbekistan', country: 'Uzbekistan', from: '2012-01', to: '2022-04' },
    ],
  },
  {
    name: 'Bakhtiyor Saidov',
    tenures: [{ post: 'Foreign Minister of Uzbekistan', country: 'Uzbekistan', from: '2022-04' }],
  },
];

const bySurname = new Map<string, Leader[]>();
const byName = new Map<string, Leader>();
for (const l of LEADERS) {
  for (const n of [l.name, ...(l.aliases ?? [])]) {
    byName.set(n.toLowerCase(), l);
    const surname = n.split(/\s+/).pop()!.toLowerCase();
    const list = bySurname.get(surname) ?? [];
    if (!list.includes(l)) list.push(l);
    bySurname.set(surname, list);
  }
}

/** The office holder a full name or an unambiguous surname names ("Tokayev", "Kishida"). */
export function leaderNamed(name: string): Leader | undefined {
  const key = name.trim().toLowerCase();
  const full = byName.get(key);
  if (full) return full;
  const list = bySurname.get(key.split(/\s+/).pop() ?? '');
  // "Berdimuhamedow" alone names two presidents: a surname shared by two holders names neither
  return list?.length === 1 ? list[0] : undefined;
}

/** The post a person held on a date (YYYY[-MM[-DD]]), if the table knows it. */
export function postOn(leader: Leader, date: string): Tenure | undefined {
  const month = date.length === 4 ? `${date}-06` : date.slice(0, 7);
  return leader.tenures.find((t) => t.from <= month && (!t.to || month <= t.to));
}

/** Surnames of every office holder in the table, for spotting them in text. */
export const LEADER_SURNAMES = [...bySurname.keys()];
