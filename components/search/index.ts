// The book's search: one document per section of a page, tokenized by tokenize.ts.
// The documents come from data/search-index.json (built by data/search-index.json.ts).
import MiniSearch from "minisearch";
import { tokenize } from "./tokenize.js";

export interface SearchDoc {
  id: string;
  page: string; // file name of the page, e.g. "ch3-2-cnn.html"
  pageTitle: string;
  anchor: string; // heading id, "" for the page's introduction
  heading: string;
  text: string;
}

export interface SearchHit extends SearchDoc {
  score: number;
}

export function createSearch(docs: SearchDoc[]): (query: string) => SearchHit[] {
  const search = new MiniSearch<SearchDoc>({
    fields: ["pageTitle", "heading", "text"],
    storeFields: ["page", "pageTitle", "anchor", "heading", "text"],
    tokenize,
    processTerm: (term) => term,
    searchOptions: { boost: { pageTitle: 3, heading: 2 }, combineWith: "AND", prefix: (term) => !/\p{Script=Han}/u.test(term) }
  });
  search.addAll(docs);
  return (query) => (query.trim() ? (search.search(query) as unknown as SearchHit[]) : []);
}

/** A short excerpt of `text` around the first occurrence of the query's first token. */
export function excerpt(text: string, query: string, radius = 40): string {
  const [first] = tokenize(query);
  const at = first ? text.toLowerCase().indexOf(first) : -1;
  if (at < 0) return text.slice(0, radius * 2) + (text.length > radius * 2 ? "…" : "");
  const start = Math.max(0, at - radius);
  return (start > 0 ? "…" : "") + text.slice(start, at + radius) + (at + radius < text.length ? "…" : "");
}
