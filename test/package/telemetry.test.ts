import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { ConfigError, connectionStringProblem, loadConfig } from '../../src/config.js';
import { freshDataDir } from '../support/data-dir.js';

const BIN = new URL('../../bin/pim-copilot.js', import.meta.url).pathname;
const KEY = '0f1e2d3c-4b5a-4697-8877-665544332211';

describe('APPLICATIONINSIGHTS_CONNECTION_STRING is checked at start-up', () => {
  it('accepts what the Azure portal gives, with or without endpoints', () => {
    assert.equal(connectionStringProblem(`InstrumentationKey=${KEY}`), undefined);
    assert.equal(connectionStringProblem(`InstrumentationKey=${KEY};IngestionEndpoint=https://westeurope-5.in.example/;LiveEndpoint=https://westeurope.live.example/;ApplicationId=abc`), undefined);
    assert.equal(loadConfig({ APPLICATIONINSIGHTS_CONNECTION_STRING: `InstrumentationKey=${KEY};IngestionEndpoint=http://127.0.0.1:9/` }).telemetry.appInsightsConnectionString, `InstrumentationKey=${KEY};IngestionEndpoint=http://127.0.0.1:9/`);
    assert.equal(loadConfig({}).telemetry.appInsightsConnectionString, undefined);
  });

  it('refuses a bare key, a missing or malformed key and a bad endpoint, without echoing the value', () => {
    const cases: Array<[string, RegExp]> = [
      [KEY, /Key=value pairs/],
      ['IngestionEndpoint=https://x.example/', /needs InstrumentationKey=<GUID>/],
      ['InstrumentationKey=not-a-guid-secretish', /needs InstrumentationKey=<GUID>/],
      [`InstrumentationKey=${KEY};IngestionEndpoint=ftp://x.example/`, /IngestionEndpoint must be an http\(s\) URL/],
    ];
    for (const [value, message] of cases) {
      const err = (() => {
        try {
          loadConfig({ APPLICATIONINSIGHTS_CONNECTION_STRING: value });
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      assert.ok(err instanceof ConfigError, value);
      assert.equal(err.problems.length, 1);
      assert.match(err.problems[0]!, /^APPLICATIONINSIGHTS_CONNECTION_STRING: /);
      assert.match(err.problems[0]!, message);
      assert.ok(!err.problems[0]!.includes('secretish') && !err.problems[0]!.includes(KEY), 'the value is not echoed');
    }
  });
});

/** A self-signed certificate for 127.0.0.1 in `dir` (cert.pem, key.pem), or why there is none. */
function selfSignedCertificate(dir: string): string | undefined {
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    return undefined;
  } catch (err) {
    return `openssl could not make a test certificate (${(err as Error).message}); the export is not checked`;
  }
}

/**
 * A local stand-in of the Application Insights ingestion endpoint, over HTTPS because the exporter
 * turns every http:// endpoint into https://; records every envelope posted to it.
 */
class IngestionStandIn {
  readonly posts: Array<{ path: string; items: Array<{ name?: string; data?: { baseType?: string; baseData?: { name?: string; url?: string } } }> }> = [];
  private server!: Server;

  constructor(private readonly tls: { key: Buffer; cert: Buffer }) {}

  async start(): Promise<string> {
    this.server = createServer(this.tls, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        let body = Buffer.concat(chunks);
        if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
        const text = body.toString('utf8').trim();
        // The exporter posts a JSON array of envelopes (or JSON lines).
        let items: IngestionStandIn['posts'][number]['items'] = [];
        try {
          const parsed = JSON.parse(text) as unknown;
          items = (Array.isArray(parsed) ? parsed : [parsed]) as typeof items;
        } catch {
          items = text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as (typeof items)[number]);
        }
        if (req.method === 'POST' && req.url?.includes('/track')) this.posts.push({ path: req.url, items });
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ itemsReceived: items.length, itemsAccepted: items.length, errors: [] }));
      });
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    return `https://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((r) => this.server.close(() => r()));
  }
}

interface Probe {
  /** An OpenTelemetry provider was registered (the API keeps it on a global symbol). */
  otel: boolean;
  /** CommonJS modules of the Azure Monitor distro or the OpenTelemetry SDK that were loaded (prom-client loads the bare API, so that one does not count). */
  modules: number;
}

/** Runs `pim-copilot start` with a probe loaded first that reports, as the process exits, what of OpenTelemetry was loaded. */
async function runService(env: Record<string, string>) {
  const probe = [
    "import { createRequire } from 'node:module';",
    "process.on('exit', () => {",
    "  const modules = Object.keys(createRequire(process.cwd() + '/').cache).filter((k) => /node_modules\\/(@azure\\/monitor-opentelemetry|@opentelemetry\\/(?!api\\/))/.test(k)).length;",
    "  process.stderr.write('probe ' + JSON.stringify({ otel: Boolean(globalThis[Symbol.for('opentelemetry.js.api.1')]), modules }) + '\\n');",
    '});',
  ].join('\n');
  const child = spawn(process.execPath, ['--disable-warning=DEP0111', `--import=data:text/javascript,${encodeURIComponent(probe)}`, BIN, 'start'], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: '0', SANDBOX_PORT: '0', TICKET_STANDINS: 'false', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no banner within 120 s:\n${out}\n${err}`)), 120_000);
    const check = () => {
      const m = /listening on (http:\/\/[\d.]+:\d+)\/api\/messages/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      } else if (child.exitCode !== null) {
        clearTimeout(timer);
        reject(new Error(`exited early:\n${out}\n${err}`));
      } else setTimeout(check, 100);
    };
    check();
  });
  const stop = async () => {
    child.kill('SIGTERM');
    const code = await exited;
    const m = /^probe (.*)$/m.exec(err);
    return { code, probe: m ? (JSON.parse(m[1]!) as Probe) : undefined, out, err };
  };
  return { url, stop, kill: () => child.kill('SIGKILL') };
}

