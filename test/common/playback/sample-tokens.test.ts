import { decode, encode } from 'gpt-tokenizer';
import { describe, expect, it } from 'vitest';
import { SAMPLE_ANSWER_PIECES, SAMPLE_ENCODING, SAMPLE_THINKING_PIECES } from '../../../common/playback/sample-tokens.js';
import { sampleText } from '../../../common/playback/playback-text.js';

// The sample's pieces are committed (the renderer does not ship the 2 MB rank table); this proves they are
// exactly gpt-tokenizer's tokens of the text they spell, so a stale or hand-edited file fails here.
describe('sample answer tokens', () => {
  it.each([
    ['thinking', SAMPLE_THINKING_PIECES],
    ['answer', SAMPLE_ANSWER_PIECES],
  ])('the %s pieces are the BPE tokens of their own text', (_, pieces) => {
    const text = pieces.join('');
    const tokens = encode(text);
    expect(tokens.map((id) => decode([id]))).toEqual(pieces);
    // Tokens, not characters and not words: far fewer than characters, more than space-separated words.
    expect(pieces.length).toBeLessThan(text.length / 3);
    expect(pieces.length).toBeGreaterThan(text.split(/\s+/).length);
  });

  it('uses the default encoding of gpt-tokenizer and marks the thinking part', () => {
    expect(SAMPLE_ENCODING).toBe('o200k_base');
    const text = sampleText();
    expect(text.kinds).toBe('t'.repeat(SAMPLE_THINKING_PIECES.length) + 'a'.repeat(SAMPLE_ANSWER_PIECES.length));
    expect(text.pieces).toHaveLength(text.kinds.length);
  });
});
