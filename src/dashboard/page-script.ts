/**
 * Browser code: shared helpers and the wiring from the server to the panels. One EventSource
 * carries batched task events (applied as they come: progress counts and task-stream rectangles)
 * and a status snapshot every second (replaces the counts, so missed or dropped events heal).
 * Drawing happens on requestAnimationFrame, never in an event handler.
 *
 * Plain ES2017 in a string; no backticks or dollar-brace (it sits inside a template literal).
 */
import { PANELS_SCRIPT } from './page-panels.js';
import { STREAM_SCRIPT } from './page-stream.js';

const HELPERS = String.raw`
// Distinct neighbours (probing moves a clash to the next slot); no red (erred) and no grey (empty).
var PALETTE = ['#4e79a7', '#f28e2b', '#59a14f', '#b07aa1', '#edc948', '#76b7b2', '#9c755f', '#ff9da7',
  '#393b79', '#bcbd22', '#7b4173', '#17becf', '#8c6d31', '#6b6ecf', '#637939', '#a55194'];
var ERRED = '#d62728';
var coloursByName = new Map(), usedSlots = new Set();
var clockOffset = 0; // server clock minus browser clock, from the status snapshots

function hash(s) {
  var h = 2166136261;
  for (var i = 0; i < s.length; i++) { h ^= s.charCodeAt(i); h = Math.imul(h, 16777619); }
  return h >>> 0;
}

/** Stable per name across reloads (hashed), but distinct while the palette lasts (probing). */
function colourOf(name) {
  var c = coloursByName.get(name);
  if (c) return c;
  var slot = hash(name) % PALETTE.length;
  for (var i = 0; i < PALETTE.length && usedSlots.size < PALETTE.length && usedSlots.has(slot); i++) slot = (slot + 1) % PALETTE.length;
  usedSlots.add(slot);
  coloursByName.set(name, PALETTE[slot]);
  return PALETTE[slot];
}

function taskName(key) { var i = key.lastIndexOf('-'); return i > 0 ? key.slice(0, i) : key; }
function serverNow() { return Date.now() + clockOffset; }
function fmtInt(n) { return Math.round(n).toLocaleString('en-US'); }

function fmtBytes(n) {
  var units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'], i = 0;
  while (Math.abs(n) >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return (i === 0 ? String(n) : n.toFixed(n >= 100 ? 0 : n >= 10 ? 1 : 2)) + ' ' + units[i];
}

function fmtMs(ms) {
  if (ms < 1) return Math.round(ms * 1000) + ' µs';
  if (ms < 1000) return ms.toFixed(ms < 10 ? 2 : 0) + ' ms';
  return (ms / 1000).toFixed(2) + ' s';
}

function fmtUptime(ms) {
  var s = Math.floor(ms / 1000), h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60;
  return h ? h + 'h ' + m + 'm' : m ? m + 'm ' + (s % 60) + 's' : s + 's';
}

function el(tag, cls, text) {
  var e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}
`;

