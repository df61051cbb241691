// A real SMTP server on 127.0.0.1 for the tests: accepts every message and writes it, parsed, as JSON
// (from, to, subject, text, and the headers a test checks) into MAIL_DIR, one file per message.
// Env: SMTP_PORT (0 = any free port), MAIL_DIR. Prints "smtp-sink listening on 127.0.0.1:PORT" when ready.
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.MAIL_DIR;
if (!dir) { console.error('MAIL_DIR is required'); process.exit(2); }
mkdirSync(dir, { recursive: true });
let count = 0;

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, session, callback) {
    simpleParser(stream).then((mail) => {
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
        listUnsubscribe: header('list-unsubscribe'),
        listUnsubscribePost: header('list-unsubscribe-post'),
      };
      count += 1;
      writeFileSync(join(dir, `${Date.now()}-${String(count).padStart(6, '0')}.json`), JSON.stringify(message));
      callback();
    }, callback);
  },
});

server.listen(Number(process.env.SMTP_PORT ?? 0), '127.0.0.1', () => {
  console.log(`smtp-sink listening on 127.0.0.1:${server.server.address().port}`);
});
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
