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

/** "#share=logits.eJy…" → {cell: "logits", payload: "eJy…"}; null when the hash is not a
 * share link, {error} when it is one that cannot be read. */
export function parseShareHash(hash: string): { cell: string; payload: string } | { error: string } | null {
  if (!hash.startsWith(PREFIX)) return null;
  const body = hash.slice(PREFIX.length);
  const dot = body.indexOf(".");
  if (dot < 0) return { error: "缺少“单元名.代码”中的点号" };
  const cell = decodeURIComponentSafe(body.slice(0, dot));
  if (!/^[a-z0-9][a-z0-9-]*$/.test(cell)) return { error: `单元名「${cell.slice(0, 40)}」含有不允许的字符（只能是小写字母、数字和连字符）` };
  const payload = body.slice(dot + 1);
  const bad = /[^A-Za-z0-9_-]/.exec(payload);
  if (!payload) return { error: "链接里没有代码" };
  if (bad) return { error: `代码部分含有不允许的字符「${bad[0]}」（链接可能被截断或改动过）` };
  return { cell, payload };
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
