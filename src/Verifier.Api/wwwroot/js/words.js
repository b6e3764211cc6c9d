// What the API's codes mean, in the words a sender uses.

export const Verdicts = ['deliverable', 'risky', 'unknown', 'undeliverable'];

export const VerdictLabels = {
  deliverable: 'Deliverable',
  undeliverable: 'Undeliverable',
  risky: 'Risky',
  unknown: 'Unknown',
};

export const VerdictHints = {
  deliverable: 'Safe to send.',
  undeliverable: 'A send would bounce. Remove it.',
  risky: 'It may bounce or never be read. Send with care.',
  unknown: 'No answer could be had now. Try again later.',
};

export const ReasonLabels = {
  accepted: 'The mailbox accepts mail',
  invalid_syntax: 'Not a valid address',
  no_such_domain: 'The domain does not exist',
  no_mail_server: 'The domain has no mail server',
  null_mx: 'The domain says it accepts no mail',
  unroutable_mx: 'The mail server is on a private network',
  mailbox_not_found: 'No such mailbox',
  mailbox_disabled: 'The mailbox is disabled',
  mailbox_full: 'The mailbox is full',
  catch_all: 'The domain accepts every address, so this one is unproven',
  disposable: 'A throwaway (disposable) address',
  greylisted: 'The server asked to try again later (greylisting)',
  smtp_unavailable: 'The mail server is not available',
  blocked: 'The mail server refused the check by policy',
  timeout: 'The mail server did not answer in time',
  dns_error: 'The domain could not be looked up',
  smtp_not_checked: 'The mailbox was not checked',
};

/**
 * What each likely bounce code means for the person holding the list. The API's
 * /v1/smtp-codes/{code} adds the full explanation beside it.
 */
export const BounceAdvice = {
  550: { what: 'mailbox or domain not found', todo: 'remove these addresses; never retry them' },
  551: { what: 'user not local', todo: 'remove or update these addresses' },
  552: { what: 'mailbox full', todo: 'keep them, retry later sparingly, and remove those that stay full' },
  553: { what: 'address not valid', todo: 'fix the typos or remove these addresses' },
  554: { what: 'rejected as spam or by policy', todo: 'check your sending reputation and authentication (SPF, DKIM, DMARC) before sending' },
  556: { what: 'domain accepts no mail', todo: 'remove these addresses' },
  421: { what: 'server not available', todo: 'temporary: retry later' },
  450: { what: 'mailbox unavailable (often greylisting)', todo: 'temporary: retry later' },
  451: { what: 'local error at the receiving server', todo: 'temporary: retry later' },
  452: { what: 'insufficient storage', todo: 'temporary: retry later, sparingly' },
};

export function reasonLabel(reason) {
  return ReasonLabels[reason] ?? reason;
}

const numberFormat = new Intl.NumberFormat(undefined);

export function formatNumber(n) {
  return numberFormat.format(n);
}

export function plural(n, one, many) {
  return `${formatNumber(n)} ${n === 1 ? one : many}`;
}

export function formatPercent(share) {
  if (!Number.isFinite(share)) {
    return '0%';
  }
  const percent = share * 100;
  return (percent > 0 && percent < 0.1 ? '<0.1' : percent.toFixed(percent >= 10 || percent === 0 ? 0 : 1)) + '%';
}

export function formatDuration(seconds) {
  if (!Number.isFinite(seconds) || seconds < 0) {
    return '—';
  }
  if (seconds < 1) {
    return 'under a second';
  }
  if (seconds < 60) {
    return plural(Math.round(seconds), 'second', 'seconds');
  }
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) {
    return plural(minutes, 'minute', 'minutes');
  }
  const hours = Math.floor(minutes / 60);
  return `${plural(hours, 'hour', 'hours')} ${plural(minutes % 60, 'minute', 'minutes')}`;
}

export function formatBytes(bytes) {
  if (bytes < 1024) {
    return plural(bytes, 'byte', 'bytes');
  }
  if (bytes < 1024 * 1024) {
    return `${(bytes / 1024).toFixed(1)} KB`;
  }
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
