import { describe, expect, it } from 'vitest';
import { vaderScores } from './vader.js';

// Examples published in VADER's README and demo (vaderSentiment 3.3.2), with their published scores.
// [text, compound, pos, neu, neg]
const PUBLISHED_EXAMPLES: ReadonlyArray<readonly [string, number, number, number, number]> = [
  ['VADER is smart, handsome, and funny.', 0.8316, 0.746, 0.254, 0.0],
  ['VADER is smart, handsome, and funny!', 0.8439, 0.752, 0.248, 0.0],
  ['VADER is very smart, handsome, and funny.', 0.8545, 0.701, 0.299, 0.0],
  ['VADER is VERY SMART, handsome, and FUNNY.', 0.9227, 0.754, 0.246, 0.0],
  ['VADER is VERY SMART, handsome, and FUNNY!!!', 0.9342, 0.767, 0.233, 0.0],
  ['VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!', 0.9469, 0.706, 0.294, 0.0],
  ['VADER is not smart, handsome, nor funny.', -0.7424, 0.0, 0.354, 0.646],
  ['The book was good.', 0.4404, 0.492, 0.508, 0.0],
  ["At least it isn't a horrible book.", 0.431, 0.322, 0.678, 0.0],
  ['The book was only kind of good.', 0.3832, 0.303, 0.697, 0.0],
  [
    'The plot was good, but the characters are uncompelling and the dialog is not great.',
    -0.7042,
    0.094,
    0.579,
    0.327,
  ],
  ['Today SUX!', -0.5461, 0.0, 0.221, 0.779],
  ["Today only kinda sux! But I'll get by, lol", 0.5249, 0.317, 0.556, 0.127],
  ['Make sure you :) or :D today!', 0.8633, 0.706, 0.294, 0.0],
  ['Catch utf-8 emoji such as 💘 and 💋 and 😁', 0.875, 0.417, 0.583, 0.0],
  ['Not bad at all', 0.431, 0.487, 0.513, 0.0],
  ['Sentiment analysis has never been good.', -0.3412, 0.0, 0.675, 0.325],
  ['Sentiment analysis has never been this good!', 0.5672, 0.379, 0.621, 0.0],
  ['Most automated sentiment analysis tools are shit.', -0.5574, 0.0, 0.625, 0.375],
  ['With VADER, sentiment analysis is the shit!', 0.6476, 0.417, 0.583, 0.0],
  ['Other sentiment analysis tools can be quite bad.', -0.5849, 0.0, 0.649, 0.351],
  ['On the other hand, VADER is quite bad ass', 0.802, 0.577, 0.423, 0.0],
  ['VADER is such a badass!', 0.4003, 0.402, 0.598, 0.0],
  ['Without a doubt, excellent idea.', 0.7013, 0.659, 0.341, 0.0],
  ['Roger Dodger is one of the most compelling variations on this theme.', 0.2944, 0.166, 0.834, 0.0],
  ['Roger Dodger is at least compelling as a variation on the theme.', 0.2263, 0.147, 0.853, 0.0],
  ['Roger Dodger is one of the least compelling variations on this theme.', -0.1695, 0.0, 0.868, 0.132],
  ['Not such a badass after all.', -0.2584, 0.0, 0.711, 0.289],
  ['Without a doubt, an excellent idea.', 0.7013, 0.592, 0.408, 0.0],
];

describe('vaderScores on the published VADER examples', () => {
  it('scores "VADER is smart, handsome, and funny." 0.8316', () => {
    expect(vaderScores('VADER is smart, handsome, and funny.').compound).toBeCloseTo(0.8316, 4);
  });

  it('scores "VADER is not smart, handsome, nor funny." -0.7424', () => {
    expect(vaderScores('VADER is not smart, handsome, nor funny.').compound).toBeCloseTo(-0.7424, 4);
  });

  it.each(PUBLISHED_EXAMPLES)('matches the published scores for %j', (text, compound, pos, neu, neg) => {
    const s = vaderScores(text);
    // Published values are rounded: compound to 4 decimals, the ratios to 3.
    expect(Math.abs(s.compound - compound)).toBeLessThanOrEqual(5e-5 + 1e-12);
    expect(Math.abs(s.pos - pos)).toBeLessThanOrEqual(5e-4 + 1e-12);
    expect(Math.abs(s.neu - neu)).toBeLessThanOrEqual(5e-4 + 1e-12);
    expect(Math.abs(s.neg - neg)).toBeLessThanOrEqual(5e-4 + 1e-12);
  });

  it('returns all zeros for empty or blank text', () => {
    expect(vaderScores('')).toEqual({ compound: 0, pos: 0, neu: 0, neg: 0 });
    expect(vaderScores(' \t\n ')).toEqual({ compound: 0, pos: 0, neu: 0, neg: 0 });
  });

  it('keeps pos + neu + neg equal to 1 for non-empty text', () => {
    for (const [text] of PUBLISHED_EXAMPLES) {
      const s = vaderScores(text);
      expect(s.pos + s.neu + s.neg).toBeCloseTo(1, 9);
    }
  });
});
