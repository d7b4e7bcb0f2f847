// Where the site serves the inference server's Worker bundle (written by scripts/setup.ts,
// copied by site/package-assets.ts), relative to the site root.
export const SERVE_WORKER_DIR = "_node/@book/serve-worker";
export const SERVE_WORKER_FILE = "serve-worker.js";
export const SERVE_WORKER_PATH = `${SERVE_WORKER_DIR}/${SERVE_WORKER_FILE}`;
