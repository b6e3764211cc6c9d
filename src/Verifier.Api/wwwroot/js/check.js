// "Check one address": GET /v1/verify, then the verdict, the reason, the SMTP reply a send would most likely
// get with its explanation from /v1/smtp-codes, the flags, and a typo suggestion that can be checked in one click.

import { json, ApiError } from './api.js';
import { el, byId } from './dom.js';
import { VerdictLabels, VerdictHints, reasonLabel } from './words.js';

const explanations = new Map();

/** The knowledge base's entry for a code, fetched once per code; null when it cannot be had. */
export async function explain(code) {
  const key = String(code);
  if (!explanations.has(key)) {
    explanations.set(key, json(`/v1/smtp-codes/${encodeURIComponent(key)}`)
      .then(answer => answer.explanation ?? null)
      .catch(() => null));
  }
  return explanations.get(key);
}

function flagList(flags) {
  const items = [
    ['disposable', 'Disposable', 'a throwaway mailbox service'],
    ['role', 'Role address', 'a shared address such as info@ or sales@'],
    ['free', 'Free provider', 'a free mail service such as Gmail'],
  ];
  return el('ul', { class: 'flags', 'aria-label': 'Flags' },
    items.map(([name, label, hint]) => el('li', {
      class: flags?.[name] ? 'flag flag-on' : 'flag',
      'data-flag': name,
      'data-value': String(Boolean(flags?.[name])),
      title: hint,
    }, `${label}: ${flags?.[name] ? 'yes' : 'no'}`)));
}

function explanationBlock(entry) {
  if (!entry) {
    return null;
  }
  return el('div', { class: 'explanation' },
    el('p', {}, el('strong', {}, `${entry.code} ${entry.title}. `), entry.meaning),
    entry.causes?.length ? el('p', { class: 'causes-title' }, 'Usual causes:') : null,
    entry.causes?.length ? el('ul', { class: 'causes' }, entry.causes.map(c => el('li', {}, c))) : null,
    el('p', { class: 'reference' }, entry.reference));
}

async function renderResult(result, recheck) {
  const smtp = result.likelySmtp;
  const [basic, enhanced] = await Promise.all([
    smtp?.code ? explain(smtp.code) : null,
    smtp?.enhancedCode ? explain(smtp.enhancedCode) : null,
  ]);

  const suggestion = result.suggestion
    ? el('p', { class: 'suggestion' }, 'Did you mean ',
      el('button', { type: 'button', class: 'link-button', id: 'suggestion-button', onclick: () => recheck(result.suggestion) },
        result.suggestion),
      '? Select it to check that address instead.')
    : null;

  const reply = smtp
    ? el('div', { class: 'reply' },
      el('h3', {}, 'Likely SMTP reply'),
      el('p', { class: 'smtp-line' },
        el('code', { id: 'smtp-code' }, String(smtp.code)), ' ',
        smtp.enhancedCode ? el('code', { id: 'smtp-enhanced' }, smtp.enhancedCode) : null, ' ',
        el('span', { id: 'smtp-title' }, smtp.title)),
      el('p', { class: 'observed' }, smtp.observed
        ? 'The recipient\'s mail server gave this reply to the check.'
        : 'Predicted: the reply a real send would most likely get.'),
      el('p', { id: 'smtp-advice', class: 'advice' }, el('strong', {}, 'What to do: '), smtp.advice),
      basic || enhanced
        ? el('details', { class: 'explain' },
          el('summary', {}, `What ${smtp.code}${smtp.enhancedCode ? ' ' + smtp.enhancedCode : ''} means`),
          explanationBlock(basic),
          enhanced && enhanced.code !== basic?.code ? explanationBlock(enhanced) : null)
        : null)
    : null;

  return el('article', { class: `result verdict-${result.verdict}`, 'data-verdict': result.verdict, 'aria-labelledby': 'result-heading' },
    el('h3', { id: 'result-heading', class: 'result-heading' },
      el('span', { class: 'badge', id: 'verdict' }, VerdictLabels[result.verdict] ?? result.verdict), ' ',
      el('span', { class: 'result-email' }, result.normalized || result.email)),
    el('p', { class: 'reason' },
      el('span', { id: 'reason', 'data-reason': result.reason }, reasonLabel(result.reason)),
      el('span', { class: 'reason-code' }, ` (${result.reason})`), '. ',
      VerdictHints[result.verdict] ?? ''),
    suggestion,
    reply,
    flagList(result.flags),
    typeof result.score === 'number' ? el('p', { class: 'score' }, `Score: ${result.score} / 100`) : null,
    result.checks?.syntax?.error ? el('p', { class: 'syntax-error' }, `Syntax: ${result.checks.syntax.error}`) : null,
    result.checks?.smtp?.message ? el('p', { class: 'server-said' }, 'The server said: ', el('q', {}, result.checks.smtp.message)) : null,
    result.cached ? el('p', { class: 'cached' }, `From the cache: checked at ${new Date(result.checkedAt).toLocaleString()}.`) : null);
}

/** Wires the form. */
export function setUpCheck() {
  const form = byId('check-form');
  const input = byId('check-email');
  const button = byId('check-button');
  const output = byId('check-result');
  let current = 0;

  async function check(address) {
    const email = address.trim();
    if (!email) {
      output.replaceChildren(el('p', { class: 'error', role: 'alert' }, 'Type an email address to check.'));
      input.focus();
      return;
    }
    const run = ++current;
    button.disabled = true;
    output.setAttribute('aria-busy', 'true');
    output.replaceChildren(el('p', { class: 'working' }, `Checking ${email}…`));
    try {
      const result = await json(`/v1/verify?email=${encodeURIComponent(email)}`);
      if (run !== current) {
        return;
      }
      const view = await renderResult(result, suggested => {
        input.value = suggested;
        input.focus();
        check(suggested);
      });
      if (run === current) {
        output.replaceChildren(view);
      }
    } catch (error) {
      if (run === current) {
        output.replaceChildren(el('p', { class: 'error', role: 'alert' },
          error instanceof ApiError ? error.message : 'Something went wrong. Try again.'));
      }
    } finally {
      if (run === current) {
        button.disabled = false;
        output.setAttribute('aria-busy', 'false');
      }
    }
  }

  form.addEventListener('submit', event => {
    event.preventDefault();
    check(input.value);
  });
}
