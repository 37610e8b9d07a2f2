/**
 * The live page: plain HTML, CSS and JavaScript in one string, so it works offline, needs no
 * build step and ships inside dist/ with the compiled server (tsc does not copy .html files).
 * The script is in page-script.ts; the three panels here are what tests look for by id.
 */
import { PAGE_SCRIPT } from './page-script.js';

const STYLE = `
:root { --fg: #1f2328; --muted: #656d76; --line: #d8dee4; --panel: #fff; --bg: #f3f5f7; --accent: #1f77b4; --err: #d62728; }
* { box-sizing: border-box; }
body { margin: 0; font: 13px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
header { display: flex; align-items: baseline; gap: 16px; padding: 10px 18px; background: #24292f; color: #fff; }
header h1 { margin: 0; font-size: 17px; font-weight: 600; letter-spacing: .02em; }
header .meta { color: #c9d1d9; font-variant-numeric: tabular-nums; }
.conn { font-size: 12px; padding: 1px 8px; border-radius: 10px; background: #6e7781; }
.conn.live { background: #2da44e; }
.conn.down { background: #bf8700; }
main { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 12px; padding: 12px 18px; }
.panel { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; min-width: 0; }
.wide { grid-column: 1 / -1; }
.col { display: flex; flex-direction: column; gap: 12px; min-width: 0; }
h2 { display: flex; align-items: center; gap: 10px; margin: 0 0 8px; font-size: 13px; font-weight: 600; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
h2 .note { margin-left: auto; font-weight: 400; text-transform: none; letter-spacing: 0; font-variant-numeric: tabular-nums; }
select { font: inherit; font-size: 12px; }
.stream-wrap { position: relative; }
#task-stream { display: block; width: 100%; height: 200px; }
#tooltip { position: absolute; pointer-events: none; background: rgba(36,41,47,.92); color: #fff; padding: 4px 8px; border-radius: 4px; font-size: 12px; white-space: nowrap; }
.empty { color: var(--muted); padding: 8px 0; }
.prow { display: grid; grid-template-columns: minmax(80px, 26%) 1fr 170px; align-items: center; gap: 8px; margin: 3px 0; }
.pname { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12px; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px; vertical-align: -1px; }
.bar { position: relative; height: 14px; background: #eaeef2; border-radius: 3px; overflow: hidden; }
.bar > div { position: absolute; top: 0; bottom: 0; }
.pnum { font-variant-numeric: tabular-nums; font-size: 12px; color: var(--muted); text-align: right; white-space: nowrap; }
.pnum .e { color: var(--err); }
.mem-row { margin: 4px 0 10px; }
.mem-label { display: flex; justify-content: space-between; font-size: 12px; color: var(--muted); font-variant-numeric: tabular-nums; }
.mem-label b { color: var(--fg); font-weight: 600; }
.mem-bar { height: 18px; }
.mark { width: 0; border-left: 2px solid #24292f; }
.mark.soft { border-left: 1px dashed #6e7781; }
.legend { display: flex; flex-wrap: wrap; gap: 12px; font-size: 12px; color: var(--muted); margin-top: 2px; }
#progress-legend { margin-top: 10px; padding-top: 6px; border-top: 1px solid var(--line); }
.wrow { display: grid; grid-template-columns: 80px 1fr 90px; align-items: center; gap: 8px; margin: 2px 0; font-size: 12px; }
.wrow .bar { height: 10px; }
.wrow span:last-child { text-align: right; color: var(--muted); font-variant-numeric: tabular-nums; }
#counts { display: grid; grid-template-columns: repeat(3, 1fr); gap: 8px; }
.tile { border: 1px solid var(--line); border-radius: 5px; padding: 6px 10px; }
.tile .v { font-size: 20px; font-weight: 600; font-variant-numeric: tabular-nums; }
.tile .k { font-size: 11px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
.tile.erred.nonzero .v { color: var(--err); }
.workers { max-height: 300px; overflow-y: auto; } /* dozens of workers should not push the page down */
`;

const BODY = `
<header>
  <h1>Tusk</h1>
  <span id="conn" class="conn">connecting…</span>
  <span class="meta" id="meta"></span>
</header>
<main>
  <section class="panel wide" id="task-stream-panel">
    <h2>Task stream
      <select id="window" aria-label="time window">
        <option value="5000">5 s</option><option value="10000" selected>10 s</option>
        <option value="30000">30 s</option><option value="60000">60 s</option>
      </select>
      <span class="note" id="rate"></span>
    </h2>
    <div class="stream-wrap"><canvas id="task-stream"></canvas><div id="tooltip" hidden></div></div>
  </section>
  <section class="panel" id="progress-panel">
    <h2>Progress <span class="note" id="progress-note"></span></h2>
    <div id="progress"><div class="empty">No tasks yet.</div></div>
    <div class="legend" id="progress-legend">
      <span><span class="swatch" style="background:#4e79a7"></span>in memory</span>
      <span><span class="swatch" style="background:#4e79a7;opacity:.4"></span>done, released</span>
      <span><span class="swatch" style="background:#d62728"></span>erred</span>
      <span>numbers: done / queued</span>
    </div>
  </section>
  <div class="col">
    <section class="panel" id="memory-panel">
      <h2>Worker memory</h2>
      <div id="memory"><div class="empty">Waiting for status…</div></div>
    </section>
    <section class="panel" id="counts-panel">
      <h2>Tasks</h2>
      <div id="counts"></div>
    </section>
  </div>
</main>
`;

export const PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Tusk dashboard</title>
<style>${STYLE}</style>
</head>
<body>${BODY}<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
