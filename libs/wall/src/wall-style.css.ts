export const WALL_CSS = `
:root { color-scheme: dark; --bg:#0b1220; --panel:#121b2e; --line:#22304d; --text:#e6edf7; --muted:#8da0bf;
  --good:#3ddc97; --bad:#ff6b6b; --flash:#2f5bd3; }
* { box-sizing: border-box; }
[hidden] { display:none !important; }
body { margin:0; background:var(--bg); color:var(--text); font:16px/1.35 system-ui, "Segoe UI", Roboto, sans-serif; }
header { display:flex; align-items:center; gap:24px; padding:14px 24px; border-bottom:1px solid var(--line); position:sticky; top:0; background:var(--bg); z-index:2; }
h1 { font-size:24px; margin:0; flex:1; font-weight:600; }
#clock { font-variant-numeric:tabular-nums; color:var(--muted); font-size:20px; }
.status { padding:4px 12px; border-radius:999px; font-size:14px; border:1px solid var(--line); }
.status.live { color:var(--good); border-color:var(--good); }
.status.connecting { color:#ffd166; border-color:#ffd166; }
.status.error { color:var(--bad); border-color:var(--bad); }
#keyform { max-width:520px; margin:64px auto; display:grid; gap:12px; }
#keyform input { font-size:18px; padding:10px; background:var(--panel); color:var(--text); border:1px solid var(--line); border-radius:6px; }
#keyform button { font-size:18px; padding:10px; border-radius:6px; border:0; background:var(--flash); color:white; cursor:pointer; }
.error { color:var(--bad); min-height:1.2em; }
main { padding:16px 24px; display:grid; gap:20px; }
section h2 { margin:0 0 8px; font-size:18px; color:var(--muted); font-weight:600; text-transform:uppercase; letter-spacing:.04em; }
.tiles { display:grid; grid-template-columns:repeat(auto-fill, minmax(240px, 1fr)); gap:10px; }
.tile { background:var(--panel); border:1px solid var(--line); border-radius:8px; padding:10px 12px; transition:background-color .6s; min-height:96px; }
.tile.flash { background:#1b2c57; transition:none; }
.tile .name { color:var(--muted); font-size:13px; height:2.7em; overflow:hidden; }
.tile .value { font-size:28px; font-weight:700; font-variant-numeric:tabular-nums; white-space:nowrap; }
.tile .unit { font-size:14px; color:var(--muted); font-weight:400; margin-left:4px; }
.tile .meta { font-size:12px; color:var(--muted); display:flex; justify-content:space-between; }
.trend.good { color:var(--good); } .trend.bad { color:var(--bad); }
.empty { color:var(--muted); padding:48px; text-align:center; font-size:20px; }
`;