async function until(probe: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
  return true;
}

const certDir = await mkdtemp(join(tmpdir(), 'pim-telemetry-tls-'));
const noCertificate = selfSignedCertificate(certDir);

describe('OpenTelemetry export to Application Insights', { skip: noCertificate }, () => {
  let ingestion: IngestionStandIn;
  let endpoint: string;
  const dirs: string[] = [certDir];

  before(async () => {
    ingestion = new IngestionStandIn({ key: await readFile(join(certDir, 'key.pem')), cert: await readFile(join(certDir, 'cert.pem')) });
    endpoint = await ingestion.start();
  });

  after(async () => {
    await ingestion.close();
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  const dataDir = async () => {
    const dir = await freshDataDir('pim-telemetry-');
    dirs.push(dir);
    return dir;
  };

  it('loads nothing when the connection string is unset; exports a request to the ingestion endpoint when it is set', async () => {
    // Both services start at once, to keep the test short.
    const [off, on] = await Promise.all([
      runService({ DATA_DIR: await dataDir() }),
      runService({
        DATA_DIR: await dataDir(),
        APPLICATIONINSIGHTS_CONNECTION_STRING: `InstrumentationKey=${KEY};IngestionEndpoint=${endpoint};LiveEndpoint=${endpoint}`,
        NODE_EXTRA_CA_CERTS: join(certDir, 'cert.pem'),
        // The SDK's own options: metrics every second instead of every minute, every span kept (not
        // five a second), and none of its self-reporting (statsbeat) to Microsoft's hosts.
        OTEL_METRIC_EXPORT_INTERVAL: '1000',
        OTEL_TRACES_SAMPLER: 'always_on',
        APPLICATIONINSIGHTS_STATSBEAT_DISABLED: 'true',
        APPLICATION_INSIGHTS_NO_STATSBEAT: 'true',
      }),
    ]);
    try {
      assert.equal((await fetch(`${off.url}/healthz`)).status, 200);
      assert.equal((await fetch(`${on.url}/healthz`)).status, 200);
      assert.ok(await until(() => ingestion.posts.length > 0, 20_000), 'the service with a connection string posts to the ingestion endpoint');
      assert.ok(ingestion.posts.every((p) => p.path.startsWith('/v2')), `ingestion paths: ${ingestion.posts.map((p) => p.path).join(', ')}`);

      const stoppedOn = await on.stop();
      assert.equal(stoppedOn.code, 0, stoppedOn.err);
      assert.equal(stoppedOn.probe?.otel, true);
      assert.ok(stoppedOn.probe.modules > 0, 'the probe sees the distro when it is loaded');
      assert.match(stoppedOn.out, /traces and metrics go to Application Insights/);
      // Spans are flushed on shutdown: the request made above is among the items received.
      const requests = ingestion.posts.flatMap((p) => p.items).filter((i) => i.data?.baseType === 'RequestData');
      assert.ok(
        requests.some((r) => /healthz/.test(`${r.data?.baseData?.name} ${r.data?.baseData?.url}`)),
        `a RequestData item for /healthz; got ${JSON.stringify(requests.map((r) => r.data?.baseData?.name))}`,
      );

      const stoppedOff = await off.stop();
      assert.equal(stoppedOff.code, 0, stoppedOff.err);
      assert.deepEqual(stoppedOff.probe, { otel: false, modules: 0 }, 'nothing of OpenTelemetry was loaded');
      assert.doesNotMatch(stoppedOff.out, /Application Insights/);
    } finally {
      off.kill();
      on.kill();
    }
  });
});
