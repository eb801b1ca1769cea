import * as nodeFs from 'node:fs';

/**
 * The synchronous file calls the store makes. Injectable so tests can provoke faults a real disk won't show
 * on demand (a short write, a full disk); production always uses `node:fs`.
 */
export interface StoreFs {
  openSync(path: string, flags: string | number, mode?: number): number;
  writeSync(fd: number, buffer: Uint8Array, offset: number, length: number): number;
  readSync(fd: number, buffer: Uint8Array, offset: number, length: number, position: number): number;
  fsyncSync(fd: number): void;
  fdatasyncSync(fd: number): void;
  fstatSync(fd: number): { size: number };
  ftruncateSync(fd: number, len: number): void;
  closeSync(fd: number): void;
  renameSync(from: string, to: string): void;
  unlinkSync(path: string): void;
}

export const realFs: StoreFs = {
  openSync: (path, flags, mode) => nodeFs.openSync(path, flags, mode),
  writeSync: (fd, buffer, offset, length) => nodeFs.writeSync(fd, buffer, offset, length),
  readSync: (fd, buffer, offset, length, position) => nodeFs.readSync(fd, buffer, offset, length, position),
  fsyncSync: (fd) => nodeFs.fsyncSync(fd),
  fdatasyncSync: (fd) => nodeFs.fdatasyncSync(fd),
  fstatSync: (fd) => nodeFs.fstatSync(fd),
  ftruncateSync: (fd, len) => nodeFs.ftruncateSync(fd, len),
  closeSync: (fd) => nodeFs.closeSync(fd),
  renameSync: (from, to) => nodeFs.renameSync(from, to),
  unlinkSync: (path) => nodeFs.unlinkSync(path),
};

/** Writes all of `bytes`: a regular file may accept fewer bytes than asked (signal, quota), so loop. */
export function writeFully(fs: StoreFs, fd: number, bytes: Uint8Array): void {
  let offset = 0;
  while (offset < bytes.length) {
    const written = fs.writeSync(fd, bytes, offset, bytes.length - offset);
    if (written <= 0) throw new Error(`write made no progress (${offset} of ${bytes.length} bytes written)`);
    offset += written;
  }
}

/** Directory fsync makes a rename durable on Linux/macOS; Windows and some filesystems refuse it, which is harmless there. */
const DIR_SYNC_UNSUPPORTED = new Set(['EISDIR', 'EPERM', 'EACCES', 'EINVAL', 'ENOTSUP', 'EBADF']);

export function syncDirectory(fs: StoreFs, dir: string): void {
  let fd: number;
  try {
    fd = fs.openSync(dir, 'r');
  } catch (err) {
    if (DIR_SYNC_UNSUPPORTED.has(errorCode(err))) return;
    throw err;
  }
  try {
    fs.fsyncSync(fd);
  } catch (err) {
    if (!DIR_SYNC_UNSUPPORTED.has(errorCode(err))) throw err;
  } finally {
    fs.closeSync(fd);
  }
}

export function errorCode(err: unknown): string {
  if (typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string') return err.code;
  return '';
}
