/**
 * The web app's handwritten stylesheet, served from /aset/naskah.css (no front-end build, no CDN).
 * Imports nothing.
 */
export const STYLESHEET = `
:root { --ink:#1d2327; --muted:#5b6770; --line:#d5dadd; --accent:#7a1f1f; --bg:#f6f4ef; --ok:#1f6b3a; --warn:#8a5a00; --bad:#9b1c1c; }
* { box-sizing: border-box; }
body { margin:0; font: 15px/1.5 "TeX Gyre Bonum", "Bookman Old Style", Georgia, serif; color:var(--ink); background:var(--bg); }
header.top { background:var(--accent); color:#fff; padding:.6rem 1.5rem; display:flex; align-items:center; gap:1.5rem; flex-wrap:wrap; }
header.top .brand { font-weight:bold; font-size:1.2rem; letter-spacing:.05em; color:#fff; text-decoration:none; }
header.top nav a { color:#fff; margin-right:1rem; text-decoration:none; border-bottom:2px solid transparent; }
header.top nav a.active, header.top nav a:hover { border-bottom-color:#fff; }
header.top .who { margin-left:auto; font-size:.9rem; display:flex; gap:.6rem; align-items:center; }
header.top .who form { margin:0; }
header.top .who .muted { color:#f1dede; }
a { color:var(--accent); }
header.top .who button { background:transparent; color:#fff; border:1px solid #fff; padding:.15rem .6rem; cursor:pointer; }
main { max-width:1100px; margin:1.5rem auto; padding:0 1.5rem; }
h1 { font-size:1.5rem; margin:.2rem 0 1rem; }
h2 { font-size:1.15rem; margin:1.5rem 0 .5rem; border-bottom:1px solid var(--line); padding-bottom:.2rem; }
.card { background:#fff; border:1px solid var(--line); border-radius:4px; padding:1rem 1.2rem; margin-bottom:1rem; }
table.data { width:100%; border-collapse:collapse; background:#fff; }
table.data th, table.data td { border:1px solid var(--line); padding:.35rem .5rem; text-align:left; vertical-align:top; }
table.data th { background:#ece8df; font-weight:bold; }
.muted { color:var(--muted); }
.hash { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size:.8rem; word-break:break-all; }
.badge { display:inline-block; padding:0 .45rem; border-radius:3px; font-size:.85rem; border:1px solid currentColor; }
.badge.ok { color:var(--ok); } .badge.warn { color:var(--warn); } .badge.bad { color:var(--bad); } .badge.info { color:var(--muted); }
.flash { padding:.6rem .9rem; border-radius:4px; margin-bottom:1rem; border:1px solid; }
.flash.ok { background:#eaf5ee; border-color:var(--ok); } .flash.error { background:#fbeaea; border-color:var(--bad); }
form.inline { display:inline; }
label { display:block; margin:.5rem 0 .2rem; font-weight:bold; }
input[type=text], input[type=password], input[type=search], input[type=number], select, textarea { width:100%; padding:.4rem; border:1px solid #b9c0c4; border-radius:3px; font:inherit; background:#fff; }
textarea.yaml { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size:.85rem; min-height:28rem; }
button, .button { background:var(--accent); color:#fff; border:0; border-radius:3px; padding:.45rem 1rem; font:inherit; cursor:pointer; text-decoration:none; display:inline-block; }
button.secondary, .button.secondary { background:#fff; color:var(--accent); border:1px solid var(--accent); }
.actions { display:flex; gap:.6rem; flex-wrap:wrap; align-items:flex-start; margin-top:.6rem; }
.grid2 { display:grid; grid-template-columns: 1fr 1fr; gap:1rem; }
.grid4 { display:grid; grid-template-columns: repeat(4, 1fr); gap:.6rem; align-items:end; }
dl.meta { display:grid; grid-template-columns: 12rem 1fr; gap:.3rem .8rem; margin:0; }
dl.meta dt { color:var(--muted); } dl.meta dd { margin:0; }
.task { border-left:4px solid var(--accent); }
.narrow { max-width:28rem; } h2.first { margin-top:0; } form.grow { flex:1; min-width:16rem; }
.verified { border-left:6px solid var(--ok); } .revoked { border-left:6px solid var(--bad); }
footer { text-align:center; color:var(--muted); font-size:.8rem; margin:2rem 0; }
header.top .who a { color:#fff; text-decoration:none; border-bottom:2px solid transparent; }
header.top .who a.active, header.top .who a:hover { border-bottom-color:#fff; }
.count { display:inline-block; min-width:1.3rem; padding:0 .35rem; margin-left:.25rem; border-radius:1rem; background:#fff; color:var(--accent); font-size:.8rem; font-weight:bold; text-align:center; }
.grid3 { display:grid; grid-template-columns: repeat(3, 1fr); gap:.6rem 1rem; align-items:end; }
.req { color:var(--bad); font-weight:bold; }
.help { color:var(--muted); font-size:.88rem; margin:.1rem 0 .3rem; }
.field { margin-bottom:.4rem; }
.field-error { color:var(--bad); font-weight:bold; margin:.2rem 0 .4rem; font-size:.92rem; }
.has-error > input, .has-error > textarea, .has-error > select, fieldset.has-error { border-color:var(--bad); box-shadow:0 0 0 1px var(--bad); }
fieldset { border:1px solid var(--line); border-radius:4px; padding:.5rem .9rem .8rem; margin:0 0 .8rem; background:#fff; }
legend { font-weight:bold; padding:0 .3rem; }
ol.entries { list-style:none; margin:0; padding:0; counter-reset:entry; }
li.entry { counter-increment:entry; border-left:3px solid var(--line); padding:.3rem 0 .3rem .6rem; margin:.4rem 0; display:grid; grid-template-columns:1fr auto; gap:.3rem .6rem; align-items:start; }
li.entry > .entry-label, li.entry .field > .entry-label { grid-column:1 / -1; }
li.entry .entry-label::after { content:" " counter(entry); }
li.entry > .field, li.entry > .entry-body { grid-column:1; }
.entry-tools { display:flex; gap:.25rem; grid-column:2; grid-row:1 / span 2; }
.entry-label { font-weight:bold; color:var(--muted); font-size:.9rem; margin:0; }
button.small, .button.small { padding:.15rem .55rem; font-size:.85rem; }
button.danger, .button.danger { background:var(--bad); color:#fff; }
label.inline { display:inline-flex; gap:.3rem; align-items:center; font-weight:normal; margin-right:1rem; }
.checks { display:flex; flex-wrap:wrap; gap:.2rem; }
.register { display:flex; flex-wrap:wrap; gap:.4rem; align-items:end; flex:1; }
.register label { width:100%; margin:0; }
.register input { flex:1; min-width:16rem; }
.tabs { margin:.2rem 0 1rem; }
.tab { display:inline-block; padding:.3rem .8rem; border:1px solid var(--line); border-bottom:0; border-radius:4px 4px 0 0; background:#ece8df; }
.tab.active { background:#fff; font-weight:bold; }
.drafting { display:grid; grid-template-columns:minmax(0, 1fr) minmax(0, 1fr); gap:1.2rem; align-items:start; }
.drafting .preview { position:sticky; top:.5rem; }
.drafting iframe { width:100%; height:80vh; border:1px solid var(--line); background:#fff; }
.sticky-actions { position:sticky; bottom:0; background:var(--bg); padding:.5rem 0; border-top:1px solid var(--line); }
main:has(.drafting) { max-width:1500px; }
.kinds { display:grid; grid-template-columns:repeat(auto-fill, minmax(16rem, 1fr)); gap:1rem; }
a.card.kind { display:flex; flex-direction:column; gap:.3rem; text-decoration:none; color:var(--ink); border-left:4px solid var(--accent); }
a.card.kind:hover { background:#fbf8f2; }
.note { border-left:4px solid var(--warn); background:#fff8e6; padding:.5rem .9rem; margin:.6rem 0; }
blockquote { margin:.3rem 0 .3rem 1rem; font-style:italic; }
ol.exchanges { padding-left:1.2rem; } ol.exchanges li.kembali { color:var(--bad); } ol.exchanges li.jawaban { color:var(--ok); }
ol.exchanges blockquote { color:var(--ink); }
nav.paging { display:flex; gap:1.2rem; margin:.8rem 0; }
tr.current td { background:#fff8e6; font-weight:bold; }
tr.unread td { background:#fbf8f2; }
details.chain > summary, details.card > summary { cursor:pointer; font-weight:bold; }
dl.figures { margin-top:.5rem; }
body.preview-body { background:#fff; }
.preview-problems { padding:1rem; }
code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size:.85rem; }
@media (max-width: 1000px) { .drafting { grid-template-columns:1fr; } .drafting .preview { position:static; } }
@media (max-width: 760px) { .grid2, .grid3, .grid4 { grid-template-columns:1fr; } dl.meta { grid-template-columns:1fr; } }
`;
