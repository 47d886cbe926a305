import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { provenAccount } from '../helpers/accounts.ts';
import { freePort } from '../helpers/browser.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * The reverse-proxy examples of docs/operations.md (examples/deploy/nginx.conf and Caddyfile),
 * run as written in front of the service on this machine: TLS at the proxy, the service on
 * loopback with TRUST_PROXY=loopback. What matters is that the service sees the person's
 * address (not the proxy's, and not one the client made up) and that cookies and links
 * follow the https PUBLIC_URL.
 */

const examples = new URL('../../examples/deploy/', import.meta.url).pathname;
const PASSWORD = 'correct horse battery staple';
// The person's address: another loopback address than the proxy's own 127.0.0.1.
const CLIENT_ADDRESS = '127.0.0.2';

const missing = ['/usr/sbin/nginx', '/usr/bin/caddy'].filter((binary) => !existsSync(binary));
const skip = missing.length === 0 || process.env.CI ? false : `${missing.join(' and ')} missing: \`apt-get install -y nginx-light caddy\` to run the proxy tests`;

interface Proxy {
  readonly name: string;
  /** Writes the example's configuration for this machine into `dir` and starts the proxy. */
  start(dir: string, ports: { proxy: number; service: number }, cert: { cert: string; key: string }): ChildProcess;
}

/** The example's server block, with this machine's ports and certificate, in a main configuration nginx can run as any user. */
const nginx: Proxy = {
  name: 'nginx (examples/deploy/nginx.conf)',
  start(dir, ports, cert) {
    const example = readFileSync(join(examples, 'nginx.conf'), 'utf8');
    const [https] = example.split(/\n(?=server \{)/).filter((block) => block.includes('listen 443'));
    assert.ok(https, 'the example has an https server block');
    const server = https
      .replace(/listen 443 ssl http2;/, `listen 127.0.0.1:${ports.proxy} ssl http2;`)
      .replace(/\s*listen \[::\]:443 ssl http2;/, '')
      .replaceAll('id.example.se', 'localhost')
      .replace(/ssl_certificate .*;/, `ssl_certificate ${cert.cert};`)
      .replace(/ssl_certificate_key .*;/, `ssl_certificate_key ${cert.key};`)
      .replace('http://127.0.0.1:3000', `http://127.0.0.1:${ports.service}`);
    const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `${kind}_temp_path ${dir}/${kind};`).join(' ');
    writeFileSync(
      join(dir, 'nginx.conf'),
      // Run as root (CI), nginx's workers would drop to nobody and could not write the temp folders made here.
      `${process.getuid?.() === 0 ? 'user root;' : ''} daemon off; pid ${dir}/nginx.pid; error_log ${dir}/error.log; events {} http { access_log off; ${temp}\n${server}\n}\n`,
    );
    return spawn('/usr/sbin/nginx', ['-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  },
};

/** The example's site, at this machine's port with its certificate (no ACME here), Caddy's state kept in `dir`. */
const caddy: Proxy = {
  name: 'Caddy (examples/deploy/Caddyfile)',
  start(dir, ports, cert) {
    const example = readFileSync(join(examples, 'Caddyfile'), 'utf8');
    const site = example
      .replace('id.example.se {', `https://localhost:${ports.proxy} {\n\ttls ${cert.cert} ${cert.key}`)
      .replace('127.0.0.1:3000', `127.0.0.1:${ports.service}`);
    writeFileSync(join(dir, 'Caddyfile'), `{\n\tadmin off\n\tauto_https disable_redirects\n\tstorage file_system ${dir}/caddy\n}\n${site}`);
    return spawn('/usr/bin/caddy', ['run', '--config', join(dir, 'Caddyfile'), '--adapter', 'caddyfile'], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, HOME: dir, XDG_DATA_HOME: dir, XDG_CONFIG_HOME: dir },
    });
  },
};

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

describe('the reverse-proxy examples, in front of the service', { skip }, () => {
  let dir: string;
  let cert: { cert: string; key: string; pem: string };
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'engangskod-proxy-'));
    const paths = { cert: join(dir, 'cert.pem'), key: join(dir, 'key.pem') };
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
      '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost', '-keyout', paths.key, '-out', paths.cert,
    ], { stdio: 'ignore' });
    cert = { ...paths, pem: readFileSync(paths.cert, 'utf8') };
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const proxy of [nginx, caddy]) {
    describe(proxy.name, () => {
      let t: TestApp;
      let child: ChildProcess;
      let port: number;
      let stderr = '';

      /** A request as the person's browser makes it: over TLS to the proxy, from CLIENT_ADDRESS. */
      const send = (path: string, init: { method?: string; body?: string; headers?: Record<string, string> } = {}) =>
        new Promise<Answer>((resolve, reject) => {
          const req = request(
            { host: '127.0.0.1', servername: 'localhost', port, path, method: init.method ?? 'GET', ca: cert.pem, localAddress: CLIENT_ADDRESS, headers: { host: `localhost:${port}`, ...init.headers } },
            (res) => {
              let body = '';
              res.setEncoding('utf8');
              res.on('data', (chunk: string) => (body += chunk));
              res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
            },
          );
          req.on('error', reject);
          req.end(init.body);
        });

      before(async () => {
        port = await freePort();
        const servicePort = await freePort();
        t = await startTestApp({ PORT: String(servicePort), PUBLIC_URL: `https://localhost:${port}`, TRUST_PROXY: 'loopback' });
        await t.app.server.listen({ port: servicePort, host: '127.0.0.1' });
        const own = mkdtempSync(join(dir, 'run-'));
        child = proxy.start(own, { proxy: port, service: servicePort }, cert);
        child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        for (let waited = 0; ; waited += 100) {
          const up = await send('/healthz').then((answer) => answer.status === 200, () => false);
          if (up) break;
          if (waited > 15_000 || child.exitCode !== null) assert.fail(`${proxy.name} did not come up: ${stderr}`);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      });
      after(async () => {
        child.kill('SIGTERM');
        await t.close();
      });

      it('passes the person\'s own address to the service, not the proxy\'s nor one the client wrote itself', async () => {
        const email = `${proxy.name.split(' ')[0]?.toLowerCase()}@example.se`;
        await provenAccount(t, email, PASSWORD);
        const signedIn = await send('/api/v1/sessions', {
          method: 'POST',
          body: JSON.stringify({ email, password: PASSWORD }),
          headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.66' },
        });
        assert.equal(signedIn.status, 201, signedIn.body);
        const { token } = JSON.parse(signedIn.body) as { token: string };
        const sessions = await send('/api/v1/me/sessions', { headers: { authorization: `Bearer ${token}` } });
        const [session] = JSON.parse(sessions.body) as Array<{ ip: string }>;
        assert.equal(session?.ip, CLIENT_ADDRESS);
      });

      it('serves the pages at the https PUBLIC_URL: no redirect, __Host- cookies, HSTS', async () => {
        const page = await send('/sign-in', { headers: { accept: 'text/html' } });
        assert.equal(page.status, 200, `redirected to ${String(page.headers.location)}`);
        assert.match(String(page.headers['strict-transport-security']), /max-age=\d+/);
        const cookies = [page.headers['set-cookie'] ?? []].flat();
        assert.ok(cookies.length > 0 && cookies.every((cookie) => cookie.startsWith('__Host-') && /; Secure/i.test(cookie)), cookies.join('\n'));
        assert.match(page.body, new RegExp(`action="/sign-in"`));
      });

      it('lets the service answer a body too large for it, as problem+json', async () => {
        const answer = await send('/api/v1/sessions', { method: 'POST', body: 'x'.repeat(100_000), headers: { 'content-type': 'application/json' } });
        assert.equal(answer.status, 413);
        assert.match(String(answer.headers['content-type']), /^application\/problem\+json/);
      });
    });
  }
});
