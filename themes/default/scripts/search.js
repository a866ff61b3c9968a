// Searches the site in the browser from the index Gazette writes on every
// build: search-index.json lists its chunks, a hundred pages each, which are
// fetched side by side. Without JavaScript the page offers the site map.
(() => {
  'use strict';
  const [form, input, status, list, noScript] = ['form', 'input', 'status', 'results', 'no-script']
    .map((name) => document.getElementById('search-' + name));
  if (!form) return;
  const root = form.dataset.root;
  let pages = null;
  let timer = 0;

  // Lower case without accents, one code unit for one, so that a place in
  // the folded text is the same place in the original.
  const fold = (text) => text.replace(/[^a-z0-9 ]/g, (c) => {
    const plain = c.normalize('NFD').charAt(0).toLowerCase();
    return plain.length === 1 ? plain : c;
  });

  // Each word finds the words it starts, after a little English stemming:
  // "robberies" finds "robbery", "funded" finds "funding".
  const patterns = (query) => fold(query).replace(/['\u2019]/g, '').split(/[^\p{L}\p{N}]+/u).filter(Boolean).map((word) => {
    const stem = word.replace(/(ies|es|s|ing|ed)$/, '');
    return new RegExp('(?<![\\p{L}\\p{N}])' + (stem.length >= 4 ? stem : word) + '[\\p{L}\\p{N}]*', 'gu');
  });

  const has = (text, word) => text.search(word) >= 0;

  const prepare = (chunks) => chunks.flatMap((chunk) => chunk.pages).map((page) => {
    let context = '';
    page.folded = fold(page.title);
    page.parts = page.parts.map(([id, text, heading = '']) => {
      context = heading || context;
      return { id, text, heading, context, folded: fold(text), foldedHeading: fold(heading) };
    });
    return page;
  });

  // Every word must be on the page. A word in the title counts for more than
  // one in a heading, and that for more than any number of them in the text.
  const search = (words) => pages.flatMap((page, order) => {
    let score = 0;
    for (const word of words) {
      const title = has(page.folded, word);
      const heading = page.parts.some((part) => has(part.foldedHeading, word));
      const body = page.parts.reduce((n, part) => n + (part.folded.match(word) || []).length, 0);
      if (!title && !heading && !body) return [];
      score += (title ? 100 : 0) + (heading ? 10 : 0) + Math.min(body, 9);
    }
    // The result leads to the part with most of the words.
    let part = null;
    let most = 0;
    for (const p of page.parts) {
      const n = words.filter((word) => has(p.foldedHeading + ' ' + p.folded, word)).length;
      if (n > most) [part, most] = [p, n];
    }
    return [{ page, part, score, order }];
  }).sort((a, b) => b.score - a.score || a.order - b.order);

  const element = (tag, className, text) => {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text) e.textContent = text;
    return e;
  };

  // About 200 characters around the first word found, each word marked.
  const excerpt = (part, words) => {
    const p = element('p', 'search-result__excerpt');
    if (!part) return p;
    const [text, folded] = part.text ? [part.text, part.folded] : [part.heading, part.foldedHeading];
    const first = Math.min(...words.map((word) => { const at = folded.search(word); return at < 0 ? Infinity : at; }));
    const start = first === Infinity || first < 60 ? 0 : text.lastIndexOf(' ', first - 50) + 1;
    let end = text.length > start + 200 ? text.lastIndexOf(' ', start + 200) : text.length;
    if (end <= start) end = Math.min(text.length, start + 200);
    const marks = words.flatMap((word) => [...folded.slice(start, end).matchAll(word)]
      .map((m) => [start + m.index, start + m.index + m[0].length])).sort((a, b) => a[0] - b[0]);
    let at = start;
    p.append(start > 0 ? '…' : '');
    for (const [from, to] of marks) {
      if (from < at) continue;
      p.append(text.slice(at, from), element('mark', '', text.slice(from, to)));
      at = to;
    }
    p.append(text.slice(at, end) + (end < text.length ? '…' : ''));
    return p;
  };

  const show = (query) => {
    const words = patterns(query);
    const results = words.length ? search(words) : [];
    const shown = results.slice(0, 50);
    list.textContent = '';
    for (const { page, part } of shown) {
      const item = element('li', 'search-result');
      const link = element('a', '', page.title);
      link.href = root + page.url + (part && part.id ? '#' + part.id : '');
      item.append(element('h2', 'search-result__title'));
      item.firstChild.append(link);
      const where = [page.where, part && part.context].filter(Boolean).join(' › ');
      if (where) item.append(element('p', 'search-result__where', where));
      item.append(excerpt(part || page.parts[0], words));
      list.append(item);
    }
    const quoted = '‘' + query + '’';
    status.textContent = !query ? '' : !results.length ? 'No pages match ' + quoted + '. Try other or fewer words.'
      : (results.length === 1 ? '1 page matches ' : results.length + ' pages match ') + quoted +
        (shown.length < results.length ? '; the first ' + shown.length + ' are shown.' : '.');
  };

  const run = () => {
    clearTimeout(timer);
    const query = input.value.trim();
    history.replaceState(null, '', query ? '?q=' + encodeURIComponent(query) : location.pathname);
    if (pages) show(query);
  };

  form.hidden = false;
  noScript.hidden = true;
  input.value = new URLSearchParams(location.search).get('q') || '';
  // Typing searches once the reader pauses, so the count is announced once.
  input.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(run, 400); });
  form.addEventListener('submit', (event) => { event.preventDefault(); run(); });
  const load = (url) => fetch(url).then((response) => { if (!response.ok) throw new Error(response.status); return response.json(); });
  load(form.dataset.index)
    .then((index) => Promise.all(index.chunks.map((chunk) => load(root + chunk))))
    .then((chunks) => { pages = prepare(chunks); run(); })
    .catch(() => {
      form.hidden = true;
      noScript.hidden = false;
      noScript.textContent = 'Search is not available: its index did not load.';
    });
})();
