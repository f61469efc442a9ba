import { DomainError } from '@gridpay/shared/ddd';
import { gsm7Segments, type SmsEncoding } from '../text/gsm7';
import { formatDate, formatDateTime, formatDong, formatPeriod, type Channel } from '../text/format';
import { removeAccents } from '../text/remove-accents';
import { escapeHtml, fill, isPresent, type TemplateValue } from './placeholders';
import { TEMPLATE_CATALOG, type ShortenStep, type TemplateCatalog } from './template-catalog';
import { isTemplateId, type Addressee, type TemplateData, type TemplateId } from './template-data';

export interface RenderedSms {
  templateId: TemplateId;
  templateVersion: number;
  text: string;
  encoding: SmsEncoding;
  /** 1 whenever shortening could make it fit; more only when the facts alone need more. */
  segments: number;
  length: number;
  /** The shortening steps applied, e.g. ['truncate payChannels', 'drop customerName']. */
  shortened: string[];
}

export interface RenderedEmail {
  templateId: TemplateId;
  templateVersion: number;
  subject: string;
  html: string;
  text: string;
}

type View = Record<string, TemplateValue>;

interface Formatter {
  channel: Channel;
  dong(amount: number): string;
  date(value: string): string;
  dateTime(value: string): string;
  partner(code: string): string;
  payChannels(codes: readonly string[]): string[];
}

function formatterFor(channel: Channel, catalog: TemplateCatalog): Formatter {
  const partner = (code: string) => catalog.labels.partner[code] ?? code;
  return {
    channel,
    dong: (amount) => formatDong(whole(amount, 'amount'), channel),
    date: (value) => formatDate(value, channel),
    dateTime: (value) => formatDateTime(value, channel),
    partner,
    payChannels: (codes) => codes.map(partner),
  };
}

function whole(n: number, field: string): number {
  if (!Number.isSafeInteger(n) || n < 0)
    throw new DomainError('invalid-template-data', `${field} must be a whole number, got ${n}`);
  return n;
}

const number = (n: number, field: string) => String(whole(n, field));
const positive = (amount: number | undefined, f: Formatter) =>
  amount !== undefined && amount > 0 ? f.dong(amount) : undefined;

function common(data: Addressee): View {
  const name = data.customerName?.trim().replace(/\s+/g, ' ');
  return {
    customerCode: data.customerCode,
    customerName: name || undefined,
    branchName: data.branch.name,
    hotline: data.branch.hotline,
  };
}

/** Each template's values, formatted for the channel; templates only place them. */
const VIEWS: { [T in TemplateId]: (data: TemplateData[T], f: Formatter, catalog: TemplateCatalog) => View } =
  {
    'bill-issued': (d, f) => ({
      period: formatPeriod(d.period),
      oldIndex: number(d.oldIndex, 'oldIndex'),
      newIndex: number(d.newIndex, 'newIndex'),
      kwh: number(d.kwh, 'kwh'),
      amountDue: f.dong(d.amountDue),
      creditApplied: positive(d.creditApplied, f),
      dueDate: f.date(d.dueDate),
      payChannels: f.payChannels(d.payChannels),
    }),
    'payment-received': (d, f, catalog) => ({
      amount: f.dong(d.amount),
      partner: f.partner(d.partner),
      channel: catalog.labels.channel[d.channel] ?? d.channel,
      paidAt: f.dateTime(d.paidAt),
      paidInFull: d.outstanding <= 0,
      stillDue: positive(d.outstanding, f),
      credit: positive(d.credit, f),
    }),
    'auto-debit-failed': (d, f, catalog) => {
      const reasons = catalog.labels.autoDebitReason;
      return {
        amount: f.dong(d.amount),
        partner: f.partner(d.partner),
        reason: reasons[`${d.partner}:${d.reasonCode}`] ?? reasons[d.reasonCode] ?? reasons['default'],
        retryDate: d.retryAt ? (f.channel === 'sms' ? f.date(d.retryAt) : f.dateTime(d.retryAt)) : undefined,
        dueDate: d.dueDate ? f.date(d.dueDate) : undefined,
        payChannels: f.payChannels(d.payChannels),
      };
    },
    'payment-reversed': (d, f) => ({
      amount: f.dong(d.amount),
      partner: f.partner(d.partner),
      reversedAt: f.date(d.reversedAt),
      reason: d.reason,
      stillDue: positive(d.outstanding, f),
      payChannels: f.payChannels(d.payChannels),
    }),
    'mandate-registered': (d, f) => ({
      partner: f.partner(d.partner),
      accountMasked: d.accountMasked,
      registeredAt: f.date(d.registeredAt),
    }),
    'mandate-cancelled': (d, f) => ({
      partner: f.partner(d.partner),
      cancelledAt: f.date(d.cancelledAt),
      reason: d.reason,
      payChannels: f.payChannels(d.payChannels),
    }),
    'outreach-invitation': (d, f) => ({
      code: d.code,
      payChannels: f.payChannels(d.payChannels),
      enrollUrl: d.enrollUrl,
    }),
  };

