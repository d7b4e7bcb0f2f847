// Heading ids that keep Chinese: Framework's slugify drops CJK characters, so
// "3.5.2 位置编码" would become "3-5-2" and most Chinese headings would collide.

/** "3.5.2 位置编码（PE）" → "3-5-2-位置编码-pe". */
export function slugify(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "");
}

/** Splits an explicit id off a heading: "位置编码 {#pe}" → ["位置编码", "pe"]. */
export function splitHeadingId(text: string): [title: string, id: string | undefined] {
  const match = /\s*\{#([\w-]+)\}\s*$/.exec(text);
  return match ? [text.slice(0, match.index), match[1]] : [text, undefined];
}
