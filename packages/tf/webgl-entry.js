// The WebGL backend chunk (dist/webgl.js, "@book/tf/webgl"): registers tfjs's WebGL backend
// on the page's tfjs-core (shared-core.js).
import "@tensorflow/tfjs-backend-webgl";
