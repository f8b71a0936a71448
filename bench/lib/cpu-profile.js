'use strict';
/**
 * Reading a V8 .cpuprofile (node --cpu-prof) of a server under load: CPU per request by package
 * or file, and by express middleware. Express middleware calls `next()` from inside itself, so
 * a middleware's inclusive time holds everything after it; here a middleware's cost is its own
 * subtree with the router's `next` cut off, which is what that middleware alone adds.
 */
function indexProfile(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
  const selfUs = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    selfUs.set(profile.samples[i], (selfUs.get(profile.samples[i]) || 0) + (profile.timeDeltas[i] || 0));
  }
  return { byId, parent, selfUs, root: profile.nodes[0].id };
}

function shortUrl(url) {
  return url.replace(/^file:\/\//, '').replace(/^.*\/node_modules\//, '').replace(/^.*\/(dist|bench)\//, '$1/');
}

function label(node) {
  const cf = node.callFrame;
  return `${cf.functionName || '(anonymous)'} ${shortUrl(cf.url)}:${cf.lineNumber + 1}`;
}

function packageOf(node) {
  const { url, functionName } = node.callFrame;
  if (!url) return functionName; // (garbage collector), (program), native calls such as writev
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1];
  if (url.startsWith('node:')) return 'node core';
  return shortUrl(url);
}

/** Samples taken while loading modules at boot are not request work. */
function isStartup(index, id) {
  for (let c = id; c !== undefined; c = index.parent.get(c)) {
    const fn = index.byId.get(c).callFrame.functionName;
    if (fn === 'executeUserEntryPoint' || fn === 'wrapSafe' || fn === 'Module._load') return true;
  }
  return false;
}

/** µs per request by package (or our own file), boot and idle excluded. */
function costByPackage(profile, requests) {
  const index = indexProfile(profile);
  const out = new Map();
  for (const [id, us] of index.selfUs) {
    const node = index.byId.get(id);
    if (node.callFrame.functionName === '(idle)' || isStartup(index, id)) continue;
    const key = packageOf(node);
    out.set(key, (out.get(key) || 0) + us / requests);
  }
  return [...out].sort((a, b) => b[1] - a[1]);
}

const isRouterNext = (node) => node.callFrame.functionName === 'next' && /router\/(index|lib\/route)\.js$/.test(node.callFrame.url);
const isLayerHandle = (node) => node.callFrame.functionName === 'handleRequest' && /router\/lib\/layer\.js$/.test(node.callFrame.url);

/** µs per request for each function express called as a middleware or handler, `next` excluded. */
function costByMiddleware(profile, requests) {
  const index = indexProfile(profile);
  const subtree = (id) => {
    let us = index.selfUs.get(id) || 0;
    for (const c of index.byId.get(id).children || []) if (!isRouterNext(index.byId.get(c))) us += subtree(c);
    return us;
  };
  const out = new Map();
  for (const node of profile.nodes) {
    if (!isLayerHandle(node)) continue;
    for (const c of node.children || []) {
      const child = index.byId.get(c);
      if (isRouterNext(child)) continue;
      out.set(label(child), (out.get(label(child)) || 0) + subtree(c) / requests);
    }
  }
  return [...out].sort((a, b) => b[1] - a[1]);
}

/**
 * µs per request in code of `fileSuffix` that runs outside the middleware chain, such as the access
 * log's 'finish' listener (it runs after the response is written, not inside a middleware call).
 */
function costOutsideChain(profile, requests, fileSuffix) {
  const index = indexProfile(profile);
  let us = 0;
  const walk = (id, inChain, counting) => {
    const node = index.byId.get(id);
    const chain = inChain || isLayerHandle(node);
    const here = counting || (!chain && node.callFrame.url.endsWith(fileSuffix));
    if (here) us += index.selfUs.get(id) || 0;
    for (const c of node.children || []) walk(c, chain, here);
  };
  walk(index.root, false, false);
  return us / requests;
}

module.exports = { costByPackage, costByMiddleware, costOutsideChain };
