import { describe, expect, it } from 'vitest';
import { detectLanguage } from './language.js';
import { sentiment, sentimentClass } from './sentiment.js';

describe('sentiment', () => {
  it('scores English text and says so', () => {
    const r = sentiment('VADER is smart, handsome, and funny.');
    expect(r.supported).toBe(true);
    if (r.supported) expect(r.compound).toBeCloseTo(0.8316, 4);
  });

  it.each([
    ['Je suis surpris de voir comment VADER est incroyablement utile !', 'fr'],
    ['Ich bin überrascht zu sehen, nur wie erstaunlich nützlich VADER!', 'de'],
    ['La película es muy buena', 'es'],
    ['Sono sorpreso di vedere solo come incredibilmente utile VADER è!', 'it'],
    ['O filme é muito bom', 'pt'],
    ['Het is niet goed', 'nl'],
    ["C'est très bien !", 'fr'],
    ['Me sorprende ver sólo cómo increíblemente útil VADER!', 'und'],
    ['Я удивлен увидеть, как раз как удивительно полезно!', 'und'],
    ['我很惊讶地看到VADER是如此有用!', 'und'],
    ['أنا مندهش لرؤية فقط كيف مثير للدهشة فيدر فائدة!', 'und'],
  ])('refuses to score non-English %j', (text, language) => {
    const r = sentiment(text);
    expect(r.supported).toBe(false);
    expect(r.language).toBe(language);
    expect(r).not.toHaveProperty('compound');
  });

  it.each([
    'The café was naïve but great',
    'lol',
    '😁😁',
    'Best. Purchase. Ever.',
    "I'm surprised to see just how amazingly helpful VADER is!",
    'Das Boot is a great movie and I love it',
    'Y Tu Mamá También is hilariously, gloriously alive, and quite often hotter than Georgia asphalt.',
  ])('treats %j as English', (text) => {
    expect(detectLanguage(text).supported).toBe(true);
    expect(sentiment(text).supported).toBe(true);
  });

  it('rejects a non-string with a code', () => {
    expect(() => sentiment(42 as unknown as string)).toThrow(
      expect.objectContaining({ code: 'BAD_ARGUMENT' }),
    );
  });

  it('classifies compound scores with the ±0.05 thresholds', () => {
    expect(sentimentClass(0.05)).toBe('positive');
    expect(sentimentClass(0.0499)).toBe('neutral');
    expect(sentimentClass(-0.0499)).toBe('neutral');
    expect(sentimentClass(-0.05)).toBe('negative');
  });
});
