// "Check a list": pick or drop a CSV, confirm the email column, upload it as a job (POST /v1/jobs), follow its
// progress over server-sent events (GET /v1/jobs/{id}/events), then download the results and read which
// bounces the list would have caused.

import { request, json, serverSentEvents, ApiError } from './api.js';
import { drawVerdictChart } from './chart.js';
import { sniffFile, delimiterName } from './csv.js';
import { el, byId } from './dom.js';
import { explain } from './check.js';
import {
  Verdicts, VerdictLabels, BounceAdvice,
  formatNumber, formatPercent, formatDuration, formatBytes, plural,
} from './words.js';

const FinalStatuses = new Set(['completed', 'failed', 'cancelled']);
const EventNames = ['progress', 'completed', 'failed', 'cancelled'];

/** Seconds of progress samples used for the rate and the time left. */
const RateWindowSeconds = 15;

const PollMilliseconds = 1000;

export function setUpUpload() {
  const dropZone = byId('drop-zone');
  const fileInput = byId('file-input');
  const setup = byId('csv-setup');
  const summary = byId('file-summary');
  const columnSelect = byId('column-select');
  const columnHint = byId('column-hint');
  const preview = byId('preview');
  const smtpToggle = byId('smtp-toggle');
  const startButton = byId('start-button');
  const uploadError = byId('upload-error');
  const job = byId('job');
  const jobHeading = byId('job-heading');
  const progressBar = byId('job-progress');
  const progressText = byId('job-progress-text');
  const rateText = byId('job-rate');
  const etaText = byId('job-eta');
  const announce = byId('job-announce');
  const chart = byId('chart');
  const cancelButton = byId('cancel-button');
  const done = byId('job-done');
  const downloads = byId('downloads');
  const bounces = byId('bounce-summary');
  const againButton = byId('again-button');

  let file = null;
  let sniff = null;
  let watch = null;

  function showError(message) {
    uploadError.hidden = !message;
    uploadError.textContent = message ?? '';
  }

  function renderPreview() {
    const selected = Number(columnSelect.value === '' ? -1 : columnSelect.value);
    const head = sniff.hasHeader
      ? el('thead', {}, el('tr', {}, sniff.columns.map(c => el('th', {
        scope: 'col',
        class: c.index === selected ? 'selected' : null,
      }, c.name || `Column ${c.index + 1}`))))
      : el('thead', {}, el('tr', {}, sniff.columns.map(c => el('th', {
        scope: 'col',
        class: c.index === selected ? 'selected' : null,
      }, `Column ${c.index + 1}`))));
    const body = el('tbody', {}, sniff.preview.map(record => el('tr', {},
      sniff.columns.map(c => {
        const value = record[c.index] ?? '';
        return el('td', { class: c.index === selected ? 'selected' : null, title: value.length > 60 ? value : null },
          value.length > 60 ? value.slice(0, 59) + '…' : value);
      }))));
    preview.replaceChildren(el('caption', {}, `First rows of ${file.name}`), head, body);
  }

  function describeColumn(index) {
    const column = sniff.columns[index];
    const label = column?.name ? `“${column.name}” (column ${index + 1})` : `column ${index + 1}`;
    return label;
  }

  function updateColumnHint() {
    if (columnSelect.value === '') {
      columnHint.textContent = 'No column looks like email addresses. Choose the one that holds them.';
      startButton.disabled = true;
      return;
    }
    const index = Number(columnSelect.value);
    startButton.disabled = false;
    if (index === sniff.emailColumn) {
      columnHint.textContent = sniff.detectedBy === 'header'
        ? `Detected from the header: ${describeColumn(index)}.`
        : `Detected from the values: ${describeColumn(index)} holds the most addresses.`;
    } else {
      columnHint.textContent = `You chose ${describeColumn(index)}.`;
    }
  }

  async function choose(chosen) {
    showError(null);
    if (!chosen) {
      return;
    }
    file = chosen;
    try {
      sniff = await sniffFile(file);
    } catch {
      showError('This file cannot be read. Choose a CSV file.');
      setup.hidden = true;
      return;
    }
    if (sniff.columns.length === 0) {
      showError(`${file.name} is empty.`);
      setup.hidden = true;
      return;
    }

    summary.textContent = [
      file.name,
      formatBytes(file.size),
      `${sniff.exact ? '' : 'about '}${plural(sniff.rows, 'row', 'rows')}`,
      `${delimiterName(sniff.delimiter)}-separated`,
      sniff.hasHeader ? 'with a header row' : 'no header row',
    ].join(' · ');

    const options = sniff.columns.map(c => {
      const example = sniff.preview.find(r => (r[c.index] ?? '').trim() !== '')?.[c.index] ?? '';
      const name = c.name || `Column ${c.index + 1}`;
      const text = example && c.name ? `${name} (e.g. ${example.slice(0, 40)})` : example ? `${name}: ${example.slice(0, 40)}` : name;
      return el('option', { value: c.index }, text);
    });
    if (sniff.emailColumn < 0) {
      options.unshift(el('option', { value: '' }, 'Choose the email column'));
    }
    columnSelect.replaceChildren(...options);
    columnSelect.value = sniff.emailColumn >= 0 ? String(sniff.emailColumn) : '';
    startButton.textContent = `Verify ${sniff.exact ? '' : 'about '}${plural(sniff.rows, 'row', 'rows')}`;
    updateColumnHint();
    renderPreview();
    setup.hidden = false;
  }

  columnSelect.addEventListener('change', () => {
    updateColumnHint();
    renderPreview();
  });

  fileInput.addEventListener('change', () => choose(fileInput.files?.[0]));

  dropZone.addEventListener('dragover', event => {
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    dropZone.classList.add('dragging');
  });
  dropZone.addEventListener('dragleave', () => dropZone.classList.remove('dragging'));
  dropZone.addEventListener('drop', event => {
    event.preventDefault();
    dropZone.classList.remove('dragging');
    const dropped = event.dataTransfer?.files?.[0];
    if (dropped) {
      choose(dropped);
    }
  });

  startButton.addEventListener('click', async () => {
    if (!file || columnSelect.value === '') {
      return;
    }
    showError(null);
    startButton.disabled = true;
    const parameters = new URLSearchParams({ emailColumn: columnSelect.value });
    if (!smtpToggle.checked) {
      parameters.set('smtp', 'false');
    }
    const body = new FormData();
    body.append('file', file, file.name);
    try {
      const created = await (await request(`/v1/jobs?${parameters}`, { method: 'POST', body })).json();
      setup.hidden = true;
      dropZone.hidden = true;
      follow(created.id, file.name);
    } catch (error) {
      showError(error instanceof ApiError ? error.message : 'The upload failed. Try again.');
      startButton.disabled = false;
    }
  });

  cancelButton.addEventListener('click', async () => {
    if (!watch) {
      return;
    }
    cancelButton.disabled = true;
    try {
      await request(`/v1/jobs/${encodeURIComponent(watch.id)}`, { method: 'DELETE' });
      watch.finish({ ...(watch.last ?? { id: watch.id, total: 0, processed: 0, counts: {} }), status: 'cancelled' });
    } catch (error) {
      announce.textContent = error instanceof ApiError ? error.message : 'The job could not be cancelled.';
      cancelButton.disabled = false;
    }
  });

  againButton.addEventListener('click', () => {
    watch?.stop();
    watch = null;
    job.hidden = true;
    done.hidden = true;
    setup.hidden = true;
    dropZone.hidden = false;
    fileInput.value = '';
    file = null;
    fileInput.focus();
  });

  function follow(id, fileName) {
    const samples = [];
    let lastQuarter = 0;
    let stream = null;
    let poll = null;
    let finished = false;

    job.hidden = false;
    job.dataset.jobId = id;
    done.hidden = true;
    cancelButton.hidden = false;
    cancelButton.disabled = false;
    jobHeading.textContent = `Checking ${fileName}`;
    progressBar.value = 0;
    progressBar.max = 1;
    progressText.textContent = 'Uploaded. Waiting for the first rows…';
    rateText.textContent = '—';
    etaText.textContent = '—';
    announce.textContent = `${fileName} uploaded; checking has started.`;
    drawVerdictChart(chart, {}, 0);
    jobHeading.focus();

    function update(progress) {
      const total = Number(progress.total) || 0;
      const processed = Number(progress.processed) || 0;
      watch.last = progress;
      progressBar.max = Math.max(total, 1);
      progressBar.value = Math.min(processed, Math.max(total, 1));
      const share = total > 0 ? processed / total : 0;
      progressText.textContent = progress.status === 'queued'
        ? `Queued: ${plural(total, 'row', 'rows')} waiting to start.`
        : `${formatNumber(processed)} of ${plural(total, 'row', 'rows')} checked (${formatPercent(share)})`
          + (progress.retriesPending > 0 ? `; ${plural(progress.retriesPending, 'row waits', 'rows wait')} to be asked again` : '');
      progressBar.setAttribute('aria-valuetext', `${formatPercent(share)}: ${formatNumber(processed)} of ${formatNumber(total)} rows`);

      const now = performance.now() / 1000;
      samples.push({ t: now, processed });
      while (samples.length > 2 && now - samples[0].t > RateWindowSeconds) {
        samples.shift();
      }
      const first = samples[0];
      const rate = now - first.t > 0.2 ? (processed - first.processed) / (now - first.t) : NaN;
      if (FinalStatuses.has(progress.status)) {
        const seconds = (Date.parse(progress.completedAt) - Date.parse(progress.createdAt)) / 1000;
        rateText.textContent = progress.status === 'completed' && seconds > 0
          ? `${formatNumber(Math.round(processed / seconds))} rows/s (${formatDuration(seconds)} in all)`
          : '—';
        etaText.textContent = progress.status === 'completed' ? 'done' : '—';
      } else if (Number.isFinite(rate) && rate > 0) {
        rateText.textContent = `${formatNumber(Math.round(rate))} rows/s`;
        etaText.textContent = `about ${formatDuration((total - processed) / rate)}`;
      }

      drawVerdictChart(chart, progress.counts ?? {}, total);

      const quarter = Math.floor(share * 4);
      if (quarter > lastQuarter && quarter < 4) {
        lastQuarter = quarter;
        announce.textContent = `${formatPercent(quarter / 4)} checked.`;
      }

      if (FinalStatuses.has(progress.status)) {
        finish(progress);
      }
    }

    function stop() {
      finished = true;
      stream?.abort();
      stream = null;
      if (poll) {
        clearInterval(poll);
        poll = null;
      }
    }

    function finish(progress) {
      if (finished) {
        return;
      }
      stop();
      cancelButton.hidden = true;
      if (progress.status === 'completed') {
        progressBar.value = progressBar.max;
        const counts = progress.counts ?? {};
        announce.textContent = `Done: ${Verdicts.map(v => `${formatNumber(counts[v] ?? 0)} ${VerdictLabels[v].toLowerCase()}`).join(', ')}.`;
        showResults(progress, fileName);
      } else if (progress.status === 'failed') {
        progressText.textContent = 'The job failed on the server. Upload the file again.';
        announce.textContent = progressText.textContent;
        done.hidden = false;
        downloads.replaceChildren();
        bounces.replaceChildren();
      } else {
        progressText.textContent = 'The job was cancelled and its data deleted.';
        announce.textContent = progressText.textContent;
        done.hidden = false;
        downloads.replaceChildren();
        bounces.replaceChildren();
      }
    }

    function startPolling() {
      if (poll || finished) {
        return;
      }
      poll = setInterval(async () => {
        try {
          update(await json(`/v1/jobs/${encodeURIComponent(id)}`));
        } catch (error) {
          if (error instanceof ApiError && error.status === 404) {
            finish({ ...(watch.last ?? { id }), status: 'cancelled' });
          }
        }
      }, PollMilliseconds);
    }

    watch = { id, stop, finish, last: null };

    // Progress arrives as server-sent events ('progress', then one named after the end status). If the stream
    // cannot be had or ends early (a proxy that buffers, a dropped connection), the page asks once a second.
    const streaming = new AbortController();
    stream = streaming;
    (async () => {
      try {
        for await (const message of serverSentEvents(`/v1/jobs/${encodeURIComponent(id)}/events`, streaming.signal)) {
          if (message.event === 'message' || EventNames.includes(message.event)) {
            try {
              update(JSON.parse(message.data));
            } catch {
              // A malformed event is skipped; the next one carries the whole state again.
            }
          }
          if (finished) {
            return;
          }
        }
      } catch (error) {
        if (streaming.signal.aborted) {
          return;
        }
        if (error instanceof ApiError && error.status === 404) {
          finish({ ...(watch?.last ?? { id }), status: 'cancelled' });
          return;
        }
      }
      if (!finished) {
        startPolling();
      }
    })();
  }

  function downloadButton(id, label, detail, verdict, fileName) {
    const query = new URLSearchParams({ format: 'csv' });
    if (verdict) {
      query.set('verdict', verdict);
    }
    const button = el('button', { type: 'button', class: 'download', 'data-download': verdict ?? 'all' },
      el('span', { class: 'download-label' }, label), el('span', { class: 'download-detail' }, detail));
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        const response = await request(`/v1/jobs/${encodeURIComponent(id)}/results?${query}`);
        const blob = await response.blob();
        const url = URL.createObjectURL(blob);
        const link = el('a', { href: url, download: fileName, hidden: true });
        document.body.append(link);
        link.click();
        link.remove();
        setTimeout(() => URL.revokeObjectURL(url), 60_000);
      } catch (error) {
        announce.textContent = error instanceof ApiError ? error.message : 'The download failed. Try again.';
      } finally {
        button.disabled = false;
      }
    });
    return button;
  }

  function showResults(progress, fileName) {
    const counts = progress.counts ?? {};
    const base = fileName.replace(/\.(csv|tsv|txt)$/i, '');
    downloads.replaceChildren(
      downloadButton(progress.id, 'All rows with verdicts', plural(progress.total, 'row', 'rows'), null, `${base}-verified.csv`),
      downloadButton(progress.id, 'Safe to send', `${formatNumber(counts.deliverable ?? 0)} deliverable`, 'deliverable', `${base}-safe-to-send.csv`),
      downloadButton(progress.id, 'Remove these', `${formatNumber(counts.undeliverable ?? 0)} undeliverable`, 'undeliverable', `${base}-remove.csv`));
    renderBounces(progress);
    done.hidden = false;
  }

  function renderBounces(progress) {
    const entries = Object.entries(progress.likelyBounces ?? {})
      .map(([code, count]) => [code, Number(count)])
      .filter(([, count]) => count > 0)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const hard = progress.counts?.undeliverable ?? 0;
    const rate = Number(progress.bounceRate) || 0;
    const intro = hard === 0
      ? el('p', { id: 'bounce-rate' }, `Sent as it is, this list would cause no hard bounces (${formatPercent(0)}).`)
      : el('p', { id: 'bounce-rate' },
        `Sent as it is, ${formatNumber(hard)} of ${plural(progress.processed, 'message', 'messages')} (${formatPercent(rate)}) would hard-bounce. `,
        rate > 0.02
          ? 'That is above the 2% at which mailbox providers start to filter or block a sender: remove them before sending.'
          : 'Keep it under 2%: above that, mailbox providers start to filter or block a sender.');
    const items = entries.map(([code, count]) => {
      const advice = BounceAdvice[code];
      const temporary = code.startsWith('4');
      const item = el('li', { 'data-code': code, 'data-count': count },
        el('strong', {}, `${code}`), ` × ${formatNumber(count)}: `,
        advice ? `${advice.what} — ${advice.todo}.` : (temporary ? 'temporary failure — retry later.' : 'permanent failure — remove these addresses.'));
      explain(code).then(entry => {
        if (entry) {
          item.append(el('details', { class: 'explain' },
            el('summary', {}, `What ${code} means`),
            el('p', {}, el('strong', {}, `${entry.title}. `), entry.meaning),
            el('p', {}, el('strong', {}, 'What to do: '), entry.advice)));
        }
      });
      return item;
    });
    bounces.replaceChildren(
      el('h3', {}, 'Bounces this list would have caused'),
      intro,
      entries.length > 0 ? el('ul', { class: 'bounce-list' }, items) : null);
  }
}
