// Topic words and the words the library uses for them, so a filter or a question in plain words
// ("aid", "students") finds facts worded otherwise ("ODA", "grant assistance", "specialists studied at
// Japanese universities"). Each group is matched on analyzed terms (stems), so inflections come for free.

export interface TopicGroup {
  /** The words a user types for the topic. */
  names: string[];
  /** Words and phrases of a text on the topic (the names included). */
  words: string[];
}

export const TOPICS: TopicGroup[] = [
  {
    names: ['aid', 'assistance', 'oda', 'development aid', 'grants', 'loans', 'pledges', 'donations'],
    words: [
      'aid',
      'assistance',
      'official development assistance',
      'ODA',
      'grant',
      'loan',
      'pledge',
      'promised to allocate',
      'allocate',
      'committed',
      'donor',
      'donation',
      'concessional',
      'JICA',
    ],
  },
  {
    names: ['investment', 'investments', 'investors', 'fdi'],
    words: ['investment', 'invest', 'investor', 'joint venture', 'capital', 'FDI', 'investment fund'],
  },
  {
    names: ['trade', 'exports', 'imports', 'commerce'],
    words: [
      'trade',
      'turnover',
      'export',
      'import',
      'trading house',
      'commerce',
      'WTO',
      'most favored nation',
    ],
  },
  {
    names: ['students', 'education', 'scholarships', 'training', 'universities'],
    words: [
      'student',
      'studied',
      'scholarship',
      'specialists',
      'trained',
      'training',
      'university',
      'universities',
      'education',
      'educated',
      'language training',
      'human resource development',
    ],
  },
  {
    names: ['transport', 'logistics', 'infrastructure', 'railways'],
    words: [
      'transport',
      'logistics',
      'railway',
      'road',
      'bridge',
      'infrastructure',
      'airport',
      'metro',
      'port',
    ],
  },
  {
    names: ['energy', 'renewables'],
    words: [
      'energy',
      'hydroelectric',
      'power plant',
      'renewable',
      'decarbonization',
      'carbon',
      'cogeneration',
    ],
  },
  {
    names: ['meetings', 'visits', 'diplomacy', 'talks'],
    words: ['summit', 'meeting', 'visit', 'talks', 'ministerial', 'convened', 'dialogue'],
  },
  {
    names: ['tourism', 'tourists', 'visa'],
    words: ['tourism', 'tourist', 'visa'],
  },
];
