// A load generator in its own process, so that the client does not share a CPU thread with the
// server it measures: N keep-alive connections send the same request back to back for S seconds.
// usage: node bench/load.mjs <url> <connections> <seconds> <accept> <body file>   → prints JSON
import http from 'node:http';
import { readFileSync } from 'node:fs';

const [url, connections, seconds, accept, bodyFile] = process.argv.slice(2);
const body = readFileSync(bodyFile);
const agent = new http.Agent({ keepAlive: true, maxSockets: Number(connections) });
const target = new URL(url);
const latencies = [];
let errors = 0;

function once() {
  return new Promise((resolve) => {
    const t = process.hrtime.bigint();
    const req = http.request({ agent, host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: { 'content-type': 'application/sparql-query', accept, 'content-length': body.length } }, (res) => {
      res.resume();
      res.on('end', () => {
        if (res.statusCode !== 200) errors++;
        latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
        resolve();
      });
    });
    req.on('error', () => {
      errors++;
      resolve();
    });
    req.end(body);
  });
}

const end = performance.now() + Number(seconds) * 1000;
await Promise.all(Array.from({ length: Number(connections) }, async () => {
  while (performance.now() < end) await once();
}));
latencies.sort((a, b) => a - b);
const q = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))];
console.log(JSON.stringify({ rps: latencies.length / Number(seconds), p50: q(0.5), p99: q(0.99), errors }));
agent.destroy();
