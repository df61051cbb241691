#!/usr/bin/env node
// Re-verifies an audit-log export (JSON Lines, from /api/console/audit/entries.jsonl) without the console:
//   node tools/verify-audit-chain.mjs audit-log.jsonl [--expect-head <hash>] [--expect-entry <seq>:<hash> ...] [--key-file <file>]
//   node tools/verify-audit-chain.mjs - < audit-log.jsonl
// Plain Node, no packages, so an auditor can read all of it before trusting its answer.
//
// Anchors outside the database. The hashes alone prove that the file hangs together, not that nobody with write
// access to the database rewrote it and recomputed them. Two anchors do:
//   --expect-entry <seq>:<hash>  a checkpoint the auditor kept from earlier (the chain head on a signed audit
//                                report's cover, or an earlier export's head): entry <seq> of this file must have
//                                exactly that hash. Give as many as you have; a failure names the first entry after
//                                the last checkpoint that still holds, the earliest entry that may have been rewritten.
//   --key-file <file>            the console's chain key (Audit:ChainKey, base64, in a file so it stays out of the
//                                process list): every entry's seal is checked, HMAC-SHA256 under the key of
//                                "entry:<sequence>:<hash>" (UTF-8) as 64 lower-case hex digits; a rewritten entry fails
//                                there, since sealing it again needs the key.
//
// What an entry's hash covers (the console's definition, restated): the fields below in this order, each written
// as "<length>:<value>" where length counts UTF-16 code units (JavaScript's string.length), or as "-1:" when the
// field is null; the concatenation is encoded as UTF-8 and hashed with SHA-256, written as 64 lower-case hex digits.
//   sequence (decimal), atTicks (.NET UTC ticks, decimal), actorId, actorName, actorRole, sourceIp,
//   workspaceId (lower-case GUID with hyphens), action, targetType, targetId, before, after, previousHash
//
// Exit code 0 when every entry matches its hash and every consecutive pair links (and the head is the expected
// one); 1 with the first bad sequence and why otherwise (a file that cannot be read included); 2 for bad usage.

import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { createReadStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

const GENESIS = '0'.repeat(64);
const HASHED_FIELDS = ['sequence', 'atTicks', 'actorId', 'actorName', 'actorRole', 'sourceIp', 'workspaceId',
  'action', 'targetType', 'targetId', 'before', 'after', 'previousHash'];
const TEXT_FIELDS = ['actorId', 'actorName', 'actorRole', 'action', 'targetType', 'targetId', 'previousHash', 'hash'];
const NULLABLE_FIELDS = ['sourceIp', 'workspaceId', 'before', 'after'];

// .NET ticks are 100 ns since 0001-01-01; the Unix epoch is this many ticks in.
const TICKS_AT_UNIX_EPOCH = 621355968000000000n;
const TICKS_PER_MILLISECOND = 10000n;

function usage(message) {
  if (message) console.error(message);
  console.error('usage: node tools/verify-audit-chain.mjs <export.jsonl | -> [--expect-head <hash>] [--expect-entry <seq>:<hash> ...] [--key-file <file>]');
  process.exit(2);
}

function parseArguments(args) {
  let file;
  let expectHead;
  let key;
  const checkpoints = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--expect-head') {
      expectHead = args[++i]?.toLowerCase();
      if (!/^[0-9a-f]{64}$/.test(expectHead ?? '')) usage('--expect-head takes a hash of 64 hex digits.');
    } else if (args[i] === '--expect-entry') {
      const match = /^([1-9][0-9]*):([0-9a-fA-F]{64})$/.exec(args[++i] ?? '');
      if (!match) usage('--expect-entry takes <sequence>:<hash>, such as 1042:<64 hex digits>.');
      checkpoints.push({ sequence: Number(match[1]), hash: match[2].toLowerCase(), seen: false });
    } else if (args[i] === '--key-file') {
      const path = args[++i];
      if (!path) usage('--key-file takes the path of a file holding the chain key (base64).');
      try {
        key = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
      } catch (error) {
        usage(`cannot read the key file: ${error.message}`);
      }
      if (key.length < 32) usage('the key file does not hold a key of at least 32 bytes in base64.');
    } else if (args[i] === '--help' || args[i] === '-h') {
      usage();
    } else if (file === undefined) {
      file = args[i];
    } else {
      usage(`Unexpected argument: ${args[i]}`);
    }
  }
  checkpoints.sort((a, b) => a.sequence - b.sequence);
  return { file: file ?? '-', expectHead, checkpoints, key };
}

function field(value) {
  if (value === null) return '-1:';
  return `${value.length}:${value}`;
}

