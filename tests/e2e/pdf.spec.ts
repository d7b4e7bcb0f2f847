// `npm run pdf` in Debian's Chromium: a chapter prints to a PDF with pages, whose text
// (poppler's pdftotext) has the chapter's title, a numbered formula and no navigation.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { printBook } from "../../scripts/pdf.js";
import { test } from "./browser.js";

test.describe("print to PDF", () => {
  test("prints 3.4 with its title, a formula and its number, without the sidebar or buttons", async () => {
    const out = mkdtempSync(join(tmpdir(), "book-pdf-"));
    try {
      const [file] = await printBook({ pages: ["ch3-4-attention"], out, log: () => {} });
      const info = spawnSync("pdfinfo", [file], { encoding: "utf8" });
      assert.equal(info.status, 0, `pdfinfo (Debian's poppler-utils) failed: ${info.error ?? info.stderr}`);
      assert.ok(Number(/Pages:\s+(\d+)/.exec(info.stdout)?.[1]) >= 2, info.stdout);
      const text = spawnSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" }).stdout;
      assert.match(text, /3\.4\s+注意力机制/);
      assert.match(text, /\(3\.4\.1\)/, "equation number");
      assert.match(text, /exp/, "the softmax formula");
      assert.doesNotMatch(text, /搜\s*索\s*全\s*书|大模型的训练与压缩|检\s*查\s*答\s*案|运\s*行\s*隐\s*藏\s*测\s*试/, "the header, the sidebar and the exercise buttons are not printed");
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
