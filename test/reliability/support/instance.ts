/**
 * One service instance in its own process, for the reliability tests: `startService` with the
 * settings from the environment, as `pim-copilot start` runs it, plus what the tests watch,
 * reported to the parent over IPC: where it listens, each Graph call as it leaves, and every
 * unhandled rejection (counted here, so one does not end the process before it is seen).
 */
import { loadConfig } from '../../../src/config.js';
import { createLogger } from '../../../src/log.js';
import { startService } from '../../../src/service.js';

export type InstanceMessage =
  | { type: 'ready'; url: string }
  | { type: 'graph'; method: string; path: string }
  /** How a Graph call ended: its status, or the error when no answer came (dropped, timed out). */
  | { type: 'graph-result'; path: string; status?: number; error?: string }
  | { type: 'unhandledRejection'; count: number; reason: string };

const tell = (m: InstanceMessage) => {
  if (process.connected) process.send?.(m);
};

let rejections = 0;
process.on('unhandledRejection', (reason) => {
  rejections += 1;
  process.stderr.write(`unhandled rejection: ${reason instanceof Error ? (reason.stack ?? reason.message).replace(/\n/g, ' | ') : String(reason)}\n`);
  tell({ type: 'unhandledRejection', count: rejections, reason: String(reason) });
});

const graphBase = process.env.GRAPH_BASE_URL ?? '';
const original = globalThis.fetch;
globalThis.fetch = (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  if (graphBase && url.startsWith(graphBase) && /^\/(v1\.0|beta)\//.test(url.slice(graphBase.length))) {
    const path = url.slice(graphBase.length);
    tell({ type: 'graph', method: init?.method ?? (input instanceof Request ? input.method : 'GET'), path });
    return original(input, init).then(
      (res) => {
        tell({ type: 'graph-result', path, status: res.status });
        return res;
      },
      (err: unknown) => {
        const e = err as Error & { cause?: { code?: string } };
        tell({ type: 'graph-result', path, error: `${e.name}: ${e.cause?.code ?? e.message}` });
        throw err;
      },
    );
  }
  return original(input, init);
};

const config = loadConfig();
const service = await startService(config, createLogger(config.logLevel));
tell({ type: 'ready', url: service.url });

const stop = () => {
  service.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
