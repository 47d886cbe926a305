/**
 * An example website ("relying party") that signs people in with Engångskod over OpenID
 * Connect: authorization code flow with PKCE, using openid-client v6 and nothing but node:http.
 * Read it top to bottom; README.md next to it explains the provider side.
 *
 * Everything it remembers lives in one in-memory Map, keyed by a random id in a cookie: the
 * checks of a sign-in under way (state, nonce, PKCE verifier) and, afterwards, what it learnt
 * about the person. Nothing secret ever goes to the browser, so the cookie needs no signing.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as client from 'openid-client';

export interface RelyingPartyOptions {
  /** Engångskod's issuer, i.e. its PUBLIC_URL; discovery is `${issuer}/.well-known/openid-configuration`. */
  readonly issuer: string;
  readonly clientId: string;
  /** Omit for a public client (registered with --public). */
  readonly clientSecret?: string;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  /** Where browsers reach this website; defaults to http://localhost:<port>. */
  readonly publicUrl?: string;
  readonly scope?: string;
}

export interface RunningRelyingParty {
  readonly url: string;
  close(): Promise<void>;
}

/** The ID token claims the signed-in page lists, in this order. */
export const SHOWN_CLAIMS = ['sub', 'email', 'email_verified', 'phone_number', 'phone_number_verified', 'amr', 'acr', 'auth_time'] as const;

// Cookies do not tell ports apart, so on localhost this cookie is also sent to Engångskod at
// :3000 (and its cookies to us): a name of our own keeps the two from overwriting each other.
const COOKIE = 'example_rp_session';
const PENDING_MS = 10 * 60 * 1000; // a sign-in left unfinished this long is forgotten
const SIGNED_IN_MS = 8 * 60 * 60 * 1000;

interface PendingSignIn {
  readonly kind: 'pending';
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
  readonly expiresAt: number;
}

interface SignedIn {
  readonly kind: 'signed-in';
  readonly claims: client.IDToken;
  /** Kept only as the id_token_hint for signing out. */
  readonly idToken: string;
  readonly userinfo: Userinfo;
  readonly expiresAt: number;
}

export type Userinfo = { readonly ok: true; readonly claims: client.UserInfoResponse } | { readonly ok: false; readonly error: string };

type Session = PendingSignIn | SignedIn;

