// FNV-1a, 32 bits: a short, stable, synchronous fingerprint. Strings are hashed by UTF-16
// code unit, bytes by byte. Used for cell ids and edit bases (notebook/storage.ts) and
// the MNIST file's checksum (data/mnist-format.ts). Not a cryptographic hash.

export function fnv1a(input: string | Uint8Array): number {
  let hash = 0x811c9dc5;
  const length = input.length;
  for (let i = 0; i < length; ++i) hash = Math.imul(hash ^ (typeof input === "string" ? input.charCodeAt(i) : input[i]), 0x01000193);
  return hash >>> 0;
}
