// A real webhook receiver on 127.0.0.1 for the DLP hook tests. Every request is verified with the reference Standard
// Webhooks library (npm standardwebhooks) against each secret registered at POST /_secrets ({"label": "whsec_…"}),
// and recorded: GET /_received answers them all as a JSON array (method, path, headers, body, verified per label, time).
// Env: RECEIVER_PORT (0 = any free port). Prints "webhook-receiver listening on 127.0.0.1:PORT" when ready.
// Behaviour by path (counts are per exact URL, query included, so each test can use its own):
//   /ok…            204
//   /fail/N…        500 for the first N requests, then 200
//   /slow/MS…       waits MS milliseconds, then 204
//   /429/N…         429 with Retry-After: 2 for the first N requests, then 204
//   /503-date/N…    503 with Retry-After as an HTTP-date 3 s ahead for the first N requests, then 204
//   /410…           410 Gone
//   /redirect…      302 to /ok
import { createServer } from 'node:http';
import { Webhook } from 'standardwebhooks';

const secrets = {};
const received = [];
const counts = new Map();

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function verifyAll(body, headers) {
  const result = {};
  for (const [label, secret] of Object.entries(secrets)) {
    try {
      new Webhook(secret).verify(body, headers);
      result[label] = true;
    } catch {
      result[label] = false;
    }
  }
  return result;
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url, 'http://127.0.0.1');
  const body = await readBody(req);
  if (url.pathname === '/_secrets' && req.method === 'POST') {
    Object.assign(secrets, JSON.parse(body));
    res.writeHead(204).end();
    return;
  }
  if (url.pathname === '/_received') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(received));
    return;
  }

  const seen = (counts.get(req.url) ?? 0) + 1;
  counts.set(req.url, seen);
  received.push({ method: req.method, path: req.url, headers: req.headers, body, verified: verifyAll(body, req.headers), time: new Date().toISOString() });
  const [, kind, arg] = url.pathname.split('/');
  const n = Number(arg ?? 0);
  switch (kind) {
    case 'fail':
      return seen <= n ? res.writeHead(500).end('failing on purpose') : res.writeHead(200).end('ok');
    case 'slow':
      setTimeout(() => { if (!res.destroyed) res.writeHead(204).end(); }, n);
      return;
    case '429':
      return seen <= n ? res.writeHead(429, { 'retry-after': '2' }).end() : res.writeHead(204).end();
    case '503-date':
      return seen <= n ? res.writeHead(503, { 'retry-after': new Date(Date.now() + 3000).toUTCString() }).end() : res.writeHead(204).end();
    case '410':
      return res.writeHead(410).end();
    case 'redirect':
      return res.writeHead(302, { location: '/ok' }).end();
    default:
      return res.writeHead(204).end();
  }
});

server.listen(Number(process.env.RECEIVER_PORT ?? 0), '127.0.0.1', () => {
  console.log(`webhook-receiver listening on 127.0.0.1:${server.address().port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
