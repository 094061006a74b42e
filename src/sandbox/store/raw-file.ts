/**
 * Read-only access to records left in a tenant file: the bulky log-like collections of a large
 * snapshot are indexed at load and read back by offset, so memory holds indexes, not the logs.
 * The file must not change while the sandbox runs (the generator writes a new file and renames).
 */
import { closeSync, openSync, readSync } from 'node:fs';

export class RawFile {
  private readonly fd: number;
  private buffer = Buffer.allocUnsafe(64 * 1024);

  constructor(readonly path: string) {
    this.fd = openSync(path, 'r');
  }

  read(offset: number, length: number): string {
    if (length > this.buffer.length) this.buffer = Buffer.allocUnsafe(length * 2);
    let done = 0;
    while (done < length) {
      const n = readSync(this.fd, this.buffer, done, length - done, offset + done);
      if (n === 0) throw new Error(`${this.path} is shorter than when it was loaded`);
      done += n;
    }
    return this.buffer.toString('utf8', 0, length);
  }

  close(): void {
    closeSync(this.fd);
  }
}
