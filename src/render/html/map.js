// cruxmap interactive map. Hand-written, no framework, loads nothing.
// Claim text is data: it is only ever set with textContent, never parsed as markup.
(function () {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const viewport = $('viewport');
  const canvas = $('canvas');
  const search = $('search');
  let data = null;        // {title, sections, claims}
  let byId = new Map();   // "[Title]" -> claim index
  let boxes = [];         // claim index -> <g class="claim"> or undefined
  let paths = [];         // relation paths with data-from/data-to
  let svg = null;
  let scale = 1, tx = 0, ty = 0;
  let selected = -1;
  let matches = [], current = -1;
  const collapsed = new Set();

  // ---- data and drawing ------------------------------------------------------------
  function load(json, drawing) {
    data = json;
    byId = new Map();
    data.claims.forEach((c, i) => byId.set(c.id, i));
    if (drawing) {
      canvas.replaceChildren(drawing);
    }
    svg = canvas.querySelector('svg');
    boxes = new Array(data.claims.length);
    for (const g of svg.querySelectorAll('g.claim')) {
      const i = byId.get(g.getAttribute('data-id'));
      if (i !== undefined) boxes[i] = g;
    }
    paths = Array.from(svg.querySelectorAll('path[data-from]'));
    buildSections();
    applyCollapsed();
  }

  // ---- pan and zoom --------------------------------------------------------------------
  function apply() {
    canvas.style.transform = 'translate(' + tx + 'px,' + ty + 'px) scale(' + scale + ')';
  }
  function svgSize() {
    return { w: parseFloat(svg.getAttribute('width')) || 1, h: parseFloat(svg.getAttribute('height')) || 1 };
  }
  function fit() {
    const r = viewport.getBoundingClientRect();
    const s = svgSize();
    scale = Math.min(r.width / s.w, r.height / s.h, 1.5) * 0.98;
    tx = (r.width - s.w * scale) / 2;
    ty = (r.height - s.h * scale) / 2;
    apply();
  }
  function zoomAt(factor, cx, cy) {
    const next = Math.min(8, Math.max(0.01, scale * factor));
    const f = next / scale;
    tx = cx - (cx - tx) * f;
    ty = cy - (cy - ty) * f;
    scale = next;
    apply();
  }
  function zoomCentre(factor) {
    const r = viewport.getBoundingClientRect();
    zoomAt(factor, r.width / 2, r.height / 2);
  }
  function centreOn(g) {
    const v = viewport.getBoundingClientRect();
    let b = g.getBoundingClientRect();
    if (scale < 0.7) {
      zoomAt(0.9 / scale, b.left + b.width / 2 - v.left, b.top + b.height / 2 - v.top);
      b = g.getBoundingClientRect();
    }
    tx += v.left + v.width / 2 - (b.left + b.width / 2);
    ty += v.top + v.height / 2 - (b.top + b.height / 2);
    apply();
  }
  viewport.addEventListener('wheel', (e) => {
    e.preventDefault();
    const r = viewport.getBoundingClientRect();
    const x = e.clientX - r.left, y = e.clientY - r.top;
    // Pinch (ctrlKey) and mouse-wheel notches zoom; two-finger trackpad scrolling pans.
    const notch = e.deltaMode !== 0 || (e.deltaX === 0 && Math.abs(e.deltaY) >= 50 && Number.isInteger(e.deltaY));
    if (e.ctrlKey || notch) {
      const dy = e.deltaMode === 1 ? e.deltaY * 33 : e.deltaY;
      zoomAt(Math.exp(-dy * (e.ctrlKey ? 0.01 : 0.002)), x, y);
    } else {
      tx -= e.deltaX;
      ty -= e.deltaY;
      apply();
    }
  }, { passive: false });
  let drag = null;
  viewport.addEventListener('pointerdown', (e) => {
    if (e.button !== 0) return;
    drag = { x: e.clientX, y: e.clientY, tx, ty, moved: false, target: e.target };
    viewport.setPointerCapture(e.pointerId);
  });
  viewport.addEventListener('pointermove', (e) => {
    if (!drag) return;
    const dx = e.clientX - drag.x, dy = e.clientY - drag.y;
    if (!drag.moved && Math.abs(dx) + Math.abs(dy) > 4) {
      drag.moved = true;
      viewport.classList.add('dragging');
    }
    if (drag.moved) {
      tx = drag.tx + dx;
      ty = drag.ty + dy;
      apply();
    }
  });
  viewport.addEventListener('pointerup', () => {
    if (!drag) return;
    const d = drag;
    drag = null;
    viewport.classList.remove('dragging');
    if (d.moved) return;
    const g = d.target.closest ? d.target.closest('g.claim') : null;
    if (g) {
      go(g.getAttribute('data-id'), false);
    } else {
      clearSelection();
    }
  });
  document.addEventListener('keydown', (e) => {
    if (e.target === search || e.ctrlKey || e.metaKey || e.altKey) return;
    const step = 80;
    switch (e.key) {
      case 'ArrowLeft': tx += step; apply(); break;
      case 'ArrowRight': tx -= step; apply(); break;
      case 'ArrowUp': ty += step; apply(); break;
      case 'ArrowDown': ty -= step; apply(); break;
      case '+': case '=': zoomCentre(1.25); break;
      case '-': case '_': zoomCentre(0.8); break;
      case '0': fit(); break;
      case '/': search.focus(); break;
      case 'Escape': clearSelection(); break;
      default: return;
    }
    e.preventDefault();
  });
  $('fit').addEventListener('click', fit);
  $('zoom-in').addEventListener('click', () => zoomCentre(1.25));
  $('zoom-out').addEventListener('click', () => zoomCentre(0.8));
  window.addEventListener('resize', () => apply());

  // ---- search ----------------------------------------------------------------------------
  function runSearch() {
    for (const i of matches) if (boxes[i]) boxes[i].classList.remove('match', 'current');
    matches = [];
    current = -1;
    const q = search.value.trim().toLowerCase();
    if (q) {
      const tag = q.startsWith('#') ? q.slice(1) : null;
      data.claims.forEach((c, i) => {
        if (!boxes[i]) return;
        const hit = tag !== null
          ? c.tags.some((t) => t.toLowerCase().includes(tag))
          : c.title.toLowerCase().includes(q) || c.text.toLowerCase().includes(q) ||
            c.tags.some((t) => t.toLowerCase().includes(q));
        if (hit) matches.push(i);
      });
      for (const i of matches) boxes[i].classList.add('match');
    }
    showCount();
  }
  function showCount() {
    const q = search.value.trim();
    $('count').textContent = !q ? '' : matches.length === 0 ? 'no match'
      : (current < 0 ? matches.length + ' found' : (current + 1) + ' of ' + matches.length);
  }
  function stepMatch(dir) {
    if (matches.length === 0) return;
    if (current >= 0 && boxes[matches[current]]) boxes[matches[current]].classList.remove('current');
    current = (current + dir + matches.length) % matches.length;
    const i = matches[current];
    boxes[i].classList.add('current');
    go(data.claims[i].id);
    showCount();
  }
  let timer = 0;
  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(runSearch, 80);
  });
  search.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      clearTimeout(timer);
      if (!matches.length) runSearch();
      stepMatch(e.shiftKey ? -1 : 1);
      e.preventDefault();
    } else if (e.key === 'Escape') {
      search.value = '';
      runSearch();
      viewport.focus();
    }
  });
  $('next').addEventListener('click', () => stepMatch(1));
  $('prev').addEventListener('click', () => stepMatch(-1));

  // ---- selection and the panel --------------------------------------------------------
  // Select by URL hash, so every selection can be linked to and the back button works.
  // A claim clicked on the map stays under the pointer; one reached by a link, a search
  // or the address is brought to the middle.
  let centreNext = true;
  function go(id, centre = true) {
    const hash = '#' + encodeURIComponent(id);
    if (location.hash === hash) {
      selectId(id, centre);
    } else {
      centreNext = centre;
      location.hash = hash;
    }
  }
  function fromHash() {
    const centre = centreNext;
    centreNext = true;
    let id = '';
    try {
      id = decodeURIComponent(location.hash.slice(1));
    } catch (err) {
      id = location.hash.slice(1);
    }
    if (id) selectId(id, centre);
  }
  window.addEventListener('hashchange', fromHash);

  function walk(start, key) {
    const seen = new Set([start]);
    const stack = [start];
    while (stack.length) {
      const c = stack.pop();
      for (const [next] of data.claims[c][key]) {
        if (!seen.has(next)) {
          seen.add(next);
          stack.push(next);
        }
      }
    }
    seen.delete(start);
    return seen;
  }
  function clearSelection() {
    selected = -1;
    for (const g of svg.querySelectorAll('g.claim.selected, g.claim.rests-on, g.claim.rested-by')) {
      g.classList.remove('selected', 'rests-on', 'rested-by');
    }
    for (const p of svg.querySelectorAll('path.on')) p.classList.remove('on');
    svg.classList.remove('focus');
    $('claim').hidden = true;
    $('hint').hidden = false;
  }
  function selectId(id, centre) {
    const i = byId.get(id);
    if (i === undefined) return;
    clearSelection();
    selected = i;
    const restsOn = walk(i, 'sup');
    const restedBy = walk(i, 'supp');
    for (const c of restsOn) if (boxes[c]) boxes[c].classList.add('rests-on');
    for (const c of restedBy) if (boxes[c]) boxes[c].classList.add('rested-by');
    if (boxes[i]) boxes[i].classList.add('selected');
    const lit = new Set([id]);
    for (const c of restsOn) lit.add(data.claims[c].id);
    for (const c of restedBy) lit.add(data.claims[c].id);
    for (const p of paths) {
      if (lit.has(p.getAttribute('data-from')) && lit.has(p.getAttribute('data-to'))) p.classList.add('on');
    }
    svg.classList.add('focus');
    panel(i, restsOn.size, restedBy.size);
    if (centre && boxes[i] && !boxes[i].classList.contains('hidden')) centreOn(boxes[i]);
  }
  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function link(c) {
    const a = el('a', data.claims[c].id);
    a.href = '#' + encodeURIComponent(data.claims[c].id);
    return a;
  }
  function list(title, items) {
    const box = document.createDocumentFragment();
    if (!items.length) return box;
    box.append(el('h2', title));
    const ul = el('ul');
    for (const [c, kind] of items) {
      const li = el('li');
      li.append(link(c));
      if (kind && kind !== 'support') li.append(' ', el('span', kind, 'why'));
      ul.append(li);
    }
    box.append(ul);
    return box;
  }
  function sectionPath(s) {
    const names = [];
    const seen = new Set();
    while (s !== null && s !== undefined && data.sections[s] && !seen.has(s)) {
      seen.add(s);
      names.unshift(data.sections[s].title);
      s = data.sections[s].parent;
    }
    return names.join(' \u203a ');
  }
  function panel(i, restsOn, restedBy) {
    const c = data.claims[i];
    const box = $('claim');
    box.replaceChildren();
    const head = el('p');
    head.append(el('span', c.kind, 'kind'), ' ', el('span', c.label, 'label ' + c.label));
    box.append(head, el('h3', c.id));
    if (c.text) box.append(el('p', c.text, 'text'));
    if (c.tags.length) {
      const p = el('p');
      for (const t of c.tags) p.append(el('span', '#' + t, 'tag'));
      box.append(p);
    }
    if (c.sec !== null && c.sec !== undefined) {
      box.append(el('h2', 'Section'), el('p', sectionPath(c.sec)));
    }
    const where = [];
    if (c.loc) where.push('written at ' + c.loc);
    const d = c.data || {};
    if (typeof d.source === 'string' && d.line !== undefined) {
      where.push('drafted from ' + d.source + ':' + d.line + (d.column !== undefined ? ':' + d.column : ''));
    }
    if (where.length) {
      box.append(el('h2', 'Source'));
      for (const w of where) box.append(el('p', w));
      const quote = d.quote || d.excerpt;
      if (typeof quote === 'string') box.append(el('blockquote', quote));
    }
    box.append(list('Supported by', c.sup), list('Attacked by', c.att),
      list('Supports', c.supp), list('Attacks', c.atts));
    if (c.cruxes && c.cruxes.length) {
      box.append(el('h2', 'Cruxes'));
      const ol = el('ol');
      for (const [k, why] of c.cruxes) {
        const li = el('li');
        li.append(link(k), el('br'), el('span', why, 'why'));
        ol.append(li);
      }
      box.append(ol);
    }
    if (Object.keys(d).length) box.append(el('h2', 'Data'), el('pre', JSON.stringify(d, null, 1)));
    const legend = el('div', null, 'legend-sel');
    legend.append(el('span', 'selected', 's'), el('span', 'rests on (' + restsOn + ')', 'r'),
      el('span', 'rests on it (' + restedBy + ')', 'd'));
    box.append(legend);
    box.hidden = false;
    $('hint').hidden = true;
  }

  // ---- sections ---------------------------------------------------------------------------
  function buildSections() {
    const ul = $('sections');
    ul.replaceChildren();
    data.sections.forEach((s, k) => {
      let depth = 0;
      for (let p = s.parent, n = 0; p !== null && p !== undefined && n < 64; p = data.sections[p].parent, n++) depth++;
      const li = el('li', s.title);
      li.style.paddingLeft = depth * 14 + 'px';
      li.dataset.sec = k;
      li.title = 'Collapse or expand this section';
      if (collapsed.has(s.title)) li.classList.add('collapsed');
      li.addEventListener('click', () => {
        if (collapsed.has(s.title)) collapsed.delete(s.title); else collapsed.add(s.title);
        li.classList.toggle('collapsed');
        applyCollapsed();
      });
      ul.append(li);
    });
    $('sections').previousElementSibling.hidden = data.sections.length === 0;
  }
  function inCollapsed(s) {
    const seen = new Set();
    while (s !== null && s !== undefined && data.sections[s] && !seen.has(s)) {
      if (collapsed.has(data.sections[s].title)) return true;
      seen.add(s);
      s = data.sections[s].parent;
    }
    return false;
  }
  function applyCollapsed() {
    const hiddenIds = new Set();
    data.claims.forEach((c, i) => {
      const hide = collapsed.size > 0 && inCollapsed(c.sec);
      if (boxes[i]) boxes[i].classList.toggle('hidden', hide);
      if (hide) hiddenIds.add(c.id);
    });
    for (const p of paths) {
      p.classList.toggle('hidden', hiddenIds.has(p.getAttribute('data-from')) || hiddenIds.has(p.getAttribute('data-to')));
    }
    for (const r of svg.querySelectorAll('rect[data-sec]')) {
      r.classList.toggle('collapsed', collapsed.size > 0 && inCollapsed(Number(r.getAttribute('data-sec'))));
    }
  }

  // ---- live preview (cruxmap serve) -------------------------------------------------------
  // Where the drawing's corner sits in the layout's lasting frame: boxes that kept their
  // place in that frame keep their place on screen.
  function origin() {
    const o = (svg.getAttribute('data-origin') || '0 0').split(' ').map(Number);
    return { x: o[0] || 0, y: o[1] || 0 };
  }
  function live() {
    const banner = $('banner');
    let shown = -1;
    const refresh = () => {
      fetch('map.json', { cache: 'no-store' }).then((r) => r.json()).then((m) => {
        if (m.error) {
          banner.textContent = m.error;
          banner.hidden = false;
        } else {
          banner.hidden = true;
        }
        if (m.version === shown || !m.svg) return;
        shown = m.version;
        const doc = new DOMParser().parseFromString(m.svg, 'image/svg+xml');
        const keep = selected >= 0 && data.claims[selected] ? data.claims[selected].id : null;
        const before = origin();
        load(m.data, document.importNode(doc.documentElement, true));
        const after = origin();
        tx += (after.x - before.x) * scale;
        ty += (after.y - before.y) * scale;
        document.title = m.data.title;
        apply();
        if (search.value.trim()) runSearch();
        if (keep !== null && byId.has(keep)) selectId(keep, false); else if (keep !== null) clearSelection();
        document.body.dataset.version = m.version;
      }).catch((err) => {
        banner.textContent = 'live preview: ' + err;
        banner.hidden = false;
      });
    };
    const source = new EventSource('events');
    source.onmessage = refresh;
    source.onerror = () => {
      banner.textContent = 'live preview: lost the connection to cruxmap serve';
      banner.hidden = false;
    };
  }

  load(JSON.parse($('cruxmap-data').textContent), null);
  fit();
  fromHash();
  if (document.body.dataset.live) live();
  document.body.dataset.ready = '1';
})();
