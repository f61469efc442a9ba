import v1 from './v1.json';
import { placeholdersOf, TemplateError } from './placeholders';
import { TEMPLATE_IDS, type TemplateId } from './template-data';

/**
 * The only values an SMS may shorten to fit one segment: courtesy text around the facts. Amounts,
 * indexes, dates, the customer code and the outreach code are not here, so no catalog can cut them.
 */
export const SHORTENABLE_FIELDS = ['customerName', 'payChannels', 'hotline', 'enrollUrl'] as const;
export type ShortenableField = (typeof SHORTENABLE_FIELDS)[number];

/**
 * One way to shorten an SMS, tried in order until it fits: `truncate` keeps the first words of a
 * text or the first items of a list (never fewer than `min`, the cut marked "..."), `drop` removes
 * the field's optional section.
 */
export type ShortenStep = { truncate: ShortenableField; min: number } | { drop: ShortenableField };

export interface SmsTemplate {
  /** Unaccented, GSM-7 only. */
  text: string;
  shorten: ShortenStep[];
}

export interface EmailTemplate {
  subject: string;
  text: string;
  html: string;
}

export interface TemplateLabels {
  partner: Record<string, string>;
  channel: Record<string, string>;
  /** Keyed `partner:code` (partner-specific codes) or `code` (ours); `default` for anything else. */
  autoDebitReason: Record<string, string>;
}

/**
 * One version of every template, as one file (templates/v<N>.json); a wording change is a new version.
 * JSON rather than .txt/.html files: it is imported statically (no fs in the domain), Jest reads it
 * as is, and the app build copies .json files next to the compiled code.
 */
export interface TemplateCatalog {
  version: number;
  labels: TemplateLabels;
  templates: Record<TemplateId, { sms: SmsTemplate; email: EmailTemplate }>;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function text(value: unknown, path: string): string {
  if (typeof value !== 'string') throw new TemplateError(`${path} must be a string`);
  placeholdersOf(value);
  return value;
}

/** Email bodies are stored as arrays of lines so the file stays readable and diffs line by line. */
function body(value: unknown, path: string): string {
  if (!Array.isArray(value) || !value.every((line) => typeof line === 'string'))
    throw new TemplateError(`${path} must be an array of lines`);
  return text(value.join('\n'), path);
}

function labels(value: unknown, path: string): Record<string, string> {
  if (!isObject(value) || !Object.values(value).every((v) => typeof v === 'string'))
    throw new TemplateError(`${path} must map codes to display names`);
  return value as Record<string, string>;
}

function shortenStep(value: unknown, path: string, sms: string): ShortenStep {
  const field = isObject(value) ? (value['truncate'] ?? value['drop']) : undefined;
  if (!(SHORTENABLE_FIELDS as readonly unknown[]).includes(field))
    throw new TemplateError(`${path} may only shorten ${SHORTENABLE_FIELDS.join(', ')}`);
  const name = field as ShortenableField;
  if (isObject(value) && 'drop' in value) {
    if (!sms.includes(`{{#${name}}}`))
      throw new TemplateError(`${path}: only an optional section ({{#${name}}}) can be dropped`);
    return { drop: name };
  }
  if (!placeholdersOf(sms).includes(name)) throw new TemplateError(`${path}: the SMS has no ${name}`);
  const min = isObject(value) ? value['min'] : undefined;
  if (!Number.isInteger(min) || (min as number) < 1)
    throw new TemplateError(`${path}.min must be a whole number above 0`);
  return { truncate: name, min: min as number };
}

/** Checks a catalog file's shape and syntax so a bad template fails at load, not at send time. */
export function parseTemplateCatalog(raw: unknown): TemplateCatalog {
  if (!isObject(raw) || !Number.isInteger(raw['version']))
    throw new TemplateError('catalog needs a whole-number version');
  const rawLabels = isObject(raw['labels']) ? raw['labels'] : {};
  const reasons = labels(rawLabels['autoDebitReason'], 'labels.autoDebitReason');
  if (!reasons['default']) throw new TemplateError('labels.autoDebitReason needs a default');
  const rawTemplates = isObject(raw['templates']) ? raw['templates'] : {};
  const templates = {} as TemplateCatalog['templates'];
  for (const id of TEMPLATE_IDS) {
    const entry = rawTemplates[id];
    if (!isObject(entry) || !isObject(entry['sms']) || !isObject(entry['email']))
      throw new TemplateError(`templates.${id} needs sms and email`);
    const sms = text(entry['sms']['text'], `templates.${id}.sms.text`);
    const steps = entry['sms']['shorten'] ?? [];
    if (!Array.isArray(steps)) throw new TemplateError(`templates.${id}.sms.shorten must be an array`);
    templates[id] = {
      sms: {
        text: sms,
        shorten: steps.map((s, i) => shortenStep(s, `templates.${id}.sms.shorten[${i}]`, sms)),
      },
      email: {
        subject: text(entry['email']['subject'], `templates.${id}.email.subject`),
        text: body(entry['email']['text'], `templates.${id}.email.text`),
        html: body(entry['email']['html'], `templates.${id}.email.html`),
      },
    };
  }
  return {
    version: raw['version'] as number,
    labels: {
      partner: labels(rawLabels['partner'], 'labels.partner'),
      channel: labels(rawLabels['channel'], 'labels.channel'),
      autoDebitReason: reasons,
    },
    templates,
  };
}

/** The catalog in use; earlier versions stay in their files so a delivery log can name what was sent. */
export const TEMPLATE_CATALOG: TemplateCatalog = parseTemplateCatalog(v1);
