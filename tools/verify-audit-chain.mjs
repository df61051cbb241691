#!/usr/bin/env node
// Re-verifies an audit-log export (JSON Lines, from /api/console/audit/entries.jsonl) without the console:
//   node tools/verify-audit-chain.mjs audit-log.jsonl [--expect-head <hash>]
//   node tools/verify-audit-chain.mjs - < audit-log.jsonl
// Plain Node, no packages, so an auditor can read all of it before trusting its answer.
//
// What an entry's hash covers (the console's definition, restated): the fields below in this order, each written
// as "<length>:<value>" where length counts UTF-16 code units (JavaScript's string.length), or as "-1:" when the
// field is null; the concatenation is encoded as UTF-8 and hashed with SHA-256, written as 64 lower-case hex digits.
//   sequence (decimal), atTicks (.NET UTC ticks, decimal), actorId, actorName, actorRole, sourceIp,
//   workspaceId (lower-case GUID with hyphens), action, targetType, targetId, before, after, previousHash
//
// Exit code 0 when every entry matches its hash and every consecutive pair links (and the head is the expected
// one); 1 with the first bad sequence and why otherwise (a file that cannot be read included); 2 for bad usage.

import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
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
  console.error('usage: node tools/verify-audit-chain.mjs <export.jsonl | -> [--expect-head <hash>]');
  process.exit(2);
}

function parseArguments(args) {
  let file;
  let expectHead;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--expect-head') {
      expectHead = args[++i]?.toLowerCase();
      if (!/^[0-9a-f]{64}$/.test(expectHead ?? '')) usage('--expect-head takes a hash of 64 hex digits.');
    } else if (args[i] === '--help' || args[i] === '-h') {
      usage();
    } else if (file === undefined) {
      file = args[i];
    } else {
      usage(`Unexpected argument: ${args[i]}`);
    }
  }
  return { file: file ?? '-', expectHead };
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

async function main() {
  const { file, expectHead } = parseArguments(process.argv.slice(2));
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
  console.log(`head ${previous.sequence} ${previous.hash}`);
  if (expectHead !== undefined && previous.hash !== expectHead)
    fail(previous.sequence, `the last entry's hash is not the expected head ${expectHead}`);
}

await main();
