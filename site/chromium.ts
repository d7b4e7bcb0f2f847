// Debian's Chromium driven by playwright-core (never a downloaded browser), headless, with
// WebGPU enabled: the tests (tests/e2e/browser.ts) and the benchmark (scripts/bench.ts)
// launch it the same way.
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

export function chromePath(): string {
  const path = process.env.CHROME_PATH ?? "/usr/bin/chromium";
  if (!existsSync(path)) {
    throw new Error(`Chromium not found at ${path}. Install Debian's chromium (apt-get install -y chromium) or set CHROME_PATH.`);
  }
  return path;
}

export const CHROME_ARGS = [
  "--headless=new",
  "--no-sandbox",
  "--enable-unsafe-webgpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic"
];

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromePath(), args: CHROME_ARGS, headless: true });
}

