// Token text the scripted server streams by default. Word pieces like a real tokenizer emits: some with a
// leading space, some multi-byte UTF-8 (2-, 3- and 4-byte sequences) so a client that decodes bytes
// per chunk instead of per stream garbles them, and some that need JSON escaping.
export const DEFAULT_VOCABULARY: readonly string[] = [
  ' The',
  ' time',
  ' is',
  ' a',
  ' measure',
  ' of',
  ' change',
  ',',
  ' é',
  'té',
  ' 日本',
  '語',
  ' naïve',
  ' café',
  ' 🙂',
  '.',
  '\n',
  ' "quoted"',
  ' back\\slash',
  ' end',
];

export function vocabularyText(vocabulary: readonly string[]): (i: number) => string {
  if (vocabulary.length === 0) throw new Error('vocabulary must not be empty');
  return (i) => vocabulary[i % vocabulary.length];
}

export const defaultTokenText = vocabularyText(DEFAULT_VOCABULARY);

/** The text tokens from..to-1 make, as a client should reassemble it. */
export function expectedText(count: number, tokenText: (i: number) => string = defaultTokenText, from = 0): string {
  let text = '';
  for (let i = from; i < count; i++) text += tokenText(i);
  return text;
}