const WIRING = String.raw`
var names = new Map(); // task name -> { name, total, done, erred, inMemory, lastActive }
var connEl = document.getElementById('conn'), metaEl = document.getElementById('meta'), rateEl = document.getElementById('rate');
var panelsDirty = false, lastPanels = 0, dropped = 0, prefilled = false, latest = null;

function nameOf(key) {
  var name = taskName(key), n = names.get(name);
  if (!n) { n = { name: name, total: 0, done: 0, erred: 0, inMemory: 0, lastActive: 0 }; names.set(name, n); }
  n.lastActive = serverNow();
  return n;
}

function applyEvents(list) {
  for (var k = 0; k < list.length; k++) {
    var e = list[k];
    if (e.type === 'queued') nameOf(e.key).total++;
    else if (e.type === 'finished' || e.type === 'erred') {
      var n = nameOf(e.key);
      if (e.type === 'finished') n.done++; else n.erred++;
      if (e.start !== undefined) addTask(e.key, e.worker || '?', e.start, e.duration || 0, e.type === 'erred');
    }
  }
  panelsDirty = true;
}

function applyStatus(s) {
  latest = s;
  clockOffset = s.time - Date.now();
  var fresh = new Map();
  s.tasks.forEach(function (t) { fresh.set(t.name, t); });
  var next = new Map();
  names.forEach(function (_, name) { if (fresh.has(name)) next.set(name, fresh.get(name)); });
  fresh.forEach(function (t, name) { if (!next.has(name)) next.set(name, t); });
  names = next;
  var live = s.workers.map(function (w) { return w.name; });
  workersInView().forEach(function (w) { if (live.indexOf(w) < 0) live.push(w); });
  setRows(live);
  renderMemory(s);
  renderCounts(s);
  metaEl.textContent = s.workers.length + ' workers  ·  up ' + fmtUptime(s.uptime);
  panelsDirty = true;
  if (!prefilled) prefill(s.time);
}

/** After a reload, draw what already ran instead of an empty window. */
function prefill(now) {
  prefilled = true;
  fetch('api/task-stream?since=' + (now - 60000)).then(function (r) { return r.json(); }).then(function (list) {
    list.forEach(function (t) { addTask(t.key, t.worker, t.start, t.duration, t.status === 'erred'); });
  }).catch(function () { /* the live stream fills the window anyway */ });
}

function connect() {
  var es = new EventSource('api/events');
  es.onopen = function () { connEl.textContent = 'live'; connEl.className = 'conn live'; };
  es.onerror = function () { connEl.textContent = 'reconnecting…'; connEl.className = 'conn down'; }; // EventSource retries itself
  es.onmessage = function (m) { applyEvents(JSON.parse(m.data)); };
  es.addEventListener('status', function (m) { applyStatus(JSON.parse(m.data)); });
  es.addEventListener('dropped', function (m) { dropped += Number(m.data) || 0; });
}

/**
 * Headless Chrome's virtual time (what --virtual-time-budget screenshots run on) stands still
 * while any fetch is pending, so a stream that never ends would hold such a screenshot forever.
 * There, and with ?poll (e.g. behind a proxy that buffers streams), the page polls instead.
 */
var POLL = /[?&]poll\b/.test(location.search) || /HeadlessChrome/.test(navigator.userAgent);

function pollLoop() {
  // Tasks do not reach the server in exact end-time order, so each poll overlaps the last by a
  // second and skips keys it already drew.
  var seenUntil = 0, drawn = new Set(), drawnBefore = new Set();
  prefilled = true; // the first poll is the prefill
  function once() {
    fetch('api/status').then(function (r) { return r.json(); }).then(function (s) {
      applyStatus(s);
      connEl.textContent = 'polling'; connEl.className = 'conn live';
      return fetch('api/task-stream?since=' + (seenUntil ? seenUntil - 1000 : s.time - 60000));
    }).then(function (r) { return r.json(); }).then(function (list) {
      drawnBefore = drawn;
      drawn = new Set();
      list.forEach(function (t) {
        drawn.add(t.key);
        if (drawnBefore.has(t.key)) return;
        addTask(t.key, t.worker, t.start, t.duration, t.status === 'erred');
        seenUntil = Math.max(seenUntil, t.start + t.duration);
      });
    }).catch(function () {
      connEl.textContent = 'reconnecting…'; connEl.className = 'conn down';
    }).then(function () { setTimeout(once, 500); });
  }
  once();
}

function renderRate() {
  rateEl.textContent = fmtInt(tasksPerSecond()) + ' tasks/s' + (dropped ? '  ·  ' + fmtInt(dropped) + ' events not shown (browser too slow)' : '');
}

function frame(t) {
  try {
    drawStream();
    if (t - lastPanels > 250) { lastPanels = t; renderRate(); if (panelsDirty) { panelsDirty = false; renderProgress(); } }
  } finally {
    requestAnimationFrame(frame);
  }
}

renderCounts({ counts: {} });
if (POLL) pollLoop(); else connect();
requestAnimationFrame(frame);
`;

export const PAGE_SCRIPT = `(function () {\n'use strict';\n${HELPERS}${STREAM_SCRIPT}${PANELS_SCRIPT}${WIRING}})();\n`;
