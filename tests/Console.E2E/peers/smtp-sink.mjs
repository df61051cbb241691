// A real SMTP server on 127.0.0.1 for the tests: accepts every message and writes it, parsed, as JSON
// (from, to, subject, text, and the headers a test checks) into MAIL_DIR, one file per message.
// Env: SMTP_PORT (0 = any free port), MAIL_DIR. Prints "smtp-sink listening on 127.0.0.1:PORT" when ready.
// Recipients named reject-…@ are refused for good (550), busy-…@ for now (451): how a test meets a failing server.
// SINK_MODE=count keeps no message, only counts them (for benchmarks), and prints "received N" on exit.
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const countOnly = process.env.SINK_MODE === 'count';
const dir = process.env.MAIL_DIR;
if (!dir && !countOnly) { console.error('MAIL_DIR is required'); process.exit(2); }
if (dir) mkdirSync(dir, { recursive: true });
let count = 0;

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  size: 10 * 1024 * 1024,
  onRcptTo(address, session, callback) {
    const local = address.address.split('@')[0];
    if (local.startsWith('reject-')) return callback(Object.assign(new Error('No such mailbox'), { responseCode: 550 }));
    if (local.startsWith('busy-')) return callback(Object.assign(new Error('Mailbox busy, try later'), { responseCode: 451 }));
    return callback();
  },
  onData(stream, session, callback) {
    if (countOnly) {
      stream.on('data', () => {});
      stream.on('end', () => { count += 1; callback(); });
      return;
    }
    // The raw bytes are kept too (base64), for what a parser would change: a DKIM signature is checked over them.
    const chunks = [];
    stream.on('data', (chunk) => chunks.push(chunk));
    stream.on('end', () => {
      const raw = Buffer.concat(chunks);
      simpleParser(raw).then((mail) => {
        // Raw header lines: mailparser folds List-* headers into one parsed "list" object.
        const header = (name) => {
          const line = mail.headerLines.find((h) => h.key === name)?.line;
          return line ? line.slice(line.indexOf(':') + 1).replace(/\r?\n\s+/g, ' ').trim() : null;
        };
        const message = {
          from: mail.from?.text,
          to: session.envelope.rcptTo.map((r) => r.address),
          subject: mail.subject,
          text: mail.text,
          messageId: mail.messageId,
          headerNames: mail.headerLines.map((h) => h.key),
          listUnsubscribe: header('list-unsubscribe'),
          listUnsubscribePost: header('list-unsubscribe-post'),
          raw: raw.toString('base64'),
        };
        count += 1;
        // Written whole under a temporary name, then renamed: a reader never sees half a message.
        const file = join(dir, `${Date.now()}-${String(count).padStart(6, '0')}.json`);
        writeFileSync(`${file}.tmp`, JSON.stringify(message));
        renameSync(`${file}.tmp`, file);
        callback();
      }, callback);
    });
  },
});

// A client that vanishes mid-message (a killed console) must not take the server down with it.
server.on('error', (err) => console.error(`smtp-sink: ${err.message}`));

server.listen(Number(process.env.SMTP_PORT ?? 0), '127.0.0.1', () => {
  console.log(`smtp-sink listening on 127.0.0.1:${server.server.address().port}`);
});
const stop = () => {
  if (countOnly) console.log(`received ${count}`);
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
