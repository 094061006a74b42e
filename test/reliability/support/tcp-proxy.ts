/**
 * A TCP proxy in front of PostgreSQL that the test can cut: every open connection is destroyed and
 * new ones are refused (accepted and closed at once) until it is restored, as when the database
 * server restarts or the network between it and the bot goes away.
 */
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';

export interface TcpProxy {
  port: number;
  /** `url` with its host and port replaced by the proxy's. */
  urlFor(url: string): string;
  cut(): void;
  restore(): void;
  /** Connections destroyed by cuts, and connections refused while cut. */
  readonly dropped: number;
  readonly refused: number;
  close(): Promise<void>;
}

export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  // Each connection as its pair of sockets: the bot's and the one to the server.
  const open = new Set<[Socket, Socket]>();
  let isCut = false;
  let dropped = 0;
  let refused = 0;
  const server: Server = createServer((client) => {
    if (isCut) {
      refused += 1;
      client.destroy();
      return;
    }
    const upstream = connect(targetPort, targetHost);
    const pair: [Socket, Socket] = [client, upstream];
    open.add(pair);
    const end = () => {
      client.destroy();
      upstream.destroy();
      open.delete(pair);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    urlFor(url) {
      const u = new URL(url);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      return u.toString();
    },
    cut() {
      isCut = true;
      dropped += open.size;
      for (const pair of [...open]) for (const s of pair) s.destroy();
      open.clear();
    },
    restore() {
      isCut = false;
    },
    get dropped() {
      return dropped;
    },
    get refused() {
      return refused;
    },
    async close() {
      for (const pair of [...open]) for (const s of pair) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
