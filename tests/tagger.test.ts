// The tagger's thread gives the same tags as compromise in this thread, and a question never waits on a
// thread that is not there.
import { describe, expect, it, vi } from 'vitest';

const fresh = async () => {
  vi.resetModules();
  return import('../src/answer/tagger.js');
};

describe('word tagger', () => {
  const text = 'Which Brazilian minister visited Kyoto in March to sign the tallest dam deal?';

  it('tags in this thread when no thread was started', async () => {
    const { tagWords, taggerThread } = await fresh();
    const here = tagWords(text);
    expect(taggerThread()).toBe(false);
    expect(here.find((t) => t.normal === 'kyoto')?.tags).toContain('Place');
    expect(here.find((t) => t.normal === 'tallest')?.tags).toContain('Superlative');
  });

  it('tags on its own thread once started, word for word as this thread does', async () => {
    const here = (await fresh()).tagWords(text);
    const { startTagger, tagWords, taggerThread } = await fresh();
    startTagger();
    expect(tagWords(text)).toEqual(here);
    expect(tagWords('Who visited Samarkand?').map((t) => t.normal)).toEqual(['who', 'visited', 'samarkand']);
    expect(taggerThread()).toBe(true);
  });
});
