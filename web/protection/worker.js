// The body of the Web Worker that hashes the photos, off the page's thread (a 12-megapixel
// photo takes a noticeable time to decode; the page stays responsive and shows progress).
// app.js starts it from a Blob made of this function's source and of the wasm-bindgen glue,
// because Chrome refuses workers loaded from file:// and the page must work from the disk.
// Messages in: {type:'init', base64}, {type:'hash', id, file, applyExifOrientation},
// {type:'export', request}. Messages out: 'ready', 'started', 'result', 'error', 'exported'.
// Photos are read, hashed and dropped: nothing is kept, logged or sent.
'use strict';

function vigieProtectionWorker(scope, makeGlue) {
  let module = null;
  let engine = null;
  // One job at a time, in the order received.
  let queue = Promise.resolve();

  function instantiate() {
    engine = makeGlue();
    engine.initSync({ module });
  }

  async function init(base64) {
    const started = performance.now();
    const binary = atob(base64);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    module = await WebAssembly.compile(bytes);
    instantiate();
    scope.postMessage({
      type: 'ready',
      version: engine.engineVersion(),
      ms: performance.now() - started,
      wasmBytes: bytes.length,
    });
  }

  async function hash(message) {
    const { id, generation, file, applyExifOrientation } = message;
    scope.postMessage({ type: 'started', id, generation });
    let bytes;
    try {
      bytes = new Uint8Array(await file.arrayBuffer());
    } catch (e) {
      scope.postMessage({ type: 'error', id, generation, message: 'fichier illisible' });
      return;
    }
    const started = performance.now();
    try {
      const record = JSON.parse(engine.hashImage(bytes, applyExifOrientation));
      scope.postMessage({ type: 'result', id, generation, record, ms: performance.now() - started });
    } catch (e) {
      if (e instanceof WebAssembly.RuntimeError) {
        // A trap leaves the module's memory in an unknown state: start a fresh instance.
        instantiate();
        scope.postMessage({ type: 'error', id, generation, message: 'erreur interne du moteur sur cette photo' });
      } else {
        scope.postMessage({ type: 'error', id, generation, message: String(e && e.message ? e.message : e) });
      }
    }
  }

  function exportList(message) {
    try {
      const outcome = JSON.parse(engine.exportList(JSON.stringify(message.request)));
      scope.postMessage({ type: 'exported', id: message.id, outcome });
    } catch (e) {
      scope.postMessage({ type: 'error', id: message.id, message: String(e && e.message ? e.message : e) });
    }
  }

  scope.onmessage = (event) => {
    const message = event.data;
    queue = queue.then(() => {
      if (message.type === 'init') return init(message.base64);
      if (message.type === 'hash') return hash(message);
      if (message.type === 'export') return exportList(message);
      return undefined;
    }).catch((e) => {
      scope.postMessage({ type: 'fatal', message: String(e && e.message ? e.message : e) });
    });
  };
}