export async function startRelyingParty(options: RelyingPartyOptions): Promise<RunningRelyingParty> {
  const issuer = new URL(options.issuer);
  // Plain http is only for trying things out on one machine; anywhere else, tokens and codes
  // would cross the network readable by anyone on the way.
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(issuer.hostname);
  if (issuer.protocol !== 'https:' && !(issuer.protocol === 'http:' && loopback)) {
    throw new Error(`The issuer must be an https URL (http only on localhost or 127.0.0.1): ${options.issuer}`);
  }
  const scope = options.scope ?? 'openid email phone';
  const sessions = new Map<string, Session>();

  // Discovery waits for the first sign-in, so this website starts (and shows its page) while
  // Engångskod is still down; a failed discovery is forgotten so the next attempt retries.
  let discovered: Promise<client.Configuration> | undefined;
  const configuration = (): Promise<client.Configuration> => {
    discovered ??= client
      .discovery(
        issuer,
        options.clientId,
        undefined,
        // A public client has no secret to prove itself with; PKCE alone binds the code to us.
        options.clientSecret ? client.ClientSecretBasic(options.clientSecret) : client.None(),
        {
          timeout: 10,
          // The ID token's signature is checked against the issuer's JWKS too, not only its
          // claims: over plain http in development there is no TLS to vouch for where it came from.
          execute: issuer.protocol === 'http:' ? [client.allowInsecureRequests, client.enableNonRepudiationChecks] : [client.enableNonRepudiationChecks],
        },
      )
      .catch((error: unknown) => {
        discovered = undefined;
        throw error;
      });
    return discovered;
  };

  let base = ''; // publicUrl without a trailing slash, known once we listen
  const redirectUri = () => `${base}/callback`;
  const secureCookie = () => base.startsWith('https:');

  const newSession = (session: Session): string => {
    const now = Date.now();
    for (const [id, old] of sessions) if (old.expiresAt <= now) sessions.delete(id);
    const id = randomBytes(32).toString('base64url');
    sessions.set(id, session);
    return id;
  };
  const cookieFor = (id: string) => `${COOKIE}=${id}; Path=/; HttpOnly; SameSite=Lax${secureCookie() ? '; Secure' : ''}`;
  const clearCookie = () => `${COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${secureCookie() ? '; Secure' : ''}`;
  const current = (req: IncomingMessage): { id?: string; session?: Session } => {
    const id = readCookie(req, COOKIE);
    const session = id === undefined ? undefined : sessions.get(id);
    if (id === undefined || session === undefined) return {};
    if (session.expiresAt <= Date.now()) {
      sessions.delete(id);
      return {};
    }
    return { id, session };
  };

  async function home(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const { session } = current(req);
    if (session?.kind === 'signed-in') {
      sendHtml(res, 200, 'Signed in', renderSignedIn(session.claims, session.userinfo));
      return;
    }
    sendHtml(res, 200, 'Example website', renderSignedOut(options.issuer, options.clientId, uiLocale(url)));
  }

  async function login(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    let config: client.Configuration;
    try {
      config = await configuration();
    } catch (error) {
      sendError(
        res,
        502,
        'Engångskod could not be reached',
        `This website could not read ${new URL('.well-known/openid-configuration', withSlash(options.issuer)).href}. Is Engångskod running, and is ISSUER right?`,
        error,
      );
      return;
    }
    const state = client.randomState();
    const nonce = client.randomNonce();
    const codeVerifier = client.randomPKCECodeVerifier();
    const parameters: Record<string, string> = {
      redirect_uri: redirectUri(),
      scope,
      state,
      nonce,
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
    };
    const locale = uiLocale(url);
    if (locale) parameters.ui_locales = locale;

    // A new id for every sign-in, and the browser's previous session is dropped: nobody can plant
    // a session id on someone and find it signed in later.
    const previous = current(req).id;
    if (previous !== undefined) sessions.delete(previous);
    const id = newSession({ kind: 'pending', state, nonce, codeVerifier, expiresAt: Date.now() + PENDING_MS });
    res.writeHead(302, { location: client.buildAuthorizationUrl(config, parameters).href, 'set-cookie': cookieFor(id), 'cache-control': 'no-store' });
    res.end();
  }

  async function callback(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const { id, session } = current(req);
    // One use: the checks are spent whatever happens next, so a replayed or reloaded
    // callback can never complete a second time.
    if (id === undefined || session?.kind !== 'pending') {
      sendError(
        res,
        400,
        'No sign-in in progress',
        `This browser has no sign-in waiting to be finished here: it was finished already, took longer than ${PENDING_MS / 60000} minutes, was started in another tab, or cookies are blocked (or it was started at another address than ${base}/).`,
      );
      return;
    }
    sessions.delete(id);

    let config: client.Configuration;
    let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
    try {
      config = await configuration();
      // Checks the response's iss and state, sends the PKCE verifier, and checks the ID token's
      // signature (JWKS), iss, aud, exp and nonce: the list in README.md, "What to check".
      tokens = await client.authorizationCodeGrant(config, new URL(`${redirectUri()}${url.search}`), {
        pkceCodeVerifier: session.codeVerifier,
        expectedState: session.state,
        expectedNonce: session.nonce,
      });
    } catch (error) {
      sendCallbackError(res, error);
      return;
    }
    // expectedNonce makes an ID token mandatory, so claims() is there and verified.
    const claims = tokens.claims() as client.IDToken;
    const idToken = tokens.id_token as string;

    // Engångskod also puts the scope claims in the ID token; the userinfo request is here to show
    // how it is made (and that it agrees). A failure there is shown rather than fatal, since the
    // ID token alone already says who signed in.
    let userinfo: Userinfo;
    try {
      userinfo = { ok: true, claims: await client.fetchUserInfo(config, tokens.access_token, claims.sub) };
    } catch (error) {
      userinfo = { ok: false, error: describe(error) };
    }
    // The access token is not kept: this website has nothing more to ask for with it.
    const signedInId = newSession({ kind: 'signed-in', claims, idToken, userinfo, expiresAt: Date.now() + SIGNED_IN_MS });
    res.writeHead(303, { location: `${base}/`, 'set-cookie': cookieFor(signedInId), 'cache-control': 'no-store' });
    res.end();
  }

  async function logout(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // A SameSite=Lax cookie is not sent with another site's POST, so no other site can sign
    // people out of here (the cookie is what this acts on).
    const { id, session } = current(req);
    if (id !== undefined) sessions.delete(id);
    let location = `${base}/`;
    if (session?.kind === 'signed-in') {
      try {
        // Signing out here alone would leave the Engångskod session on: the next "Sign in"
        // would come straight back signed in. The id_token_hint says who and from where.
        location = client.buildEndSessionUrl(await configuration(), { id_token_hint: session.idToken, post_logout_redirect_uri: `${base}/` }).href;
      } catch {
        // Engångskod unreachable or without an end_session_endpoint: at least this site forgot them.
      }
    }
    res.writeHead(303, { location, 'set-cookie': clearCookie(), 'cache-control': 'no-store' });
    res.end();
  }

  const routes: Record<string, Partial<Record<string, (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>>>> = {
    '/': { GET: home },
    '/login': { GET: login },
    '/callback': { GET: callback },
    '/logout': { POST: logout },
  };

  const server = createServer((req, res) => {
    // Parsed against a dummy origin: req.url is a path, and `//host/x` must stay a path.
    const url = new URL(`http://relying-party.invalid${req.url ?? '/'}`);
    const methods = routes[url.pathname];
    const handler = methods?.[req.method ?? 'GET'];
    if (!methods) return sendError(res, 404, 'Not found', 'There is no such page on this example website.');
    if (!handler) {
      res.setHeader('allow', Object.keys(methods).join(', '));
      return sendError(res, 405, 'Method not allowed', `Use ${Object.keys(methods).join(' or ')} here.`);
    }
    handler(req, res, url).catch((error: unknown) => {
      // Never a stack trace to the browser; the console has it.
      console.error(error);
      if (!res.headersSent) sendError(res, 500, 'Something went wrong', 'This example website failed to handle the request.');
      else res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  base = (options.publicUrl ?? `http://localhost:${port}`).replace(/\/+$/, '');

  return {
    url: base,
    close: async () => {
      sessions.clear();
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}

function uiLocale(url: URL): 'sv' | 'en' | undefined {
  const lang = url.searchParams.get('lang');
  return lang === 'sv' || lang === 'en' ? lang : undefined;
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

function readCookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

/** The error's message and its causes', e.g. "fetch failed (connect ECONNREFUSED 127.0.0.1:9)". */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? describe(error.cause) : undefined;
  return cause && cause !== error.message ? `${error.message} (${cause})` : error.message;
}

/** Engångskod (or the network to it) is down, as opposed to it answering something we refuse. */
function unreachable(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError' || (error instanceof TypeError && error.message === 'fetch failed'));
}

function sendCallbackError(res: ServerResponse, error: unknown): void {
  if (error instanceof client.AuthorizationResponseError) {
    // Engångskod sent the browser back with an error instead of a code.
    const reason = `${error.error}${error.error_description ? `: ${error.error_description}` : ''}`;
    if (error.error === 'access_denied') {
      sendError(res, 400, 'Sign-in cancelled', 'You were not signed in: the sign-in was cancelled or refused at Engångskod. You can try again.', reason);
    } else {
      sendError(res, 400, 'Sign-in refused', 'Engångskod did not accept this sign-in request.', reason);
    }
  } else if (error instanceof client.ResponseBodyError) {
    // The token endpoint said no: a code used twice or too late, a wrong client secret, a PKCE mismatch.
    sendError(res, 400, 'Sign-in failed', 'Engångskod would not exchange the sign-in code for tokens.', `${error.error}${error.error_description ? `: ${error.error_description}` : ''}`);
  } else if (unreachable(error)) {
    sendError(res, 502, 'Engångskod could not be reached', 'The sign-in could not be finished because Engångskod did not answer. Try again in a moment.', error);
  } else {
    // State, iss, nonce, signature, audience or expiry did not check out: this answer may not
    // be meant for this browser, or may not be from Engångskod at all.
    sendError(res, 400, 'Sign-in failed', 'The answer from Engångskod could not be verified, so nobody was signed in.', error);
  }
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A claim as text: strings as they are, everything else (booleans, arrays, objects) as JSON. */
function claimText(name: string, value: unknown): string {
  if (value === undefined) return '';
  if (name === 'auth_time' && typeof value === 'number') return `${value} (${new Date(value * 1000).toISOString()})`;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function table(rows: ReadonlyArray<readonly [string, unknown]>, missing: string): string {
  const body = rows
    .map(([name, value]) => `<tr><th scope="row"><code>${escapeHtml(name)}</code></th><td>${value === undefined ? `<em>${escapeHtml(missing)}</em>` : escapeHtml(claimText(name, value))}</td></tr>`)
    .join('\n');
  return `<table>\n<tr><th scope="col">Claim</th><th scope="col">Value</th></tr>\n${body}\n</table>`;
}

export function renderSignedOut(issuer: string, clientId: string, locale: 'sv' | 'en' | undefined): string {
  return `<h1>Example website</h1>
<p>This website signs people in with Engångskod at <code>${escapeHtml(issuer)}</code>, as client <code>${escapeHtml(clientId)}</code>.</p>
<form action="login" method="get">
${locale ? `<input type="hidden" name="lang" value="${escapeHtml(locale)}">\n` : ''}<button type="submit">Sign in with Engångskod</button>
</form>
<p>Engångskod's pages in: <a href="?lang=sv" lang="sv">svenska</a> · <a href="?lang=en">English</a></p>`;
}

export function renderSignedIn(claims: client.IDToken, userinfo: Userinfo): string {
  const info = userinfo.ok ? table(Object.entries(userinfo.claims), '') : `<p class="error">The userinfo request failed: ${escapeHtml(userinfo.error)}</p>`;
  return `<h1>Signed in</h1>
<h2>ID token claims</h2>
${table(SHOWN_CLAIMS.map((name) => [name, claims[name]] as const), 'not in the ID token')}
<h2>Userinfo response</h2>
${info}
<form action="logout" method="post"><button type="submit">Sign out</button></form>`;
}

function sendHtml(res: ServerResponse, status: number, title: string, body: string): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    // Pages show personal data: never from a cache, never in a frame, no inline script at all.
    'cache-control': 'no-store',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'",
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
  });
  res.end(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} – Engångskod example</title>
<style>
body { font: 1rem/1.5 system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; }
table { border-collapse: collapse; width: 100%; } th, td { border: 1px solid #ccc; padding: .3rem .5rem; text-align: left; vertical-align: top; word-break: break-all; }
button { font: inherit; padding: .5rem 1rem; } .error { color: #a00; }
</style>
</head>
<body>
${body}
</body>
</html>
`);
}

/**
 * An error page. The detail (an error's message, the provider's error code) is shown because
 * this is an example meant for debugging an integration; a real website would log it instead.
 */
function sendError(res: ServerResponse, status: number, title: string, message: string, detail?: unknown): void {
  const details = detail === undefined ? '' : `\n<p>Details: <code>${escapeHtml(typeof detail === 'string' ? detail : describe(detail))}</code></p>`;
  sendHtml(res, status, title, `<h1>${escapeHtml(title)}</h1>\n<p class="error">${escapeHtml(message)}</p>${details}\n<p><a href="./">Back to the start</a></p>`);
}
