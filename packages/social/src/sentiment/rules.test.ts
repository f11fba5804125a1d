import { describe, expect, it } from 'vitest';
import { vaderScores } from './vader.js';

const c = (text: string) => vaderScores(text).compound;

describe('VADER rules, one by one', () => {
  it('negation flips and damps the valence, up to three words back', () => {
    expect(c('The food is good')).toBeGreaterThan(0);
    expect(c('The food is not good')).toBeLessThan(0);
    expect(c("The food isn't very good")).toBeLessThan(0);
    expect(Math.abs(c('not good'))).toBeLessThan(Math.abs(c('good')));
    expect(c('never this good')).toBeGreaterThan(c('good'));
    expect(c('Without excellent ideas')).toBeLessThan(0);
    // "without" negates "doubt", so the doubt stops counting against the idea.
    expect(c('Without a doubt, excellent idea.')).toBeGreaterThan(c('With a doubt, excellent idea.'));
  });

  it('boosters raise and dampeners lower the intensity', () => {
    expect(c('very good')).toBeGreaterThan(c('good'));
    expect(c('extremely bad')).toBeLessThan(c('bad'));
    expect(c('slightly good')).toBeLessThan(c('good'));
    expect(c('slightly good')).toBeGreaterThan(0);
    expect(c('The book was kind of good.')).toBeLessThan(c('The book was good.'));
  });

  it('"but" makes the clause after it dominate', () => {
    expect(c('The food was great but the service was terrible')).toBeLessThan(0);
    expect(c('The food was terrible but the service was great')).toBeGreaterThan(0);
  });

  it('ALL CAPS emphasise a word only when other words are not in caps', () => {
    expect(c('The movie was GREAT')).toBeGreaterThan(c('The movie was great'));
    expect(c('THE MOVIE WAS GREAT')).toBeCloseTo(c('The movie was great'), 9);
  });

  it('exclamation marks add emphasis up to four, question marks from two', () => {
    expect(c('good!')).toBeGreaterThan(c('good'));
    expect(c('good!!!!')).toBeGreaterThan(c('good!!!'));
    expect(c('good!!!!!!')).toBeCloseTo(c('good!!!!'), 9);
    expect(c('good?')).toBeCloseTo(c('good'), 9);
    expect(c('good??')).toBeGreaterThan(c('good'));
    expect(c('bad!!')).toBeLessThan(c('bad'));
  });

  it('scores emoticons, slang and emoji', () => {
    expect(c('see you :)')).toBeGreaterThan(0);
    expect(c('see you :(')).toBeLessThan(0);
    expect(c('lol')).toBeGreaterThan(0);
    expect(c('see you 😁')).toBeGreaterThan(0);
    expect(c('see you 😢')).toBeLessThan(0);
    expect(c('see you💘')).toBeCloseTo(c('see you 💘'), 9);
  });

  it('special-case idioms override the words inside them', () => {
    expect(c('This is shit')).toBeLessThan(0);
    expect(c('This is the shit')).toBeGreaterThan(0);
    expect(c('VADER is quite bad')).toBeLessThan(0);
    expect(c('VADER is quite bad ass')).toBeGreaterThan(0);
    expect(c('the movie was the bomb')).toBeGreaterThan(0);
    expect(c('the bomb')).toBeLessThan(0);
    expect(c('the plan was good')).toBeGreaterThan(0);
    expect(c('the plan was yeah right good')).toBeLessThan(0);
  });

  it('"least" negates unless it follows "at" or "very"', () => {
    expect(c('the least compelling film')).toBeLessThan(0);
    expect(c('at least compelling')).toBeGreaterThan(0);
    expect(c('least compelling')).toBeLessThan(0);
  });

  it('"no" negates the next lexicon word instead of counting as negative', () => {
    expect(c('no')).toBeLessThan(0);
    expect(c('no problems')).toBeGreaterThan(0);
    expect(c('no love or hope')).toBeLessThan(0);
  });

  it('stays within [-1, 1] for extreme text', () => {
    expect(c('GOOD GREAT AWESOME love love love!!!!!! :) :) :D')).toBeLessThanOrEqual(1);
    expect(c('hate hate hate HORRIBLE awful terrible!!!!')).toBeGreaterThanOrEqual(-1);
  });
});

describe('contrastive "but" on long text', () => {
  it('stays fast on a 60,000-word review containing "but" (the reference is quadratic)', () => {
    const words = Array.from({ length: 30_000 }, (_, k) => (k % 3 === 0 ? 'good' : 'table'));
    const text = `${words.join(' ')} but ${words.join(' ')}`;
    // Milliseconds when linear; the quadratic reference takes minutes, far past the suite's 30 s
    // test timeout, which is the guard. Speed itself is bench:sentiment's.
    const s = vaderScores(text);
    expect(s.compound).toBeGreaterThan(0.99);
  });
});
