// Minimal GGUF v3 files for the tests that read headers: the magic, the version, no tensors, and the
// key-value pairs given (strings, u32s, string arrays) in order.
type Value = string | number | string[];

function ggufString(text: string): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(bytes.length));
  return Buffer.concat([length, bytes]);
}

function u32(value: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(value);
  return b;
}

function u64(value: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(value));
  return b;
}

function encodeValue(value: Value): Buffer {
  if (typeof value === 'string') return Buffer.concat([u32(8), ggufString(value)]);
  if (typeof value === 'number') return Buffer.concat([u32(4), u32(value)]);
  return Buffer.concat([u32(9), u32(8), u64(value.length), ...value.map(ggufString)]);
}

export function ggufHeader(pairs: Array<[string, Value]>, version = 3): Buffer {
  return Buffer.concat([
    Buffer.from('GGUF', 'latin1'),
    u32(version),
    u64(0),
    u64(pairs.length),
    ...pairs.map(([key, value]) => Buffer.concat([ggufString(key), encodeValue(value)])),
  ]);
}
