/**
 * Hashing pages on worker threads while the main thread fetches the next ones: on a long trail the
 * two halves of the work then run on two cores. Falls back to checking inline where no worker starts.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { checkPage, type PageResult } from './verify-page.js';

export interface PagePool {
  check(text: string): Promise<PageResult>;
  close(): Promise<void>;
}

export const inlinePool: PagePool = {
  check: async (text) => checkPage(text),
  close: async () => undefined,
};

/** Run from the TypeScript sources, a worker first registers the same loader as the main thread. */
function startWorker(url: URL): Worker {
  if (!url.pathname.endsWith('.ts')) return new Worker(url);
  const loader = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const code = `(async () => { (await import(${loader})).register(); await import(${JSON.stringify(url.href)}); })()`;
  return new Worker(code, { eval: true });
}

export function workerPool(size = Math.max(1, Math.min(4, availableParallelism() - 1))): PagePool {
  const url = new URL(`./verify-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);
  const waiting = new Map<number, { resolve: (r: PageResult) => void; reject: (e: unknown) => void }>();
  let failed: unknown = null;
  const workers = Array.from({ length: size }, () => {
    const w = startWorker(url);
    w.on('message', (m: { id: number; result: PageResult }) => {
      waiting.get(m.id)?.resolve(m.result);
      waiting.delete(m.id);
    });
    w.on('error', (err) => {
      failed = err;
      for (const p of waiting.values()) p.reject(err);
      waiting.clear();
    });
    return w;
  });
  let nextId = 0;
  return {
    check(text) {
      if (failed) return Promise.reject(failed);
      const id = nextId++;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        workers[id % workers.length]!.postMessage({ id, text });
      });
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