function hashOf(entry) {
  const text = HASHED_FIELDS.map((name) => field(name === 'sequence' ? String(entry.sequence) : entry[name])).join('');
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

// Returns why an entry cannot be checked at all (a field missing or of the wrong type), or null.
function shapeProblem(entry) {
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return 'the line is not a JSON object';
  if (!Number.isSafeInteger(entry.sequence) || entry.sequence < 1) return 'sequence is not a positive integer';
  if (typeof entry.atTicks !== 'string' || !/^\d+$/.test(entry.atTicks)) return 'atTicks is not a string of digits';
  for (const name of TEXT_FIELDS)
    if (typeof entry[name] !== 'string') return `${name} is missing or not a string`;
  for (const name of NULLABLE_FIELDS)
    if (!(name in entry) || (entry[name] !== null && typeof entry[name] !== 'string')) return `${name} is missing or neither a string nor null`;
  return null;
}

// "at" is there for people; the hash covers atTicks. A file where the two disagree was edited.
function timeProblem(entry) {
  if (typeof entry.at !== 'string') return 'at is missing or not a string';
  const millis = Date.parse(entry.at);
  if (Number.isNaN(millis)) return `at (${entry.at}) is not a date`;
  const ticks = BigInt(millis) * TICKS_PER_MILLISECOND + TICKS_AT_UNIX_EPOCH;
  return ticks === BigInt(entry.atTicks) ? null : `at (${entry.at}) and atTicks (${entry.atTicks}) name different times`;
}

function fail(sequence, why) {
  console.log(`FAILED at sequence ${sequence}: ${why}`);
  process.exit(1);
}

function sealOf(key, entry) {
  return createHmac('sha256', key).update(`entry:${entry.sequence}:${entry.hash}`, 'utf8').digest('hex');
}

function sealMatches(key, entry) {
  if (typeof entry.seal !== 'string' || !/^[0-9a-f]{64}$/.test(entry.seal)) return false;
  return timingSafeEqual(Buffer.from(sealOf(key, entry), 'utf8'), Buffer.from(entry.seal, 'utf8'));
}

// A checkpoint that no longer holds: the log was rewritten after the last one that does.
function failCheckpoint(checkpoints, broken, found) {
  const good = checkpoints.filter((c) => c.seen && c.sequence < broken.sequence && c.matched);
  const after = good.length > 0 ? good[good.length - 1].sequence : 0;
  fail(broken.sequence, `the checkpoint says ${broken.hash}, this file has ${found}: ` +
    `the log was rewritten at or after entry ${after + 1}, the first entry after ` +
    (after > 0 ? `the last checkpoint that holds (${after})` : 'the start of the log (no earlier checkpoint holds)'));
}

async function main() {
  const { file, expectHead, checkpoints, key } = parseArguments(process.argv.slice(2));
  const bySequence = new Map(checkpoints.map((c) => [c.sequence, c]));
  const input = file === '-' ? process.stdin : createReadStream(file, { encoding: 'utf8' });
  input.on('error', (error) => {
    console.log(`FAILED: cannot read ${file}: ${error.message}`);
    process.exit(1);
  });
  const lines = createInterface({ input, crlfDelay: Infinity });

  let checked = 0;
  let linked = 0;
  const gaps = [];
  let first = null;
  let previous = null;
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber++;
    if (line.trim() === '') continue;
    let entry;
    try {
      entry = JSON.parse(line);
    } catch (error) {
      fail(previous ? `after ${previous.sequence} (line ${lineNumber})` : `unknown (line ${lineNumber})`, `not JSON: ${error.message}`);
    }
    const where = Number.isSafeInteger(entry?.sequence) ? entry.sequence : `unknown (line ${lineNumber})`;
    const shape = shapeProblem(entry);
    if (shape) fail(where, shape);
    const time = timeProblem(entry);
    if (time) fail(where, time);

    if (previous === null) {
      first = entry.sequence;
      if (entry.sequence === 1 && entry.previousHash !== GENESIS)
        fail(where, 'the first entry of the log does not start from the genesis hash (64 zeros)');
    } else if (entry.sequence <= previous.sequence) {
      fail(where, `out of order: it follows sequence ${previous.sequence} (an export lists entries in ascending sequence)`);
    } else if (entry.sequence === previous.sequence + 1) {
      if (entry.previousHash !== previous.hash)
        fail(where, `previousHash ${entry.previousHash} is not the hash of sequence ${previous.sequence} (${previous.hash})`);
      linked++;
    } else {
      gaps.push([previous.sequence, entry.sequence]);
    }

    const recomputed = hashOf(entry);
    if (recomputed !== entry.hash)
      fail(where, `content does not match its hash: recomputed ${recomputed}, the entry says ${entry.hash}`);
    const checkpoint = bySequence.get(entry.sequence);
    if (checkpoint) {
      checkpoint.seen = true;
      checkpoint.matched = checkpoint.hash === entry.hash;
      if (!checkpoint.matched) failCheckpoint(checkpoints, checkpoint, entry.hash);
    }
    if (key && !sealMatches(key, entry))
      fail(where, entry.seal == null
        ? 'the entry is not sealed (written without the chain key, or its seal was removed)'
        : 'the seal does not match: the entry was rewritten or added by someone without the chain key');
    checked++;
    previous = { sequence: entry.sequence, hash: entry.hash };
  }

  if (previous === null) {
    console.log('No entries: nothing to verify.');
    if (expectHead !== undefined) fail('none', `expected head ${expectHead}, but the file has no entries`);
    return;
  }

  console.log(`${checked} ${checked === 1 ? 'entry' : 'entries'} checked: every hash matches its entry; ` +
    `${linked} ${linked === 1 ? 'link' : 'links'} to the previous entry verified.`);
  if (first === 1)
    console.log('The first entry starts from the genesis hash.');
  else
    console.log(`not linked (filtered export): the first entry, ${first}, follows an entry not in this file`);
  for (const [before, after] of gaps) {
    const missing = after - before - 1;
    console.log(`not linked (filtered export): ${missing} ${missing === 1 ? 'entry' : 'entries'} between ${before} and ${after} not in this file`);
  }
  for (const checkpoint of checkpoints) {
    if (!checkpoint.seen)
      fail(checkpoint.sequence, 'the checkpoint\'s entry is not in this file (export the log from its start, without filters)');
  }
  if (checkpoints.length > 0)
    console.log(`${checkpoints.length} ${checkpoints.length === 1 ? 'checkpoint' : 'checkpoints'} hold: the log up to entry ${checkpoints[checkpoints.length - 1].sequence} is the one they recorded.`);
  if (key) console.log(`every entry's seal matches the chain key.`);
  console.log(`head ${previous.sequence} ${previous.hash}`);
  if (expectHead !== undefined && previous.hash !== expectHead)
    fail(previous.sequence, `the last entry's hash is not the expected head ${expectHead}`);
}

await main();
