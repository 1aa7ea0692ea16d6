// Writes brotli (quality 11) and gzip (level 9) copies beside every text and wasm file of a built
// app, for servers that send precompressed files (scripts/serve.py; nginx gzip_static/brotli_static).
// Usage: node scripts/precompress.js DIR   — prints the first-load bytes raw, gzip and brotli.
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const dir = process.argv[2];
const total = { raw: 0, gz: 0, br: 0 };
for (const name of fs.readdirSync(dir)) {
  if (!/\.(wasm|js|css|html|svg)$/.test(name)) continue;
  const file = path.join(dir, name);
  const raw = fs.readFileSync(file);
  const br = zlib.brotliCompressSync(raw, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
  });
  const gz = zlib.gzipSync(raw, { level: 9 });
  fs.writeFileSync(file + '.br', br);
  fs.writeFileSync(file + '.gz', gz);
  total.raw += raw.length; total.gz += gz.length; total.br += br.length;
}
console.log(`first load: ${total.raw} bytes raw, ${total.gz} gzip, ${total.br} brotli`);
