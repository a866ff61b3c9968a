// Prints generator/text/fold_table.inc: what a word is made of, and how
// search folds a letter (lower case, the accent taken off: "Ŵ" -> "w") as
// the reader's browser folds it in themes/default/scripts/search.js, for the
// letters of the ranges below. Both sides fold only these and split words at
// the same characters, so the index and a query always agree.
//   node tools/fold-table.mjs > generator/text/fold_table.inc
// tests/browser/search.test.mjs checks that the file is what this prints.
export const ranges = [[0x00c0, 0x04ff], [0x1e00, 0x1eff]];

// The characters a word is made of beyond ASCII's letters and digits:
// letters and digits of every script, less punctuation, symbols, combining
// marks and emoji. A query splits at any other character, as the index does.
export const wordRanges = [
  [0xaa, 0xaa], [0xb2, 0xb3], [0xb5, 0xb5], [0xb9, 0xba], [0xbc, 0xbe], [0xc0, 0xd6], [0xd8, 0xf6], [0xf8, 0x2ff],
  [0x370, 0x1fff], [0x2c00, 0x2dff], [0x2e80, 0x2fff], [0x3040, 0xd7ff], [0xf900, 0xfdff], [0xfe70, 0xfefe],
  [0xff10, 0xff19], [0xff21, 0xff3a], [0xff41, 0xff5a], [0xff66, 0xffdc], [0x10000, 0x1efff], [0x1fb00, 0x10ffff],
];

// The same as a regular expression's class, as search.js writes it.
const u = (cp) => (cp > 0xffff ? `\\u{${cp.toString(16)}}` : `\\u${cp.toString(16).padStart(4, '0')}`);
export const wordClass = '0-9A-Za-z' + wordRanges.map(([a, b]) => (a === b ? u(a) : u(a) + '-' + u(b))).join('');

export function foldTable() {
  const pairs = [];
  for (const [from, to] of ranges)
    for (let cp = from; cp <= to; ++cp) {
      const c = String.fromCharCode(cp);
      const plain = c.normalize('NFD').charAt(0).toLowerCase();
      if (plain.length === 1 && plain !== c) pairs.push(`{0x${cp.toString(16)}, 0x${plain.charCodeAt(0).toString(16)}}`);
    }
  const lines = ['// Made by tools/fold-table.mjs; do not edit.', '// The characters of words beyond ASCII, as ranges:', '#ifdef GAZETTE_WORD_RANGES'];
  lines.push(wordRanges.map(([a, b]) => `{0x${a.toString(16)}, 0x${b.toString(16)}}`).join(', ') + ',');
  lines.push('#else', '// {letter, folded letter}, by letter:');
  for (let i = 0; i < pairs.length; i += 8) lines.push(pairs.slice(i, i + 8).join(', ') + ',');
  lines.push('#endif');
  return lines.join('\n') + '\n';
}

if (import.meta.url === `file://${process.argv[1]}`) process.stdout.write(foldTable());
