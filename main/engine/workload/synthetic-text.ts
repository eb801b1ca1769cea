// Synthetic prompts of an exact token count (`--input-tokens`, `--shared-prefix-tokens`): random common
// English words, each one token for the run's tokenizer in running text (checked once per run), so a
// prompt of N words is N tokens. Every request draws its own words: no two prompts share a prefix the
// server could cache, unless the run asks for one (`--shared-prefix-tokens`).
import { minOf } from '../../metrics/stats.js';
import type { Tokenizer } from './tokenizer.js';

/** Common words; those the tokenizer does not read as one token in running text are dropped at calibration. */
const WORDS = (
  'the of and to in is was for that with as on by at from his her they this which be are had not have an or one but all ' +
  'were their there been has more when will would who so out no if can about what them time into than only other new ' +
  'some could these may first then do any like my now over such our man me even most made after also did many before ' +
  'must through back years where much your way well down should because each just those people how too little state ' +
  'good very make world still own see men work long get here between both life being under never day same another know ' +
  'while last might us great old year off come since against go came right used take three house water small found ' +
  'place point hand high part end home public number name city line open light night river music table story paper ' +
  'game book word power money order party group school car family change case question area system program body'
).split(' ');

/** Fewer one-token words than this and the prompts would repeat too much: fall back to words of any cost. */
const MIN_SINGLE_TOKEN_WORDS = 32;

export interface SyntheticText {
  /** Words and the tokens each adds in running text. */
  readonly words: readonly string[];
  readonly costs: readonly number[];
  /** A text of `tokens` tokens (exact when single-token words exist, which calibration checks), words drawn with `random`. */
  text(tokens: number, random: () => number): string;
}

/**
 * Learns which words the tokenizer reads as one token: one call when the whole list is (typical of
 * BPE and SentencePiece vocabularies), else one per word (`the w` − `the`).
 */
export async function calibrateSyntheticText(tokenizer: Tokenizer): Promise<SyntheticText> {
  const joined = await tokenizer.count(WORDS.join(' '));
  let words: string[] = [...WORDS];
  let costs: number[] = WORDS.map(() => 1);
  if (joined !== WORDS.length) {
    const base = await tokenizer.count('the');
    const measured = await Promise.all(WORDS.map(async (word) => Math.max(1, (await tokenizer.count(`the ${word}`)) - base)));
    const single = WORDS.filter((_, i) => measured[i] === 1);
    if (single.length >= MIN_SINGLE_TOKEN_WORDS) {
      words = single;
      costs = single.map(() => 1);
    } else {
      costs = measured;
    }
  }
  return syntheticText(words, costs);
}

function syntheticText(words: readonly string[], costs: readonly number[]): SyntheticText {
  const cheapest = minOf(costs);
  return {
    words,
    costs,
    text(tokens, random) {
      const out: string[] = [];
      let left = tokens;
      while (left >= cheapest) {
        let pick = Math.floor(random() * words.length);
        // A word that would overshoot: walk to the next one that fits (there is one: `cheapest` fits).
        while (costs[pick] > left) pick = (pick + 1) % words.length;
        out.push(words[pick]);
        left -= costs[pick];
      }
      return out.join(' ');
    },
  };
}
