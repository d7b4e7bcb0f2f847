// 分享: a link that carries a cell's edited code in the URL hash, deflated and base64url
// encoded, so nothing is uploaded anywhere. Opening it shows the code without running it.

import { deflate, inflate } from "../util/bytes.js";

const PREFIX = "#share=";

function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array {
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

export async function encodeCode(code: string): Promise<string> {
  return toBase64Url(await deflate(new TextEncoder().encode(code)));
}

export async function decodeCode(payload: string): Promise<string> {
  return new TextDecoder("utf-8", { fatal: true }).decode(await inflate(fromBase64Url(payload)));
}

/** The page's URL with the share hash for `cell`. */
export async function shareUrl(href: string, cell: string, code: string): Promise<string> {
  const url = new URL(href);
  url.hash = `${PREFIX.slice(1)}${cell}.${await encodeCode(code)}`;
  return url.href;
}

/** "#share=logits.eJy…" → {cell: "logits", payload: "eJy…"}. */
export function parseShareHash(hash: string): { cell: string; payload: string } | null {
  if (!hash.startsWith(PREFIX)) return null;
  const match = /^([a-z0-9][a-z0-9-]*)\.([A-Za-z0-9_-]+)$/.exec(hash.slice(PREFIX.length));
  return match ? { cell: match[1], payload: match[2] } : null;
}
