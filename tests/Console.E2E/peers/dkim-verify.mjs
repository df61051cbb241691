// Verifies the DKIM signatures of one message with mailauth (an independent DKIM implementation), the way a receiving
// mail server would, except that the selector's DNS record comes from the environment instead of DNS:
// DKIM_RECORD_NAME (e.g. s2026._domainkey.example.com) and DKIM_RECORD (its TXT value, "v=DKIM1; k=rsa; p=...").
// Reads the raw message on stdin; prints one JSON line: [{ result, domain, selector, signedHeaders, info }].
import { dkimVerify } from 'mailauth/lib/dkim/verify.js';

const name = process.env.DKIM_RECORD_NAME;
const record = process.env.DKIM_RECORD;
const resolver = async (host, type) => {
  if (type === 'TXT' && host === name) return [[record]];
  throw Object.assign(new Error(`no ${type} record for ${host}`), { code: 'ENOTFOUND' });
};

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const result = await dkimVerify(Buffer.concat(chunks), { resolver });
console.log(JSON.stringify(result.results.map((r) => ({
  result: r.status?.result,
  domain: r.signingDomain,
  selector: r.selector,
  signedHeaders: r.signingHeaders?.keys,
  info: r.info,
}))));
