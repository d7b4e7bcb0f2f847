// Compressing and decompressing bytes with the platform's streams (browsers and Node 18+),
// for share links (notebook/share.ts) and the MNIST file (data/mnist-format.ts).

export async function transformBytes(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const piped = new Blob([bytes as BlobPart]).stream().pipeThrough(stream as unknown as ReadableWritablePair<Uint8Array, Uint8Array>);
  return new Uint8Array(await new Response(piped).arrayBuffer());
}

export const deflate = (bytes: Uint8Array) => transformBytes(bytes, new CompressionStream("deflate-raw"));
export const inflate = (bytes: Uint8Array) => transformBytes(bytes, new DecompressionStream("deflate-raw"));
