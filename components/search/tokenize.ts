// Tokenizer for the book's search (src/search.md). Chinese has no spaces, so a sentence
// cannot be split on whitespace: we index every pair of adjacent CJK characters (bigrams),
// and lower-cased words for Latin text. A query is tokenized the same way, so "位置编码"
// looks for 位置, 置编 and 编码. Bigrams need no dictionary and behave the same in every
// browser (Intl.Segmenter's word breaks differ between ICU versions).

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+|(?:(?![\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}])[\p{L}\p{N}])+/gu;

export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  for (const [run] of text.normalize("NFKC").matchAll(RUN)) {
    if (!CJK.test(run)) {
      tokens.push(run.toLowerCase());
    } else if (run.length === 1) {
      tokens.push(run);
    } else {
      const chars = Array.from(run);
      for (let i = 0; i + 1 < chars.length; ++i) tokens.push(chars[i] + chars[i + 1]);
    }
  }
  return tokens;
}
