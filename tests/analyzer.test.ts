import { describe, expect, it } from 'vitest';
import { analyze, fold } from '../src/search/analyzer.js';

describe('analyzer', () => {
  it('folds case, diacritics and typographic punctuation', () => {
    expect(fold('Tōkyō “Declaration” – Ōsaka’s')).toBe('tokyo "declaration" - osaka\'s');
    expect(analyze('TASHKENT')).toEqual(analyze('tashkent'));
    expect(analyze('Türkmenistan')).toEqual(analyze('Turkmenistan'));
  });

  it('drops stop words and question words', () => {
    expect(analyze('What is the capital of the country?')).toEqual(analyze('capital country'));
    expect(analyze('when did it happen')).toEqual([]);
  });

  it('drops prepositions and adverbs that only place or time the asking', () => {
    // A small library uses them rarely, so they would otherwise weigh like rare topic words.
    expect(analyze('Has the guild now finally merged together with every mill across the valley?')).toEqual(
      analyze('guild merged mill valley'),
    );
  });

  it('stems so inflections meet', () => {
    expect(analyze('meetings')).toEqual(analyze('meeting'));
    expect(analyze('adopted')).toEqual(analyze('adoption'));
    expect(analyze('partners')).toEqual(analyze('partnership'));
  });

  it('brings aliases and spellings to one term', () => {
    expect(analyze('JICA')).toEqual(analyze('Japan International Cooperation Agency'));
    expect(analyze('C5+1')).toEqual(analyze('Central Asia + Japan'));
    expect(analyze('CA+Japan dialogue')).toEqual(analyze('Central Asia plus Japan dialogue'));
    expect(analyze('Uzbek')).toEqual(analyze('Uzbekistan'));
    expect(analyze('Mirziyoev')).toEqual(analyze('Mirziyoyev'));
    expect(analyze('Berdymukhamedov')).toEqual(analyze('Berdimuhamedow'));
    expect(analyze('7th meeting')).toEqual(analyze('seventh meeting'));
    expect(analyze('hydroelectric')).toEqual(analyze('hydropower'));
  });

  it("keeps a phrase's own words in documents beside its alias", () => {
    const doc = analyze('The Japan International Cooperation Agency (JICA) works here', 'document');
    expect(doc).toContain(analyze('JICA')[0]);
    expect(doc).toEqual(expect.arrayContaining(analyze('cooperation agency')));
  });

  it('splits money into number and scale and keeps decimals and thousands whole', () => {
    expect(analyze('$230mn')).toEqual(['dollar', '230', 'million']);
    expect(analyze('$7.5 million')).toEqual(['dollar', '7.5', 'million']);
    expect(analyze('25,000 Japanese')).toEqual(['25000', 'japan']);
    expect(analyze('manganese, chromium')).toEqual(analyze('manganese chromium'));
  });

  it('drops how a question frames its answer, keeping what it is about', () => {
    expect(analyze('What does JCM stand for?')).toEqual(analyze('JCM'));
    expect(analyze('In what year did Japan launch the dialogue?')).toEqual(analyze('Japan launch dialogue'));
    expect(analyze('Name Japanese firms present in Uzbekistan')).toEqual(
      analyze('Japanese companies present Uzbekistan'),
    );
    expect(analyze('What was the value of trade last year?')).toEqual(analyze('trade'));
    // "which country" is answered by a country's name; "for how long" by a span of time
    expect(analyze('Which country hosted the water talks?')).toEqual(analyze('hosted water talks'));
    expect(analyze('For how long has the rail link run?')).toEqual(analyze('rail link run'));
    // Documents keep every word: "the year" in an article is text, not a frame.
    expect(analyze('in what year', 'document')).toContain(analyze('year', 'document')[0]);
  });
});

describe('analyzer: meaning over spelling', () => {
  it('meets a superlative with its adjective and British with American spellings', () => {
    expect(analyze('largest')).toEqual(analyze('large'));
    expect(analyze('biggest')).toEqual(analyze('big'));
    expect(analyze('organised')).toEqual(analyze('organized'));
    expect(analyze('training centres')).toEqual(analyze('training centers'));
    expect(analyze('the labour programme')).toEqual(analyze('the labor program'));
    expect(analyze('fibre')).toEqual(analyze('fiber'));
    // -re and -our words that are no British spellings stay as they are
    expect(analyze('acre')).not.toEqual(analyze('acer'));
    expect(analyze('detour')).not.toEqual(analyze('detor'));
    // Words that only look like superlatives keep their own meaning.
    expect(analyze('interest')).not.toEqual(analyze('inter'));
  });

  it('reads a site name as the words people type for it', () => {
    expect(analyze('UzDaily.com', 'document')).toContain(analyze('UzDaily')[0]);
  });

  it('brings the field’s own synonyms to one term', () => {
    expect(analyze('frontier')).toEqual(analyze('border'));
    expect(analyze('sold')).toEqual(analyze('exports'));
    expect(analyze('Q1')).toEqual(analyze('first quarter'));
    expect(analyze('Bluebook')).toEqual(analyze('Blue Book'));
  });
});
