// A short fingerprint of what a model outputs for fixed inputs: the FNV-1a hash of the
// float32 bytes of its predictions. Two models with the same fingerprint on the same inputs
// (same backend) predicted bit for bit the same: how the store shows that saving, loading,
// exporting and importing change nothing.
import * as tf from "@book/tf";
import { fnv1a } from "../util/hash.js";

export async function predictionFingerprint(model: tf.LayersModel, x: tf.Tensor): Promise<string> {
  const output = tf.tidy(() => model.predict(x) as tf.Tensor);
  const values = (await output.data()) as Float32Array;
  output.dispose();
  return fnv1a(new Uint8Array(values.buffer, values.byteOffset, values.byteLength)).toString(16).padStart(8, "0");
}
