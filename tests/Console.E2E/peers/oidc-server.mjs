// A real OpenID Connect provider (oidc-provider 9) that stands in for Microsoft Entra ID in the tests.
//
// Entra-shaped URLs, all under http://127.0.0.1:PORT:
//   issuer     /{tenant}/v2.0
//   discovery  /{tenant}/v2.0/.well-known/openid-configuration
//   authorize  /{tenant}/oauth2/v2.0/authorize
//   token      /{tenant}/oauth2/v2.0/token
//   logout     /{tenant}/oauth2/v2.0/logout          (RP-initiated logout, no click needed)
//   jwks       /{tenant}/discovery/v2.0/keys
//   userinfo   /{tenant}/oidc/userinfo
//   sign-in UI /interaction/{uid}                     (our own form; passwords are checked)
//
// Configuration (environment):
//   OIDC_PORT                       required; 0 picks a free port (read it from the ready line)
//   OIDC_TENANT_ID                  tenant GUID, default 11111111-1111-1111-1111-111111111111
//   OIDC_CLIENT_ID                  required; the one (confidential, first-party) client
//   OIDC_CLIENT_SECRET              required; accepted as client_secret_post or client_secret_basic
//   OIDC_REDIRECT_URIS              required; comma-separated, e.g. https://127.0.0.1:5443/signin-oidc
//   OIDC_POST_LOGOUT_REDIRECT_URIS  optional; comma-separated
//   OIDC_ACCOUNTS                   required; path to a JSON array of
//                                   { login, password, oid, name, email, roles: [] }
//
// Ready line on stdout (the only thing ever written to stdout):
//   oidc-server listening on http://127.0.0.1:PORT
// Stops cleanly on SIGTERM / SIGINT.

import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';

// oidc-provider writes its notices with console.info, i.e. to stdout: keep stdout for the ready line.
console.info = (...args) => console.error(...args);
console.log = (...args) => console.error(...args);

const { default: Provider, errors } = await import('oidc-provider');

function fail(message) {
  console.error(`oidc-server: ${message}`);
  process.exit(2);
}

function required(name) {
  const value = process.env[name];
  if (value === undefined || value.trim() === '') fail(`${name} is required`);
  return value.trim();
}

function list(value) {
  return (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

const portText = required('OIDC_PORT');
const requestedPort = Number(portText);
if (!Number.isInteger(requestedPort) || requestedPort < 0 || requestedPort > 65535) fail(`OIDC_PORT is not a port: ${portText}`);

const tenantId = (process.env.OIDC_TENANT_ID || '11111111-1111-1111-1111-111111111111').trim().toLowerCase();
if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(tenantId)) fail(`OIDC_TENANT_ID is not a GUID: ${tenantId}`);

const clientId = required('OIDC_CLIENT_ID');
const clientSecret = required('OIDC_CLIENT_SECRET');
const redirectUris = list(required('OIDC_REDIRECT_URIS'));
const postLogoutRedirectUris = list(process.env.OIDC_POST_LOGOUT_REDIRECT_URIS);

let accounts;
try {
  accounts = JSON.parse(fs.readFileSync(required('OIDC_ACCOUNTS'), 'utf8'));
} catch (err) {
  fail(`cannot read OIDC_ACCOUNTS: ${err.message}`);
}
if (!Array.isArray(accounts)) fail('OIDC_ACCOUNTS must hold a JSON array');
for (const a of accounts) {
  if (!a || typeof a.login !== 'string' || typeof a.password !== 'string' || typeof a.oid !== 'string') {
    fail(`every account needs login, password and oid: ${JSON.stringify(a)}`);
  }
}

// Entra's `sub` is a pairwise value per application, never the oid: mimic that so the app keys users on `oid`.
const subjectOf = (account) => crypto
  .hash('sha256', `${tenantId}:${clientId}:${account.oid}`, 'base64url').slice(0, 43);
const accountsBySubject = new Map(accounts.map((a) => [subjectOf(a), a]));
const accountsByLogin = new Map(accounts.map((a) => [a.login.toLowerCase(), a]));

function findLogin(login) {
  const key = String(login ?? '').trim().toLowerCase();
  return accountsByLogin.get(key)
    ?? accounts.find((a) => typeof a.email === 'string' && a.email.toLowerCase() === key);
}

// --- HTML ----------------------------------------------------------------------------------------

const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({
  '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;',
}[c]));

