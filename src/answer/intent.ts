// What kind of answer a question wants, read from how it is asked. Sentence ranking and cards use it:
// a how-much question wants the sentence with the figure, a when question the one with the date.
export type Intent =
  | 'when'
  | 'howmuch'
  | 'howmany'
  | 'howlong'
  | 'howoften'
  | 'who'
  | 'where'
  | 'define'
  | 'which'
  | 'what'
  | 'topic';

export function intentOf(question: string): Intent {
  // A follow-up's opening conjunction ("and who…", "so when…") is not part of how it asks.
  const q = question
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^(?:(?:and|but|so|also|then|ok|okay|or)\b[\s,]*)+/, '');
  if (
    /\b(when|what year|which year|what date|since when|how long ago|in what year|what month|which month)\b/.test(
      q,
    )
  )
    return 'when';
  // "how long" asks for a span ("for more than 20 years"), which a count or a date does not give
  if (/\bhow long\b|\bfor how many (?:years|months|decades)\b/.test(q)) return 'howlong';
  // "how often" asks for a frequency ("on a biennial basis", "every two years", "annually")
  if (/\bhow often\b|\bhow frequently\b|\bat what (?:interval|frequency)\b/.test(q)) return 'howoften';
  if (/\bhow many\b|\bnumber of\b|\bcount of\b/.test(q)) return 'howmany';
  if (
    /\bhow much\b|\bhow large\b|\bhow big\b|\bvalue of\b|\bamount\b|\bworth\b|\bturnover\b|\bgdp\b|\bcost\b|\b(?:exchange )?rates? (?:of|for)\b|\bprice\b|\b(?:what|which) figures?\b|\bfigures? (?:for|of|on)\b|\bby (?:what|how much|which) (?:factor|margin|share)\b|\b(?:share|percentage|proportion) of\b|\bwhat (?:share|percentage)\b/.test(
      q,
    )
  ) {
    return 'howmuch';
  }
  if (/^(who|whom)\b|\bwho (is|was|are|were|chaired|led|introduced|proposed)\b/.test(q)) return 'who';
  if (/^where\b|\b(?:in )?(?:which|what) (city|town|country|capital|venue|place)\b/.test(q)) return 'where';
  if (
    /^(what|who) (is|are|was|were) (the |a |an )?[\w\s+–-]{2,60}\??$/.test(q) &&
    !/\b(did|does|do)\b/.test(q)
  ) {
    return 'define';
  }
  if (/^which\b|\bwhich\b/.test(q)) return 'which';
  if (/^(what|how|why)\b/.test(q)) return 'what';
  return 'topic';
}
