// Parses every page of a built site with parse5 (the HTML standard's parsing
// algorithm, as browsers run it) and fails on anything that could run script
// the theme did not put there:
//   - a <script> that is not one of the theme's files, or not a JSON data
//     block (type application/json) whose text parses as JSON;
//   - an on* event handler attribute, on any element;
//   - a javascript:, vbscript: or data: URL in an attribute that browsers load
//     or follow (data: is allowed only as a raster <img src>, which cannot run script);
//   - <iframe>, <frame>, <object>, <embed>, <applet>, <base>, or a meta refresh.
// Then checks that each hostile string listed in the site's expected-text.txt
// ("page: text") reached its page as text a reader sees, or as a string in one
// of its JSON data blocks.
//
//   node tests/security/check_xss.mjs BUILT_SITE EXPECTED_TEXT [--planted N]
//
// With --planted N it checks itself on a page made to hold N problems: it
// passes when it finds exactly those N.
import { readFile, readdir } from 'node:fs/promises';
import { join, posix, relative, sep } from 'node:path';
import { parse } from 'parse5';

const [root, expectedFile, flag, count] = process.argv.slice(2);
const planted = flag === '--planted' ? Number(count) : null;
if (!root || !expectedFile || (flag !== undefined && !(planted > 0))) {
  console.error('usage: check_xss.mjs BUILT_SITE EXPECTED_TEXT [--planted N]');
  process.exit(2);
}

const themeScripts = new Set(['assets/chart.umd.min.js', 'assets/charts.js', 'assets/search.js']);
const forbiddenElements = new Set(['iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'base']);
const urlAttributes = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'poster', 'data', 'background',
                               'cite', 'ping', 'srcset', 'manifest', 'codebase', 'longdesc', 'lowsrc', 'dynsrc']);
const rasterDataImage = /^data:image\/(png|gif|jpeg|webp)[;,]/;

// What a browser makes of a URL's scheme: it strips leading spaces and
// control characters, drops tabs and newlines anywhere, and ignores case.
function scheme(url) {
  const cleaned = url.replace(/^[\u0000-\u0020]+/, '').replace(/[\t\n\r]/g, '').toLowerCase();
  const match = /^([a-z][a-z0-9+.-]*):/.exec(cleaned);
  return { name: match ? match[1] : '', cleaned };
}

function* walk(node) {
  yield node;
  for (const child of node.childNodes ?? []) yield* walk(child);
  if (node.content) yield* walk(node.content);  // <template>
}

function textOf(node) {
  if (node.nodeName === '#text') return node.value;
  if (node.nodeName === 'script' || node.nodeName === 'style') return '';
  let text = '';
  for (const child of node.childNodes ?? []) text += textOf(child);
  if (node.content) text += textOf(node.content);
  return text;
}

function stringsOf(value, out) {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsOf(v, out);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(k), stringsOf(v, out);
  return out;
}

async function htmlFiles(dir) {
  const files = [];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true }))
    if (entry.isFile() && entry.name.endsWith('.html')) files.push(join(entry.parentPath ?? entry.path, entry.name));
  return files.sort();
}

const problems = [];
const texts = new Map();  // page -> what a reader sees, and the strings of its JSON blocks
let scripts = 0;
let dataBlocks = 0;
const pages = await htmlFiles(root);
for (const file of pages) {
  const page = relative(root, file).split(sep).join('/');
  const document = parse(await readFile(file, 'utf8'));
  const seen = [];
  for (const node of walk(document)) {
    if (!node.tagName) continue;
    const name = node.tagName;
    const attrs = new Map(node.attrs.map((a) => [a.prefix ? `${a.prefix}:${a.name}` : a.name, a.value]));
    const where = `${page}: <${name}>`;
    if (forbiddenElements.has(name)) problems.push(`${where} is not allowed`);
    if (name === 'meta' && (attrs.get('http-equiv') ?? '').toLowerCase() === 'refresh') problems.push(`${where} refreshes the page`);
    for (const [attr, value] of attrs) {
      if (attr.toLowerCase().startsWith('on')) problems.push(`${where} has an event handler ${attr}="${value}"`);
      if (!urlAttributes.has(attr.toLowerCase())) continue;
      for (const url of attr === 'srcset' ? value.split(',').map((s) => s.trim().split(/\s+/)[0]) : [value]) {
        const { name: s, cleaned } = scheme(url);
        const allowedData = s === 'data' && name === 'img' && attr === 'src' && rasterDataImage.test(cleaned);
        if (['javascript', 'vbscript', 'data', 'file'].includes(s) && !allowedData)
          problems.push(`${where} has ${attr}="${value}"`);
      }
    }
    if (name === 'script') {
      scripts += 1;
      const body = textOf({ childNodes: node.childNodes.filter((c) => c.nodeName === '#text') });
      const src = attrs.get('src');
      const type = attrs.get('type');
      if (src !== undefined) {
        const target = posix.normalize(posix.join(posix.dirname(page), src));
        if (!themeScripts.has(target)) problems.push(`${where} loads ${src}, which is not one of the theme's scripts`);
        if (type !== undefined || body.trim() !== '') problems.push(`${where} src="${src}" also has a type or inline text`);
      } else if (type === 'application/json') {
        dataBlocks += 1;
        try {
          stringsOf(JSON.parse(body), seen);
        } catch (e) {
          problems.push(`${where} holds a JSON block that does not parse (${e.message}): ${body.slice(0, 120)}`);
        }
      } else {
        problems.push(`${where} is inline script: ${body.slice(0, 120)}`);
      }
    }
  }
  texts.set(page, [textOf(document), ...seen]);
}

const expected = (await readFile(expectedFile, 'utf8')).split('\n').filter((l) => l.trim() && !l.startsWith('#'));
for (const line of expected) {
  const colon = line.indexOf(': ');
  const page = line.slice(0, colon);
  const text = line.slice(colon + 2);
  const found = texts.get(page);
  if (!found) problems.push(`${page}: no such page`);
  else if (!found.some((t) => t.includes(text))) problems.push(`${page}: the text ${JSON.stringify(text)} is not on the page`);
}

for (const p of problems) console.log(p);
if (planted !== null) {
  console.log(`XSS checker: ${problems.length} problems found of the ${planted} planted`);
  process.exit(problems.length === planted ? 0 : 1);
}
console.log(`XSS: ${pages.length} pages parsed, ${scripts} script elements (${dataBlocks} JSON data blocks), ` +
            `${expected.length} hostile strings looked for, ${problems.length} problems`);
if (pages.length === 0 || problems.length > 0) process.exit(1);
