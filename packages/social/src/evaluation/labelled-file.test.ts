import { describe, expect, it } from 'vitest';
import { parseLabelledLines } from './labelled-file.js';

describe('parseLabelledLines', () => {
  it('reads id, score and text, keeping tabs inside the text', () => {
    const rows = parseLabelledLines('a\t3.5\tgreat film\n\nb\t-2\tbad\tvery bad\n');
    expect(rows).toEqual([
      { id: 'a', score: 3.5, text: 'great film', line: 1 },
      { id: 'b', score: -2, text: 'bad\tvery bad', line: 3 },
    ]);
  });

  it('skips an id/score/text header on the first line', () => {
    expect(parseLabelledLines('id\tscore\ttext\nx\t1\tok')).toHaveLength(1);
  });

  it.each([
    ['a\t1\tok\nb 2 missing tabs', 2, /expected 3 tab-separated fields/],
    ['a\tfive\tok', 1, /score "five" is not a finite number/],
    ['a\t\tok', 1, /is not a finite number/],
    ['a\t1\tok\n\n\t2\tno id', 3, /empty id/],
  ])('rejects %j at line %i', (content, line, message) => {
    expect(() => parseLabelledLines(content)).toThrow(
      expect.objectContaining({ code: 'BAD_INPUT_LINE', message: expect.stringMatching(`line ${line}:`) }),
    );
    expect(() => parseLabelledLines(content)).toThrow(message);
  });
});
