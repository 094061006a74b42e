/**
 * A scripted Graph stand-in over real HTTP for the client-layer tests: each test supplies a
 * handler, every request is recorded. The PIM rules themselves are tested against the sandbox.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TokenCredential } from '@azure/identity';

export interface Recorded {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export type Handler = (req: Recorded, res: ServerResponse) => void | Promise<void>;

export class FakeGraph {
  readonly requests: Recorded[] = [];
  private server?: Server;
  url = '';

  constructor(public handler: Handler) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const rec = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
        this.requests.push(rec);
        Promise.resolve(this.handler(rec, res)).catch((err: unknown) => {
          res.statusCode = 500;
          res.end(String(err));
        });
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(body === undefined ? undefined : JSON.stringify(body));
}

export function graphError(res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
  json(res, status, { error: { code, message, innerError: { date: new Date().toISOString(), 'request-id': 'req-1', 'client-request-id': 'c-1' } } }, headers);
}

/** A credential that hands out a fixed token and counts the calls. */
export class StaticCredential implements TokenCredential {
  calls = 0;
  constructor(private readonly token = 'test-token') {}
  async getToken() {
    this.calls++;
    return { token: this.token, expiresOnTimestamp: Date.now() + 3_600_000 };
  }
}
