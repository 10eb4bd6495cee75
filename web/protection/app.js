// The page: picks or receives dropped photos, hands them to the worker one by one, shows the
// hashes and writes the list files. File names stay in this page's memory only.
'use strict';

(function () {
  const $ = (id) => document.getElementById(id);
  const photos = []; // {id, file, name, size, state: 'attente'|'calcul'|'ok'|'erreur', record, error, ms}
  let nextId = 1;
  let ready = false;
  let pendingExport = null;

  // The worker's source: the wasm-bindgen glue and worker.js, as text (Function.prototype.toString
  // returns the source of these functions), in a Blob: no file is fetched, so it works from file://.
  const source = 'const makeGlue = ' + vigieWasmGlue.toString() + ';\n' +
    '(' + vigieProtectionWorker.toString() + ')(self, makeGlue);\n';
  const worker = new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));
  const loadStarted = performance.now();
  worker.postMessage({ type: 'init', base64: self.VIGIE_WASM_BASE64 });

  worker.onmessage = (event) => {
    const m = event.data;
    if (m.type === 'ready') {
      ready = true;
      document.body.dataset.ready = '1';
      document.body.dataset.loadMs = String(Math.round(performance.now() - loadStarted));
      $('version').textContent = 'Moteur Vigie ' + m.version + '.';
      setStatus();
      for (const p of photos) if (p.state === 'attente') send(p);
    } else if (m.type === 'started') {
      const p = byId(m.id, m.generation);
      if (p) { p.state = 'calcul'; render(p); setStatus(); }
    } else if (m.type === 'result') {
      const p = byId(m.id, m.generation);
      if (p) { p.state = 'ok'; p.record = m.record; p.ms = m.ms; render(p); setStatus(); }
    } else if (m.type === 'error') {
      if (pendingExport && m.id === pendingExport.id) {
        $('export-etat').textContent = 'Export impossible : ' + m.message + '.';
        pendingExport = null;
        return;
      }
      const p = byId(m.id, m.generation);
      if (p) { p.state = 'erreur'; p.error = m.message; render(p); setStatus(); }
    } else if (m.type === 'exported') {
      finishExport(m);
    } else if (m.type === 'fatal') {
      $('etat').textContent = 'Le moteur de calcul n\'a pas pu démarrer : ' + m.message;
    }
  };

  function byId(id, generation) {
    return photos.find((p) => p.id === id && (generation === undefined || p.generation === generation));
  }

  function send(p) {
    p.generation = (p.generation || 0) + 1; // results of an earlier request for p are ignored
    p.state = 'attente';
    p.record = null; p.error = null; p.ms = null;
    render(p);
    if (ready) worker.postMessage({ type: 'hash', id: p.id, generation: p.generation, file: p.file, applyExifOrientation: $('exif').checked });
  }

  function add(files) {
    const list = Array.from(files);
    if (list.length === 0) return;
    $('resultats').hidden = false;
    for (const file of list) {
      const p = { id: nextId++, file, name: file.name, size: file.size, state: 'attente' };
      photos.push(p);
      send(p);
    }
    setStatus();
  }

  function sizeText(bytes) {
    if (bytes >= 1e6) return (bytes / 1e6).toFixed(1).replace('.', ',') + ' Mo';
    return Math.max(1, Math.round(bytes / 1e3)) + ' ko';
  }

  function setStatus() {
    const done = photos.filter((p) => p.state === 'ok' || p.state === 'erreur').length;
    const errors = photos.filter((p) => p.state === 'erreur').length;
    const current = photos.find((p) => p.state === 'calcul');
    const bar = $('progression');
    document.body.dataset.pending = String(photos.length - done);
    if (!ready) { $('etat').textContent = 'Chargement du moteur de calcul…'; return; }
    if (photos.length === 0) {
      bar.hidden = true;
      $('etat').textContent = 'Prêt. Choisissez ou déposez des photos.';
      return;
    }
    bar.hidden = false;
    bar.max = photos.length;
    bar.value = done;
    let text = done + ' / ' + photos.length + ' photo' + (photos.length > 1 ? 's' : '') + ' traitée' + (done > 1 ? 's' : '');
    if (errors > 0) text += ' (' + errors + ' illisible' + (errors > 1 ? 's' : '') + ')';
    if (current) text += ' — calcul en cours : ' + current.name + ' (' + sizeText(current.size) + ')';
    else if (done === photos.length) text += '. Terminé.';
    $('etat').textContent = text;
  }

  function cell(text, className) {
    const td = document.createElement('td');
    td.textContent = text;
    if (className) td.className = className;
    return td;
  }

  function render(p) {
    let tr = document.querySelector('tr[data-id="' + p.id + '"]');
    if (!tr) {
      tr = document.createElement('tr');
      tr.dataset.id = String(p.id);
      $('lignes').appendChild(tr);
    }
    tr.replaceChildren();
    tr.dataset.file = p.name;
    tr.dataset.state = p.state;
    for (const k of ['hash', 'quality', 'format', 'width', 'height', 'oriented', 'dihedral', 'ms']) delete tr.dataset[k];
    tr.appendChild(cell(String(photos.indexOf(p) + 1)));
    tr.appendChild(cell(p.name, 'nom'));
    if (p.state === 'ok') {
      const r = p.record;
      Object.assign(tr.dataset, {
        hash: r.hash, quality: String(r.quality), format: r.format, width: String(r.width),
        height: String(r.height), oriented: String(r.exif_orientation_applied),
        dihedral: JSON.stringify(r.dihedral), ms: String(Math.round(p.ms)),
      });
      const q = cell(String(r.quality), r.quality < 50 ? 'faible' : '');
      if (r.quality < 50) q.title = 'Qualité trop faible : empreinte peu fiable, non exportée';
      tr.appendChild(q);
      const h = cell('', 'hash');
      const code = document.createElement('code');
      code.textContent = r.hash;
      h.appendChild(code);
      if ($('diedres').checked) {
        const ul = document.createElement('ul');
        ul.className = 'diedres';
        for (const [name, value] of Object.entries(r.dihedral)) {
          const li = document.createElement('li');
          li.textContent = DIHEDRAL_FR[name] + ' : ';
          const c = document.createElement('code');
          c.textContent = value;
          li.appendChild(c);
          ul.appendChild(li);
        }
        h.appendChild(ul);
      }
      tr.appendChild(h);
      tr.appendChild(cell(r.format.toUpperCase() + ', ' + r.width + '×' + r.height +
        (r.exif_orientation_applied ? ', redressée' : '')));
    } else if (p.state === 'erreur') {
      tr.appendChild(cell('—'));
      tr.appendChild(cell(p.error, 'erreur'));
      tr.appendChild(cell(''));
    } else {
      tr.appendChild(cell(''));
      tr.appendChild(cell(p.state === 'calcul' ? 'calcul en cours…' : 'en attente', 'attente'));
      tr.appendChild(cell(sizeText(p.size)));
    }
  }

  const DIHEDRAL_FR = {
    original: 'telle quelle', rot90: 'quart de tour à gauche', rot180: 'demi-tour',
    rot270: 'quart de tour à droite', flip_x: 'miroir haut-bas', flip_y: 'miroir gauche-droite',
    flip_plus1: 'miroir sur la diagonale', flip_minus1: "miroir sur l'autre diagonale",
  };

  function exportList(format) {
    const entries = photos.filter((p) => p.state === 'ok')
      .map((p) => ({ hash: p.record.hash, quality: p.record.quality }));
    if (photos.some((p) => p.state === 'attente' || p.state === 'calcul')) {
      $('export-etat').textContent = 'Attendez la fin du calcul avant d\'enregistrer.';
      return;
    }
    if (entries.length === 0) {
      $('export-etat').textContent = 'Aucune empreinte à enregistrer.';
      return;
    }
    const today = new Date().toISOString().slice(0, 10);
    pendingExport = { id: -nextId++, format };
    worker.postMessage({
      type: 'export', id: pendingExport.id,
      request: {
        format, list: $('nom-liste').value, provenance: 'vigie-protection',
        added_at: today, min_quality: 50, entries,
      },
    });
  }

  function finishExport(m) {
    if (!pendingExport || m.id !== pendingExport.id) return;
    const { format } = pendingExport;
    pendingExport = null;
    const o = m.outcome;
    const type = format === 'csv' ? 'text/csv' : 'application/x-ndjson';
    const url = URL.createObjectURL(new Blob([o.content], { type: type + ';charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = 'empreintes-' + ($('nom-liste').value.trim() || 'liste').replace(/[^\p{L}\p{N}_-]+/gu, '-') +
      (format === 'csv' ? '.csv' : '.jsonl');
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
    let text = o.written + ' empreinte' + (o.written > 1 ? 's' : '') + ' enregistrée' + (o.written > 1 ? 's' : '') + ' (' + a.download + ')';
    const left = [];
    if (o.duplicates > 0) left.push(o.duplicates + ' doublon' + (o.duplicates > 1 ? 's' : ''));
    if (o.below_quality_floor > 0) left.push(o.below_quality_floor + ' de qualité trop faible');
    if (left.length) text += ' ; non exportées : ' + left.join(', ');
    $('export-etat').textContent = text + '.';
  }

  $('fichiers').addEventListener('change', (e) => { add(e.target.files); e.target.value = ''; });
  // A photo dropped beside the zone must not replace the page (and its list) with the photo.
  window.addEventListener('dragover', (e) => e.preventDefault());
  window.addEventListener('drop', (e) => e.preventDefault());
  const zone = $('depot');
  zone.addEventListener('dragover', (e) => { e.preventDefault(); zone.classList.add('survol'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('survol'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    e.stopPropagation();
    zone.classList.remove('survol');
    add(e.dataTransfer.files);
  });
  // Changing the orientation option hashes every photo again (the files are still in memory).
  $('exif').addEventListener('change', () => { for (const p of photos) send(p); setStatus(); });
  $('diedres').addEventListener('change', () => { for (const p of photos) render(p); });
  $('export-csv').addEventListener('click', () => exportList('csv'));
  $('export-json').addEventListener('click', () => exportList('jsonl'));
  $('effacer').addEventListener('click', () => {
    photos.length = 0;
    $('lignes').replaceChildren();
    $('resultats').hidden = true;
    $('export-etat').textContent = '';
    setStatus();
  });
  setStatus();
})();
