/**
 * Browser code for the DOM panels: progress per task name, worker memory and task counts.
 * Progress rows are keyed by name and updated in place (at most a few times a second) so bars
 * animate instead of the list being rebuilt; they keep first-seen order so rows do not jump.
 *
 * Plain ES2017 in a string; no backticks or dollar-brace (it sits inside a template literal).
 */
export const PANELS_SCRIPT = String.raw`
var progressEl = document.getElementById('progress');
var progressNote = document.getElementById('progress-note');
var memoryEl = document.getElementById('memory');
var countsEl = document.getElementById('counts');
var progressRows = new Map();
var MAX_PROGRESS_ROWS = 30;

function progressRow(name) {
  var row = progressRows.get(name);
  if (row) return row;
  var colour = colourOf(name);
  var root = el('div', 'prow'), label = el('span', 'pname'), swatch = el('span', 'swatch');
  swatch.style.background = colour;
  label.append(swatch, document.createTextNode(name));
  var bar = el('div', 'bar'), done = el('div'), held = el('div'), erred = el('div');
  done.style.cssText = 'left:0;opacity:.4;background:' + colour;
  held.style.background = colour;
  erred.style.background = ERRED;
  bar.append(done, held, erred);
  var num = el('span', 'pnum');
  root.append(label, bar, num);
  row = { root: root, done: done, held: held, erred: erred, num: num };
  progressRows.set(name, row);
  return row;
}

function renderProgress() {
  var all = Array.from(names.values());
  var shown = new Set(all.slice().sort(function (a, b) { return b.lastActive - a.lastActive; })
    .slice(0, MAX_PROGRESS_ROWS).map(function (n) { return n.name; }));
  progressRows.forEach(function (row, name) {
    if (!shown.has(name)) { row.root.remove(); progressRows.delete(name); }
  });
  if (!all.length) { progressEl.replaceChildren(el('div', 'empty', 'No tasks yet.')); return; }
  var empty = progressEl.querySelector('.empty');
  if (empty) empty.remove();
  all.forEach(function (n) {
    if (!shown.has(n.name)) return;
    var row = progressRow(n.name), total = Math.max(n.total, n.done + n.erred, 1);
    var pct = function (v) { return (100 * v / total) + '%'; };
    row.done.style.width = pct(n.done);
    var held = Math.min(n.inMemory, n.done); // the latest results are the ones still held: the leading edge
    row.held.style.left = pct(n.done - held);
    row.held.style.width = pct(held);
    row.erred.style.left = pct(n.done);
    row.erred.style.width = pct(n.erred);
    row.num.replaceChildren(document.createTextNode(fmtInt(n.done) + ' / ' + fmtInt(n.total)));
    if (n.erred) row.num.append(el('span', 'e', '  ' + fmtInt(n.erred) + ' erred'));
    row.root.title = n.name + ': ' + n.done + ' done of ' + n.total + ' queued, ' + n.inMemory + ' in memory, ' + n.erred + ' erred';
    progressEl.appendChild(row.root); // moves an existing row: keeps first-seen order
  });
  progressNote.textContent = all.length > MAX_PROGRESS_ROWS ? 'latest ' + MAX_PROGRESS_ROWS + ' of ' + all.length + ' names' : '';
}

function segment(left, width, colour, title) {
  var d = el('div');
  d.style.cssText = 'left:' + left + '%;width:' + width + '%;background:' + colour;
  if (title) d.title = title;
  return d;
}

function marker(at, soft, title) {
  var d = el('div', soft ? 'mark soft' : 'mark');
  d.style.left = at + '%';
  d.title = title;
  return d;
}

function legendItem(colour, text) {
  var s = el('span'), sw = el('span', 'swatch');
  sw.style.background = colour;
  s.append(sw, document.createTextNode(text));
  return s;
}

// Same colours as Dask's worker memory bar: managed, unmanaged (the rest of RSS), spilled to disk.
var MANAGED = '#1f77b4', UNMANAGED = '#9ecae1', SPILLED = '#b7bdc4';

function renderMemory(s) {
  var m = s.memory, limit = m.memoryLimit, unmanaged = Math.max(0, m.process - m.managed);
  var inRam = m.managed + unmanaged, full = Math.max(limit, inRam) + m.spilled || 1;
  var p = function (v) { return 100 * v / full; };
  var hot = limit > 0 && inRam >= 0.8 * limit; // the store pauses new input tasks above 0.8·limit
  var bar = el('div', 'bar mem-bar');
  bar.append(
    segment(0, p(m.managed), hot ? '#ff7f0e' : MANAGED, 'managed ' + fmtBytes(m.managed)),
    segment(p(m.managed), p(unmanaged), UNMANAGED, 'unmanaged ' + fmtBytes(unmanaged)),
    segment(p(inRam), p(m.spilled), SPILLED, 'spilled ' + fmtBytes(m.spilled)));
  if (limit > 0) {
    bar.append(marker(p(0.6 * limit), true, 'spill above 60% of the limit'),
      marker(p(0.8 * limit), true, 'pause new inputs above 80% of the limit'),
      marker(p(limit), false, 'memory limit ' + fmtBytes(limit)));
  }
  var head = el('div', 'mem-label'), left = el('span'), right = el('span');
  left.append(el('b', '', 'Process ' + fmtBytes(m.process)));
  right.textContent = limit > 0 ? 'limit ' + fmtBytes(limit) : 'no limit';
  head.append(left, right);
  var legend = el('div', 'legend');
  legend.append(legendItem(MANAGED, 'managed ' + fmtBytes(m.managed)), legendItem(UNMANAGED, 'unmanaged ' + fmtBytes(unmanaged)),
    legendItem(SPILLED, 'spilled ' + fmtBytes(m.spilled)));
  var summary = el('div', 'mem-row');
  summary.append(head, bar, legend);

  var perWorker = el('div', 'workers');
  var most = s.workers.reduce(function (a, w) { return Math.max(a, w.managed + w.spilled); }, 0) || 1;
  if (s.workers.length) perWorker.append(el('div', 'mem-label', 'Results held, by the worker that computed them'));
  s.workers.forEach(function (w) {
    var row = el('div', 'wrow'), b = el('div', 'bar');
    b.append(segment(0, 100 * w.managed / most, MANAGED), segment(100 * w.managed / most, 100 * w.spilled / most, SPILLED));
    b.title = fmtBytes(w.managed) + ' in memory, ' + fmtBytes(w.spilled) + ' spilled, ' + w.done + ' tasks done';
    row.append(el('span', 'pname', w.name), b, el('span', '', fmtBytes(w.managed + w.spilled)));
    perWorker.append(row);
  });
  memoryEl.replaceChildren(summary, perWorker);
}

var COUNT_TILES = [['waiting', 'waiting'], ['ready', 'ready'], ['processing', 'processing'],
  ['memory', 'in memory'], ['erred', 'erred'], ['cancelled', 'cancelled']];

function renderCounts(s) {
  countsEl.replaceChildren.apply(countsEl, COUNT_TILES.map(function (t) {
    var tile = el('div', 'tile ' + t[0] + (s.counts[t[0]] ? ' nonzero' : ''));
    tile.append(el('div', 'v', fmtInt(s.counts[t[0]] || 0)), el('div', 'k', t[1]));
    return tile;
  }));
}
`;
