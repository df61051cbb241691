// Parses an Atom or RSS document from standard input with the npm feedparser and prints what a feed reader
// sees, as JSON: the feed's title and each entry's id, title, date, link and categories. Exit 1 if it
// does not parse.
import FeedParser from 'feedparser';
import { Readable } from 'node:stream';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const parser = new FeedParser({ normalize: true, addmeta: false });
const items = [];
let meta = null;
parser.on('error', (error) => { console.error(`feed does not parse: ${error.message}`); process.exit(1); });
parser.on('meta', (m) => { meta = m; });
parser.on('readable', () => { let item; while ((item = parser.read())) items.push(item); });
parser.on('end', () => {
  console.log(JSON.stringify({
    type: meta?.['#type'],
    title: meta?.title,
    items: items.map((i) => ({ guid: i.guid, title: i.title, date: i.date, link: i.link, categories: i.categories, summary: i.summary })),
  }));
});
Readable.from(Buffer.concat(chunks)).pipe(parser);