function viewOf<T extends TemplateId>(
  id: T,
  data: TemplateData[T],
  channel: Channel,
  catalog: TemplateCatalog,
): View {
  if (!isTemplateId(id)) throw new DomainError('unknown-template', `no template "${id}"`);
  const f = formatterFor(channel, catalog);
  return { ...common(data), ...VIEWS[id](data, f, catalog) };
}

const unaccented = (view: View): View =>
  Object.fromEntries(
    Object.entries(view).map(([key, value]) => [
      key,
      typeof value === 'string'
        ? removeAccents(value)
        : Array.isArray(value)
          ? value.map(removeAccents)
          : value,
    ]),
  );

/** Shorter versions of a value, longest first, down to `min` words (text) or items (list). */
function shorterVersions(value: TemplateValue, min: number): TemplateValue[] {
  if (Array.isArray(value)) {
    const versions: TemplateValue[] = [];
    for (let k = value.length - 1; k >= min; k--) versions.push(value.slice(0, k));
    return versions;
  }
  if (typeof value !== 'string') return [];
  const words = value.split(' ');
  const versions: TemplateValue[] = [];
  for (let k = words.length - 1; k >= min; k--) versions.push(`${words.slice(0, k).join(' ')}...`);
  return versions;
}

const fitsOne = (text: string) => gsm7Segments(text).segments === 1;

/**
 * The SMS for an event, unaccented. Over one segment, the template's shortening steps run in order
 * until it fits: they only touch courtesy fields (name, ways to pay, hotline, link), so amounts,
 * indexes, dates and codes are always whole. When even the shortest version needs more segments, the
 * least shortened version with that many segments is sent and the count reported.
 */
export function renderSms<T extends TemplateId>(
  templateId: T,
  data: TemplateData[T],
  catalog: TemplateCatalog = TEMPLATE_CATALOG,
): RenderedSms {
  const template = catalog.templates[templateId]?.sms;
  if (!template) throw new DomainError('unknown-template', `no template "${templateId}"`);
  let view = unaccented(viewOf(templateId, data, 'sms', catalog));
  const applied: string[] = [];
  const candidates = [{ text: fill(template.text, view), shortened: [] as string[] }];
  for (const step of template.shorten) {
    if (fitsOne(candidates[candidates.length - 1].text)) break;
    const next = shorten(step, view, template.text);
    if (!next) continue;
    view = next.view;
    applied.push(next.label);
    candidates.push({ text: fill(template.text, view), shortened: [...applied] });
  }
  const sized = candidates.map((c) => ({ ...c, size: gsm7Segments(c.text) }));
  const fewest = Math.min(...sized.map((c) => c.size.segments));
  const chosen = sized.find((c) => c.size.segments === fewest) ?? sized[0];
  return {
    templateId,
    templateVersion: catalog.version,
    text: chosen.text,
    encoding: chosen.size.encoding,
    segments: chosen.size.segments,
    length: chosen.size.length,
    shortened: chosen.shortened,
  };
}

function shorten(step: ShortenStep, view: View, template: string): { view: View; label: string } | undefined {
  if ('drop' in step) {
    if (!isPresent(view[step.drop])) return undefined;
    return { view: { ...view, [step.drop]: undefined }, label: `drop ${step.drop}` };
  }
  const versions = shorterVersions(view[step.truncate], step.min);
  if (versions.length === 0) return undefined;
  const fitting = versions.find((v) => fitsOne(fill(template, { ...view, [step.truncate]: v })));
  return {
    view: { ...view, [step.truncate]: fitting ?? versions[versions.length - 1] },
    label: `truncate ${step.truncate}`,
  };
}

/** The email for an event, with full accents: subject and text plain, the HTML body escaped. */
export function renderEmail<T extends TemplateId>(
  templateId: T,
  data: TemplateData[T],
  catalog: TemplateCatalog = TEMPLATE_CATALOG,
): RenderedEmail {
  const template = catalog.templates[templateId]?.email;
  if (!template) throw new DomainError('unknown-template', `no template "${templateId}"`);
  const view = viewOf(templateId, data, 'email', catalog);
  return {
    templateId,
    templateVersion: catalog.version,
    subject: fill(template.subject, view),
    text: fill(template.text, view),
    html: fill(template.html, view, escapeHtml),
  };
}