const STYLE = 'body{font-family:system-ui,sans-serif;max-width:24rem;margin:3rem auto;padding:0 1rem;color:#1b1b1b}'
  + 'label{display:block;margin-top:1rem}input{display:block;width:100%;box-sizing:border-box;padding:.5rem;font-size:1rem}'
  + 'button{margin-top:1.5rem;padding:.5rem 1.5rem;font-size:1rem}.error{color:#a4262c;font-weight:600}';

function page(title, body) {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>`;
}

function loginPage(uid, { login = '', error } = {}) {
  return page('Sign in', `<h1>Sign in</h1>
${error ? `<p class="error" role="alert" id="error">${esc(error)}</p>` : ''}
<form method="post" action="/interaction/${esc(uid)}" autocomplete="off">
<label for="login">Username</label>
<input id="login" name="login" type="text" autocomplete="username" value="${esc(login)}" required autofocus>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button>
</form>`);
}

// --- Provider ------------------------------------------------------------------------------------

async function start(port) {
  const origin = `http://127.0.0.1:${port}`;
  const issuer = `${origin}/${tenantId}/v2.0`;

  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: crypto.randomUUID(), alg: 'RS256', use: 'sig' };

  const configuration = {
    clients: [{
      client_id: clientId,
      client_secret: clientSecret,
      client_name: 'AdminConsole',
      redirect_uris: redirectUris,
      post_logout_redirect_uris: postLogoutRedirectUris,
      response_types: ['code'],
      grant_types: ['authorization_code', 'refresh_token'],
      token_endpoint_auth_method: 'client_secret_post',
      id_token_signed_response_alg: 'RS256',
    }],
    clientAuthMethods: ['client_secret_post', 'client_secret_basic'],
    responseTypes: ['code'],
    pkce: { required: () => true }, // only S256 exists in oidc-provider 9
    scopes: ['openid', 'profile', 'email', 'offline_access'],
    claims: {
      openid: ['sub', 'oid', 'tid', 'roles'],
      profile: ['name', 'preferred_username'],
      email: ['email'],
    },
    conformIdTokenClaims: false,
    jwks: { keys: [jwk] },
    enabledJWA: { idTokenSigningAlgValues: ['RS256'] },
    cookies: {
      keys: [crypto.randomBytes(32).toString('base64url')],
      // Plain http on 127.0.0.1: never `secure` (oidc-provider only sets it itself when the request is https).
      long: { httpOnly: true, sameSite: 'lax', secure: false },
      short: { httpOnly: true, sameSite: 'lax', secure: false },
    },
    routes: {
      authorization: `/${tenantId}/oauth2/v2.0/authorize`,
      token: `/${tenantId}/oauth2/v2.0/token`,
      end_session: `/${tenantId}/oauth2/v2.0/logout`,
      jwks: `/${tenantId}/discovery/v2.0/keys`,
      userinfo: `/${tenantId}/oidc/userinfo`,
      pushed_authorization_request: `/${tenantId}/oauth2/v2.0/par`,
    },
    ttl: {
      AccessToken: 3600,
      AuthorizationCode: 600,
      IdToken: 3600,
      RefreshToken: 86400,
      Interaction: 3600,
      Session: 86400,
      Grant: 86400,
    },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        // The confirmation page submits itself: RP-initiated logout needs no click.
        async logoutSource(ctx, form) {
          ctx.body = page('Signing out', `<h1>Signing out…</h1>
${form.replace('</form>', '<input type="hidden" name="logout" value="yes"></form>')}
<noscript><button type="submit" form="op.logoutForm">Sign out</button></noscript>
<script>document.getElementById('op.logoutForm').submit();</script>`);
        },
        async postLogoutSuccessSource(ctx) {
          ctx.body = page('Signed out', '<h1>Signed out</h1><p>You have been signed out.</p>');
        },
      },
    },
    interactions: {
      url: (_ctx, interaction) => `/interaction/${interaction.uid}`,
    },
    clientBasedCORS: () => false,
    async renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = page('Sign-in error', `<h1>Sign-in error</h1>
<p id="error" role="alert">${esc(out.error)}: ${esc(out.error_description)}</p>`);
    },
    async findAccount(_ctx, sub) {
      const account = accountsBySubject.get(sub);
      if (!account) return undefined;
      return {
        accountId: sub,
        async claims() {
          const claims = {
            sub,
            oid: account.oid,
            tid: tenantId,
            name: account.name ?? account.login,
            preferred_username: account.email ?? account.login,
          };
          if (account.email) claims.email = account.email;
          // Like Entra: no `roles` claim at all when the user has no app role.
          if (Array.isArray(account.roles) && account.roles.length > 0) claims.roles = [...account.roles];
          return claims;
        },
      };
    },
  };

  const provider = new Provider(issuer, configuration);
  provider.on('server_error', (_ctx, err) => console.error('oidc-server: server_error', err));

  const providerCallback = provider.callback();
  const discoveryPath = `/${tenantId}/v2.0/.well-known/openid-configuration`;

  async function readForm(req) {
    const chunks = [];
    let size = 0;
    for await (const chunk of req) {
      size += chunk.length;
      if (size > 64 * 1024) throw new Error('form too large');
      chunks.push(chunk);
    }
    return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
  }

  function sendHtml(res, status, html) {
    res.writeHead(status, {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'Content-Length': Buffer.byteLength(html),
    });
    res.end(html);
  }

  // First-party client: consent is granted without asking (also when the RP sends prompt=consent).
  async function grantConsent(req, res, details) {
    const { prompt, params, session, grantId } = details;
    const grant = (grantId && await provider.Grant.find(grantId))
      || new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
    const missing = prompt.details ?? {};
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    if (missing.missingResourceScopes) {
      for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes)) {
        grant.addResourceScope(indicator, scopes.join(' '));
      }
    }
    const savedGrantId = await grant.save();
    await provider.interactionFinished(req, res, { consent: { grantId: savedGrantId } }, { mergeWithLastSubmission: true });
  }

  async function interaction(req, res, uid) {
    let details;
    try {
      details = await provider.interactionDetails(req, res);
    } catch (err) {
      if (err instanceof errors.SessionNotFound || err instanceof errors.InvalidRequest) {
        sendHtml(res, 400, page('Sign-in error', `<h1>Sign-in error</h1>
<p id="error" role="alert">This sign-in attempt has expired. Go back to the application and try again.</p>`));
        return;
      }
      throw err;
    }
    if (details.uid !== uid) {
      sendHtml(res, 400, page('Sign-in error', '<h1>Sign-in error</h1><p id="error" role="alert">Sign-in session mismatch.</p>'));
      return;
    }

    if (details.prompt.name === 'consent') {
      await grantConsent(req, res, details);
      return;
    }
    if (details.prompt.name !== 'login') {
      await provider.interactionFinished(req, res, {
        error: 'access_denied', error_description: `unsupported prompt ${details.prompt.name}`,
      }, { mergeWithLastSubmission: false });
      return;
    }

    if (req.method === 'GET') {
      sendHtml(res, 200, loginPage(uid, { login: details.params.login_hint ?? '' }));
      return;
    }
    if (req.method !== 'POST') {
      res.writeHead(405, { Allow: 'GET, POST' }).end();
      return;
    }

    const form = await readForm(req);
    const login = form.get('login') ?? '';
    const account = findLogin(login);
    const password = Buffer.from(form.get('password') ?? '');
    const ok = account !== undefined
      && password.length === Buffer.byteLength(account.password)
      && crypto.timingSafeEqual(password, Buffer.from(account.password));
    if (!ok) {
      sendHtml(res, 200, loginPage(uid, { login, error: 'Invalid username or password.' }));
      return;
    }
    await provider.interactionFinished(req, res, {
      login: { accountId: subjectOf(account), amr: ['pwd'] },
    }, { mergeWithLastSubmission: false });
  }

  return async (req, res) => {
    try {
      const path = new URL(req.url, origin).pathname;
      if (path === discoveryPath) {
        // oidc-provider serves discovery at /.well-known/… relative to where it is mounted; every other route
        // is configured absolutely, so rewrite just this one path instead of mounting it under a prefix.
        req.url = `/.well-known/openid-configuration${req.url.slice(discoveryPath.length)}`;
        providerCallback(req, res);
        return;
      }
      if (path.startsWith('/.well-known/')) {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
        return;
      }
      const m = /^\/interaction\/([A-Za-z0-9_-]+)$/.exec(path);
      if (m) {
        await interaction(req, res, m[1]);
        return;
      }
      providerCallback(req, res);
    } catch (err) {
      console.error('oidc-server: request failed', err);
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end('internal error');
    }
  };
}

// Listen first, so that OIDC_PORT=0 works: the issuer needs the real port.
let handler = (_req, res) => res.writeHead(503).end();
const server = http.createServer((req, res) => handler(req, res));
server.on('error', (err) => fail(`cannot listen on 127.0.0.1:${requestedPort}: ${err.message}`));
server.listen(requestedPort, '127.0.0.1', async () => {
  const { port } = server.address();
  try {
    handler = await start(port);
  } catch (err) {
    fail(`cannot start: ${err.stack ?? err}`);
  }
  process.stdout.write(`oidc-server listening on http://127.0.0.1:${port}\n`);
});

function shutdown() {
  server.close(() => process.exit(0));
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
