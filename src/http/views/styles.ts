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
@media (max-width: 760px) { .grid2, .grid4 { grid-template-columns:1fr; } dl.meta { grid-template-columns:1fr; } }
`;
