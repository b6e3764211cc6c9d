// The page's entry point: the API key panel, "Check one address" and "Check a list".

import { onKeyRequired, apiKey, setApiKey } from './api.js';
import { setUpCheck } from './check.js';
import { byId } from './dom.js';
import { setUpUpload } from './upload.js';

function setUpKey() {
  const panel = byId('key-panel');
  const form = byId('key-form');
  const input = byId('key-input');
  const message = byId('key-message');
  const forget = byId('key-forget');
  const status = byId('key-status');
  let waiting = [];

  function showStatus() {
    const has = Boolean(apiKey());
    status.hidden = !has;
    forget.hidden = !has;
  }

  onKeyRequired(reason => new Promise(resolve => {
    waiting.push(resolve);
    message.textContent = reason || 'This server requires an API key.';
    panel.hidden = false;
    input.value = '';
    input.focus();
  }));

  form.addEventListener('submit', event => {
    event.preventDefault();
    const key = input.value.trim();
    if (!key) {
      message.textContent = 'Enter the API key you were given.';
      input.focus();
      return;
    }
    setApiKey(key);
    panel.hidden = true;
    showStatus();
    const resolved = waiting;
    waiting = [];
    for (const resolve of resolved) {
      resolve();
    }
  });

  forget.addEventListener('click', () => {
    setApiKey(null);
    showStatus();
  });

  showStatus();
}

setUpKey();
setUpCheck();
setUpUpload();
