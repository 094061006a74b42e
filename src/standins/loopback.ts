/** What the ticket-system stand-ins share: loopback listening, and delays that close() cancels. */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Delays are cancelled on close, so a slow stand-in never holds a test run open. */
export function cancellableDelays(): { sleep(ms: number): Promise<void>; cancelAll(): void } {
  const timers = new Set<NodeJS.Timeout>();
  return {
    sleep: (ms) =>
      new Promise<void>((resolve) => {
        const t = setTimeout(() => (timers.delete(t), resolve()), ms);
        timers.add(t);
      }),
    cancelAll: () => {
      for (const t of timers) clearTimeout(t);
      timers.clear();
    },
  };
}

/** Listens on 127.0.0.1 (port 0 picks one); close() also ends kept-alive connections. */
export async function listenOnLoopback(server: Server, port = 0): Promise<{ url: string; close(): Promise<void> }> {
  server.on('clientError', (_err, socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
