/**
 * Writes a snapshot file by streaming: one JSON object of arrays, one element per line, buffered
 * in megabyte chunks with backpressure, to a temporary name renamed into place at the end (a
 * sandbox reading the old file by offset never sees a half-written one).
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';

const FLUSH_AT = 1 << 20;

export class SnapshotWriter {
  private readonly stream: WriteStream;
  private readonly tmp: string;
  private parts: string[] = [];
  private pending = 0;
  private keys = 0;
  private items = 0;
  bytes = 0;

  constructor(private readonly path: string) {
    this.tmp = `${path}.tmp-${process.pid}`;
    // A deep queue lets the disk write one chunk while the next is being generated.
    this.stream = createWriteStream(this.tmp, { highWaterMark: 16 * FLUSH_AT });
  }

  /** Buffers text; returns a promise only when the buffer had to be flushed (so callers rarely await). */
  private push(text: string): Promise<void> | undefined {
    this.parts.push(text);
    this.pending += text.length;
    return this.pending >= FLUSH_AT ? this.flush() : undefined;
  }

  private async flush(): Promise<void> {
    if (this.parts.length === 0) return;
    const chunk = this.parts.join('');
    this.parts = [];
    this.pending = 0;
    this.bytes += Buffer.byteLength(chunk);
    if (this.stream.write(chunk)) return;
    await new Promise<void>((resolve, reject) => {
      const done = (err?: Error) => {
        this.stream.off('drain', done);
        this.stream.off('error', done);
        if (err) reject(err);
        else resolve();
      };
      this.stream.on('drain', done);
      this.stream.on('error', done);
    });
  }

  async begin(key: string): Promise<void> {
    await this.push(`${this.keys++ === 0 ? '{' : ','}\n${JSON.stringify(key)}: [`);
    this.items = 0;
  }

  item(value: unknown): Promise<void> | undefined {
    return this.push(`${this.items++ === 0 ? '\n' : ',\n'}${JSON.stringify(value)}`);
  }

  async end(): Promise<void> {
    await this.push(this.items > 0 ? '\n]' : ']');
  }

  /** Finishes the object and moves the file into place. */
  async close(): Promise<void> {
    await this.push(this.keys === 0 ? '{}\n' : '\n}\n');
    await this.flush();
    await new Promise<void>((resolve, reject) => this.stream.end((err?: Error | null) => (err ? reject(err) : resolve())));
    await rename(this.tmp, this.path);
  }

  async abort(): Promise<void> {
    this.stream.destroy();
    await rm(this.tmp, { force: true });
  }
}
