/**
 * Browser code for the task stream: one canvas row per worker, one rectangle per finished task
 * from start to start + duration, coloured by task name (erred in red), in a window that scrolls
 * with the server's clock. Tasks live in typed-array ring buffers and the canvas is redrawn on
 * requestAnimationFrame, so thousands of tasks a second cost one loop per frame, not DOM nodes.
 *
 * Plain ES2017 in a string (no build step); uses helpers from page-script.ts. No backticks or
 * dollar-brace in here: the text sits inside a TypeScript template literal.
 */
export const STREAM_SCRIPT = String.raw`
var canvas = document.getElementById('task-stream');
var ctx = canvas.getContext('2d');
var tooltip = document.getElementById('tooltip');
var windowSelect = document.getElementById('window');
var windowMs = Number(windowSelect.value);
windowSelect.onchange = function () { windowMs = Number(windowSelect.value); };

var CAP = 60000; // ~30 s at 2,000 tasks/s; older rectangles are overwritten
var rStart = new Float64Array(CAP), rEnd = new Float64Array(CAP);
var rWorker = new Array(CAP), rColour = new Array(CAP), rKey = new Array(CAP);
var rHead = 0, rCount = 0;
var rows = [], rowOf = new Map();
var LABEL_W = 86, AXIS_H = 20;
var cssW = 0, cssH = 0;

function setRows(list) {
  list = list.slice().sort(function (a, b) { return a.localeCompare(b, undefined, { numeric: true }); });
  if (list.join('\n') === rows.join('\n')) return;
  rows = list;
  rowOf = new Map();
  rows.forEach(function (w, i) { rowOf.set(w, i); });
  canvas.style.height = (Math.max(160, Math.min(420, rows.length * 36)) + AXIS_H) + 'px';
}

function addTask(key, worker, start, duration, erred) {
  var i = rHead;
  rStart[i] = start;
  rEnd[i] = start + Math.max(0, duration);
  rWorker[i] = worker;
  rColour[i] = erred ? ERRED : colourOf(taskName(key));
  rKey[i] = key;
  rHead = (rHead + 1) % CAP;
  if (rCount < CAP) rCount++;
  if (!rowOf.has(worker)) setRows(rows.concat([worker]));
}

/** Workers with a task in the window: a worker that died keeps its row until it scrolls out. */
function workersInView() {
  var t0 = serverNow() - windowMs, seen = new Set();
  for (var k = 0; k < rCount; k++) {
    var i = (rHead - rCount + k + CAP) % CAP;
    if (rEnd[i] >= t0) seen.add(rWorker[i]);
  }
  return seen;
}

/** Tasks that ended in the last second (server clock); the ring is roughly in finishing order. */
function tasksPerSecond() {
  var now = serverNow(), n = 0;
  for (var k = rCount - 1; k >= 0; k--) {
    var i = (rHead - rCount + k + CAP) % CAP;
    if (rEnd[i] < now - 5000) break;
    if (rEnd[i] >= now - 1000 && rEnd[i] <= now) n++;
  }
  return n;
}

function tickStep(ms) { return ms <= 5000 ? 1000 : ms <= 10000 ? 2000 : ms <= 30000 ? 5000 : 10000; }
function clockLabel(t) { return new Date(t).toTimeString().slice(0, 8); }

function resizeCanvas() {
  var dpr = window.devicePixelRatio || 1, w = canvas.clientWidth, h = canvas.clientHeight;
  if (w === cssW && h === cssH && canvas.width === Math.round(w * dpr)) return;
  cssW = w; cssH = h;
  canvas.width = Math.round(w * dpr);
  canvas.height = Math.round(h * dpr);
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
}

function drawStream() {
  resizeCanvas();
  var w = cssW, h = cssH, plotW = w - LABEL_W, plotH = h - AXIS_H;
  if (plotW <= 0 || plotH <= 0) return;
  var rowH = plotH / Math.max(rows.length, 1);
  var now = serverNow(), t0 = now - windowMs, scale = plotW / windowMs;
  ctx.clearRect(0, 0, w, h);
  ctx.fillStyle = '#f6f8fa';
  for (var r = 1; r < rows.length; r += 2) ctx.fillRect(LABEL_W, r * rowH, plotW, rowH);

  var step = tickStep(windowMs), ticks = [];
  for (var t = Math.ceil(t0 / step) * step; t <= now; t += step) ticks.push(t);
  ctx.strokeStyle = '#d8dee4';
  ctx.lineWidth = 1;
  ctx.beginPath();
  ticks.forEach(function (t) { var x = Math.round(LABEL_W + (t - t0) * scale) + 0.5; ctx.moveTo(x, 0); ctx.lineTo(x, plotH); });
  ctx.moveTo(LABEL_W, plotH + 0.5); ctx.lineTo(w, plotH + 0.5);
  ctx.stroke();

  ctx.save();
  ctx.beginPath();
  ctx.rect(LABEL_W, 0, plotW, plotH);
  ctx.clip();
  // Per row, a pending run of same-coloured tasks that touch (within a pixel) becomes one
  // fillRect: at thousands of tasks a second most are narrower than a pixel.
  var pad = rowH > 8 ? 2 : 0, bh = Math.max(1, rowH - 2 * pad);
  var runX0 = [], runX1 = [], runColour = [];
  var flush = function (row) {
    ctx.fillStyle = runColour[row];
    ctx.fillRect(runX0[row], row * rowH + pad, Math.max(1, runX1[row] - runX0[row]), bh);
  };
  for (var k = 0; k < rCount; k++) {
    var i = (rHead - rCount + k + CAP) % CAP;
    if (rEnd[i] < t0) continue;
    var row = rowOf.get(rWorker[i]);
    if (row === undefined) continue;
    var x0 = Math.max(LABEL_W - 1, LABEL_W + (rStart[i] - t0) * scale), x1 = LABEL_W + (rEnd[i] - t0) * scale;
    if (runColour[row] === rColour[i] && x0 <= runX1[row] + 1 && x1 >= runX0[row] - 1) {
      if (x0 < runX0[row]) runX0[row] = x0;
      if (x1 > runX1[row]) runX1[row] = x1;
      continue;
    }
    if (runColour[row] !== undefined) flush(row);
    runX0[row] = x0; runX1[row] = x1; runColour[row] = rColour[i];
  }
  for (var fr = 0; fr < rows.length; fr++) if (runColour[fr] !== undefined) flush(fr);
  ctx.restore();

  ctx.font = '12px system-ui, sans-serif';
  ctx.fillStyle = '#1f2328';
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  var every = Math.ceil(14 / rowH); // label every n-th row when rows are thinner than the text
  for (var j = 0; j < rows.length; j += every) ctx.fillText(rows[j], 4, j * rowH + rowH / 2, LABEL_W - 10);
  ctx.fillStyle = '#656d76';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  ticks.forEach(function (t) {
    var x = LABEL_W + (t - t0) * scale;
    if (x > LABEL_W + 24 && x < w - 24) ctx.fillText(clockLabel(t), x, plotH + 4);
  });
  if (!rows.length) {
    ctx.textBaseline = 'middle';
    ctx.fillText('No workers yet', LABEL_W + plotW / 2, plotH / 2);
  }
}

function taskAt(x, y) {
  var plotW = cssW - LABEL_W, plotH = cssH - AXIS_H;
  if (x < LABEL_W || y < 0 || y >= plotH || !rows.length) return -1;
  var worker = rows[Math.floor(y / (plotH / rows.length))];
  var perPx = windowMs / plotW, t = serverNow() - windowMs + (x - LABEL_W) * perPx, tol = 2 * perPx;
  for (var k = rCount - 1; k >= 0; k--) {
    var i = (rHead - rCount + k + CAP) % CAP;
    if (rWorker[i] === worker && rStart[i] - tol <= t && t <= rEnd[i] + tol) return i;
  }
  return -1;
}

canvas.addEventListener('mousemove', function (ev) {
  var box = canvas.getBoundingClientRect(), x = ev.clientX - box.left, y = ev.clientY - box.top;
  var i = taskAt(x, y);
  if (i < 0) { tooltip.hidden = true; return; }
  tooltip.textContent = rKey[i] + '  ·  ' + fmtMs(rEnd[i] - rStart[i]) + '  ·  ' + rWorker[i] + (rColour[i] === ERRED ? '  ·  erred' : '');
  tooltip.hidden = false;
  tooltip.style.left = Math.min(x + 12, cssW - tooltip.offsetWidth - 4) + 'px';
  tooltip.style.top = (y + 14) + 'px';
});
canvas.addEventListener('mouseleave', function () { tooltip.hidden = true; });
`;
