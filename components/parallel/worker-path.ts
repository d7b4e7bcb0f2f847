// Where the site serves 5.1's worker bundle (written by scripts/setup.ts, copied by
// site/package-assets.ts), relative to the site root.
export const PARALLEL_WORKER_DIR = "_node/@book/parallel-worker";
export const PARALLEL_WORKER_FILE = "parallel-worker.js";
export const PARALLEL_WORKER_PATH = `${PARALLEL_WORKER_DIR}/${PARALLEL_WORKER_FILE}`;
