'use strict';
/** One GET on loopback with a hard timeout, resolving status, headers and body (never rejects on HTTP status). */
const http = require('node:http');

function httpGet(url, { headers = {}, timeoutMs = 5_000 } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`GET ${url} timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
  });
}

module.exports = { httpGet };
