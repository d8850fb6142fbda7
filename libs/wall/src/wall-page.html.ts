/** The wall page's HTML: no data of its own; wall.js fetches the catalogue and subscribes with the key. */
export const WALL_HTML = `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>IOC — Màn hình giám sát</title>
<link rel="stylesheet" href="/wall/wall.css">
<link rel="icon" href="data:,">
</head>
<body>
<header>
  <h1 id="title">Trung tâm Điều hành thông minh</h1>
  <div id="clock" aria-live="off"></div>
  <div id="status" class="status connecting" role="status">Đang kết nối…</div>
</header>
<form id="keyform" hidden>
  <label for="keyinput">Nhập khóa truy cập (API key) để xem màn hình:</label>
  <input id="keyinput" type="password" autocomplete="off" spellcheck="false">
  <button type="submit">Xem</button>
  <p id="keyerror" class="error"></p>
</form>
<main id="grid" aria-live="polite"></main>
<script src="/socket.io/socket.io.js"></script>
<script src="/wall/wall.js"></script>
</body>
</html>
`;
