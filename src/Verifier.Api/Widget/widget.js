/*
 * Verifier signup-form widget. Served by the API at /widget.js; no dependencies, no build step, nothing evaluated
 * from text and no inline style or script, so it runs under a strict Content-Security-Policy.
 *
 *   <script src="https://verifier.example/widget.js" data-key="pk_…" defer></script>
 *
 * checks every input[type=email] (or data-selector) when the person leaves the field or pauses after a complete
 * domain, shows a did-you-mean fix and what is wrong next to the field, and puts the answer's signed token in a hidden
 * field (verifier_token) for the site's backend to confirm. Anything short of an answer (time-out, unknown, 429,
 * network error, API down) leaves the form as it was: the person can always submit.
 * Verifier.attach(input, options) attaches by hand; options are the data-* settings in camelCase.
 */
(function () {
  'use strict';
  if (window.Verifier && window.Verifier.attach) {
    return;
  }

  var script = document.currentScript || document.querySelector('script[src*="widget.js"]');
  var data = (script && script.dataset) || {};

  var MESSAGES = {
    suggestion: 'Did you mean {suggestion}?',
    invalid: 'This is not a valid email address.',
    noDomain: 'This domain cannot receive email.',
    undeliverable: 'This email address does not exist.',
    disposable: 'Disposable email addresses are not accepted.',
    role: 'Please use a personal address rather than a shared one.'
  };
  var NO_DOMAIN = { no_such_domain: 1, no_mail_server: 1, null_mx: 1, unroutable_mx: 1 };
  var COLORS = { warning: '#8a5300', invalid: '#b3261e' };
  var COMPLETE = /^[^\s@]+@[^\s@]+\.[^\s@.]{2,}$/;

  var answers = {};      // address → answer, for the page's life, shared by every field
  var pausedUntil = 0;   // after a 429 or a failure, no request before this time
  var fields = [];
  var count = 0;

  function settings(options) {
    var o = {};
    var k;
    for (k in data) {
      if (Object.prototype.hasOwnProperty.call(data, k)) {
        o[k] = data[k];
      }
    }
    for (k in options || {}) {
      if (Object.prototype.hasOwnProperty.call(options, k)) {
        o[k] = options[k];
      }
    }
    var messages = {};
    for (k in MESSAGES) {
      messages[k] = MESSAGES[k];
    }
    for (k in o) {
      // data-msg-undeliverable="…" → messages.undeliverable
      if (k.indexOf('msg') === 0 && k.length > 3) {
        messages[k.charAt(3).toLowerCase() + k.slice(4)] = o[k];
      }
    }
    for (k in o.messages || {}) {
      messages[k] = o.messages[k];
    }
    var api = o.api || (script && script.src ? new URL(script.src, location.href).origin : location.origin);
    return {
      key: o.key || '',
      api: String(api).replace(/\/+$/, ''),
      undeliverable: o.undeliverable === 'block' ? 'block' : 'warn',
      disposable: policy(o.disposable, 'warn'),
      role: policy(o.role, 'allow'),
      timeout: Math.max(1000, parseInt(o.timeout, 10) || 5000),
      delay: Math.max(0, parseInt(o.delay, 10) || 700),
      tokenField: o.tokenField === undefined ? 'verifier_token' : o.tokenField,
      styles: o.styles !== 'none',
      messages: messages
    };
  }

  function policy(value, fallback) {
    return value === 'allow' || value === 'warn' || value === 'block' ? value : fallback;
  }

  function attach(input, options) {
    if (!input || input.verifierField) {
      return input && input.verifierField;
    }
    var s = settings(options);
    var id = 'verifier-message-' + (++count);
    var message = document.createElement('div');
    message.id = id;
    message.className = 'verifier-message';
    message.setAttribute('aria-live', 'polite');
    message.hidden = true;
    if (s.styles) {
      message.style.fontSize = '0.875em';
      message.style.marginTop = '0.25em';
    }
    input.insertAdjacentElement('afterend', message);

    var field = { input: input, settings: s, message: message, value: '', controller: null, timer: 0, blocking: false };
    input.verifierField = field;
    fields.push(field);

    input.addEventListener('input', function () {
      changed(field);
      clearTimeout(field.timer);
      var value = input.value.trim();
      if (COMPLETE.test(value)) {
        field.timer = setTimeout(function () { check(field); }, s.delay);
      }
    });
    input.addEventListener('blur', function () {
      clearTimeout(field.timer);
      check(field);
    });
    if (input.form) {
      input.form.addEventListener('submit', function (event) {
        // A form with novalidate skips the browser's own check of setCustomValidity: block here instead.
        if (field.blocking && input.value.trim() === field.value) {
          event.preventDefault();
          input.focus();
        }
      });
    }
    if (input.value) {
      check(field);
    }
    return field;
  }

  /** The value is no longer the one checked: forget its verdict, its token and any block. */
  function changed(field) {
    if (field.input.value.trim() === field.value) {
      return;
    }
    field.value = '';
    if (field.controller) {
      field.controller.abort();
      field.controller = null;
    }
    setToken(field, '');
    show(field, null);
  }

  function check(field) {
    var value = field.input.value.trim();
    if (value === field.value || value.indexOf('@') < 1) {
      return;
    }
    if (field.controller) {
      field.controller.abort();
      field.controller = null;
    }
    if (Object.prototype.hasOwnProperty.call(answers, value)) {
      field.value = value;
      apply(field, answers[value]);
      return;
    }
    if (Date.now() < pausedUntil) {
      return;
    }
    field.value = value;
    var controller = typeof AbortController === 'function' ? new AbortController() : null;
    field.controller = controller;
    field.input.setAttribute('data-verifier-state', 'checking');
    var s = field.settings;
    var limit = setTimeout(function () { if (controller) { controller.abort(); } }, s.timeout + 2000);
    var headers = {};
    if (s.key) {
      headers['X-Api-Key'] = s.key;
    }
    fetch(s.api + '/v1/verify?email=' + encodeURIComponent(value) + '&timeoutMs=' + s.timeout, {
      headers: headers,
      credentials: 'omit',
      signal: controller ? controller.signal : undefined
    }).then(function (response) {
      if (response.status === 429) {
        var wait = parseInt(response.headers.get('Retry-After'), 10);
        pausedUntil = Date.now() + 1000 * (wait > 0 ? wait : 30);
      }
      if (!response.ok) {
        if (response.status === 401 || response.status === 403) {
          console.warn('Verifier: the API refused this page (' + response.status + '): check data-key and the key\'s origins.');
        }
        throw new Error('HTTP ' + response.status);
      }
      return response.json();
    }).then(function (answer) {
      answers[value] = answer;
      if (field.controller === controller) {
        field.controller = null;
        apply(field, answer);
      }
    }, function () {
      if (field.controller === controller) {
        // Fail open: no answer is no verdict. A new attempt is allowed once the field changes.
        field.controller = null;
        field.value = '';
        field.input.setAttribute('data-verifier-state', 'unavailable');
        if (!controller || !controller.signal.aborted) {
          pausedUntil = Math.max(pausedUntil, Date.now() + 5000);
        }
      }
    }).then(function () {
      clearTimeout(limit);
    });
  }

  function apply(field, answer) {
    if (field.input.value.trim() !== field.value) {
      return;
    }
    setToken(field, answer.token || '');
    var s = field.settings;
    var m = s.messages;
    var flags = answer.flags || {};
    var verdict = answer.verdict;
    var text = '';
    var level = '';
    if (verdict === 'undeliverable') {
      text = answer.reason === 'invalid_syntax' ? m.invalid : NO_DOMAIN[answer.reason] ? m.noDomain : m.undeliverable;
      level = s.undeliverable === 'block' ? 'block' : 'invalid';
    } else if ((flags.disposable || answer.reason === 'disposable') && s.disposable !== 'allow') {
      text = m.disposable;
      level = s.disposable === 'block' ? 'block' : 'warning';
    } else if (flags.role && s.role !== 'allow') {
      text = m.role;
      level = s.role === 'block' ? 'block' : 'warning';
    }
    var suggestion = answer.suggestion && answer.suggestion !== field.value ? answer.suggestion : '';
    show(field, level || suggestion ? { text: text, level: level || 'warning', suggestion: suggestion } : null);
    field.input.dispatchEvent(new CustomEvent('verifier:result', { detail: answer, bubbles: true }));
  }

  function show(field, what) {
    var input = field.input;
    var message = field.message;
    while (message.firstChild) {
      message.removeChild(message.firstChild);
    }
    field.blocking = !!what && what.level === 'block';
    input.setCustomValidity(field.blocking ? what.text : '');
    describe(input, message.id, !!what);
    if (!what) {
      message.hidden = true;
      input.removeAttribute('aria-invalid');
      input.setAttribute('data-verifier-state', field.value ? 'ok' : '');
      return;
    }
    var invalid = what.level === 'invalid' || what.level === 'block';
    if (invalid) {
      input.setAttribute('aria-invalid', 'true');
    } else {
      input.removeAttribute('aria-invalid');
    }
    input.setAttribute('data-verifier-state', invalid ? 'invalid' : 'warning');
    message.setAttribute('data-level', what.level);
    if (field.settings.styles) {
      message.style.color = COLORS[invalid ? 'invalid' : 'warning'];
    }
    if (what.text) {
      message.appendChild(document.createTextNode(what.text + (what.suggestion ? ' ' : '')));
    }
    if (what.suggestion) {
      appendSuggestion(field, what.suggestion);
    }
    message.hidden = false;
  }

  /** "Did you mean <button>alice@gmail.com</button>?": one click (or Enter, or Space) puts it in the field. */
  function appendSuggestion(field, suggestion) {
    var template = field.settings.messages.suggestion;
    var at = template.indexOf('{suggestion}');
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'verifier-suggestion';
    button.textContent = suggestion;
    if (field.settings.styles) {
      var st = button.style;
      st.background = 'none';
      st.border = '0';
      st.padding = '0';
      st.font = 'inherit';
      st.color = 'inherit';
      st.textDecoration = 'underline';
      st.cursor = 'pointer';
    }
    button.addEventListener('click', function () {
      var input = field.input;
      input.value = suggestion;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      input.dispatchEvent(new Event('change', { bubbles: true }));
      input.focus();
      check(field);
    });
    var message = field.message;
    message.appendChild(document.createTextNode(at < 0 ? template + ' ' : template.slice(0, at)));
    message.appendChild(button);
    message.appendChild(document.createTextNode(at < 0 ? '' : template.slice(at + 12)));
  }

  function describe(input, id, on) {
    var ids = (input.getAttribute('aria-describedby') || '').split(/\s+/).filter(function (x) { return x && x !== id; });
    if (on) {
      ids.push(id);
    }
    if (ids.length) {
      input.setAttribute('aria-describedby', ids.join(' '));
    } else {
      input.removeAttribute('aria-describedby');
    }
  }

  function setToken(field, token) {
    var name = field.settings.tokenField;
    var form = field.input.form;
    if (!name || !form) {
      return;
    }
    var hidden = field.token;
    if (!hidden) {
      hidden = document.createElement('input');
      hidden.type = 'hidden';
      hidden.name = name;
      form.appendChild(hidden);
      field.token = hidden;
    }
    hidden.value = token;
  }

  function attachAll(root) {
    var selector = data.selector || 'input[type=email]';
    var inputs = (root || document).querySelectorAll(selector);
    for (var i = 0; i < inputs.length; i++) {
      if (!inputs[i].hasAttribute('data-verifier-off')) {
        attach(inputs[i]);
      }
    }
  }

  function start() {
    attachAll(document);
    if (typeof MutationObserver === 'function') {
      // Forms drawn later (a dialog, a single-page app) get the widget too.
      new MutationObserver(function () { attachAll(document); }).observe(document.body, { childList: true, subtree: true });
    }
  }

  window.Verifier = { attach: attach, version: '1' };
  if (data.auto !== 'false') {
    if (document.readyState === 'loading') {
      document.addEventListener('DOMContentLoaded', start);
    } else {
      start();
    }
  }
})();
